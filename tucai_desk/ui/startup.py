# SPDX-License-Identifier: MIT
"""What happens once the window is up: models warm up behind it; errors get a dialog.

With ``TUCAI_BENCH_STARTUP`` set, the station measures its own start (process start → interactive
window → models ready → resident memory with the capture machinery loaded), prints one JSON line
and quits: ``tucai-desk bench startup`` reads it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

import psutil
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from tucai_desk.memory import freeze_loaded_objects

log = logging.getLogger(__name__)

BENCH_ENV = "TUCAI_BENCH_STARTUP"


def _since_process_start() -> float:
    return time.time() - psutil.Process().create_time()


def install_error_dialog(window: QWidget, log_file: Path | None) -> None:
    """Unexpected errors are logged and shown with the log file's path, never a silent exit."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        where = str(log_file) if log_file else ""
        text = QCoreApplication.translate(
            "Startup",
            "An unexpected error occurred. Your data is safe. Please tell the school's photo "
            "office and give them the log file: %1",
        ).replace("%1", where)
        box = QMessageBox(QMessageBox.Icon.Critical, window.windowTitle(), text, parent=window)
        box.exec()

    sys.excepthook = hook


def after_window_shown(window: Any, station: Any) -> None:
    """Warm the photo and live models up behind the window; in bench mode, measure and quit."""
    bench = bool(os.environ.get(BENCH_ENV))
    figures: dict[str, float] = {}

    def interactive() -> None:
        figures["window_s"] = round(_since_process_start(), 3)

    def models_ready(_: object) -> None:
        if not bench:  # the live model next, on its own thread (the startup bench loads it below)
            window.flow.prepare_analysis()  # (not at once: two threads importing mediapipe clash)
        freeze_loaded_objects()  # no full garbage collection walks them again (memory.py)
        figures["models_ready_s"] = round(_since_process_start(), 3)
        log.info("photo models ready %.1f s after start", figures["models_ready_s"])
        if bench:
            # Load the live analysis too, as the capture page does, then read the memory.
            try:
                from tucai_desk.ui.analysis import make_live_analyzer

                analyzer = make_live_analyzer(station.settings.liveness_enabled)
                import numpy as np

                frame = np.zeros((720, 1280, 3), np.uint8)
                analyzer.analyze(frame, 0.0)
            except Exception:  # noqa: BLE001 - memory is measured with what loaded
                log.exception("live analysis did not load for the startup benchmark")
            figures["rss_mb_capture"] = round(psutil.Process().memory_info().rss / 2**20, 1)
            sys.stdout.write(json.dumps(figures) + "\n")
            sys.stdout.flush()
            QTimer.singleShot(0, window.close)

    def failed(exc: BaseException) -> None:
        log.error("photo models could not be loaded: %s", exc)
        if bench:
            sys.stdout.write(json.dumps({"error": str(exc), **figures}) + "\n")
            QTimer.singleShot(0, window.close)

    QTimer.singleShot(0, interactive)
    window.tasks.submit(station.capture.warm_up, on_ok=models_ready, on_err=failed, uses_db=True)
