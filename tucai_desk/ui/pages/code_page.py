# SPDX-License-Identifier: MIT
"""Page 1, 验证采集码: the code from a USB scanner (it types and presses Enter), typed by hand, or
read from the station camera with the QR decoder."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import CaptureGate, CodeCheck, StudentView
from tucai_desk.ui import texts
from tucai_desk.ui.camera_thread import CameraController, bgr_to_qimage
from tucai_desk.ui.pages.base import ServicePage, error_handler, shortcut
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import ImageView, PageFrame, label

log = logging.getLogger(__name__)

Decoder = Callable[[np.ndarray], list[str]]
SCAN_INTERVAL_MS = 250
SCAN_TIMEOUT_MS = 60_000


def default_decoder() -> Decoder:
    from tucai_desk.vision.qr import decode_qr

    return decode_qr


class CodePageView(PageFrame):
    """Layout only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Verify collection code"), self.tr("Step 1"), parent)
        self.intro_label = label(
            self.tr(
                "Scan the QR code of your collection code (图像采集码) with the scanner, "
                "or type the code and press Enter."
            )
        )
        self.body.addWidget(self.intro_label)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("Collection code"))
        self.code_edit.setClearButtonEnabled(True)
        self.body.addWidget(self.code_edit)
        self.error_label = label("", "error")
        self.error_label.setProperty("role", "prominent")
        self.error_label.hide()
        self.body.addWidget(self.error_label)
        # A locked student (liveness lock, timed lock) is told at once, before any other page.
        self.lock_label = label("", "warning")
        self.lock_label.setProperty("role", "prominent")
        self.lock_label.hide()
        self.body.addWidget(self.lock_label)
        row = QHBoxLayout()
        self.scan_view = ImageView()
        self.scan_view.setMaximumWidth(480)
        self.scan_view.hide()
        row.addWidget(self.scan_view)
        self.scan_label = label("", "muted")
        row.addWidget(self.scan_label, 1)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.drafts_button = self.add_button(self.tr("Go to draft box"))
        self.drafts_button.hide()
        self.scan_button = self.add_button(self.tr("Scan with camera (F2)"))
        self.verify_button = self.add_button(self.tr("Verify (Enter)"), primary=True)


