# SPDX-License-Identifier: MIT
"""Light and image quality on the face: exposure, light_balance, sharpness, colour."""

from __future__ import annotations

from dataclasses import dataclass

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
from tucai_desk.vision.landmarker import FaceLandmarks
from tucai_desk.vision.production import analysis_region

SHARPNESS_IED = 64.0  # the face is resampled to this inter-eye distance before measuring
CLIP_HIGH = 247.0 / 255.0  # OFIQ over-exposure band: 8-bit luminance 247..255
CLIP_LOW = 25.0 / 255.0  # OFIQ under-exposure band: 0..25
HIGHLIGHT_PERCENTILE = 99.0  # of the skin's luminance: its lit and specular parts
BLACK_PERCENTILE = 1.0  # of the whole face's luminance: its darkest features
SCENE_WHITE_PERCENTILE = 99.0  # of the luminance around the head and shoulders
SCENE_SAMPLE_SIDE = 400  # the region is sampled on a grid about this many points wide


def _skin_mask(view: FaceView) -> np.ndarray:
    """The face oval without the eyes, shrunk a little so hair and backdrop stay out."""
    mask = view.polygon_mask(FACE_OVAL).astype(np.uint8)
    size = 1 + 2 * max(1, round(0.08 * view.ied))
    mask = cv2.erode(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    for ring in (LEFT_EYE_RING, RIGHT_EYE_RING):
        mask[view.polygon_mask(ring)] = 0
    return mask.astype(bool)


@dataclass(frozen=True, slots=True)
class ExposureStats:
    """What the exposure of a face is judged by (linear luminance Y 0..1, shares 0..1)."""

    mean: float  # mean Y of the skin: reported, and an upper limit only (it follows the skin)
    highlight: float  # HIGHLIGHT_PERCENTILE of Y on the skin: the lit and specular parts
    black_point: float  # BLACK_PERCENTILE of Y over the whole face (eyes, brows, nostrils)
    clipped: float  # share of skin pixels burnt out (luma >= 247)
    crushed: float  # share of skin pixels crushed to black (luma <= 25)


def exposure_stats(view: FaceView) -> ExposureStats:
    """The face's tonal range: where its highlights and its blacks lie, and what is clipped.

    A correct exposure puts the lit parts of the skin (the forehead, the bridge of the nose, the
    cheekbones, where the light's reflection shows whatever the skin's pigment) well above black
    and leaves the darkest features of the face (pupils, brows, nostrils) dark. Too little light
    pulls the highlights down, too much lifts the blacks (a washed-out face) or burns out the skin.
    None of this depends on how dark the skin itself is, unlike the face's mean brightness.
    """
    mask = _skin_mask(view)
    if not mask.any():
        return ExposureStats(0.0, 0.0, 0.0, 0.0, 0.0)
    y = linear_luminance(view.image)
    skin = y[mask]
    grey = cv2.cvtColor(view.image, cv2.COLOR_BGR2GRAY)[mask].astype(np.float32) / 255.0
    face = y[view.polygon_mask(FACE_OVAL)]
    return ExposureStats(
        mean=float(skin.mean()),
        highlight=float(np.percentile(skin, HIGHLIGHT_PERCENTILE)),
        black_point=float(np.percentile(face, BLACK_PERCENTILE)),
        clipped=float((grey >= CLIP_HIGH).mean()),
        crushed=float((grey <= CLIP_LOW).mean()),
    )


def scene_white(still: np.ndarray, face: FaceLandmarks) -> float:
    """The white of the scene: SCENE_WHITE_PERCENTILE of the linear luminance of the head and
    shoulders and the backdrop around them (the part of the still that can become the photo).

    The station's backdrop is plain and light, so in a correct exposure the brightest parts of
    that region (backdrop, a white collar, the lit skin) are bright whatever the student's skin;
    a whole frame short of light shows here even when the face is light-skinned.
    """
    x0, y0, x1, y1 = analysis_region(face, still.shape)
    region = still[y0:y1, x0:x1]
    step = max(1, round(max(region.shape[:2]) / SCENE_SAMPLE_SIDE))
    return float(np.percentile(linear_luminance(region[::step, ::step]), SCENE_WHITE_PERCENTILE))


def check_exposure(ctx: StillContext) -> CheckResult:
    """Too dark: the scene's white or the skin's highlights stay dim, or the skin's shadows are
    crushed; too bright: the face's blacks are lifted (washed out), its mean is beyond OFIQ's
    range, or skin is clipped."""
    rules = ctx.profile.checks.exposure
    assert ctx.view is not None and ctx.face is not None
    stats = exposure_stats(ctx.view)
    white = scene_white(ctx.still, ctx.face)

    def fail(value: float, limit: str, detail: str) -> CheckResult:
        return CheckResult(CheckCode.EXPOSURE, Outcome.FAIL, round(value, 4), limit, detail)

    if white < rules.scene_white_min:
        return fail(white, f"scene_white>={rules.scene_white_min:g}", "too_dark")
    if stats.highlight < rules.highlight_min:
        return fail(stats.highlight, f"highlight>={rules.highlight_min:g}", "too_dark")
    if stats.crushed > rules.dark_max:
        return fail(stats.crushed, f"crushed<={rules.dark_max:g}", "too_dark")
    if stats.black_point > rules.black_point_max:
        return fail(stats.black_point, f"black<={rules.black_point_max:g}", "too_bright")
    if stats.mean > rules.mean_max:
        return fail(stats.mean, f"mean<={rules.mean_max:g}", "too_bright")
    if stats.clipped > rules.clipped_max:
        return fail(stats.clipped, f"<={rules.clipped_max:g}", "clipped")
    return CheckResult(
        CheckCode.EXPOSURE,
        Outcome.PASS,
        round(stats.highlight, 3),
        f"highlight>={rules.highlight_min:g}",
    )


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
