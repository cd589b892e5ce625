# SPDX-License-Identifier: MIT
"""The task runner and the camera thread: results on the GUI thread, the newest frame wins, a
lost camera comes back without losing the student's place."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QObject, QThread, Slot
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tucai_desk.services.demo import demo_codes
from tucai_desk.ui.app import camera_factory
from tucai_desk.ui.camera_thread import CameraController, CameraState, CameraWorker
from tucai_desk.ui.flow import Step
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.vision.source_kinds import CameraError, CameraErrorCode, VideoFileSource
from tucai_desk.vision.sources import ReconnectingSource


def test_task_results_come_back_on_the_gui_thread(qtbot: Any, qapp: QApplication) -> None:
    runner = TaskRunner.create()
    gui = qapp.thread()
    seen: list[tuple[str, bool]] = []
    order: list[int] = []

    def job(i: int) -> int:
        assert QThread.currentThread() is not gui  # fn runs off the GUI thread
        order.append(i)
        return i

    for i in range(5):
        runner.submit(
            lambda i=i: job(i),
            on_ok=lambda r: seen.append(("ok", QThread.currentThread() is gui)),
            uses_db=True,
        )
    runner.submit(
        lambda: 1 / 0,
        on_ok=lambda r: seen.append(("ok", False)),
        on_err=lambda exc: seen.append((type(exc).__name__, QThread.currentThread() is gui)),
    )
    qtbot.waitUntil(lambda: len(seen) == 6)
    assert order == [0, 1, 2, 3, 4]  # the database worker runs one job after the other
    assert sorted(seen) == [("ZeroDivisionError", True)] + [("ok", True)] * 5
    assert runner.pending() == 0
    runner.shutdown()


def test_pages_work_with_the_threaded_runner(
    qtbot: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    good_camera_clip: Path,
    good_still: np.ndarray,
) -> None:
    """The production runner: service calls on worker threads, results queued to the GUI."""
    station = make_station()
    window = make_window(station, camera_spec=f"file:{good_camera_clip}", tasks=TaskRunner.create())
    login(window)
    flow = window.flow
    qtbot.waitUntil(lambda: flow.step is Step.CODE, timeout=5000)
    flow.code.verify(demo_codes(13)[12])
    qtbot.waitUntil(lambda: flow.step is Step.INFO, timeout=5000)
    flow.take_still([good_still])
    flow.preview.view.accept_button.click()
    assert flow.result.busy and flow.result.view.busy_bar.isVisible()
    qtbot.waitUntil(lambda: flow.result.outcome is not None, timeout=30000)
    assert flow.result.outcome.passed and not flow.result.view.busy_bar.isVisible()


class Counter:
    """A source as fast as the worker can read: frame i is filled with i."""

    def __init__(self) -> None:
        self.i = 0

    def open(self) -> None:
        pass

    def read(self) -> np.ndarray:
        self.i += 1
        frame = np.zeros((8, 12, 3), np.uint8)
        frame[:, :6] = (0, 0, 255)  # left half red (BGR)
        frame[:, 6:] = (255, 0, 0)  # right half blue
        frame[0, 0, 1] = self.i % 256
        return frame

    def close(self) -> None:
        pass


class Sink(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[QImage] = []

    @Slot(QImage)
    def take(self, image: QImage) -> None:
        self.images.append(image)


def test_one_preview_frame_in_flight_and_the_newest_wins(qtbot: Any) -> None:
    source = Counter()
    worker = CameraWorker(lambda: source, max_fps=200)
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    sink = Sink()
    worker.frame_ready.connect(sink.take)
    thread.start()
    try:
        qtbot.waitUntil(lambda: source.i > 30)
        qtbot.wait(100)
        assert len(sink.images) == 1  # not acknowledged: nothing more was sent
        first = sink.images[0]
        assert first.pixelColor(0, 4) == QColor(0, 0, 255)  # mirrored: blue on the left
        raw = worker.latest_frames(5)
        assert len(raw) == 5 and tuple(raw[-1][0, 8]) == (255, 0, 0)  # raw frames not mirrored
        counters = [int(f[0, 0, 1]) for f in raw]
        assert all((b - a) % 256 == 1 for a, b in zip(counters, counters[1:], strict=False))
        worker.acknowledge()
        qtbot.waitUntil(lambda: len(sink.images) == 2)
    finally:
        thread.requestInterruption()
        thread.quit()
        assert thread.wait(3000)
    worker.deleteLater()


class Cable:
    """A USB cable that the test can pull: reads fail while it is out."""

    def __init__(self, clip: Path) -> None:
        self.clip = clip
        self.plugged = threading.Event()
        self.plugged.set()

    def open_source(self) -> Any:
        if not self.plugged.is_set():
            raise CameraError(CameraErrorCode.NOT_FOUND, "unplugged")
        return PluggedSource(self)


class PluggedSource(VideoFileSource):
    def __init__(self, cable: Cable) -> None:
        super().__init__(cable.clip, loop=True, paced=True)
        self.cable = cable
        self.open()

    def read(self) -> np.ndarray | None:
        if not self.cable.plugged.is_set():
            raise OSError("device gone")
        return super().read()


def test_lost_camera_reconnects_without_losing_the_student(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    login: Any,
    good_camera_clip: Path,
) -> None:
    language("zh_CN")
    cable = Cable(good_camera_clip)
    camera = CameraController(lambda: ReconnectingSource(cable.open_source, retry_ms=100))
    station = make_station()
    window = make_window(station, camera=camera)
    login(window)
    flow = window.flow
    code = demo_codes(7)[6]
    student = station.capture.verify_code(code).student
    station.capture.mark_video_watched(student.id)
    qtbot.waitUntil(lambda: flow.step is Step.CODE)
    flow.code.verify(code)
    flow.info.view.phone_edit.setText("13912345678")
    flow.info.view.confirm_button.click()
    for page in (flow.notice, flow.precautions):
        bar = page.view.browser.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda page=page: page.read)
        page.view.next_button.click()
    flow.notify.view.next_button.click()
    flow.video.view.next_button.click()
    page = flow.capture_page
    assert flow.step is Step.CAPTURE
    qtbot.waitUntil(lambda: page.can_capture, timeout=10000)

    cable.plugged.clear()  # the cable is pulled
    qtbot.waitUntil(lambda: camera.state == CameraState.LOST, timeout=5000)
    assert page.view.live_view.message_text == "摄像头已断开，正在重新连接…"
    assert window.camera_label.text() == "摄像头已断开，正在重新连接…"
    assert not page.can_capture and not page.view.capture_button.isEnabled()

    cable.plugged.set()  # and plugged in again
    qtbot.waitUntil(lambda: camera.state == CameraState.RUNNING, timeout=5000)
    qtbot.waitUntil(lambda: page.can_capture, timeout=5000)
    assert page.view.live_view.message_text == ""
    assert window.camera_label.text() == "摄像头：正常"
    assert flow.step is Step.CAPTURE and flow.student.id == student.id


@pytest.mark.parametrize("spec", ["file:/no/such/clip.mp4", "rtsp://camera"])
def test_a_camera_that_cannot_open_is_reported(
    qtbot: Any, language: Any, make_station: Any, make_window: Any, spec: str
) -> None:
    language("zh_CN")
    window = make_window(make_station(), camera_spec=spec)
    qtbot.waitUntil(lambda: window.camera.state == CameraState.FAILED, timeout=5000)
    assert window.camera_label.text() in (
        "未找到摄像头，请连接摄像头。",
        "摄像头设置无效。",
    )


def test_production_station_refuses_a_video_file_as_camera(
    qtbot: Any,
    language: Any,
    make_station: Any,
    make_window: Any,
    good_camera_clip: Path,
) -> None:
    """严禁翻拍: outside demo mode only a real camera may feed the capture page."""
    language("zh_CN")
    station = make_station()
    camera = CameraController(
        camera_factory(f"file:{good_camera_clip}", settings=station.settings, demo=False)
    )
    window = make_window(station, camera=camera)
    qtbot.waitUntil(lambda: camera.state == CameraState.FAILED, timeout=5000)
    assert camera.error_code == "file_not_allowed"
    assert window.camera_label.text() == "只能使用采集站摄像头，严禁翻拍：不得使用视频文件或图片。"
    assert camera.latest_frames(1) == []
