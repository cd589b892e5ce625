# SPDX-License-Identifier: MIT
"""Page 7 with the real live analysis: the Face Landmarker runs on the camera's frames on the
analysis thread, and the student sees the hint, the framing overlay and the liveness prompt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QColor

from tucai_desk.services.demo import demo_codes
from tucai_desk.ui import texts
from tucai_desk.ui.flow import Step
from tucai_desk.vision.live.analyzer import LiveAnalyzer
from tucai_desk.vision.live.guidance import framing_overlay
from tucai_desk.vision.live.model import ACTIONS, GuidanceHint

pytestmark = pytest.mark.timeout(60)

FACE_CLIP = "live_turn_tran.mp4"  # a real student's selfie video, frontal at the start
FACE_SIZE = (368, 656)  # its frame size, width × height (see the videos' MANIFEST.tsv)


def real_analyzer(liveness: bool) -> LiveAnalyzer:
    return LiveAnalyzer(liveness=liveness, seed=7)


@pytest.fixture
def open_capture_page(
    qtbot: Any, make_station: Any, make_window: Any, login: Any, message_boxes: Any
) -> Callable[[Path, int], Any]:
    """The station window on page 7 for a demo student, liveness on, with this clip as camera.

    A failed challenge's dialog is recorded, not shown (``message_boxes``)."""

    def open_page(clip: Path, student_no: int) -> Any:
        station = make_station()
        station.set_liveness_enabled(True)  # a demo station starts with it off
        window = make_window(station, camera_spec=f"file:{clip}", analyzer=real_analyzer)
        login(window)
        flow = window.flow
        qtbot.waitUntil(lambda: flow.step is Step.CODE, timeout=5000)
        capture = station.capture
        student = capture.verify_code(demo_codes(student_no)[student_no - 1]).student
        capture.mark_video_watched(student.id)
        flow.open_page(student, Step.CAPTURE)
        return flow.capture_page.view.live_view

    return open_page


def test_a_face_gets_a_hint_the_overlay_and_a_liveness_prompt(
    qtbot: Any, videos_dir: Path, open_capture_page: Any
) -> None:
    live = open_capture_page(videos_dir / FACE_CLIP, 14)
    hints = {texts.guidance_text(hint) for hint in GuidanceHint} - {""}
    no_face = texts.guidance_text(GuidanceHint.NO_FACE)
    # The phone selfie is closer than a station camera's student: the analyser says so.
    qtbot.waitUntil(lambda: live.hint_text in hints - {no_face}, timeout=15000)
    # The overlay is the analyser's framing for this camera: the 3:4 window of the photo.
    framing = live.framing
    assert framing is not None
    x0, y0, x1, y1 = framing_overlay(*FACE_SIZE).crop
    assert framing.crop == pytest.approx((x0, y0, x1 - x0, y1 - y0), abs=0.01)
    assert live.frame is not None
    # Once the student looks straight for a moment, the challenge asks for its first action.
    prompts = [texts.challenge_text(step) for step in ACTIONS]
    qtbot.waitUntil(lambda: any(live.prompt_text.startswith(p) for p in prompts), timeout=15000)
    assert "(1/" in live.prompt_text


def test_an_empty_picture_says_no_face_over_the_framed_preview(
    qtbot: Any, tmp_path: Path, clip_writer: Any, open_capture_page: Any
) -> None:
    grey = np.full((480, 640, 3), 128, np.uint8)  # the backdrop, nobody in front of it
    live = open_capture_page(clip_writer(tmp_path / "empty.mp4", [grey] * 10), 15)
    no_face = texts.guidance_text(GuidanceHint.NO_FACE)
    qtbot.waitUntil(lambda: live.hint_text == no_face and live.framing is not None, timeout=15000)

    # What is on screen: the frame, darkened outside the photo's 3:4 window.
    shot = live.grab().toImage()
    scale = shot.width() / live.width()  # device pixels per logical pixel
    framing = live.framing
    assert framing is not None
    frame = live.frame
    assert frame is not None
    fw, fh = frame.width(), frame.height()
    k = min(live.width() / fw, live.height() / fh)
    left, top = (live.width() - fw * k) / 2, (live.height() - fh * k) / 2

    def grey_at(fx: float, fy: float) -> int:
        colour: QColor = shot.pixelColor(
            int((left + fx * fw * k) * scale), int((top + fy * fh * k) * scale)
        )
        return colour.green()

    cx, _cy, _rx, ry = framing.head
    inside = grey_at(cx, framing.eye_y + ry / 2)  # within the head outline, below the eyes
    outside = grey_at(0.03, framing.eye_y + ry / 2)  # beside the window
    assert abs(inside - 128) <= 12
    assert outside < inside - 30


def test_the_live_model_is_made_behind_the_login_and_used_by_the_first_student(
    qtbot: Any, videos_dir: Path, make_station: Any, make_window: Any, login: Any
) -> None:
    """Making the live model holds the interpreter for tens of milliseconds: the station makes
    it before the first student, and the first capture page uses that one."""
    made: list[LiveAnalyzer] = []

    def counted(liveness: bool) -> LiveAnalyzer:
        made.append(real_analyzer(liveness))
        return made[-1]

    station = make_station()
    window = make_window(station, camera_spec=f"file:{videos_dir / FACE_CLIP}", analyzer=counted)
    window.flow.prepare_analysis()
    qtbot.waitUntil(lambda: len(made) == 1, timeout=15000)
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE, timeout=5000)
    student = station.capture.verify_code(demo_codes(16)[15]).student
    station.capture.mark_video_watched(student.id)
    flow.open_page(student, Step.CAPTURE)
    live = flow.capture_page.view.live_view
    hints = {texts.guidance_text(hint) for hint in GuidanceHint} - {""}
    qtbot.waitUntil(lambda: live.hint_text in hints, timeout=15000)
    assert len(made) == 1
