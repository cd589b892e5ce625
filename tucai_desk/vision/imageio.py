# SPDX-License-Identifier: MIT
"""Reading photo files safely: real format sniffed from the bytes, EXIF orientation honoured.

Files handed to the station (``tucai-desk check``, staff imports) are hostile input: the name may
lie about the format, the header may announce a 30000×30000 image to exhaust memory, the file may
be cut short or not be an image at all. :func:`read_image` looks at the header before decoding and
raises :class:`ImageReadError` with a :class:`ReadError` code the UI turns into a message.
"""

from __future__ import annotations

import logging
import os
import struct
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import cv2
import numpy as np

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
MIN_SIDE = 16


class ReadError(StrEnum):
    EMPTY = "empty"
    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"  # the file exists but cannot be opened
    NOT_IMAGE = "not_image"  # no known image signature
    UNSUPPORTED = "unsupported"  # an image format the station does not take (GIF, HEIC …)
    TOO_LARGE = "too_large"  # file bytes, pixel count or a side beyond the limits
    TOO_SMALL = "too_small"
    TRUNCATED = "truncated"
    CORRUPT = "corrupt"  # recognised header, but it does not decode


class ImageFormat(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    BMP = "bmp"


class ImageReadError(ValueError):
    """An image file was refused; ``reason`` says why (one message per reason in the UI)."""

    def __init__(self, reason: ReadError, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: ImageFormat
    width: int
    height: int


def sniff_format(data: bytes) -> ImageFormat:
    """The real format from the leading bytes (the file name is never trusted)."""
    if data[:3] == b"\xff\xd8\xff":
        return ImageFormat.JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return ImageFormat.PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ImageFormat.WEBP
    if data[:2] == b"BM" and len(data) >= 26:
        return ImageFormat.BMP
    if data[:6] in (b"GIF87a", b"GIF89a") or data[4:12] in (b"ftypheic", b"ftypheix", b"ftypavif"):
        raise ImageReadError(ReadError.UNSUPPORTED, "GIF/HEIC/AVIF")
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        raise ImageReadError(ReadError.UNSUPPORTED, "TIFF")
    raise ImageReadError(ReadError.NOT_IMAGE, "no image signature")


def probe(data: bytes) -> ImageInfo:
    """Format and dimensions from the header alone, without decoding any pixels."""
    fmt = sniff_format(data)
    try:
        if fmt is ImageFormat.JPEG:
            width, height = _jpeg_size(data)
        elif fmt is ImageFormat.PNG:
            width, height = _png_size(data)
        elif fmt is ImageFormat.WEBP:
            width, height = _webp_size(data)
        else:
            width, height = _bmp_size(data)
    except (struct.error, IndexError):
        raise ImageReadError(ReadError.TRUNCATED, f"{fmt.value} header cut short") from None
    return ImageInfo(fmt, width, height)


def read_image(source: str | os.PathLike[str] | bytes | bytearray | memoryview) -> np.ndarray:
    """Decode a photo file (path or bytes) to a BGR uint8 array, upright per its EXIF orientation.

    Raises :class:`ImageReadError` for empty, missing, non-image, unsupported, oversized,
    truncated or undecodable input.
    """
    data = _load_bytes(source)
    info = probe(data)
    if info.width * info.height > MAX_PIXELS or max(info.width, info.height) > MAX_SIDE:
        raise ImageReadError(ReadError.TOO_LARGE, f"{info.width}x{info.height} pixels")
    if min(info.width, info.height) < MIN_SIDE:
        raise ImageReadError(ReadError.TOO_SMALL, f"{info.width}x{info.height} pixels")
    _check_complete(info.format, data)
    buf = np.frombuffer(data, dtype=np.uint8)
    image = cv2.imdecode(buf, cv2.IMREAD_COLOR)  # applies the EXIF orientation
    if image is None or image.size == 0:
        raise ImageReadError(ReadError.CORRUPT, f"{info.format.value} does not decode")
    return image


def _load_bytes(source: str | os.PathLike[str] | bytes | bytearray | memoryview) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise ImageReadError(ReadError.NOT_FOUND, str(path.name)) from None
        except OSError as exc:
            raise ImageReadError(ReadError.UNREADABLE, exc.strerror or "") from None
        if not path.is_file():
            raise ImageReadError(ReadError.UNREADABLE, "not a regular file")
        if size > MAX_FILE_BYTES:
            raise ImageReadError(ReadError.TOO_LARGE, f"{size} bytes")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImageReadError(ReadError.UNREADABLE, exc.strerror or "") from None
    if not data:
        raise ImageReadError(ReadError.EMPTY)
    if len(data) > MAX_FILE_BYTES:
        raise ImageReadError(ReadError.TOO_LARGE, f"{len(data)} bytes")
    return data


def _check_complete(fmt: ImageFormat, data: bytes) -> None:
    """Refuse files cut short: decoders often return a half-grey picture without an error."""
    if fmt is ImageFormat.JPEG:
        scan = data.find(b"\xff\xda")
        end = data.rfind(b"\xff\xd9")
        if scan < 0 or end < scan:
            raise ImageReadError(ReadError.TRUNCATED, "JPEG without its end marker")
    elif fmt is ImageFormat.PNG:
        if b"IEND" not in data[-64:]:
            raise ImageReadError(ReadError.TRUNCATED, "PNG without its IEND chunk")
    elif fmt is ImageFormat.WEBP:
        declared = struct.unpack("<I", data[4:8])[0] + 8
        if len(data) < declared:
            raise ImageReadError(ReadError.TRUNCATED, "WebP shorter than its RIFF size")
    elif fmt is ImageFormat.BMP:
        declared = struct.unpack("<I", data[2:6])[0]
        if len(data) < declared:
            raise ImageReadError(ReadError.TRUNCATED, "BMP shorter than its header says")


# JPEG start-of-frame markers (all but DHT C4, JPG C8 and DAC CC) carry the dimensions.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int, int]:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ImageReadError(ReadError.CORRUPT, "JPEG marker expected")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if length < 2:
            raise ImageReadError(ReadError.CORRUPT, "JPEG segment length")
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            if width == 0 or height == 0:
                raise ImageReadError(ReadError.CORRUPT, "JPEG frame without dimensions")
            return width, height
        if marker in (0xDA, 0xD9):
            break
        pos += 2 + length
    raise ImageReadError(ReadError.TRUNCATED, "JPEG without a frame header")


def _png_size(data: bytes) -> tuple[int, int]:
    if data[12:16] != b"IHDR":
        raise ImageReadError(ReadError.CORRUPT, "PNG without IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            raise ImageReadError(ReadError.CORRUPT, "WebP VP8 frame tag")
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        b0, b1, b2, b3 = data[21:25]
        width = 1 + (((b1 & 0x3F) << 8) | b0)
        height = 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6))
        return width, height
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return width, height
    raise ImageReadError(ReadError.CORRUPT, "unknown WebP chunk")


def _bmp_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack("<ii", data[18:26])
    return abs(width), abs(height)
