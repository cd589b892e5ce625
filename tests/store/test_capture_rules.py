# SPDX-License-Identifier: MIT
"""The capture rules held by the database: capacity, 24 hours, cooldown, both locks, restarts."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.clock import FakeClock
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.capture import FlowError
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.capture_repo import RuleError

pytestmark = pytest.mark.db


def _jpeg(seed: int) -> bytes:
    img = np.full((640, 480, 3), (255, 197, 100), np.uint8)
    cv2.circle(img, (240, 250), 100 + seed, (120, 150, 200), -1)
    return cv2.imencode(".jpg", img)[1].tobytes()


def _open(data: Path, db_url: str, clock: FakeClock) -> Station:
    return open_station(data, settings=StationSettings(db_url=db_url), clock=clock, demo=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def station(tmp_path: Path, db_url: str, clock: FakeClock):  # noqa: ANN201
    st = _open(tmp_path / "data", db_url, clock)
    yield st
    st.close()


def _student(station: Station, n: int = 0) -> int:
    check = station.capture.verify_code(demo_codes()[n])
    assert check.student is not None
    return check.student.id


def _pass(station: Station, sid: int, seed: int = 0):  # noqa: ANN202
    repo = station.capture._capture  # the repository the service uses
    return repo.save_photo_attempt(
        sid, passed=True, failures=[], measurements={}, jpeg=_jpeg(seed), thumbnail=None
    )


def _fail(station: Station, sid: int):  # noqa: ANN202
    repo = station.capture._capture
    return repo.save_photo_attempt(
        sid, passed=False, failures=["exposure"], measurements={}, jpeg=None, thumbnail=None
    )


def test_draft_is_a_file_with_its_hash_and_the_box_holds_five(
    station: Station, clock: FakeClock
) -> None:
    sid = _student(station)
    for i in range(5):
        saved = _pass(station, sid, seed=i)
        assert saved.draft is not None
        path = station.photos.path(saved.draft.photo_path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == saved.draft.sha256
        clock.advance(seconds=1)
    gate = station.capture.capture_gate(sid)
    assert not gate.allowed and gate.reason is BlockReason.DRAFT_FULL
    with pytest.raises(RuleError):
        _pass(station, sid, seed=9)
    assert len(station.capture.drafts(sid)) == 5


def test_a_draft_can_be_deleted_only_after_24_hours(station: Station, clock: FakeClock) -> None:
    sid = _student(station)
    draft = _pass(station, sid).draft
    assert draft is not None
    views = station.capture.drafts(sid)
    assert not views[0].can_delete
    clock.advance(hours=23, minutes=59)
    with pytest.raises(FlowError) as err:
        station.capture.delete_draft(sid, draft.id)
    assert err.value.code == "draft_too_new"
    clock.advance(minutes=1)
    assert station.capture.drafts(sid)[0].can_delete
    station.capture.delete_draft(sid, draft.id)
    assert station.capture.drafts(sid) == []


def test_failed_check_starts_a_ten_second_cooldown(station: Station, clock: FakeClock) -> None:
    sid = _student(station)
    gate = _fail(station, sid).gate
    assert gate.block is not None and gate.block.reason is BlockReason.COOLDOWN
    assert gate.block.until == clock.now() + timedelta(seconds=10)
    clock.advance(seconds=10)
    assert station.capture.capture_gate(sid).allowed


def test_timed_lock_after_five_failures_survives_restart_and_clock_set_back(
    tmp_path: Path, db_url: str, clock: FakeClock
) -> None:
    station = _open(tmp_path / "data", db_url, clock)
    sid = _student(station)
    for _ in range(5):
        gate = _fail(station, sid).gate
        clock.advance(seconds=11)
    start = clock.now() - timedelta(seconds=11)
    assert gate.block is not None and gate.block.reason is BlockReason.TIMED_LOCK
    assert gate.block.until == start + timedelta(minutes=30)
    station.close()

    clock.set(start - timedelta(days=2))  # someone sets the station clock back
    station = _open(tmp_path / "data", db_url, clock)
    try:
        gate2 = station.capture.capture_gate(sid)
        assert gate2.reason is BlockReason.TIMED_LOCK
        assert gate2.until == gate.block.until
        clock.set(start + timedelta(minutes=30))  # and forward again: no time has passed
        assert station.capture.capture_gate(sid).reason is BlockReason.TIMED_LOCK
        clock.advance(minutes=30)  # time passes
        assert station.capture.capture_gate(sid).allowed
        assert station.capture.locks(sid).other_failures == 0
    finally:
        station.close()


def test_liveness_lock_survives_restart_until_staff_unlock(
    tmp_path: Path, db_url: str, clock: FakeClock
) -> None:
    station = _open(tmp_path / "data", db_url, clock)
    sid = _student(station)
    _pass(station, sid)
    for _ in range(3):
        gate = station.capture.record_liveness_failure(sid, "timeout")
    assert gate.reason is BlockReason.LIVENESS_LOCKED and gate.has_drafts
    station.close()
    clock.advance(days=3)
    station = _open(tmp_path / "data", db_url, clock)
    try:
        assert station.capture.capture_gate(sid).reason is BlockReason.LIVENESS_LOCKED
        # Drafts stay usable while locked.
        draft = station.capture.drafts(sid)[0]
        session = station.staff.login("admin", "demo-admin")
        with pytest.raises(Exception) as err:
            station.staff.unlock_liveness(session, sid, "   ")
        assert getattr(err.value, "code", "") == "reason_required"
        station.staff.unlock_liveness(session, sid, "checked the student in person")
        assert station.capture.capture_gate(sid).allowed
        trail = station.staff._staff.audit_trail(student_id=sid)
        assert [r.action for r in trail] == ["unlock_liveness"]
        assert trail[0].detail["reason"] == "checked the student in person"
        assert station.staff.verify_audit().ok
        assert draft.id
    finally:
        station.close()


def test_confirm_writes_upload_and_outbox_together_and_completes_the_code(
    station: Station,
) -> None:
    sid = _student(station, 3)
    draft = _pass(station, sid).draft
    assert draft is not None
    upload = station.capture.confirm_upload(sid, draft.id)
    assert Path(upload.photo_path).read_bytes()
    assert station.capture.pending_uploads() == 1
    with pytest.raises(FlowError) as err:
        station.capture.confirm_upload(sid, draft.id)
    assert err.value.code == "already_uploaded"
    assert station.capture.pending_uploads() == 1
    again = station.capture.verify_code(demo_codes()[3])
    assert again.problem is not None and again.problem.value == "completed"


def test_payment_order_when_the_school_charges(station: Station) -> None:
    sid = _student(station, 1)
    payment = station.capture.payment(sid)
    assert payment is not None and payment.amount_cents == 1500
    assert payment.state.value == "pending" and payment.order_no in payment.qr_payload
    assert station.capture.payment(sid).order_no == payment.order_no
    session = station.staff.login("admin", "demo-admin")
    paid = station.staff.confirm_payment(session, sid)
    assert paid.state.value == "paid"
