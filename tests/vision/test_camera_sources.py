# SPDX-License-Identifier: MIT
"""Camera sources without a camera: real video files, real image folders, simulated unplugging."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.vision.sources import (
    CameraError,
    CameraErrorCode,
    CameraSource,
    ImageFolderSource,
    ReconnectingSource,
    UsbCameraSource,
    VideoFileSource,
    demo_clip_path,
    open_source,
    parse_source,
    probe_usb_cameras,
)

CLIP_FRAMES = 8
CLIP_FPS = 20.0


def _level(frame: np.ndarray) -> int:
    """The grey level painted into a test frame, read back through lossy compression."""
    return int(round(float(frame[8:-8, 8:-8].mean())))


@pytest.fixture()
def clip(tmp_path: Path) -> Path:
    """A short mp4v clip whose frame i is a flat grey of level 20 + 25*i."""
    path = tmp_path / "clip.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), CLIP_FPS, (160, 120))
    assert writer.isOpened()
    for i in range(CLIP_FRAMES):
        writer.write(np.full((120, 160, 3), 20 + 25 * i, np.uint8))
    writer.release()
    return path


class FakeClock:
    """Time that passes only when a source sleeps or the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


# --- spec parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "   ",
        "usb:",
        "usb:abc",
        "usb:-1",
        "usb:12345",
        "rtsp://camera.local/stream",
        "cam:1",
        "bad\x00spec",
        "x" * 5000,
    ],
)
def test_bad_specs_raise_bad_spec(spec: str) -> None:
    with pytest.raises(CameraError) as err:
        open_source(spec)
    assert err.value.code is CameraErrorCode.BAD_SPEC


def test_spec_kinds_are_recognised(clip: Path, tmp_path: Path) -> None:
    assert isinstance(parse_source("usb:1"), UsbCameraSource)
    assert parse_source("2").index == 2  # type: ignore[attr-defined]
    assert isinstance(parse_source(f"file:{clip}"), VideoFileSource)
    assert isinstance(parse_source(str(clip)), VideoFileSource)
    assert isinstance(parse_source(f"folder:{tmp_path}"), ImageFolderSource)
    assert isinstance(parse_source(str(tmp_path)), ImageFolderSource)
    demo = parse_source("DEMO")
    assert isinstance(demo, VideoFileSource) and demo.path == demo_clip_path()


def test_missing_and_mismatched_paths(tmp_path: Path, clip: Path) -> None:
    cases = {
        str(tmp_path / "nope.mp4"): CameraErrorCode.NOT_FOUND,
        f"file:{tmp_path / 'nope.mp4'}": CameraErrorCode.NOT_FOUND,
        f"folder:{tmp_path / 'nothing'}": CameraErrorCode.NOT_FOUND,
        f"file:{tmp_path}": CameraErrorCode.BAD_SPEC,
        f"folder:{clip}": CameraErrorCode.BAD_SPEC,
    }
    image = tmp_path / "one.png"
    cv2.imwrite(str(image), np.zeros((30, 30, 3), np.uint8))
    cases[str(image)] = CameraErrorCode.BAD_SPEC  # a still photo is not a camera
    for spec, code in cases.items():
        with pytest.raises(CameraError) as err:
            open_source(spec)
        assert err.value.code is code, spec


def test_a_file_that_is_not_a_video_fails_to_open(tmp_path: Path) -> None:
    junk = tmp_path / "broken.mp4"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(CameraError) as err:
        open_source(str(junk))
    assert err.value.code is CameraErrorCode.OPEN_FAILED


def test_no_usb_camera_is_a_typed_error_and_probing_returns() -> None:
    found = probe_usb_cameras(max_index=4)
    assert all(isinstance(i, int) and 0 <= i < 4 for i in found)
    if not Path("/dev/video9").exists():
        with pytest.raises(CameraError) as err:
            open_source("usb:9")
        assert err.value.code is CameraErrorCode.NOT_FOUND
    if not any(Path(f"/dev/video{i}").exists() for i in range(4)):
        assert found == []


# --- video files --------------------------------------------------------------------------------


