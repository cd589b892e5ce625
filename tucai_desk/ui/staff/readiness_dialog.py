# SPDX-License-Identifier: MIT
"""站点自检: the station readiness check as a staff page.

Step 1 watches the empty backdrop through the station's camera for a couple of seconds; step 2
(optional) looks at a person standing before it. The frames come from the camera thread's
ring (the station keeps one camera owner); the measuring runs on the task runner, the report is
saved by :class:`~tucai_desk.services.readiness.ReadinessService` (audited), and the table shows
each check with its value, limit and the fix.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    QRectF,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.core.checks import Outcome
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.readiness import ReadinessService
from tucai_desk.services.settings import CameraDevice
from tucai_desk.ui.camera_thread import CameraController
from tucai_desk.ui.live_stats import STATS
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import button, label
from tucai_desk.vision.camera_controls import ControlOutcome
from tucai_desk.vision.readiness.report import BACKDROP_CODES, ReadinessCheck, StationCheckReport
from tucai_desk.vision.readiness.rules import ReadinessRules

log = logging.getLogger(__name__)

WATCH_MS = 2000  # how long step 1 watches the backdrop
SAMPLE_MS = 120  # how often a frame is kept for the measures (the rate counts every frame)
KEEP_FRAMES = 15
CAMERA_SIZES = ((1280, 720), (1920, 1080), (640, 480))
CAMERA_RATES = (30, 25, 15)


def hint_language() -> str:
    return "en" if QLocale().language() == QLocale.Language.English else "zh_CN"


class BackdropPreview(QWidget):
    """The camera picture with the box the backdrop must fill."""

    def __init__(self, box: tuple[float, float, float, float], parent: QWidget | None = None):
        super().__init__(parent)
        self._box = box
        self._image: QImage | None = None
        self.setMinimumSize(480, 270)

    def set_frame(self, image: QImage) -> None:
        self._image = image
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#263238"))
        if self._image is None or self._image.isNull():
            return
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        target = QRectF(x, y, size.width(), size.height())
        painter.drawImage(target, self._image)
        x0, y0, x1, y1 = self._box
        pen = QPen(QColor("#ffeb3b"), 3, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(
            QRectF(
                target.x() + x0 * target.width(),
                target.y() + y0 * target.height(),
                (x1 - x0) * target.width(),
                (y1 - y0) * target.height(),
            )
        )


class ReadinessDialog(QDialog):
    """Run the check, show and save its report. Emits ``saved`` after a report is stored."""

    saved = Signal()

    def __init__(
        self,
        readiness: ReadinessService,
        camera: CameraController | None,
        tasks: TaskRunner,
        session: StaffSession,
        *,
        check_backdrop: Callable[[list[np.ndarray], float], StationCheckReport],
        check_person: Callable[[np.ndarray], list[ReadinessCheck]] | None = None,
        camera_settings: Callable[[], tuple[str, CameraDevice]] | None = None,
        save_camera: Callable[[str, CameraDevice], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._readiness = readiness
        self._camera = camera
        self._tasks = tasks
        self._session = session
        self._check_backdrop = check_backdrop
        self._check_person = check_person
        self._camera_settings = camera_settings
        self._save_camera = save_camera
        self._frames: list[np.ndarray] = []
        self._started = 0.0
        self._read_at_start = 0
        self.report: StationCheckReport | None = None
        self.setWindowTitle(self.tr("Station check"))
        self.setProperty("role", "staff")
        self.setMinimumSize(900, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "Step 1: clear the space before the backdrop, switch the lights on as for "
                    "the capture day, and let the backdrop fill the yellow box. Then start."
                )
            )
        )
        self.preview = BackdropPreview(ReadinessRules().box)
        layout.addWidget(self.preview, 1)
        self.camera_label = label("", "muted")
        layout.addWidget(self.camera_label)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Check"), self.tr("Result"), self.tr("Measured"), self.tr("Limit"),
             self.tr("What to do")]
        )  # fmt: skip
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._camera_row())
        self.controls_label = label("", "muted")
        layout.addWidget(self.controls_label)
        self.message_label = label("")
        layout.addWidget(self.message_label)
        row = QHBoxLayout()
        self.start_button = button(self.tr("Check the backdrop"), primary=True)
        self.person_button = button(self.tr("Step 2: check a person before the backdrop"))
        self.person_button.setEnabled(False)
        self.close_button = button(self.tr("Close"))
        row.addWidget(self.start_button)
        row.addWidget(self.person_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self._sampler = QTimer(self)
        self._sampler.setInterval(SAMPLE_MS)
        self._sampler.timeout.connect(self._sample)
        self.start_button.clicked.connect(self.start_check)
        self.person_button.clicked.connect(self.check_person)
        self.close_button.clicked.connect(self.reject)
        if camera is not None:
            camera.frame_ready.connect(self.preview.set_frame)
        else:
            self.start_button.setEnabled(False)
            self._say(self.tr("No camera: connect the camera and open the station check again."))

    # -- camera settings --------------------------------------------------------------------------
    def _camera_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label(self.tr("Camera:"), wrap=False))
        self.size_combo = QComboBox()
        for w, h in CAMERA_SIZES:
            self.size_combo.addItem(f"{w}×{h}", f"{w}x{h}")
        self.fps_combo = QComboBox()
        for fps in CAMERA_RATES:
            self.fps_combo.addItem(self.tr("{fps} fps").format(fps=fps), fps)
        self.lock_box = QCheckBox(
            self.tr("Lock exposure, white balance and focus (the same light all day)")
        )
        self.apply_camera_button = button(self.tr("Save and apply"))
        for widget in (self.size_combo, self.fps_combo, self.lock_box):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.apply_camera_button)
        self.apply_camera_button.clicked.connect(self.apply_camera)
        if self._camera_settings is None or self._save_camera is None:
            for widget in (self.size_combo, self.fps_combo, self.lock_box):
                widget.setEnabled(False)
            self.apply_camera_button.setEnabled(False)
        else:
            _, device = self._camera_settings()
            self._select(self.size_combo, f"{device.width}x{device.height}")
            self._select(self.fps_combo, int(device.fps or 30))
            self.lock_box.setChecked(device.exposure_locked or device.white_balance_locked)
        QTimer.singleShot(1500, self.show_controls)
        return row

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index < 0:
            combo.addItem(str(value).replace("x", "×"), value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    @Slot()
    def apply_camera(self) -> None:
        """Save this camera's size, rate and locks (by its device id) and reopen it."""
        if self._camera_settings is None or self._save_camera is None:
            return
        device_id, device = self._camera_settings()
        w, h = (int(v) for v in str(self.size_combo.currentData()).split("x"))
        lock = self.lock_box.isChecked()
        changed = device.model_copy(
            update={
                "width": w,
                "height": h,
                "fps": float(self.fps_combo.currentData()),
                "exposure_locked": lock,
                "white_balance_locked": lock,
                "focus_locked": lock,
                # A new lock holds what the camera's automatic mode settles on when it opens.
                "exposure": device.exposure if lock and device.exposure_locked else None,
                "colour_temperature": (
                    device.colour_temperature if lock and device.white_balance_locked else None
                ),
                "focus": device.focus if lock and device.focus_locked else None,
            }
        )
        self._save_camera(device_id, changed)
        if self._camera is not None:
            self._camera.restart()
        self._say(self.tr("Camera settings saved for this camera; they come back when it is "
                          "plugged in again."))  # fmt: skip
        QTimer.singleShot(2500, self.show_controls)

    @Slot()
    def show_controls(self) -> None:
        """Which locks the open camera holds, and which it lacks."""
        source = self._camera.opened_source() if self._camera is not None else None
        report = getattr(source, "control_report", None)
        if report is None:
            text = self.tr("Exposure, white balance and focus: automatic.")
        else:
            names = {
                "exposure": self.tr("exposure"),
                "white_balance": self.tr("white balance"),
                "focus": self.tr("focus"),
                "gain": self.tr("gain (ISO)"),
            }
            parts = []
            for name, outcome in report.outcomes.items():
                state = {
                    ControlOutcome.APPLIED: self.tr("locked"),
                    ControlOutcome.AUTO: self.tr("automatic"),
                    ControlOutcome.UNSUPPORTED: self.tr("not supported by this camera"),
                }[outcome]
                parts.append(f"{names.get(name, name)}: {state}")
            text = self.tr("; ").join(parts)
        self.controls_label.setText(text)

    # -- step 1 -----------------------------------------------------------------------------------
    @Slot()
    def start_check(self) -> None:
        if self._camera is None or self._sampler.isActive():
            return
        self._frames = []
        self._started = time.monotonic()
        self._read_at_start = STATS.frames_read
        self.start_button.setEnabled(False)
        self.person_button.setEnabled(False)
        self._say(self.tr("Watching the backdrop… keep the space before it clear."))
        self._sampler.start()

    @Slot()
    def _sample(self) -> None:
        assert self._camera is not None
        newest = self._camera.latest_frames(1)
        if newest and (not self._frames or newest[-1] is not self._frames[-1]):
            self._frames.append(newest[-1])
            del self._frames[:-KEEP_FRAMES]
        elapsed = time.monotonic() - self._started
        if elapsed * 1000 < WATCH_MS:
            return
        self._sampler.stop()
        fps = (STATS.frames_read - self._read_at_start) / elapsed if elapsed > 0 else 0.0
        frames = self._frames
        self._frames = []
        if not frames:
            self.start_button.setEnabled(True)
            self._say(self.tr("The camera sent no picture. Check the camera and try again."), True)
            return
        check = self._check_backdrop
        self._tasks.submit(lambda: check(frames, fps), on_ok=self._measured, on_err=self._failed)

    def _measured(self, report: StationCheckReport) -> None:
        self._show(report)
        self._save(report)

    # -- step 2 -----------------------------------------------------------------------------------
    @Slot()
    def check_person(self) -> None:
        if self._camera is None or self._check_person is None or self.report is None:
            return
        newest = self._camera.latest_frames(1)
        if not newest:
            self._say(self.tr("The camera sent no picture. Check the camera and try again."), True)
            return
        still, check, base = newest[-1], self._check_person, self.report
        self.person_button.setEnabled(False)
        self._say(self.tr("Looking at the person's face…"))

        def done(found: list[ReadinessCheck]) -> None:
            kept = tuple(c for c in base.checks if c.code in BACKDROP_CODES)
            report = StationCheckReport(
                base.profile, base.background, base.camera, kept + tuple(found)
            )
            self._show(report)
            self._save(report)

        self._tasks.submit(lambda: check(still), on_ok=done, on_err=self._failed)

    # -- report -----------------------------------------------------------------------------------
    def _save(self, report: StationCheckReport) -> None:
        readiness, session = self._readiness, self._session

        def saved(_: object) -> None:
            self.start_button.setEnabled(True)
            self.person_button.setEnabled(self._check_person is not None)
            self.saved.emit()

        self._tasks.submit(
            lambda: readiness.record(report, session), on_ok=saved, on_err=self._failed,
            uses_db=True,
        )  # fmt: skip

    def _show(self, report: StationCheckReport) -> None:
        self.report = report
        language = hint_language()
        cam = report.camera
        self.camera_label.setText(
            self.tr("Camera: {name} — delivers {w}×{h} at {fps:.1f} fps "
                    "(asked {aw}×{ah} at {afps:.0f})")
            .format(name=cam.description, w=cam.delivered_size[0], h=cam.delivered_size[1],
                    fps=cam.delivered_fps, aw=cam.asked_size[0], ah=cam.asked_size[1],
                    afps=cam.asked_fps)
        )  # fmt: skip
        self.table.setRowCount(len(report.checks))
        for i, c in enumerate(report.checks):
            cells = [
                check_name(c.code),
                outcome_text(c.outcome),
                "—" if c.value is None else f"{c.value:.2f}",
                limit_text(c.threshold),
                c.hint(language),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 1:
                    item.setForeground(QColor(OUTCOME_COLOUR[c.outcome]))
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        if report.outcome is Outcome.FAIL:
            self._say(self.tr("Not ready: fix what the table says, then check again."), True)
        elif report.outcome is Outcome.WARN:
            self._say(self.tr("Ready, with notes: see the table."))
        else:
            self._say(self.tr("Ready: the station may capture today."))

    def _failed(self, exc: BaseException) -> None:
        log.warning("station check failed: %s", type(exc).__name__)
        self.start_button.setEnabled(self._camera is not None)
        self._say(self.tr("The check could not finish. Try again; if it fails again, restart the "
                          "station."), True)  # fmt: skip

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("role", "error" if error else "ok")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        self._sampler.stop()
        if self._camera is not None:
            self._camera.frame_ready.disconnect(self.preview.set_frame)
            self._camera = None
        super().done(result)


OUTCOME_COLOUR = {Outcome.PASS: "#2e7d32", Outcome.WARN: "#8d5a00", Outcome.FAIL: "#c62828"}


OUTCOME_TEXT = {
    Outcome.PASS: QT_TRANSLATE_NOOP("Readiness", "Pass"),
    Outcome.WARN: QT_TRANSLATE_NOOP("Readiness", "Note"),
    Outcome.FAIL: QT_TRANSLATE_NOOP("Readiness", "Fail"),
}
CHECK_NAMES = {
    "backdrop_colour": QT_TRANSLATE_NOOP("Readiness", "Backdrop colour"),
    "backdrop_uniformity": QT_TRANSLATE_NOOP("Readiness", "Backdrop evenness"),
    "light_evenness": QT_TRANSLATE_NOOP("Readiness", "Light evenness"),
    "exposure": QT_TRANSLATE_NOOP("Readiness", "Exposure"),
    "sharpness": QT_TRANSLATE_NOOP("Readiness", "Sharpness"),
    "noise": QT_TRANSLATE_NOOP("Readiness", "Noise"),
    "resolution": QT_TRANSLATE_NOOP("Readiness", "Resolution"),
    "frame_rate": QT_TRANSLATE_NOOP("Readiness", "Frame rate"),
    "face_light_balance": QT_TRANSLATE_NOOP("Readiness", "Light on the face"),
    "face_exposure": QT_TRANSLATE_NOOP("Readiness", "Face exposure"),
    "glasses_glare": QT_TRANSLATE_NOOP("Readiness", "Glare on glasses"),
}


def outcome_text(outcome: Outcome) -> str:
    return QCoreApplication.translate("Readiness", str(OUTCOME_TEXT[outcome]))


LIMIT_WORDS = {
    "warn": QT_TRANSLATE_NOOP("Readiness", "note"),
    "fail": QT_TRANSLATE_NOOP("Readiness", "fail"),
    "clipped": QT_TRANSLATE_NOOP("Readiness", "clipped"),
    "height": QT_TRANSLATE_NOOP("Readiness", "height"),
}


def limit_text(threshold: str) -> str:
    """A limit as staff read it: the report's machine-readable words translated."""
    for word, text in LIMIT_WORDS.items():
        threshold = threshold.replace(
            word, QCoreApplication.translate("Readiness", str(text)) + " "
        )
    return threshold.replace(" >", ">").replace(" <", "<")


def check_name(code: str) -> str:
    name = CHECK_NAMES.get(code)
    return QCoreApplication.translate("Readiness", str(name)) if name else code
