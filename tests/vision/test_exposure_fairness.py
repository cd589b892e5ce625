# SPDX-License-Identifier: MIT
"""Exposure is judged by the light on the face, not by the colour of the skin.

Real studio portraits from the labelled material, as they are and with the light changed the way
a camera changes it (in linear light, stops of exposure), through the whole pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome, Verdict
from tucai_desk.vision.checks.context import SRGB_TO_LINEAR, face_view
from tucai_desk.vision.checks.light import exposure_stats
from tucai_desk.vision.pipeline import PhotoPipeline
from tucai_desk.vision.profiles import load_profile

DARK_SKIN = ("good_cfd_bm223.jpg", "good_cfd_bm229.jpg", "good_cfd_bf227.jpg")
LIGHT_SKIN = ("good_cfd_af206.jpg", "good_london_002.jpg")


@pytest.fixture(scope="module")
def pipeline() -> Iterator[PhotoPipeline]:
    with PhotoPipeline(load_profile()) as pipe:
        yield pipe


def _stops(image: np.ndarray, stops: float) -> np.ndarray:
    """The image exposed ``stops`` more (or less), in linear light, clipped like a sensor."""
    linear = np.clip(SRGB_TO_LINEAR[image] * 2.0**stops, 0.0, 1.0)
    srgb = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    return np.clip(srgb * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _exposure(verdict: Verdict) -> CheckResult:
    return next(r for r in verdict.results if r.code is CheckCode.EXPOSURE)


def _load(photos_dir: Path, name: str) -> np.ndarray:
    return cv2.imread(str(photos_dir / name))


@pytest.mark.parametrize("name", DARK_SKIN)
def test_well_lit_dark_skin_passes_though_its_mean_is_low(
    pipeline: PhotoPipeline, photos_dir: Path, name: str
) -> None:
    image = _load(photos_dir, name)
    outcome = pipeline.process(image)
    assert outcome.context is not None and outcome.context.view is not None
    # The face's mean brightness is below what the old rule (0.09) demanded of any face ...
    assert exposure_stats(outcome.context.view).mean < 0.09
    # ... and the photo passes, exposure included.
    assert _exposure(outcome.verdict).outcome is Outcome.PASS
    assert outcome.verdict.passed, outcome.verdict.failures


@pytest.mark.parametrize("name", DARK_SKIN + LIGHT_SKIN)
def test_a_quarter_stop_less_light_still_passes(
    pipeline: PhotoPipeline, photos_dir: Path, name: str
) -> None:
    verdict = pipeline.process(_stops(_load(photos_dir, name), -0.25)).verdict
    assert _exposure(verdict).outcome is Outcome.PASS, _exposure(verdict)


@pytest.mark.parametrize("name", DARK_SKIN + LIGHT_SKIN)
def test_two_stops_under_fails_as_too_dark_for_every_skin(
    pipeline: PhotoPipeline, photos_dir: Path, name: str
) -> None:
    result = _exposure(pipeline.process(_stops(_load(photos_dir, name), -2.0)).verdict)
    assert (result.outcome, result.detail) == (Outcome.FAIL, "too_dark"), result


@pytest.mark.parametrize("name", LIGHT_SKIN)
def test_a_stop_and_a_half_over_fails(pipeline: PhotoPipeline, photos_dir: Path, name: str) -> None:
    result = _exposure(pipeline.process(_stops(_load(photos_dir, name), 1.5)).verdict)
    assert result.outcome is Outcome.FAIL and result.detail in ("clipped", "too_bright"), result


def test_a_washed_out_photo_fails_as_too_bright(pipeline: PhotoPipeline, photos_dir: Path) -> None:
    # Rendered 1.5 stops over from the raw: nothing on the face is clipped, but its blacks are
    # lifted to grey (the pupils, the brows).
    verdict = pipeline.process(_load(photos_dir, "bad_exposure_over_fivek_a2192.jpg")).verdict
    result = _exposure(verdict)
    assert (result.outcome, result.detail) == (Outcome.FAIL, "too_bright"), result
    assert result.threshold.startswith("black<=")


def test_the_backdrop_does_not_move_the_face_s_exposure(photos_dir: Path) -> None:
    # Only the face is measured: a white and a light blue backdrop behind the same face give the
    # same figures.
    from tucai_desk.vision.faces import FaceFinder

    image = _load(photos_dir, "good_cfd_bm011.jpg")
    blue = image.copy()
    blue[np.all(image > 245, axis=2)] = (255, 197, 100)
    finder = FaceFinder()
    try:
        stats = []
        for still in (image, blue):
            scan = finder.scan(still)
            assert scan.face is not None
            stats.append(exposure_stats(face_view(still, scan.face)))
    finally:
        finder.close()
    assert stats[0].highlight == pytest.approx(stats[1].highlight, rel=0.02)
    assert stats[0].black_point == pytest.approx(stats[1].black_point, rel=0.05)
