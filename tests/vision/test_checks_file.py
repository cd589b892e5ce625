# SPDX-License-Identifier: MIT
"""The JPEG side: size band by quality search, JFIF density, the file checks read from bytes."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.checks import CheckCode, Outcome
from tucai_desk.vision.checks.context import delta_e00
from tucai_desk.vision.checks.file import check_file, jpeg_facts
from tucai_desk.vision.production import (
    encode_jpeg_in_band,
    read_jfif_density,
    set_jfif_density,
)
from tucai_desk.vision.profiles import load_profile


@pytest.fixture(scope="module")
def portrait(photos_dir: Path) -> np.ndarray:
    image = cv2.imread(str(photos_dir / "good_london_004.jpg"))
    return cv2.resize(image[80:1280, 225:1125], (480, 640), interpolation=cv2.INTER_AREA)


def test_ciede2000_matches_published_pairs() -> None:
    # Sharma, Wu & Dalal (2005) test data, pairs 1, 7 and 17.
    lab1 = np.array([[50.0, 2.6772, -79.7751], [50.0, 0.0, 0.0], [50.0, 2.5, 0.0]])
    lab2 = np.array([[50.0, 0.0, -82.7485], [50.0, -1.0, 2.0], [73.0, 25.0, -18.0]])
    assert np.allclose(delta_e00(lab1, lab2), [2.0425, 2.3669, 27.1492], atol=1e-3)


@pytest.mark.parametrize("quality", [60, 75, 92, 100])
def test_quality_is_read_back_from_the_quantisation_table(
    portrait: np.ndarray, quality: int
) -> None:
    data = cv2.imencode(".jpg", portrait, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()
    facts = jpeg_facts(data)
    assert facts is not None and facts.baseline and facts.complete
    assert (facts.width, facts.height, facts.components) == (480, 640, 3)
    assert facts.quality is not None and abs(facts.quality - quality) <= 1.0


def test_density_is_written_into_the_jfif_header(portrait: np.ndarray) -> None:
    data = cv2.imencode(".jpg", portrait)[1].tobytes()
    assert read_jfif_density(data) == (0, 1, 1)
    patched = set_jfif_density(data, 300)
    assert len(patched) == len(data)  # same header size: nothing appended
    assert read_jfif_density(patched) == (1, 300, 300)
    assert cv2.imdecode(np.frombuffer(patched, np.uint8), cv2.IMREAD_COLOR) is not None
    # A JPEG without APP0 gets one.
    bare = data[:2] + data[2 + 2 + int.from_bytes(data[4:6], "big") :]
    assert read_jfif_density(bare) is None
    assert read_jfif_density(set_jfif_density(bare, 300)) == (1, 300, 300)


@pytest.mark.parametrize("name", ["national", "xinhua", "school"])
def test_encoder_lands_in_each_profile_band(portrait: np.ndarray, name: str) -> None:
    profile = load_profile(name)
    result = encode_jpeg_in_band(portrait, profile.file_size, 60, 300)
    low, high = profile.file_size
    assert result.in_band
    assert low <= len(result.data) and (high is None or len(result.data) <= high)
    assert result.quality >= 60
    checks = {r.code: r for r in check_file(result.data, profile)}
    assert all(r.outcome is Outcome.PASS for r in checks.values()), checks
    assert checks[CheckCode.DPI].value == 300
    # The bytes are the encoder's own: the file decodes to the picture, no trailing padding.
    assert result.data.endswith(b"\xff\xd9")
    decoded = cv2.imdecode(np.frombuffer(result.data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (640, 480, 3)


def test_unreachable_band_is_reported_not_padded(portrait: np.ndarray) -> None:
    flat = np.full((640, 480, 3), (255, 197, 100), np.uint8)
    result = encode_jpeg_in_band(flat, (100_000, None), 60, 300)
    assert not result.in_band
    assert len(result.data) < 100_000  # never padded up to the band
    profile = load_profile("school")
    size = next(r for r in check_file(result.data, profile) if r.code is CheckCode.FILE_SIZE)
    assert size.outcome is Outcome.FAIL and size.detail == "too_small"
    assert size.value == len(result.data)
    # Too big even at the lowest allowed quality: still not shrunk below 480×640.
    tiny = encode_jpeg_in_band(portrait, (100, 2000), 60, 300)
    assert not tiny.in_band and tiny.quality == 60
    assert jpeg_facts(tiny.data).width == 480  # type: ignore[union-attr]


def test_file_checks_fail_on_a_wrong_file(portrait: np.ndarray) -> None:
    profile = load_profile()
    small = cv2.resize(portrait, (240, 320))
    progressive = cv2.imencode(
        ".jpg", portrait, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1, cv2.IMWRITE_JPEG_QUALITY, 80]
    )[1].tobytes()
    low_q = cv2.imencode(".jpg", portrait, [cv2.IMWRITE_JPEG_QUALITY, 40])[1].tobytes()
    png = cv2.imencode(".png", portrait)[1].tobytes()
    cases = {
        "size": cv2.imencode(".jpg", small)[1].tobytes(),
        "not_baseline": progressive,
        "quality": low_q,
        "not_jpeg": png,
    }
    for detail, data in cases.items():
        result = check_file(data, profile)[0]
        assert result.code is CheckCode.FILE_FORMAT
        assert (result.outcome, result.detail) == (Outcome.FAIL, detail)
    dpi = check_file(low_q, profile)[2]
    assert dpi.outcome is Outcome.FAIL and dpi.detail == "wrong_density"
