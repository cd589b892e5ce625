# SPDX-License-Identifier: MIT
"""Light and image quality on the face: exposure, light_balance, sharpness, colour."""

from __future__ import annotations

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision.checks.context import (
    CHEEKS,
    FACE_OVAL,
    LEFT_EYE_RING,
    RIGHT_EYE_RING,
    FaceView,
    StillContext,
    linear_luminance,
    to_lab,
)

SHARPNESS_IED = 64.0  # the face is resampled to this inter-eye distance before measuring
CLIP_HIGH = 247.0 / 255.0  # OFIQ over-exposure band: 8-bit luminance 247..255
CLIP_LOW = 25.0 / 255.0  # OFIQ under-exposure band: 0..25


def _skin_mask(view: FaceView) -> np.ndarray:
    """The face oval without the eyes, shrunk a little so hair and backdrop stay out."""
    mask = view.polygon_mask(FACE_OVAL).astype(np.uint8)
    size = 1 + 2 * max(1, round(0.08 * view.ied))
    mask = cv2.erode(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    for ring in (LEFT_EYE_RING, RIGHT_EYE_RING):
        mask[view.polygon_mask(ring)] = 0
    return mask.astype(bool)


def exposure_stats(view: FaceView) -> tuple[float, float, float]:
    """Mean linear luminance of the face, share of clipped highlights, share of crushed shadows."""
    mask = _skin_mask(view)
    if not mask.any():
        return 0.0, 0.0, 0.0
    y = linear_luminance(view.image)[mask]
    grey = cv2.cvtColor(view.image, cv2.COLOR_BGR2GRAY)[mask].astype(np.float32) / 255.0
    return float(y.mean()), float((grey >= CLIP_HIGH).mean()), float((grey <= CLIP_LOW).mean())


def check_exposure(ctx: StillContext) -> CheckResult:
    rules = ctx.profile.checks.exposure
    assert ctx.view is not None
    mean, clipped, dark = exposure_stats(ctx.view)
    rng = f"{rules.mean_min:g}..{rules.mean_max:g}"
    if mean < rules.mean_min or dark > rules.dark_max:
        return CheckResult(CheckCode.EXPOSURE, Outcome.FAIL, round(mean, 3), rng, "too_dark")
    if mean > rules.mean_max:
        return CheckResult(CheckCode.EXPOSURE, Outcome.FAIL, round(mean, 3), rng, "too_bright")
    if clipped > rules.clipped_max:
        return CheckResult(
            CheckCode.EXPOSURE,
            Outcome.FAIL,
            round(clipped, 4),
            f"<={rules.clipped_max:g}",
            "clipped",
        )
    return CheckResult(CheckCode.EXPOSURE, Outcome.PASS, round(mean, 3), rng)


def cheek_luminances(view: FaceView) -> tuple[float, float]:
    """Median linear luminance of the image-left and image-right cheek (squares of 0.3 IED)."""
    y = linear_luminance(view.image)
    half = 0.15 * view.ied
    values = []
    for index in CHEEKS:
        rows, cols = view.square(index, half)
        patch = y[rows, cols]
        values.append(float(np.median(patch)) if patch.size else 0.0)
    return values[0], values[1]


def check_light_balance(ctx: StillContext) -> CheckResult:
    """Left against right cheek luminance: a one-sided shadow fails, a mild one warns."""
    rules = ctx.profile.checks.light_balance
    assert ctx.view is not None
    left, right = cheek_luminances(ctx.view)
    ratio = left / max(right, 1e-4)
    detail = "left_dark" if ratio < 1 else "right_dark"
    lo, hi = rules.ratio
    if not lo <= ratio <= hi:
        return CheckResult(
            CheckCode.LIGHT_BALANCE, Outcome.FAIL, round(ratio, 3), f"{lo:g}..{hi:g}", detail
        )
    w_lo, w_hi = rules.ratio_warn
    if not w_lo <= ratio <= w_hi:
        return CheckResult(
            CheckCode.LIGHT_BALANCE, Outcome.WARN, round(ratio, 3), f"{w_lo:g}..{w_hi:g}", detail
        )
    return CheckResult(CheckCode.LIGHT_BALANCE, Outcome.PASS, round(ratio, 3), f"{lo:g}..{hi:g}")


def sharpness(view: FaceView) -> float:
    """Laplacian variance on the face at a fixed scale, over the face's own contrast.

    Resampling to a fixed inter-eye distance makes the number independent of the camera and of
    the subject's distance; dividing by the luminance variance keeps a dark or flat-lit face from
    reading as blurred.
    """
    k = SHARPNESS_IED / max(view.ied, 1.0)
    grey = cv2.cvtColor(view.image, cv2.COLOR_BGR2GRAY).astype(np.float32) / 255.0
    mask = _skin_mask(view).astype(np.uint8)
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    grey = cv2.resize(grey, None, fx=k, fy=k, interpolation=interp)
    mask = cv2.resize(mask, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    if mask.sum() < 50:
        return 0.0
    lap = cv2.Laplacian(grey, cv2.CV_32F, ksize=3)
    contrast = float(grey[mask].var()) + 1e-4
    return float(lap[mask].var()) / contrast


def check_sharpness(ctx: StillContext) -> CheckResult:
    rules = ctx.profile.checks.sharpness
    assert ctx.view is not None
    value = sharpness(ctx.view)
    if value < rules.min:
        return CheckResult(
            CheckCode.SHARPNESS, Outcome.FAIL, round(value, 4), f">={rules.min:g}", "blurred"
        )
    if value < rules.warn:
        return CheckResult(
            CheckCode.SHARPNESS, Outcome.WARN, round(value, 4), f">={rules.warn:g}", "soft"
        )
    return CheckResult(CheckCode.SHARPNESS, Outcome.PASS, round(value, 4), f">={rules.min:g}")


def cheek_colour(view: FaceView) -> tuple[float, float]:
    """Mean a*, b* of the cheeks (OFIQ NaturalColour's measurement)."""
    half = 0.15 * view.ied
    labs = []
    for index in CHEEKS:
        rows, cols = view.square(index, half)
        patch = view.image[rows, cols]
        if patch.size:
            labs.append(to_lab(patch).reshape(-1, 3))
    if not labs:
        return 0.0, 0.0
    lab = np.concatenate(labs).mean(axis=0)
    return float(lab[1]), float(lab[2])
