# SPDX-License-Identifier: MIT
"""The live view's analysis: one object per capture session, run on the UI's analysis worker.

Per frame the Face Landmarker runs once (VIDEO mode, on the frame scaled down so that the 3:4
window the still is cut from is 360×480 px: 853×480 for a 16:9 camera, 640×480 for a 4:3 one) and
its output feeds both the framing guidance and the liveness challenge::

    analyzer = LiveAnalyzer(liveness=True)
    result = analyzer.analyze(frame_bgr, t_ms)   # newest frame only; skip frames while busy
    result.hint, result.ready, result.overlay, result.liveness

Thread affinity: create, use and close the analyzer on the same worker thread (the landmarker
is not thread-safe). Time stamps must grow; they are the camera's, in milliseconds.

Why that size: at the framing target (face 240 of 480 output px wide) the inter-eye distance is
then about 80 px, above the ~60 px the planarity test needs; scaling a 16:9 frame to 640 px wide
instead would leave about 58 px, and the test would ask a well-framed student to come closer.

Left and right in hints and prompts are the student's own (see :mod:`.model`).

``ready`` speaks only of framing and light; whether a capture also needs a passed liveness test
(and counting failures toward the lockout) is the services layer's decision.
"""

from __future__ import annotations

import dataclasses
import logging

import cv2
import numpy as np

from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.live.challenge import Challenge
from tucai_desk.vision.live.guidance import Guide, crop_window, framing_overlay
from tucai_desk.vision.live.model import (
    FramingOverlay,
    GuidanceHint,
    GuidanceSettings,
    LivenessSettings,
    LivenessStatus,
    LiveResult,
)
from tucai_desk.vision.live.observe import FrameObs, observe

log = logging.getLogger(__name__)

__all__ = ["LiveAnalyzer", "LiveResult", "LivenessStatus", "downscale"]

#: Height of the 3:4 crop window in the analysed frame, px.
ANALYSIS_WINDOW_HEIGHT = 480
# Two faces are enough to see "several faces"; more would only cost time.
_NUM_FACES = 2


def analysis_scale(width: int, height: int, window_height: int = ANALYSIS_WINDOW_HEIGHT) -> float:
    """Scale (<= 1) that brings the frame's 3:4 crop window to ``window_height`` px."""
    _, y0, _, y1 = crop_window(width, height)
    return min(1.0, window_height / max(y1 - y0, 1.0))


def downscale(frame_bgr: np.ndarray, window_height: int = ANALYSIS_WINDOW_HEIGHT) -> np.ndarray:
    """The frame at the analysis size (never enlarged)."""
    h, w = frame_bgr.shape[:2]
    k = analysis_scale(w, h, window_height)
    if k >= 1.0:
        return frame_bgr
    size = (max(1, round(w * k)), max(1, round(h * k)))
    return cv2.resize(frame_bgr, size, interpolation=cv2.INTER_AREA)


class LiveAnalyzer:
    """Guidance and liveness for one capture session."""

    def __init__(
        self,
        *,
        liveness: bool = True,
        seed: int | None = None,
        settings: LivenessSettings | None = None,
        guidance: GuidanceSettings | None = None,
        window_height: int = ANALYSIS_WINDOW_HEIGHT,
        runner: FaceLandmarkerRunner | None = None,
    ) -> None:
        self._liveness_on = liveness
        self._settings = settings or LivenessSettings()
        self._guide = Guide(guidance)
        self._guidance_settings = guidance or GuidanceSettings()
        self._window_height = window_height
        self._runner = runner or FaceLandmarkerRunner(mode="video", num_faces=_NUM_FACES)
        self._challenge = Challenge(self._settings, seed) if liveness else None
        self._overlay_cache: dict[tuple[int, int], FramingOverlay] = {}
        self._paused = False
        self._paused_since: float | None = None
        self._offset_ms = 0.0  # time spent paused, taken out of the challenge's clock
        self._last_t = 0.0

    @property
    def challenge(self) -> Challenge | None:
        return self._challenge

    def analyze(self, frame_bgr: np.ndarray, t_ms: float) -> LiveResult:
        """Analyse one camera frame taken at ``t_ms`` (milliseconds, increasing)."""
        small = downscale(frame_bgr, self._window_height)
        faces = self._runner.detect(small, int(round(t_ms)))
        obs = observe(small, faces, t_ms)
        scale = frame_bgr.shape[0] / small.shape[0]
        return self.update(dataclasses.replace(obs, camera_scale=scale) if scale != 1 else obs)

    def update(self, obs: FrameObs) -> LiveResult:
        """The same as :meth:`analyze` for an observation made already (evaluation replays)."""
        hint = self._guide.update(obs)
        status = self._challenge_update(obs)
        key = (obs.width, obs.height)
        overlay = self._overlay_cache.get(key)
        if overlay is None:
            overlay = framing_overlay(obs.width, obs.height, self._guidance_settings)
            self._overlay_cache[key] = overlay
        box = None
        if obs.face is not None:
            x0, y0, x1, y1 = obs.face.box
            box = (
                max(0.0, x0 / obs.width),
                max(0.0, y0 / obs.height),
                min(1.0, x1 / obs.width),
                min(1.0, y1 / obs.height),
            )
        return LiveResult(
            hint=hint,
            ready=hint is GuidanceHint.READY,
            overlay=overlay,
            face_box=box,
            liveness=status,
        )

    def _challenge_update(self, obs: FrameObs) -> LivenessStatus | None:
        ch = self._challenge
        if ch is None:
            return None
        if self._paused:
            # The challenge's clock stands still: nothing it sees now counts.
            if self._paused_since is None:
                self._paused_since = obs.t_ms
            return ch.status(self._last_t)
        if self._paused_since is not None:
            self._offset_ms += obs.t_ms - self._paused_since
            self._paused_since = None
        self._last_t = obs.t_ms - self._offset_ms
        return ch.update(dataclasses.replace(obs, t_ms=self._last_t))

    def set_paused(self, paused: bool) -> None:
        """Stop the liveness test's clock (a dialog covers the live view) or let it run on."""
        self._paused = paused

    @property
    def paused(self) -> bool:
        return self._paused

    def restart_challenge(self, seed: int | None = None) -> None:
        """A new liveness test (new random order and timing); guidance is unaffected."""
        if self._liveness_on:
            self._challenge = Challenge(self._settings, seed)
            self._offset_ms = 0.0
            self._paused_since = None
            self._last_t = 0.0

    def close(self) -> None:
        self._runner.close()

    def __enter__(self) -> LiveAnalyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
