# SPDX-License-Identifier: MIT
"""The planarity test: a tilted photo fits one homography, a turning head does not."""

from __future__ import annotations

import random

import cv2
import pytest

from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.live.model import LivenessSettings
from tucai_desk.vision.live.observe import observe
from tucai_desk.vision.live.planarity import landmark_parallax, pixel_planarity
from tucai_desk.vision.print_attack import PrintAttack, SheetPose, render_sheet

SETTINGS = LivenessSettings()


def test_turning_head_is_not_planar(live_tracks):
    track = live_tracks["live_turn_tran.mp4"]
    frontal = track.frames[30].face
    for i in (66, 90, 234, 300):  # right turn 23° and 37°, left turn about 20°
        turned = track.frames[i].face
        assert abs(turned.yaw - frontal.yaw) >= 15.0
        assert pixel_planarity(frontal, turned) < SETTINGS.planar_ecc
        assert landmark_parallax(frontal, turned) >= SETTINGS.min_parallax


def test_same_pose_is_planar(live_tracks):
    track = live_tracks["live_turn_tran.mp4"]
    a, b = track.frames[570].face, track.frames[580].face
    assert pixel_planarity(a, b) >= SETTINGS.planar_ecc


@pytest.fixture(scope="module")
def print_source(photos_dir):
    img = cv2.imread(str(photos_dir / "good_london_011.jpg"))
    with FaceLandmarkerRunner(mode="image") as runner:
        x0, y0, x1, y1 = runner.detect(img)[0].bbox()
    fh = y1 - y0
    top, left = int(y0 - 0.3 * fh), int((x0 + x1) / 2 - 0.825 * fh)
    return img[max(top, 0) : int(top + 2.2 * fh), max(left, 0) : int(left + 1.65 * fh)]


@pytest.mark.parametrize(("yaw", "pitch"), [(-40.0, 0.0), (35.0, 10.0), (0.0, 35.0)])
def test_tilted_flat_photo_is_planar(print_source, yaw, pitch):
    attack = PrintAttack(print_source, rng=random.Random(3))
    kw = {"sheet_height": attack.sheet_h}
    y0 = attack.y0
    front = render_sheet(attack.photo, attack.background, SheetPose(z=attack.z0, y=y0), **kw)
    tilted = render_sheet(
        attack.photo,
        attack.background,
        SheetPose(yaw=yaw, pitch=pitch, z=attack.z0, y=y0),
        **kw,
    )
    with FaceLandmarkerRunner(mode="image") as runner:
        a = observe(front, runner.detect(front), 0.0).face
        b = observe(tilted, runner.detect(tilted), 0.0).face
    assert a is not None and b is not None
    assert pixel_planarity(a, b) >= SETTINGS.planar_ecc
