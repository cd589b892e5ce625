# SPDX-License-Identifier: MIT
"""Which profile thresholds are derived from the labelled photos, and the rule deriving each.

A threshold listed in :data:`DERIVED` is not a number picked by eye: it is a fixed rule applied
to a measurement of the *good* photos of the labelled set (``../shared/data/photos``), and the
value in ``resources/profiles/checks.yaml`` is that rule's result on the whole set (a test holds
the two equal). ``tucai-desk eval photos`` can therefore re-derive them without the photos of
one source and score that source with the result: the leave-one-source-out figure, which tells
how the checks do on photos their thresholds never saw.

The other thresholds marked [M] in ``checks.yaml`` (:data:`HAND_SET`) were read off measured
ranges by hand, between the values of passing and failing material; the leave-one-source-out
figure holds them fixed, so it does not cover them.
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from tucai_desk.vision.checks.context import StillContext
from tucai_desk.vision.checks.light import exposure_stats, scene_white
from tucai_desk.vision.profiles import PhotoProfile

Measures = Mapping[str, float]


def measure(ctx: StillContext) -> dict[str, float]:
    """The measurements the derivations use, on one still with a face (else empty)."""
    if ctx.view is None or ctx.face is None:
        return {}
    stats = exposure_stats(ctx.view)
    return {
        "exposure_scene_white": scene_white(ctx.still, ctx.face),
        "exposure_highlight": stats.highlight,
        "exposure_black_point": stats.black_point,
        "pose_pitch_reading": ctx.face.pitch,
    }


def _floor(value: float, step: float) -> float:
    return round(math.floor(value / step + 1e-9) * step, 6)


def _ceil(value: float, step: float) -> float:
    return round(math.ceil(value / step - 1e-9) * step, 6)


@dataclass(frozen=True, slots=True)
class Derivation:
    check: str  # the key under ``checks`` in the profile
    field: str
    measure: str  # key of :func:`measure`
    rule: str  # the rule in words, for reports
    derive: Callable[[Sequence[float]], float]  # from the good photos' measurements

    @property
    def key(self) -> str:
        return f"{self.check}.{self.field}"


DERIVED: tuple[Derivation, ...] = (
    Derivation(
        "exposure",
        "scene_white_min",
        "exposure_scene_white",
        "one stop below the dimmest scene white of a good photo (half its linear Y, 0.005 steps)",
        lambda values: _floor(min(values) / 2.0, 0.005),
    ),
    Derivation(
        "exposure",
        "highlight_min",
        "exposure_highlight",
        "one stop below the dimmest highlight of a good face (half its linear Y, 0.005 steps)",
        lambda values: _floor(min(values) / 2.0, 0.005),
    ),
    Derivation(
        "exposure",
        "black_point_max",
        "exposure_black_point",
        "one stop above the brightest black point of a good face (twice its linear Y)",
        lambda values: _ceil(2.0 * max(values), 0.005),
    ),
    Derivation(
        "pose",
        "pitch_offset",
        "pose_pitch_reading",
        "the median pitch reading of the good faces (0.5 degree steps)",
        lambda values: round(2.0 * statistics.median(values)) / 2.0,
    ),
)

# [M] thresholds set by hand from measured ranges; held fixed by the leave-one-source-out figure.
HAND_SET: tuple[str, ...] = (
    "pose.yaw_max",
    "pose.pitch_max",
    "eyes_open.blink_max",
    "eyes_open.lid_ratio_soft",
    "mouth_closed.gap_max",
    "expression.smile_max",
    "occlusion.lip_contrast_min",
    "occlusion.mouth_texture_min",
    "eyes_visible.periocular_ratio_min",
    "eyes_visible.detail_balance_min",
    "eyes_visible.periocular_balance_min",
    "eyes_visible.iris_contrast_min",
    "head_cover.brim_step_min",
    "head_cover.brim_height_max",
    "head_cover.brim_texture_max",
    "sharpness.min",
    "background_raw.gradient_max",
)


def derive_thresholds(good: Iterable[Measures]) -> dict[str, float]:
    """The :data:`DERIVED` thresholds (``check.field``) from the measurements of good photos;
    one that no photo measured is left out."""
    rows = list(good)
    values: dict[str, float] = {}
    for rule in DERIVED:
        seen = [row[rule.measure] for row in rows if rule.measure in row]
        if seen:
            values[rule.key] = rule.derive(seen)
    return values


def profile_thresholds(profile: PhotoProfile) -> dict[str, float]:
    """The profile's current values of the :data:`DERIVED` thresholds."""
    return {
        rule.key: float(getattr(getattr(profile.checks, rule.check), rule.field))
        for rule in DERIVED
    }


def with_thresholds(profile: PhotoProfile, values: Mapping[str, float]) -> PhotoProfile:
    """The profile with the given ``check.field`` thresholds replaced."""
    checks = profile.checks
    for key, value in values.items():
        check, name = key.split(".", 1)
        rules = dataclasses.replace(getattr(checks, check), **{name: value})
        checks = dataclasses.replace(checks, **{check: rules})
    return dataclasses.replace(profile, checks=checks)
