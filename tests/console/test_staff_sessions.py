# SPDX-License-Identifier: MIT
"""Staff sessions: signed in once, re-checked on every staff action in the service layer (a
disabled account, a changed role, an idle session, an old password entry), and login failures
counted atomically (SQLite and PostgreSQL with ``-m db``)."""

from __future__ import annotations

import threading

import pytest

from tucai_desk.core.clock import FakeClock
from tucai_desk.services import demo
from tucai_desk.services.accounts import COMMAND_LINE
from tucai_desk.services.app import Station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.sessions import LoginError, SessionError

from .conftest import student_id

pytestmark = pytest.mark.db


def _liveness_lock(station: Station, sid: int) -> None:
    for _ in range(station.settings.policy.to_policy().liveness_lock_after):
        station.capture.record_liveness_failure(sid, "timeout")
    assert station.capture.locks(sid).liveness_locked


def _actions(console: ConsoleServices) -> list[str]:
    return [e.action for e in console.accounts.audit_entries(COMMAND_LINE, limit=500)]


def test_an_admin_disabled_while_signed_in_can_no_longer_unlock(
    station: Station, console: ConsoleServices
) -> None:
    admin = station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    console.accounts.create_account(admin, "chief2", "second-admin-1", "admin")
    chief = station.staff.login("chief2", "second-admin-1")
    sid = student_id(station, 0)
    _liveness_lock(station, sid)
    console.accounts.set_active(admin, chief.staff_id, False)  # at another station, say
    with pytest.raises(SessionError) as caught:
        station.staff.unlock_liveness(chief, sid, "学生已重新阅读要求")
    assert caught.value.code == "account_disabled"
    assert station.capture.locks(sid).liveness_locked  # nothing changed
    with pytest.raises(SessionError) as caught:  # the session is over for good
        station.staff.unlock_liveness(chief, sid, "学生已重新阅读要求")
    assert caught.value.code == "session_ended"
    console.accounts.set_active(admin, chief.staff_id, True)
    with pytest.raises(SessionError):  # enabling the account again does not revive it
        station.staff.unlock_liveness(chief, sid, "学生已重新阅读要求")
    assert "unlock_liveness" not in _actions(console)


def test_a_changed_role_ends_the_session(station: Station, console: ConsoleServices) -> None:
    admin = station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    console.accounts.create_account(admin, "chief2", "second-admin-1", "admin")
    chief = station.staff.login("chief2", "second-admin-1")
    console.accounts.set_role(admin, chief.staff_id, "operator")
    with pytest.raises(SessionError) as caught:
        station.staff.set_liveness_enabled(chief, True)
    assert caught.value.code == "role_changed"
    with pytest.raises(SessionError) as caught:  # also for the console's actions
        console.accounts.list_accounts(chief)
    assert caught.value.code == "session_ended"
    assert not station.settings.liveness_enabled


def test_an_idle_session_expires_and_staff_actions_keep_it_alive(
    station: Station, console: ConsoleServices, clock: FakeClock
) -> None:
    admin = station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    for _ in range(3):  # 27 minutes, never 10 without an action
        clock.advance(minutes=9)
        console.accounts.list_accounts(admin)
    clock.advance(minutes=10)
    with pytest.raises(SessionError) as caught:
        console.accounts.list_accounts(admin)
    assert caught.value.code == "session_expired"
    assert "session_timeout" in _actions(console)


def test_admin_actions_ask_for_the_password_again_after_the_window(
    station: Station, console: ConsoleServices, clock: FakeClock
) -> None:
    admin = station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    sid = student_id(station, 0)
    station.capture.payment(sid)  # the order the staff confirms
    station.staff.set_liveness_enabled(admin, True)  # a fresh sign-in: no password again
    station.staff.confirm_payment(admin, sid)
    clock.advance(minutes=4)
    station.staff.set_liveness_enabled(admin, False)
    clock.advance(minutes=1, seconds=1)  # 5 minutes since the password: the default window
    with pytest.raises(SessionError) as caught:
        station.staff.set_liveness_enabled(admin, True)
    assert caught.value.code == "reauth_required"
    assert not station.settings.liveness_enabled
    console.accounts.list_accounts(admin)  # the console's lists need no password again
    with pytest.raises(LoginError) as wrong:
        station.staff.sessions.reauthenticate(admin, "wrong-password")
    assert wrong.value.code == "bad_credentials"
    station.staff.sessions.reauthenticate(admin, demo.DEMO_PASSWORD)
    station.staff.set_liveness_enabled(admin, True)
    assert station.settings.liveness_enabled
    # The window is a console setting.
    console.settings.save_console(admin, {"idle_minutes": 10, "reauth_minutes": 1})
    clock.advance(minutes=1)
    with pytest.raises(SessionError) as caught:
        station.staff.confirm_payment(admin, sid)
    assert caught.value.code == "reauth_required"


def test_an_operator_is_refused_admin_actions(station: Station, console: ConsoleServices) -> None:
    admin = station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    console.accounts.create_account(admin, "op1", "operator-pass1", "operator")
    operator = station.staff.login("op1", "operator-pass1")
    sid = student_id(station, 0)
    for action in (
        lambda: station.staff.confirm_payment(operator, sid),
        lambda: station.staff.unlock_liveness(operator, sid, "原因"),
        lambda: station.staff.set_liveness_enabled(operator, True),
    ):
        with pytest.raises(SessionError) as caught:
            action()
        assert caught.value.code == "not_allowed"


def test_a_signed_out_session_is_refused(station: Station) -> None:
    admin = station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    station.staff.logout(admin)
    with pytest.raises(SessionError) as caught:
        station.staff.set_liveness_enabled(admin, True)
    assert caught.value.code == "session_ended"


def test_twelve_concurrent_wrong_passwords_check_at_most_five(
    station: Station, console: ConsoleServices
) -> None:
    """Each attempt is claimed before its password is checked, so the limit holds under load."""
    outcomes: list[str] = []
    start = threading.Barrier(12)

    def attempt() -> None:
        start.wait()
        try:
            station.staff.login(demo.DEMO_ADMIN, "wrong-password")
        except LoginError as exc:
            outcomes.append(exc.code)
        else:
            outcomes.append("signed_in")

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(outcomes) == 12 and "signed_in" not in outcomes
    entries = console.accounts.audit_entries(COMMAND_LINE, limit=100)
    failed = [e for e in entries if e.action == "login_failed"]
    checked = [e for e in failed if "refused" not in e.detail]
    assert len(failed) == 12
    assert len(checked) == 5  # the limit: the other seven were refused unchecked
    # A checked attempt that finds the lock set meanwhile says so too.
    assert outcomes.count("locked") >= 8
    with pytest.raises(LoginError) as caught:  # even the right password, while it lasts
        station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    assert caught.value.code == "locked"
