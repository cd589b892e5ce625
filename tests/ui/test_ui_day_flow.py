# SPDX-License-Identifier: MIT
"""A capture day as operators live it: a locked student is told at page 1, no page is a dead end,
the attempts left are shown, and a staff change clears what no longer holds."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from test_ui_capture_locks import DRAFTS_LINE, LIVENESS_LOCK, NO_FACE, local, take_photo

from tucai_desk.core.clock import FakeClock
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.demo import demo_codes
from tucai_desk.ui.flow import Step

LEFT = Qt.MouseButton.LeftButton


def _lock_text(until: Any) -> str:
    return f"请仔细阅读拍摄要求，可于{local(until)}后重新拍摄。"


def test_a_liveness_locked_student_sees_the_lock_at_code_check(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    good_still: np.ndarray,
) -> None:
    language("zh_CN")
    station = make_station()
    code = demo_codes(3)[2]
    student = station.capture.verify_code(code).student
    assert station.capture.submit_still(student.id, [good_still]).passed  # one draft
    for _ in range(3):
        station.capture.record_liveness_failure(student.id, "timeout")
    window = make_window(station)
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    view = flow.code.view
    qtbot.keyClicks(view.code_edit, code)
    qtbot.keyClick(view.code_edit, Qt.Key.Key_Return)
    # Page 1 says it at once, with the programme's texts; the student goes no further.
    assert flow.step is Step.CODE
    assert view.lock_label.isVisible()
    assert view.lock_label.text() == f"{LIVENESS_LOCK}\n{DRAFTS_LINE}"
    assert view.drafts_button.isVisible() and view.drafts_button.text() == "去草稿箱"
    # 去草稿箱: the drafts stay usable.
    qtbot.mouseClick(view.drafts_button, LEFT)
    assert flow.step is Step.DRAFTS and flow.student is not None
    assert flow.student.id == student.id
    qtbot.waitUntil(lambda: len(flow.drafts.cards) == 1)
    # The draft box leads back to the start as well as to the camera.
    qtbot.mouseClick(flow.drafts.view.finish_button, LEFT)
    assert flow.step is Step.CODE and flow.student is None
    assert not view.lock_label.isVisible()
    # No challenge ran meanwhile and none counts later: the service refuses to count it.
    station.capture.record_liveness_failure(student.id, "timeout")
    assert station.capture.locks(student.id).liveness_failures == 3


def test_a_timed_lock_without_drafts_at_code_check(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    clock: FakeClock,
) -> None:
    language("zh_CN")
    station = make_station(cooldown_seconds=0, timed_lock_after=1, timed_lock_minutes=30)
    code = demo_codes(4)[3]
    student = station.capture.verify_code(code).student
    outcome = station.capture.submit_still(student.id, [NO_FACE])
    assert outcome.gate.reason is BlockReason.TIMED_LOCK
    window = make_window(station)
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    flow.code.verify(code)
    view = flow.code.view
    assert flow.step is Step.CODE
    assert view.lock_label.text() == _lock_text(clock.now() + timedelta(minutes=30))
    assert not view.drafts_button.isVisible()
    # Typing another code takes the lock away; once the lock ran out the code lets in.
    qtbot.keyClicks(view.code_edit, "x")
    assert not view.lock_label.isVisible()
    clock.advance(minutes=31)
    flow.code.verify(code)
    assert flow.step is Step.INFO


def test_a_staff_unlock_lets_the_student_on_from_code_check(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any
) -> None:
    language("zh_CN")
    station = make_station()
    code = demo_codes(9)[8]
    student = station.capture.verify_code(code).student
    for _ in range(3):
        station.capture.record_liveness_failure(student.id, "timeout")
    window = make_window(station)
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    flow.code.verify(code)
    assert flow.code.locked_student is not None and flow.step is Step.CODE
    admin = station.staff.login("admin", "demo-admin")
    station.staff.unlock_liveness(admin, student.id, "本人到场核实")
    flow.refresh_after_staff_change()  # as the unlock dialog and the console do
    assert flow.step is Step.INFO and flow.student is not None
    assert flow.student.id == student.id


def test_the_timed_lock_result_page_is_no_dead_end(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    clock: FakeClock,
    good_camera_clip: Path,
) -> None:
    language("zh_CN")
    station = make_station(cooldown_seconds=0, timed_lock_after=3, timed_lock_minutes=30)
    window = make_window(station, camera_spec=f"file:{good_camera_clip}")
    login(window)
    student = walk_to_capture(window, demo_codes(5)[4])
    flow = window.flow
    result = flow.result
    # Each failure before the lock says how many attempts are left.
    take_photo(qtbot, window, NO_FACE)
    assert result.view.lock_label.text() == "还剩 2 次机会。"
    qtbot.keyClick(result, Qt.Key.Key_Escape)
    take_photo(qtbot, window, NO_FACE)
    assert result.view.lock_label.text() == "还剩 1 次机会。"
    qtbot.keyClick(result, Qt.Key.Key_Escape)
    outcome = take_photo(qtbot, window, NO_FACE)
    assert outcome.gate.reason is BlockReason.TIMED_LOCK
    lock = _lock_text(clock.now() + timedelta(minutes=30))
    assert result.view.lock_label.text() == lock
    assert not result.view.retake_button.isEnabled()
    # Staff clear the timed lock: the old "可于…后重新拍摄" line goes and 重拍 works again.
    admin = station.staff.login("admin", "demo-admin")
    station.staff.clear_timed_lock(admin, student.id, "已核实")
    flow.refresh_after_staff_change()
    qtbot.waitUntil(lambda: result.view.retake_button.isEnabled())
    assert "重新拍摄" not in result.view.lock_label.text()
    # A way out: back to the start.
    finish = result.view.finish_button
    assert finish.isVisible() and finish.isEnabled() and finish.text() == "返回首页"
    qtbot.mouseClick(finish, LEFT)
    assert flow.step is Step.CODE and flow.student is None


def test_a_failed_photo_shows_the_still_with_the_cut_side_marked(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    good_camera_clip: Path,
    good_still: np.ndarray,
) -> None:
    # The student sits so far to the side that the head would be cut at the photo's left edge:
    # no photo can be made, so the page shows the still itself, marks the cut side and says what
    # the live view says for it.
    language("zh_CN")
    window = make_window(make_station(cooldown_seconds=0), camera_spec=f"file:{good_camera_clip}")
    login(window)
    walk_to_capture(window, demo_codes(7)[6])
    outcome = take_photo(qtbot, window, np.ascontiguousarray(good_still[:, 320:]))
    assert [(r.code.value, r.detail) for r in outcome.verdict.failures] == [
        ("geometry", "cut_left")
    ]
    assert outcome.jpeg is None
    view = window.flow.result.view.photo_view
    assert view.image is not None and view.image.width() == 580
    assert view.mark == (0.0, 0.0, 0.1, 1.0)
    assert window.flow.result.view.first_reason.text() == "请向您的左侧移动一点"
    shot = view.grab().toImage()
    box = view.image_rect()
    red = shot.pixelColor(int(box.x() + 3), int(box.center().y()))
    assert red.red() > 180 and red.green() < 120  # the mark is painted on the left edge


def test_ctrl_q_asks_before_quitting_mid_student(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    message_boxes: Any,
) -> None:
    language("zh_CN")
    window = make_window(make_station())
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    flow.code.verify(demo_codes(8)[7])
    assert flow.step is Step.INFO
    message_boxes.answers.append(1)  # 取消: the station stays
    window.staff_actions.quit_action.trigger()
    assert message_boxes[-1]["buttons"] == ["退出", "取消"]
    assert "正在采集" in message_boxes[-1]["text"]
    assert window.isVisible() and flow.step is Step.INFO
    message_boxes.answers.append(0)  # 退出
    window.staff_actions.quit_action.trigger()
    assert not window.isVisible()
