# SPDX-License-Identifier: MIT
"""Which part of a failed photo to mark on the result page, from the first failed check.

Regions are (x0, y0, x1, y1) fractions of the image shown: the produced photo when there is one,
else the still itself (production was impossible, e.g. the head was cut off at a side).
"""

from __future__ import annotations

from collections.abc import Sequence

from tucai_desk.core.checks import CheckCode, CheckResult

Region = tuple[float, float, float, float]

EDGE = 0.1  # width of the band marked along a cut edge
FACE_MARGIN = 0.15  # the face box grows by this share of its size on each side

_EDGES: dict[str, Region] = {
    "cut_left": (0.0, 0.0, EDGE, 1.0),
    "cut_right": (1.0 - EDGE, 0.0, 1.0, 1.0),
    "cut_top": (0.0, 0.0, 1.0, EDGE),
    "hair_too_tall": (0.0, 0.0, 1.0, EDGE),
    "cut_bottom": (0.0, 1.0 - EDGE, 1.0, 1.0),
    "body_cut": (0.0, 1.0 - 3 * EDGE, 1.0, 1.0),
}
# Checks about the whole picture (light, file, background): nothing narrower to point at.
_WHOLE = {
    CheckCode.FACE_FOUND,
    CheckCode.RESOLUTION,
    CheckCode.COLOUR,
    CheckCode.SHARPNESS,
    CheckCode.BACKGROUND_RAW,
    CheckCode.FILE_FORMAT,
    CheckCode.FILE_SIZE,
    CheckCode.DPI,
    CheckCode.LIVENESS,
}
_BOTTOM = {CheckCode.UPPER_BODY, CheckCode.CLOTHING_EXTENDED, CheckCode.CLOTHING_CONTRAST}
# A head cover sits on the crown: from well above the face's top (the mesh ends at the upper
# forehead; the skull's top is about 0.4 face heights higher) down over the forehead.
CROWN_ABOVE = 0.6  # face heights above the face box
CROWN_BELOW = 0.25  # face heights into the face box (a brim or band over the forehead)


def failing_region(failures: Sequence[CheckResult], face: Region | None) -> Region | None:
    """The region of the first failure (the one to fix first), or None for the whole image."""
    if not failures:
        return None
    first = failures[0]
    if first.code is CheckCode.GEOMETRY and first.detail in _EDGES:
        return _EDGES[first.detail]
    if first.code is CheckCode.TOP_MARGIN:
        return _EDGES["cut_top"]
    if first.code in _BOTTOM:
        return (0.0, 0.7, 1.0, 1.0)
    if first.code in _WHOLE or face is None:
        return None
    x0, y0, x1, y1 = face
    dx, dy = (x1 - x0) * FACE_MARGIN, (y1 - y0) * FACE_MARGIN
    if first.code is CheckCode.HEAD_COVER:
        h = y1 - y0
        return (
            max(0.0, x0 - dx),
            max(0.0, y0 - CROWN_ABOVE * h),
            min(1.0, x1 + dx),
            min(1.0, y0 + CROWN_BELOW * h),
        )
    return (max(0.0, x0 - dx), max(0.0, y0 - dy), min(1.0, x1 + dx), min(1.0, y1 + dy))
