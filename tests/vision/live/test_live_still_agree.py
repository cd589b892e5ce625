# SPDX-License-Identifier: MIT
"""The live overlay's "good" (很好) means the still's geometry checks pass.

Real portraits are placed in camera frames of two sizes (1280×720 and a 640×480 webcam) at
several face sizes; each frame is run through the live analyzer and, as the still it would be,
through the photo pipeline. Wherever live says READY the still's geometry passes, and wherever
the still comes out "face too small" (or too few pixels between the eyes) live did not say
READY. A 640×480 camera with the face filling the overlay's face band used to be READY while its
still failed for resolution.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.checks import Verdict
from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.live import GuidanceHint, LiveAnalyzer
from tucai_desk.vision.live.guidance import crop_window
from tucai_desk.vision.live.observe import face_width_px
from tucai_desk.vision.pipeline import PhotoPipeline
from tucai_desk.vision.profiles import load_profile

GEOMETRY = {
    "resolution",
    "geometry",
    "face_width",
    "top_margin",
    "eye_line",
    "centring",
    "upper_body",
}
FRAMES = ((1280, 720), (640, 480))
SCALES = (0.85, 1.0, 1.15)  # face width in the overlay: 204, 240 and 276 output px


@pytest.fixture(scope="module")
def image_runner() -> Iterator[FaceLandmarkerRunner]:
    with FaceLandmarkerRunner(mode="image") as runner:
        yield runner


@pytest.fixture(scope="module")
def pipeline() -> Iterator[PhotoPipeline]:
    with PhotoPipeline(load_profile()) as pipe:
        yield pipe


def _frame(
    runner: FaceLandmarkerRunner, img: np.ndarray, size: tuple[int, int], scale: float
) -> np.ndarray:
    """``img`` placed so its face is 240·scale output px wide, eyes 250 px down, centred."""
    w, h = size
    x0, y0, x1, _ = crop_window(w, h)
    k = (x1 - x0) / 480.0  # frame px per output px
    pts = runner.detect(img)[0].points[:, :2]
    s = 240.0 * k * scale / face_width_px(pts)
    cx = float(np.mean(pts[[234, 454], 0]))
    eye_y = float(np.mean(pts[[468, 473], 1]))
    m = np.float32([[s, 0, w / 2 - s * cx], [0, s, y0 + 250.0 * k - s * eye_y]])
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR
    out = np.full((h, w, 3), 170, np.uint8)
    return cv2.warpAffine(img, m, (w, h), dst=out, flags=interp, borderMode=cv2.BORDER_TRANSPARENT)


def _hint(frame: np.ndarray) -> GuidanceHint:
    with LiveAnalyzer(liveness=False) as analyzer:
        return analyzer.analyze(frame, 0.0).hint


def _geometry_failures(verdict: Verdict) -> set[str]:
    return GEOMETRY & set(verdict.failed_codes())


@pytest.mark.parametrize("name", ["good_london_005.jpg", "good_rudd.jpg"])
def test_live_good_means_the_still_geometry_passes(
    photos_dir: Path, image_runner: FaceLandmarkerRunner, pipeline: PhotoPipeline, name: str
) -> None:
    img = cv2.imread(str(photos_dir / name))
    ready, too_small = 0, 0
    for size in FRAMES:
        for scale in SCALES:
            frame = _frame(image_runner, img, size, scale)
            hint = _hint(frame)
            failures = _geometry_failures(pipeline.process(frame).verdict)
            if hint is GuidanceHint.READY:
                ready += 1
                assert failures == set(), (size, scale)
            if failures & {"resolution", "geometry"}:
                too_small += 1
                assert hint is not GuidanceHint.READY, (size, scale, failures)
    # Both kinds of frame were seen: good 1280×720 framings, and 640×480 ones too small.
    assert ready >= 2 and too_small >= 1, (ready, too_small)
