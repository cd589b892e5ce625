# SPDX-License-Identifier: MIT
"""Blink detection on the labelled webcam clip, and what must not count as a blink."""

from __future__ import annotations

import dataclasses

from tucai_desk.vision.live.blink import BlinkDetector
from tucai_desk.vision.live.evaluation import blink_counts, label_runs, track_blinks
from tucai_desk.vision.live.observe import FaceObs

BLINK_CLIP = "live_blink_focus_mahie.avi"


def test_blinks_of_the_labelled_clip(live_tracks):
    track = live_tracks[BLINK_CLIP]
    counts = blink_counts(track)
    assert counts is not None
    assert len(label_runs(track.blink_labels)) == 8
    f1 = 2 * counts.tp / (2 * counts.tp + counts.fp + counts.fn)
    assert f1 >= 0.95, counts
    for ev in track_blinks(track):
        assert 50.0 <= ev.duration_ms <= 500.0


def test_still_clip_has_no_blink(live_tracks):
    counts = blink_counts(live_tracks["sfas_live.mp4"])
    assert counts is not None and counts.fp == 0


def _open_face(live_tracks) -> FaceObs:
    """A real open-eye face from the blink clip, to vary one signal at a time."""
    track = live_tracks[BLINK_CLIP]
    face = track.frames[10].face
    assert face is not None
    return face


def _run(faces: list[FaceObs], dt: float = 33.3) -> list:
    det = BlinkDetector()
    events = []
    for i, f in enumerate(faces):
        ev = det.update(i * dt, f)
        if ev is not None:
            events.append(ev)
    return events


def _closure(face: FaceObs, depth: float, **changes: float) -> FaceObs:
    """Both eyes closed by ``depth`` (0 open .. 1 shut), in both views of the lids."""
    rise = 0.5 * depth
    return dataclasses.replace(
        face,
        ear=face.ear * (1 - depth),
        ear_min=face.ear_min * (1 - depth),
        blink=face.blink + rise,
        blink_min=face.blink_min + rise,
        **changes,
    )


def test_a_clean_closure_is_a_blink(live_tracks):
    face = _open_face(live_tracks)
    closed = _closure(face, 0.7)
    assert len(_run([face] * 30 + [closed] * 4 + [face] * 10)) == 1


def test_single_frame_glitch_is_not_a_blink(live_tracks):
    # One frame at 30 fps is 33 ms: shorter than any blink.
    face = _open_face(live_tracks)
    assert _run([face] * 30 + [_closure(face, 0.7)] + [face] * 10) == []


def test_eyes_kept_shut_is_not_a_blink(live_tracks):
    face = _open_face(live_tracks)
    assert _run([face] * 30 + [_closure(face, 0.7)] * 25 + [face] * 10) == []  # ~830 ms


def test_smile_narrowing_the_eyes_is_not_a_blink(live_tracks):
    # A smile narrows the eyes and stays: the open level follows it, no blink.
    face = _open_face(live_tracks)
    smiling = _closure(face, 0.35, smile=0.9)
    assert _run([face] * 30 + [smiling] * 90 + [face] * 10) == []


def test_partial_blink_while_smiling_is_a_blink(live_tracks):
    # Laughing: the eyes are narrowed already and the blink peaks low (eyeBlink ~0.45).
    face = _open_face(live_tracks)
    smiling = _closure(face, 0.3, smile=0.9)
    blink = _closure(face, 0.6, smile=0.9)
    assert len(_run([smiling] * 60 + [blink] * 3 + [smiling] * 10)) == 1


def test_a_wink_is_not_a_blink(live_tracks):
    face = _open_face(live_tracks)
    wink = dataclasses.replace(
        face, ear=face.ear * 0.6, ear_min=face.ear * 0.2, blink=face.blink + 0.3
    )  # one eye shut, the other (blink_min) open
    assert _run([face] * 30 + [wink] * 4 + [face] * 10) == []


def test_one_closed_frame_at_6_fps_is_a_blink(live_tracks):
    face = _open_face(live_tracks)
    assert len(_run([face] * 10 + [_closure(face, 0.7)] + [face] * 4, dt=166.7)) == 1


def test_blink_right_after_a_long_closure_is_found(live_tracks):
    # Eyes kept shut for 2 s never become the open level: the blink just after still counts.
    face = _open_face(live_tracks)
    shut = _closure(face, 0.9)
    events = _run([face] * 30 + [shut] * 60 + [face] * 8 + [_closure(face, 0.7)] * 4 + [face] * 5)
    assert len(events) == 1 and events[0].t_start > 95 * 33.3


def test_picture_tilted_towards_the_camera_is_not_a_blink(live_tracks):
    # Tilting a photo shortens the whole face, not only the lids.
    face = _open_face(live_tracks)
    tilted = _closure(face, 0.5, eye_mouth=face.eye_mouth * 0.6)
    assert _run([face] * 30 + [tilted] * 4 + [face] * 10) == []


def test_landmark_only_dip_without_blendshape_is_not_a_blink(live_tracks):
    face = _open_face(live_tracks)
    dip = dataclasses.replace(face, ear=face.ear * 0.5, ear_min=face.ear_min * 0.5)
    assert _run([face] * 30 + [dip] * 4 + [face] * 10) == []


def test_blink_threshold_follows_the_person(live_tracks):
    # Narrow eyes (open EAR half the usual) still blink: the threshold is relative.
    face = _open_face(live_tracks)
    narrow = dataclasses.replace(face, ear=face.ear * 0.5, ear_min=face.ear_min * 0.5)
    assert len(_run([narrow] * 30 + [_closure(narrow, 0.7)] * 4 + [narrow] * 10)) == 1
