# SPDX-License-Identifier: MIT
"""The upgrade of an audit log written before the key (schema 0003) to a sealed, keyed one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from tucai_desk.services.app import open_station
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.audit_chain import GENESIS, SEAL_ACTION, plain_hash
from tucai_desk.store.audit_log import HEAD_KEY
from tucai_desk.store.db import Database, _alembic_config
from tucai_desk.store.models import AuditRecord, SettingRow

pytestmark = pytest.mark.db


def _legacy_database(db_url: str) -> None:
    """A database at schema 0003 with three audit records as the old program wrote them: plain
    SHA-256 links and the chain head in the settings table (written here row by row, since the
    program of today needs tables that schema 0003 does not have)."""
    db = Database(db_url)
    cfg = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    prev = GENESIS
    with db.session() as s:
        for n in range(3):
            rec = AuditRecord(
                at=datetime.now(UTC), station_id="old-station", staff_id=None,
                action="old_action", student_id=None, detail={"n": n}, prev_hash=prev, hash="",
            )  # fmt: skip
            s.add(rec)
            s.flush()
            rec.hash = prev = plain_hash(prev, rec)
        s.merge(SettingRow(key=HEAD_KEY, value={"seq": rec.seq, "hash": rec.hash}))
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
