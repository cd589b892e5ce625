# SPDX-License-Identifier: MIT
"""A dry run with the simulator: upload → accepted → finished photo downloadable; fee → paid; the
audit log's head acknowledged by the service."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import select, text

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import DEMO_SCHOOL_CODE, demo_codes
from tucai_desk.services.settings import ServiceSettings, StationSettings
from tucai_desk.store.audit_witness import CHECKPOINT_FILE
from tucai_desk.store.drain_lock import POLL, DrainLock
from tucai_desk.store.models import AuditRecord
from tucai_desk.sync.simulator import start_simulator

STATION_ID = "station-dry-run"
SECRET = "dry-run-secret"


@pytest.fixture
def simulator(tmp_path: Path):  # noqa: ANN201
    sim = start_simulator(tmp_path / "sim", seed=5)
    sim.seed(
        {
            "school": {"code": DEMO_SCHOOL_CODE, "name": "演示学校（江苏）", "fee_cents": 1500},
            "stations": [{"station_id": STATION_ID, "secret": SECRET}],
            "students": [
                {"student_no": f"2023{i + 1:06d}", "name": f"学生{i}", "collection_code": code}
                for i, code in enumerate(demo_codes())
            ],
        }
    )
    yield sim
    sim.stop()


def _photo() -> bytes:
    img = np.full((640, 480, 3), (255, 197, 100), np.uint8)
    cv2.ellipse(img, (240, 300), (110, 140), 0, 0, 360, (140, 170, 210), -1)
    return cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def test_dry_run_with_the_simulator(tmp_path: Path, db_url: str, simulator) -> None:  # noqa: ANN001
    settings = StationSettings(
        db_url=db_url,
        service=ServiceSettings(url=simulator.url, station_id=STATION_ID, read_timeout_s=5),
    )
    station = open_station(
        tmp_path / "station", settings=settings, clock=FakeClock(), demo=True, start_sync=False
    )
    try:
        assert station.sync.configured
        station.sync.set_secret(SECRET)
        sid = station.capture.verify_code(demo_codes()[4]).student.id
        station.capture.confirm_info(sid, "13900139000")
        station.capture.set_notifications(sid, photo=True, payment=True)
        saved = station.capture._capture.save_photo_attempt(
            sid, passed=True, failures=[], measurements={}, jpeg=_photo(), thumbnail=None
        )
        upload = station.capture.confirm_upload(sid, saved.draft.id)
        assert not upload.synced
        assert station.sync.status().pending == 1

        report = station.sync.flush()
        assert station.sync.status().pending == 0, report
        assert simulator.distinct_uploads == 1
        upload = station.capture.upload(sid)
        assert upload.synced and upload.remote_status == "received"

        simulator.publish_finished(station.capture._capture.upload_for(sid).remote_id)
        # While another station polls for everyone, this one skips the round: no request of its
        # own about the same rows, nothing changed here.
        asked = simulator.stats()["requests"]
        with DrainLock(station.db, POLL).hold() as other:
            assert other
            assert station.sync.poll_status().skipped
        assert simulator.stats()["requests"] == asked
        assert station.capture.upload(sid).remote_status == "received"
        station.sync.poll_status()
        upload = station.capture.upload(sid)
        assert upload.remote_status in ("accepted", "finished")
        assert upload.finished_path and Path(upload.finished_path).read_bytes()[:2] == b"\xff\xd8"

        payment = station.capture.payment(sid)
        assert payment is not None and payment.amount_cents == 1500
        assert payment.state.value == "pending"
        simulator.settle_payment(payment.order_no, "paid")
        station.sync.poll_status()
        assert station.capture.payment(sid).state.value == "paid"
    finally:
        station.close()


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
        # The insider cuts the newest records, covers the cut in the head row and deletes the
        # station's checkpoint file: nothing local is left to tell.
        with station.db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit WHERE seq >= :s"), {"s": head[0] - 1})
            last = conn.execute(text("SELECT seq, hash FROM audit ORDER BY seq DESC")).first()
            conn.execute(
                text("UPDATE settings SET value = :v WHERE key = 'audit_head'"),
                {"v": json.dumps({"seq": last[0], "hash": last[1]})},
            )
        (data / CHECKPOINT_FILE).unlink()
        assert station.staff.verify_audit().ok
        # The next sync (``audit verify`` syncs first too) sends the head it finds; the service
        # answers with the higher one it acknowledged before, and the cut is named (at the
        # newest record the service knew).
        station.sync.report_audit_head()
        verdict = station.staff.verify_audit()
        assert (verdict.ok, verdict.reason, verdict.broken_at) == (False, "cut_tail", head[0])
        assert verdict.witnessed_seq == head[0]
    finally:
        station.close()
    assert simulator.store.audit_heads(STATION_ID)[-1]["seq"] == head[0] - 2
