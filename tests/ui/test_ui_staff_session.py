# SPDX-License-Identifier: MIT
"""The station's staff session: signed in once, admin actions without a second login while the
password is recent, the password alone after the window, a full sign-in after the idle time,
and a disabled account refused while signed in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.dto import PaymentState


def _actions_of(station: Any) -> list[str]:
    from tucai_desk.services.accounts import COMMAND_LINE
    from tucai_desk.services.console import ConsoleServices

    console = ConsoleServices.for_station(station)
    return [e.action for e in console.accounts.audit_entries(COMMAND_LINE, limit=100)]


def test_signed_in_once_two_admin_actions_need_no_second_login(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any, active: Any
) -> None:
    language("zh_CN")
    station = make_station()
    student = station.capture.verify_code(demo_codes(3)[2]).student
    station.capture.payment(student.id)
    window = make_window(station)
    login(window)
    assert window.staff_label.text() == "工作人员：admin（管理员）"
    assert window.staff_button.text() == "退出登录"
    actions = window.staff_actions
    actions.liveness_action.trigger()
    assert actions.login_dialog is None and station.settings.liveness_enabled
    window.flow.student = student
    actions.payment_action.trigger()
    assert actions.login_dialog is None
    assert station.capture.payment(student.id).state is PaymentState.PAID
    audited = _actions_of(station)
    assert audited.count("login") == 1  # the station's opening sign-in, nothing more
    assert {"liveness_switched", "payment_confirmed"} <= set(audited)
    window.flow.student = None


def test_admin_action_after_the_window_asks_for_the_password_only(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    active: Any,
    clock: FakeClock,
) -> None:
    language("zh_CN")
    station = make_station()
    window = make_window(station)
    login(window)
    actions = window.staff_actions
    clock.advance(minutes=4)
    actions.liveness_action.trigger()  # 4 minutes: still within the window
    assert actions.login_dialog is None and station.settings.liveness_enabled
    clock.advance(minutes=5)  # 9 minutes since the password, 5 since the last action
    actions.liveness_action.trigger()
    dialog = active(actions.login_dialog)
    assert dialog.windowTitle() == "确认密码"
    assert dialog.form.user_edit.text() == "admin" and not dialog.form.user_edit.isEnabled()
    assert station.settings.liveness_enabled  # nothing changes before the password
    qtbot.keyClicks(dialog.form.password_edit, "wrong-password")
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)
    assert dialog.form.message_label.text() == "用户名或密码错误。"
    qtbot.keyClicks(dialog.form.password_edit, "demo-admin")
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)
    assert not station.settings.liveness_enabled
    assert actions.login_dialog is None
    assert window.session is not None and window.session.username == "admin"
    actions.liveness_action.trigger()  # the password was just entered: no prompt
    assert actions.login_dialog is None and station.settings.liveness_enabled


def test_after_the_idle_time_the_next_action_asks_for_a_sign_in(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    active: Any,
    clock: FakeClock,
) -> None:
    language("zh_CN")
    station = make_station()
    window = make_window(station)
    login(window)
    actions = window.staff_actions
    clock.advance(minutes=11)
    window.check_session()  # the status bar's periodic look
    assert window.staff_label.text() == "未登录工作人员"
    assert window.staff_button.text() == "登录…"
    actions.liveness_action.trigger()
    dialog = active(actions.login_dialog)
    assert dialog.form.user_edit.isEnabled()  # a full sign-in
    qtbot.keyClicks(dialog.form.user_edit, "admin")
    qtbot.keyClicks(dialog.form.password_edit, "demo-admin")
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)
    assert station.settings.liveness_enabled
    assert window.staff_label.text() == "工作人员：admin（管理员）"
    assert "session_timeout" in _actions_of(station)


def test_an_account_disabled_while_signed_in_is_refused(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    active: Any,
    message_boxes: Any,
) -> None:
    language("zh_CN")
    station = make_station()
    boss = station.staff.login("admin", "demo-admin")
    second = station.staff.create_account(boss, "chief2", "second-admin-1", "admin")
    window = make_window(station)
    login(window)
    actions = window.staff_actions
    window.staff_button.click()  # sign out, then sign in as chief2 from the status bar
    assert window.session is None
    window.staff_button.click()
    dialog = active(actions.login_dialog)
    qtbot.keyClicks(dialog.form.user_edit, "chief2")
    qtbot.keyClicks(dialog.form.password_edit, "second-admin-1")
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)
    assert window.staff_label.text() == "工作人员：chief2（管理员）"
    from tucai_desk.services.console import ConsoleServices

    ConsoleServices.for_station(station).accounts.set_active(boss, second.staff_id, False)
    actions.unlock_action.trigger()
    assert actions.unlock_dialog is None and actions.login_dialog is None
    assert message_boxes.texts() == ["此工作人员账号已被停用，操作被拒绝。请联系管理员。"]
    assert window.staff_label.text() == "未登录工作人员"
