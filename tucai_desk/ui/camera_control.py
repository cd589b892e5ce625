# SPDX-License-Identifier: MIT
"""Camera controls through Qt Multimedia's ``QCamera`` (exposure, white balance, focus, ISO).

The station reads frames with OpenCV (:mod:`tucai_desk.vision.camera_controls` sets the same
locks there); this is the path for platforms whose camera drivers expose the controls only to
the system's media framework (Media Foundation on Windows, AVFoundation on macOS). A control the
camera lacks is reported ``unsupported`` and left alone, never an error.
"""

from __future__ import annotations

from PySide6.QtMultimedia import QCamera

from tucai_desk.vision.camera_controls import CameraControls, ControlOutcome

# CameraControls.exposure is in V4L2's unit (100 µs); QCamera speaks seconds.
EXPOSURE_UNIT_S = 1e-4


def qcamera_support(camera: QCamera) -> dict[str, bool]:
    """Which of the day's locks ``camera`` can hold."""
    features = camera.supportedFeatures()
    feature = QCamera.Feature
    return {
        "exposure": camera.isExposureModeSupported(QCamera.ExposureMode.ExposureManual)
        and bool(features & feature.ManualExposureTime),
        "white_balance": camera.isWhiteBalanceModeSupported(
            QCamera.WhiteBalanceMode.WhiteBalanceManual
        )
        and bool(features & feature.ColorTemperature),
        "focus": camera.isFocusModeSupported(QCamera.FocusMode.FocusModeManual)
        and bool(features & feature.FocusDistance),
        "gain": bool(features & feature.IsoSensitivity),
    }


def apply_to_qcamera(camera: QCamera, controls: CameraControls) -> dict[str, ControlOutcome]:
    """Set the locks of ``controls`` on ``camera`` (a lock with no value holds the current one)."""
    support = qcamera_support(camera)
    outcomes: dict[str, ControlOutcome] = {}

    def outcome(name: str, locked: bool) -> bool:
        if not locked:
            outcomes[name] = ControlOutcome.AUTO
            return False
        outcomes[name] = ControlOutcome.APPLIED if support[name] else ControlOutcome.UNSUPPORTED
        return support[name]

    if outcome("exposure", controls.exposure_locked):
        seconds = (
            controls.exposure * EXPOSURE_UNIT_S
            if controls.exposure is not None
            else camera.exposureTime()
        )
        camera.setExposureMode(QCamera.ExposureMode.ExposureManual)
        camera.setManualExposureTime(float(seconds))
        if controls.gain is not None and support["gain"]:
            camera.setManualIsoSensitivity(int(controls.gain))
    if outcome("white_balance", controls.white_balance_locked):
        kelvin = controls.colour_temperature or camera.colorTemperature()
        camera.setWhiteBalanceMode(QCamera.WhiteBalanceMode.WhiteBalanceManual)
        camera.setColorTemperature(int(kelvin))
    if outcome("focus", controls.focus_locked):
        camera.setFocusMode(QCamera.FocusMode.FocusModeManual)
        if controls.focus is not None:
            camera.setFocusDistance(float(controls.focus))
    return outcomes
