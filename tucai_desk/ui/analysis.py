# SPDX-License-Identifier: MIT
"""Live guidance and liveness on their own thread: the newest frame only, the GUI never waits.

The camera thread hands every frame to :meth:`AnalysisWorker.offer` (thread-safe); the worker
keeps only the newest one and analyses it on the analysis thread, so frames that arrive while it
is busy are dropped. Results come back to the GUI as :class:`Guidance` (plain data) through a
queued signal.

The analyser is anything with ``analyze(frame_bgr, t_ms)``: the vision layer's ``LiveAnalyzer``
when it is available, or :class:`NullAnalyzer` (no hints, the standard framing overlay only).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from tucai_desk.ui.live_stats import STATS

log = logging.getLogger(__name__)

# The standard layout of the 480×640 photo (PHOTO_SPEC.md §1.1), as fractions of the 3:4 crop:
# hair top 50–110 px → ~0.125, eyes 200–300 px → ~0.39, face width 180–300 px → ~0.5.
_CROP_HEIGHT = 0.92
_EYE_Y = 0.39
_HEAD_TOP = 0.125
_HEAD_RX = 0.27


@dataclass(frozen=True, slots=True)
class Framing:
    """The framing overlay in fractions of the (unmirrored) camera frame."""

    crop: tuple[float, float, float, float]  # x, y, w, h of the 3:4 window
    head: tuple[float, float, float, float]  # centre x, centre y, radius x, radius y
    eye_y: float  # the eye line, as a fraction of the frame height
    eye_x: tuple[float, float] = (0.0, 1.0)  # where the eye line is drawn, left to right

    def mirrored(self) -> Framing:
        x, y, w, h = self.crop
        cx, cy, rx, ry = self.head
        return replace(
            self,
            crop=(1.0 - x - w, y, w, h),
            head=(1.0 - cx, cy, rx, ry),
            eye_x=(1.0 - self.eye_x[1], 1.0 - self.eye_x[0]),
        )


def default_framing(width: int, height: int) -> Framing:
    """The standard overlay for a frame of this size: a centred 3:4 window with the head outline."""
    width, height = max(1, width), max(1, height)
    crop_h_px = min(height * _CROP_HEIGHT, width * 4 / 3 * 0.98)
    crop_w_px = crop_h_px * 3 / 4
    cw, ch = crop_w_px / width, crop_h_px / height
    cx0, cy0 = (1 - cw) / 2, (1 - ch) / 2
    eye_y = cy0 + _EYE_Y * ch
    ry = (_EYE_Y - _HEAD_TOP) * ch
    return Framing(
        crop=(cx0, cy0, cw, ch),
        head=(0.5, eye_y, _HEAD_RX * cw, ry),
        eye_y=eye_y,
        eye_x=(cx0 + 0.12 * cw, cx0 + 0.88 * cw),
    )


@dataclass(frozen=True, slots=True)
class Guidance:
    """What the capture page shows for one analysed frame."""

    framing: Framing | None = None
    hint: Any = None  # a GuidanceHint (or a CheckCode) — texts.guidance_text maps it
    ready: bool = False  # framing and pose are good: a photo may be taken now
    face_box: tuple[float, float, float, float] | None = None  # fractions of the frame
    liveness: Any = None  # a LivenessStatus, or None when liveness is off
    frame_size: tuple[int, int] = (0, 0)
    captured_ms: float | None = None  # when the frame was read (live_stats.clock_ms)


class Analyzer(Protocol):
    def analyze(self, frame_bgr: np.ndarray, t_ms: int) -> Any: ...


class NullAnalyzer:
    """The stand-in: no face analysis, so no hints; the page shows the standard overlay."""

    def analyze(self, frame_bgr: np.ndarray, t_ms: int) -> None:
        return None


def make_live_analyzer(liveness: bool, seed: int | None = None) -> Analyzer:
    """The vision layer's live analyser, or the stand-in when it cannot be loaded."""
    try:
        from tucai_desk.vision.live.analyzer import LiveAnalyzer
    except ImportError:
        log.warning("live analyser not available: no live guidance or liveness")
        return NullAnalyzer()
    return LiveAnalyzer(liveness=liveness, seed=seed)


