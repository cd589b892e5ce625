# SPDX-License-Identifier: MIT
"""Print attacks made in memory for evaluating the liveness test.

A printed photo held in front of the camera is a sheet of paper: flat, or bent into a cylinder
(paper can bend one way only). :class:`PrintAttack` renders such a sheet through a pinhole camera
with a pose that changes smoothly over time (hand sway) and *reacts to the prompts* the way an
attacker would: it turns the sheet about its vertical axis when asked to turn (in the direction
that moves the printed nose the right way in the image) and flicks it towards the camera when
asked to blink (foreshortening narrows the printed eyes for a moment, the best a photo can do).

Frames are made on demand and never written anywhere; the source photos stay where they are.
"""

from __future__ import annotations

import logging
import math
import random
from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.vision.live.model import ChallengeStep

log = logging.getLogger(__name__)

_FOCAL = 0.95  # focal length in frame widths (a webcam's ~55° field of view)


@dataclass(frozen=True, slots=True)
class SheetPose:
    yaw: float = 0.0  # degrees, about the sheet's vertical axis
    pitch: float = 0.0
    roll: float = 0.0
    x: float = 0.0  # metres, camera coordinates (y down, z forward)
    y: float = 0.0
    z: float = 0.45


def _rotation(yaw: float, pitch: float, roll: float) -> np.ndarray:
    a, b, c = (math.radians(v) for v in (yaw, pitch, roll))
    ry = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    rz = np.array([[math.cos(c), -math.sin(c), 0], [math.sin(c), math.cos(c), 0], [0, 0, 1]])
    return rz @ ry @ rx


def _arc_length(w: np.ndarray, k: float) -> np.ndarray:
    """Arc length along z = (k/2) w² from 0 to w (paper does not stretch when bent)."""
    if abs(k) < 1e-9:
        return w
    kw = k * w
    return 0.5 * (w * np.sqrt(1.0 + kw * kw) + np.arcsinh(kw) / k)


