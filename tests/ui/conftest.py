# SPDX-License-Identifier: MIT
"""Fixtures of the UI tests: a real demo station in a temporary folder, a video-file camera, the
requirements video, and the main window driven on an inline task runner."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.settings import PolicyModel, StationSettings
from tucai_desk.ui.analysis import AnalysisController, Analyzer, NullAnalyzer
from tucai_desk.ui.app import application, camera_factory
from tucai_desk.ui.camera_thread import CameraController
from tucai_desk.ui.flow import Step
from tucai_desk.ui.i18n import install_translations
from tucai_desk.ui.main_window import MainWindow
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.vision.imageio import read_image

GOOD_PHOTO = "good_london_002.jpg"  # passes every check (see the photos' MANIFEST.tsv)
START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def write_clip(path: Path, frames: list[np.ndarray], fps: float = 10.0) -> Path:
    """An MPEG-4 Part 2 clip (what OpenCV's wheel can write and QMediaPlayer can play)."""
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


@pytest.fixture
def clip_writer() -> Callable[..., Path]:
    return write_clip


@pytest.fixture(scope="session")
def good_still(photos_dir: Path) -> np.ndarray:
    image = read_image(photos_dir / GOOD_PHOTO)
    return cv2.resize(image, (900, 900), interpolation=cv2.INTER_AREA)


@pytest.fixture(scope="session")
def good_camera_clip(tmp_path_factory: pytest.TempPathFactory, good_still: np.ndarray) -> Path:
    """A video-file camera that films a student who stands still in front of the backdrop."""
    folder = tmp_path_factory.mktemp("camera")
    return write_clip(folder / "student.mp4", [good_still] * 10)


@pytest.fixture(scope="session")
def requirements_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-second stand-in for the requirements video (every frame different)."""
    frames = []
    for i in range(30):
        frame = np.full((240, 320, 3), 40 + i * 6, np.uint8)
        cv2.putText(frame, str(i), (110, 150), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 255), 5)
        frames.append(frame)
    return write_clip(tmp_path_factory.mktemp("video") / "requirements.mp4", frames, fps=15)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def language(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switch the UI language for one test (set it before the window is built)."""
    application("en")
    yield lambda lang: install_translations(qapp, lang)
    install_translations(qapp, "en")


@pytest.fixture(autouse=True)
def collect_between_tests(qapp: QApplication) -> Iterator[None]:
    """Each UI test's windows, stations and threads are collected when it ends, while nothing
    else runs, rather than by a garbage collection that happens to start inside a later test
    with its worker threads busy (Qt and model wrappers are not freed safely then)."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # deleteLater()s
    QApplication.processEvents()
    gc.collect()


@pytest.fixture
def make_station(tmp_path: Path, clock: FakeClock) -> Iterator[Callable[..., Station]]:
    """A real demo station (SQLite in ``tmp_path``) with the given policy settings."""
    stations: list[Station] = []

    def make(**policy: Any) -> Station:
        settings = StationSettings(policy=PolicyModel(**policy))
        folder = tmp_path / f"station{len(stations)}"
        station = open_station(folder, demo=True, settings=settings, clock=clock)
        stations.append(station)
        return station

    yield make
    for station in stations:
        station.close()


@pytest.fixture
def make_window(
    qtbot: Any, clock: FakeClock, requirements_clip: Path
) -> Iterator[Callable[..., MainWindow]]:
    """The station window on an inline task runner, started and activated (keys reach it)."""
    windows: list[MainWindow] = []

    def make(
        station: Station,
        *,
        camera_spec: str | None = None,
        camera: CameraController | None = None,
        analyzer: Callable[[bool], Analyzer] | None = None,
        video: Path | None = None,
        tasks: TaskRunner | None = None,
    ) -> MainWindow:
        if camera is None and camera_spec is not None:
            camera = CameraController(
                camera_factory(camera_spec, settings=station.settings, demo=True)
            )
        make_analyzer = analyzer or (lambda liveness: NullAnalyzer())
        analysis = AnalysisController(lambda: make_analyzer(False)) if camera else None
        window = MainWindow(
            station,
            tasks=tasks or TaskRunner.immediate(),
            camera=camera,
            analysis=analysis,
            make_analyzer=make_analyzer,
            clock=clock,
            video_path=video or requirements_clip,
            video_rate=4.0,
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        window.start()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()
        for controller in (window.camera, window.analysis):
            thread = getattr(controller, "_thread", None)
            assert thread is None or not thread.isRunning(), "a thread was left running"
        assert window.tasks.pending() == 0


class MessageLog(list[dict[str, Any]]):
    """The message boxes shown; ``answers`` are the button indexes to "click", in order."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[int] = []

    def texts(self) -> list[str]:
        return [box["text"] for box in self]


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageLog:
    """Every QMessageBox is recorded instead of shown (Vorta's way)."""
    log = MessageLog()

    def fake_exec(box: QMessageBox) -> int:
        log.append(
            {
                "text": box.text(),
                "informative": box.informativeText(),
                "buttons": [b.text() for b in box.buttons()],
            }
        )
        return log.answers.pop(0) if log.answers else 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return log


@pytest.fixture
def login(qtbot: Any) -> Callable[[MainWindow], None]:
    """Open the station as the demo admin through the login page."""

    def log_in(window: MainWindow, password: str = "demo-admin") -> None:
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=3000)
        form = window.login_page.form
        form.user_edit.clear()
        qtbot.keyClicks(form.user_edit, "admin")
        qtbot.keyClicks(form.password_edit, password)
        qtbot.mouseClick(form.login_button, Qt.MouseButton.LeftButton)

    return log_in