def _corners_to_box(value: Any) -> tuple[float, float, float, float] | None:
    """(x0, y0, x1, y1) fractions of the frame → (x, y, w, h) fractions."""
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0)


def to_guidance(
    result: Any, width: int, height: int, *, captured_ms: float | None = None
) -> Guidance:
    """Adapt the analyser's result (``LiveResult``-like, or None) to :class:`Guidance`."""
    if result is None:
        return Guidance(
            framing=default_framing(width, height),
            frame_size=(width, height),
            captured_ms=captured_ms,
        )
    overlay = getattr(result, "overlay", None)
    framing = _framing_from(overlay, width, height) or default_framing(width, height)
    return Guidance(
        framing=framing,
        hint=getattr(result, "hint", None),
        ready=bool(getattr(result, "ready", False)),
        face_box=_corners_to_box(getattr(result, "face_box", None)),
        liveness=getattr(result, "liveness", None),
        frame_size=(width, height),
        captured_ms=captured_ms,
    )


def _framing_from(overlay: Any, width: int, height: int) -> Framing | None:
    """The vision layer's ``FramingOverlay`` (corner crop, head ellipse, eye line) as Framing."""
    if overlay is None:
        return None
    try:
        crop = _corners_to_box(overlay.crop)
        cx, cy, rx, ry = (float(v) for v in overlay.head_ellipse)
        eye_y = float(overlay.eye_line)
    except (AttributeError, TypeError, ValueError):
        log.debug("unexpected overlay %r", type(overlay))
        return None
    if crop is None:
        return None
    return Framing(
        crop=crop,
        head=(cx, cy, rx, ry),
        eye_y=eye_y,
        eye_x=(crop[0] + 0.12 * crop[2], crop[0] + 0.88 * crop[2]),
    )


class AnalysisWorker(QObject):
    """Lives on the analysis thread. ``offer``, ``restart`` and ``replace`` may be called from any
    thread; the analyser itself is only created, used and closed on the analysis thread (the
    landmarker is not thread-safe)."""

    guidance_ready = Signal(object)
    _wake = Signal()
    _prepare = Signal()

    def __init__(self, make_analyzer: Callable[[], Analyzer]) -> None:
        super().__init__()
        self._make_analyzer = make_analyzer
        self._analyzer: Analyzer | None = None
        self._lock = threading.Lock()
        self._pending: tuple[np.ndarray, int] | None = None
        self._scheduled = False
        self._replace = False
        self._restart = False
        self._paused = False
        self._paused_now = False
        self._wake.connect(self._process)  # queued: the worker lives on another thread
        self._prepare.connect(self._make_now)  # queued too

    def offer(self, frame: np.ndarray, t_ms: int) -> None:
        """Hand over the newest frame; an older one not yet analysed is dropped."""
        with self._lock:
            self._pending = (frame, t_ms)
            if self._scheduled:
                return
            self._scheduled = True
        self._wake.emit()

    def restart(self) -> None:
        """A new liveness challenge with the same analyser (retry, next visit of the page)."""
        with self._lock:
            self._restart = True
            self._pending = None

    def set_paused(self, paused: bool) -> None:
        """Stop (or run on) the liveness test's clock from the next frame on."""
        with self._lock:
            self._paused = paused

    @property
    def has_analyzer(self) -> bool:
        return self._analyzer is not None

    def prepare(self) -> None:
        """Make the analyser now, on the analysis thread, rather than at the first frame."""
        self._prepare.emit()

    @Slot()
    def _make_now(self) -> None:
        with self._lock:
            replace, self._replace = self._replace, False
        if replace:
            self.close()
        if self._analyzer is None:
            try:
                self._analyzer = self._make_analyzer()
            except Exception:  # the first frame tries again and reports it
                log.exception("preparing the live analyser failed")

    def replace(self, make_analyzer: Callable[[], Analyzer]) -> None:
        """A new analyser (the liveness switch changed)."""
        with self._lock:
            self._make_analyzer = make_analyzer
            self._replace = True
            self._pending = None

    def _take(self) -> tuple[np.ndarray, int] | None:
        with self._lock:
            job, self._pending = self._pending, None
            if job is None:
                self._scheduled = False
                return None
            replace, restart, paused = self._replace, self._restart, self._paused
            self._replace = self._restart = False
        if replace:
            self.close()
        elif restart and self._analyzer is not None:
            restart_challenge = getattr(self._analyzer, "restart_challenge", None)
            if callable(restart_challenge):
                restart_challenge()
            else:
                self.close()
        self._paused_now = paused
        return job

    @Slot()
    def _process(self) -> None:
        while not QThread.currentThread().isInterruptionRequested():
            job = self._take()
            if job is None:
                return
            frame, t_ms = job
            try:
                if self._analyzer is None:
                    self._analyzer = self._make_analyzer()
                set_paused = getattr(self._analyzer, "set_paused", None)
                if callable(set_paused):
                    set_paused(self._paused_now)
                started = time.perf_counter()
                result = self._analyzer.analyze(frame, t_ms)
                STATS.add_analysis((time.perf_counter() - started) * 1000.0)
            except Exception:  # one bad frame (or a missing model) must not end the guidance
                log.exception("live analysis failed")
                result = None
            h, w = frame.shape[:2]
            self.guidance_ready.emit(to_guidance(result, w, h, captured_ms=float(t_ms)))
        with self._lock:
            self._scheduled = False

    @Slot()
    def close(self) -> None:
        analyzer, self._analyzer = self._analyzer, None
        closer = getattr(analyzer, "close", None)
        if callable(closer):
            try:
                closer()
            except Exception:
                log.exception("closing the live analyser failed")


