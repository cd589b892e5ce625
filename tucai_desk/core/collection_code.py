# SPDX-License-Identifier: MIT
"""Collection codes (采集码): parsing hostile scanner/QR/typed input into a normalised code.

A code is two letters, a five-digit school number, an eight-digit serial and a check character
(ISO 7064 MOD 11-2 over the thirteen digits, as on a resident ID card), e.g. ``JS32001000000127``.
A QR payload may carry the bare code, a URL with a ``code=`` parameter, or a JSON object with a
``code`` field; anything else is malformed. Nothing here trusts its input: length is capped, control
characters are refused, and no payload can raise anything but :class:`CodeFormatError`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

MAX_PAYLOAD = 2048
_CODE_RE = re.compile(r"^([A-Z]{2})(\d{5})(\d{8})([0-9X])$")
_WEIGHTS = [pow(2, 17 - i, 11) for i in range(13)]


class CodeProblem(StrEnum):
    EMPTY = "empty"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    OTHER_SCHOOL = "other_school"
    COMPLETED = "completed"
    EXPIRED = "expired"


class CodeFormatError(ValueError):
    def __init__(self, problem: CodeProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class CollectionCode:
    code: str
    school_code: str


def check_char(digits: str) -> str:
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def make_code(prefix: str, school_code: str, serial: int) -> str:
    digits = f"{school_code:0>5}{serial:08d}"
    return f"{prefix}{digits}{check_char(digits)}"


def _candidate(payload: str) -> str:
    text = payload.strip()
    if text.startswith("{"):
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise CodeFormatError(CodeProblem.MALFORMED) from exc
        value = obj.get("code") if isinstance(obj, dict) else None
        if not isinstance(value, str):
            raise CodeFormatError(CodeProblem.MALFORMED)
        return value.strip()
    if "://" in text:
        try:
            values = parse_qs(urlsplit(text).query).get("code", [])
        except ValueError as exc:
            raise CodeFormatError(CodeProblem.MALFORMED) from exc
        if len(values) != 1:
            raise CodeFormatError(CodeProblem.MALFORMED)
        return values[0].strip()
    return text


def parse_code(payload: object) -> CollectionCode:
    """Normalise a scanned or typed payload into a code; raises :class:`CodeFormatError`."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", errors="replace")
    if not isinstance(payload, str):
        raise CodeFormatError(CodeProblem.MALFORMED)
    if not payload.strip():
        raise CodeFormatError(CodeProblem.EMPTY)
    if len(payload) > MAX_PAYLOAD:
        raise CodeFormatError(CodeProblem.MALFORMED)
    text = _candidate(payload)
    # Full-width letters and digits from an input method become ASCII; a hyphen or space typed
    # between groups is tolerated.
    text = unicodedata.normalize("NFKC", text).upper().replace("-", "").replace(" ", "")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise CodeFormatError(CodeProblem.MALFORMED)
    match = _CODE_RE.match(text)
    if not match or check_char(match.group(2) + match.group(3)) != match.group(4):
        raise CodeFormatError(CodeProblem.MALFORMED)
    return CollectionCode(code=text, school_code=match.group(2))
