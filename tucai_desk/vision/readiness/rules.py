# SPDX-License-Identifier: MIT
"""Limits of the station readiness check (站点自检), as data.

Every number is a proposal [P] unless said otherwise, chosen from what the measure means, not
fitted to any clip: the generated faults in ``tests/vision/test_station_check.py`` sit well
outside them, and a real station's figures go into the saved report so the limits can be
reviewed against real backdrops.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Band:
    """``warn`` and ``fail`` limits of a measure where larger is worse."""

    warn: float
    fail: float


@dataclass(frozen=True, slots=True)
class ReadinessRules:
    # CIEDE2000 between the backdrop as the camera delivers it and the profile's background
    # colour. About 10 reads as "the same colour, other light"; white against light grey is 3,
    # light blue against white 26. [P]
    backdrop_delta_e: Band = Band(warn=10.0, fail=15.0)
    # Spread (p99 − p1, in L*) of the backdrop's lightness after its smooth fall-off is
    # removed: creases, folds, stains and seams. A flat cloth reads 1–3. [P]
    backdrop_spread_l: Band = Band(warn=6.0, fail=10.0)
    # Fall-off of linear luminance between the backdrop's left and right (top and bottom)
    # quarters: 1 − darker / brighter. Lamps at equal distance read under 0.1. [P]
    light_falloff: Band = Band(warn=0.15, fail=0.25)
    # Backdrop lightness (L*): under ``dark_fail`` the camera lacks light; over ``bright_fail``
    # the backdrop is blown out. Share of clipped pixels (all channels at 0–2 or at 253–255: a
    # saturated single channel is the light-blue standard colour itself). [P]
    level_dark_warn: float = 50.0
    level_dark_fail: float = 35.0
    level_bright_warn: float = 98.5
    level_bright_fail: float = 99.5
    clipped_share: Band = Band(warn=0.01, fail=0.05)
    # Edge width (px at 640 px frame width) of the frame's sharpest edges: a focused webcam
    # draws a step edge over 1–2.5 px; σ = 2 px of defocus blur makes it about 5. [P]
    edge_width_px: Band = Band(warn=3.5, fail=5.0)
    edge_min_contrast: float = 25.0  # grey levels a step must have to be judged
    # Temporal noise: the median over backdrop pixels of each pixel's standard deviation over
    # the frames (grey levels 0–255), as the camera delivers them (after its own compression,
    # which smooths some of it). A webcam in good light reads under 1.5. [P]
    noise_sigma: Band = Band(warn=2.5, fail=4.0)
    # The camera delivers at least this share of the frame rate asked for. [P]
    frame_rate_warn: float = 0.9
    frame_rate_fail: float = 0.75
    # The still must keep a usable portrait crop: at least this frame height. [P]
    min_height_px: int = 720
    # The backdrop box: the part of the frame the operator fills with the backdrop (fractions
    # of width and height), drawn on the readiness page.
    box: tuple[float, float, float, float] = (0.25, 0.1, 0.75, 0.9)
