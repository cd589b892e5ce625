# SPDX-License-Identifier: MIT
"""Live framing guidance: one hint at a time and the overlay to draw.

The still is cut from the largest centred 3:4 window of the camera frame and scaled to the
480×640 output, so the standard's layout rules (eyes 200–300 px from the top, face 180–300 px
wide, centred, top of hair 50–110 px) translate directly into positions inside that window. The
hint names the first thing to fix in :class:`GuidanceHint` order; left/right are the student's
own (see :mod:`tucai_desk.vision.live.model`).
"""

from __future__ import annotations

import logging

import numpy as np

from tucai_desk.vision.framing import still_problem
from tucai_desk.vision.landmarker import LEFT_CHEEK_EDGE, RIGHT_CHEEK_EDGE
from tucai_desk.vision.live.model import FramingOverlay, GuidanceHint, GuidanceSettings
from tucai_desk.vision.live.observe import FrameObs, face_width_px
from tucai_desk.vision.profiles import PhotoProfile, load_profile

log = logging.getLogger(__name__)

OUT_W, OUT_H = 480.0, 640.0
# Head outline in output px: with eyes at 250 px and a 240 px face, the chin is about 0.8 face
# widths below the eyes and the top of the hair about as far above (adult head proportions).
_HEAD_TOP_PX, _CHIN_PX, _HEAD_HALF_W_PX = 62.0, 442.0, 132.0
# A frame this dark (mean linear light) cannot show a face: say so rather than "no face".
_DARK_FRAME = 0.01


def crop_window(width: int, height: int) -> tuple[float, float, float, float]:
    """The largest centred 3:4 (width:height) window of a frame, in px: x0, y0, x1, y1."""
    if width * 4 >= height * 3:
        w = height * 3.0 / 4.0
        x0 = (width - w) / 2.0
        return x0, 0.0, x0 + w, float(height)
    h = width * 4.0 / 3.0
    y0 = (height - h) / 2.0
    return 0.0, y0, float(width), y0 + h


def framing_overlay(
    width: int, height: int, settings: GuidanceSettings | None = None
) -> FramingOverlay:
    """The overlay for a frame of this size, in normalised frame coordinates."""
    s = settings or GuidanceSettings()
    x0, y0, x1, y1 = crop_window(width, height)
    k = (x1 - x0) / OUT_W  # frame px per output px

    def nx(v: float) -> float:
        return (x0 + v * k) / width

    def ny(v: float) -> float:
        return (y0 + v * k) / height

    cy = (_HEAD_TOP_PX + _CHIN_PX) / 2.0
    return FramingOverlay(
        crop=(x0 / width, y0 / height, x1 / width, y1 / height),
        head_ellipse=(
            nx(OUT_W / 2.0),
            ny(cy),
            _HEAD_HALF_W_PX * k / width,
            (_CHIN_PX - _HEAD_TOP_PX) / 2.0 * k / height,
        ),
        eye_line=ny(s.eye_target_px),
        eye_band=(ny(s.eye_band_px[0]), ny(s.eye_band_px[1])),
        face_width_range=(s.face_width_px[0] * k / width, s.face_width_px[1] * k / width),
    )


# What a still's own geometry problem asks of the student (see framing.still_problem).
_STILL_HINTS = {
    "too_small": GuidanceHint.COME_CLOSER,
    "face_too_small": GuidanceHint.COME_CLOSER,
    "cut_top": GuidanceHint.MOVE_DOWN,
    "cut_bottom": GuidanceHint.MOVE_UP,
}


class Guide:
    """Turns observations into hints. Keeps a little state (how long the eyes have been shut).

    READY ("good") also means the still's geometry checks will pass: the frame is judged with
    :func:`tucai_desk.vision.framing.still_problem`, the rule production and the still checks
    apply, under ``profile`` (the station's photo profile; the national one by default).
    """

    def __init__(
        self, settings: GuidanceSettings | None = None, profile: PhotoProfile | None = None
    ) -> None:
        self.s = settings or GuidanceSettings()
        self.profile = profile or load_profile()
        self._closed_since: float | None = None

    def reset(self) -> None:
        self._closed_since = None

    def update(self, obs: FrameObs) -> GuidanceHint:
        s = self.s
        face = obs.face
        if face is None:
            self._closed_since = None
            if obs.frame_luminance < _DARK_FRAME:
                return GuidanceHint.TOO_DARK
            return GuidanceHint.NO_FACE
        if face.blink >= s.eyes_closed_blink:
            if self._closed_since is None:
                self._closed_since = obs.t_ms
        else:
            self._closed_since = None
        if obs.other_face_area > s.other_face_area:
            return GuidanceHint.SEVERAL_FACES
        x0, y0, x1, _ = crop_window(obs.width, obs.height)
        k = OUT_W / (x1 - x0)  # output px per frame px
        pts = face.points
        width = face_width_px(pts) * k
        if width < s.face_width_px[0]:
            return GuidanceHint.COME_CLOSER
        if width > s.face_width_px[1]:
            return GuidanceHint.STEP_BACK
        centre_x = (float(np.mean(pts[[LEFT_CHEEK_EDGE, RIGHT_CHEEK_EDGE], 0])) - x0) * k
        if centre_x < OUT_W / 2.0 - s.centre_tolerance_px:
            # Face on the image's left = the student sits too far to their own right.
            return GuidanceHint.MOVE_LEFT
        if centre_x > OUT_W / 2.0 + s.centre_tolerance_px:
            return GuidanceHint.MOVE_RIGHT
        still_h = round(obs.height * obs.camera_scale)
        problem = still_problem(pts * obs.camera_scale, still_h, self.profile)
        if problem is not None:
            return _STILL_HINTS[problem[1]]
        eye_y = (float(np.mean(pts[[468, 473], 1])) - y0) * k
        if eye_y < s.eye_band_px[0]:
            return GuidanceHint.MOVE_DOWN
        if eye_y > s.eye_band_px[1]:
            return GuidanceHint.MOVE_UP
        if abs(face.yaw) > s.max_yaw_deg or abs(face.pitch - s.pitch_zero_deg) > s.max_pitch_deg:
            return GuidanceHint.LOOK_STRAIGHT
        if abs(face.roll) > s.max_roll_deg:
            return GuidanceHint.STRAIGHTEN_HEAD
        if self._closed_since is not None and obs.t_ms - self._closed_since >= s.eyes_closed_ms:
            return GuidanceHint.OPEN_EYES
        if face.luminance < s.luminance_range[0]:
            return GuidanceHint.TOO_DARK
        if face.luminance > s.luminance_range[1]:
            return GuidanceHint.TOO_BRIGHT
        lo, hi = s.light_balance_range
        if not lo <= face.cheek_ratio <= hi:
            return GuidanceHint.UNEVEN_LIGHT
        return GuidanceHint.READY
