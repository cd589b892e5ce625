# SPDX-License-Identifier: MIT
"""Audit log tampering, staff accounts (roles, login lock across a restart, management), the idle
policy, and settings changes audited with old and new values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tucai_desk.cli import main as cli_main
from tucai_desk.core.clock import FakeClock
from tucai_desk.services import demo
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.console_settings import SchoolTexts, SettingsError
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.settings import StationSettings, load_settings, save_settings
from tucai_desk.services.staff import LoginError, StaffError

from .conftest import student_id

pytestmark = pytest.mark.db


def _verify_cli(station: Station, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    save_settings(station.data_dir, station.settings)
    code = cli_main(["audit", "verify", "--data-dir", str(station.data_dir), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == (0 if result["ok"] else 1)
    return result


def _some_actions(station: Station, console: ConsoleServices, admin: StaffSession) -> None:
    station.staff.unlock_liveness(admin, student_id(station, 0), "测试")
    console.settings.save_console(admin, {"idle_minutes": 5})
    console.lookup.detail(admin, student_id(station, 1))


def test_an_edited_audit_record_is_found_by_the_command(
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _some_actions(station, console, admin)
    assert _verify_cli(station, capsys) == {
        "ok": True,
        "records": 5,
        "broken_at": None,
        "reason": None,
    }
    with station.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit SET detail = :d WHERE action = 'unlock_liveness'"),
            {"d": json.dumps({"reason": "nothing happened"})},
        )
        seq = conn.execute(
            text("SELECT seq FROM audit WHERE action = 'unlock_liveness'")
        ).scalar_one()
    assert _verify_cli(station, capsys) == {
        "ok": False,
        "records": 3,
        "broken_at": seq,
        "reason": "chain",
    }
    verdict = console.accounts.verify_audit()
    assert not verdict.ok and verdict.broken_at == seq and verdict.reason == "chain"


def test_an_inserted_or_deleted_middle_record_breaks_the_chain(
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
) -> None:
    _some_actions(station, console, admin)
    with station.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit WHERE seq = 2"))
    verdict = console.accounts.verify_audit()
    assert not verdict.ok and verdict.broken_at == 3


def test_deleting_the_newest_records_is_found_by_the_head(
    station: Station,
    console: ConsoleServices,
    admin: StaffSession,
) -> None:
    _some_actions(station, console, admin)
    assert console.accounts.verify_audit().ok
    with station.db.engine.begin() as conn:
        newest = conn.execute(text("SELECT max(seq) FROM audit")).scalar_one()
        conn.execute(text("DELETE FROM audit WHERE seq >= :s"), {"s": newest - 1})
    # What is left is a valid chain; only the head shows the cut, whichever way it is checked.
    check = station.staff.verify_audit()
    assert not check.ok and check.reason == "truncated" and check.broken_at == newest
    verdict = console.accounts.verify_audit()
    assert not verdict.ok and verdict.reason == "truncated" and verdict.broken_at == newest
    # A new record appended after the cut does not paper over it.
    console.settings.save_console(admin, {"idle_minutes": 7})
    verdict = console.accounts.verify_audit()
    assert not verdict.ok and verdict.reason == "truncated" and verdict.broken_at == newest


def test_a_deleted_head_row_is_noticed(
    station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    _some_actions(station, console, admin)
    with station.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM settings WHERE key = 'audit_head'"))
    verdict = console.accounts.verify_audit()
    assert not verdict.ok and verdict.reason == "head_missing"


def test_five_wrong_passwords_lock_the_account_for_15_minutes_across_a_restart(
    tmp_path: Path, station: Station, clock: FakeClock, db_url: str
) -> None:
    for _ in range(4):
        with pytest.raises(LoginError) as caught:
            station.staff.login(demo.DEMO_ADMIN, "wrong-password")
        assert caught.value.code == "bad_credentials"
    with pytest.raises(LoginError) as caught:
        station.staff.login(demo.DEMO_ADMIN, "wrong-password")
    assert caught.value.code == "locked"
    station.close()
    clock.advance(minutes=14)
    again = open_station(
        station.data_dir, settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    try:
        with pytest.raises(LoginError) as caught:  # even the right password, until it runs out
            again.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
        assert caught.value.code == "locked"
        clock.advance(minutes=1, seconds=1)
        assert again.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD).is_admin
    finally:
        again.close()


def test_account_management_and_roles(
    station: Station, console: ConsoleServices, admin: StaffSession, clock: FakeClock
) -> None:
    accounts = console.accounts
    op = accounts.create_account(admin, "operator1", "op-secret-1", "operator")
    assert [a.username for a in accounts.list_accounts(admin)] == ["admin", "operator1"]
    operator = station.staff.login("operator1", "op-secret-1")
    for refused in (
        lambda: accounts.list_accounts(operator),
        lambda: accounts.create_account(operator, "x1", "op-secret-1", "admin"),
        lambda: accounts.set_active(operator, admin.staff_id, False),
        lambda: accounts.reset_password(operator, admin.staff_id, "new-secret-1"),
        lambda: console.settings.save_console(operator, {"idle_minutes": 1}),
        lambda: console.reports.daily(operator),
    ):
        with pytest.raises(Exception) as caught:
            refused()
        assert getattr(caught.value, "code", None) == "not_allowed"
    accounts.change_own_password(operator, "op-secret-1", "op-secret-2")
    with pytest.raises(StaffError) as caught:
        accounts.change_own_password(operator, "op-secret-1", "op-secret-3")
    assert caught.value.code == "wrong_password"
    with pytest.raises(StaffError) as caught:
        accounts.create_account(admin, "x2", "short", "operator")
    assert caught.value.code == "weak_password"
    with pytest.raises(StaffError) as caught:
        accounts.set_active(admin, admin.staff_id, False)
    assert caught.value.code == "self"
    with pytest.raises(StaffError) as caught:
        accounts.set_role(admin, admin.staff_id, "operator")
    assert caught.value.code == "last_admin"
    accounts.set_active(admin, op.id, False)
    with pytest.raises(LoginError) as login:
        station.staff.login("operator1", "op-secret-2")
    assert login.value.code == "inactive"
    accounts.set_active(admin, op.id, True)
    for _ in range(5):
        with pytest.raises(LoginError):
            station.staff.login("operator1", "bad-password")
    accounts.reset_password(admin, op.id, "op-secret-9")  # also clears the login lock
    assert station.staff.login("operator1", "op-secret-9").role == "operator"
    actions = [e.action for e in accounts.audit_entries(admin, limit=50)]
    for action in (
        "account_created",
        "password_changed",
        "account_disabled",
        "account_enabled",
        "password_reset",
        "login_failed",
    ):
        assert action in actions


def test_idle_policy_defaults_to_ten_minutes_and_follows_the_setting(
    console: ConsoleServices, admin: StaffSession
) -> None:
    policy = console.accounts.idle_policy()
    assert policy.minutes == 10 and not policy.expired(599) and policy.expired(600)
    console.settings.save_console(admin, {"idle_minutes": 3})
    assert console.accounts.idle_policy().seconds == 180
    with pytest.raises(SettingsError) as caught:
        console.settings.save_console(admin, {"idle_minutes": 0})
    assert caught.value.fields == ("idle_minutes",)


def test_settings_changes_are_saved_applied_and_audited_old_to_new(
    station: Station, console: ConsoleServices, admin: StaffSession
) -> None:
    settings = console.settings
    policy = station.settings.policy.model_dump()
    change = settings.save_station(
        admin,
        {
            "policy": {**policy, "cooldown_seconds": 25, "draft_capacity": 3},
            "camera": {**station.settings.camera.model_dump(), "source": "usb:1"},
            "background": "white",
        },
    )
    assert change.changes["policy.cooldown_seconds"] == (10.0, 25.0)
    assert set(change.restart_needed) == {"camera.source", "background"}
    assert station.settings.policy.to_policy().draft_capacity == 3  # effective at once
    assert load_settings(station.data_dir).camera.source == "usb:1"  # and saved
    for bad, field in (
        ({"camera": {"source": "http://x"}}, "camera.source"),
        ({"photo_profile": "../etc"}, "photo_profile"),
        ({"background": "purple"}, "background"),
        ({"service": {"url": "ftp://x"}}, "service.url"),
        ({"policy": {**policy, "draft_capacity": 0}}, "policy.draft_capacity"),
    ):
        with pytest.raises(SettingsError) as caught:
            settings.save_station(admin, bad)
        assert field in caught.value.fields
    assert station.settings.policy.cooldown_seconds == 25  # a refused change changes nothing
    settings.save_school(
        admin,
        SchoolTexts(
            fee_cents=2000,
            notice_html="<p>新通知</p>",
            precautions_html=settings.school_texts().precautions_html,
        ),
    )
    assert station.capture.school().fee_cents == 2000
    entries = {e.action: e.detail for e in console.accounts.audit_entries(admin, limit=20)}
    # The programme's rules are changed in the database, audited apart from the station's file.
    assert entries["programme_rules_changed"]["changes"]["cooldown_seconds"] == [10.0, 25.0]
    assert entries["settings_changed"]["changes"]["camera.source"] == ["auto", "usb:1"]
    school = entries["school_settings_changed"]["changes"]
    assert school["fee_cents"] == [1500, 2000] and school["notice_html"][1] == "<p>新通知</p>"
    assert "precautions_html" not in school
    with pytest.raises(SettingsError):
        settings.save_school(admin, SchoolTexts(-1, "", ""))
