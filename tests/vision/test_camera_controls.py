# SPDX-License-Identifier: MIT
"""Camera controls: a control the camera lacks is reported unsupported (never a crash), each
camera's settings are kept by its device id, and Qt's own QCamera path says the same."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from station_scenes import scene, write_clip

from tucai_desk.services.settings import (
    CameraDevice,
    StationSettings,
    load_settings,
    save_settings,
)
from tucai_desk.vision.camera_controls import (
    CameraControls,
    ControlOutcome,
    apply_controls,
    device_id_for_spec,
    usb_device_id,
)
from tucai_desk.vision.source_kinds import UsbCameraSource
from tucai_desk.vision.sources import parse_source

LOCK_ALL = CameraControls(
    exposure_locked=True, white_balance_locked=True, focus_locked=True, gain=100.0
)


def test_a_capture_without_the_controls_reports_each_as_unsupported(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "c.avi", scene(size=(320, 240)), seconds=0.2)
    cap = cv2.VideoCapture(str(clip))
    try:
        assert cap.isOpened()
        report = apply_controls(cap, LOCK_ALL)
        assert report.outcomes == {
            "exposure": ControlOutcome.UNSUPPORTED,
            "gain": ControlOutcome.UNSUPPORTED,
            "white_balance": ControlOutcome.UNSUPPORTED,
            "focus": ControlOutcome.UNSUPPORTED,
        }
        assert set(report.unsupported()) == {"exposure", "gain", "white_balance", "focus"}
        ok, frame = cap.read()  # the capture still works
        assert ok and isinstance(frame, np.ndarray)
        auto = apply_controls(cap, CameraControls())
        assert set(auto.outcomes.values()) == {ControlOutcome.AUTO}
    finally:
        cap.release()


def test_controls_reach_a_usb_camera_and_only_a_usb_camera() -> None:
    source = parse_source("usb:0", width=1920, height=1080, fps=25, controls=LOCK_ALL)
    assert isinstance(source, UsbCameraSource) and source._controls == LOCK_ALL
    assert source._want == (1920, 1080) and source.fps == 25


def test_device_ids_are_stable_names() -> None:
    assert device_id_for_spec(" demo ") == "demo"
    assert device_id_for_spec("file:/tmp/x.mp4") == "file:/tmp/x.mp4"
    if not Path("/sys/class/video4linux/video63").exists():
        assert usb_device_id(63) == "usb:63" == device_id_for_spec("usb:63")


def test_each_cameras_settings_are_kept_by_device_id(tmp_path: Path) -> None:
    settings = StationSettings()
    settings.camera.devices["usb:046d:0825:A1B2"] = CameraDevice(
        width=1920, height=1080, fps=15, exposure_locked=True, exposure=156.0
    )
    save_settings(tmp_path, settings)
    again = load_settings(tmp_path)
    device = again.camera.for_device("usb:046d:0825:A1B2")
    assert (device.width, device.height, device.fps) == (1920, 1080, 15)
    assert device.exposure_locked and device.exposure == 156.0
    assert not device.white_balance_locked and device.colour_temperature is None
    other = again.camera.for_device("usb:1bcf:2284:")  # another camera: the station's defaults
    assert (other.width, other.height, other.fps) == (1280, 720, 30)
    assert not other.exposure_locked
    controls = CameraControls.from_dict(device.model_dump(exclude={"width", "height", "fps"}))
    assert controls.exposure_locked and controls.exposure == 156.0


@pytest.mark.usefixtures("qapp")
def test_qcamera_without_the_controls_reports_them_unsupported() -> None:
    from PySide6.QtMultimedia import QCamera, QCameraDevice

    from tucai_desk.ui.camera_control import apply_to_qcamera, qcamera_support

    camera = QCamera(QCameraDevice())
    assert qcamera_support(camera) == {
        "exposure": False, "white_balance": False, "focus": False, "gain": False,
    }  # fmt: skip
    outcomes = apply_to_qcamera(camera, LOCK_ALL)
    assert set(outcomes.values()) == {ControlOutcome.UNSUPPORTED}
    assert camera.exposureMode() is QCamera.ExposureMode.ExposureAuto  # left alone
    assert set(apply_to_qcamera(camera, CameraControls()).values()) == {ControlOutcome.AUTO}


def test_a_camera_plugged_in_again_gets_its_own_saved_settings() -> None:
    from tucai_desk.ui.app import camera_options

    settings = StationSettings()
    assert camera_options(settings, "usb:63")["controls"] == CameraControls()
    settings.camera.devices[device_id_for_spec("usb:63")] = CameraDevice(
        width=1920, height=1080, fps=15, white_balance_locked=True, colour_temperature=4600
    )
    options = camera_options(settings, "usb:63")  # read again at each (re)open
    assert (options["width"], options["height"], options["fps"]) == (1920, 1080, 15.0)
    assert options["controls"].white_balance_locked
    assert options["controls"].colour_temperature == 4600
    assert "controls" not in camera_options(settings, "demo")
