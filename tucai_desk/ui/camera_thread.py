# SPDX-License-Identifier: MIT
"""The camera on its own ``QThread``: the newest frame wins and the GUI never waits.

:class:`CameraWorker` lives on the camera thread and loops ``source.read()``. It keeps a short
ring of the newest raw frames (for the burst capture and the QR scan) and emits at most one
preview image at a time: the next one only after the view acknowledged the last, so a slow paint
never builds a queue of stale frames. A source that keeps returning nothing, or reports ``lost``,
puts the worker in the ``lost`` state; it leaves it by itself when frames come back, so the
student keeps their place in the flow.

The preview is mirrored (students expect a mirror) and scaled to the live view's size here, off
the GUI thread; the frames used for photos are neither.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

import cv2
import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from tucai_desk.ui.live_stats import STATS, clock_ms

log = logging.getLogger(__name__)

FrameTap = Callable[[np.ndarray, int], None]


class CameraSource(Protocol):
    """What ``tucai_desk.vision.sources.open_source`` returns."""

    def open(self) -> None: ...

    def read(self) -> np.ndarray | None: ...

    def close(self) -> None: ...


class CameraState:
    STARTING = "starting"
    RUNNING = "running"
    LOST = "lost"
    FAILED = "failed"
    STOPPED = "stopped"


def bgr_to_qimage(bgr: np.ndarray, *, mirror: bool = False) -> QImage:
    """A BGR (or grey) numpy frame as a QImage that owns its pixels."""
    if mirror:
        bgr = bgr[:, ::-1]
    if bgr.ndim == 2:
        gray = np.ascontiguousarray(bgr)
        h, w = gray.shape
        return QImage(gray.data, w, h, gray.strides[0], QImage.Format.Format_Grayscale8).copy()
    frame = np.ascontiguousarray(bgr[:, :, :3])
    h, w = frame.shape[:2]
    # The numpy buffer dies with this function: the copy makes the QImage self-contained.
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888).copy()


def preview_qimage(bgr: np.ndarray, *, mirror: bool, fit: tuple[int, int] | None = None) -> QImage:
    """The preview of a frame, made on the camera thread so that painting it is a plain copy.

    Fitted into ``fit`` (device pixels, aspect kept, never enlarged) and in 32-bit RGB, the
    format of the window's backing store: the GUI thread then neither scales nor converts it.
    """
    if bgr.ndim == 3 and bgr.shape[2] == 4:
        bgr = cv2.cvtColor(bgr, cv2.COLOR_BGRA2BGR)
    h, w = bgr.shape[:2]
    if fit is not None:
        k = min(fit[0] / w, fit[1] / h, 1.0)
        if k < 1.0:
            # Bilinear is 5× cheaper than area averaging and as good down to half size.
            method = cv2.INTER_LINEAR if k >= 0.5 else cv2.INTER_AREA
            size = (max(1, round(w * k)), max(1, round(h * k)))
            bgr = cv2.resize(bgr, size, interpolation=method)
    if mirror:
        bgr = cv2.flip(bgr, 1)
    code = cv2.COLOR_GRAY2BGRA if bgr.ndim == 2 else cv2.COLOR_BGR2BGRA
    bgra = cv2.cvtColor(bgr, code)
    h, w = bgra.shape[:2]
    # Byte order B, G, R, A is Format_RGB32 on little-endian CPUs (x86 and ARM stations).
    # The numpy buffer dies with this function: the copy makes the QImage self-contained.
    return QImage(bgra.data, w, h, bgra.strides[0], QImage.Format.Format_RGB32).copy()


class CameraWorker(QObject):
    """Runs on the camera thread. ``run`` loops until the thread's interruption is requested."""

    frame_ready = Signal(QImage)
    state_changed = Signal(str, str)  # state, error code (failed) or ""
    finished = Signal()

    def __init__(
        self,
        open_source: Callable[[], CameraSource],
        *,
        mirror_preview: bool = True,
        ring_size: int = 8,
        lost_after: int = 20,
        retry_ms: int = 1500,
        max_fps: float = 30.0,
    ) -> None:
        super().__init__()
        self._open_source = open_source
        self._mirror = mirror_preview
        self._ring: deque[np.ndarray] = deque(maxlen=ring_size)
        self._ring_lock = threading.Lock()
        self._lost_after = lost_after
        self._retry_ms = retry_ms
        self._min_interval = 1.0 / max_fps if max_fps > 0 else 0.0
        self._in_flight = threading.Event()  # a preview frame was emitted and not yet shown
        self._preview_enabled = threading.Event()
        self._preview_enabled.set()
        self._tap: FrameTap | None = None
        self._preview_fit: tuple[int, int] | None = None
        self._state = CameraState.STARTING
        self._last_code = ""
        self.opened: CameraSource | None = None  # the open source (read from the GUI thread)

    # -- called from the GUI thread (thread-safe) ---------------------------------------------
    def acknowledge(self) -> None:
        """The view took the last preview frame: the next one may be emitted."""
        self._in_flight.clear()

    def set_preview_enabled(self, enabled: bool) -> None:
        if enabled:
            self._preview_enabled.set()
        else:
            self._preview_enabled.clear()

    def set_preview_size(self, size: tuple[int, int] | None) -> None:
        """Fit preview images into ``(width, height)`` device pixels (the view's size)."""
        self._preview_fit = size

    def set_frame_tap(self, tap: FrameTap | None) -> None:
        """``tap(bgr, t_ms)`` is called on the camera thread for every new frame (analysis);
        ``t_ms`` is when the frame was read, on :func:`tucai_desk.ui.live_stats.clock_ms`."""
        self._tap = tap

    def latest_frames(self, count: int) -> list[np.ndarray]:
        """The newest ``count`` raw frames, oldest first (not mirrored)."""
        with self._ring_lock:
            frames = list(self._ring)
        return frames[-count:] if count > 0 else []

    def clear_frames(self) -> None:
        with self._ring_lock:
            self._ring.clear()

    # -- camera thread -------------------------------------------------------------------------
    def _set_state(self, state: str, code: str = "") -> None:
        if state != self._state or code:
            self._state = state
            self.state_changed.emit(state, code)

    def _interrupted(self) -> bool:
        return QThread.currentThread().isInterruptionRequested()

    def _pause(self, ms: int) -> None:
        """Sleep in short steps so that a stop request is honoured quickly."""
        deadline = time.monotonic() + ms / 1000.0
        while not self._interrupted() and time.monotonic() < deadline:
            QThread.msleep(20)

    @Slot()
    def run(self) -> None:
        source: CameraSource | None = None
        misses = 0
        last_read = 0.0
        ever_ran = False
        try:
            while not self._interrupted():
                if source is None:
                    source = self._try_open()
                    if source is None:
                        self._pause(self._retry_ms)
                        continue
                wait = last_read + self._min_interval - time.monotonic()
                if wait > 0:
                    QThread.msleep(max(1, int(wait * 1000)))
                last_read = time.monotonic()
                try:
                    frame = source.read()
                except Exception:  # a driver error is one more missed frame, not a crash
                    log.exception("camera read failed")
                    frame = None
                captured_ms = clock_ms()
                if frame is None:
                    misses += 1
                    # A reconnecting source says at once that the device is gone; a plain one
                    # is taken as lost after a run of empty reads. A camera that never gave a
                    # frame is not "lost" but unavailable, with the reason its source knows.
                    if bool(getattr(source, "lost", False)) or misses >= self._lost_after:
                        if ever_ran:
                            self._set_state(CameraState.LOST)
                        else:
                            self._fail(str(getattr(source, "last_error", "") or "open_failed"))
                    QThread.msleep(10)
                    continue
                ever_ran = True
                misses = 0
                self._last_code = ""
                self._set_state(CameraState.RUNNING)
                self._deliver(frame, captured_ms)
        finally:
            if source is not None:
                try:
                    source.close()
                except Exception:
                    log.exception("closing the camera failed")
            self._set_state(CameraState.STOPPED)
            self.finished.emit()

    def _try_open(self) -> CameraSource | None:
        try:
            source = self._open_source()
            source.open()
        except (
            Exception
        ) as exc:  # CameraError carries a reason code; anything else is "open_failed"
            self._fail(str(getattr(exc, "code", "") or "open_failed"))
            return None
        log.info("camera opened: %s", getattr(source, "description", type(source).__name__))
        self.opened = source
        return source

    def _fail(self, code: str) -> None:
        if (self._state, self._last_code) != (CameraState.FAILED, code):
            log.warning("camera not available: %s", code)
            self._last_code = code
            self._set_state(CameraState.FAILED, code)

    def _deliver(self, frame: np.ndarray, captured_ms: float) -> None:
        STATS.frames_read += 1
        frame = np.array(frame, copy=True)  # sources may reuse their buffer for the next read
        with self._ring_lock:
            self._ring.append(frame)
        tap = self._tap
        if tap is not None:
            try:
                # The process-wide clock: the stamp keeps growing across camera restarts (the
                # landmarker needs that) and the live view can tell the hint's latency from it.
                tap(frame, int(captured_ms))
            except Exception:
                log.exception("frame tap failed")
        if self._preview_enabled.is_set() and not self._in_flight.is_set():
            self._in_flight.set()
            self.frame_ready.emit(preview_qimage(frame, mirror=self._mirror, fit=self._preview_fit))


