# SPDX-License-Identifier: MIT
"""Pages 7–10 under the programme's rules: the capture gate's messages for each lock and for a
full draft box, the cooldown countdown, liveness wired to the lockout, and the staff unlock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import Qt

from tucai_desk.core.clock import FakeClock
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.demo import demo_codes
from tucai_desk.store.staff_repo import StaffRepository
from tucai_desk.ui.flow import Step
from tucai_desk.vision.live.guidance import framing_overlay
from tucai_desk.vision.live.model import (
    ChallengeStep,
    GuidanceHint,
    LivenessFailure,
    LivenessState,
    LivenessStatus,
    LiveResult,
)

LEFT = Qt.MouseButton.LeftButton
LIVENESS_LOCK = "系统检测到您的照片多次未通过活体检测，请联系学校图采工作部门进行账号解锁。"
DRAFTS_LINE = "系统检测到草稿箱有照片，可以选择进行上传。"
DRAFT_FULL = "草稿箱已满，请前往草稿箱删除或使用草稿箱照片"
NO_FACE = np.full((720, 960, 3), 185, np.uint8)  # an empty backdrop: the photo fails


def local(moment: Any) -> str:
    return moment.astimezone().strftime("%Y年%m月%d日 %H:%M:%S")


def take_photo(qtbot: Any, window: Any, still: np.ndarray | None = None) -> Any:
    """Space on page 7 (or a given still, as a camera pointed elsewhere), then OK on page 8."""
    flow = window.flow
    if still is None:
        qtbot.waitUntil(lambda: flow.capture_page.can_capture, timeout=10000)
        qtbot.keyClick(flow.capture_page, Qt.Key.Key_Space)
    else:
        flow.take_still([still])
    assert flow.step is Step.PREVIEW
    qtbot.keyClick(flow.preview, Qt.Key.Key_Return)
    assert flow.step is Step.RESULT and flow.result.outcome is not None
    return flow.result.outcome


def test_cooldown_counts_down_on_the_retake_button(
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
    window = make_window(make_station(cooldown_seconds=10), camera_spec=f"file:{good_camera_clip}")
    login(window)
    walk_to_capture(window, demo_codes(1)[0])
    outcome = take_photo(qtbot, window, NO_FACE)
    result = window.flow.result
    assert not outcome.passed and outcome.gate.reason is BlockReason.COOLDOWN
    assert result.view.first_reason.text() == "未检测到人脸，请站在镜头正前方并正视镜头"
    button = result.view.retake_button
    assert button.text() == "重拍（冷静期 10 秒）" and not button.isEnabled()
    qtbot.keyClick(result, Qt.Key.Key_Escape)  # Esc does nothing during the cooldown
    assert window.flow.step is Step.RESULT
    clock.advance(seconds=4)
    qtbot.waitUntil(lambda: button.text() == "重拍（冷静期 6 秒）")
    assert not button.isEnabled()
    clock.advance(seconds=6)
    qtbot.waitUntil(button.isEnabled)
    assert button.text() == "重拍 (Esc)"
    qtbot.keyClick(result, Qt.Key.Key_Escape)
    assert window.flow.step is Step.CAPTURE


def test_a_passing_photo_shows_its_warnings(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    good_camera_clip: Path,
    photos_dir: Path,
) -> None:
    # A tight studio portrait: production continues the clothing below the still, so the photo
    # passes with a warning, and the page says what staff and student may still want to change.
    language("zh_CN")
    window = make_window(make_station(), camera_spec=f"file:{good_camera_clip}")
    login(window)
    walk_to_capture(window, demo_codes(6)[5])
    outcome = take_photo(qtbot, window, cv2.imread(str(photos_dir / "good_london_010.jpg")))
    assert outcome.passed
    assert "clothing_extended" in [r.code.value for r in outcome.verdict.warnings]
    notes = window.flow.result.view.more_reasons
    assert notes.isVisible() and notes.property("role") == "note"
    assert notes.text().startswith("请注意（如有需要可以重拍）：")
    assert "• 照片底部的衣服是站点补画的" in notes.text()


def test_timed_lock_message_with_drafts(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    clock: FakeClock,
    good_camera_clip: Path,
    message_boxes: Any,
    active: Any,
) -> None:
    language("zh_CN")
    station = make_station(cooldown_seconds=0, timed_lock_after=1, timed_lock_minutes=30)
    window = make_window(station, camera_spec=f"file:{good_camera_clip}")
    login(window)
    walk_to_capture(window, demo_codes(2)[1])
    flow = window.flow
    assert take_photo(qtbot, window).passed  # one photo in the draft box
    qtbot.keyClick(flow.result, Qt.Key.Key_Escape)
    outcome = take_photo(qtbot, window, NO_FACE)
    until = clock.now() + timedelta(minutes=30)
    lock_text = f"请仔细阅读拍摄要求，可于{local(until)}后重新拍摄。"
    assert outcome.gate.reason is BlockReason.TIMED_LOCK
    assert flow.result.view.lock_label.text() == f"{lock_text}\n{DRAFTS_LINE}"
    assert not flow.result.view.retake_button.isEnabled()
    # Back on page 7 (through the draft box): the programme's dialog, with the draft-box button.
    qtbot.keyClick(flow.result, Qt.Key.Key_Return)
    assert flow.step is Step.DRAFTS
    message_boxes.answers.append(1)  # 确定: stay on the capture page
    qtbot.keyClick(flow.drafts, Qt.Key.Key_Escape)
    assert flow.step is Step.CAPTURE
    assert message_boxes[-1] == {
        "text": lock_text,
        "informative": DRAFTS_LINE,
        "buttons": ["去草稿箱", "确定"],
    }
    assert not flow.capture_page.can_capture
    assert flow.capture_page.view.live_view.message_text == f"{lock_text}\n{DRAFTS_LINE}"
    qtbot.keyClick(flow.capture_page, Qt.Key.Key_Space)
    assert flow.step is Step.CAPTURE
    # The lock ends at its time.
    clock.advance(minutes=31)
    flow.capture_page.check_gate()
    qtbot.waitUntil(lambda: flow.capture_page.can_capture, timeout=5000)


def test_draft_box_full_message(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    good_camera_clip: Path,
    message_boxes: Any,
    active: Any,
) -> None:
    language("zh_CN")
    station = make_station(cooldown_seconds=0, draft_capacity=1)
    window = make_window(station, camera_spec=f"file:{good_camera_clip}")
    login(window)
    walk_to_capture(window, demo_codes(3)[2])
    flow = window.flow
    assert take_photo(qtbot, window).passed
    qtbot.keyClick(flow.result, Qt.Key.Key_Escape)  # 重拍: the box is full now
    assert message_boxes[-1] == {"text": DRAFT_FULL, "informative": "", "buttons": ["确定"]}
    assert flow.step is Step.DRAFTS  # 确定 leads to the draft box
    assert len(flow.drafts.cards) == 1


class ScriptedLiveness:
    """Stands in for the live analyser on a recorded clip (a recording cannot do the challenge):
    the challenge runs for a few frames and then ends as scripted."""

    def __init__(self, outcome: LivenessState) -> None:
        self.outcome = outcome
        self.frames = 0
        self.restarts = 0

    def analyze(self, frame: np.ndarray, t_ms: float) -> LiveResult:
        self.frames += 1
        h, w = frame.shape[:2]
        done = self.frames > 3
        status = LivenessStatus(
            state=self.outcome if done else LivenessState.RUNNING,
            prompt=None if done else ChallengeStep.BLINK,
            step_index=0,
            step_count=3,
            remaining_ms=None if done else 3000.0,
            failure=LivenessFailure.TIMEOUT
            if done and self.outcome is LivenessState.FAILED
            else None,
        )
        return LiveResult(
            hint=GuidanceHint.READY,
            ready=True,
            overlay=framing_overlay(w, h),
            face_box=(0.4, 0.2, 0.6, 0.6),
            liveness=status,
        )

    def restart_challenge(self, seed: int | None = None) -> None:
        self.frames = 0
        self.restarts += 1

    def close(self) -> None:
        pass


def test_liveness_failures_lock_the_account(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    good_camera_clip: Path,
    message_boxes: Any,
    active: Any,
) -> None:
    language("zh_CN")
    station = make_station()
    station.set_liveness_enabled(True)
    analyzer = ScriptedLiveness(LivenessState.FAILED)
    window = make_window(
        station, camera_spec=f"file:{good_camera_clip}", analyzer=lambda liveness: analyzer
    )
    assert not window.liveness_banner.isVisibleTo(window)
    login(window)
    student = walk_to_capture(window, demo_codes(4)[3])
    page = window.flow.capture_page
    # A failed challenge is said on the page (no box to click away), the next one starts.
    qtbot.waitUntil(lambda: page.liveness_notice != "", timeout=20000)
    notice = "活体检测未通过，请按提示重新完成动作。未在规定时间内完成动作。"
    assert page.liveness_notice == notice
    assert page.view.status_label.text() == notice
    qtbot.waitUntil(lambda: LIVENESS_LOCK in message_boxes.texts(), timeout=20000)
    assert message_boxes.texts() == [LIVENESS_LOCK]  # only the lock itself is a dialog
    assert message_boxes[-1] == {"text": LIVENESS_LOCK, "informative": "", "buttons": ["确定"]}
    assert analyzer.restarts >= 2
    locks = station.capture.locks(student.id)
    assert locks.liveness_locked and locks.liveness_failures == 3
    assert not page.can_capture
    assert page.view.live_view.message_text == LIVENESS_LOCK


def test_liveness_pass_allows_the_capture(
    qtbot: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    good_camera_clip: Path,
) -> None:
    station = make_station()
    station.set_liveness_enabled(True)
    analyzer = ScriptedLiveness(LivenessState.PASSED)
    window = make_window(
        station, camera_spec=f"file:{good_camera_clip}", analyzer=lambda liveness: analyzer
    )
    login(window)
    walk_to_capture(window, demo_codes(5)[4])
    page = window.flow.capture_page
    qtbot.waitUntil(lambda: page.view.live_view.prompt_text.startswith("Please blink."))
    assert not page.can_capture
    qtbot.waitUntil(lambda: page.can_capture, timeout=10000)
    assert "Liveness check passed" in page.view.live_view.prompt_text
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert window.flow.step is Step.PREVIEW


def test_staff_unlock_path(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    good_camera_clip: Path,
    message_boxes: Any,
    active: Any,
    ime_type: Any,
) -> None:
    language("zh_CN")
    station = make_station()
    code = demo_codes(6)[5]
    window = make_window(station, camera_spec=f"file:{good_camera_clip}")
    login(window)
    student = walk_to_capture(window, code)
    for _ in range(3):  # locked meanwhile (e.g. at another station)
        station.capture.record_liveness_failure(student.id, "timeout")
    page = window.flow.capture_page
    page.check_gate(announce=True)
    assert message_boxes[-1]["text"] == LIVENESS_LOCK
    qtbot.waitUntil(lambda: page._camera_state == "running", timeout=10000)
    assert not page.can_capture

    # Signed out, 工作人员 → 解锁账号 asks for a staff login first; a wrong password is refused.
    actions = window.staff_actions
    actions.sign_out_action.trigger()
    assert window.staff_label.text() == "未登录工作人员"
    assert actions.unlock_action.text() == "解锁账号…"
    actions.unlock_action.trigger()
    login_dialog = active(actions.login_dialog)
    assert login_dialog is not None
    qtbot.keyClicks(login_dialog.form.user_edit, "admin")
    qtbot.keyClicks(login_dialog.form.password_edit, "wrong-password")
    qtbot.keyClick(login_dialog.form.password_edit, Qt.Key.Key_Return)
    assert login_dialog.form.message_label.text() == "用户名或密码错误。"
    assert actions.unlock_dialog is None
    qtbot.keyClicks(login_dialog.form.password_edit, "demo-admin")
    qtbot.keyClick(login_dialog.form.password_edit, Qt.Key.Key_Return)

    # The unlock dialog opens on the current student; a reason is required.
    dialog = actions.unlock_dialog
    assert dialog is not None and dialog.student.id == student.id
    assert "活体锁定：已锁定" in dialog.locks_label.text()
    assert not dialog.liveness_button.isEnabled()
    ime_type(dialog.reason_edit, "已核实本人身份，现场重新拍摄")
    assert dialog.liveness_button.isEnabled()
    qtbot.mouseClick(dialog.liveness_button, LEFT)
    assert dialog.message_label.text() == "已解除活体锁定。"
    assert "活体锁定：未锁定" in dialog.locks_label.text()
    dialog.accept()
    active(window)  # the station window has the keyboard again

    # The capture page asks the gate again: the student may take the photo now.
    qtbot.waitUntil(lambda: page.can_capture, timeout=5000)
    assert page.view.live_view.message_text == ""
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert window.flow.step is Step.PREVIEW
    assert not station.capture.locks(student.id).liveness_locked
    trail = StaffRepository(station.db, FakeClock(), station.settings.station_id).audit_trail(
        student.id
    )
    unlocks = [r for r in trail if r.action == "unlock_liveness"]
    assert len(unlocks) == 1 and unlocks[0].detail["reason"] == "已核实本人身份，现场重新拍摄"


def test_operator_account_may_not_unlock(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    message_boxes: Any,
    active: Any,
) -> None:
    language("zh_CN")
    station = make_station()
    admin = station.staff.login("admin", "demo-admin")
    station.staff.create_account(admin, "operator1", "operator-pass-1", "operator")
    window = make_window(station)
    login(window)
    actions = window.staff_actions
    actions.sign_out_action.trigger()
    actions.unlock_action.trigger()
    dialog = active(actions.login_dialog)
    qtbot.keyClicks(dialog.form.user_edit, "operator1")
    qtbot.keyClicks(dialog.form.password_edit, "operator-pass-1")
    qtbot.keyClick(dialog.form.password_edit, Qt.Key.Key_Return)
    assert message_boxes.texts() == ["您的工作人员账号无权进行此操作。"]
    assert actions.unlock_dialog is None
