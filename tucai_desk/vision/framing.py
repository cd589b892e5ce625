# SPDX-License-Identifier: MIT
"""Whether a still can become a photo whose geometry passes: one rule for the live overlay and
for the checks of the still.

Production lays the still out anew (it scales and places the head by the layout rules), so the
geometry checks of the result pass whenever production finds a layout. What makes it fail is the
still itself: too few pixels between the eyes (RESOLUTION), a face so small that any layout
would enlarge it beyond ``layout.max_upscale`` (GEOMETRY face_too_small), the forehead too near
the top edge (GEOMETRY cut_top) or the neck cut by the bottom edge (GEOMETRY cut_bottom). The
live guidance asks :func:`still_problem` of every frame and says "good" only when it finds none;
the still checks use the same limits (:func:`ied_too_small`, :func:`upscale_too_large`).
"""

from __future__ import annotations

import numpy as np

from tucai_desk.core.checks import CheckCode
from tucai_desk.vision import landmarker as lmk
from tucai_desk.vision.profiles import Layout, PhotoProfile, ResolutionRules

SHOULDER_BELOW_CHIN = 0.15  # of the face width: the neck below the chin production needs
# [M] The live landmarks (a downscaled frame, the whole frame) and the still's (a face-centred
# crop) put the iris centres up to about 5 % apart; live asks this much more than the still
# checks so that a frame it calls good does not fail on the still by a pixel or two.
LIVE_MARGIN = 1.1


def ied_too_small(ied_px: float, rules: ResolutionRules) -> bool:
    """Fewer still pixels between the iris centres than the standard asks for."""
    return ied_px < rules.ied_fail


def upscale_too_large(scale: float, layout: Layout) -> bool:
    """Production would enlarge the still more than the profile allows."""
    return scale > layout.max_upscale


def still_problem(
    points: np.ndarray, still_h: int, profile: PhotoProfile, margin: float = LIVE_MARGIN
) -> tuple[CheckCode, str] | None:
    """The geometry failure a still with these landmarks (still pixels, ``(478, 2+)``) risks.

    Stricter than the checks where the landmarks cannot tell: the face must fit at the largest
    face width of the layout without over-enlarging, and the forehead must lie far enough below
    the top edge for the hair to be whole; sizes carry ``margin`` for the difference between
    the live and the still's landmarks. None when the still's geometry will pass.
    """
    layout = profile.layout
    pts = np.asarray(points)[:, :2]
    ied = float(np.linalg.norm(pts[lmk.LEFT_IRIS_CENTER] - pts[lmk.RIGHT_IRIS_CENTER]))
    if ied_too_small(ied / margin, profile.checks.resolution):
        return CheckCode.RESOLUTION, "too_small"
    fw = float(np.linalg.norm(pts[lmk.LEFT_CHEEK_EDGE] - pts[lmk.RIGHT_CHEEK_EDGE]))
    if fw <= 1 or upscale_too_large(margin * layout.face_width[1] / fw, layout):
        return CheckCode.GEOMETRY, "face_too_small"
    if float(pts[lmk.FOREHEAD_TOP, 1]) < layout.hair_cut_min * fw:
        return CheckCode.GEOMETRY, "cut_top"
    if float(pts[lmk.CHIN, 1]) + SHOULDER_BELOW_CHIN * fw > still_h:
        return CheckCode.GEOMETRY, "cut_bottom"
    return None
