# SPDX-License-Identifier: MIT
"""Camera controls for a capture day: resolution, frame rate, and exposure, white balance and
focus locked so that every student of the day gets the same light.

Plain data and OpenCV: :class:`CameraControls` is what the station saves per camera (by
:func:`usb_device_id`); :func:`apply_controls` sets it on an open ``cv2.VideoCapture`` and says,
per control, whether the camera took it. A control the camera lacks is reported as
``unsupported``, never an error. Locking with no saved value locks the value the camera's
automatic mode has settled on (read back and returned, so the station can save it).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from pathlib import Path

import cv2

log = logging.getLogger(__name__)

# V4L2 reports "manual" auto-exposure as 1 (aperture priority 3) through OpenCV; DirectShow and
# Media Foundation as 0.25 / 0.75. Both are tried: the one the backend takes sticks.
_MANUAL_EXPOSURE = (1.0, 0.25)


class ControlOutcome(StrEnum):
    APPLIED = "applied"
    UNSUPPORTED = "unsupported"
    AUTO = "auto"  # left to the camera


@dataclass(frozen=True, slots=True)
class CameraControls:
    """What a station asks of one camera. ``None`` values with a lock: lock where auto settled."""

    width: int | None = None
    height: int | None = None
    fps: float | None = None
    exposure_locked: bool = False
    exposure: float | None = None  # the backend's exposure unit (V4L2: 100 µs steps)
    white_balance_locked: bool = False
    colour_temperature: float | None = None  # kelvin
    focus_locked: bool = False
    focus: float | None = None
    gain: float | None = None  # ISO-like sensor gain, backend units

    def as_dict(self) -> dict[str, object]:
        """The values that are set (a settings file has no "none")."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> CameraControls:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ControlReport:
    outcomes: dict[str, ControlOutcome]
    locked: CameraControls  # the values in force after applying (to save)

    def unsupported(self) -> list[str]:
        return [k for k, v in self.outcomes.items() if v is ControlOutcome.UNSUPPORTED]


def _set(cap: cv2.VideoCapture, prop: int, value: float) -> bool:
    try:
        return bool(cap.set(prop, float(value)))
    except cv2.error:
        return False


def _get(cap: cv2.VideoCapture, prop: int) -> float | None:
    try:
        value = float(cap.get(prop))
    except cv2.error:
        return None
    return value if value not in (-1.0,) else None


def apply_controls(cap: cv2.VideoCapture, controls: CameraControls) -> ControlReport:
    """Set the locks of ``controls`` on an open capture (size and rate are set at open)."""
    outcomes: dict[str, ControlOutcome] = {}
    locked = controls

    if controls.exposure_locked:
        value = (
            controls.exposure if controls.exposure is not None else _get(cap, cv2.CAP_PROP_EXPOSURE)
        )
        manual = any(_set(cap, cv2.CAP_PROP_AUTO_EXPOSURE, m) for m in _MANUAL_EXPOSURE)
        ok = manual and value is not None and _set(cap, cv2.CAP_PROP_EXPOSURE, value)
        outcomes["exposure"] = ControlOutcome.APPLIED if ok else ControlOutcome.UNSUPPORTED
        if ok:
            locked = replace(locked, exposure=value)
        if controls.gain is not None:
            ok = _set(cap, cv2.CAP_PROP_GAIN, controls.gain)
            outcomes["gain"] = ControlOutcome.APPLIED if ok else ControlOutcome.UNSUPPORTED
    else:
        outcomes["exposure"] = ControlOutcome.AUTO

    if controls.white_balance_locked:
        value = controls.colour_temperature
        if value is None:
            value = _get(cap, cv2.CAP_PROP_WB_TEMPERATURE)
        manual = _set(cap, cv2.CAP_PROP_AUTO_WB, 0)
        ok = manual and value is not None and value > 0
        ok = ok and _set(cap, cv2.CAP_PROP_WB_TEMPERATURE, value)  # type: ignore[arg-type]
        outcomes["white_balance"] = ControlOutcome.APPLIED if ok else ControlOutcome.UNSUPPORTED
        if ok:
            locked = replace(locked, colour_temperature=value)
    else:
        outcomes["white_balance"] = ControlOutcome.AUTO

    if controls.focus_locked:
        value = controls.focus if controls.focus is not None else _get(cap, cv2.CAP_PROP_FOCUS)
        manual = _set(cap, cv2.CAP_PROP_AUTOFOCUS, 0)
        ok = manual and value is not None and _set(cap, cv2.CAP_PROP_FOCUS, value)
        outcomes["focus"] = ControlOutcome.APPLIED if ok else ControlOutcome.UNSUPPORTED
        if ok:
            locked = replace(locked, focus=value)
    else:
        outcomes["focus"] = ControlOutcome.AUTO
    report = ControlReport(outcomes, locked)
    if report.unsupported():
        log.info("camera lacks controls: %s", ", ".join(report.unsupported()))
    return report


def usb_device_id(index: int) -> str:
    """A stable name of USB camera ``index``: the same camera reads the same when plugged in
    again (on Linux from sysfs: vendor, product and serial; elsewhere by its index)."""
    if sys.platform.startswith("linux"):
        node = Path(f"/sys/class/video4linux/video{index}")
        try:
            name = (node / "name").read_text(encoding="utf-8", errors="replace").strip()
            usb = (node / "device").resolve().parent
            parts = []
            for attr in ("idVendor", "idProduct", "serial"):
                path = usb / attr
                if path.is_file():
                    parts.append(path.read_text(encoding="utf-8", errors="replace").strip())
            if parts:
                return f"usb:{':'.join(parts)}"
            if name:
                return f"usb:{name}"
        except OSError:
            pass
    return f"usb:{index}"


def device_id_for_spec(spec: str) -> str:
    """The id under which a camera's own settings are saved: a USB camera by its device
    (:func:`usb_device_id`), any other source by its spec."""
    text = spec.strip()
    if text.lower().startswith("usb:") and text[4:].strip().isdigit():
        return usb_device_id(int(text[4:].strip()))
    return text
