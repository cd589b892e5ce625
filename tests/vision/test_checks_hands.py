# SPDX-License-Identifier: MIT
"""A hand over the face fails ``occlusion`` for the hand, on the labelled photo and on good faces
of every skin tone with a real hand laid over the mouth; no good photo has a hand found on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision import imageio
from tucai_desk.vision.hands import HandFinder
from tucai_desk.vision.pipeline import PhotoPipeline
from tucai_desk.vision.profiles import load_profile

HAND_PHOTO = "bad_occlusion_mic_ffhq00005.png"  # a hand holding a microphone over mouth and chin
# Good faces across the skin-tone groups (ITA° very light to dark) and three sources.
GOOD_FACES = (
    "good_london_002.jpg",
    "good_cfd_am203.jpg",
    "good_london_008.jpg",
    "good_cfd_bf219.jpg",
    "good_cfd_bm223.jpg",
    "good_rudd.jpg",
)


@pytest.fixture(scope="module")
def pipeline() -> Iterator[PhotoPipeline]:
    with PhotoPipeline(load_profile()) as pipe:
        yield pipe


def _occlusion(pipeline: PhotoPipeline, image: np.ndarray) -> CheckResult:
    verdict = pipeline.process(image).verdict
    return next(r for r in verdict.results if r.code is CheckCode.OCCLUSION)


def _hand_cutout(photos_dir: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hand of the labelled photo: its pixels, a soft mask, and the hand's landmarks."""
    image = imageio.read_image(photos_dir / HAND_PHOTO)
    with PhotoPipeline(load_profile()) as pipe:
        face = pipe.process(image).context.face  # type: ignore[union-attr]
    finder = HandFinder()
    try:
        (hand,) = finder.around(image, face)
    finally:
        finder.close()
    mask = hand.region(image.shape[:2]).astype(np.float32)
    mask = cv2.GaussianBlur(mask, (0, 0), 0.02 * hand.size + 0.5)
    return image, mask, hand.points


def _with_hand(
    face_image: np.ndarray, face_pts: np.ndarray, hand: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    """``face_image`` with the hand scaled to the face and its knuckles over the mouth."""
    hand_image, hand_mask, hand_pts = hand
    face_width = float(np.linalg.norm(face_pts[234] - face_pts[454]))
    scale = 0.45 * face_width / float(np.linalg.norm(hand_pts[0] - hand_pts[9]))
    mouth = face_pts[[13, 14]].mean(axis=0)
    knuckles = hand_pts[[5, 9, 13]].mean(axis=0)
    shift = mouth - scale * knuckles
    matrix = np.array([[scale, 0.0, shift[0]], [0.0, scale, shift[1]]], np.float32)
    h, w = face_image.shape[:2]
    pixels = cv2.warpAffine(hand_image, matrix, (w, h), flags=cv2.INTER_LINEAR)
    alpha = cv2.warpAffine(hand_mask, matrix, (w, h), flags=cv2.INTER_LINEAR)[..., None]
    return (alpha * pixels + (1.0 - alpha) * face_image).astype(np.uint8)


def test_the_labelled_hand_over_the_mouth_fails_occlusion_for_the_hand(
    pipeline: PhotoPipeline, photos_dir: Path
) -> None:
    outcome = pipeline.process(imageio.read_image(photos_dir / HAND_PHOTO))
    result = next(r for r in outcome.verdict.results if r.code is CheckCode.OCCLUSION)
    assert (result.outcome, result.detail) == (Outcome.FAIL, "hand")
    assert outcome.context is not None and len(outcome.context.hands) == 1


def test_a_real_hand_over_good_faces_of_every_skin_tone_fails_occlusion(
    pipeline: PhotoPipeline, photos_dir: Path
) -> None:
    hand = _hand_cutout(photos_dir)
    wrong = []
    for name in GOOD_FACES:
        image = imageio.read_image(photos_dir / name)
        before = pipeline.process(image)
        assert before.verdict.passed, f"{name}: {before.verdict.failed_codes()}"
        assert before.context is not None and before.context.face is not None
        assert before.context.hands == (), f"{name}: a hand found on a good photo"
        covered = _with_hand(image, before.context.face.points[:, :2], hand)
        result = _occlusion(pipeline, covered)
        if (result.outcome, result.detail) != (Outcome.FAIL, "hand"):
            wrong.append(f"{name}: {result.outcome.value} {result.detail}")
    assert not wrong, wrong
