# SPDX-License-Identifier: MIT
"""Eyes and mouth: eyes_open, mouth_closed, expression.

Openness follows OFIQ (ISO/IEC 29794-5): the largest lid (or inner-lip) distance divided by T, the
distance from the eye midpoint to the chin, so it does not depend on the face size. The Face
Landmarker's blendshapes cross-check the eyes and read the expression.
"""

from __future__ import annotations

import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision.checks.context import (
    INNER_LIPS,
    LEFT_LIDS,
    LIP_GAPS,
    RIGHT_LIDS,
    FaceView,
    StillContext,
    to_lab,
)

# A tooth pixel: light and nearly colourless, unlike lips (red) and the mouth's dark inside.
TOOTH_CHROMA_MAX = 22.0
TOOTH_L_MIN = 45.0


def lid_ratios(view: FaceView) -> tuple[float, float]:
    """OFIQ EyesOpen native values for the image-left and image-right eye."""
    t = max(view.eye_to_chin, 1e-6)
    pts = view.points

    def ratio(pairs: tuple[tuple[int, int], ...]) -> float:
        return max(float(np.linalg.norm(pts[a] - pts[b])) for a, b in pairs) / t

    return ratio(LEFT_LIDS), ratio(RIGHT_LIDS)


def lip_gap(view: FaceView) -> float:
    """OFIQ MouthClosed native value: the largest inner-lip distance over T."""
    t = max(view.eye_to_chin, 1e-6)
    pts = view.points
    return max(float(np.linalg.norm(pts[a] - pts[b])) for a, b in LIP_GAPS) / t


def teeth_share(view: FaceView) -> float:
    """Share of the inner-lip area that looks like teeth (light, low chroma)."""
    mask = view.polygon_mask(INNER_LIPS)
    if mask.sum() < 4:
        return 0.0
    lab = to_lab(view.image[mask])
    chroma = np.hypot(lab[:, 1], lab[:, 2])
    teeth = (lab[:, 0] >= TOOTH_L_MIN) & (chroma <= TOOTH_CHROMA_MAX)
    return float(teeth.mean())


def check_eyes_open(ctx: StillContext) -> CheckResult:
    rules = ctx.profile.checks.eyes_open
    assert ctx.face is not None and ctx.view is not None
    left, right = lid_ratios(ctx.view)
    shapes = ctx.face.blendshapes
    # The blendshapes are named from the subject's side: their "Left" eye is the image-right one.
    blink_left = float(shapes.get("eyeBlinkRight", 0.0))
    blink_right = float(shapes.get("eyeBlinkLeft", 0.0))

    def closed(ratio: float, blink: float) -> bool:
        return ratio < rules.lid_ratio_min or (
            blink >= rules.blink_max and ratio < rules.lid_ratio_soft
        )

    shut = [
        name
        for name, r, b in (("left", left, blink_left), ("right", right, blink_right))
        if closed(r, b)
    ]
    value = round(min(left, right), 4)
    threshold = f">={rules.lid_ratio_min:g}"
    if shut:
        detail = "both" if len(shut) == 2 else shut[0]
        return CheckResult(CheckCode.EYES_OPEN, Outcome.FAIL, value, threshold, detail)
    return CheckResult(CheckCode.EYES_OPEN, Outcome.PASS, value, threshold)


def check_mouth_closed(ctx: StillContext) -> CheckResult:
    rules = ctx.profile.checks.mouth_closed
    assert ctx.view is not None
    gap = lip_gap(ctx.view)
    threshold = f"<={rules.gap_max:g}"
    if gap > rules.gap_max:
        return CheckResult(CheckCode.MOUTH_CLOSED, Outcome.FAIL, round(gap, 4), threshold, "open")
    if gap > rules.gap_teeth:
        share = teeth_share(ctx.view)
        if share > rules.teeth_min:
            return CheckResult(
                CheckCode.MOUTH_CLOSED,
                Outcome.FAIL,
                round(gap, 4),
                f"<={rules.gap_teeth:g} with teeth",
                "teeth",
            )
    return CheckResult(CheckCode.MOUTH_CLOSED, Outcome.PASS, round(gap, 4), threshold)


def check_expression(ctx: StillContext) -> CheckResult:
    """Neutral face: no clear smile, open jaw or grimace (blendshapes, 0..1)."""
    rules = ctx.profile.checks.expression
    assert ctx.face is not None
    s = ctx.face.blendshapes

    def pair(name: str) -> float:
        return (float(s.get(f"{name}Left", 0.0)) + float(s.get(f"{name}Right", 0.0))) / 2

    smile = pair("mouthSmile")
    jaw = float(s.get("jawOpen", 0.0))
    # A grimace or frown pulls the mouth's corners down or sideways or wrinkles the nose; the
    # brows alone (browDown) read up to 0.66 on neutral faces of the material, so they do not
    # count on their own.
    grimace = max(pair("mouthFrown"), pair("mouthStretch"), pair("noseSneer"))
    if smile > rules.smile_max:
        return CheckResult(
            CheckCode.EXPRESSION, Outcome.FAIL, round(smile, 3), f"<={rules.smile_max:g}", "smile"
        )
    if jaw > rules.jaw_open_max:
        return CheckResult(
            CheckCode.EXPRESSION,
            Outcome.FAIL,
            round(jaw, 3),
            f"<={rules.jaw_open_max:g}",
            "jaw_open",
        )
    if grimace > rules.frown_max:
        return CheckResult(
            CheckCode.EXPRESSION,
            Outcome.FAIL,
            round(grimace, 3),
            f"<={rules.frown_max:g}",
            "grimace",
        )
    return CheckResult(
        CheckCode.EXPRESSION, Outcome.PASS, round(smile, 3), f"<={rules.smile_max:g}"
    )