def test_video_file_loops_like_a_camera(clip: Path) -> None:
    source = open_source(str(clip), paced=False)
    assert isinstance(source, CameraSource)
    assert source.size == (160, 120)
    assert source.fps == pytest.approx(CLIP_FPS)
    assert "clip.mp4" in source.description
    levels = [_level(source.read()) for _ in range(CLIP_FRAMES * 2 + 1)]  # type: ignore[arg-type]
    expected = [20 + 25 * (i % CLIP_FRAMES) for i in range(CLIP_FRAMES * 2 + 1)]
    assert levels == pytest.approx(expected, abs=8)  # steps are 25 apart
    assert not source.lost
    source.close()


def test_video_file_without_loop_ends(clip: Path) -> None:
    source = VideoFileSource(clip, loop=False, paced=False)
    source.open()
    frames = [source.read() for _ in range(CLIP_FRAMES + 2)]
    assert all(f is not None for f in frames[:CLIP_FRAMES])
    assert frames[CLIP_FRAMES:] == [None, None]
    assert source.finished and not source.lost


def test_paced_file_plays_at_its_frame_rate(clip: Path) -> None:
    clock = FakeClock()
    source = VideoFileSource(clip, clock=clock, sleep=clock.sleep)
    source.open()
    frames = [source.read() for _ in range(10)]
    assert all(f is not None for f in frames)
    # Ten frames at 20 fps span nine frame periods of the clip's own time.
    assert clock.slept == pytest.approx(9 / CLIP_FPS, abs=1e-6)


def test_the_demo_clip_is_a_camera_sized_source() -> None:
    source = open_source("demo", paced=False)
    assert source.size == (1280, 720)
    assert source.fps == pytest.approx(30.0)
    frame = source.read()
    assert frame is not None and frame.shape == (720, 1280, 3)
    source.close()


# --- image folders ------------------------------------------------------------------------------


def test_folder_cycles_images_in_name_order_and_skips_broken(tmp_path: Path) -> None:
    for name, level in (("b.png", 200), ("a.jpg", 100), ("c.bmp", 50)):
        cv2.imwrite(str(tmp_path / name), np.full((40, 60, 3), level, np.uint8))
    (tmp_path / "broken.png").write_bytes(b"not a picture")
    (tmp_path / "notes.txt").write_text("ignored")
    source = open_source(str(tmp_path), paced=False)
    assert source.size == (60, 40)
    levels = [_level(source.read()) for _ in range(7)]  # type: ignore[arg-type]
    assert levels == pytest.approx([100, 200, 50, 100, 200, 50, 100], abs=2)


