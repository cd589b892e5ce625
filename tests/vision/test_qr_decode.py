# SPDX-License-Identifier: MIT
"""QR codes held up to the station camera: real codes made with ``qrcode``, placed in frames."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import qrcode

from tucai_desk.vision.qr import MAX_PAYLOAD_CHARS, clean_payload, decode_qr

CODE = "TCJS2025-3201-0457-8XKQ"


def qr_image(
    data: str | bytes, *, box: int = 8, ec: int = qrcode.constants.ERROR_CORRECT_M
) -> np.ndarray:
    maker = qrcode.QRCode(border=4, box_size=box, error_correction=ec)
    maker.add_data(data)
    maker.make(fit=True)
    rgb = np.array(maker.make_image(fill_color="black", back_color="white").convert("RGB"))
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def camera_frame(seed: int = 0) -> np.ndarray:
    """A 1280×720 stand-in for a room: smooth shapes, a gradient and sensor noise."""
    rng = np.random.default_rng(seed)
    frame = np.zeros((720, 1280, 3), np.uint8)
    frame[:] = (150, 160, 170)
    cv2.rectangle(frame, (60, 80), (400, 650), (90, 110, 140), -1)
    cv2.circle(frame, (1000, 300), 160, (60, 80, 90), -1)
    ramp = np.linspace(0, 40, 1280, dtype=np.float32)[None, :, None]
    noisy = frame.astype(np.float32) + ramp + rng.normal(0, 6, frame.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def place(
    frame: np.ndarray,
    code: np.ndarray,
    side: int,
    angle: float,
    centre: tuple[int, int],
    noise: float = 5.0,
    seed: int = 1,
) -> np.ndarray:
    """Put ``code`` into ``frame`` scaled to ``side`` px and rotated by ``angle`` degrees."""
    h = code.shape[0]
    m = cv2.getRotationMatrix2D((h / 2, h / 2), angle, side / h)
    m[0, 2] += centre[0] - h / 2
    m[1, 2] += centre[1] - h / 2
    size = (frame.shape[1], frame.shape[0])
    warped = cv2.warpAffine(code, m, size, flags=cv2.INTER_AREA)
    mask = cv2.warpAffine(np.full(code.shape[:2], 255, np.uint8), m, size)
    out = np.where(mask[..., None] > 127, warped, frame).astype(np.float32)
    out += np.random.default_rng(seed).normal(0, noise, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


@pytest.mark.parametrize(
    ("side", "angle", "centre"),
    [(180, 0, (640, 360)), (240, 25, (420, 300)), (320, -60, (900, 420)), (420, 180, (640, 360))],
)
def test_a_code_in_a_camera_frame_is_read(side: int, angle: float, centre: tuple[int, int]) -> None:
    frame = place(camera_frame(), qr_image(CODE), side, angle, centre)
    assert decode_qr(frame) == [CODE]


def test_chinese_and_url_payloads_and_two_codes_in_one_frame() -> None:
    url = "https://example.edu.cn/tc?code=32010457&sign=ab%2Fcd"
    frame = place(camera_frame(), qr_image("采集码：张三-0457"), 220, 10, (360, 360))
    frame = place(frame, qr_image(url), 220, -10, (920, 360), seed=2)
    assert sorted(decode_qr(frame)) == sorted(["采集码：张三-0457", url])


def test_frames_without_a_code_give_nothing() -> None:
    assert decode_qr(camera_frame(3)) == []
    assert decode_qr(camera_frame(4), thorough=True) == []
    assert decode_qr(np.zeros((720, 1280, 3), np.uint8)) == []
    assert decode_qr(np.full((720, 1280), 255, np.uint8)) == []


def test_odd_inputs_never_raise() -> None:
    code = place(camera_frame(), qr_image(CODE), 240, 0, (640, 360))
    grey = cv2.cvtColor(code, cv2.COLOR_BGR2GRAY)
    bgra = cv2.cvtColor(code, cv2.COLOR_BGR2BGRA)
    assert decode_qr(grey) == [CODE]
    assert decode_qr(bgra) == [CODE]
    assert decode_qr(code.astype(np.float32)) == [CODE]
    for junk in (
        np.zeros((0, 0, 3), np.uint8),
        np.zeros((5, 5, 3), np.uint8),
        np.zeros((100, 100, 7), np.uint8),
        np.array(["a", "b"]),
        np.full((64, 64), np.nan),
        None,
        "not an image",
    ):
        assert decode_qr(junk) == []  # type: ignore[arg-type]


def test_hostile_payloads_come_back_as_bounded_text() -> None:
    binary = bytes(range(1, 256)) * 2
    found = decode_qr(place(camera_frame(), qr_image(binary, box=4), 640, 0, (640, 360), noise=2))
    assert len(found) == 1  # read as text: the printable bytes survive, the rest is replaced
    assert "0123456789:;<=>?@ABCDEF" in found[0] and "\ufffd" in found[0]
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in found[0])
    huge = "7" * 6000  # numeric mode holds more than the cap
    found = decode_qr(
        place(
            camera_frame(),
            qr_image(huge, box=4, ec=qrcode.constants.ERROR_CORRECT_L),
            710,
            0,
            (640, 360),
            noise=2,
        )
    )
    assert found == ["7" * MAX_PAYLOAD_CHARS]


def test_gbk_and_control_characters_are_made_safe() -> None:
    gbk = qr_image("采集码".encode("gbk"))
    assert decode_qr(place(camera_frame(), gbk, 260, 0, (640, 360))) == ["采集码"]
    escape = qr_image("ok\x1b[2J\x07done")
    assert decode_qr(place(camera_frame(), escape, 260, 0, (640, 360))) == ["ok\ufffd[2J\ufffddone"]


def test_clean_payload() -> None:
    assert clean_payload(b"\xff\xfeabc") == "\ufffd\ufffdabc"
    assert clean_payload("é".encode().decode("latin-1")) == "é"  # UTF-8 read as Latin-1
    assert clean_payload("Ã(") == "Ã("  # real Latin-1 stays
    assert clean_payload("line1\nline2\ttab\x00") == "line1\nline2\ttab\ufffd"
    assert clean_payload("9" * 10_000) == "9" * MAX_PAYLOAD_CHARS
    assert clean_payload("\ud800x") == "?x"  # a lone surrogate cannot reach a database