def render_sheet(
    photo: np.ndarray,
    background: np.ndarray,
    pose: SheetPose,
    *,
    sheet_height: float,
    bend: float = 0.0,
    bend_axis_deg: float = 0.0,
) -> np.ndarray:
    """The camera image of ``photo`` printed ``sheet_height`` metres tall, posed and bent.

    The sheet surface is z = bend · w² in its own frame, w measured across the bend axis
    (``bend_axis_deg`` 0: the axis is vertical, the sheet curls left-right); bend 0 is flat, and
    bend = 1 / (2 r) for a cylinder of radius r metres.
    """
    out_h, out_w = background.shape[:2]
    ph, pw = photo.shape[:2]
    sheet_w = sheet_height * pw / ph
    f = _FOCAL * out_w
    rot = _rotation(pose.yaw, pose.pitch, pose.roll)
    t = np.array([pose.x, pose.y, pose.z])
    xs, ys = np.meshgrid(np.arange(out_w, dtype=np.float64) + 0.5, np.arange(out_h) + 0.5)
    rays = np.stack([(xs - out_w / 2) / f, (ys - out_h / 2) / f, np.ones_like(xs)], axis=-1)
    d = rays @ rot  # ray directions in sheet coordinates
    o = -(rot.T @ t)  # camera centre in sheet coordinates
    ca, sa = math.cos(math.radians(bend_axis_deg)), math.sin(math.radians(bend_axis_deg))
    w0 = o[0] * ca + o[1] * sa
    w1 = d[..., 0] * ca + d[..., 1] * sa
    with np.errstate(invalid="ignore", divide="ignore"):
        if abs(bend) < 1e-9:
            s = (0.0 - o[2]) / d[..., 2]
        else:
            a = bend * w1 * w1
            b = 2 * bend * w0 * w1 - d[..., 2]
            c = bend * w0 * w0 - o[2]
            root = np.sqrt(b * b - 4 * a * c)
            s1, s2 = (-b - root) / (2 * a), (-b + root) / (2 * a)
            s = np.where((s1 > 0) & ((s1 < s2) | (s2 <= 0)), s1, s2)
        u = o[0] + s * d[..., 0]
        v = o[1] + s * d[..., 1]
        w = u * ca + v * sa
        p = -u * sa + v * ca
        sw = _arc_length(w, 2 * bend)
        ut, vt = sw * ca - p * sa, sw * sa + p * ca
        map_x = np.nan_to_num((ut / sheet_w + 0.5) * pw, nan=-1.0).astype(np.float32)
        map_y = np.nan_to_num((vt / sheet_height + 0.5) * ph, nan=-1.0).astype(np.float32)
    sheet = cv2.remap(photo, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    inside = (map_x >= 0) & (map_x < pw - 1) & (map_y >= 0) & (map_y < ph - 1) & (s > 0)
    frame = background.copy()
    frame[inside] = sheet[inside]
    return frame


def _smooth_noise(rng: random.Random, amplitude: float) -> list[tuple[float, float, float]]:
    """A few sinusoids (amplitude, frequency Hz, phase): a hand's slow sway."""
    return [
        (amplitude * rng.uniform(0.3, 1.0), rng.uniform(0.15, 1.2), rng.uniform(0, 2 * math.pi))
        for _ in range(3)
    ]


def _eval_noise(terms: list[tuple[float, float, float]], t_s: float) -> float:
    return sum(a * math.sin(2 * math.pi * f * t_s + ph) for a, f, ph in terms)


def _ease(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return x * x * (3 - 2 * x)


class PrintAttack:
    """A hand-held print answering the challenge's prompts. Frames are BGR, ``size`` (w, h).

    ``frame(t_ms, prompt)`` gives the camera image at ``t_ms`` while the station shows
    ``prompt``; call it with increasing times.
    """

    def __init__(
        self,
        photo: np.ndarray,
        *,
        rng: random.Random,
        bend: float = 0.0,
        bend_axis_deg: float = 0.0,
        size: tuple[int, int] = (640, 480),
        face_fraction: float = 0.45,
        face_in_photo: float = 0.45,
        eyes_in_photo: float = 0.4,
    ) -> None:
        """``face_in_photo``: the face's height as a share of the photo's height;
        ``eyes_in_photo``: the eye line's distance from the photo's top, as a share of its height.
        """
        self.rng = rng
        self.bend = bend
        self.bend_axis = bend_axis_deg
        margin = max(8, photo.shape[1] // 40)
        # The white paper margin shifts the shares slightly.
        full_h = photo.shape[0] + 2 * margin
        face_in_photo *= photo.shape[0] / full_h
        eyes_in_photo = (eyes_in_photo * photo.shape[0] + margin) / full_h
        self.photo = cv2.copyMakeBorder(
            photo, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=(240, 240, 240)
        )
        self.size = size
        # The print is held so that the face (``face_in_photo`` of the photo's height) fills
        # ``face_fraction`` of the frame height; the sheet spans sheet_h * f / z px at distance z.
        self.sheet_h = 0.22
        w, h = size
        self.z0 = self.sheet_h * _FOCAL * w * face_in_photo / (h * face_fraction)
        self.background = self._background(rng, w, h)
        self.gain = rng.uniform(0.8, 1.1)
        self.sway = [_smooth_noise(rng, a) for a in (3.0, 3.0, 2.0, 0.004, 0.004, 0.015)]
        # Hold the print so that the face sits where the framing overlay wants it (the eyes a
        # little above the middle of the frame).
        # Put the printed eyes on the overlay's eye line, about 0.11 frame heights above the
        # centre (y grows downwards).
        eye_shift = 0.11 * h * self.z0 / (_FOCAL * w)
        self.y0 = (0.5 - eyes_in_photo) * self.sheet_h - eye_shift
        self.turn_deg = rng.uniform(35.0, 60.0)
        self.reaction_ms = rng.uniform(400.0, 900.0)
        self._prompt: ChallengeStep | None = None
        self._prompt_t = 0.0

    @staticmethod
    def _background(rng: random.Random, w: int, h: int) -> np.ndarray:
        gen = np.random.default_rng(rng.randrange(1 << 30))
        # A calm room: a soft grey-beige gradient with some blurred clutter.
        base = np.array([gen.uniform(90, 200) for _ in range(3)], dtype=np.float32)
        clutter = gen.normal(0, 25, (h // 16, w // 16, 1)).astype(np.float32)
        clutter = np.repeat(clutter, 3, axis=2)
        clutter = cv2.GaussianBlur(cv2.resize(clutter, (w, h)), (0, 0), 4)
        ramp = np.linspace(0.85, 1.1, h, dtype=np.float32)[:, None, None]
        return np.clip(base * ramp + clutter, 0, 255).astype(np.uint8)

    def pose(self, t_ms: float, prompt: ChallengeStep | None) -> SheetPose:
        if prompt != self._prompt:
            self._prompt, self._prompt_t = prompt, t_ms
        t_s = t_ms / 1000.0
        yaw, pitch, roll, x, y, dz = (_eval_noise(n, t_s) for n in self.sway)
        since = t_ms - self._prompt_t - self.reaction_ms
        if prompt in (ChallengeStep.TURN_LEFT, ChallengeStep.TURN_RIGHT) and since > 0:
            # Turning the sheet about its vertical axis by -θ moves the printed nose to the
            # image's right (the student's left turn), as a real head turning left would.
            sign = -1.0 if prompt is ChallengeStep.TURN_LEFT else 1.0
            ramp = _ease(since / 500.0) - _ease((since - 1500.0) / 500.0)
            yaw += sign * self.turn_deg * ramp
        elif prompt is ChallengeStep.BLINK and since > 0:
            # Quick flicks towards the camera, about one per second, ~250 ms each.
            phase = since % 1000.0
            if phase < 250.0:
                pitch += 55.0 * math.sin(math.pi * phase / 250.0)
        return SheetPose(yaw, pitch, roll, x, self.y0 + y, self.z0 + dz)

    def frame(self, t_ms: float, prompt: ChallengeStep | None) -> np.ndarray:
        img = render_sheet(
            self.photo,
            self.background,
            self.pose(t_ms, prompt),
            sheet_height=self.sheet_h,
            bend=self.bend,
            bend_axis_deg=self.bend_axis,
        )
        img = cv2.convertScaleAbs(img, alpha=self.gain)
        return cv2.GaussianBlur(img, (3, 3), 0.7)
