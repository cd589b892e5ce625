# SPDX-License-Identifier: MIT
"""Camera source kinds: a USB camera, a video file, a folder of images.

Import them from :mod:`tucai_desk.vision.sources`, which also parses source strings and keeps a
source alive across unplugging.

A :class:`CameraSource` delivers BGR frames (numpy ``uint8``, H×W×3). ``read()`` behaves like a
camera driver: it waits at most about one frame period (never more than
:data:`MAX_READ_WAIT_S`) and returns the next frame, or ``None`` when no new frame came or the
source is lost (then ``lost`` is true). Failures to open raise :class:`CameraError` with a
:class:`CameraErrorCode`; no source raises anything else for a missing or broken camera.

Sources are not thread-safe: one thread (the camera thread) owns a source.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

import cv2
import numpy as np

from tucai_desk.vision.camera_controls import CameraControls, ControlReport, apply_controls

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
# A read never blocks longer than this, so a camera thread stays responsive to interruption.
MAX_READ_WAIT_S = 0.1
# How often a file or folder source checks that its file or folder is still there.
FILE_CHECK_INTERVAL_S = 0.5
# A USB camera counts as lost after this many failed reads in a row (a single dropped frame
# is normal on a busy USB bus; an unplugged V4L2 device fails every read at once).
USB_FAILS_BEFORE_LOST = 3
# Folders with at most this many images are decoded once and kept in memory.
FOLDER_CACHE_MAX_IMAGES = 16

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class CameraErrorCode(StrEnum):
    BAD_SPEC = "bad_spec"  # the source string cannot be understood
    NOT_FOUND = "not_found"  # no such camera, file or folder
    OPEN_FAILED = "open_failed"  # it exists but gives no frames (busy camera, broken file)
    LOST = "lost"  # it worked and then went away


class CameraError(RuntimeError):
    """A camera source could not be opened or was lost. ``code`` says why."""

    def __init__(self, code: CameraErrorCode, detail: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail


@runtime_checkable
class CameraSource(Protocol):
    """What the camera thread reads from. ``fps`` and ``size`` (width, height) are known after
    ``open()``; ``lost`` turns true when the device or file went away."""

    @property
    def fps(self) -> float: ...

    @property
    def size(self) -> tuple[int, int]: ...

    @property
    def description(self) -> str: ...

    @property
    def lost(self) -> bool: ...

    def open(self) -> None: ...

    def read(self) -> np.ndarray | None: ...

    def close(self) -> None: ...


class _SourceBase:
    """State and read-only properties every source shares."""

    def __init__(self, fps: float) -> None:
        self._fps = float(fps)
        self._size = (0, 0)
        self._lost = False

    @property
    def fps(self) -> float:
        return self._fps

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @property
    def lost(self) -> bool:
        return self._lost


class _Pacer:
    """Hands out frame slots at ``fps`` in real time, like a camera's shutter.

    A reader that falls behind is not made to catch up with a burst of frames: the schedule
    restarts from now, so a slow consumer sees the source slowed down, never skipping ahead.
    """

    def __init__(self, fps: float, clock: Clock, sleep: Sleep) -> None:
        self._period = 1.0 / fps
        self._clock = clock
        self._sleep = sleep
        self._due: float | None = None

    def wait(self) -> bool:
        """True when the next frame is due now (after a short wait), False if not yet."""
        now = self._clock()
        if self._due is None or now - self._due > 2 * self._period:
            self._due = now
        delay = self._due - now
        if delay > MAX_READ_WAIT_S:
            self._sleep(MAX_READ_WAIT_S)
            return False
        if delay > 0:
            self._sleep(delay)
        self._due += self._period
        return True


def _capture_backend() -> int:
    """The OpenCV capture API for cameras on this OS (the default MSMF on Windows opens slowly)."""
    if sys.platform.startswith("linux"):
        return cv2.CAP_V4L2
    if sys.platform == "win32":
        return cv2.CAP_DSHOW
    if sys.platform == "darwin":
        return cv2.CAP_AVFOUNDATION
    return cv2.CAP_ANY


class UsbCameraSource(_SourceBase):
    """A USB (UVC) camera by index, asking for ``width``×``height`` at ``fps`` in MJPG.

    MJPG is requested because most UVC webcams deliver 1280×720 at 30 fps only compressed;
    uncompressed YUYV at that size is usually limited to 5–10 fps by USB 2.0 bandwidth.
    The camera may deliver another size: ``size`` reports what it really gives.
    """

    def __init__(
        self,
        index: int,
        *,
        width: int = 1280,
        height: int = 720,
        fps: float = 30.0,
        controls: CameraControls | None = None,
    ):
        if index < 0:
            raise CameraError(CameraErrorCode.BAD_SPEC, f"camera index {index}")
        super().__init__(fps)
        self.index = index
        self._want = (width, height)
        self._controls = controls
        self.control_report: ControlReport | None = None
        self._cap: cv2.VideoCapture | None = None
        self._fails = 0

    @property
    def description(self) -> str:
        w, h = self._size if self._size != (0, 0) else self._want
        return f"USB camera {self.index} ({w}x{h} @ {self._fps:g} fps)"

    def open(self) -> None:
        self.close()
        if sys.platform.startswith("linux") and not Path(f"/dev/video{self.index}").exists():
            raise CameraError(CameraErrorCode.NOT_FOUND, f"no /dev/video{self.index}")
        cap = cv2.VideoCapture(self.index, _capture_backend())
        if not cap.isOpened():
            cap.release()
            raise CameraError(CameraErrorCode.NOT_FOUND, f"camera {self.index} does not open")
        # The fourcc goes first: V4L2 picks the frame sizes it offers from the pixel format.
        cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._want[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._want[1])
        cap.set(cv2.CAP_PROP_FPS, self._fps)
        # One buffered frame: the preview shows the scene now, not as it was 4 frames ago.
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        frame = None
        for _ in range(10):  # some cameras drop the first frames while they start streaming
            ok, frame = cap.read()
            if ok and frame is not None and frame.size:
                break
            frame = None
        if frame is None:
            cap.release()
            raise CameraError(CameraErrorCode.OPEN_FAILED, f"camera {self.index} gives no frames")
        real_fps = cap.get(cv2.CAP_PROP_FPS)
        if 1.0 <= real_fps <= 240.0:
            self._fps = float(real_fps)
        self._size = (int(frame.shape[1]), int(frame.shape[0]))
        if self._controls is not None:  # exposure, white balance and focus locked for the day
            self.control_report = apply_controls(cap, self._controls)
        self._cap = cap
        self._fails = 0
        self._lost = False
        log.info("opened %s", self.description)

    def read(self) -> np.ndarray | None:
        if self._cap is None or self._lost:
            return None
        try:
            ok, frame = self._cap.read()
        except cv2.error:
            ok, frame = False, None
        if ok and frame is not None and frame.size:
            self._fails = 0
            return _as_bgr(frame)
        self._fails += 1
        if self._fails >= USB_FAILS_BEFORE_LOST:
            log.warning("USB camera %d lost after %d failed reads", self.index, self._fails)
            self._lost = True
        return None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class VideoFileSource(_SourceBase):
    """A video file played like a camera: looping (by default) and paced at the file's fps.

    ``paced=False`` returns frames as fast as they decode (tests, benchmarks). When the file
    disappears while playing (deleted, renamed, a USB stick pulled), the source is ``lost``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        loop: bool = True,
        paced: bool = True,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        super().__init__(30.0)
        self.path = Path(path)
        self.loop = loop
        self.paced = paced
        self._clock = clock
        self._sleep = sleep
        self._cap: cv2.VideoCapture | None = None
        self._pending: np.ndarray | None = None
        self._pacer: _Pacer | None = None
        self._finished = False
        self._last_check = 0.0
        self.frames_read = 0

    @property
    def description(self) -> str:
        return f"video file {self.path.name}"

    @property
    def finished(self) -> bool:
        """True when a non-looping file has played to its end."""
        return self._finished

    def open(self) -> None:
        self.close()
        try:
            is_file = self.path.is_file()
        except (OSError, ValueError):
            is_file = False
        if not is_file:
            raise CameraError(CameraErrorCode.NOT_FOUND, f"no video file {self.path.name}")
        cap, first = self._open_capture()
        fps = cap.get(cv2.CAP_PROP_FPS)
        self._fps = float(fps) if 1.0 <= fps <= 240.0 else 30.0
        self._size = (int(first.shape[1]), int(first.shape[0]))
        self._cap = cap
        self._pending = first
        self._pacer = _Pacer(self._fps, self._clock, self._sleep) if self.paced else None
        self._lost = False
        self._finished = False
        self._last_check = self._clock()
        log.info("opened %s (%dx%d @ %.3g fps)", self.description, *self._size, self._fps)

    def _open_capture(self) -> tuple[cv2.VideoCapture, np.ndarray]:
        cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not cap.isOpened():
            cap.release()
            raise CameraError(CameraErrorCode.OPEN_FAILED, f"cannot decode {self.path.name}")
        ok, first = cap.read()
        if not ok or first is None or not first.size:
            cap.release()
            raise CameraError(CameraErrorCode.OPEN_FAILED, f"no frames in {self.path.name}")
        return cap, _as_bgr(first)

    def _file_gone(self) -> bool:
        try:
            return not self.path.is_file()
        except OSError:
            return True

    def _mark_lost(self, why: str) -> None:
        log.warning("%s lost: %s", self.description, why)
        self._lost = True
        self.close()

    def read(self) -> np.ndarray | None:
        if self._cap is None or self._lost or self._finished:
            return None
        now = self._clock()
        if now - self._last_check >= FILE_CHECK_INTERVAL_S:
            self._last_check = now
            if self._file_gone():
                self._mark_lost("file vanished")
                return None
        if self._pacer is not None and not self._pacer.wait():
            return None
        frame = self._pending if self._pending is not None else self._next_frame()
        self._pending = None
        if frame is not None:
            self.frames_read += 1
        return frame

    def _next_frame(self) -> np.ndarray | None:
        assert self._cap is not None
        ok, frame = self._cap.read()
        if ok and frame is not None and frame.size:
            return _as_bgr(frame)
        if not self.loop:
            self._finished = True
            return None
        # End of the clip: start again. Reopen rather than seek, so a file that was deleted or
        # replaced is noticed here even though the open handle could still be read.
        if self._file_gone():
            self._mark_lost("file vanished")
            return None
        self._cap.release()
        try:
            self._cap, first = self._open_capture()
        except CameraError as exc:
            self._cap = None
            self._mark_lost(str(exc))
            return None
        return first

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
        self._pending = None