def page_texts(widget: Any) -> str:
    """All label and button texts of a page, as the student reads them."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    parts += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    return "\n".join(parts)


@pytest.fixture
def texts_of() -> Callable[[Any], str]:
    return page_texts


@pytest.fixture
def active(qtbot: Any) -> Callable[[Any], Any]:
    """Make a dialog the active window, as it is when it opens in front of the user."""

    def activate(widget: Any) -> Any:
        assert widget is not None
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow, timeout=3000)
        return widget

    return activate


@pytest.fixture
def ime_type() -> Callable[[Any, str], None]:
    """Chinese text arrives through the input method, not as key presses: commit it so."""

    def commit(widget: Any, text: str) -> None:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    return commit


@pytest.fixture
def walk_to_video(qtbot: Any) -> Any:
    """From the info page (pages 2–5: mobile, both notices read, notification choice) to the
    requirements video; returns the video page."""

    def walk(window: Any) -> Any:
        flow = window.flow
        if not flow.info.view.confirm_button.isEnabled():
            qtbot.keyClicks(flow.info.view.phone_edit, "13912345678")
        qtbot.keyClick(flow.info.view.phone_edit, Qt.Key.Key_Return)
        for page in (flow.notice, flow.precautions):
            bar = page.view.browser.verticalScrollBar()
            bar.setValue(bar.maximum())
            qtbot.waitUntil(lambda page=page: page.read)
            qtbot.keyClick(page, Qt.Key.Key_Return)
        qtbot.keyClick(flow.notify, Qt.Key.Key_Return)
        assert flow.step is Step.VIDEO
        return flow.video

    return walk


@pytest.fixture
def walk_to_capture(qtbot: Any, walk_to_video: Any) -> Any:
    """Pages 1–6 for a demo student, quickly (the video counts as watched already)."""

    def walk(window: Any, code: str) -> Any:
        flow, capture = window.flow, window.station.capture
        student = capture.verify_code(code).student
        capture.mark_video_watched(student.id)
        qtbot.waitUntil(lambda: flow.step is Step.CODE)
        flow.code.verify(code)
        qtbot.keyClick(walk_to_video(window), Qt.Key.Key_Return)
        assert flow.step is Step.CAPTURE
        return student

    return walk