class AnalysisController(QObject):
    """Owns the analysis thread; lives on the GUI thread."""

    guidance_ready = Signal(object)

    def __init__(self, make_analyzer: Callable[[], Analyzer], parent: QObject | None = None):
        super().__init__(parent)
        self._make_analyzer = make_analyzer
        self._key: object = None
        self._thread: QThread | None = None
        self._worker: AnalysisWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            return
        worker = AnalysisWorker(self._make_analyzer)
        thread = QThread()
        thread.setObjectName("analysis")
        worker.moveToThread(thread)
        worker.guidance_ready.connect(self._on_guidance)
        # The analyser must be closed on its own thread, before the thread ends.
        thread.finished.connect(worker.close, Qt.ConnectionType.DirectConnection)
        self._worker, self._thread = worker, thread
        thread.start()

    def offer(self, frame: np.ndarray, t_ms: int) -> None:
        """Thread-safe; the camera thread calls it for every frame."""
        worker = self._worker
        if worker is not None:
            worker.offer(frame, t_ms)

    def reset(self, make_analyzer: Callable[[], Analyzer], key: object) -> None:
        """A fresh liveness challenge; a new analyser only when ``key`` (its settings) changed."""
        worker = self._worker
        if key != self._key:
            self._key = key
            self._make_analyzer = make_analyzer
            if worker is not None:
                worker.replace(make_analyzer)
        elif worker is not None:
            worker.restart()

    @property
    def analyzer_ready(self) -> bool:
        """The analysis thread holds a made analyser (read from the GUI thread: a snapshot)."""
        worker = self._worker
        return worker is not None and worker.has_analyzer

    def prepare(self) -> None:
        """Load the analyser's model now (behind the login), not as the first capture page opens:
        making it holds the interpreter lock for tens of milliseconds, a stall of the GUI."""
        if self._worker is not None:
            self._worker.prepare()

    def set_paused(self, paused: bool) -> None:
        """Thread-safe: the liveness test's clock stands still while ``paused``."""
        worker = self._worker
        if worker is not None:
            worker.set_paused(paused)

    def stop(self, timeout_ms: int = 5000) -> bool:
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return True
        thread.requestInterruption()
        thread.quit()
        if not thread.wait(timeout_ms):
            log.error("analysis thread did not stop within %d ms", timeout_ms)
            return False
        worker.guidance_ready.disconnect(self._on_guidance)
        self._thread = self._worker = None
        worker.deleteLater()
        thread.deleteLater()
        return True

    @Slot(object)
    def _on_guidance(self, guidance: Guidance) -> None:
        self.guidance_ready.emit(guidance)
