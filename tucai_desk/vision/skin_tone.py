# SPDX-License-Identifier: MIT
"""Skin tone of a face as the individual typology angle (ITA°), and its standard group.

ITA° = arctan((L* − 50) / b*) · 180/π on the CIELAB colour of the skin (Chardon et al. 1991;
the measure dermatology and fairness audits of face systems use). It is measured here on three
patches of bare skin placed by the landmarks — both cheeks and the middle of the forehead — so the
eyes, brows, lips, nostrils and hair stay out; inside the patches the darkest and brightest tenth
(a shadow in a skin fold, a specular highlight, a stray hair) are left out before the medians of
L* and b* are taken.

Groups (Del Bino et al. 2006): very light > 55° ≥ light > 41° ≥ intermediate > 28° ≥ tan > 10° ≥
brown > −30° ≥ dark. A photo's ITA° reads lower than a colorimeter on the same skin when the light
is dim, and higher when it is bright: it groups faces for reporting, it is never a check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np

from tucai_desk.vision.checks.context import CHEEKS, FaceView, to_lab

FOREHEAD = 151  # mesh point in the middle of the forehead, above the brows
PATCH_HALF = 0.15  # half-side of each skin patch, in inter-eye distances
TRIM = 10.0  # percent of the patch pixels left out at each end of L*
# Below this chroma (a*, b*) the skin has no colour to measure: a greyscale or monochrome photo.
# The colour check's greyscale limit (checks.yaml, colour.grey_chroma_max) is the same number.
COLOURLESS_CHROMA = 4.0


class SkinToneGroup(Enum):
    """ITA° groups from the lightest to the darkest; ``value`` is the report key."""

    VERY_LIGHT = "very_light"
    LIGHT = "light"
    INTERMEDIATE = "intermediate"
    TAN = "tan"
    BROWN = "brown"
    DARK = "dark"


# Lower bound (exclusive) of each group but the last, in ITA degrees.
_LOWER_BOUNDS = (
    (SkinToneGroup.VERY_LIGHT, 55.0),
    (SkinToneGroup.LIGHT, 41.0),
    (SkinToneGroup.INTERMEDIATE, 28.0),
    (SkinToneGroup.TAN, 10.0),
    (SkinToneGroup.BROWN, -30.0),
)


@dataclass(frozen=True, slots=True)
class SkinTone:
    ita: float  # degrees
    lightness: float  # median L* of the skin patches
    yellowness: float  # median b*

    @property
    def group(self) -> SkinToneGroup:
        return ita_group(self.ita)


def ita_group(ita: float) -> SkinToneGroup:
    for group, lower in _LOWER_BOUNDS:
        if ita > lower:
            return group
    return SkinToneGroup.DARK


def individual_typology_angle(lightness: float, yellowness: float) -> float:
    """ITA° from L* and b*; a colourless skin (b* = 0) reads ±90°."""
    return math.degrees(math.atan2(lightness - 50.0, yellowness))


def skin_patches(view: FaceView) -> np.ndarray:
    """The skin pixels (BGR, N×3) of both cheeks and the forehead."""
    half = PATCH_HALF * view.ied
    pixels = []
    for index in (*CHEEKS, FOREHEAD):
        rows, cols = view.square(index, half)
        patch = view.image[rows, cols]
        if patch.size:
            pixels.append(patch.reshape(-1, 3))
    return np.concatenate(pixels) if pixels else np.empty((0, 3), np.uint8)


def measure_skin_tone(view: FaceView) -> SkinTone | None:
    """The skin tone of the face in ``view``; None when no skin patch lies in the view or the
    photo has no colour (ITA° means nothing on a greyscale photo)."""
    pixels = skin_patches(view)
    if len(pixels) < 10:
        return None
    lab = to_lab(pixels)
    lo, hi = np.percentile(lab[:, 0], (TRIM, 100.0 - TRIM))
    kept = lab[(lab[:, 0] >= lo) & (lab[:, 0] <= hi)]
    lightness = float(np.median(kept[:, 0]))
    redness, yellowness = float(np.median(kept[:, 1])), float(np.median(kept[:, 2]))
    if math.hypot(redness, yellowness) < COLOURLESS_CHROMA:
        return None
    return SkinTone(individual_typology_angle(lightness, yellowness), lightness, yellowness)