class CodePage(ServicePage[CodePageView]):
    """Controller of page 1. Emits ``verified(StudentView)`` for a good code, or, for a locked
    student, shows the lock and may emit ``drafts_requested(StudentView)`` (去草稿箱)."""

    verified = Signal(object)
    drafts_requested = Signal(object)

    def __init__(
        self,
        capture: CaptureService,
        tasks: TaskRunner,
        camera: CameraController | None,
        *,
        decoder: Callable[[], Decoder] = default_decoder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(capture, tasks, CodePageView(), parent)
        self._camera = camera
        self._make_decoder = decoder
        self._decoder: Decoder | None = None
        self._busy = False
        self._decoding = False
        self._locked_student: StudentView | None = None
        self._scan_timer = QTimer(self)
        self._scan_timer.setInterval(SCAN_INTERVAL_MS)
        self._scan_deadline = QTimer(self)
        self._scan_deadline.setSingleShot(True)
        self._scan_deadline.setInterval(SCAN_TIMEOUT_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        v.code_edit.returnPressed.connect(self._on_verify)
        v.verify_button.clicked.connect(self._on_verify)
        v.scan_button.clicked.connect(self._on_scan_toggled)
        v.drafts_button.clicked.connect(self._on_drafts)
        v.code_edit.textEdited.connect(self._on_code_edited)
        shortcut(self, Qt.Key.Key_F2, self._on_scan_toggled)
        self._scan_timer.timeout.connect(self._on_scan_tick)
        self._scan_deadline.timeout.connect(self._on_scan_timeout)

    # -- flow -------------------------------------------------------------------------------------
    def enter(self) -> None:
        self._gen.renew()
        self._busy = False
        self.view.code_edit.clear()
        self.view.error_label.hide()
        self._show_lock(None, None)
        self.view.verify_button.setEnabled(True)
        self.view.scan_button.setEnabled(self._camera is not None)
        self.view.code_edit.setFocus()

    def leave(self) -> None:
        super().leave()
        self._stop_scan()

    @property
    def scanning(self) -> bool:
        return self._scan_timer.isActive()

    # -- verify -----------------------------------------------------------------------------------
    @Slot()
    def _on_verify(self) -> None:
        self.verify(self.view.code_edit.text())

    def verify(self, payload: str) -> None:
        if self._busy:
            return
        self._busy = True
        self.view.verify_button.setEnabled(False)
        capture = self._capture
        self._tasks.submit(
            lambda: capture.verify_code(payload),
            on_ok=self._gen.bind(self._on_checked),
            on_err=self._gen.bind(self._on_failed),
            uses_db=True,
        )

    def _on_checked(self, check: CodeCheck) -> None:
        self._busy = False
        self.view.verify_button.setEnabled(True)
        if check.student is not None:
            self._stop_scan()
            self.view.error_label.hide()
            if check.gate is not None and check.gate.locked:
                self._show_lock(check.student, check.gate)
                return
            self._show_lock(None, None)
            self._emit_verified(check.student)
            return
        self._show_lock(None, None)
        problem = check.problem
        message = texts.code_problem_text(problem) if problem else texts.code_problem_text("")
        self.view.error_label.setText(f"{message}\n{texts.contact_line()}")
        self.view.error_label.show()
        self.view.code_edit.selectAll()
        self.view.code_edit.setFocus()

    def _emit_verified(self, student: StudentView) -> None:
        self.verified.emit(student)

    @property
    def locked_student(self) -> StudentView | None:
        """The student whose lock page 1 shows now (None when no lock is shown)."""
        return self._locked_student

    def _show_lock(self, student: StudentView | None, gate: CaptureGate | None) -> None:
        v = self.view
        self._locked_student = student
        if student is None or gate is None or gate.reason is None:
            v.lock_label.hide()
            v.drafts_button.hide()
            return
        text = texts.block_text(gate.reason, gate.until)
        if gate.has_drafts:
            text += "\n" + texts.drafts_available_text()
        v.lock_label.setText(text)
        v.lock_label.show()
        v.drafts_button.setVisible(gate.has_drafts)
        v.code_edit.selectAll()
        v.code_edit.setFocus()

    @Slot(str)
    def _on_code_edited(self, _text: str) -> None:
        if self._locked_student is not None:
            self._show_lock(None, None)  # a new code: the lock shown was someone else's

    @Slot()
    def _on_drafts(self) -> None:
        student = self._locked_student
        if student is not None and self.view.drafts_button.isVisible():
            self.drafts_requested.emit(student)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.view.verify_button.setEnabled(True)
        error_handler(self)(exc)

    # -- scanning with the station camera ---------------------------------------------------------
    @Slot()
    def _on_scan_toggled(self) -> None:
        if self.scanning:
            self._stop_scan()
        elif self._camera is not None:
            self._start_scan()

    def _start_scan(self) -> None:
        self.view.scan_view.show()
        self.view.scan_view.set_image(None)
        self.view.scan_label.setText(
            self.tr("Hold the QR code of your collection code up to the camera…")
        )
        self.view.scan_button.setText(self.tr("Stop scanning (F2)"))
        self._scan_timer.start()
        self._scan_deadline.start()

    def _stop_scan(self) -> None:
        self._scan_timer.stop()
        self._scan_deadline.stop()
        self.view.scan_view.hide()
        self.view.scan_label.setText("")
        self.view.scan_button.setText(self.tr("Scan with camera (F2)"))

    @Slot()
    def _on_scan_timeout(self) -> None:
        self._stop_scan()
        self.view.scan_label.setText(self.tr("No QR code was found. Please try again."))

    @Slot()
    def _on_scan_tick(self) -> None:
        if self._camera is None or self._decoding or self._busy:
            return
        frames = self._camera.latest_frames(1)
        if not frames:
            return
        frame = frames[-1]
        self.view.scan_view.set_image(bgr_to_qimage(frame, mirror=True))
        if self._decoder is None:
            self._decoder = self._make_decoder()
        decode = self._decoder
        self._decoding = True
        self._tasks.submit(
            lambda: decode(frame),
            on_ok=self._gen.bind(self._on_decoded),
            on_err=self._gen.bind(self._on_decode_failed),
        )

    def _on_decoded(self, payloads: list[str]) -> None:
        self._decoding = False
        if not payloads or not self.scanning:
            return
        payload = payloads[0]
        self._stop_scan()
        # Shown as plain text only; the service parses it as hostile input.
        self.view.code_edit.setText(payload.replace("\n", " ")[:200])
        self.verify(payload)

    def _on_decode_failed(self, exc: BaseException) -> None:
        self._decoding = False
        log.warning("QR decoding failed: %s", type(exc).__name__)
