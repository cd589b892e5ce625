# SPDX-License-Identifier: MIT
"""Is the face uncovered: occlusion, eyes_visible, glasses_glare."""

from __future__ import annotations

import math

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.checks.context import (
    CHEEKS,
    FACE_OVAL,
    INNER_LIPS,
    LEFT_BROW,
    LEFT_EYE_RING,
    OUTER_LIPS,
    RIGHT_BROW,
    RIGHT_EYE_RING,
    SRGB_TO_LINEAR,
    FaceView,
    StillContext,
    linear_luminance,
    to_lab,
)
from tucai_desk.vision.hands import Hand

SKIN_HIGHLIGHTS = (*CHEEKS, 151, 6)  # cheeks, middle of the forehead, bridge of the nose
LENS_PATCH_INSIDE = 0.7  # a specular patch is on the lens with this share of it in the lens area
LEFT_IRIS = (468, 469, 470, 471, 472)  # centre, then four points on the iris edge
RIGHT_IRIS = (473, 474, 475, 476, 477)
MIN_EYE_PIXELS = 8  # an eye opening smaller than this (face view pixels) is not judged
IRIS_DISC = 0.8  # the iris is judged inside this share of its radius (clear of the limbus)
WHITE_BAND = (1.2, 1.9)  # the white of the eye: this band of iris radii beside the iris
RELIT_LEVEL = 0.2  # linear luminance the skin around each eye is brought to


def lip_contrast(view: FaceView) -> float:
    """How much the lips stand out: redness over the skin around them plus the dark lip line.

    Real lips are redder than skin and the line between them is dark; a patch of skin colour, a
    mask or a hand laid over the mouth has neither.
    """
    outer = view.polygon_mask(OUTER_LIPS)
    inner = view.polygon_mask(INNER_LIPS)
    lips = outer & ~inner
    if lips.sum() < 8:
        return 0.0
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (1 + 2 * round(0.15 * view.ied),) * 2)
    ring = cv2.dilate(outer.astype(np.uint8), kernel).astype(bool) & ~outer
    # Work on the mouth's bounding box only.
    ys, xs = np.nonzero(ring | outer)
    box = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
    lab = to_lab(view.image[box])
    lips, ring = lips[box], ring[box]
    if ring.sum() < 4:  # the mouth fills the crop: nothing around it to compare with
        return 0.0
    redness = float(np.median(lab[lips][:, 1]) - np.median(lab[ring][:, 1]))
    # Lightness along the mouth line (the corners and the inner-lip middle).
    line_pts = view.points[[61, 78, 13, 14, 308, 291]] - np.array([xs.min(), ys.min()])
    x0, y0 = line_pts.min(axis=0)
    x1, y1 = line_pts.max(axis=0)
    pad = max(1, round(0.03 * view.ied))
    h, w = lab.shape[:2]
    rows = slice(max(0, int(y0) - pad), min(h, int(math.ceil(y1)) + pad))
    cols = slice(max(0, int(x0)), min(w, int(math.ceil(x1))))
    line = lab[rows, cols, 0]
    line_l = float(np.percentile(line, 5)) if line.size else 0.0
    darkness = max(0.0, float(np.median(lab[ring][:, 0])) - line_l)
    return max(0.0, redness) + 0.25 * darkness


