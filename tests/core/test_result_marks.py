# SPDX-License-Identifier: MIT
"""The failing region marked on the result page follows the first failed check."""

from __future__ import annotations

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.core.result_marks import failing_region

FACE = (0.4, 0.2, 0.6, 0.5)


def fail(code: CheckCode, detail: str = "") -> CheckResult:
    return CheckResult(code, Outcome.FAIL, None, "", detail)


def test_cut_sides_mark_the_edge_and_face_checks_the_face() -> None:
    assert failing_region([fail(CheckCode.GEOMETRY, "cut_right")], FACE) == (0.9, 0.0, 1.0, 1.0)
    assert failing_region([fail(CheckCode.GEOMETRY, "cut_top")], None) == (0.0, 0.0, 1.0, 0.1)
    x0, y0, x1, y1 = failing_region([fail(CheckCode.EYES_OPEN), fail(CheckCode.EXPOSURE)], FACE)
    assert (round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3)) == (0.37, 0.155, 0.63, 0.545)
    assert failing_region([fail(CheckCode.SHARPNESS)], FACE) is None
    assert failing_region([fail(CheckCode.EYES_OPEN)], None) is None
    assert failing_region([], FACE) is None


def test_a_head_cover_marks_the_crown_above_the_face() -> None:
    x0, y0, x1, y1 = failing_region([fail(CheckCode.HEAD_COVER, "covered")], FACE)
    assert (round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3)) == (0.37, 0.02, 0.63, 0.275)
    assert y1 < 0.5 * (FACE[1] + FACE[3]), "the mark stays above the middle of the face"
    assert failing_region([fail(CheckCode.HEAD_COVER, "covered")], (0.4, 0.05, 0.6, 0.35))[1] == 0.0
