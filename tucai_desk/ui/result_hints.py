# SPDX-License-Identifier: MIT
"""The result page's hint for a failed check, in the live view's words where the live guidance
has the same advice (so 页 9 tells the student what 页 7 told them, not a second wording)."""

from __future__ import annotations

from tucai_desk.core.checks import CheckCode, CheckResult
from tucai_desk.ui import texts

# (check, detail) → live guidance hint; "" matches any detail of that check.
_SAME_AS_LIVE: dict[tuple[str, str], str] = {
    # The still is not mirrored: a cut at the image's left means the student sits too far to
    # their own right, which the live view says as "move to your left" (vision/live/guidance).
    (CheckCode.GEOMETRY, "cut_left"): "move_left",
    (CheckCode.GEOMETRY, "cut_right"): "move_right",
    (CheckCode.GEOMETRY, "cut_top"): "move_down",
    (CheckCode.GEOMETRY, "cut_bottom"): "step_back",
    (CheckCode.GEOMETRY, "face_too_small"): "come_closer",
    (CheckCode.FACE_WIDTH, "too_small"): "come_closer",
    (CheckCode.FACE_WIDTH, "too_large"): "step_back",
    (CheckCode.POSE_YAW, ""): "look_straight",
    (CheckCode.POSE_ROLL, ""): "straighten_head",
    (CheckCode.EYES_OPEN, ""): "open_eyes",
    (CheckCode.EXPOSURE, "too_dark"): "too_dark",
    (CheckCode.EXPOSURE, "too_bright"): "too_bright",
    (CheckCode.LIGHT_BALANCE, ""): "uneven_light",
}


def result_hint(check: CheckResult) -> str:
    """One line for a failed check: the live guidance's wording, else the check's own hint."""
    code = check.code.value
    live = _SAME_AS_LIVE.get((code, check.detail)) or _SAME_AS_LIVE.get((code, ""))
    return texts.guidance_text(live) if live else texts.check_hint(check)
