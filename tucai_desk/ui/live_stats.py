# SPDX-License-Identifier: MIT
"""Figures of the live view, kept as it runs: cheap counters and short windows of samples.

Every camera frame is stamped with :func:`clock_ms` on the camera thread as soon as it is read.
That stamp is also the analyser's time stamp, travels with the frame's :class:`Guidance` to the
live view, and when the view paints the hint of that frame it records capture → shown latency.

:data:`STATS` is process-wide (one station per process). Each counter is written by one
thread only (the camera, the analysis or the GUI thread), so plain ``+=`` and ``deque.append``
suffice; ``tucai-desk bench live`` takes a mark, waits, and reads the figures since the mark.
:class:`StallProbe` measures how long the GUI event loop went without running.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Slot

_EPOCH = time.monotonic()
_SAMPLES = 4096  # about two minutes at 30 frames per second


def clock_ms() -> float:
    """Milliseconds on the process's monotonic camera clock (shared by all threads)."""
    return (time.monotonic() - _EPOCH) * 1000.0


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0–1, nearest rank) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[rank]


@dataclass(frozen=True, slots=True)
class LiveMark:
    """The counters at the start of a measurement window."""

    at_ms: float
    frames_read: int
    frames_painted: int
    frames_analysed: int
    hints_painted: int


class LiveStats:
    """Counters and samples of the camera → analysis → live view path.

    Counters only ever grow: a reader takes a :class:`LiveMark` and later asks for the figures
    since it, so no thread ever writes a counter that another thread resets.
    """

    def __init__(self) -> None:
        self.frames_read = 0  # camera thread: frames the source delivered
        self.frames_painted = 0  # GUI thread: distinct preview frames painted by the live view
        self.frames_analysed = 0  # analysis thread: frames the analyser ran on
        self.hints_painted = 0  # GUI thread: guidance results painted
        # (clock_ms, value) pairs
        self.analysis_ms: deque[tuple[float, float]] = deque(maxlen=_SAMPLES)
        self.hint_latency_ms: deque[tuple[float, float]] = deque(maxlen=_SAMPLES)

    def add_analysis(self, ms: float) -> None:
        """Analysis thread: one frame analysed in ``ms``."""
        self.analysis_ms.append((clock_ms(), ms))
        self.frames_analysed += 1

    def add_hint_shown(self, captured_ms: float) -> None:
        """GUI thread: the guidance of the frame read at ``captured_ms`` was painted now."""
        now = clock_ms()
        self.hint_latency_ms.append((now, now - captured_ms))
        self.hints_painted += 1

    def mark(self) -> LiveMark:
        """Start a measurement window now."""
        return LiveMark(
            clock_ms(),
            self.frames_read,
            self.frames_painted,
            self.frames_analysed,
            self.hints_painted,
        )

    def figures(self, since: LiveMark) -> dict[str, Any]:
        """Rates per second and the sample statistics since ``since``."""
        seconds = max(1e-3, (clock_ms() - since.at_ms) / 1000.0)
        # list() of a deque runs in C under the GIL: no other thread appends meanwhile.
        latency = [v for t, v in list(self.hint_latency_ms) if t >= since.at_ms]
        analysis = [v for t, v in list(self.analysis_ms) if t >= since.at_ms]

        def rate(now: int, then: int) -> float:
            return round((now - then) / seconds, 1)

        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        return {
            "seconds": round(seconds, 2),
            "camera_fps": rate(self.frames_read, since.frames_read),
            "preview_fps": rate(self.frames_painted, since.frames_painted),
            "guidance_hz": rate(self.frames_analysed, since.frames_analysed),
            "hints_shown_hz": rate(self.hints_painted, since.hints_painted),
            "hint_latency_ms_p50": rounded(percentile(latency, 0.5)),
            "hint_latency_ms_p95": rounded(percentile(latency, 0.95)),
            "analysis_ms_median": rounded(percentile(analysis, 0.5)),
            "analysis_ms_p95": rounded(percentile(analysis, 0.95)),
        }


STATS = LiveStats()


class StallProbe(QObject):
    """A 1 ms timer on the GUI thread: the longest gap between its ticks is the longest time the
    event loop did not run (painting, a slot, a lock held elsewhere)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)
        self.last_tick = 0.0  # perf_counter of the latest tick (read by StallTracer)
        self.gaps_ms: list[float] = []  # gaps longer than 4 ms, for the distribution
        self.max_gap_ms = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.reset()
        self._timer.start()

    def reset(self) -> None:
        self.last_tick = time.perf_counter()
        self.gaps_ms = []
        self.max_gap_ms = 0.0
        self.ticks = 0

    def stop(self) -> None:
        self._timer.stop()

    @Slot()
    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self.last_tick) * 1000.0
        self.last_tick = now
        self.ticks += 1
        if gap > 4.0:
            self.gaps_ms.append(gap)
        self.max_gap_ms = max(self.max_gap_ms, gap)
