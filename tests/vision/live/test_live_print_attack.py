# SPDX-License-Identifier: MIT
"""Generated hand-held prints answering the prompts never pass (full analyzer, real model)."""

from __future__ import annotations

import dataclasses

import pytest

from tucai_desk.vision.live.model import ChallengeStep, LivenessSettings, LivenessState
from tucai_desk.vision.live.report import load_print_sources
from tucai_desk.vision.live.simulation import print_attack_run


@pytest.fixture(scope="module")
def sources(photos_dir):
    found = load_print_sources(photos_dir)
    assert len(found) >= 10
    return {s.name: s for s in found}


@pytest.mark.parametrize(
    ("name", "bend", "axis"),
    [
        ("good_london_005.jpg", 0.0, 0.0),  # flat sheet
        ("good_damon.jpg", 7.0, 10.0),  # curled around a near-vertical axis
    ],
)
def test_print_attack_fails(sources, name, bend, axis):
    src = sources[name]
    outcome = print_attack_run(
        src.image,
        11,
        bend=bend,
        bend_axis_deg=axis,
        face_in_photo=src.face_in_photo,
        eyes_in_photo=src.eyes_in_photo,
    )
    assert not outcome.passed
    assert outcome.state is LivenessState.FAILED


def test_flat_print_cannot_answer_turns(sources):
    # Turning a flat sheet barely moves the model's yaw; when it does, the pixels fit one
    # homography. Either way the turns-only challenge is not passed.
    src = sources["good_london_011.jpg"]
    turns = dataclasses.replace(
        LivenessSettings(), steps=(ChallengeStep.TURN_LEFT, ChallengeStep.TURN_RIGHT)
    )
    outcome = print_attack_run(
        src.image,
        3,
        bend=0.0,
        bend_axis_deg=0.0,
        settings=turns,
        face_in_photo=src.face_in_photo,
        eyes_in_photo=src.eyes_in_photo,
    )
    assert not outcome.passed
