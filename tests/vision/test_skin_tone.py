# SPDX-License-Identifier: MIT
"""Skin tone (ITA°) of real faces, and its groups."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.vision.checks.context import face_view
from tucai_desk.vision.faces import FaceFinder
from tucai_desk.vision.skin_tone import (
    SkinTone,
    SkinToneGroup,
    individual_typology_angle,
    ita_group,
    measure_skin_tone,
)


@pytest.fixture(scope="module")
def finder() -> Iterator[FaceFinder]:
    found = FaceFinder()
    yield found
    found.close()


def _tone(finder: FaceFinder, image: np.ndarray) -> SkinTone | None:
    scan = finder.scan(image)
    assert scan.face is not None
    return measure_skin_tone(face_view(image, scan.face))


def test_ita_is_the_angle_of_lightness_over_yellowness() -> None:
    assert individual_typology_angle(50.0, 20.0) == pytest.approx(0.0)
    assert individual_typology_angle(70.0, 20.0) == pytest.approx(45.0)
    assert individual_typology_angle(30.0, 20.0) == pytest.approx(-45.0)


@pytest.mark.parametrize(
    ("ita", "group"),
    [
        (70.0, SkinToneGroup.VERY_LIGHT),
        (55.0, SkinToneGroup.LIGHT),
        (41.5, SkinToneGroup.LIGHT),
        (41.0, SkinToneGroup.INTERMEDIATE),
        (28.0, SkinToneGroup.TAN),
        (10.0, SkinToneGroup.BROWN),
        (-29.9, SkinToneGroup.BROWN),
        (-30.0, SkinToneGroup.DARK),
        (-80.0, SkinToneGroup.DARK),
    ],
)
def test_standard_groups(ita: float, group: SkinToneGroup) -> None:
    assert ita_group(ita) is group


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("good_cfd_af206.jpg", SkinToneGroup.VERY_LIGHT),
        ("good_cfd_am213.jpg", SkinToneGroup.LIGHT),
        ("good_cfd_bm200.jpg", SkinToneGroup.BROWN),
        ("good_cfd_bm223.jpg", SkinToneGroup.DARK),
    ],
)
def test_studio_portraits_fall_in_their_group(
    finder: FaceFinder, photos_dir: Path, name: str, group: SkinToneGroup
) -> None:
    tone = _tone(finder, cv2.imread(str(photos_dir / name)))
    assert tone is not None and tone.group is group, tone


def test_ita_follows_the_skin_not_the_backdrop(finder: FaceFinder, photos_dir: Path) -> None:
    # The same face on another backdrop colour keeps its angle: only skin patches are measured.
    image = cv2.imread(str(photos_dir / "good_cfd_bm011.jpg"))
    tone = _tone(finder, image)
    blue = image.copy()
    blue[np.all(image > 245, axis=2)] = (255, 197, 100)
    other = _tone(finder, blue)
    assert tone is not None and other is not None
    assert abs(tone.ita - other.ita) < 1.0


def test_a_greyscale_photo_has_no_skin_tone(finder: FaceFinder, photos_dir: Path) -> None:
    grey = cv2.cvtColor(cv2.imread(str(photos_dir / "good_cfd_af211.jpg")), cv2.COLOR_BGR2GRAY)
    assert _tone(finder, cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)) is None
