# SPDX-License-Identifier: MIT
"""Pages 2–6: the phone number rule, the read-to-the-end gate and the video gate."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from tucai_desk.services.demo import demo_codes
from tucai_desk.store.students import StudentRepository
from tucai_desk.ui.flow import Step
from tucai_desk.ui.pages.video_page import SHOW_INTERVAL_S


@pytest.fixture
def at_info(qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any) -> Any:
    """A window with a demo student on page 2."""
    language("zh_CN")
    window = make_window(make_station())
    login(window)
    qtbot.waitUntil(lambda: window.flow.step is Step.CODE)
    window.flow.code.verify(demo_codes(1)[0])  # the first demo student has no phone yet
    assert window.flow.step is Step.INFO
    return window


@pytest.mark.parametrize(
    ("typed", "valid", "message"),
    [
        ("1391234567", False, "请输入正确的11位手机号码。"),
        ("139123456789", False, "请输入正确的11位手机号码。"),
        ("12912345678", False, "请输入正确的11位手机号码。"),
        ("abcdefghijk", False, "请输入正确的11位手机号码。"),
        ("13912345678", True, ""),
        ("+86 139 1234 5678", True, ""),
        ("199-1234-5678", True, ""),
    ],
)
def test_phone_number_is_checked_as_typed(
    qtbot: Any, at_info: Any, typed: str, valid: bool, message: str
) -> None:
    info = at_info.flow.info
    info.view.phone_edit.clear()
    qtbot.keyClicks(info.view.phone_edit, typed)
    assert info.view.confirm_button.isEnabled() is valid
    assert info.view.phone_error.text() == message
    qtbot.keyClick(info.view.phone_edit, Qt.Key.Key_Return)
    assert at_info.flow.step is (Step.NOTICE if valid else Step.INFO)


def test_no_phone_error_before_anything_was_typed_or_left(qtbot: Any, at_info: Any) -> None:
    info = at_info.flow.info
    assert info.view.phone_edit.text() == "" and info.view.phone_edit.hasFocus()
    assert info.view.phone_error.text() == ""  # nothing done yet: no red text
    assert not info.view.confirm_button.isEnabled()
    qtbot.keyClick(info.view.phone_edit, Qt.Key.Key_Return)  # tried to go on with nothing
    assert info.view.phone_error.text() == "请输入手机号码。"
    assert at_info.flow.step is Step.INFO


def test_back_on_page_two_returns_to_an_empty_page_one(qtbot: Any, at_info: Any) -> None:
    qtbot.keyClick(at_info.flow.info, Qt.Key.Key_Escape)
    assert at_info.flow.step is Step.CODE and at_info.flow.student is None


def test_notice_needs_scrolling_to_the_end(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, login: Any
) -> None:
    language("zh_CN")
    station = make_station()
    school = station.school
    long_notice = "<h2>通知</h2>" + "".join(f"<p>第 {i} 条注意事项。</p>" for i in range(80))
    StudentRepository(station.db).upsert_school(school.code, school.name, notice_html=long_notice)
    window = make_window(station)
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    flow.code.verify(demo_codes(1)[0])
    qtbot.keyClicks(flow.info.view.phone_edit, "13912345678")
    qtbot.keyClick(flow.info.view.phone_edit, Qt.Key.Key_Return)
    assert flow.step is Step.NOTICE
    page = flow.notice
    bar = page.view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert not page.view.next_button.isEnabled()
    assert page.view.read_hint.text() == "请阅读至末尾后点击“下一步”。"
    qtbot.keyClick(page, Qt.Key.Key_Return)  # Enter does nothing yet
    assert flow.step is Step.NOTICE
    bar.setValue(bar.maximum() // 2)
    assert not page.view.next_button.isEnabled()
    for _ in range(40):  # the student pages down with the keyboard
        if page.view.next_button.isEnabled():
            break
        qtbot.keyClick(page.view.browser, Qt.Key.Key_PageDown)
    assert page.view.next_button.isEnabled()
    assert bar.value() == bar.maximum()
    qtbot.keyClick(page, Qt.Key.Key_Escape)  # back and forth: it stays read
    assert flow.step is Step.INFO
    qtbot.keyClick(flow.info.view.phone_edit, Qt.Key.Key_Return)
    assert flow.step is Step.NOTICE and page.view.next_button.isEnabled()


def test_end_of_media_alone_does_not_unlock(qtbot: Any, at_info: Any, walk_to_video: Any) -> None:
    video = walk_to_video(at_info)
    video.player.stop()
    video.player.mediaStatusChanged.emit(QMediaPlayer.MediaStatus.EndOfMedia)
    assert not video.watched
    assert video.view.status_label.text() == "视频未完整播放，请重新观看。"


def test_position_at_the_end_without_frames_does_not_unlock(
    qtbot: Any, at_info: Any, walk_to_video: Any
) -> None:
    """A video the decoder cannot show (an AV1 file here) still moves and ends: not watched."""
    video = walk_to_video(at_info)
    video.player.stop()
    video.gate.start(2000)
    for position in range(0, 2001, 200):
        video.player.positionChanged.emit(position)
    video.player.mediaStatusChanged.emit(QMediaPlayer.MediaStatus.EndOfMedia)
    assert video.gate.frames == 0
    assert not video.watched


def test_seeking_ahead_is_undone(qtbot: Any, at_info: Any, walk_to_video: Any) -> None:
    video = walk_to_video(at_info)
    video.player.pause()
    qtbot.waitUntil(lambda: video.player.duration() > 0)
    assert video.player.position() < 1000
    video.player.setPosition(video.player.duration() - 50)
    qtbot.waitUntil(lambda: video.player.position() < video.player.duration() - 1000)
    assert not video.watched


def test_real_playback_unlocks_and_is_remembered(
    qtbot: Any, at_info: Any, walk_to_video: Any, requirements_clip: Path
) -> None:
    flow = at_info.flow
    video = walk_to_video(at_info)
    assert video.view.title_label.text() == "拍摄要求"
    assert not video.view.next_button.isEnabled()
    assert video.player.playbackRate() == 4.0
    qtbot.waitUntil(lambda: video.watched, timeout=15000)
    assert video.gate.frames > 10 and video.gate.coverage >= 0.8
    student = flow.student
    assert at_info.station.capture.student(student.id).video_watched
    # Back to page 5 and forward again: the student need not watch it twice.
    qtbot.keyClick(video, Qt.Key.Key_Escape)
    assert flow.step is Step.NOTIFY
    qtbot.keyClick(flow.notify, Qt.Key.Key_Return)
    assert flow.step is Step.VIDEO and video.watched
    qtbot.keyClick(video, Qt.Key.Key_Return)
    assert flow.step is Step.CAPTURE


def test_video_is_painted_at_screen_rate_and_let_go_of_after_the_page(
    qtbot: Any, at_info: Any, walk_to_video: Any, requirements_clip: Path
) -> None:
    """At a raised rate the player delivers more frames than a screen shows: every one counts
    for the gate, but only the screen's share is converted and painted. Leaving the page closes
    the file (its decoder and buffers are freed between students); coming back opens it again."""
    flow = at_info.flow
    video = walk_to_video(at_info)
    started = time.monotonic()
    shown: list[object] = []
    video.frame_shown.connect(lambda: shown.append(video.view.video_view.image))
    qtbot.waitUntil(lambda: video.watched, timeout=15000)
    elapsed = time.monotonic() - started
    assert shown and all(image is not None for image in shown)
    assert len(shown) <= elapsed / SHOW_INTERVAL_S + 1
    assert video.gate.frames > len(shown)
    qtbot.keyClick(video, Qt.Key.Key_Return)
    assert flow.step is Step.CAPTURE
    assert video.player.source().isEmpty()
    assert video.view.video_view.image is None
    flow.capture_page.back_requested.emit()
    assert flow.step is Step.VIDEO
    assert video.player.source().toLocalFile() == str(requirements_clip)
    qtbot.waitUntil(lambda: video.view.video_view.image is not None, timeout=15000)
