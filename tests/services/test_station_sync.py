# SPDX-License-Identifier: MIT
"""A dry run with the simulator: upload → accepted → finished photo downloadable; fee → paid."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import DEMO_SCHOOL_CODE, demo_codes
from tucai_desk.services.settings import ServiceSettings, StationSettings
from tucai_desk.store.drain_lock import POLL, DrainLock
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
