# SPDX-License-Identifier: MIT
"""Pages 12–14: 支付 (payment order, QR code), 完成 (summary) and 照片下载 (finished photo)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import qrcode
from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QVBoxLayout, QWidget

from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import PaymentState, PaymentView, StudentView, UploadView
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.pages.base import ServicePage, enter_shortcut, error_handler, shortcut
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import ImageView, PageFrame, image_from_file, label

log = logging.getLogger(__name__)
POLL_MS = 3000


def qr_image(payload: str, *, module_px: int = 8, border: int = 4) -> QImage:
    """A QR code of ``payload`` drawn into a QImage (no imaging library needed)."""
    code = qrcode.QRCode(border=border, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * module_px
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    black = QColor("#000000")
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * module_px, y * module_px, module_px, module_px, black)
    painter.end()
    return image


class PaymentPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Payment"), self.tr("Step 12"), parent)
        row = QHBoxLayout()
        row.setSpacing(40)
        self.qr_view = ImageView(min_size=QSize(320, 320))
        self.qr_view.setMaximumSize(QSize(420, 420))
        row.addWidget(self.qr_view, 1)
        side = QVBoxLayout()
        self.amount_label = label("", "big")
        side.addWidget(self.amount_label)
        self.scan_label = label(
            self.tr("Scan the QR code with your mobile phone to pay for your photo.")
        )
        side.addWidget(self.scan_label)
        self.state_label = label("", "big")
        side.addWidget(self.state_label)
        self.order_label = label("", "muted")
        side.addWidget(self.order_label)
        side.addStretch(1)
        row.addLayout(side, 1)
        self.body.addLayout(row, 1)
        self.later_button = self.add_button(self.tr("Pay later (Esc)"))
        self.done_button = self.add_button(self.tr("Continue (Enter)"), primary=True)


class PaymentPage(ServicePage[PaymentPageView]):
    """Page 12: shows the order and polls its state. Emits ``finished(PaymentView | None)``."""

    finished = Signal(object)

    def __init__(
        self,
        capture: CaptureService,
        tasks: TaskRunner,
        *,
        poll_ms: int = POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(capture, tasks, PaymentPageView(), parent)
        self.payment: PaymentView | None = None
        self._polling = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self.view.done_button.clicked.connect(self._on_done)
        self.view.later_button.clicked.connect(self._on_later)
        shortcut(self, Qt.Key.Key_Escape, self._on_later)
        enter_shortcut(self, self._on_done)

    def enter(self, student: StudentView, payment: PaymentView) -> None:
        self._gen.renew()
        self._student = student
        self._show(payment)
        self._timer.start()

    def leave(self) -> None:
        super().leave()
        self._timer.stop()
        self._polling = False

    @Slot()
    def poll(self) -> None:
        student = self._student
        if student is None or self._polling:
            return
        self._polling = True
        capture = self._capture
        self._tasks.submit(
            lambda: capture.payment(student.id),
            on_ok=self._gen.bind(self._on_polled),
            on_err=self._gen.bind(self._on_poll_failed),
            uses_db=True,
        )

    def _on_polled(self, payment: PaymentView | None) -> None:
        self._polling = False
        if payment is not None:
            self._show(payment)

    def _on_poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        log.warning("payment poll failed: %s", type(exc).__name__)

    def _show(self, payment: PaymentView) -> None:
        previous = self.payment
        self.payment = payment
        v = self.view
        if previous is None or previous.qr_payload != payment.qr_payload:
            v.qr_view.set_image(qr_image(payment.qr_payload))
        v.amount_label.setText(
            self.tr("Amount: {amount}").format(amount=texts.money_text(payment.amount_cents))
        )
        v.state_label.setText(texts.payment_state_text(payment.state))
        role = {
            PaymentState.PAID: "ok",
            PaymentState.FAILED: "warning",
            PaymentState.EXPIRED: "warning",
        }.get(payment.state, "big")
        v.state_label.setProperty("role", role)
        v.state_label.style().polish(v.state_label)
        v.order_label.setText(self.tr("Order number: {order}").format(order=payment.order_no))
        paid = payment.state is PaymentState.PAID
        v.qr_view.setVisible(not paid)
        v.scan_label.setVisible(payment.state is PaymentState.PENDING)
        v.done_button.setEnabled(payment.state is not PaymentState.PENDING)
        v.later_button.setVisible(not paid)  # nothing is left to pay later
        if payment.state is not PaymentState.PENDING:
            self._timer.stop()

    @Slot()
    def _on_done(self) -> None:
        if self.view.done_button.isEnabled():
            self.finished.emit(self.payment)

    @Slot()
    def _on_later(self) -> None:
        if self.view.later_button.isVisible():
            self.finished.emit(self.payment)


class DonePageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Done"), self.tr("Step 13"), parent)
        self.thanks_label = label(self.tr("Your photo collection is complete. Thank you!"), "big")
        self.body.addWidget(self.thanks_label)
        self.upload_label = label("", "big")
        self.body.addWidget(self.upload_label)
        self.payment_label = label("", "big")
        self.body.addWidget(self.payment_label)
        self.body.addStretch(1)
        self.download_button = self.add_button(self.tr("Download photo (F5)"))
        self.next_button = self.add_button(self.tr("Next student (Enter)"), primary=True)


class DonePage(ServicePage[DonePageView]):
    """Page 13: what happened, then the next student."""

    next_requested = Signal()
    download_requested = Signal()

    def __init__(
        self, capture: CaptureService, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(capture, tasks, DonePageView(), parent)
        self.view.next_button.clicked.connect(self.next_requested)
        self.view.download_button.clicked.connect(self.download_requested)
        shortcut(self, Qt.Key.Key_Return, self.next_requested.emit)
        shortcut(self, Qt.Key.Key_Enter, self.next_requested.emit)
        shortcut(self, Qt.Key.Key_F5, self.download_requested.emit)

    def enter(self, student: StudentView, payment: PaymentView | None) -> None:
        self._gen.renew()
        v = self.view
        v.upload_label.setText("")
        v.download_button.setEnabled(False)
        if payment is None:
            v.payment_label.setText(self.tr("Payment: no fee"))
        else:
            v.payment_label.setText(
                self.tr("Payment: {state}").format(state=texts.payment_state_text(payment.state))
            )
        capture = self._capture
        self._tasks.submit(
            lambda: capture.upload(student.id),
            on_ok=self._gen.bind(self._show_upload),
            on_err=self._gen.bind(error_handler(self)),
            uses_db=True,
        )

    def _show_upload(self, upload: UploadView | None) -> None:
        v = self.view
        if upload is None:
            v.upload_label.setText(self.tr("Photo: not uploaded yet"))
        elif upload.synced:
            v.upload_label.setText(self.tr("Photo: uploaded to the provincial service"))
        else:
            v.upload_label.setText(
                self.tr("Photo: confirmed, waiting to be sent to the provincial service")
            )
        v.download_button.setEnabled(upload is not None and bool(upload.finished_path))


class DownloadPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Photo download"), self.tr("Step 14"), parent)
        self.photo_view = ImageView(min_size=QSize(300, 400))
        self.body.addWidget(self.photo_view, 1)
        self.state_label = label("", "big")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.state_label)
        self.back_button = self.add_button(self.tr("Back (Esc)"))
        self.save_button = self.add_button(self.tr("Save to… (Enter)"), primary=True)


class DownloadPage(ServicePage[DownloadPageView]):
    """Page 14: save the finished photo (e.g. to a USB stick)."""

    back_requested = Signal()
    saved = Signal(str)

    def __init__(
        self, capture: CaptureService, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(capture, tasks, DownloadPageView(), parent)
        self._finished: Path | None = None
        self.view.back_button.clicked.connect(self.back_requested)
        self.view.save_button.clicked.connect(self._on_save)
        shortcut(self, Qt.Key.Key_Escape, self.back_requested.emit)
        enter_shortcut(self, self._on_save)

    def enter(self, student: StudentView) -> None:
        self._gen.renew()
        self._student = student
        self._finished = None
        self._show(None)
        capture = self._capture
        self._tasks.submit(
            lambda: capture.upload(student.id),
            on_ok=self._gen.bind(self._on_upload),
            on_err=self._gen.bind(error_handler(self)),
            uses_db=True,
        )

    def _on_upload(self, upload: UploadView | None) -> None:
        path = Path(upload.finished_path) if upload and upload.finished_path else None
        self._show(path if path is not None and path.is_file() else None)

    def _show(self, path: Path | None) -> None:
        self._finished = path
        v = self.view
        v.photo_view.set_image(image_from_file(str(path)) if path else None)
        v.photo_view.setVisible(path is not None)
        v.save_button.setEnabled(path is not None)
        v.state_label.setText(
            self.tr("Your finished photo is ready. Insert a USB stick and press Save.")
            if path
            else self.tr("The finished photo has not been produced yet. Please check again later.")
        )

    @Slot()
    def _on_save(self) -> None:
        source, student = self._finished, self._student
        if source is None or student is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self.window(), self.tr("Choose where to save the photo")
        )
        if not folder:
            return
        target = Path(folder) / f"{student.student_no}{source.suffix.lower() or '.jpg'}"
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            log.error("saving the finished photo failed: %s", type(exc).__name__)
            dialogs.inform(
                self.window(),
                self.tr("The photo could not be saved there. Please choose another folder."),
            )
            return
        dialogs.inform(self.window(), self.tr("Saved as {path}").format(path=str(target)))
        self.saved.emit(str(target))
