# SPDX-License-Identifier: MIT
"""Generated camera clips of a station's backdrop, for the readiness check's tests.

A backdrop cloth fills the middle of a 1280×720 frame with the room's wall, a door frame and a
light switch at the sides (the edges a focused camera draws sharply). Faults are made the way
they arise: light fall-off in linear light, defocus as a Gaussian blur of the whole frame,
sensor noise per frame, a crease as a soft shadow line on the cloth.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tucai_desk.vision.checks.context import SRGB_TO_LINEAR

SIZE = (1280, 720)
LIGHT_BLUE = (100, 197, 255)
WHITE = (250, 250, 250)
GREY = (170, 170, 170)
BEIGE = (215, 195, 155)


def _to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0.0, 1.0)
    srgb = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    return np.clip(np.round(srgb * 255), 0, 255).astype(np.uint8)


def scene(
    backdrop_rgb: tuple[int, int, int] = LIGHT_BLUE,
    *,
    left_light: float = 1.0,
    crease: bool = False,
    blur_sigma: float = 0.0,
    size: tuple[int, int] = SIZE,
    seed: int = 0,
) -> np.ndarray:
    """One noiseless BGR frame; ``left_light`` < 1 dims the light towards the left edge."""
    w, h = size
    rng = np.random.default_rng(seed)
    r, g, b = backdrop_rgb
    frame = np.empty((h, w, 3), np.uint8)
    frame[:] = (150, 160, 168)  # the wall
    x0, x1 = int(0.14 * w), int(0.86 * w)
    frame[:, x0:x1] = (b, g, r)
    # A fabric weave: a faint texture, as real cloth shows.
    weave = rng.normal(0, 1.2, (h, x1 - x0, 1))
    cloth = frame[:, x0:x1].astype(np.float32) + weave
    frame[:, x0:x1] = np.clip(cloth, 0, 255).astype(np.uint8)
    # A door frame and a light switch on the wall: sharp edges for the focus measure.
    frame[int(0.15 * h) :, int(0.02 * w) : int(0.05 * w)] = (60, 70, 80)
    frame[int(0.45 * h) : int(0.52 * h), int(0.90 * w) : int(0.93 * w)] = (245, 245, 245)
    if crease:
        xs = np.arange(x0, x1)
        for cx in (0.40 * w, 0.58 * w):
            shade = 1 - 0.4 * np.exp(-(((xs - cx) / 4.0) ** 2))
            frame[:, x0:x1] = np.clip(frame[:, x0:x1] * shade[None, :, None], 0, 255).astype(
                np.uint8
            )
    linear = SRGB_TO_LINEAR[frame]
    if left_light != 1.0:
        ramp = np.linspace(left_light, 1.0, w, dtype=np.float32)
        linear = linear * ramp[None, :, None]
    frame = _to_srgb(linear)
    if blur_sigma > 0:
        frame = cv2.GaussianBlur(frame, (0, 0), blur_sigma)
    return frame


def write_clip(
    path: Path,
    frame: np.ndarray,
    *,
    fps: float = 30.0,
    seconds: float = 1.0,
    noise_sigma: float = 0.8,
    seed: int = 1,
) -> Path:
    """A clip of ``frame`` with fresh sensor noise in every frame (MJPG, high quality)."""
    rng = np.random.default_rng(seed)
    h, w = frame.shape[:2]
    base = frame.astype(np.float32)
    # Eight noise fields in turn: as independent as a sensor's over the frames a check compares.
    fields = [rng.standard_normal(frame.shape, dtype=np.float32) * noise_sigma for _ in range(8)]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    writer.set(cv2.VIDEOWRITER_PROP_QUALITY, 95)
    for i in range(max(2, round(fps * seconds))):
        writer.write(np.clip(base + fields[i % len(fields)], 0, 255).astype(np.uint8))
    writer.release()
    return path
