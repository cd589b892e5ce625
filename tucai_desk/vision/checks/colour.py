# SPDX-License-Identifier: MIT
"""Is the photo in natural colour: colour (greyscale and monochrome fail, a cast warns)."""

from __future__ import annotations

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision.checks.context import StillContext, to_lab
from tucai_desk.vision.checks.light import cheek_colour

SCENE_SIDE = 128  # the still is judged for colour at this longer side
SCENE_PERCENTILE = 95  # the colourful end of the still: clothing, lips, skin, backdrop


def scene_chroma(still: np.ndarray) -> float:
    """CIE chroma of the still's most colourful part (its 95th percentile).

    A colour photo has something colourful somewhere (skin, lips, clothing); a greyscale or
    toned monochrome photo (an old print) has at most a faint tint everywhere.
    """
    k = min(1.0, SCENE_SIDE / max(still.shape[:2]))
    small = cv2.resize(still, None, fx=k, fy=k, interpolation=cv2.INTER_AREA) if k < 1 else still
    lab = to_lab(small).reshape(-1, 3)
    return float(np.percentile(np.hypot(lab[:, 1], lab[:, 2]), SCENE_PERCENTILE))


def check_colour(ctx: StillContext) -> CheckResult:
    """Fail a greyscale or monochrome photo; warn on unnatural skin colour (a colour cast)."""
    rules = ctx.profile.checks.colour
    assert ctx.view is not None
    a, b = cheek_colour(ctx.view)
    chroma = float(np.hypot(a, b))
    failures = (
        (chroma, rules.grey_chroma_max, "", "greyscale"),
        (scene_chroma(ctx.still), rules.mono_chroma_max, "scene", "monochrome"),
    )
    for value, limit, what, detail in failures:
        if value < limit:
            return CheckResult(
                CheckCode.COLOUR, Outcome.FAIL, round(value, 1), f"{what}>={limit:g}", detail
            )
    a_lo, a_hi = rules.a_range
    b_lo, b_hi = rules.b_range
    if not (a_lo <= a <= a_hi and b_lo <= b <= b_hi):
        return CheckResult(
            CheckCode.COLOUR,
            Outcome.WARN,
            round(a, 1),
            f"a*{a_lo:g}..{a_hi:g} b*{b_lo:g}..{b_hi:g}",
            "cast",
        )
    return CheckResult(
        CheckCode.COLOUR, Outcome.PASS, round(chroma, 1), f">={rules.grey_chroma_max:g}"
    )
