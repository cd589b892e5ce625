# SPDX-License-Identifier: MIT
"""The thresholds derived from labelled photos: which they are and the rules deriving them."""

from __future__ import annotations

import pytest

from tucai_desk.vision.calibration import (
    DERIVED,
    HAND_SET,
    derive_thresholds,
    profile_thresholds,
    with_thresholds,
)
from tucai_desk.vision.profiles import load_profile


def _good(highlight: float, black: float, white: float, pitch: float) -> dict[str, float]:
    return {
        "exposure_highlight": highlight,
        "exposure_black_point": black,
        "exposure_scene_white": white,
        "pose_pitch_reading": pitch,
    }


def test_each_rule_is_one_stop_beyond_the_extreme_good_photo() -> None:
    good = [_good(0.2, 0.03, 0.9, 1.0), _good(0.5, 0.06, 0.6, 3.2), _good(0.4, 0.05, 1.0, 2.6)]
    assert derive_thresholds(good) == {
        "exposure.scene_white_min": 0.3,  # half the dimmest white
        "exposure.highlight_min": 0.1,  # half the dimmest highlight
        "exposure.black_point_max": 0.12,  # twice the brightest black point
        "pose.pitch_offset": 2.5,  # the median reading, to half a degree
    }


def test_a_threshold_nothing_measured_is_not_derived() -> None:
    assert derive_thresholds([{"exposure_highlight": 0.3}]) == {"exposure.highlight_min": 0.15}
    assert derive_thresholds([]) == {}


def test_derived_thresholds_replace_the_profile_s_own() -> None:
    profile = load_profile()
    changed = with_thresholds(profile, {"exposure.highlight_min": 0.2, "pose.pitch_offset": 4.0})
    assert profile_thresholds(changed) == {
        **profile_thresholds(profile),
        "exposure.highlight_min": 0.2,
        "pose.pitch_offset": 4.0,
    }
    assert changed.checks.exposure.mean_max == profile.checks.exposure.mean_max
    assert profile.checks.exposure.highlight_min != 0.2  # the original is left as it was


@pytest.mark.parametrize("key", [d.key for d in DERIVED] + list(HAND_SET))
def test_every_listed_threshold_is_in_the_profile(key: str) -> None:
    check, name = key.split(".")
    assert isinstance(getattr(getattr(load_profile().checks, check), name), float)


def test_a_threshold_is_derived_or_set_by_hand_never_both() -> None:
    assert not {d.key for d in DERIVED} & set(HAND_SET)
