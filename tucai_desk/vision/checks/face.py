# SPDX-License-Identifier: MIT
"""Is there one usable face: face_found, single_face, resolution."""

from __future__ import annotations

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision.checks.context import StillContext
from tucai_desk.vision.framing import ied_too_small


def check_face_found(ctx: StillContext) -> CheckResult:
    """A face with landmarks, upright enough to be a portrait (a sideways still is not one)."""
    face = ctx.face
    rules = ctx.profile.checks.pose
    if face is None:
        return CheckResult(CheckCode.FACE_FOUND, Outcome.FAIL, 0.0, "1 face", "none")
    if abs(face.roll) > rules.rotated_min:
        return CheckResult(
            CheckCode.FACE_FOUND,
            Outcome.FAIL,
            round(face.roll, 1),
            f"|roll|<={rules.rotated_min:g}",
            "rotated",
        )
    return CheckResult(CheckCode.FACE_FOUND, Outcome.PASS, 1.0, "1 face")


def check_single_face(ctx: StillContext) -> CheckResult:
    """Exactly one face; another face counts when its box is over the profile's share of the main.

    The value is OFIQ's SingleFacePresent measure: area of the second-largest face over the
    largest (0 with one face).
    """
    rules = ctx.profile.checks.single_face
    boxes = [b for b in ctx.scan.boxes if b.score >= rules.min_score]
    threshold = f"<={rules.other_area_max:g}"
    if len(boxes) < 2:
        return CheckResult(CheckCode.SINGLE_FACE, Outcome.PASS, 0.0, threshold)
    ratio = boxes[1].area / max(boxes[0].area, 1e-6)
    outcome = Outcome.FAIL if ratio > rules.other_area_max else Outcome.PASS
    detail = "other_faces" if outcome is Outcome.FAIL else ""
    return CheckResult(CheckCode.SINGLE_FACE, outcome, round(ratio, 3), threshold, detail)


def check_resolution(ctx: StillContext) -> CheckResult:
    """Inter-eye distance (iris centres) in still pixels."""
    rules = ctx.profile.checks.resolution
    assert ctx.face is not None
    ied = ctx.face.inter_eye_distance
    threshold = f">={rules.ied_fail:g}"
    if ied_too_small(ied, rules):  # the live guidance's rule too: framing.still_problem
        return CheckResult(
            CheckCode.RESOLUTION, Outcome.FAIL, round(ied, 1), threshold, "too_small"
        )
    if ied < rules.ied_warn:
        return CheckResult(
            CheckCode.RESOLUTION, Outcome.WARN, round(ied, 1), f">={rules.ied_warn:g}", "small"
        )
    return CheckResult(CheckCode.RESOLUTION, Outcome.PASS, round(ied, 1), threshold)
