# SPDX-License-Identifier: MIT
"""Blink detection against the person's own open-eye baseline.

Absolute thresholds (EAR 0.2–0.25, eyeBlink 0.5) fail on people whose open eyes are narrow, on
glasses, on smiles (a blink while laughing peaks at eyeBlink 0.4–0.5) and on pose. So each frame's
eyes are compared with the same person's open-eye level, learned while the face is calm:

- the **baseline** is the median EAR and eyeBlink score over the last ``baseline_ms`` of calm
  frames (frames outside any closure; a long closure never enters it, so the eyes that were shut
  for seconds are compared with their open level when they blink right after);
- the per-frame **closure** is the mean of two independent views of the lids, each relative to
  that baseline: landmark geometry (1 − EAR / open EAR) and the blendshape head (the eyeBlink rise
  over its open level, scaled to what is left up to 1);
- **both eyes**: the more open eye is used (its EAR, its eyeBlink), so a wink is not a blink.

An event runs from the first frame whose closure reaches ``low`` to the first frame below it again
and must peak at ``high`` or more. Its length is counted in frames times the frame interval, so
it adapts to the frame rate: one clearly closed frame at 6–15 fps (67–167 ms) is a blink, one
frame at 30 fps or more (33 ms, shorter than any blink) is a glitch. The part at half the peak
depth or more must not last longer than ``max_ms`` (a deliberate closure or a squint); a closure
slower than a blink but not clearly shut (eyeBlink below ``shut_blendshape``) that lasts
``adapt_ms`` is a new open level (heavy eyes, a smile that stays): the baseline starts again.

Guards: a picture tilted quickly towards the camera shortens the whole face, not only the lids,
so the eye-to-mouth distance (relative to the inter-eye distance) must stay within
``shape_tolerance`` of its baseline; the head must stay still (yaw/pitch within
``max_pose_change_deg``).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from tucai_desk.vision.live.observe import FaceObs

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BlinkSettings:
    baseline_ms: float = 2000.0
    gap_ms: float = 100.0
    low: float = 0.18
    high: float = 0.27
    min_ms: float = 50.0
    max_ms: float = 500.0
    partial: float = 0.5  # a closure peaking below this is a partial blink ...
    partial_max_ms: float = 300.0  # ... and partial blinks are quick
    adapt_ms: float = 1500.0
    shut_blendshape: float = 0.5
    shape_tolerance: float = 0.15
    max_pitch_change_deg: float = 8.0
    max_yaw_change_deg: float = 20.0
    min_baseline_frames: int = 3


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
    closures: list[float] = field(default_factory=list)
    shut: bool = False
    ear_drop: float = 0.0
    shape_dev: float = 0.0
    yaw_dev: float = 0.0
    pitch_dev: float = 0.0


def open_eye(face: FaceObs) -> tuple[float, float]:
    """EAR and eyeBlink of the more open eye (``ear`` and ``blink`` are the means of both)."""
    return 2.0 * face.ear - face.ear_min, face.blink_min


class BlinkDetector:
    """Feed one face observation per frame; :meth:`update` returns a blink when it ends.

    Events come out when the eyes have reopened, so a blink is known a frame after it ended.
    """

    def __init__(self, settings: BlinkSettings | None = None) -> None:
        self.s = settings or BlinkSettings()
        self._hist: deque[tuple[float, float, float, float]] = deque()  # t, ear, blink, shape
        self._cand: _Candidate | None = None
        self._last_t: float | None = None
        self._dts: deque[float] = deque(maxlen=15)
        self._shut_now = False
        self.closure = 0.0

    def reset(self) -> None:
        self._hist.clear()
        self._cand = None
        self._last_t = None
        self.closure = 0.0

    @property
    def closing(self) -> bool:
        """A closure is under way (an attempt at a blink, or eyes kept shut)."""
        return self._cand is not None

    @property
    def shut(self) -> bool:
        """The eyes are shut now (by the blendshape head, or deep in a closure)."""
        return self._shut_now or (self._cand is not None and self.closure >= 0.5)

    def frame_ms(self) -> float:
        return float(np.median(self._dts)) if self._dts else 33.3

    def _baseline(self, t_ms: float) -> tuple[float, float, float] | None:
        horizon = t_ms - self.s.baseline_ms
        while self._hist and self._hist[0][0] < horizon:
            self._hist.popleft()
        rows = [r for r in self._hist if r[0] <= t_ms - self.s.gap_ms]
        if len(rows) < self.s.min_baseline_frames:
            return None
        arr = np.asarray(rows, dtype=np.float64)
        return float(np.median(arr[:, 1])), float(np.median(arr[:, 2])), float(np.median(arr[:, 3]))

    @staticmethod
    def _closure(ear: float, blink: float, ear_open: float, blink_open: float) -> float:
        by_shape = 1.0 - ear / max(ear_open, 1e-6)
        by_blend = (blink - blink_open) / max(1.0 - blink_open, 0.3)
        return 0.5 * (by_shape + by_blend)

    def update(self, t_ms: float, face: FaceObs | None) -> BlinkEvent | None:
        if self._last_t is not None and t_ms > self._last_t:
            self._dts.append(t_ms - self._last_t)
        self._last_t = t_ms
        self._shut_now = face is not None and open_eye(face)[1] >= self.s.shut_blendshape
        if face is None:
            # A lost face ends any closure without a blink; the open level is kept.
            self._cand = None
            self.closure = 0.0
            return None
        ear, blink = open_eye(face)
        cand = self._cand
        if cand is None:
            base = self._baseline(t_ms)
            closure = 0.0 if base is None else self._closure(ear, blink, base[0], base[1])
            self.closure = closure
            if base is None or closure < self.s.low:
                # Only calm frames enter the baseline: it stays the open-eye level (eyes the
                # blendshape head sees shut never enter it, even before there is a baseline).
                if blink < self.s.shut_blendshape:
                    self._hist.append((t_ms, ear, blink, face.eye_mouth))
                return None
            cand = _Candidate(t_ms, base[0], base[1], base[2], face.yaw, face.pitch)
            self._cand = cand
        closure = self._closure(ear, blink, cand.ear_open, cand.blink_open)
        self.closure = closure
        if closure >= self.s.low:
            cand.closures.append(closure)
            cand.shut = cand.shut or blink >= self.s.shut_blendshape or closure >= 0.5
            if closure >= 0.5 * max(cand.closures):
                cand.shape_dev = max(
                    cand.shape_dev, abs(face.eye_mouth / max(cand.shape_open, 1e-6) - 1.0)
                )
            cand.ear_drop = max(cand.ear_drop, 1.0 - ear / max(cand.ear_open, 1e-6))
            cand.yaw_dev = max(cand.yaw_dev, abs(face.yaw - cand.yaw0))
            cand.pitch_dev = max(cand.pitch_dev, abs(face.pitch - cand.pitch0))
            if not cand.shut and t_ms - cand.t_start > self.s.adapt_ms:
                # Narrower but not shut for longer than any blink: the new open level.
                self._cand = None
                self._hist.clear()
            return None
        # Reopened: judge the closure.
        self._cand = None
        self._hist.append((t_ms, ear, blink, face.eye_mouth))
        return self._judge(cand, t_ms)

    def _judge(self, cand: _Candidate, t_ms: float) -> BlinkEvent | None:
        peak = max(cand.closures)
        dt = self.frame_ms()
        closed_ms = len(cand.closures) * dt
        # From the first to the last frame at half the peak depth or more.
        deep_ms = (sum(c >= 0.5 * peak for c in cand.closures) - 1) * dt
        if peak >= self.s.partial:
            quick = deep_ms <= self.s.max_ms
        else:  # a partial blink is quick from start to end (the lids lowered by a glance are not)
            quick = closed_ms <= self.s.partial_max_ms
        ok = (
            peak >= self.s.high
            and closed_ms >= self.s.min_ms
            and quick
            # The lids close, the face does not shorten as a whole (a tilted picture).
            and cand.shape_dev <= min(self.s.shape_tolerance, 0.5 * cand.ear_drop)
            and cand.pitch_dev <= self.s.max_pitch_change_deg
            and cand.yaw_dev <= self.s.max_yaw_change_deg
        )
        if not ok:
            log.debug(
                "closure rejected: peak %.2f %d/%d ms shape %.2f/%.2f pose %.1f/%.1f",
                peak, closed_ms, deep_ms, cand.shape_dev, cand.ear_drop, cand.yaw_dev,
                cand.pitch_dev,
            )  # fmt: skip
            return None
        return BlinkEvent(cand.t_start, t_ms, peak)


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
