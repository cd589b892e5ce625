# SPDX-License-Identifier: MIT
"""Start the station GUI: the application object, translations, fonts, camera and window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tucai_desk.paths import resource
from tucai_desk.ui.analysis import AnalysisController, make_live_analyzer
from tucai_desk.ui.camera_thread import CameraController, CameraSource
from tucai_desk.ui.i18n import install_fonts, install_translations
from tucai_desk.ui.main_window import MainWindow
from tucai_desk.ui.startup import after_window_shown, install_error_dialog
from tucai_desk.ui.style import BASE_POINT_SIZE, STYLE_SHEET
from tucai_desk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

APP_NAME = "tucai-desk"
GIL_SWITCH_S = 0.001  # see application()


class CameraNotAllowedError(RuntimeError):
    """Production mode takes photos from a real camera only (严禁翻拍: no files, no screens)."""

    code = "file_not_allowed"


def log_file() -> Path | None:
    """The file the rotating log handler writes to, for the error dialog."""
    for handler in logging.getLogger().handlers:
        name = getattr(handler, "baseFilename", None)
        if name:
            return Path(name)
    return None


def requirements_video() -> Path:
    return resource("video", "requirements.mp4")


def application(language: str = "zh_CN") -> QApplication:
    """The one QApplication (created if needed) with translations, fonts and the style sheet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    # Worker threads (camera, analysis, production) run Python too: a thread that wants the
    # interpreter lock gets it after this long. Python's 5 ms default let three busy workers keep
    # the GUI thread's slots waiting for tens of milliseconds at a time.
    sys.setswitchinterval(GIL_SWITCH_S)
    app.setApplicationName(APP_NAME)
    install_translations(app, language)
    install_fonts(app, BASE_POINT_SIZE)
    app.setStyleSheet(STYLE_SHEET)
    return app


def resolve_camera_spec(spec: str, *, demo: bool) -> str:
    """``auto``: the first USB camera; with none, the demo clip in demo mode (else ``usb:0``).

    Probing opens devices and can take seconds: it runs on the camera thread, in the factory.
    """
    if spec.strip().lower() != "auto":
        return spec
    from tucai_desk.vision.sources import probe_usb_cameras

    cameras = probe_usb_cameras()
    if cameras:
        return f"usb:{cameras[0]}"
    return "demo" if demo else "usb:0"


def camera_options(settings: Any, chosen: str) -> dict[str, Any]:
    """Size, rate and locks for the camera ``chosen``, read at every (re)open: a camera plugged
    in again gets its own saved settings (by device id)."""
    from tucai_desk.vision.camera_controls import CameraControls, device_id_for_spec

    cam = settings.camera
    device = cam.for_device(device_id_for_spec(chosen))
    options: dict[str, Any] = {
        "width": device.width,
        "height": device.height,
        "fps": float(device.fps or cam.fps),
    }
    if chosen.strip().lower().startswith("usb:"):
        options["controls"] = CameraControls.from_dict(
            device.model_dump(exclude={"width", "height", "fps"})
        )
    return options


def camera_factory(spec: str, *, settings: Any, demo: bool) -> Callable[[], CameraSource]:
    """A factory of the reconnecting camera source for ``spec`` (called on the camera thread).

    Outside demo mode only a USB camera is accepted (严禁翻拍: no files, folders or clips).
    """
    from tucai_desk.vision.sources import (
        ReconnectingSource,
        UsbCameraSource,
        open_source,
        parse_source,
    )

    def make() -> CameraSource:
        chosen = resolve_camera_spec(spec, demo=demo)
        if not demo and not isinstance(
            parse_source(chosen, **camera_options(settings, chosen)), UsbCameraSource
        ):
            raise CameraNotAllowedError(chosen)
        log.info("camera source: %s", chosen if demo else chosen.split(":", 1)[0])
        return ReconnectingSource(
            lambda: open_source(chosen, **camera_options(settings, chosen)), description=chosen
        )

    return make


def build_window(
    station: Any,
    *,
    camera_spec: str | None,
    tasks: TaskRunner | None = None,
    video_path: Path | None = None,
    video_rate: float = 1.0,
) -> MainWindow:
    """The main window with its camera, analysis thread and task runner (not yet started)."""
    spec = (camera_spec or station.settings.camera.source or "auto").strip()
    camera = CameraController(camera_factory(spec, settings=station.settings, demo=station.demo))
    analysis = AnalysisController(lambda: make_live_analyzer(station.settings.liveness_enabled))
    # The flow hands the analysis thread its analyser when the capture page opens.
    window = MainWindow(
        station,
        tasks=tasks or TaskRunner.create(),
        camera=camera,
        analysis=analysis,
        make_analyzer=make_live_analyzer,
        clock=getattr(station, "clock", None),
        video_path=video_path or requirements_video(),
        video_rate=video_rate,
    )
    camera.setParent(window)
    analysis.setParent(window)
    return window


def run_gui(station: Any, *, camera_spec: str | None, language: str | None) -> int:
    """Show the station window and run the event loop; returns the exit code.

    ``language`` None takes the station's setting (Chinese unless staff chose English).
    """
    app = application(language or getattr(station.settings, "language", None) or "zh_CN")
    window = build_window(station, camera_spec=camera_spec)
    window.resize(1280, 860)
    primary = QGuiApplication.primaryScreen()
    if primary is not None:  # the operator's screen; a second one gets the student window
        window.move(primary.availableGeometry().topLeft())
    window.showMaximized()
    window.start()
    install_error_dialog(window, log_file())
    after_window_shown(window, station)
    try:
        return int(app.exec())
    finally:
        window.shutdown()