def mouth_texture(view: FaceView) -> float:
    """Edge energy inside the lips relative to the middle of the face (a flat cover has none)."""
    grey = cv2.cvtColor(view.image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.hypot(gx, gy)
    mouth = view.polygon_mask(OUTER_LIPS)
    if mouth.sum() < 8:
        return 0.0
    face_rows, face_cols = view.square(lmk.NOSE_TIP, 0.9 * view.ied)
    face_level = float(mag[face_rows, face_cols].mean()) + 1e-3
    return float(mag[mouth].mean()) / face_level


# Features a hand may not cover: the eye centres, the nose tip, the middle of the lips.
HAND_FEATURES = (lmk.LEFT_IRIS_CENTER, lmk.RIGHT_IRIS_CENTER, lmk.NOSE_TIP, 13, 14)


def hand_cover(ctx: StillContext) -> tuple[float, bool]:
    """The largest share of the face oval one hand covers, and whether a hand covers a feature."""
    view, face = ctx.view, ctx.face
    if view is None or face is None or not ctx.hands:
        return 0.0, False
    oval = view.polygon_mask(FACE_OVAL)
    area = max(1, int(oval.sum()))
    h, w = oval.shape
    features = [
        (int(y), int(x)) for x, y in view.points[list(HAND_FEATURES)] if 0 <= y < h and 0 <= x < w
    ]
    share, on_feature = 0.0, False
    for hand in ctx.hands:
        region = Hand(view.from_still(hand.points, face), hand.score).region((h, w))
        share = max(share, float((region & oval).sum()) / area)
        on_feature |= any(bool(region[y, x]) for y, x in features)
    return share, on_feature


def check_occlusion(ctx: StillContext) -> CheckResult:
    """The face must be uncovered: no hand over it, and a visible mouth.

    A hand found by the hand model fails when it covers an eye, the nose or the mouth, or a
    real part of the face. The mouth must show lips that stand out from the skin, or its own
    edges: a mask, scarf or patch over the mouth removes both; a beard or pale lips remove at
    most one of them.
    """
    rules = ctx.profile.checks.occlusion
    assert ctx.view is not None
    share, on_feature = hand_cover(ctx)
    if on_feature or share > rules.hand_cover_max:
        return CheckResult(
            CheckCode.OCCLUSION,
            Outcome.FAIL,
            round(share, 2),
            f"hand<={rules.hand_cover_max:g}",
            "hand",
        )
    contrast = lip_contrast(ctx.view)
    texture = mouth_texture(ctx.view)
    threshold = f">={rules.lip_contrast_min:g}"
    if contrast < rules.lip_contrast_min and texture < rules.mouth_texture_min:
        return CheckResult(
            CheckCode.OCCLUSION, Outcome.FAIL, round(contrast, 2), threshold, "mouth"
        )
    return CheckResult(CheckCode.OCCLUSION, Outcome.PASS, round(contrast, 2), threshold)


def periocular_ratios(view: FaceView) -> list[float]:
    """Luminance where spectacle lenses sit (eye opening left out) over the same side's cheek.

    Tinted or mirrored lenses, or a hand or hair over an eye, darken the skin around the eye as
    well as the eye; comparing with the cheek on the same side keeps side lighting out of it.
    One value per eye (image-left, image-right); a side with nothing to measure is left out.
    """
    half = 0.12 * view.ied
    ratios = []
    for (rows, cols), ring, cheek in zip(
        eye_boxes(view), (LEFT_EYE_RING, RIGHT_EYE_RING), CHEEKS, strict=True
    ):
        lens = ~view.polygon_mask(ring)[rows, cols]  # the lens box without the eye opening
        c_rows, c_cols = view.square(cheek, half)
        cheek_y = linear_luminance(view.image[c_rows, c_cols])
        if not lens.any() or cheek_y.size == 0:
            continue
        lens_y = linear_luminance(view.image[rows, cols])[lens]
        ratios.append(float(np.median(lens_y)) / max(1e-4, float(np.median(cheek_y))))
    return ratios


def eye_detail(view: FaceView) -> list[float]:
    """Spread (standard deviation of CIE L*) inside each eye opening.

    A visible eye holds the white of the eye, the iris and pupil and the lid line: a wide spread.
    A hand, a patch or skin over the eye is smooth. Eyes too narrow to judge are left out.
    """
    spreads = []
    for ring in (LEFT_EYE_RING, RIGHT_EYE_RING):
        opening = view.polygon_mask(ring)
        if opening.sum() >= MIN_EYE_PIXELS:
            ys, xs = np.nonzero(opening)  # CIE L* of the opening's bounding box only
            box = (slice(ys.min(), ys.max() + 1), slice(xs.min(), xs.max() + 1))
            lightness = to_lab(view.image[box])[..., 0]
            spreads.append(float(lightness[opening[box]].std()))
    return spreads


def _linear_to_srgb(values: np.ndarray) -> np.ndarray:
    v = np.clip(values, 0.0, 1.0)
    return 255.0 * np.where(v <= 0.0031308, 12.92 * v, 1.055 * v ** (1 / 2.4) - 0.055)


def _relit(patch: np.ndarray, gain: float) -> np.ndarray:
    """The patch with its light multiplied by ``gain`` (in linear light, clipped at white)."""
    table = np.round(_linear_to_srgb(gain * SRGB_TO_LINEAR.astype(np.float64)))
    return cv2.LUT(patch, table.astype(np.uint8))


def iris_contrast(view: FaceView) -> list[float]:
    """Per eye: CIE colour difference between the iris and the white of the eye beside it.

    The eye's surroundings are first brought to one light level, so an eye in shadow is judged
    like a lit one. The iris is the disc the landmarks place (468-477); the white is taken on
    both sides of it inside the eye opening, and the side that differs more counts. Where an eye
    is covered (hair, a hand, a patch) the landmarks still place an iris, but the "iris" and the
    "white" are the same material. Eyes too narrow to judge are left out.
    """
    image = view.image
    h, w = image.shape[:2]
    out = []
    for (rows, cols), ring, iris in zip(
        eye_boxes(view), (LEFT_EYE_RING, RIGHT_EYE_RING), (LEFT_IRIS, RIGHT_IRIS), strict=True
    ):
        # Work inside the lens box grown to the eye opening (and its rim): nothing else counts.
        ring_pts = view.points[list(ring)]
        r0 = max(0, min(rows.start, math.floor(float(ring_pts[:, 1].min())) - 3))
        r1 = min(h, max(rows.stop, math.ceil(float(ring_pts[:, 1].max())) + 4))
        c0 = max(0, min(cols.start, math.floor(float(ring_pts[:, 0].min())) - 3))
        c1 = min(w, max(cols.stop, math.ceil(float(ring_pts[:, 0].max())) + 4))
        work = (slice(r0, r1), slice(c0, c1))
        box = (slice(rows.start - r0, rows.stop - r0), slice(cols.start - c0, cols.stop - c0))
        opening = view.polygon_mask(ring)[work]
        around = np.zeros(opening.shape, bool)
        around[box] = True
        # Skin around the eye: the box without the opening and a 2-pixel rim (lashes, lid line).
        around &= ~cv2.dilate(opening.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
        if not around.any():
            continue
        centre = view.points[iris[0]]
        radius = float(np.linalg.norm(view.points[list(iris[1:])] - centre, axis=1).mean())
        dy = np.arange(r0, r1)[:, None] - centre[1]
        dx = np.arange(c0, c1)[None, :] - centre[0]
        dx, dy = np.broadcast_arrays(dx, dy)
        dist = np.hypot(dx, dy) / max(radius, 1e-3)
        disc = opening & (dist <= IRIS_DISC)
        if disc.sum() < 3:
            continue
        patch = image[rows, cols]
        gain = RELIT_LEVEL / max(1e-4, float(np.median(linear_luminance(patch)[around[box]])))
        lab = np.zeros(opening.shape + (3,), np.float32)
        lab[box] = to_lab(_relit(patch, gain))
        iris_lab = np.median(lab[disc], axis=0)
        best = None
        for side in (-1, 1):
            white = opening & (side * dx > 0.7 * np.abs(dy))
            white &= (dist >= WHITE_BAND[0]) & (dist <= WHITE_BAND[1])
            if white.sum() < 3:
                continue
            diff = float(np.linalg.norm(iris_lab - np.median(lab[white], axis=0)))
            best = diff if best is None else max(best, diff)
        if best is not None:
            out.append(best)
    return out


def _balance(values: list[float]) -> float | None:
    """Smaller over larger of the two eyes' values; None unless both eyes were measured."""
    if len(values) != 2 or max(values) <= 0:
        return None
    return min(values) / max(values)


def check_eyes_visible(ctx: StillContext) -> CheckResult:
    """Both eyes must be seen: no tinted lenses, nothing over an eye, an iris in each eye.

    Tinted lenses darken both eyes' surroundings (periocular ratio). Hair, a hand or a patch
    over one eye makes that eye unlike the other: its opening loses the spread of white, iris
    and lid line, or its surroundings turn much darker than the other side's. An eye without
    an iris set off from the white (both eyes under a fringe, say) fails on its own.
    """
    rules = ctx.profile.checks.eyes_visible
    assert ctx.view is not None
    view = ctx.view
    ratios = periocular_ratios(view)
    ratio = min(ratios, default=0.0)
    threshold = f">={rules.periocular_ratio_min:g}"
    if ratio < rules.periocular_ratio_min:
        return CheckResult(CheckCode.EYES_VISIBLE, Outcome.FAIL, round(ratio, 3), threshold, "dark")
    passed = CheckResult(CheckCode.EYES_VISIBLE, Outcome.PASS, round(ratio, 3), threshold)
    # The eye regions are laid out for an upright, frontal face; a head turned or tilted beyond
    # the pose limits fails the pose checks first, and its two eyes are not alike anyway.
    pose, face = ctx.profile.checks.pose, ctx.face
    if face is not None and (abs(face.yaw) > pose.yaw_max or abs(face.roll) > pose.roll_max):
        return passed
    covered = (
        (_balance(eye_detail(view)), rules.detail_balance_min, "detail"),
        (_balance(ratios), rules.periocular_balance_min, "periocular"),
        (min(iris_contrast(view), default=None), rules.iris_contrast_min, "iris"),
    )
    for value, limit, name in covered:
        if value is not None and value < limit:
            return CheckResult(
                CheckCode.EYES_VISIBLE,
                Outcome.FAIL,
                round(value, 3),
                f"{name}>={limit:g}",
                "covered",
            )
    return passed


def eye_boxes(view: FaceView) -> list[tuple[slice, slice]]:
    """Where spectacle lenses sit: from the brow to below the eye, a little wider than the eye."""
    h, w = view.image.shape[:2]
    boxes = []
    for ring, brow in ((LEFT_EYE_RING, LEFT_BROW), (RIGHT_EYE_RING, RIGHT_BROW)):
        pts = view.points[list(ring)]
        brow_y = float(view.points[list(brow), 1].mean())
        x0, x1 = float(pts[:, 0].min()), float(pts[:, 0].max())
        y1 = float(pts[:, 1].max())
        pad = 0.15 * view.ied
        boxes.append(
            (
                slice(max(0, int(brow_y)), min(h, int(y1 + pad))),
                slice(max(0, int(x0 - pad)), min(w, int(x1 + pad))),
            )
        )
    return boxes


def glare_share(view: FaceView, v_min: float, s_max: float) -> float:
    """Share of specular pixels where lenses sit, above the share on the cheeks.

    A reflection on a lens is a bright patch inside the lens; a highlight on the skin (the lit
    side of a face, a shiny brow bone) runs on beyond it. So a specular patch counts only with
    most of it inside the lens area. Subtracting the share on the brightest skin (cheeks,
    forehead, the bridge of the nose) keeps an over-lit face — an exposure problem, with or
    without glasses — from reading as glare.
    """
    hsv = cv2.cvtColor(view.image, cv2.COLOR_BGR2HSV)
    spec = ((hsv[..., 2] > v_min) & (hsv[..., 1] < s_max)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(spec, connectivity=8)

    def specular(rows: slice, cols: slice, inside_only: bool = False) -> float:
        patch = labels[rows, cols]
        if patch.size == 0:
            return 0.0
        if not inside_only:
            return float((patch > 0).mean())
        ids, inside = np.unique(patch[patch > 0], return_counts=True)
        lens = inside >= LENS_PATCH_INSIDE * stats[ids, cv2.CC_STAT_AREA]
        return float(inside[lens].sum()) / patch.size

    half = 0.12 * view.ied
    baseline = max(specular(*view.square(index, half)) for index in SKIN_HIGHLIGHTS)
    shares = [specular(rows, cols, inside_only=True) for rows, cols in eye_boxes(view)]
    return max(0.0, max(shares, default=0.0) - baseline)


def check_glasses_glare(ctx: StillContext) -> CheckResult:
    rules = ctx.profile.checks.glasses_glare
    assert ctx.view is not None
    share = glare_share(ctx.view, rules.v_min, rules.s_max)
    outcome = Outcome.FAIL if share > rules.area_max else Outcome.PASS
    return CheckResult(
        CheckCode.GLASSES_GLARE,
        outcome,
        round(share, 4),
        f"<={rules.area_max:g}",
        "glare" if outcome is Outcome.FAIL else "",
    )
