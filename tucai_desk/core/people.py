# SPDX-License-Identifier: MIT
"""Personal data rules: phone validation and masking for logs and screens."""

from __future__ import annotations

import re

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_ID_RE = re.compile(r"\b(\d{6})\d{8}(\d{3}[\dXx])\b")
_PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def normalise_phone(text: str) -> str:
    """Digits only, with a leading +86/0086 dropped."""
    digits = re.sub(r"[\s\-()]", "", text or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def is_mainland_mobile(text: str) -> bool:
    return bool(_MOBILE_RE.match(normalise_phone(text)))


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = normalise_phone(phone)
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 11 else "****"


def mask_text(text: str) -> str:
    """Mask ID numbers and mobile numbers inside free text (log records)."""
    text = _ID_RE.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    return _PHONE_RE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
