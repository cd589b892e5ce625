# SPDX-License-Identifier: MIT
"""Defects made from good photos must fail, and for the right reason.

Each case changes one thing of a passing photo: turned sideways, darkened, blurred, a second face
pasted in, the mouth covered, the face shrunk, dark lenses over the eyes, a light's reflection on
spectacle lenses, skin or a lock of the same photo's hair over one eye (the generators are
:mod:`tucai_desk.vision.defects`; ``tucai-desk eval defects`` runs them over every good photo).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision.defects import (
    DEFECTS_BY_NAME,
    HARMLESS,
    LEFT_EYE_RING,
    Harmless,
    face_points,
    inter_eye_distance,
    over_eye,
)
from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.pipeline import PhotoPipeline
from tucai_desk.vision.profiles import load_profile

BASES = ("good_london_002.jpg", "good_london_010.jpg", "good_london_016.jpg", "good_synth_cz1.png")


@pytest.fixture(scope="module")
def pipeline() -> Iterator[PhotoPipeline]:
    with PhotoPipeline(load_profile()) as pipe:
        yield pipe


@pytest.fixture(scope="module")
def bases(photos_dir: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each base photo with its landmarks (pixels), found once."""
    out = {}
    with FaceLandmarkerRunner(mode="image") as runner:
        for name in BASES:
            image = cv2.imread(str(photos_dir / name))
            pts = face_points(runner, image)
            assert pts is not None, name
            out[name] = (image, pts)
    return out


@pytest.mark.parametrize("base", BASES)
def test_the_base_photo_passes(pipeline: PhotoPipeline, bases: dict, base: str) -> None:
    image, _ = bases[base]
    assert pipeline.process(image).verdict.passed


@pytest.mark.parametrize("change", HARMLESS, ids=lambda h: h.name)
def test_a_harmless_change_still_passes(
    pipeline: PhotoPipeline, bases: dict, change: Harmless
) -> None:
    # A camera not quite level, compression, sensor noise, other light: still good photos.
    for base in BASES:
        image, pts = bases[base]
        verdict = pipeline.process(change.make(image, pts)).verdict
        assert verdict.passed, (base, change.name, verdict.failures)


@pytest.mark.parametrize("case", sorted(DEFECTS_BY_NAME))
def test_generated_defect_fails_for_its_reason(
    pipeline: PhotoPipeline, bases: dict, case: str
) -> None:
    defect = DEFECTS_BY_NAME[case]
    right = 0
    for base in BASES:
        image, pts = bases[base]
        verdict = pipeline.process(defect.make(image, pts)).verdict
        assert not verdict.passed, (base, case)
        right += any(code in verdict.failed_codes() for code in defect.codes)
    # Every base photo fails for the expected reason (the figure reported: 44 of 44).
    assert right == len(BASES), (case, right)


def test_a_coloured_cap_fails(pipeline: PhotoPipeline, bases: dict) -> None:
    for base in ("good_london_002.jpg", "good_london_010.jpg"):
        image, pts = bases[base]
        fw = float(np.linalg.norm(pts[234] - pts[454]))
        cx, top = int((pts[234, 0] + pts[454, 0]) / 2), int(pts[10, 1])
        cap = image.copy()
        cv2.ellipse(
            cap, (cx, top), (int(0.62 * fw), int(0.75 * fw)), 0, 180, 360, (40, 40, 200), -1
        )
        plain = {r.code.value: r for r in pipeline.process(image).verdict.results}
        capped = {r.code.value: r for r in pipeline.process(cap).verdict.results}
        assert plain["head_cover"].outcome.value == "pass"
        assert (capped["head_cover"].outcome.value, capped["head_cover"].detail) == (
            "fail",
            "covered",
        )


def test_a_forearm_over_one_eye_fails(
    pipeline: PhotoPipeline, bases: dict, photos_dir: Path
) -> None:
    """Real skin of another person (a forearm from another labelled photo) over one eye."""
    forearm = cv2.imread(str(photos_dir / "bad_expr_smile.png"))[90:170, 5:85]
    for base in BASES:
        image, pts = bases[base]
        ied = inter_eye_distance(pts)
        cx, cy = pts[list(LEFT_EYE_RING)].mean(axis=0)
        # The forearm scaled to the eye's neighbourhood: a hand's size, not the whole photo.
        x0, y0 = int(cx - 0.5 * ied), int(cy - 0.35 * ied)
        patch = cv2.resize(forearm, (int(ied), int(0.7 * ied)))
        cover = image.copy()
        cover[y0 : y0 + patch.shape[0], x0 : x0 + patch.shape[1]] = patch
        covered = over_eye(image, pts, LEFT_EYE_RING, cover, (0.5, 0.35))
        verdict = pipeline.process(covered).verdict
        assert "eyes_visible" in verdict.failed_codes(), base


def _fringe(image: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """The photo's own hair combed down over the forehead, cut straight just above the brows."""
    fw = float(np.linalg.norm(pts[234] - pts[454]))
    cx = int((pts[234, 0] + pts[454, 0]) / 2)
    backdrop = image[2, cx].astype(int)
    column = np.abs(image[:, cx].astype(int) - backdrop).sum(axis=1)
    top = int(np.argmax(column > 60))  # the first row of hair on a plain backdrop
    span = float(pts[10, 1]) - top
    start = int(top + 0.15 * span)
    end = int(float(pts[[70, 63, 105, 66, 107, 300, 293, 334, 296, 336], 1].mean()) - 0.06 * fw)
    cols = slice(int(cx - 0.35 * fw), int(cx + 0.35 * fw))
    hair = image[start : int(top + 0.55 * span), cols]
    out = image.copy()
    out[start:end, cols] = cv2.resize(hair, (hair.shape[1], end - start))
    return out


def _head_cover(pipeline: PhotoPipeline, image: np.ndarray) -> CheckResult:
    return next(
        r for r in pipeline.process(image).verdict.results if r.code is CheckCode.HEAD_COVER
    )


def test_a_dark_uniform_cap_fails(pipeline: PhotoPipeline, demo_camera_frame: np.ndarray) -> None:
    """Grace Hopper's navy cap (the demo camera's portrait): dark and colourless, like hair."""
    import matplotlib

    portrait = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    result = _head_cover(pipeline, cv2.imread(str(portrait)))
    assert (result.outcome, result.detail) == (Outcome.FAIL, "covered")
    assert _head_cover(pipeline, demo_camera_frame).outcome is Outcome.FAIL


def test_hair_is_not_taken_for_a_cap(pipeline: PhotoPipeline, bases: dict) -> None:
    """Neither the base photos' hair nor a fringe of it cut straight across the forehead."""
    for base in BASES:
        image, pts = bases[base]
        assert _head_cover(pipeline, image).outcome is Outcome.PASS, base
        assert _head_cover(pipeline, _fringe(image, pts)).outcome is Outcome.PASS, base
