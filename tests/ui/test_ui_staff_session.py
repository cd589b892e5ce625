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


def test_console_head_cover_override_with_the_password_again_after_the_window(
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
    sid = station.capture.verify_code(demo_codes(5)[4]).student.id
    window = make_window(station)
    login(window)
    actions = window.staff_actions
    actions.console_action.trigger()  # signed in a moment ago: the console opens at once
    qtbot.waitUntil(lambda: window.console is not None, timeout=3000)
    console = window.console
    console.lookup.open_student(sid)
    box = console.lookup.student_page.head_cover
    qtbot.waitUntil(lambda: box.state_label.text() != "", timeout=3000)
    assert box.state_label.text() == "未允许：佩戴头部覆盖物的照片不能通过。"
    assert box.allow_button.isEnabled() and not box.revoke_button.isEnabled()
    clock.advance(minutes=6)  # older than the 5-minute window, not yet idle
    box.reason_edit.setText("宗教头巾，本人申请，已核实")
    box.allow_button.click()
    dialog = active(actions.login_dialog)
    assert dialog.windowTitle() == "确认密码"
    assert station.staff.head_cover_history(window.session, sid) == []  # nothing before it
    qtbot.keyClicks(dialog.form.password_edit, "demo-admin")
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "宗教头巾，本人申请，已核实" in box.state_label.text(), timeout=3000)
    assert box.state_label.text().startswith("已由 admin 于 ")
    assert box.revoke_button.isEnabled() and not box.allow_button.isEnabled()
    box.reason_edit.setText("学生已摘下头巾")
    box.revoke_button.click()  # the password was just entered: no prompt
    assert actions.login_dialog is None
    qtbot.waitUntil(lambda: box.allow_button.isEnabled(), timeout=3000)
    assert "学生已摘下头巾" in box.state_label.text()
    assert {"head_cover_allowed", "head_cover_revoked"} <= set(_actions_of(station))
    console.close()
    assert window.session is not None  # closing the console keeps the staff signed in


def test_the_draft_box_warns_of_painted_clothing_and_notes_an_allowed_head_cover(
    qtbot: Any, language: Any
) -> None:
    from datetime import UTC, datetime

    from tucai_desk.services.dto import DraftView
    from tucai_desk.ui.pages.draft_pages import DraftCard

    language("zh_CN")
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    base = dict(
        id="d1", student_id=1, created_at=now, deletable_at=now, can_delete=False,
        sha256="0" * 64, size_bytes=30_000, path="/nonexistent.jpg",
    )  # fmt: skip
    painted = DraftCard(DraftView(**base, clothing_extended=True), 1)
    covered = DraftCard(DraftView(**base, head_cover_allowed="宗教头巾"), 2)
    plain = DraftCard(DraftView(**base), 3)
    for card in (painted, covered, plain):
        qtbot.addWidget(card)
    assert painted.clothing_label.isVisibleTo(painted)
    assert painted.clothing_label.text() == "照片底部的衣服是站点补画的，并非实拍。"
    assert not painted.head_cover_label.isVisibleTo(painted)
    assert covered.head_cover_label.text() == "经工作人员允许佩戴头部覆盖物：宗教头巾"
    assert not covered.clothing_label.isVisibleTo(covered)
    assert not plain.clothing_label.isVisibleTo(plain)
    assert not plain.head_cover_label.isVisibleTo(plain)


def test_result_page_and_draft_box_show_an_allowed_head_cover_and_painted_clothing(
    qtbot: Any,
    tmp_path: Any,
    language: Any,
    make_window: Any,
    login: Any,
    clock: FakeClock,
    judged: Any,
    good_photo_bgr: Any,
) -> None:
    from tucai_desk.core.checks import CheckCode, Outcome
    from tucai_desk.services.app import open_station
    from tucai_desk.services.settings import PolicyModel, StationSettings
    from tucai_desk.ui.flow import Step

    language("zh_CN")
    station = open_station(
        tmp_path / "judged",
        demo=True,
        settings=StationSettings(policy=PolicyModel(cooldown_seconds=0)),
        clock=clock,
        pipeline_factory=lambda: judged,
    )
    try:
        student = station.capture.verify_code(demo_codes(7)[6]).student
        admin = station.staff.login("admin", "demo-admin")
        station.staff.allow_head_cover(admin, student.id, "宗教头巾")
        judged.extra = {
            CheckCode.HEAD_COVER: Outcome.FAIL,
            CheckCode.CLOTHING_EXTENDED: Outcome.WARN,
        }
        window = make_window(station)
        login(window)
        flow = window.flow
        qtbot.waitUntil(lambda: flow.step is Step.CODE)
        flow.open_page(student, Step.CAPTURE)
        flow.take_still([good_photo_bgr])
        qtbot.keyClick(flow.preview, Qt.Key.Key_Return)
        assert flow.step is Step.RESULT and flow.result.outcome.passed
        notes = flow.result.view.more_reasons.text()
        assert "经工作人员允许佩戴头部覆盖物：宗教头巾" in notes
        assert "请摘下帽子" not in notes  # not the hint to take it off
        assert "照片底部的衣服是站点补画的" in notes
        qtbot.keyClick(flow.result, Qt.Key.Key_Return)
        assert flow.step is Step.DRAFTS
        card = flow.drafts.cards[0]
        assert card.clothing_label.isVisibleTo(card)
        assert card.head_cover_label.text() == "经工作人员允许佩戴头部覆盖物：宗教头巾"
        window.shutdown()
    finally:
        station.close()
