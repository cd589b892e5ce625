# SPDX-License-Identifier: MIT
"""The pipeline API the capture service uses, and the burst selection before it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.checks import CheckCode, Outcome, Verdict
from tucai_desk.vision.burst import select_best_frame
from tucai_desk.vision.landmarker import FaceLandmarkerRunner
from tucai_desk.vision.pipeline import PhotoOutcome, PhotoPipeline
from tucai_desk.vision.profiles import load_profile
from tucai_desk.vision.shared_landmarker import shared_image_landmarker


@pytest.fixture(scope="module")
def pipeline() -> Iterator[PhotoPipeline]:
    with PhotoPipeline(load_profile()) as pipe:
        yield pipe


@pytest.fixture(scope="module")
def station_frame(photos_dir: Path) -> np.ndarray:
    """A 1280×720 frame like the station camera's: the portrait with the backdrop continued."""
    image = cv2.imread(str(photos_dir / "good_london_002.jpg"))
    scaled = cv2.resize(image, (720, 720), interpolation=cv2.INTER_AREA)
    return cv2.copyMakeBorder(scaled, 0, 0, 280, 280, cv2.BORDER_REPLICATE)


def test_a_station_frame_gives_a_passing_photo(
    pipeline: PhotoPipeline, station_frame: np.ndarray
) -> None:
    outcome = pipeline.process(station_frame)
    assert isinstance(outcome, PhotoOutcome)
    assert isinstance(outcome.verdict, Verdict)
    assert outcome.verdict.passed, outcome.verdict.failures
    assert outcome.jpeg is not None and outcome.jpeg[:3] == b"\xff\xd8\xff"
    assert 0 < outcome.model_ms <= outcome.total_ms
    codes = {r.code for r in outcome.verdict.results}
    # Every check of the photo standard ran (liveness belongs to the live view).
    assert codes == set(CheckCode) - {CheckCode.LIVENESS}


def test_no_face_means_no_photo(pipeline: PhotoPipeline, photos_dir: Path) -> None:
    outcome = pipeline.process(cv2.imread(str(photos_dir / "bad_noface_landscape.jpg")))
    assert outcome.jpeg is None
    assert outcome.verdict.failed_codes() == ["face_found"]
    blank = pipeline.process(np.full((720, 1280, 3), 200, np.uint8))
    assert blank.jpeg is None and not blank.verdict.passed


def test_a_failing_photo_still_returns_its_jpeg_for_the_preview(
    pipeline: PhotoPipeline, photos_dir: Path
) -> None:
    outcome = pipeline.process(cv2.imread(str(photos_dir / "bad_smile_london_002.jpg")))
    assert not outcome.verdict.passed
    assert outcome.jpeg is not None  # production was possible: the student sees the result
    first = outcome.verdict.failures[0]
    assert first.code is CheckCode.MOUTH_CLOSED and first.outcome is Outcome.FAIL


def test_rejects_what_is_not_a_bgr_image(pipeline: PhotoPipeline) -> None:
    with pytest.raises(ValueError):
        pipeline.process(np.zeros((10, 10), np.uint8))
    with pytest.raises(ValueError):
        pipeline.process(np.zeros((10, 10, 3), np.float32))


def test_another_profile_shares_the_loaded_models(
    pipeline: PhotoPipeline, station_frame: np.ndarray
) -> None:
    grey = pipeline.with_profile(load_profile("xinhua", "light_grey"))
    outcome = grey.process(station_frame)
    # A white T-shirt on light grey: only the clothing rule fails.
    assert outcome.verdict.failed_codes() == ["clothing_contrast"]
    assert 30 * 1024 < len(outcome.jpeg) < 60_000  # type: ignore[arg-type]
    image = cv2.imdecode(np.frombuffer(outcome.jpeg, np.uint8), cv2.IMREAD_COLOR)  # type: ignore[arg-type]
    assert np.abs(image[:20, :20].astype(int) - 240).mean() < 3


