# SPDX-License-Identifier: MIT
"""Head turns from the Face Landmarker's head-pose matrix.

Yaw and pitch come from :class:`~tucai_desk.vision.landmarker.FaceLandmarks` (yaw > 0: nose to
the camera image's right; pitch > 0: head bowed). A turn is a change of at least ``min_deg``
from the person's own frontal pose, held for ``hold_ms`` (a single-frame jump of the estimate is
not a turn).

Names: :class:`ImageDirection` is the way the nose moves in the un-mirrored camera image (the
convention of the labelled test material); challenge prompts use the student's own left/right,
see :func:`image_direction_of`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from tucai_desk.vision.live.model import ChallengeStep

log = logging.getLogger(__name__)


class ImageDirection(StrEnum):
    LEFT = "left"  # nose towards the image's left: yaw decreases
    RIGHT = "right"  # nose towards the image's right: yaw increases
    UP = "up"  # chin raised: pitch decreases
    DOWN = "down"  # head bowed: pitch increases


def image_direction_of(step: ChallengeStep) -> ImageDirection:
    """The image direction a turn prompt asks for (the student's left is the image's right)."""
    if step is ChallengeStep.TURN_LEFT:
        return ImageDirection.RIGHT
    if step is ChallengeStep.TURN_RIGHT:
        return ImageDirection.LEFT
    raise ValueError(f"{step} is not a turn")


def direction_of(d_yaw: float, d_pitch: float, min_deg: float) -> ImageDirection | None:
    """The dominant direction of a pose change, if it reaches ``min_deg``."""
    if max(abs(d_yaw), abs(d_pitch)) < min_deg:
        return None
    if abs(d_yaw) >= abs(d_pitch):
        return ImageDirection.RIGHT if d_yaw > 0 else ImageDirection.LEFT
    return ImageDirection.DOWN if d_pitch > 0 else ImageDirection.UP


@dataclass(frozen=True, slots=True)
class TurnEvent:
    direction: ImageDirection
    t_start: float  # first frame beyond the threshold (ms)
    t_end: float  # first frame back within it (or the last frame seen)
    peak_deg: float  # largest change from the frontal reference


class TurnTracker:
    """Online: reports a turn once the pose has stayed beyond the threshold for ``hold_ms``."""

    def __init__(self, reference: tuple[float, float], *, min_deg: float, hold_ms: float) -> None:
        self.ref_yaw, self.ref_pitch = reference
        self.min_deg = min_deg
        self.hold_ms = hold_ms
        self._dir: ImageDirection | None = None
        self._since = 0.0

    def delta(self, yaw: float, pitch: float) -> tuple[float, float]:
        return yaw - self.ref_yaw, pitch - self.ref_pitch

    @property
    def crossed_at(self) -> float | None:
        """When the pose last went beyond the threshold (None while within it)."""
        return self._since if self._dir is not None else None

    def update(self, t_ms: float, yaw: float, pitch: float) -> ImageDirection | None:
        """The direction held long enough, else None."""
        d = direction_of(*self.delta(yaw, pitch), self.min_deg)
        if d != self._dir:
            self._dir, self._since = d, t_ms
        if d is not None and t_ms - self._since >= self.hold_ms:
            return d
        return None


def find_turns(
    times: list[float],
    yaws: list[float | None],
    pitches: list[float | None],
    *,
    min_deg: float = 15.0,
    release_deg: float = 8.0,
    hold_ms: float = 100.0,
) -> list[TurnEvent]:
    """Turns in a recorded track, against the track's own frontal pose (median of its poses).

    A turn starts when the change reaches ``min_deg`` and ends when it falls below
    ``release_deg`` again (hysteresis, so a turn that wavers stays one turn). Frames without a
    face (None) neither start nor end a turn.
    """
    valid = [(y, p) for y, p in zip(yaws, pitches, strict=True) if y is not None and p is not None]
    if not valid:
        return []
    ref_yaw = float(np.median([v[0] for v in valid]))
    ref_pitch = float(np.median([v[1] for v in valid]))
    events: list[TurnEvent] = []
    cur: ImageDirection | None = None
    start = peak = 0.0
    last_t = times[0]
    for t, y, p in zip(times, yaws, pitches, strict=True):
        if y is None or p is None:
            continue
        dy, dp = y - ref_yaw, p - ref_pitch
        last_t = t
        if cur is None:
            d = direction_of(dy, dp, min_deg)
            if d is not None:
                cur, start, peak = d, t, max(abs(dy), abs(dp))
            continue
        along = dy if cur in (ImageDirection.LEFT, ImageDirection.RIGHT) else dp
        sign = 1.0 if cur in (ImageDirection.RIGHT, ImageDirection.DOWN) else -1.0
        if along * sign < release_deg:
            if t - start >= hold_ms:
                events.append(TurnEvent(cur, start, t, peak))
            cur = None
            d = direction_of(dy, dp, min_deg)
            if d is not None:
                cur, start, peak = d, t, max(abs(dy), abs(dp))
        else:
            peak = max(peak, along * sign)
    if cur is not None and last_t - start >= hold_ms:
        events.append(TurnEvent(cur, start, last_t, peak))
    return events
