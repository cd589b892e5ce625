# SPDX-License-Identifier: MIT
"""Blink detection with a per-person, per-moment baseline.

A blink is a short closure of both eyes followed by reopening. Absolute EAR thresholds (0.2–0.25
are common) fail on people whose open eyes are narrow, on glasses and on pose changes, so both
signals are measured against the same person's open-eye level just before:

- ``closure`` = 1 − EAR / open EAR, where the open EAR is the median of the last
  ``baseline_ms`` (skipping the most recent ``gap_ms``, which may already be the lid closing);
- the eyeBlink blendshapes must rise above their own baseline too (two independent views of the
  lids: landmark geometry and the model's blendshape head).

An event runs from the first frame whose closure reaches ``low`` to the first frame below it
again, must peak at ``high`` or more and last 50–500 ms (physiology: natural blinks are about
150–400 ms; a closure longer than 500 ms is a deliberate one, not a blink).

Guards: a smile narrows the eyes (mouthSmile high → not a blink); a squint or a pose change is slow
and does not reopen within 500 ms; a picture tilted quickly towards the camera shortens the
whole face, not only the lids, so the eye-to-mouth distance (relative to the inter-eye distance)
must stay within ``shape_tolerance`` of its baseline; the head must stay still (yaw/pitch).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

import numpy as np

from tucai_desk.vision.live.observe import FaceObs

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BlinkSettings:
    baseline_ms: float = 1500.0
    gap_ms: float = 100.0
    low: float = 0.15
    high: float = 0.30
    blendshape_rise: float = 0.10
    min_ms: float = 50.0
    max_ms: float = 500.0
    max_smile: float = 0.5
    shape_tolerance: float = 0.08
    max_pose_change_deg: float = 8.0
    min_baseline_frames: int = 4


@dataclass(frozen=True, slots=True)
class BlinkEvent:
    t_start: float  # first frame of the closure (ms)
    t_end: float  # first frame reopened (ms)
    depth: float  # peak closure (0 open .. ~1 shut)

    @property
    def duration_ms(self) -> float:
        return self.t_end - self.t_start


@dataclass(slots=True)
class _Candidate:
    t_start: float
    ear_open: float
    blink_open: float
    shape_open: float
    yaw0: float
    pitch0: float
    peak: float = 0.0
    blink_peak: float = 0.0
    smile_peak: float = 0.0
    shape_dev: float = 0.0
    pose_dev: float = 0.0


class BlinkDetector:
    """Feed one face observation per frame; :meth:`update` returns a blink when it ends.

    Events come out when the eyes have reopened, so with ``max_ms`` = 500 a blink is known at
    most about half a second after it began.
    """

    def __init__(self, settings: BlinkSettings | None = None) -> None:
        self.s = settings or BlinkSettings()
        self._hist: deque[tuple[float, float, float, float]] = deque()  # t, ear, blink, shape
        self._cand: _Candidate | None = None
        self.closure = 0.0

    def reset(self) -> None:
        self._hist.clear()
        self._cand = None
        self.closure = 0.0

    def _baseline(self, t_ms: float) -> tuple[float, float, float] | None:
        horizon = t_ms - self.s.baseline_ms
        while self._hist and self._hist[0][0] < horizon:
            self._hist.popleft()
        rows = [r for r in self._hist if r[0] <= t_ms - self.s.gap_ms]
        if len(rows) < self.s.min_baseline_frames:
            return None
        arr = np.asarray(rows, dtype=np.float64)
        return float(np.median(arr[:, 1])), float(np.median(arr[:, 2])), float(np.median(arr[:, 3]))

    def update(self, t_ms: float, face: FaceObs | None) -> BlinkEvent | None:
        if face is None:
            # A lost face ends any closure without a blink; the baseline restarts.
            self.reset()
            return None
        cand = self._cand
        if cand is None:
            base = self._baseline(t_ms)
            closure = 0.0 if base is None else 1.0 - face.ear / max(base[0], 1e-6)
            self.closure = closure
            if base is not None and closure >= self.s.low:
                cand = _Candidate(t_ms, base[0], base[1], base[2], face.yaw, face.pitch)
                self._cand = cand
            else:
                # Frames of a closure never enter the baseline: it stays the open-eye level.
                self._hist.append((t_ms, face.ear, face.blink, face.eye_mouth))
                return None
        closure = 1.0 - face.ear / max(cand.ear_open, 1e-6)
        self.closure = closure
        if closure >= self.s.low:
            cand.peak = max(cand.peak, closure)
            cand.blink_peak = max(cand.blink_peak, face.blink - cand.blink_open)
            cand.smile_peak = max(cand.smile_peak, face.smile)
            cand.shape_dev = max(
                cand.shape_dev, abs(face.eye_mouth / max(cand.shape_open, 1e-6) - 1.0)
            )
            cand.pose_dev = max(
                cand.pose_dev, abs(face.yaw - cand.yaw0), abs(face.pitch - cand.pitch0)
            )
            if t_ms - cand.t_start > self.s.max_ms:
                # Too long for a blink (a squint, a pose change, eyes kept shut): drop it and
                # let the baseline follow the new level.
                self._cand = None
                self._hist.clear()
            return None
        # Reopened: judge the closure.
        self._cand = None
        self._hist.append((t_ms, face.ear, face.blink, face.eye_mouth))
        duration = t_ms - cand.t_start
        ok = (
            cand.peak >= self.s.high
            and cand.blink_peak >= self.s.blendshape_rise
            and self.s.min_ms <= duration <= self.s.max_ms
            and cand.smile_peak <= self.s.max_smile
            and cand.shape_dev <= self.s.shape_tolerance
            and cand.pose_dev <= self.s.max_pose_change_deg
        )
        if not ok:
            log.debug(
                "closure rejected: peak %.2f blink %.2f %d ms smile %.2f shape %.2f pose %.1f",
                cand.peak, cand.blink_peak, duration, cand.smile_peak, cand.shape_dev,
                cand.pose_dev,
            )  # fmt: skip
            return None
        return BlinkEvent(cand.t_start, t_ms, cand.peak)


def detect_blinks(
    track: list[tuple[float, FaceObs | None]], settings: BlinkSettings | None = None
) -> list[BlinkEvent]:
    """All blinks of a recorded track of (time, face) pairs."""
    det = BlinkDetector(settings)
    events = []
    for t, face in track:
        ev = det.update(t, face)
        if ev is not None:
            events.append(ev)
    return events
