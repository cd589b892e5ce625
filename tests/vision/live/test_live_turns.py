# SPDX-License-Identifier: MIT
"""Head turns on the labelled live-turn clip, and the left/right convention."""

from __future__ import annotations

from tucai_desk.vision.live.evaluation import track_turns, turn_matches
from tucai_desk.vision.live.model import ChallengeStep
from tucai_desk.vision.live.turns import ImageDirection, TurnTracker, image_direction_of

TURN_CLIP = "live_turn_tran.mp4"


def test_described_turns_are_found_with_their_direction(live_tracks):
    matches = turn_matches(live_tracks[TURN_CLIP])
    assert [kind for kind, _ in matches] == ["right", "left", "down", "up"]
    assert all(hit for _, hit in matches), matches


def test_turns_are_between_15_degrees_and_a_profile(live_tracks):
    for ev in track_turns(live_tracks[TURN_CLIP]):
        assert 15.0 <= ev.peak_deg <= 70.0
        assert ev.t_end - ev.t_start >= 100.0


def test_nose_to_the_image_right_is_the_students_left_turn(live_tracks):
    # In the clip's "right" turn (frames 61-171) the nose moves to the image's right; yaw grows.
    track = live_tracks[TURN_CLIP]
    yaw_before = track.frames[30].face.yaw
    yaw_during = track.frames[110].face.yaw
    assert yaw_during - yaw_before > 15.0
    assert track.frames[110].face.points[1, 0] > track.frames[30].face.points[1, 0]
    assert image_direction_of(ChallengeStep.TURN_LEFT) is ImageDirection.RIGHT
    assert image_direction_of(ChallengeStep.TURN_RIGHT) is ImageDirection.LEFT


def test_a_turn_must_be_held():
    tracker = TurnTracker((0.0, 5.0), min_deg=15.0, hold_ms=100.0)
    assert tracker.update(0.0, 20.0, 5.0) is None  # one frame beyond: not yet
    assert tracker.update(33.0, 2.0, 5.0) is None  # back: it was a glitch
    assert tracker.update(66.0, -18.0, 5.0) is None
    assert tracker.update(133.0, -19.0, 5.0) is None
    assert tracker.update(170.0, -19.0, 5.0) is ImageDirection.LEFT
    assert tracker.update(200.0, 0.0, 25.0) is None  # a nod starts a new count
    assert tracker.update(320.0, 0.0, 26.0) is ImageDirection.DOWN
