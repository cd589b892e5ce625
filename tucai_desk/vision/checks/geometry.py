# SPDX-License-Identifier: MIT
"""Layout of the produced photo, measured again on its own pixels: top_margin, eye_line,
face_width, centring, upper_body.

Eyes, cheeks and chin come from the Face Landmarker run on the decoded output; the top of the hair
is the first row, over the middle of the head, that is not the plain background colour. Hair that
rises above the crown as a hair-do (a bun) may reach into the top margin when the crown itself —
``layout.hairdo_above_forehead`` face widths above the forehead — is in place, as production lays
such heads out.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.checks.context import OutputContext
from tucai_desk.vision.checks.scene import person_mask

HEAD_BAND = 0.35  # half-width of the columns searched for the top of the hair, of the face width


def hair_top(out: OutputContext) -> float | None:
    face = out.face
    if face is None:
        return None
    pts = face.points
    fw = float(np.linalg.norm(pts[lmk.LEFT_CHEEK_EDGE, :2] - pts[lmk.RIGHT_CHEEK_EDGE, :2]))
    cx = float((pts[lmk.LEFT_CHEEK_EDGE, 0] + pts[lmk.RIGHT_CHEEK_EDGE, 0]) / 2)
    w = out.image.shape[1]
    c0, c1 = max(0, int(cx - HEAD_BAND * fw)), min(w, int(cx + HEAD_BAND * fw))
    eye_y = int((pts[lmk.LEFT_IRIS_CENTER, 1] + pts[lmk.RIGHT_IRIS_CENTER, 1]) / 2)
    region = out.image[: max(1, eye_y), c0:c1]
    mask = person_mask(region, out.profile.background_rgb).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)) > 0
    cols = mask.any(axis=0)
    if not cols.any():
        return None
    first = np.argmax(mask[:, cols], axis=0)
    return float(np.percentile(first, 3))


def _range(
    code: CheckCode, value: float, rng: tuple[float, float], low: str, high: str
) -> CheckResult:
    lo, hi = rng
    threshold = f"{lo:g}..{hi:g}"
    if value < lo:
        return CheckResult(code, Outcome.FAIL, round(value, 1), threshold, low)
    if value > hi:
        return CheckResult(code, Outcome.FAIL, round(value, 1), threshold, high)
    return CheckResult(code, Outcome.PASS, round(value, 1), threshold)


def check_output_geometry(
    out: OutputContext, matte: np.ndarray | None = None, seen: np.ndarray | None = None
) -> list[CheckResult]:
    """The layout rules on the output. ``matte`` (production's person matte, when known) counts
    as person in the bottom third besides what differs from the background colour: clothing
    close to the background colour is CLOTHING_CONTRAST's failure, not a missing upper body.
    ``seen`` (the output pixels the camera saw, when known) limits the upper body to them: the
    clothing production continued below or beside the still is not body the camera saw."""
    layout = out.profile.layout
    face = out.face
    codes = (
        CheckCode.TOP_MARGIN,
        CheckCode.EYE_LINE,
        CheckCode.FACE_WIDTH,
        CheckCode.CENTRING,
        CheckCode.UPPER_BODY,
    )
    if face is None:
        # Production placed a face here; if it cannot be found again the layout is unverified.
        return [CheckResult(code, Outcome.FAIL, None, "", "not_measurable") for code in codes]
    pts = face.points
    h, w = out.image.shape[:2]
    results: list[CheckResult] = []
    fw = float(np.linalg.norm(pts[lmk.LEFT_CHEEK_EDGE, :2] - pts[lmk.RIGHT_CHEEK_EDGE, :2]))
    top = hair_top(out)
    if top is None:
        results.append(CheckResult(CheckCode.TOP_MARGIN, Outcome.FAIL, None, "", "not_measurable"))
    else:
        result = _range(CheckCode.TOP_MARGIN, top, layout.top_margin, "too_high", "too_low")
        crown = float(pts[lmk.FOREHEAD_TOP, 1]) - layout.hairdo_above_forehead * fw
        if result.detail == "too_high" and crown > top:
            crowned = _range(CheckCode.TOP_MARGIN, crown, layout.top_margin, "too_high", "too_low")
            if crowned.passed:
                result = CheckResult(
                    CheckCode.TOP_MARGIN, Outcome.PASS, crowned.value, crowned.threshold, "hairdo"
                )
        results.append(result)
    eye_y = float((pts[lmk.LEFT_IRIS_CENTER, 1] + pts[lmk.RIGHT_IRIS_CENTER, 1]) / 2)
    results.append(_range(CheckCode.EYE_LINE, eye_y, layout.eye_line, "too_high", "too_low"))
    results.append(_range(CheckCode.FACE_WIDTH, fw, layout.face_width, "too_small", "too_large"))
    cx = float((pts[lmk.LEFT_CHEEK_EDGE, 0] + pts[lmk.RIGHT_CHEEK_EDGE, 0]) / 2)
    offset = cx - w / 2
    results.append(
        _range(
            CheckCode.CENTRING, offset, (-layout.centring_max, layout.centring_max), "left", "right"
        )
    )
    chin = float(pts[lmk.CHIN, 1])
    body_share = (h - chin) / h
    row0 = int(round(layout.chin_max))

    def person(first: int, last: int) -> np.ndarray:
        mask = person_mask(out.image[first:last], out.profile.background_rgb)
        if matte is not None and matte.shape == out.image.shape[:2]:
            mask |= matte[first:last] > 0.5
        return mask

    if seen is None or seen.shape != out.image.shape[:2]:
        bottom_third = person(row0, h)
        coverage = float(bottom_third.mean()) if bottom_third.size else 0.0
    else:
        # Only what the camera saw: the bottom third, or where production continued the
        # clothing below the still, a band as tall ending at the still's last row (not above
        # the chin): the shoulders the camera saw.
        rows = np.nonzero(seen.any(axis=1))[0]
        last = int(rows[-1]) + 1 if rows.size else 0
        first = max(min(row0, last - (h - row0)), int(math.ceil(chin)), 0)
        band = seen[first:last]
        coverage = float(person(first, last)[band].mean()) if band.any() else 0.0
    need = (h - layout.chin_max) / h
    threshold = f">={need:.3f}"
    if chin > layout.chin_max:
        results.append(
            CheckResult(
                CheckCode.UPPER_BODY, Outcome.FAIL, round(body_share, 3), threshold, "chin_low"
            )
        )
    elif coverage < layout.upper_body_min:
        results.append(
            CheckResult(
                CheckCode.UPPER_BODY,
                Outcome.FAIL,
                round(coverage, 3),
                f">={layout.upper_body_min:g} covered",
                "body_small",
            )
        )
    else:
        results.append(
            CheckResult(CheckCode.UPPER_BODY, Outcome.PASS, round(body_share, 3), threshold)
        )
    return results


def check_clothing_extended(matte: np.ndarray, seen: np.ndarray) -> CheckResult:
    """Warn when production painted clothing the camera did not see (below or beside the still).

    The value is the share of the photo's person that was painted in; the photo is still usable,
    but the operator (and the draft and export, by this warning) knows it is not all camera
    pixels.
    """
    person = matte > 0.5
    painted = person & ~seen
    share = float(painted.sum()) / max(1, int(person.sum()))
    if painted.any():
        return CheckResult(
            CheckCode.CLOTHING_EXTENDED, Outcome.WARN, round(share, 3), "0", "painted"
        )
    return CheckResult(CheckCode.CLOTHING_EXTENDED, Outcome.PASS, 0.0, "0")