class ImageFolderSource(_SourceBase):
    """The images of a folder (sorted by name) as a camera, one image per frame at ``fps``.

    Images are read with ``cv2.imread``, which applies their EXIF orientation. Frames keep each
    image's own size unless ``fit`` (width, height) is given: then every image is scaled to fit
    inside it and centred on black, as a camera gives one fixed size. Unreadable files are skipped.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        *,
        fps: float = 30.0,
        loop: bool = True,
        paced: bool = True,
        fit: tuple[int, int] | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if not fps > 0:
            raise CameraError(CameraErrorCode.BAD_SPEC, f"fps {fps}")
        super().__init__(fps)
        self.folder = Path(folder)
        self.loop = loop
        self.paced = paced
        self.fit = fit
        self._clock = clock
        self._sleep = sleep
        self._files: list[Path] = []
        self._cache: dict[Path, np.ndarray] = {}
        self._pos = 0
        self._pacer: _Pacer | None = None
        self._finished = False
        self._opened = False
        self._last_check = 0.0

    @property
    def description(self) -> str:
        return f"image folder {self.folder.name} ({len(self._files)} images)"

    @property
    def finished(self) -> bool:
        return self._finished

    def _list(self) -> list[Path]:
        try:
            entries = sorted(self.folder.iterdir())
        except (OSError, ValueError):
            return []
        return [p for p in entries if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]

    def open(self) -> None:
        try:
            is_dir = self.folder.is_dir()
        except (OSError, ValueError):
            is_dir = False
        if not is_dir:
            raise CameraError(CameraErrorCode.NOT_FOUND, f"no folder {self.folder.name}")
        self._files = self._list()
        self._cache.clear()
        self._pos = 0
        first = None
        while first is None and self._pos < len(self._files):
            first = self._load(self._files[self._pos])
            if first is None:
                self._pos += 1
        if first is None:
            raise CameraError(CameraErrorCode.OPEN_FAILED, f"no images in {self.folder.name}")
        self._size = (int(first.shape[1]), int(first.shape[0]))
        self._pacer = _Pacer(self._fps, self._clock, self._sleep) if self.paced else None
        self._lost = False
        self._finished = False
        self._opened = True
        self._last_check = self._clock()
        log.info("opened %s", self.description)

    def _load(self, path: Path) -> np.ndarray | None:
        cached = self._cache.get(path)
        if cached is not None:
            return cached.copy()
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None or not image.size:
            return None
        if self.fit is not None:
            image = _letterbox(image, self.fit)
        if len(self._files) <= FOLDER_CACHE_MAX_IMAGES:
            self._cache[path] = image
            return image.copy()
        return image

    def read(self) -> np.ndarray | None:
        if not self._opened or self._lost or self._finished:
            return None
        now = self._clock()
        if now - self._last_check >= FILE_CHECK_INTERVAL_S:
            self._last_check = now
            if not self.folder.is_dir():
                log.warning("%s lost: folder gone", self.description)
                self._lost = True
                return None
        if self._pacer is not None and not self._pacer.wait():
            return None
        # Try each image at most once per read, so a folder of broken files cannot spin forever.
        for _ in range(len(self._files)):
            if self._pos >= len(self._files):
                if not self.loop:
                    self._finished = True
                    return None
                self._pos = 0
            path = self._files[self._pos]
            self._pos += 1
            image = self._load(path)
            if image is not None:
                return image
        if not self.folder.is_dir() or not self._list():
            log.warning("%s lost: folder empty or gone", self.description)
            self._lost = True
        return None

    def close(self) -> None:
        self._opened = False
        self._cache.clear()


def _as_bgr(frame: np.ndarray) -> np.ndarray:
    """Frames as 3-channel BGR whatever the decoder gave (grey or BGRA files exist)."""
    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    return frame


def _letterbox(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    width, height = size
    h, w = image.shape[:2]
    scale = min(width / w, height / h)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, (nw, nh), interpolation=interp)
    out = np.zeros((height, width, 3), np.uint8)
    x, y = (width - nw) // 2, (height - nh) // 2
    out[y : y + nh, x : x + nw] = resized
    return out


def probe_usb_cameras(max_index: int = 4) -> list[int]:
    """Indexes 0..max_index-1 of cameras that open. Quick when there are none: on Linux only
    existing ``/dev/videoN`` nodes are tried (metadata nodes of a camera do not open)."""
    found: list[int] = []
    backend = _capture_backend()
    for index in range(max(0, max_index)):
        if sys.platform.startswith("linux") and not Path(f"/dev/video{index}").exists():
            continue
        cap = cv2.VideoCapture(index, backend)
        try:
            if cap.isOpened():
                found.append(index)
        finally:
            cap.release()
    return found
