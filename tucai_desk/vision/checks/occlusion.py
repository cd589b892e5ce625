# SPDX-License-Identifier: MIT
"""Is the face uncovered: occlusion, eyes_visible, glasses_glare, head_cover."""

from __future__ import annotations

import math

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.checks.context import (
    INNER_LIPS,
    LEFT_BROW,
    LEFT_EYE_RING,
    OUTER_LIPS,
    RIGHT_BROW,
    RIGHT_EYE_RING,
    FaceView,
    StillContext,
    linear_luminance,
    to_lab,
)

CHEEKS = (205, 425)


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


def check_occlusion(ctx: StillContext) -> CheckResult:
    """The mouth must be visible: lips that stand out from the skin, or the mouth's own edges.

    A mask, scarf, hand or patch over the mouth removes both; a beard or pale lips remove at
    most one of them.
    """
    rules = ctx.profile.checks.occlusion
    assert ctx.view is not None
    contrast = lip_contrast(ctx.view)
    texture = mouth_texture(ctx.view)
    threshold = f">={rules.lip_contrast_min:g}"
    if contrast < rules.lip_contrast_min and texture < rules.mouth_texture_min:
        return CheckResult(
            CheckCode.OCCLUSION, Outcome.FAIL, round(contrast, 2), threshold, "mouth"
        )
    return CheckResult(CheckCode.OCCLUSION, Outcome.PASS, round(contrast, 2), threshold)


def periocular_ratio(view: FaceView) -> float:
    """Luminance where spectacle lenses sit (eye opening left out) over the same side's cheek.

    Tinted or mirrored lenses, or a hand or hair over an eye, darken the skin around the eye as
    well as the eye; comparing with the cheek on the same side keeps side lighting out of it.
    The smaller of the two sides is returned.
    """
    y = linear_luminance(view.image)
    half = 0.12 * view.ied
    ratios = []
    for (rows, cols), ring, cheek in zip(
        eye_boxes(view), (LEFT_EYE_RING, RIGHT_EYE_RING), CHEEKS, strict=True
    ):
        lens = np.zeros(y.shape, bool)
        lens[rows, cols] = True
        lens &= ~view.polygon_mask(ring)
        c_rows, c_cols = view.square(cheek, half)
        cheek_y = y[c_rows, c_cols]
        if not lens.any() or cheek_y.size == 0:
            continue
        ratios.append(float(np.median(y[lens])) / max(1e-4, float(np.median(cheek_y))))
    return min(ratios) if ratios else 0.0


def check_eyes_visible(ctx: StillContext) -> CheckResult:
    rules = ctx.profile.checks.eyes_visible
    assert ctx.view is not None
    ratio = periocular_ratio(ctx.view)
    outcome = Outcome.FAIL if ratio < rules.periocular_ratio_min else Outcome.PASS
    return CheckResult(
        CheckCode.EYES_VISIBLE,
        outcome,
        round(ratio, 3),
        f">={rules.periocular_ratio_min:g}",
        "dark" if outcome is Outcome.FAIL else "",
    )


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

    Subtracting the cheeks keeps a generally over-lit face (an exposure problem) from reading as
    glare on the glasses.
    """
    hsv = cv2.cvtColor(view.image, cv2.COLOR_BGR2HSV)

    def specular(rows: slice, cols: slice) -> float:
        patch = hsv[rows, cols]
        if patch.size == 0:
            return 0.0
        return float(((patch[..., 2] > v_min) & (patch[..., 1] < s_max)).mean())

    half = 0.12 * view.ied
    baseline = max(specular(*view.square(index, half)) for index in CHEEKS)
    shares = [specular(rows, cols) for rows, cols in eye_boxes(view)]
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


def crown_chroma(ctx: StillContext) -> float | None:
    """CIE chroma of the crown's median colour (between the top of the head and the forehead).

    None when there is no crown to look at (the hair top at the forehead: a bald head).
    """
    face, head, still = ctx.face, ctx.head, ctx.still
    if face is None or head is None:
        return None
    fw = head.face_width
    forehead_y = float(face.points[lmk.FOREHEAD_TOP, 1])
    top = head.hair_top_y
    if forehead_y - top < 0.08 * fw:
        return None
    w = still.shape[1]
    span = forehead_y - top
    crown = still[
        max(0, int(top + 0.25 * span)) : max(1, int(forehead_y - 0.1 * span)),
        max(0, int(head.face_cx - 0.25 * fw)) : min(w, int(head.face_cx + 0.25 * fw)),
    ]
    if crown.size == 0:
        return None
    lab = np.median(to_lab(crown).reshape(-1, 3), axis=0)
    return float(np.hypot(lab[1], lab[2]))


def check_head_cover(ctx: StillContext) -> CheckResult:
    """Warn when the top of the head looks like a cap or scarf rather than hair."""
    rules = ctx.profile.checks.head_cover
    chroma = crown_chroma(ctx)
    threshold = f"<={rules.chroma_min:g}"
    if chroma is None:
        return CheckResult(CheckCode.HEAD_COVER, Outcome.PASS, None, threshold)
    outcome = Outcome.WARN if chroma > rules.chroma_min else Outcome.PASS
    return CheckResult(
        CheckCode.HEAD_COVER,
        outcome,
        round(chroma, 1),
        threshold,
        "covered" if outcome is Outcome.WARN else "",
    )
