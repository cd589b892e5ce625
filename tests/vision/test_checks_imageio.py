# SPDX-License-Identifier: MIT
"""Photo files are hostile input: read_image sniffs, limits and refuses with a reason code."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.vision.imageio import (
    ImageFormat,
    ImageReadError,
    ReadError,
    probe,
    read_image,
)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _reason(source: object) -> ReadError:
    with pytest.raises(ImageReadError) as info:
        read_image(source)  # type: ignore[arg-type]
    return info.value.reason


def test_reads_a_real_jpeg_as_bgr(photos_dir: Path) -> None:
    image = read_image(photos_dir / "good_london_002.jpg")
    assert image.shape == (1350, 1350, 3) and image.dtype == np.uint8
    same = read_image((photos_dir / "good_london_002.jpg").read_bytes())
    assert np.array_equal(image, same)


def test_exif_orientation_is_applied(photos_dir: Path) -> None:
    # Stored 640×480 with Orientation=6: the person stands upright only after rotation.
    path = photos_dir / "real_live_T1.jpg"
    assert probe(path.read_bytes()).width == 640
    assert read_image(path).shape[:2] == (640, 480)


def test_truncated_jpeg_is_refused(photos_dir: Path, tmp_path: Path) -> None:
    data = (photos_dir / "good_damon.jpg").read_bytes()
    half = tmp_path / "half.jpg"
    half.write_bytes(data[: len(data) // 2])
    assert _reason(half) is ReadError.TRUNCATED
    # Cut just before the end: decoders return a picture with a grey tail and no error.
    assert _reason(data[:-200]) is ReadError.TRUNCATED
    assert _reason(data[:300]) is ReadError.TRUNCATED


def test_empty_missing_and_text_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert _reason(empty) is ReadError.EMPTY
    assert _reason(tmp_path / "nothing-here.jpg") is ReadError.NOT_FOUND
    text = tmp_path / "notes.jpg"
    text.write_text("姓名,学号\n张三,2020001\n", encoding="utf-8")
    assert _reason(text) is ReadError.NOT_IMAGE
    assert _reason(tmp_path) is ReadError.UNREADABLE


def test_png_header_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    # 30000×30000 RGB would need 2.7 GB once decoded; the file itself is tiny.
    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\x00" * 3 * 30000)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(data)
    assert len(data) < 1000
    assert probe(data).width == 30000
    assert _reason(bomb) is ReadError.TOO_LARGE


def test_webp_named_jpg_is_read_by_its_real_format(photos_dir: Path, tmp_path: Path) -> None:
    source = cv2.imread(str(photos_dir / "good_synth_cz1.png"))
    ok, buf = cv2.imencode(".webp", source, [cv2.IMWRITE_WEBP_QUALITY, 90])
    assert ok
    disguised = tmp_path / "photo.jpg"
    disguised.write_bytes(buf.tobytes())
    assert probe(disguised.read_bytes()).format is ImageFormat.WEBP
    image = read_image(disguised)
    assert image.shape == source.shape
    # The same picture, give or take the lossy coding.
    assert float(np.abs(image.astype(int) - source.astype(int)).mean()) < 6.0


def test_other_formats_and_garbage(tmp_path: Path) -> None:
    assert _reason(b"GIF89a" + b"\x00" * 64) is ReadError.UNSUPPORTED
    assert _reason(b"II*\x00" + b"\x00" * 64) is ReadError.UNSUPPORTED
    assert _reason(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4) in (
        ReadError.CORRUPT,
        ReadError.TRUNCATED,
    )
    tiny = cv2.imencode(".png", np.zeros((4, 4, 3), np.uint8))[1].tobytes()
    assert _reason(tiny) is ReadError.TOO_SMALL


def test_truncated_png_is_refused(photos_dir: Path) -> None:
    data = (photos_dir / "bad_roll_left.png").read_bytes()
    assert _reason(data[: len(data) - 2000]) is ReadError.TRUNCATED
    assert read_image(data).shape[2] == 3  # RGBA on disk, BGR out