def test_folder_honours_exif_orientation_and_fits(tmp_path: Path) -> None:
    from PIL import Image

    picture = Image.new("RGB", (200, 100), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    picture.save(tmp_path / "phone.jpg", exif=exif.tobytes())
    upright = ImageFolderSource(tmp_path, paced=False)
    upright.open()
    frame = upright.read()
    assert frame is not None and frame.shape[:2] == (
        200,
        100,
    )  # shown portrait, as a phone shows it
    fitted = ImageFolderSource(tmp_path, paced=False, fit=(320, 240))
    fitted.open()
    frame = fitted.read()
    assert frame is not None and frame.shape == (240, 320, 3)
    assert frame[:, :40].max() == 0 and frame[120, 160, 2] > 200  # letterboxed, picture centred


def test_folder_without_images_fails_to_open(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("no pictures here")
    with pytest.raises(CameraError) as err:
        open_source(f"folder:{tmp_path}")
    assert err.value.code is CameraErrorCode.OPEN_FAILED


# --- losing and finding the camera again --------------------------------------------------------


def _read_until(source: ReconnectingSource, want_frame: bool, limit: int = 200) -> int:
    for n in range(limit):
        frame = source.read()
        if (frame is not None) == want_frame:
            return n
    raise AssertionError(f"no {'frame' if want_frame else 'loss'} within {limit} reads")


def test_deleted_video_file_is_lost_then_resumes(clip: Path, tmp_path: Path) -> None:
    clock = FakeClock()
    camera = ReconnectingSource(
        lambda: _opened(VideoFileSource(clip, paced=False, clock=clock)),
        retry_ms=500,
        clock=clock,
        sleep=clock.sleep,
    )
    camera.open(strict=True)
    assert camera.read() is not None and not camera.lost
    hidden = tmp_path / "unplugged.mp4"
    clip.rename(hidden)
    _read_until(camera, want_frame=False)
    assert camera.lost
    assert camera.last_error is CameraErrorCode.LOST
    assert camera.read() is None and camera.lost  # stays lost while the file is away
    hidden.rename(clip)
    _read_until(camera, want_frame=True)
    assert not camera.lost
    assert camera.reconnects == 1
    camera.close()
    assert camera.read() is None and not camera.lost


def _opened(source: CameraSource) -> CameraSource:
    source.open()
    return source


class FlakyCamera:
    """A camera stand-in whose reads raise after ``good_reads`` frames (a pulled USB cable)."""

    def __init__(self, good_reads: int) -> None:
        self.good_reads = good_reads
        self.closed = False

    fps = 30.0
    size = (64, 48)
    description = "flaky"
    lost = False

    def open(self) -> None:
        pass

    def read(self) -> np.ndarray | None:
        if self.good_reads <= 0:
            raise OSError("device disconnected")
        self.good_reads -= 1
        return np.zeros((48, 64, 3), np.uint8)

    def close(self) -> None:
        self.closed = True


def test_a_raising_camera_is_retried_every_interval_until_it_is_back() -> None:
    clock = FakeClock()
    plugged = {"in": True}
    opens: list[float] = []
    made: list[FlakyCamera] = []

    def factory() -> CameraSource:
        opens.append(clock.now)
        if not plugged["in"]:
            raise CameraError(CameraErrorCode.NOT_FOUND, "unplugged")
        made.append(FlakyCamera(good_reads=3))
        return made[-1]

    camera = ReconnectingSource(factory, retry_ms=250, idle_s=0.05, clock=clock, sleep=clock.sleep)
    camera.open()
    assert [camera.read() is not None for _ in range(3)] == [True, True, True]
    plugged["in"] = False
    assert camera.read() is None and camera.lost
    assert made[0].closed
    start = clock.now
    while clock.now - start < 1.0:  # one second of a reading loop while unplugged
        assert camera.read() is None
    retries = [t for t in opens[1:] if t >= start]
    assert 3 <= len(retries) <= 5  # about every 250 ms, not in a tight loop
    assert camera.last_error is CameraErrorCode.NOT_FOUND
    plugged["in"] = True
    _read_until(camera, want_frame=True)
    assert not camera.lost and camera.reconnects == 1


def test_a_camera_that_stops_delivering_counts_as_lost() -> None:
    clock = FakeClock()

    class Frozen(FlakyCamera):
        def read(self) -> np.ndarray | None:
            clock.sleep(0.1)
            return None

    camera = ReconnectingSource(lambda: Frozen(0), stall_s=2.0, clock=clock, sleep=clock.sleep)
    camera.open()
    reads = 0
    while not camera.lost:
        assert camera.read() is None
        reads += 1
        assert reads < 100
    assert clock.now - 1000.0 >= 2.0  # given the stall time, not dropped at the first empty read


def test_strict_open_reports_why_and_lenient_open_waits(tmp_path: Path) -> None:
    missing = tmp_path / "later.mp4"
    strict = ReconnectingSource.for_spec(str(missing))
    with pytest.raises(CameraError) as err:
        strict.open(strict=True)
    assert err.value.code is CameraErrorCode.NOT_FOUND
    lenient = ReconnectingSource.for_spec(str(missing), retry_ms=0, paced=False)
    lenient.open()
    assert lenient.lost and lenient.last_error is CameraErrorCode.NOT_FOUND
    writer = cv2.VideoWriter(str(missing), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    for _ in range(3):
        writer.write(np.zeros((48, 64, 3), np.uint8))
    writer.release()
    _read_until(lenient, want_frame=True, limit=5)
    assert not lenient.lost and lenient.size == (64, 48)
    lenient.close()
