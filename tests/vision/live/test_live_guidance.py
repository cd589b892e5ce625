# SPDX-License-Identifier: MIT
"""Live framing hints on real portraits placed in a 1280×720 camera frame.

Each scene puts a real photo where the framing overlay wants the face (face 240 px wide and eyes
250 px from the top of the 480×640 output), then shifts, scales, darkens or doubles it, and runs
the live analyzer (real Face Landmarker, VIDEO mode) on it as a camera would deliver it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.live import GuidanceHint, LiveAnalyzer, LivenessState
from tucai_desk.vision.live.guidance import Guide, crop_window, framing_overlay
from tucai_desk.vision.live.observe import face_width_px, observe

W, H = 1280, 720
# Frame px per output px in the 3:4 window of a 1280×720 frame (540 px wide for 480 px).
K = 540.0 / 480.0


@pytest.fixture(scope="module")
def image_runner():
    with FaceLandmarkerRunner(mode="image") as runner:
        yield runner


def _place(
    runner: FaceLandmarkerRunner,
    img: np.ndarray,
    *,
    scale: float = 1.0,
    dx: float = 0.0,
    dy: float = 0.0,
    centre_x: float = W / 2,
    canvas: np.ndarray | None = None,
) -> np.ndarray:
    """``img`` warped so its face is 240·scale output px wide, eyes on the target line."""
    face = runner.detect(img)[0]
    pts = face.points[:, :2]
    s = 240.0 * K * scale / face_width_px(pts)
    cx = float(np.mean(pts[[234, 454], 0]))
    eye_y = float(np.mean(pts[[468, 473], 1]))
    m = np.float32([[s, 0, centre_x + dx - s * cx], [0, s, 250.0 * K + dy - s * eye_y]])
    out = canvas if canvas is not None else np.full((H, W, 3), 170, np.uint8)
    return cv2.warpAffine(img, m, (W, H), dst=out, borderMode=cv2.BORDER_TRANSPARENT)


def _hint(frame: np.ndarray) -> GuidanceHint:
    with LiveAnalyzer(liveness=False) as analyzer:
        result = None
        for i in range(3):
            result = analyzer.analyze(frame, i * 40.0)
        assert result is not None
        assert result.liveness is None  # liveness switched off
        return result.hint


def _photo(photos_dir: Path, name: str) -> np.ndarray:
    img = cv2.imread(str(photos_dir / name))
    assert img is not None, name
    return img


@pytest.mark.parametrize("name", ["good_london_005.jpg", "good_london_011.jpg", "good_rudd.jpg"])
def test_well_framed_good_photo_is_ready(photos_dir, image_runner, name):
    frame = _place(image_runner, _photo(photos_dir, name))
    with LiveAnalyzer(liveness=True, seed=1) as analyzer:
        result = analyzer.analyze(frame, 0.0)
    assert result.hint is GuidanceHint.READY
    assert result.ready
    x0, y0, x1, y1 = result.face_box
    assert 0.3 < (x0 + x1) / 2 < 0.7 and 0.0 <= y0 < y1 <= 1.0
    # A well-framed face is large enough for the liveness test: no "come closer" from it.
    assert result.liveness.state is LivenessState.WAITING
    assert result.liveness.prompt is None


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        # The face on the (un-mirrored) image's left: the student sits too far to their own
        # right and must move to their own left.
        ({"dx": -200.0}, GuidanceHint.MOVE_LEFT),
        ({"dx": 200.0}, GuidanceHint.MOVE_RIGHT),
        ({"scale": 0.6}, GuidanceHint.COME_CLOSER),
        ({"scale": 1.4}, GuidanceHint.STEP_BACK),
        ({"dy": -120.0}, GuidanceHint.MOVE_DOWN),
        ({"dy": 120.0}, GuidanceHint.MOVE_UP),
    ],
)
def test_framing_hints(photos_dir, image_runner, change, hint):
    frame = _place(image_runner, _photo(photos_dir, "good_london_005.jpg"), **change)
    assert _hint(frame) is hint


def test_no_face(photos_dir):
    frame = cv2.resize(_photo(photos_dir, "bad_noface_landscape.jpg"), (W, H))
    assert _hint(frame) is GuidanceHint.NO_FACE


def test_two_faces(photos_dir, image_runner):
    canvas = np.full((H, W, 3), 170, np.uint8)
    _place(image_runner, _photo(photos_dir, "good_london_005.jpg"), scale=0.7,
           centre_x=W * 0.33, canvas=canvas)  # fmt: skip
    _place(image_runner, _photo(photos_dir, "good_london_011.jpg"), scale=0.7,
           centre_x=W * 0.67, canvas=canvas)  # fmt: skip
    assert _hint(canvas) is GuidanceHint.SEVERAL_FACES


def test_turned_head_is_asked_to_look_straight(photos_dir, image_runner):
    assert _hint(_place(image_runner, _photo(photos_dir, "bad_yaw_left.jpg"))) is (
        GuidanceHint.LOOK_STRAIGHT
    )


def test_tilted_head_is_asked_to_straighten(photos_dir, image_runner):
    img = _photo(photos_dir, "good_london_005.jpg")
    h, w = img.shape[:2]
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), 12.0, 1.0)
    tilted = cv2.warpAffine(img, rot, (w, h), borderMode=cv2.BORDER_REPLICATE)
    assert _hint(_place(image_runner, tilted)) is GuidanceHint.STRAIGHTEN_HEAD


def test_dark_frame_is_too_dark(photos_dir, image_runner):
    frame = _place(image_runner, _photo(photos_dir, "good_london_005.jpg"))
    dark = cv2.convertScaleAbs(frame, alpha=0.15)
    assert _hint(dark) is GuidanceHint.TOO_DARK


def test_one_sided_shadow_is_uneven_light(photos_dir, image_runner):
    frame = _place(image_runner, _photo(photos_dir, "bad_shadow_synth_cz1.png"))
    assert _hint(frame) is GuidanceHint.UNEVEN_LIGHT


def test_overlay_follows_the_standard_layout():
    ov = framing_overlay(W, H)
    x0, y0, x1, y1 = crop_window(W, H)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(0.75)
    assert ov.crop == pytest.approx((x0 / W, y0 / H, x1 / W, y1 / H))
    cx, cy, rx, ry = ov.head_ellipse
    assert cx == pytest.approx(0.5)
    # Eyes 200-300 px of 640 from the top of the window; the target in the middle of the band.
    assert 200 / 640 < ov.eye_band[0] < ov.eye_line < ov.eye_band[1] < 300 / 640
    # The head outline: wider than the allowed face width's middle, top of hair 50-110 px.
    top_px = (cy - ry) * H / K
    assert 50 <= top_px <= 110
    lo, hi = ov.face_width_range
    assert lo * W / K == pytest.approx(195.0) and hi * W / K == pytest.approx(285.0)
    assert rx * 2 > lo
    # A portrait camera frame puts the window across its full width.
    px0, py0, px1, py1 = framing_overlay(368, 656).crop
    assert px0 == 0.0 and px1 == 1.0 and 0.0 < py0 < py1 < 1.0


def test_closed_eyes_hint_waits_longer_than_a_blink(photos_dir, image_runner):
    frame = _place(image_runner, _photo(photos_dir, "good_london_005.jpg"))
    obs = observe(frame, image_runner.detect(frame), 0.0)
    assert obs.face is not None
    shut = dataclasses.replace(obs, face=dataclasses.replace(obs.face, blink=0.7))
    guide = Guide()
    hints = [guide.update(dataclasses.replace(shut, t_ms=t)) for t in range(0, 400, 33)]
    assert set(hints) == {GuidanceHint.READY}  # a blink-long closure shows nothing
    hints = [guide.update(dataclasses.replace(shut, t_ms=t)) for t in range(400, 900, 33)]
    assert hints[-1] is GuidanceHint.OPEN_EYES
    assert guide.update(dataclasses.replace(obs, t_ms=900.0)) is GuidanceHint.READY


@pytest.mark.parametrize("name", ["good_cfd_bm223.jpg", "good_cfd_bf227.jpg", "good_cfd_af206.jpg"])
def test_light_is_judged_the_same_for_every_skin(photos_dir, image_runner, name):
    # A well-lit dark-skinned face (face mean about 0.07 linear) is ready like a light one; the
    # same frame two stops darker is too dark whatever the skin.
    frame = _place(image_runner, _photo(photos_dir, name))
    assert _hint(frame) is GuidanceHint.READY
    linear = (frame.astype(np.float32) / 255.0) ** 2.2 / 4.0
    darker = np.clip(255.0 * linear ** (1 / 2.2) + 0.5, 0, 255).astype(np.uint8)
    assert _hint(darker) is GuidanceHint.TOO_DARK
