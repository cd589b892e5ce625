# SPDX-License-Identifier: MIT
"""The student-facing window: it follows the student through the flow in large type, shows the
live view from the frames the main window already has, the liveness prompt, the hints and the
locks, and closes with the main window; with two screens it goes full screen on the other one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from tucai_desk.core.policies import BlockReason
from tucai_desk.services.demo import demo_codes
from tucai_desk.ui.flow import Step
from tucai_desk.ui.student_screen import StudentScreen
from tucai_desk.ui.student_screen_placement import (
    ENV_VAR,
    ScreenMode,
    choose_screen,
    screen_mode,
)
from tucai_desk.vision.live.guidance import framing_overlay
from tucai_desk.vision.live.model import (
    ChallengeStep,
    GuidanceHint,
    LivenessState,
    LivenessStatus,
    LiveResult,
)

NO_FACE = np.full((720, 960, 3), 185, np.uint8)  # an empty backdrop: the photo fails
REPO = Path(__file__).resolve().parents[2]


class BlinkPrompt:
    """A recorded clip cannot do the liveness challenge: this analyser keeps asking for a blink
    and says the student should come closer."""

    def analyze(self, frame: np.ndarray, t_ms: float) -> LiveResult:
        h, w = frame.shape[:2]
        status = LivenessStatus(LivenessState.RUNNING, ChallengeStep.BLINK, 0, 3, 3000.0, None)
        return LiveResult(GuidanceHint.COME_CLOSER, False, framing_overlay(w, h), None, status)

    def restart_challenge(self, seed: int | None = None) -> None:
        pass

    def close(self) -> None:
        pass


def pixels(label: QLabel) -> int:
    return QFontInfo(label.font()).pixelSize()


def student_windows() -> list[StudentScreen]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, StudentScreen) and w.isVisible()
    ]


def test_student_window_follows_the_flow(
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    good_camera_clip: Path,
    message_boxes: Any,
) -> None:
    monkeypatch.setenv(ENV_VAR, "force")
    language("zh_CN")
    station = make_station(cooldown_seconds=0, timed_lock_after=1)
    station.set_liveness_enabled(True)
    window = make_window(
        station, camera_spec=f"file:{good_camera_clip}", analyzer=lambda _: BlinkPrompt()
    )
    flow, capture = window.flow, station.capture
    screen = window.student_screen.window
    assert screen is not None and screen.isVisible() and screen.isWindow()
    assert student_windows() == [screen]
    assert window.isActiveWindow()  # the keyboard stays with the operator
    assert screen.title_label.text() == "学历图像采集"  # closed to students until staff log in
    screen.resize(1280, 800)  # the offscreen "screen" is 800×600: a monitor's size instead

    login(window)
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    # 1: the page's title and text, in type larger than the main window's large type.
    code = flow.code.view
    qtbot.waitUntil(lambda: screen.title_label.text() == "验证采集码")
    assert code.intro_label.text() in screen.shown_texts()
    assert pixels(screen.title_label) > pixels(code.title_label)
    assert pixels(screen.lines[0]) > pixels(code.intro_label)
    qtbot.keyClicks(code.code_edit, "JS3200100000012X")
    qtbot.keyClick(code.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: code.error_label.text() in screen.shown_texts())

    # 2: the student checks their own details there; the programme's red warning too.
    student = capture.verify_code(demo_codes(2)[1]).student
    capture.mark_video_watched(student.id)
    code.code_edit.clear()
    qtbot.keyClicks(code.code_edit, demo_codes(2)[1])
    qtbot.keyClick(code.code_edit, Qt.Key.Key_Return)
    assert flow.step is Step.INFO
    shown = "\n".join(screen.shown_texts())
    for expected in ("信息核对", "第 2 步", student.name, student.student_no, "请核实确认本人信息"):
        assert expected in shown
    if not flow.info.view.confirm_button.isEnabled():
        qtbot.keyClicks(flow.info.view.phone_edit, "13912345678")
    qtbot.keyClick(flow.info.view.phone_edit, Qt.Key.Key_Return)

    # 3–4: the notice itself, following the scroll position of the main window.
    for page, title in ((flow.notice, "学校图采通知"), (flow.precautions, "注意事项")):
        assert screen.title_label.text() == title
        main_text = page.view.browser.document().toPlainText()
        assert main_text and screen.browser.document().toPlainText() == main_text
        bar = page.view.browser.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda page=page: page.read)
        own = screen.browser.verticalScrollBar()  # the end is on the student's screen too
        qtbot.waitUntil(lambda own=own: own.value() == own.maximum())
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert flow.step is Step.NOTIFY
    qtbot.waitUntil(lambda: any("接收照片状态通知" in t for t in screen.shown_texts()))
    qtbot.keyClick(flow.notify, Qt.Key.Key_Return)

    # 6: the requirements video plays there too (the frames the page decoded already).
    assert flow.step is Step.VIDEO
    qtbot.waitUntil(lambda: screen.image_view.image is not None, timeout=10000)
    assert screen.title_label.text() == "拍摄要求"
    qtbot.keyClick(flow.video, Qt.Key.Key_Return)

    # 7: the live view gets the very frames of the main live view; prompt and hint follow.
    assert flow.step is Step.CAPTURE
    live = flow.capture_page.view.live_view
    qtbot.waitUntil(lambda: screen.live_view.frames_shown > 2, timeout=10000)
    assert screen.live_view.frame is not None and live.frame is not None
    assert screen.live_view.frame.cacheKey() == live.frame.cacheKey()
    qtbot.waitUntil(lambda: "眨眼" in screen.prompt_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: screen.prompt_label.text() == live.prompt_text)
    assert screen.prompt_label.isVisibleTo(screen)
    qtbot.waitUntil(lambda: live.hint_text != "" and live.hint_text in screen.shown_texts())

    # 8–9: the still (after a liveness pass: the service insists), then why it failed and the
    # lock it caused.
    capture.record_liveness_pass(student.id)
    flow.take_still([NO_FACE])
    assert flow.step is Step.PREVIEW
    still = flow.preview.view.still_view.image
    assert still is not None and screen.image_view.image is not None
    assert screen.image_view.image.cacheKey() == still.cacheKey()
    qtbot.keyClick(flow.preview, Qt.Key.Key_Return)
    result = flow.result
    assert flow.step is Step.RESULT and result.outcome is not None
    assert result.outcome.gate.reason is BlockReason.TIMED_LOCK
    lock_text = result.view.lock_label.text()
    qtbot.waitUntil(lambda: lock_text in screen.shown_texts())
    assert result.view.first_reason.text() in screen.shown_texts()
    assert screen.title_label.text() == "制作与检测"

    # Back on page 7 the lock lies across the live view, on both screens.
    flow.open_page(student, Step.CAPTURE)
    qtbot.waitUntil(lambda: live.message_text != "")
    qtbot.waitUntil(lambda: screen.live_view.message_text == live.message_text)
    assert live.message_text in screen.shown_texts() and "请仔细阅读拍摄要求" in live.message_text
    assert screen.prompt_label.text() == ""  # no challenge while capture is locked

    # Staff lock the station: nothing of the student is left on the student window.
    window.lock_station()
    qtbot.waitUntil(lambda: screen.title_label.text() == "学历图像采集")
    assert student.name not in "\n".join(screen.shown_texts())

    window.close()
    assert not screen.isVisible()
    assert window.student_screen.window is None and student_windows() == []


def test_one_screen_opens_no_student_window_unless_forced(
    monkeypatch: pytest.MonkeyPatch, make_station: Any, make_window: Any
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    window = make_window(make_station())
    assert window.student_screen.mode is ScreenMode.AUTO
    assert window.student_screen.window is None and student_windows() == []
    only = QGuiApplication.primaryScreen()
    assert QGuiApplication.screens() == [only]
    assert choose_screen(ScreenMode.AUTO, [only], only) == (None, False)
    assert choose_screen(ScreenMode.OFF, [only], only) == (None, False)
    assert choose_screen(ScreenMode.FORCE, [only], only) == (only, False)
    assert screen_mode({ENV_VAR: " Force "}) is ScreenMode.FORCE
    assert screen_mode({ENV_VAR: "off"}) is ScreenMode.OFF
    assert screen_mode({ENV_VAR: "second"}) is ScreenMode.AUTO
    assert screen_mode({}) is ScreenMode.AUTO


TWO_SCREENS = {
    "screens": [
        {"name": "operator", "x": 0, "y": 0, "width": 1280, "height": 800},
        {"name": "student", "x": 1280, "y": 0, "width": 1920, "height": 1080},
    ]
}

# Qt reads the screens when it starts: a station with two monitors runs in its own process.
TWO_SCREEN_STATION = textwrap.dedent(
    """
    import json, os, sys, tempfile
    from pathlib import Path
    from PySide6.QtCore import Qt
    from tucai_desk.services.app import open_station
    from tucai_desk.ui.app import application
    from tucai_desk.ui.main_window import MainWindow
    from tucai_desk.ui.tasks import TaskRunner

    app = application("en")
    report = {}
    with tempfile.TemporaryDirectory() as folder:
        station = open_station(Path(folder), demo=True)
        for mode in ("auto", "off"):
            os.environ["TUCAI_STUDENT_SCREEN"] = mode
            window = MainWindow(station, tasks=TaskRunner.immediate(), camera=None,
                                video_path=Path(sys.argv[1]))
            window.move(app.primaryScreen().availableGeometry().topLeft())
            window.show()
            window.start()
            app.processEvents()
            shown = window.student_screen.window
            report[mode] = {"operator": window.screen().name(), "student": None}
            if shown is not None:
                report[mode]["student"] = {
                    "screen": shown.screen().name(),
                    "full_screen": shown.isFullScreen(),
                    "frameless": bool(shown.windowFlags() & Qt.WindowType.FramelessWindowHint),
                    "geometry": list(shown.geometry().getRect()),
                    "title": shown.title_label.text(),
                }
            window.close()
            app.processEvents()
            report[mode]["left_open"] = [w.objectName() for w in app.topLevelWidgets()
                                         if w.isVisible()]
        station.close()
    sys.stdout.write(json.dumps(report))
    """
)


def test_two_screens_put_the_student_window_full_screen_on_the_other_one(
    tmp_path: Path, requirements_clip: Path
) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(TWO_SCREENS), encoding="utf-8")
    script = tmp_path / "station.py"
    script.write_text(TWO_SCREEN_STATION, encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, str(script), str(requirements_clip)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    auto = report["auto"]
    assert auto["operator"] == "operator"
    assert auto["student"] == {
        "screen": "student",
        "full_screen": True,
        "frameless": True,
        "geometry": [1280, 0, 1920, 1080],
        "title": "Academic-record photo collection",
    }
    assert auto["left_open"] == []
    assert report["off"] == {"operator": "operator", "student": None, "left_open": []}
