# SPDX-License-Identifier: MIT
"""Page 7's liveness test around dialogs and locks: its clock stops while a dialog is open over
the page (no failure is counted meanwhile), a staff unlock starts a fresh test, and the student
sees how many attempts are left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog
from test_ui_capture_locks import ScriptedLiveness

from tucai_desk.services.demo import demo_codes
from tucai_desk.vision.live import LiveAnalyzer
from tucai_desk.vision.live.model import LivenessState

NOT_PASSED = "The liveness check was not passed."


class RecordingAnalyzer(LiveAnalyzer):
    """The real analyser (landmarker and challenge) on the recorded face, keeping what the
    challenge said for each frame."""

    def __init__(self) -> None:
        super().__init__(liveness=True, seed=1)
        self.statuses: list[Any] = []

    def analyze(self, frame: np.ndarray, t_ms: float) -> Any:
        result = super().analyze(frame, t_ms)
        self.statuses.append(result.liveness)
        return result


@pytest.fixture
def open_capture(
    make_station: Any,
    make_window: Any,
    login: Any,
    walk_to_capture: Any,
    good_camera_clip: Path,
) -> Any:
    """Page 7 with liveness on, the given analyser and the recorded camera, for a student."""

    def open_page(analyzer: Any, code: str, failures: int = 0) -> tuple[Any, Any, Any]:
        station = make_station()
        station.set_liveness_enabled(True)
        student = station.capture.verify_code(code).student
        for _ in range(failures):
            station.capture.record_liveness_failure(student.id, "timeout")
        window = make_window(
            station, camera_spec=f"file:{good_camera_clip}", analyzer=lambda liveness: analyzer
        )
        login(window)
        walk_to_capture(window, code)
        return station, student, window.flow.capture_page

    return open_page


def test_liveness_clock_stops_under_a_dialog(qtbot: Any, open_capture: Any) -> None:
    analyzer = RecordingAnalyzer()
    station, student, page = open_capture(analyzer, demo_codes(7)[6])

    def running() -> Any:
        status = analyzer.statuses[-1] if analyzer.statuses else None
        return status if status is not None and status.remaining_ms is not None else None

    qtbot.waitUntil(lambda: running() is not None, timeout=20000)  # a prompt with its window
    dialog = QDialog(page.window())
    dialog.open()  # any dialog over the station (here window-modal, as the staff dialogs)
    qtbot.waitUntil(lambda: page.liveness_paused_now, timeout=3000)
    frozen_from = len(analyzer.statuses) + 2  # frames already on their way may still count
    qtbot.wait(5500)  # longer than a step's whole window
    under_dialog = analyzer.statuses[frozen_from:]
    assert len(under_dialog) >= 3
    assert all(s.state is LivenessState.RUNNING for s in under_dialog)
    assert len({s.remaining_ms for s in under_dialog}) == 1  # the clock stood still
    assert station.capture.locks(student.id).liveness_failures == 0
    assert NOT_PASSED not in page.view.live_view.prompt_text

    dialog.reject()
    qtbot.waitUntil(lambda: not page.liveness_paused_now, timeout=3000)
    resumed = len(analyzer.statuses)
    qtbot.waitUntil(lambda: len(analyzer.statuses) > resumed + 5, timeout=10000)
    after = [s.remaining_ms for s in analyzer.statuses[resumed:] if s.remaining_ms is not None]
    assert len(set(after)) > 1  # the clock runs on once the dialog is gone


def test_staff_unlock_starts_a_fresh_liveness_test(
    qtbot: Any, open_capture: Any, message_boxes: Any
) -> None:
    analyzer = ScriptedLiveness(LivenessState.FAILED)
    station, student, page = open_capture(analyzer, demo_codes(8)[7])
    qtbot.waitUntil(lambda: station.capture.locks(student.id).liveness_locked, timeout=20000)
    qtbot.waitUntil(lambda: not page.can_capture and page.gate is not None)
    assert page.gate.reason.value == "liveness_locked"

    # Staff clear the lock (what the unlock dialog does); the page reads the gate again.
    analyzer.outcome = LivenessState.PASSED
    session = station.staff.login("admin", "demo-admin")
    station.staff.unlock_liveness(session, student.id, "已核实本人身份")
    station.staff.logout(session)
    page.window().flow.refresh_after_staff_change()

    qtbot.waitUntil(lambda: page.can_capture, timeout=10000)
    qtbot.waitUntil(lambda: "Liveness check passed" in page.view.live_view.prompt_text)
    assert NOT_PASSED not in page.view.live_view.prompt_text


def test_attempts_left_are_shown(qtbot: Any, open_capture: Any) -> None:
    analyzer = ScriptedLiveness(LivenessState.RUNNING)
    station, student, page = open_capture(analyzer, demo_codes(9)[8], failures=1)
    qtbot.waitUntil(
        lambda: "Liveness check attempts left: 2" in page.view.live_view.prompt_text,
        timeout=10000,
    )
    station.capture.record_liveness_failure(student.id, "timeout")
    page.check_gate()
    qtbot.waitUntil(
        lambda: "This is your last attempt" in page.view.live_view.prompt_text, timeout=5000
    )
