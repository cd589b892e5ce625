# SPDX-License-Identifier: MIT
"""Head covers and monochrome photos of the labelled material fail for their own code.

The programme forbids hats and head scarves (不得佩戴帽子、头巾) and wants colour photos; bare heads
of every hair colour and skin tone of the material keep passing those two checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tucai_desk.commands.photo import parse_manifest
from tucai_desk.core.checks import CheckCode, Outcome, Verdict
from tucai_desk.vision import imageio
from tucai_desk.vision.pipeline import PhotoPipeline
from tucai_desk.vision.profiles import load_profile


@pytest.fixture(scope="module")
def pipeline() -> Iterator[PhotoPipeline]:
    with PhotoPipeline(load_profile()) as pipe:
        yield pipe


def _verdict(pipeline: PhotoPipeline, path: Path) -> Verdict:
    return pipeline.process(imageio.read_image(path)).verdict


def _outcome(verdict: Verdict, code: CheckCode) -> tuple[Outcome, str]:
    result = next(r for r in verdict.results if r.code is code)
    return result.outcome, result.detail


@pytest.mark.parametrize(
    ("name", "code", "detail"),
    [
        ("bad_head_cover_hood_ffhq00004.png", CheckCode.HEAD_COVER, "covered"),
        ("bad_head_cover_buckethat_gpen.jpg", CheckCode.HEAD_COVER, "covered"),
        ("bad_colour_gray_boy_gpen.png", CheckCode.COLOUR, "greyscale"),
        ("bad_colour_oldprint_faceai.png", CheckCode.COLOUR, "monochrome"),
    ],
)
def test_a_labelled_cover_or_monochrome_photo_fails_for_its_code(
    pipeline: PhotoPipeline, photos_dir: Path, name: str, code: CheckCode, detail: str
) -> None:
    assert _outcome(_verdict(pipeline, photos_dir / name), code) == (Outcome.FAIL, detail)


def test_no_good_photo_fails_head_cover_or_colour(
    pipeline: PhotoPipeline, photos_dir: Path
) -> None:
    """Every must-pass photo: black, brown, blond and grey hair, light to dark skin."""
    expectations, _ = parse_manifest(photos_dir / "MANIFEST.tsv")
    goods = [e.file for e in expectations if e.category == "good"]
    assert len(goods) >= 40
    wrong = []
    for name in goods:
        verdict = _verdict(pipeline, photos_dir / name)
        failed = verdict.failed_codes()
        wrong += [(name, code) for code in ("head_cover", "colour") if code in failed]
    assert wrong == []


def test_painted_clothing_is_warned_about_and_not_counted_as_body(
    pipeline: PhotoPipeline, photos_dir: Path
) -> None:
    """A tight portrait: production continues the clothing below it, and the verdict says so.

    Cut the same photo off half a face width under the chin: the clothing production paints
    below is no body the camera saw, so upper_body fails where the painted rows used to satisfy
    it.
    """
    still = imageio.read_image(photos_dir / "good_london_010.jpg")
    verdict = pipeline.process(still).verdict
    assert verdict.passed
    assert _outcome(verdict, CheckCode.CLOTHING_EXTENDED) == (Outcome.WARN, "painted")
    face = pipeline._models()[0].scan(still).face
    assert face is not None
    chin, face_width = face.points[152, 1], face.points[454, 0] - face.points[234, 0]
    cut = pipeline.process(still[: int(chin + 0.5 * face_width)].copy()).verdict
    assert cut.failed_codes() == ["upper_body"]
    assert _outcome(cut, CheckCode.CLOTHING_EXTENDED) == (Outcome.WARN, "painted")
