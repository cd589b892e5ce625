# SPDX-License-Identifier: MIT
"""Head pose: pose_yaw, pose_pitch, pose_roll from the Face Landmarker's transformation matrix.

The landmarks were found on a face-centred crop (see :mod:`tucai_desk.vision.faces`), so the
angles are measured along the line of sight to the face. The model reads pitch with a bias on
frontal faces; the profile's ``pitch_offset`` is that bias and is removed before the limit.
"""

from __future__ import annotations

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision.checks.context import StillContext


def check_pose(ctx: StillContext) -> list[CheckResult]:
    rules = ctx.profile.checks.pose
    face = ctx.face
    assert face is not None
    yaw = face.yaw
    pitch = face.pitch - rules.pitch_offset
    roll = face.roll
    return [
        _limit(CheckCode.POSE_YAW, yaw, rules.yaw_max, "right" if yaw > 0 else "left"),
        # Negative pitch: chin raised (looking up); positive: head bowed.
        _limit(CheckCode.POSE_PITCH, pitch, rules.pitch_max, "up" if pitch < 0 else "down"),
        _limit(CheckCode.POSE_ROLL, roll, rules.roll_max, "tilted"),
    ]


def _limit(code: CheckCode, angle: float, limit: float, direction: str) -> CheckResult:
    outcome = Outcome.FAIL if abs(angle) > limit else Outcome.PASS
    detail = direction if outcome is Outcome.FAIL else ""
    return CheckResult(code, outcome, round(angle, 1), f"|x|<={limit:g}", detail)
