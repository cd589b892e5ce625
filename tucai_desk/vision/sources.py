# SPDX-License-Identifier: MIT
"""Camera sources: where the station's live frames come from.

The one import path for camera code. :func:`open_source` turns a settings string (``usb:0``,
``file:/path/clip.mp4``, ``folder:/path``, ``demo`` …) into an opened :class:`CameraSource`;
:class:`ReconnectingSource` keeps a source alive across unplugging so the UI can show "camera
lost" and carry on when it is back; :func:`probe_usb_cameras` lists attached cameras. The source
kinds themselves live in :mod:`tucai_desk.vision.source_kinds` and are re-exported here.

Every failure is a :class:`CameraError` with a :class:`CameraErrorCode`, never a crash.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

import numpy as np

from tucai_desk.paths import resource
from tucai_desk.vision.camera_controls import CameraControls
from tucai_desk.vision.source_kinds import (
    IMAGE_SUFFIXES,
    MAX_READ_WAIT_S,
    CameraError,
    CameraErrorCode,
    CameraSource,
    Clock,
    ImageFolderSource,
    Sleep,
    UsbCameraSource,
    VideoFileSource,
    probe_usb_cameras,
)

__all__ = [
    "IMAGE_SUFFIXES",
    "MAX_READ_WAIT_S",
    "CameraError",
    "CameraErrorCode",
    "CameraSource",
    "ImageFolderSource",
    "ReconnectingSource",
    "UsbCameraSource",
    "VideoFileSource",
    "demo_clip_path",
    "open_source",
    "parse_source",
    "probe_usb_cameras",
]

log = logging.getLogger(__name__)

DEMO_CLIP = ("demo", "demo_camera.mp4")


def demo_clip_path() -> Path:
    """The shipped demo camera clip (a looping portrait, for stations without a camera)."""
    return resource(*DEMO_CLIP)


def open_source(
    spec: str,
    *,
    width: int = 1280,
    height: int = 720,
    fps: float = 30.0,
    loop: bool = True,
    paced: bool = True,
    controls: CameraControls | None = None,
) -> CameraSource:
    """An opened source for a settings string; raises :class:`CameraError` otherwise.

    Specs: ``usb:N`` or ``N`` (camera index), ``file:PATH`` or a path to a video file,
    ``folder:PATH`` or a path to a folder of images, ``demo`` (the shipped demo clip).
    ``width``/``height``/``fps`` are what a USB camera is asked for; a folder plays at ``fps``.
    """
    source = parse_source(
        spec, width=width, height=height, fps=fps, loop=loop, paced=paced, controls=controls
    )
    source.open()
    return source


def parse_source(
    spec: str,
    *,
    width: int = 1280,
    height: int = 720,
    fps: float = 30.0,
    loop: bool = True,
    paced: bool = True,
    controls: CameraControls | None = None,
) -> CameraSource:
    """Like :func:`open_source` without opening it (for a :class:`ReconnectingSource` factory).

    ``controls`` (exposure, white balance and focus locks) apply to a USB camera only."""
    if not isinstance(spec, str):
        raise CameraError(CameraErrorCode.BAD_SPEC, "not a string")
    text = spec.strip()
    if not text or "\x00" in text or len(text) > 4096:
        raise CameraError(CameraErrorCode.BAD_SPEC, "empty or malformed")
    lowered = text.lower()
    if lowered == "demo":
        return VideoFileSource(demo_clip_path(), loop=True, paced=paced)
    if lowered.startswith("usb:") or (text.isascii() and text.isdigit()):
        number = text[4:] if lowered.startswith("usb:") else text
        number = number.strip()
        if not (number.isascii() and number.isdigit()) or len(number) > 3:
            raise CameraError(CameraErrorCode.BAD_SPEC, f"camera index {number[:20]!r}")
        return UsbCameraSource(int(number), width=width, height=height, fps=fps, controls=controls)
    if lowered.startswith("file:"):
        path = _spec_path(text[5:])
        if path.is_dir():
            raise CameraError(CameraErrorCode.BAD_SPEC, f"{path.name} is a folder")
        return VideoFileSource(path, loop=loop, paced=paced)
    if lowered.startswith("folder:"):
        path = _spec_path(text[7:])
        if path.exists() and not path.is_dir():
            raise CameraError(CameraErrorCode.BAD_SPEC, f"{path.name} is not a folder")
        return ImageFolderSource(path, fps=fps, loop=loop, paced=paced)
    path = _spec_path(text)
    if path.is_dir():
        return ImageFolderSource(path, fps=fps, loop=loop, paced=paced)
    if path.is_file():
        if path.suffix.lower() in IMAGE_SUFFIXES:
            raise CameraError(CameraErrorCode.BAD_SPEC, "a single image is not a camera")
        return VideoFileSource(path, loop=loop, paced=paced)
    scheme = text.split(":", 1)[0] if ":" in text else ""
    if len(scheme) > 1 and "/" not in scheme and "\\" not in scheme:  # "rtsp:…", "cam:…"
        raise CameraError(CameraErrorCode.BAD_SPEC, f"unknown source kind {scheme[:20]!r}")
    raise CameraError(CameraErrorCode.NOT_FOUND, f"no file or folder {path.name}")


def _spec_path(text: str) -> Path:
    text = text.strip()
    if not text:
        raise CameraError(CameraErrorCode.BAD_SPEC, "empty path")
    try:
        path = Path(text).expanduser()
        path.exists()  # surfaces paths the OS refuses (too long, bad characters)
    except (OSError, ValueError, RuntimeError) as exc:
        raise CameraError(CameraErrorCode.BAD_SPEC, type(exc).__name__) from None
    return path


class ReconnectingSource:
    """Wraps a source so that losing it is a state, not an error.

    ``factory`` returns a new, opened source (e.g. ``lambda: open_source("usb:0")``) or raises
    :class:`CameraError`. While the source is lost, ``lost`` is true, ``read()`` returns ``None``
    after a short idle wait (so a reading loop does not spin), and a reopen is tried every
    ``retry_ms``; when it succeeds frames flow again. A read that raises, a source that reports
    ``lost``, or no frame for ``stall_s`` seconds all count as a loss.
    """

    def __init__(
        self,
        factory: Callable[[], CameraSource],
        *,
        retry_ms: int = 1000,
        stall_s: float = 3.0,
        idle_s: float = 0.05,
        description: str = "camera",
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        self._factory = factory
        self._retry_s = retry_ms / 1000.0
        self._stall_s = stall_s
        self._idle_s = idle_s
        self._label = description
        self._clock = clock
        self._sleep = sleep
        self._source: CameraSource | None = None
        self._closed = False
        self._next_retry = 0.0
        self._last_frame_at = 0.0
        self._fps = 30.0
        self._size = (0, 0)
        self._had_source = False
        self.last_error: CameraErrorCode | None = None
        self.reconnects = 0

    @classmethod
    def for_spec(cls, spec: str, *, retry_ms: int = 1000, **source_options: object) -> Self:
        """A reconnecting source for a settings string (options as for :func:`open_source`)."""
        return cls(
            lambda: open_source(spec, **source_options),  # type: ignore[arg-type]
            retry_ms=retry_ms,
            description=spec.strip()[:200] if isinstance(spec, str) else "camera",
        )

    @property
    def fps(self) -> float:
        return self._fps

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @property
    def description(self) -> str:
        return self._source.description if self._source is not None else self._label

    @property
    def lost(self) -> bool:
        return self._source is None and not self._closed

    @property
    def spec(self) -> str:
        """The settings string this source was made from (``usb:0``, ``demo`` …)."""
        return self._label

    @property
    def control_report(self) -> object | None:
        """The open camera's :class:`~tucai_desk.vision.camera_controls.ControlReport`, if any."""
        return getattr(self._source, "control_report", None)

    def open(self, *, strict: bool = False) -> None:
        """Try to open now. With ``strict`` a failure raises; otherwise the source starts lost
        and keeps trying in ``read()``."""
        self._closed = False
        if not self._try_open() and strict:
            raise CameraError(self.last_error or CameraErrorCode.OPEN_FAILED, self._label)

    def _try_open(self) -> bool:
        now = self._clock()
        try:
            source = self._factory()
        except CameraError as exc:
            self.last_error = exc.code
            self._next_retry = now + self._retry_s
            return False
        except Exception:  # a driver error must not end the camera thread
            log.exception("opening %s failed", self._label)
            self.last_error = CameraErrorCode.OPEN_FAILED
            self._next_retry = now + self._retry_s
            return False
        self._source = source
        self._had_source = True
        self._fps = source.fps or self._fps
        self._size = source.size
        self._last_frame_at = self._clock()
        self.last_error = None
        return True

    def _drop(self, why: str) -> None:
        log.warning("%s lost (%s); retrying every %.0f ms", self._label, why, self._retry_s * 1000)
        if self._source is not None:
            try:
                self._source.close()
            except Exception:  # closing a dead device may fail
                log.debug("closing a lost source failed", exc_info=True)
        self._source = None
        self.last_error = CameraErrorCode.LOST
        self._next_retry = self._clock() + self._retry_s

    def read(self) -> np.ndarray | None:
        if self._closed:
            return None
        if self._source is None:
            if self._clock() >= self._next_retry and self._try_open():
                if self._had_source:
                    self.reconnects += 1
                    log.info("%s is back", self._label)
            else:
                self._sleep(min(self._idle_s, max(0.0, self._next_retry - self._clock())))
                return None
        assert self._source is not None
        try:
            frame = self._source.read()
        except Exception as exc:  # any failure of the device is a loss
            self._drop(type(exc).__name__)
            return None
        now = self._clock()
        if frame is not None:
            self._last_frame_at = now
            return frame
        stall = max(self._stall_s, 3.0 / max(self._fps, 0.01))
        if getattr(self._source, "finished", False):
            return None  # a file that played to its end without looping is not a lost camera
        if self._source.lost:
            self._drop("source reports lost")
        elif now - self._last_frame_at > stall:
            self._drop(f"no frame for {now - self._last_frame_at:.1f} s")
        return None

    def close(self) -> None:
        self._closed = True
        source, self._source = self._source, None
        if source is not None:
            source.close()
