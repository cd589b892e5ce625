# SPDX-License-Identifier: MIT
"""Staff actions (lookup + clear a timed lock, the liveness switch, first start) and the last
pages: deleting an old draft, the payment states, saving the finished photo."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.dto import PaymentState
from tucai_desk.store.models import Upload
from tucai_desk.store.staff_repo import StaffRepository
from tucai_desk.ui.flow import Step

NO_FACE = np.full((720, 960, 3), 185, np.uint8)


def _staff_login(qtbot: Any, active: Any, actions: Any, password: str = "demo-admin") -> None:
    dialog = active(actions.login_dialog)
    qtbot.keyClicks(dialog.form.user_edit, "admin")
    qtbot.keyClicks(dialog.form.password_edit, password)
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)


def test_lookup_and_clear_a_timed_lock(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    active: Any,
    ime_type: Any,
    clock: FakeClock,
) -> None:
    language("zh_CN")
    station = make_station(timed_lock_after=1, cooldown_seconds=0)
    student = station.capture.verify_code(demo_codes(9)[8]).student
    station.capture.submit_still(student.id, [NO_FACE])
    assert station.capture.locks(student.id).timed_lock_until is not None
    window = make_window(station)
    login(window)
    actions = window.staff_actions
    actions.unlock_action.trigger()  # signed in at the station a moment ago: no login again
    assert actions.login_dialog is None
    dialog = active(actions.unlock_dialog)
    assert dialog.student is None and dialog.student_label.text() == "未选择学生"
    qtbot.keyClicks(dialog.search_edit, student.student_no)
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=3000)  # after the debounce
    assert student.name in dialog.results.item(0).text()
    dialog.results.itemClicked.emit(dialog.results.item(0))
    assert dialog.student.id == student.id
    until = (clock.now() + timedelta(minutes=30)).astimezone().strftime("%Y年%m月%d日 %H:%M:%S")
    assert f"限时锁定：至 {until}" in dialog.locks_label.text()
    assert not dialog.liveness_button.isEnabled()  # not liveness-locked
    ime_type(dialog.reason_edit, "学生已重新阅读拍摄要求")
    qtbot.mouseClick(dialog.timed_button, Qt.MouseButton.LeftButton)
    assert dialog.message_label.text() == "已解除限时锁定。"
    assert station.capture.capture_gate(student.id).allowed
    trail = StaffRepository(station.db, clock, station.settings.station_id).audit_trail(student.id)
    assert [r.action for r in trail].count("clear_timed_lock") == 1
    dialog.accept()


def test_liveness_switch_needs_an_admin_and_shows_in_the_status_bar(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    active: Any,
) -> None:
    language("zh_CN")
    station = make_station()
    window = make_window(station)
    login(window)
    actions = window.staff_actions
    assert window.liveness_banner.isVisibleTo(window) and not actions.liveness_action.isChecked()
    actions.sign_out_action.trigger()
    actions.liveness_action.trigger()
    assert not actions.liveness_action.isChecked()  # nothing changes before the login
    _staff_login(qtbot, active, actions)
    assert station.settings.liveness_enabled
    assert actions.liveness_action.isChecked()
    assert not window.liveness_banner.isVisibleTo(window)
    actions.liveness_action.trigger()  # signed in now: no second login
    assert actions.login_dialog is None
    assert not station.settings.liveness_enabled
    assert window.liveness_banner.isVisibleTo(window)
    assert window.liveness_banner.text() == "活体检测已关闭"


def test_first_start_creates_the_administrator(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    ime_type: Any,
) -> None:
    language("zh_CN")
    station = make_station()
    station.demo = False  # a production station whose admin account does not exist yet
    with station.db.session() as s:
        from sqlalchemy import delete, update

        from tucai_desk.store.models import AuditRecord, Staff

        s.execute(update(AuditRecord).values(staff_id=None))
        s.execute(delete(Staff))
    window = make_window(station)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.setup_page)
    page = window.setup_page
    assert not window.demo_banner.isVisibleTo(window)
    page.user_edit.setText("chief")
    qtbot.keyClicks(page.password_edit, "short")
    qtbot.keyClicks(page.repeat_edit, "short")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.message_label.text() == "密码至少需要8个字符。"
    page.password_edit.clear()
    page.repeat_edit.clear()
    qtbot.keyClicks(page.password_edit, "station-2026")
    qtbot.keyClicks(page.repeat_edit, "station-2027")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.message_label.text() == "两次输入的密码不一致。"
    page.repeat_edit.clear()
    qtbot.keyClicks(page.repeat_edit, "station-2026")
    qtbot.keyClick(page.repeat_edit, Qt.Key.Key_Return)
    assert window.flow.step is Step.CODE
    assert window.session is not None and window.session.username == "chief"
    assert station.staff.login("chief", "station-2026").is_admin


def test_old_drafts_can_be_deleted(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    message_boxes: Any,
    clock: FakeClock,
    good_still: np.ndarray,
) -> None:
    language("en")
    station = make_station(cooldown_seconds=0)
    capture = station.capture
    student = capture.verify_code(demo_codes(10)[9]).student
    first = capture.submit_still(student.id, [good_still]).draft
    clock.advance(hours=25)
    capture.submit_still(student.id, [good_still])
    window = make_window(station)
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    flow.open_page(student, Step.DRAFTS)
    cards = flow.drafts.cards
    assert len(cards) == 2
    old = next(c for c in cards if c.draft.id == first.id)
    new = next(c for c in cards if c.draft.id != first.id)
    assert old.delete_button.isEnabled() and not old.delete_note.isVisibleTo(old)
    assert not new.delete_button.isEnabled()
    assert new.delete_note.text().startswith("Can be deleted after")
    message_boxes.answers.append(1)  # Cancel
    qtbot.mouseClick(old.delete_button, Qt.MouseButton.LeftButton)
    assert len(capture.drafts(student.id)) == 2
    message_boxes.answers.append(0)  # Delete
    qtbot.mouseClick(old.delete_button, Qt.MouseButton.LeftButton)
    assert message_boxes.texts() == ["Delete this photo from the draft box?"] * 2
    assert [d.id for d in capture.drafts(student.id)] == [new.draft.id]
    assert len(flow.drafts.cards) == 1
    qtbot.keyClick(flow.drafts, Qt.Key.Key_1)  # choose photo 1 with the keyboard
    assert flow.step is Step.CONFIRM


@pytest.mark.parametrize(
    ("state", "shown", "done_enabled"),
    [
        (PaymentState.PENDING, "等待支付", False),
        (PaymentState.PAID, "支付成功", True),
        (PaymentState.FAILED, "支付失败", True),
        (PaymentState.EXPIRED, "支付订单已过期", True),
    ],
)
def test_payment_states(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    state: PaymentState,
    shown: str,
    done_enabled: bool,
) -> None:
    language("zh_CN")
    station = make_station()
    student = station.capture.verify_code(demo_codes(11)[10]).student
    order = station.capture.payment(student.id)
    assert order is not None and order.amount_cents == 1500
    window = make_window(station)
    login(window)
    page = window.flow.payment
    page.enter(student, replace(order, state=state))
    assert page.view.state_label.text() == shown
    assert page.view.done_button.isEnabled() is done_enabled
    assert page.view.qr_view.isVisibleTo(page) is (state is not PaymentState.PAID)
    # 稍后支付 is no choice once paid (and Esc does not take it either).
    later = page.view.later_button
    assert later.isVisibleTo(page) is (state is not PaymentState.PAID)
    if state is PaymentState.PAID:
        with qtbot.assertNotEmitted(page.finished):
            qtbot.keyClick(page, Qt.Key.Key_Escape)
    page.leave()


def test_finished_photo_is_saved_to_a_chosen_folder(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    message_boxes: Any,
    good_still: np.ndarray,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    language("zh_CN")
    station = make_station()
    capture = station.capture
    student = capture.verify_code(demo_codes(12)[11]).student
    draft = capture.submit_still(student.id, [good_still]).draft
    upload = capture.confirm_upload(student.id, draft.id)
    # The provincial service has produced the finished photo (as the sync poller stores it).
    finished = station.photos.path("finished_test.jpg")
    finished.parent.mkdir(parents=True, exist_ok=True)
    finished.write_bytes(Path(upload.photo_path).read_bytes())
    with station.db.session() as s:
        row = s.get(Upload, upload.id)
        row.finished_path = "finished_test.jpg"
        row.remote_status = "finished"
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    window = make_window(station)
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    flow.open_page(student, Step.DOWNLOAD)
    view = flow.download.view
    assert view.state_label.text() == "成品照片已生成，请插入U盘后点击保存。"
    assert view.photo_view.image is not None and view.save_button.isEnabled()
    qtbot.keyClick(flow.download, Qt.Key.Key_Return)
    saved = usb / f"{student.student_no}.jpg"
    assert saved.read_bytes() == finished.read_bytes()
    assert message_boxes.texts() == [f"已保存为 {saved}"]


def test_station_login_messages_and_lockout(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    clock: FakeClock,
) -> None:
    language("zh_CN")
    window = make_window(make_station())
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page)
    form = window.login_page.form
    assert window.login_page.demo_label.text() == "演示模式：用户名 admin，密码 demo-admin"
    assert not window.staff_actions.unlock_action.isEnabled()  # closed station: no staff menu
    form.user_edit.clear()
    qtbot.mouseClick(form.login_button, Qt.MouseButton.LeftButton)
    assert form.message_label.text() == "请输入用户名和密码。"
    qtbot.keyClicks(form.user_edit, "admin")
    for _ in range(5):
        qtbot.keyClicks(form.password_edit, "not-the-password")
        qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
        assert form.password_edit.text() == ""
    text = form.message_label.text()
    assert text.startswith("密码错误次数过多，账号已锁定至") and text.endswith("。")
    qtbot.keyClicks(form.password_edit, "demo-admin")  # right password, still locked
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
    assert window.flow.step is None and form.message_label.text() == text
    clock.advance(minutes=16)
    qtbot.keyClicks(form.password_edit, "demo-admin")
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
    assert window.flow.step is Step.CODE
    assert window.staff_actions.unlock_action.isEnabled()


def test_staff_menu_opens_the_console_after_a_login(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    active: Any,
) -> None:
    from tucai_desk.ui.console import ConsoleWindow

    language("zh_CN")
    window = make_window(make_station())
    login(window)
    actions = window.staff_actions
    actions.sign_out_action.trigger()
    actions.console_action.trigger()
    assert window.console is None  # nothing opens before the login
    _staff_login(qtbot, active, actions)
    qtbot.waitUntil(lambda: window.console is not None, timeout=3000)
    assert isinstance(window.console, ConsoleWindow)
    assert window.console.session.username == "admin"
    window.console.close()
