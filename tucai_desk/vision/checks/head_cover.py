# SPDX-License-Identifier: MIT
"""Is the head bare: head_cover (a cap, beanie, hood, hat or head scarf fails).

The programme forbids hats and head scarves (不得佩戴帽子、头巾). A cover shows in the crown's
colour (fabric with a hue hair does not have, or more colour than hair has) or, for a dark cap
over dark hair, in the straight lower edge of its band low on the forehead.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.checks.context import (
    LEFT_BROW,
    RIGHT_BROW,
    FaceView,
    StillContext,
    to_lab,
)

BRIM_HALF_WIDTH = 0.3  # a cap's edge is looked for across the middle 60 % of the face ...
BRIM_SEARCH = 0.25  # ... from this share of the face width above the forehead top to the brows


class Crown(NamedTuple):
    """The crown's median colour in CIE LCh: chroma, and hue in degrees (-180..180)."""

    chroma: float
    hue: float


def crown_colour(ctx: StillContext) -> Crown | None:
    """The crown's median colour (between the top of the head and the forehead).

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
    return Crown(float(np.hypot(lab[1], lab[2])), float(np.degrees(np.arctan2(lab[2], lab[1]))))


class Brim(NamedTuple):
    """The sharpest straight dark-over-light edge across the forehead, see :func:`brim_edge`."""

    step: float  # CIE L* across 2 % of the face width (median over the middle of the face)
    height: float  # above the brows, share of the face width
    texture: float  # mean |horizontal L* difference| in the band above the edge


def brim_edge(view: FaceView) -> Brim | None:
    """Where a cap's band would end: a straight edge with dark above and light below.

    The edge is searched between the forehead top and the brows, along rows that follow the
    head's roll, as the median step over the middle 60 % of the face (one height across the
    whole forehead). A cap's band ends in one such sharp edge low on the forehead, and above it
    lies smooth fabric; a hairline is softer and higher, and hair (a fringe too) shows strands:
    vertical lines, large horizontal differences. None when there is no forehead to search.
    """
    pts = view.points
    fw = float(np.linalg.norm(pts[lmk.LEFT_CHEEK_EDGE] - pts[lmk.RIGHT_CHEEK_EDGE]))
    if fw < 8:
        return None
    h, w = view.image.shape[:2]
    left, right = pts[lmk.LEFT_IRIS_CENTER], pts[lmk.RIGHT_IRIS_CENTER]
    slope = float((right[1] - left[1]) / max(1e-3, right[0] - left[0]))
    cx = float((pts[lmk.LEFT_CHEEK_EDGE, 0] + pts[lmk.RIGHT_CHEEK_EDGE, 0]) / 2)
    cols = np.arange(round(cx - BRIM_HALF_WIDTH * fw), round(cx + BRIM_HALF_WIDTH * fw) + 1)
    cols = cols[(cols >= 0) & (cols < w - 1)]
    if cols.size < 8:
        return None
    tilt = slope * (cols - cx)
    brow_y = float(pts[list(LEFT_BROW + RIGHT_BROW), 1].mean())
    forehead_y = float(pts[lmk.FOREHEAD_TOP, 1])
    gap = max(1, round(0.01 * fw))
    band = (round(0.1 * fw), round(0.02 * fw))  # the band above the edge judged for strands
    first = math.ceil(max(band[0], forehead_y - BRIM_SEARCH * fw) - tilt.min())
    last = min(h - 1 - gap, math.floor(brow_y - 0.04 * fw - tilt.max()))
    if last <= first:
        return None
    # Blurred L* of the rows searched (and the band above them), with room for the blur.
    sigma = 0.005 * fw
    margin = math.ceil(4 * sigma) + 2
    top = max(0, first + math.floor(tilt.min()) - band[0] - margin)
    bottom = min(h, last + math.ceil(tilt.max()) + gap + margin + 1)
    lightness = np.zeros((h, w), np.float32)
    lightness[top:bottom] = cv2.GaussianBlur(to_lab(view.image[top:bottom])[..., 0], (0, 0), sigma)
    rows = np.round(np.arange(first, last)[:, None] + tilt[None, :]).astype(int)
    steps = np.median(lightness[rows + gap, cols] - lightness[rows - gap, cols], axis=1)
    best = int(np.argmax(steps))  # the first of equal steps, from the top
    best_step, best_y = float(steps[best]), first + best
    above = np.round(best_y + tilt).astype(int)[None, :] - np.arange(band[1], band[0])[:, None]
    strands = np.abs(lightness[above, cols + 1] - lightness[above, cols])
    return Brim(best_step, (brow_y - best_y) / fw, float(strands.mean()))


def _covered(value: float, threshold: str) -> CheckResult:
    return CheckResult(CheckCode.HEAD_COVER, Outcome.FAIL, round(value, 1), threshold, "covered")


def check_head_cover(ctx: StillContext) -> CheckResult:
    """Fail when the top of the head looks like a cap, hood or scarf rather than hair.

    Hair (and a bald crown's skin) is nearly colourless or lies on the brown-to-blond hues; a
    coloured cover has more colour than hair, or a hue hair does not have (pink, blue, green).
    A dark colourless cover (a navy cap over dark hair) shows in the straight lower edge of its
    band low on the forehead.
    """
    rules = ctx.profile.checks.head_cover
    crown = crown_colour(ctx)
    threshold = f"<={rules.chroma_min:g}"
    if crown is not None and crown.chroma > rules.chroma_min:
        return _covered(crown.chroma, threshold)
    hue_lo, hue_hi = rules.hair_hue
    if (
        crown is not None
        and crown.chroma >= rules.hue_chroma_min
        and not hue_lo <= crown.hue <= hue_hi
    ):
        return _covered(crown.hue, f"hue {hue_lo:g}..{hue_hi:g}")
    brim = brim_edge(ctx.view) if ctx.view is not None else None
    if (
        brim is not None
        and brim.step >= rules.brim_step_min
        and brim.height <= rules.brim_height_max
        and brim.texture <= rules.brim_texture_max
    ):
        return _covered(brim.step, f"brim<{rules.brim_step_min:g}")
    return CheckResult(
        CheckCode.HEAD_COVER,
        Outcome.PASS,
        None if crown is None else round(crown.chroma, 1),
        threshold,
    )
