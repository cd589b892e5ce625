# SPDX-License-Identifier: MIT
"""What the readiness check measures on a camera's frames of the empty backdrop.

Plain numpy/OpenCV on BGR ``uint8`` frames. Spatial measures use the temporal median of the
frames (so sensor noise does not pass for creases or detail); noise uses the frames' spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from tucai_desk.vision.checks.context import delta_e00, linear_luminance, to_lab

WORK_WIDTH = 640  # spatial measures run at this frame width, so limits do not depend on it


def median_frame(frames: list[np.ndarray], most: int = 9) -> np.ndarray:
    """The temporal median of up to ``most`` frames spread over the list."""
    if len(frames) <= most:
        picked = frames
    else:
        picked = [frames[int(i)] for i in np.linspace(0, len(frames) - 1, most)]
    return np.median(np.stack(picked), axis=0).astype(np.uint8)


def to_work_size(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    if w == WORK_WIDTH:
        return image
    size = (WORK_WIDTH, max(1, round(h * WORK_WIDTH / w)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def box_slices(
    shape: tuple[int, ...], box: tuple[float, float, float, float]
) -> tuple[slice, slice]:
    h, w = shape[:2]
    x0, y0, x1, y1 = box
    return slice(round(y0 * h), round(y1 * h)), slice(round(x0 * w), round(x1 * w))


def backdrop_delta_e(backdrop: np.ndarray, target_rgb: tuple[int, int, int]) -> float:
    """CIEDE2000 between the backdrop's median colour and ``target_rgb``."""
    lab = to_lab(backdrop).reshape(-1, 3)
    r, g, b = target_rgb
    target = to_lab(np.array([[[b, g, r]]], np.uint8))[0, 0]
    return float(delta_e00(np.median(lab, axis=0), target))


def backdrop_spread(backdrop: np.ndarray) -> float:
    """Lightness spread (p99 − p1, L*) left when the smooth fall-off of light is removed."""
    small = cv2.resize(backdrop, (160, max(8, round(backdrop.shape[0] * 160 / backdrop.shape[1]))))
    lum = to_lab(small)[..., 0].astype(np.float64)
    lum = cv2.GaussianBlur(lum, (0, 0), 1.0)
    h, w = lum.shape
    yy, xx = np.mgrid[0:h, 0:w]
    x = xx.ravel() / w - 0.5
    y = yy.ravel() / h - 0.5
    design = np.stack([np.ones_like(x), x, y, x * x, y * y, x * y], axis=1)
    coeffs, *_ = np.linalg.lstsq(design, lum.ravel(), rcond=None)
    residual = lum.ravel() - design @ coeffs
    low, high = np.percentile(residual, [1, 99])
    return float(high - low)


@dataclass(frozen=True, slots=True)
class Falloff:
    value: float  # 1 − darker / brighter on the worse axis
    darker: str  # "left", "right", "top" or "bottom"


def light_falloff(backdrop: np.ndarray) -> Falloff:
    """Fall-off of linear luminance between opposite quarters of the backdrop."""
    lum = linear_luminance(backdrop)
    h, w = lum.shape
    q_w, q_h = max(1, w // 4), max(1, h // 4)
    sides = {
        "left": float(lum[:, :q_w].mean()),
        "right": float(lum[:, w - q_w :].mean()),
        "top": float(lum[:q_h, :].mean()),
        "bottom": float(lum[h - q_h :, :].mean()),
    }
    worst = Falloff(0.0, "left")
    for a, b in (("left", "right"), ("top", "bottom")):
        darker, brighter = (a, b) if sides[a] <= sides[b] else (b, a)
        value = 1.0 - sides[darker] / max(sides[brighter], 1e-6)
        if value > worst.value:
            worst = Falloff(value, darker)
    return worst


@dataclass(frozen=True, slots=True)
class Level:
    lightness: float  # median L* of the backdrop
    clipped: float  # share of pixels black (all channels 0–2) or white (all 253–255)
    blown: bool  # the clipping is at the bright end


def level(backdrop: np.ndarray) -> Level:
    lightness = float(np.median(to_lab(backdrop)[..., 0]))
    high = (backdrop >= 253).all(axis=-1)
    low = (backdrop <= 2).all(axis=-1)
    return Level(lightness, float((high | low).mean()), bool(high.sum() >= low.sum()))


def edge_width(frame: np.ndarray, min_contrast: float) -> float | None:
    """Width (px at :data:`WORK_WIDTH`) of the frame's sharpest step edges, or None without any.

    A step of contrast C blurred to a ramp of width w has a largest derivative of C / w, so
    C / derivative measures the width; an ideal step reads 2 (the central difference).
    """
    gray = cv2.cvtColor(to_work_size(frame), cv2.COLOR_BGR2GRAY).astype(np.float32)
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    derivative = np.hypot(gx, gy)
    kernel = np.ones((11, 11), np.uint8)
    contrast = cv2.dilate(gray, kernel) - cv2.erode(gray, kernel)
    ridge = derivative >= cv2.dilate(derivative, np.ones((5, 5), np.uint8)) - 1e-6
    edges = ridge & (contrast >= min_contrast) & (derivative > 1.0)
    if int(edges.sum()) < 40:
        return None
    widths = contrast[edges] / derivative[edges]
    return float(np.percentile(widths, 25))


def temporal_noise(frames: list[np.ndarray], box: tuple[float, float, float, float]) -> float:
    """Median over backdrop pixels of each grey pixel's standard deviation over the frames."""
    if len(frames) < 3:
        return 0.0
    picked = frames[-min(len(frames), 15) :]
    rows, cols = box_slices(picked[0].shape, box)
    stack = np.stack(
        [cv2.cvtColor(f[rows, cols], cv2.COLOR_BGR2GRAY).astype(np.float32) for f in picked]
    )
    return float(np.median(stack.std(axis=0)))
