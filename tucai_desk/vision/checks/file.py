# SPDX-License-Identifier: MIT
"""The file itself, read back from its bytes: file_format, file_size, dpi."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from tucai_desk.core.checks import CheckCode, CheckResult, Outcome
from tucai_desk.vision.production import read_jfif_density
from tucai_desk.vision.profiles import PhotoProfile

# The IJG (libjpeg) luminance table for quality 50, in zig-zag order as stored in a DQT segment.
_IJG_LUMA_ZIGZAG = (
    16,
    11,
    12,
    14,
    12,
    10,
    16,
    14,
    13,
    14,
    18,
    17,
    16,
    19,
    24,
    40,
    26,
    24,
    22,
    22,
    24,
    49,
    35,
    37,
    29,
    40,
    58,
    51,
    61,
    60,
    57,
    51,
    56,
    55,
    64,
    72,
    92,
    78,
    64,
    68,
    87,
    69,
    55,
    56,
    80,
    109,
    81,
    87,
    95,
    98,
    103,
    104,
    103,
    62,
    77,
    113,
    121,
    112,
    100,
    120,
    92,
    101,
    103,
    99,
)


@dataclass(frozen=True, slots=True)
class JpegFacts:
    baseline: bool
    progressive: bool
    width: int
    height: int
    components: int
    precision: int
    quality: float | None  # estimated from the luminance quantisation table
    complete: bool  # ends with EOI


def jpeg_facts(data: bytes) -> JpegFacts | None:
    """Parse the JPEG headers (no decoding). None when the bytes are not a JPEG."""
    if data[:2] != b"\xff\xd8":
        return None
    pos, baseline, progressive = 2, False, False
    width = height = components = precision = 0
    quality: float | None = None
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        body = data[pos + 4 : pos + 2 + length]
        if marker == 0xDB and quality is None:
            quality = _quality_from_dqt(body)
        elif marker in (0xC0, 0xC1, 0xC2):
            baseline, progressive = marker == 0xC0, marker == 0xC2
            precision = body[0]
            height, width = struct.unpack(">HH", body[1:5])
            components = body[5]
        elif marker == 0xDA:
            break
        pos += 2 + length
    complete = data.rstrip(b"\x00").endswith(b"\xff\xd9")
    return JpegFacts(baseline, progressive, width, height, components, precision, quality, complete)


def _quality_from_dqt(body: bytes) -> float | None:
    """IJG quality factor that would give this luminance table (table 0, 8-bit entries)."""
    if not body or body[0] >> 4 != 0 or body[0] & 0x0F != 0 or len(body) < 65:
        return None
    table = body[1:65]
    # IJG: entry = floor((base · scale + 50) / 100), scale = 5000/q (q < 50) or 200 − 2q.
    scale = 100.0 * sum(table) / sum(_IJG_LUMA_ZIGZAG)
    if all(v == 1 for v in table):
        return 100.0
    quality = (200.0 - scale) / 2.0 if scale <= 100 else 5000.0 / scale
    return round(max(1.0, min(100.0, quality)), 1)


def check_file(data: bytes, profile: PhotoProfile) -> list[CheckResult]:
    return [
        check_file_format(data, profile),
        check_file_size(data, profile),
        check_dpi(data, profile),
    ]


def check_file_format(data: bytes, profile: PhotoProfile) -> CheckResult:
    out = profile.output
    facts = jpeg_facts(data)
    threshold = f"baseline JPEG {out.width}x{out.height} q>={out.jpeg_quality_min}"
    if facts is None or not facts.complete:
        return CheckResult(CheckCode.FILE_FORMAT, Outcome.FAIL, None, threshold, "not_jpeg")
    if not facts.baseline:
        return CheckResult(CheckCode.FILE_FORMAT, Outcome.FAIL, None, threshold, "not_baseline")
    if (facts.width, facts.height) != (out.width, out.height):
        return CheckResult(
            CheckCode.FILE_FORMAT,
            Outcome.FAIL,
            float(facts.width * 10000 + facts.height),
            threshold,
            "size",
        )
    if facts.components != 3 or facts.precision != 8:
        return CheckResult(CheckCode.FILE_FORMAT, Outcome.FAIL, None, threshold, "not_24bit")
    q = facts.quality
    if q is None or q < out.jpeg_quality_min - 0.5:
        return CheckResult(CheckCode.FILE_FORMAT, Outcome.FAIL, q, threshold, "quality")
    return CheckResult(CheckCode.FILE_FORMAT, Outcome.PASS, q, threshold)


def check_file_size(data: bytes, profile: PhotoProfile) -> CheckResult:
    lo, hi = profile.file_size
    threshold = f"{lo}..{hi if hi is not None else ''}"
    size = len(data)
    if size < lo:
        return CheckResult(CheckCode.FILE_SIZE, Outcome.FAIL, float(size), threshold, "too_small")
    if hi is not None and size > hi:
        return CheckResult(CheckCode.FILE_SIZE, Outcome.FAIL, float(size), threshold, "too_large")
    return CheckResult(CheckCode.FILE_SIZE, Outcome.PASS, float(size), threshold)


def check_dpi(data: bytes, profile: PhotoProfile) -> CheckResult:
    dpi = profile.output.dpi
    density = read_jfif_density(data)
    threshold = f"{dpi} dpi"
    if density is None:
        return CheckResult(CheckCode.DPI, Outcome.FAIL, None, threshold, "no_jfif")
    units, xd, yd = density
    if units != 1 or xd != dpi or yd != dpi:
        value = float(xd if units == 1 else 0)
        return CheckResult(CheckCode.DPI, Outcome.FAIL, value, threshold, "wrong_density")
    return CheckResult(CheckCode.DPI, Outcome.PASS, float(dpi), threshold)
