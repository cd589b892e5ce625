# SPDX-License-Identifier: MIT
"""Student lookup: each key finds the student; the detail page shows the whole history."""

from __future__ import annotations

from pathlib import Path

import pytest

from tucai_desk.core.clock import FakeClock
from tucai_desk.services import demo
from tucai_desk.services.app import Station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.dto import StaffSession, StudentStatus
from tucai_desk.services.sessions import SessionError
from tucai_desk.services.staff import StaffError

from .conftest import set_remote_status, student_id, take_photos

pytestmark = pytest.mark.db


def test_each_key_finds_the_student(
    station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    sid = student_id(station, 5)  # every fourth demo student has no phone; this one has
    me = station.capture.student(sid)
    assert me.phone is not None
    searches = {
        "name": me.name[:1],
        "name_full": me.name,
        "student_no": me.student_no,
        "student_no_prefix": me.student_no[:8],
        "code": me.code,
        "code_lower": me.code.lower(),
        "code_prefix": me.code[:10],
        "phone_4": me.phone[-4:],
        "phone_7": me.phone[-7:],
        "full_width": "".join(chr(ord(c) + 0xFEE0) for c in me.student_no),  # ２０２３…
    }
    for key, query in searches.items():
        hits = console.lookup.search(admin, query)
        assert sid in [h.id for h in hits], key
    exact = console.lookup.search(admin, me.student_no)
    assert exact[0].id == sid and exact[0].phone_masked.count("*") == 4
    assert console.lookup.search(admin, me.phone[-3:]) == []  # three digits are too few
    assert console.lookup.search(admin, "  ") == []
    assert console.lookup.search(admin, "%") == [] and console.lookup.search(admin, "_") == []


def test_detail_shows_status_attempts_locks_drafts_uploads_payment_and_audit(
    tmp_path: Path,
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    clock: FakeClock,
) -> None:
    sid = student_id(station, 1)
    upload_id = take_photos(station, sid, fails=2, passes=1)
    assert upload_id is not None
    station.capture.record_liveness_failure(sid, "planar_motion")
    station.capture.payment(sid)  # the demo school charges a fee: a local order
    detail = console.lookup.detail(admin, sid)
    assert detail.status is StudentStatus.CONFIRMED
    kinds = [(a.kind, a.passed, a.failures) for a in detail.attempts]
    assert kinds == [
        ("liveness", False, ("planar_motion",)),
        ("photo", True, ()),
        ("photo", False, ("exposure", "sharpness")),
        ("photo", False, ("exposure", "sharpness")),
    ]
    photo_attempts = [a for a in detail.attempts if a.kind == "photo"]
    assert all(a.thumbnail_path and Path(a.thumbnail_path).is_file() for a in photo_attempts)
    assert detail.locks.liveness_failures == 1 and not detail.liveness_locked
    assert len(detail.drafts) == 1 and Path(detail.drafts[0].path).is_file()
    assert [u.id for u in detail.uploads] == [upload_id]
    assert detail.uploads[0].outbox_state == "pending"
    assert detail.payment is not None and detail.payment.amount_cents == 1500
    assert detail.code_completed_at is not None
    assert [e.action for e in detail.audit] == ["student_viewed"]
    # The service accepts the photo: the status follows the upload.
    set_remote_status(station, upload_id, "accepted")
    assert console.lookup.detail(admin, sid, audit_view=False).status is StudentStatus.ACCEPTED


def test_locks_and_unlock_show_on_the_detail(
    station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    sid = student_id(station, 3)
    for _ in range(3):
        station.capture.record_liveness_failure(sid, "timeout")
    detail = console.lookup.detail(admin, sid, audit_view=False)
    assert detail.liveness_locked
    station.staff.unlock_liveness(admin, sid, "学生本人到场，核实身份")
    detail = console.lookup.detail(admin, sid)
    assert not detail.liveness_locked
    actions = [e.action for e in detail.audit]
    assert actions[:2] == ["student_viewed", "unlock_liveness"]
    assert detail.audit[1].detail["reason"] == "学生本人到场，核实身份"
    assert detail.audit[1].staff_name == "admin"


def test_a_timed_lock_that_ran_out_is_not_shown_as_locked(
    station: Station, console: ConsoleServices, admin: StaffSession, clock: FakeClock
) -> None:
    sid = student_id(station, 5)
    repo = station.capture._capture
    for _ in range(5):
        repo.save_photo_attempt(
            sid, passed=False, failures=["exposure"], measurements={}, jpeg=None, thumbnail=None
        )
        clock.advance(seconds=15)
    assert console.lookup.detail(admin, sid, audit_view=False).timed_locked
    clock.advance(minutes=31)
    with pytest.raises(SessionError) as caught:  # half an hour without a staff action
        console.lookup.detail(admin, sid, audit_view=False)
    assert caught.value.code == "session_expired"
    again = station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    assert not console.lookup.detail(again, sid, audit_view=False).timed_locked


def test_operators_cannot_look_students_up(
    station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    console.accounts.create_account(admin, "op2", "operator-pass2", "operator")
    operator = station.staff.login("op2", "operator-pass2")
    with pytest.raises(StaffError) as caught:
        console.lookup.search(operator, demo_codes()[0])
    assert caught.value.code == "not_allowed"
    with pytest.raises(StaffError):
        console.lookup.detail(operator, student_id(station, 0))


def test_the_bench_runs_on_a_small_roster() -> None:
    from tucai_desk.commands.console_bench import bench_import, bench_lookup

    lookup = bench_lookup(students=2000, queries=10)
    assert lookup["students"] == 2000 and lookup["found"] == lookup["queries"] == 40
    assert set(lookup["p95_ms_by_key"]) == {"name_prefix", "student_no", "code", "phone_suffix"}
    imported = bench_import(rows=500)
    assert imported["rows"] == 500 and imported["seconds"] > 0
