# SPDX-License-Identifier: MIT
"""The audit head outside the database (the provincial service's acknowledgement), and the
upgrade of an audit log written before the key (schema 0003) to a sealed, keyed one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from tucai_desk.cli import main as cli_main
from tucai_desk.core.clock import SystemClock
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import DEMO_SCHOOL_CODE, demo_codes
from tucai_desk.services.settings import ServiceSettings, StationSettings, save_settings
from tucai_desk.store.audit_chain import SEAL_ACTION, plain_hash
from tucai_desk.store.audit_witness import CHECKPOINT_FILE
from tucai_desk.store.db import Database, _alembic_config
from tucai_desk.store.models import AuditRecord
from tucai_desk.store.staff_repo import StaffRepository
from tucai_desk.sync.simulator import start_simulator

pytestmark = pytest.mark.db

STATION_ID = "station-audit"
SECRET = "audit-witness-secret"


@pytest.fixture
def simulator(tmp_path: Path):  # noqa: ANN201
    sim = start_simulator(tmp_path / "sim", seed=5)
    sim.seed(
        {
            "school": {"code": DEMO_SCHOOL_CODE, "name": "演示学校（江苏）"},
            "stations": [{"station_id": STATION_ID, "secret": SECRET}],
            "students": [
                {"student_no": f"2023{i + 1:06d}", "name": f"学生{i}", "collection_code": code}
                for i, code in enumerate(demo_codes())
            ],
        }
    )
    yield sim
    sim.stop()


def _verify_cli(data: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    code = cli_main(["audit", "verify", "--data-dir", str(data), "--json"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == (0 if out["ok"] else 1)
    return out


def test_the_service_keeps_the_head_and_a_cut_shows_after_the_checkpoints_are_deleted(
    tmp_path: Path,
    db_url: str,
    simulator,
    capsys: pytest.CaptureFixture[str],  # noqa: ANN001
) -> None:
    settings = StationSettings(
        db_url=db_url,
        service=ServiceSettings(url=simulator.url, station_id=STATION_ID, read_timeout_s=5),
    )
    data = tmp_path / "station"
    station = open_station(data, settings=settings, demo=True, start_sync=False)
    try:
        station.sync.set_secret(SECRET)
        admin = station.staff.login("admin", "demo-admin")
        for n in range(3):
            sid = station.capture.verify_code(demo_codes()[n]).student.id
            station.capture.record_liveness_failure(sid, "timeout")
            station.staff.unlock_liveness(admin, sid, f"seen in person {n}")
        station.sync.flush()
        with station.db.session() as s:
            newest = s.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc())).first()
            assert newest is not None
            head = (newest.seq, newest.hash)
        sent = simulator.store.audit_heads(STATION_ID)
        assert (sent[-1]["seq"], sent[-1]["hash"]) == head
        save_settings(data, station.settings)
        # The insider cuts the newest records, covers the cut in the head row and deletes the
        # station's checkpoint file: nothing local is left to tell.
        with station.db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit WHERE seq >= :s"), {"s": head[0] - 1})
            last = conn.execute(text("SELECT seq, hash FROM audit ORDER BY seq DESC")).first()
            conn.execute(
                text("UPDATE settings SET value = :v WHERE key = 'audit_head'"),
                {"v": json.dumps({"seq": last[0], "hash": last[1]})},
            )
    finally:
        station.close()
    (data / CHECKPOINT_FILE).unlink()
    # ``audit verify`` sends the head it finds; the service answers with the higher one it
    # acknowledged before, and the cut is named (at the newest record the service knew).
    out = _verify_cli(data, capsys)
    assert (out["ok"], out["finding"], out["broken_at"]) == (False, "cut_tail", head[0])
    assert out["witnessed_seq"] == head[0]
    assert simulator.store.audit_heads(STATION_ID)[-1]["seq"] == head[0] - 2


def _legacy_database(db_url: str) -> None:
    """A database at schema 0003 with three audit records written by the old program."""
    db = Database(db_url)
    cfg = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    old = StaffRepository(db, SystemClock(), "old-station")  # no key: plain SHA-256 as before
    for n in range(3):
        old.audit("old_action", staff_id=None, detail={"n": n})
    db.dispose()


def test_an_old_chain_is_sealed_under_the_key_on_upgrade_and_stays_covered(
    tmp_path: Path, db_url: str
) -> None:
    _legacy_database(db_url)
    station = open_station(tmp_path / "st", settings=StationSettings(db_url=db_url), demo=True)
    try:
        verdict = station.staff.verify_audit()
        assert verdict.ok, verdict
        with station.db.session() as s:
            rows = list(s.scalars(select(AuditRecord).order_by(AuditRecord.seq)))
        seal = rows[3]
        assert [r.action for r in rows[:3]] == ["old_action"] * 3
        assert seal.action == SEAL_ACTION
        assert seal.detail["legacy_records"] == 3 and seal.detail["legacy_check"] == "ok"
        assert seal.detail["legacy_head"] == {"seq": rows[2].seq, "hash": rows[2].hash}
        # Opening again does not seal twice.
        station.close()
        station = open_station(tmp_path / "st", settings=StationSettings(db_url=db_url))
        with station.db.session() as s:
            seals = s.scalars(select(AuditRecord).where(AuditRecord.action == SEAL_ACTION))
            assert len(list(seals)) == 1
        # The old records are covered by the seal: an edit shows, and so does the old chain
        # re-chained with plain SHA-256 (which is all the old records ever had).
        with station.db.session() as s:
            old = list(s.scalars(select(AuditRecord).order_by(AuditRecord.seq).limit(3)))
            old[1].detail = {"n": 99}
        verdict = station.staff.verify_audit()
        assert (verdict.reason, verdict.broken_at) == ("edited", old[1].seq)
        with station.db.session() as s:
            old = list(s.scalars(select(AuditRecord).order_by(AuditRecord.seq).limit(3)))
            prev = old[0].hash
            for row in old[1:]:
                row.prev_hash = prev
                row.hash = prev = plain_hash(prev, row)
        verdict = station.staff.verify_audit()
        assert verdict.reason == "rechained_without_key"
    finally:
        station.close()
