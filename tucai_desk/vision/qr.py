# SPDX-License-Identifier: MIT
"""QR codes in camera frames (the student's 采集码 held up to the station camera).

Two OpenCV decoders are combined. ``QRCodeDetectorAruco`` runs first: it is quick on natural
scenes and passes binary payloads through as Latin-1 text. ``WeChatQRCode`` (used without its
optional CNN model files) reads small, blurred and skewed codes that Aruco finds but cannot
decode; it is only asked when Aruco saw a code it could not read, or always with
``thorough=True`` (it is slow on some textured frames without a code). WeChat raises
``UnicodeDecodeError`` on a non-UTF-8 payload, which is caught.

Whatever a code holds is hostile input: results are plain ``str``, at most
:data:`MAX_PAYLOAD_CHARS` characters, with NUL and other control characters (except tab and
newlines) replaced by U+FFFD, empty results dropped and duplicates removed. Nothing here raises
for any image or payload. Thread-safe: each thread gets its own detectors.
"""

from __future__ import annotations

import logging
import threading

import cv2
import numpy as np

log = logging.getLogger(__name__)

MAX_PAYLOAD_CHARS = 4096
# Larger frames are reduced first: decoding time grows with the pixel count and a code that
# needs more than this is not held up to a station camera.
MAX_SIDE = 1920

_local = threading.local()
_KEEP_CONTROLS = frozenset("\t\n\r")


def _aruco() -> cv2.QRCodeDetectorAruco:
    detector = getattr(_local, "aruco", None)
    if detector is None:
        detector = _local.aruco = cv2.QRCodeDetectorAruco()
    return detector


def _wechat() -> cv2.wechat_qrcode.WeChatQRCode:
    detector = getattr(_local, "wechat", None)
    if detector is None:
        detector = _local.wechat = cv2.wechat_qrcode_WeChatQRCode()
    return detector


def decode_qr(bgr: np.ndarray, *, thorough: bool = False) -> list[str]:
    """The texts of the QR codes in a frame, in the order found; ``[]`` when there is none.

    Accepts BGR, BGRA or grey ``uint8`` images of any size; anything else gives ``[]``.
    """
    image = _prepare(bgr)
    if image is None:
        return []
    texts, unread = _decode_aruco(image)
    if not texts and (unread or thorough):
        texts = _decode_wechat(image) or texts
    return _clean_all(texts)


def _prepare(image: object) -> np.ndarray | None:
    if not isinstance(image, np.ndarray) or image.size == 0 or image.ndim not in (2, 3):
        return None
    if image.ndim == 3 and image.shape[2] not in (1, 3, 4):
        return None
    if min(image.shape[:2]) < 21:  # smaller than the smallest QR symbol
        return None
    if image.dtype != np.uint8:
        if not np.issubdtype(image.dtype, np.number):
            return None
        image = np.clip(np.nan_to_num(image.astype(np.float64)), 0, 255).astype(np.uint8)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    elif image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    longest = max(image.shape[:2])
    if longest > MAX_SIDE:
        scale = MAX_SIDE / longest
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(image)


def _decode_aruco(image: np.ndarray) -> tuple[list[str], bool]:
    """Texts Aruco read, and whether it located a code it could not read."""
    try:
        found, texts, _points, _straight = _aruco().detectAndDecodeMulti(image)
    except (cv2.error, UnicodeDecodeError, SystemError, ValueError) as exc:
        log.debug("Aruco QR decoder failed: %s", type(exc).__name__)
        return [], True
    if not found or texts is None:
        return [], False
    read = [t for t in texts if isinstance(t, str) and t]
    return read, len(read) < len(texts)


def _decode_wechat(image: np.ndarray) -> list[str]:
    try:
        texts, _points = _wechat().detectAndDecode(image)
    except UnicodeDecodeError:
        log.debug("WeChat QR decoder met a non-UTF-8 payload")
        return []
    except (cv2.error, SystemError, ValueError) as exc:
        log.debug("WeChat QR decoder failed: %s", type(exc).__name__)
        return []
    return [t for t in texts if isinstance(t, str) and t]


def _clean_all(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for raw in texts:
        text = clean_payload(raw)
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def clean_payload(raw: str | bytes) -> str:
    """A decoded payload made safe to show and store.

    Bytes are read as UTF-8 with replacement characters. Text that a decoder produced by reading
    bytes as Latin-1 is repaired when the bytes are valid UTF-8, or GB18030 that reads as
    Chinese (QR generators in China often write GBK without saying so). Control characters other
    than tab and newlines become U+FFFD; the result is capped at :data:`MAX_PAYLOAD_CHARS`.
    """
    if isinstance(raw, bytes):
        text = raw[: MAX_PAYLOAD_CHARS * 4].decode("utf-8", errors="replace")
    else:
        text = raw[: MAX_PAYLOAD_CHARS * 4]
        if text and max(text) <= "\xff" and not text.isascii():
            text = _repair_latin1(text)
    text = text.encode("utf-8", errors="replace").decode("utf-8")  # drops lone surrogates
    text = "".join(
        "\ufffd" if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) and c not in _KEEP_CONTROLS else c
        for c in text[:MAX_PAYLOAD_CHARS]
    )
    return text[:MAX_PAYLOAD_CHARS]


def _repair_latin1(text: str) -> str:
    data = text.encode("latin-1")
    try:
        return data.decode("utf-8")
    except UnicodeError:
        pass
    try:
        chinese = data.decode("gb18030")
    except UnicodeError:
        return text  # binary: keep what the decoder gave
    return chinese if _looks_chinese(chinese) else text


def _looks_chinese(text: str) -> bool:
    """Only printable ASCII, CJK ideographs and CJK/full-width punctuation, with an ideograph."""
    ideograph = False
    for c in text:
        if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf":
            ideograph = True
        elif not (
            " " <= c <= "~"
            or c in "\t\r\n"
            or "\u3000" <= c <= "\u303f"
            or "\uff00" <= c <= "\uffef"
        ):
            return False
    return ideograph