def test_checks_run_beside_production_keep_the_verdict_order_and_end_with_the_pipeline(
    station_frame: np.ndarray,
) -> None:
    import threading

    def check_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("photo-checks")}

    before = check_threads()  # other pipelines' (the module's own is still open)
    with PhotoPipeline(load_profile()) as pipe:
        first = pipe.process(station_frame)
        again = pipe.process(station_frame)
        assert check_threads() > before
    assert check_threads() == before  # closing the pipeline ends its check thread
    assert again.verdict == first.verdict and again.jpeg == first.jpeg
    codes = [r.code for r in first.verdict.results]
    # The still's checks (face, then scene) come first, then production and the output's checks.
    assert codes[:2] == [CheckCode.FACE_FOUND, CheckCode.SINGLE_FACE]
    assert codes.index(CheckCode.COLOUR) < codes.index(CheckCode.HEAD_COVER)
    assert codes.index(CheckCode.BACKGROUND_RAW) < codes.index(CheckCode.GEOMETRY)
    assert (
        codes.index(CheckCode.CLOTHING_CONTRAST)
        < codes.index(CheckCode.MATTE_EDGE)
        < codes.index(CheckCode.FILE_SIZE)
    )


# --- burst ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blink_frames(videos_dir: Path) -> dict[int, np.ndarray]:
    """Frames around the first labelled blink of the real webcam clip (ground truth in CSV)."""
    closed = [
        i
        for i, row in enumerate(
            csv.reader((videos_dir / "live_blink_focus_mahie.ideal.csv").open())
        )
        if row and row[0].strip() == "1"
    ]
    wanted = {88, 94, 95}
    assert {94, 95} <= set(closed) and 88 not in closed
    capture = cv2.VideoCapture(str(videos_dir / "live_blink_focus_mahie.avi"))
    frames: dict[int, np.ndarray] = {}
    index = 0
    while len(frames) < len(wanted):
        ok, frame = capture.read()
        assert ok
        if index in wanted:
            frames[index] = frame
        index += 1
    capture.release()
    return frames


@pytest.fixture(scope="module")
def landmarker() -> Iterator[FaceLandmarkerRunner]:
    with FaceLandmarkerRunner(mode="image") as runner:
        yield runner


def test_burst_skips_frames_with_closed_eyes(
    blink_frames: dict[int, np.ndarray], landmarker: FaceLandmarkerRunner
) -> None:
    burst = [blink_frames[94], blink_frames[95], blink_frames[88]]
    assert select_best_frame(burst, landmarker=landmarker) == 2


def test_burst_prefers_the_sharp_frame(
    blink_frames: dict[int, np.ndarray], landmarker: FaceLandmarkerRunner, photos_dir: Path
) -> None:
    sharp = blink_frames[88]
    burst = [
        cv2.GaussianBlur(sharp, (0, 0), 2.5),
        cv2.GaussianBlur(sharp, (0, 0), 1.2),
        sharp,
        cv2.imread(str(photos_dir / "bad_noface_landscape.jpg")),
    ]
    assert select_best_frame(burst, landmarker=landmarker) == 2
    assert select_best_frame([sharp], landmarker=landmarker) == 0
    with pytest.raises(ValueError):
        select_best_frame([], landmarker=landmarker)


def test_burst_and_production_load_one_still_landmarker(
    monkeypatch: pytest.MonkeyPatch, station_frame: np.ndarray
) -> None:
    """Picking the frame, finding the face and measuring the produced photo again all run the
    process's one IMAGE-mode landmarker: one model in memory, however many pipelines there are."""
    created: list[str] = []
    real_init = FaceLandmarkerRunner.__init__

    def counting_init(self: FaceLandmarkerRunner, **kw: object) -> None:
        created.append(str(kw.get("mode", "image")))
        real_init(self, **kw)  # type: ignore[arg-type]

    shared_image_landmarker().unload()
    monkeypatch.setattr(FaceLandmarkerRunner, "__init__", counting_init)
    burst = [cv2.GaussianBlur(station_frame, (0, 0), 2.0), station_frame]
    assert select_best_frame(burst) == 1
    for _ in range(2):  # the station's pipeline, then the readiness check's own
        with PhotoPipeline(load_profile()) as pipeline:
            assert pipeline.process(station_frame).verdict.passed
    assert created == ["image"]
