# SPDX-License-Identifier: MIT
"""Check results as data: codes, outcomes and measured values, never UI text.

The UI maps each :class:`CheckCode` to a translated hint (``tucai_desk/ui/texts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class CheckCode(StrEnum):
    # Order of declaration is the order in which problems are shown to a student: the one to fix
    # first comes first (no face before pose before expression before light before file format).
    FACE_FOUND = "face_found"
    SINGLE_FACE = "single_face"
    RESOLUTION = "resolution"
    GEOMETRY = "geometry"  # the still cannot be cropped to the standard layout
    POSE_YAW = "pose_yaw"
    POSE_PITCH = "pose_pitch"
    POSE_ROLL = "pose_roll"
    EYES_OPEN = "eyes_open"
    EYES_VISIBLE = "eyes_visible"
    OCCLUSION = "occlusion"
    MOUTH_CLOSED = "mouth_closed"
    EXPRESSION = "expression"
    GLASSES_GLARE = "glasses_glare"
    HEAD_COVER = "head_cover"
    EXPOSURE = "exposure"
    LIGHT_BALANCE = "light_balance"
    SHARPNESS = "sharpness"
    COLOUR = "colour"
    CLOTHING_CONTRAST = "clothing_contrast"
    BACKGROUND_RAW = "background_raw"
    TOP_MARGIN = "top_margin"
    EYE_LINE = "eye_line"
    FACE_WIDTH = "face_width"
    CENTRING = "centring"
    UPPER_BODY = "upper_body"
    CLOTHING_EXTENDED = "clothing_extended"  # production painted clothing the camera did not see
    MATTE_EDGE = "matte_edge"
    FILE_FORMAT = "file_format"
    FILE_SIZE = "file_size"
    DPI = "dpi"
    LIVENESS = "liveness"


CHECK_ORDER: dict[CheckCode, int] = {code: i for i, code in enumerate(CheckCode)}


class Outcome(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check: its outcome, what was measured and the limit it was held to.

    ``threshold`` is a short machine-readable description of the limit (for example ``"<=5.0"`` or
    ``"0.2..0.8"``); ``detail`` carries a sub-reason where one check has several (for example
    ``"too_dark"`` / ``"too_bright"`` for exposure, ``"left"`` / ``"right"`` for centring).
    """

    code: CheckCode
    outcome: Outcome
    value: float | None = None
    threshold: str = ""
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome is not Outcome.FAIL


@dataclass(frozen=True, slots=True)
class Verdict:
    """All checks of one photo. ``passed`` when nothing failed (warnings allowed)."""

    results: tuple[CheckResult, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        """Failed checks, the one to fix first first."""
        return sorted(
            (r for r in self.results if r.outcome is Outcome.FAIL),
            key=lambda r: CHECK_ORDER[r.code],
        )

    @property
    def warnings(self) -> list[CheckResult]:
        return sorted(
            (r for r in self.results if r.outcome is Outcome.WARN),
            key=lambda r: CHECK_ORDER[r.code],
        )

    def failed_codes(self) -> list[str]:
        return [r.code.value for r in self.failures]