class CameraController(QObject):
    """Owns the camera thread; lives on the GUI thread. Re-emits the worker's signals."""

    frame_ready = Signal(QImage)
    state_changed = Signal(str, str)

    def __init__(
        self,
        open_source: Callable[[], CameraSource],
        *,
        mirror_preview: bool = True,
        parent: QObject | None = None,
        **worker_options: float,
    ) -> None:
        super().__init__(parent)
        self._open_source = open_source
        self._mirror = mirror_preview
        self._worker_options = worker_options
        self._thread: QThread | None = None
        self._worker: CameraWorker | None = None
        self._preview_sizes: dict[str, tuple[int, int]] = {}
        self._preview_fit: tuple[int, int] | None = None
        self.state = CameraState.STOPPED
        self.error_code = ""

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self) -> None:
        if self._thread is not None:
            return
        worker = CameraWorker(
            self._open_source, mirror_preview=self._mirror, **self._worker_options
        )
        worker.set_preview_size(self._preview_fit)
        thread = QThread()
        thread.setObjectName("camera")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit)
        worker.frame_ready.connect(self._on_frame)
        worker.state_changed.connect(self._on_state)
        self._worker, self._thread = worker, thread
        self.state = CameraState.STARTING
        thread.start()

    def stop(self, timeout_ms: int = 3000) -> bool:
        """Stop the thread and wait for it; returns whether it ended in time."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return True
        thread.requestInterruption()
        thread.quit()
        ended = thread.wait(timeout_ms)
        if not ended:
            log.error("camera thread did not stop within %d ms", timeout_ms)
            return False
        worker.frame_ready.disconnect(self._on_frame)
        worker.state_changed.disconnect(self._on_state)
        self._thread = self._worker = None
        worker.deleteLater()
        thread.deleteLater()
        self.state = CameraState.STOPPED
        return True

    def acknowledge(self) -> None:
        if self._worker is not None:
            self._worker.acknowledge()

    def set_preview_enabled(self, enabled: bool) -> None:
        if self._worker is not None:
            self._worker.set_preview_enabled(enabled)

    def set_preview_size(self, width: int, height: int, *, viewer: str = "live") -> None:
        """A view's size in device pixels (0×0 withdraws it). Previews are scaled off the GUI
        thread to fit the largest view that asked (never enlarged), so painting is a copy."""
        if width > 0 and height > 0:
            self._preview_sizes[viewer] = (width, height)
        else:
            self._preview_sizes.pop(viewer, None)
        sizes = self._preview_sizes.values()
        self._preview_fit = (max(w for w, _ in sizes), max(h for _, h in sizes)) if sizes else None
        if self._worker is not None:
            self._worker.set_preview_size(self._preview_fit)

    def set_frame_tap(self, tap: FrameTap | None) -> None:
        if self._worker is not None:
            self._worker.set_frame_tap(tap)

    def latest_frames(self, count: int) -> list[np.ndarray]:
        return [] if self._worker is None else self._worker.latest_frames(count)

    def opened_source(self) -> CameraSource | None:
        """The source the camera thread has open (its description, its control report)."""
        return None if self._worker is None else self._worker.opened

    def restart(self) -> None:
        """Close and open the camera again (new size, rate or locks take effect)."""
        if self.stop():
            self.start()

    def clear_frames(self) -> None:
        if self._worker is not None:
            self._worker.clear_frames()

    @Slot(QImage)
    def _on_frame(self, image: QImage) -> None:
        # The views only store the image and schedule a paint, so the frame is "taken" once the
        # signal returns: acknowledge here and the event queue never holds more than one frame.
        self.frame_ready.emit(image)
        self.acknowledge()

    @Slot(str, str)
    def _on_state(self, state: str, code: str) -> None:
        self.state, self.error_code = state, code
        self.state_changed.emit(state, code)
