# SPDX-License-Identifier: MIT
"""Pages 2–5: 信息核对, 学校图采通知, 注意事项, 接收通知."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QTextBrowser, QWidget

from tucai_desk.core.people import is_mainland_mobile
from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import StudentView
from tucai_desk.ui.pages.base import ServicePage, enter_shortcut, error_handler, host, shortcut
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import PageFrame, label


class InfoPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Confirm your details"), self.tr("Step 2"), parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(14)
        self.name_value = label("", "value")
        self.number_value = label("", "value")
        self.school_value = label("", "value")
        self.class_value = label("", "value")
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(20)
        self.phone_edit.setPlaceholderText(self.tr("11-digit mobile number"))
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        rows = [
            (self.tr("Name"), self.name_value),
            (self.tr("Student number"), self.number_value),
            (self.tr("School"), self.school_value),
            (self.tr("Department / class"), self.class_value),
            (self.tr("Mobile number"), self.phone_edit),
        ]
        for row, (caption, widget) in enumerate(rows):
            grid.addWidget(label(caption, "field", wrap=False), row, 0)
            grid.addWidget(widget, row, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.phone_error = label("", "error")
        self.body.addWidget(self.phone_error)
        self.warning_label = label(
            self.tr(
                "Please check that these are your own details. Whoever collects a photo with "
                "someone else's details bears the responsibility for it!"
            ),
            "warning",
        )
        self.body.addWidget(self.warning_label)
        self.body.addStretch(1)
        self.back_button = self.add_button(self.tr("Back (Esc)"))
        self.confirm_button = self.add_button(self.tr("Confirm and continue (Enter)"), primary=True)


class InfoPage(ServicePage[InfoPageView]):
    """Page 2. Emits ``confirmed(StudentView)`` after the mobile number was stored."""

    confirmed = Signal(object)
    back_requested = Signal()

    def __init__(
        self, capture: CaptureService, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(capture, tasks, InfoPageView(), parent)
        self._phone_touched = False
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        v.phone_edit.textChanged.connect(self._on_phone_changed)
        v.phone_edit.textEdited.connect(self._on_phone_touched)
        v.phone_edit.editingFinished.connect(self._on_phone_touched)
        v.phone_edit.returnPressed.connect(self._on_confirm)
        v.confirm_button.clicked.connect(self._on_confirm)
        v.back_button.clicked.connect(self.back_requested)
        shortcut(self, Qt.Key.Key_Escape, self.back_requested.emit)

    def enter(self, student: StudentView) -> None:
        self._gen.renew()
        self._student = student
        v = self.view
        v.name_value.setText(student.name)
        v.number_value.setText(student.student_no)
        v.school_value.setText(student.school_name)
        v.class_value.setText(" / ".join(p for p in (student.department, student.class_name) if p))
        # A number from the roster is judged at once; an empty field only once the student typed
        # in it or left it (no red text before anything was done).
        self._phone_touched = bool(student.phone)
        v.phone_edit.setText(student.phone or "")
        self._on_phone_changed(v.phone_edit.text())
        v.phone_edit.setFocus()

    @Slot()
    def _on_phone_touched(self) -> None:
        if self._student is not None and not self._phone_touched:
            self._phone_touched = True
            self._on_phone_changed(self.view.phone_edit.text())

    @Slot(str)
    def _on_phone_changed(self, text: str) -> None:
        valid = is_mainland_mobile(text)
        self.view.confirm_button.setEnabled(valid)
        if not self._phone_touched:
            self.view.phone_error.setText("")
        elif valid or not text.strip():
            self.view.phone_error.setText(
                "" if valid else self.tr("Please enter your mobile number.")
            )
        else:
            self.view.phone_error.setText(
                self.tr("Please enter a valid 11-digit mainland mobile number.")
            )

    @Slot()
    def _on_confirm(self) -> None:
        student = self._student
        if student is None or not self.view.confirm_button.isEnabled():
            return
        phone = self.view.phone_edit.text()
        capture = self._capture
        self.view.confirm_button.setEnabled(False)
        self._tasks.submit(
            lambda: capture.confirm_info(student.id, phone),
            on_ok=self._gen.bind(self._on_confirmed),
            on_err=self._gen.bind(self._on_failed),
            uses_db=True,
        )

    def _on_confirmed(self, student: StudentView) -> None:
        self.view.confirm_button.setEnabled(True)
        self.confirmed.emit(student)

    def _on_failed(self, exc: BaseException) -> None:
        self.view.confirm_button.setEnabled(True)
        error_handler(self)(exc)


class ReadingPageView(PageFrame):
    def __init__(self, title: str, step: str, parent: QWidget | None = None) -> None:
        super().__init__(title, step, parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # staff-written text: no navigation away from the page
        self.body.addWidget(self.browser, 1)
        self.read_hint = label("", "muted")
        self.body.addWidget(self.read_hint)
        self.back_button = self.add_button(self.tr("Back (Esc)"))
        self.next_button = self.add_button(self.tr("Next (Enter)"), primary=True)


class ReadingPage(QWidget):
    """Pages 3 and 4: rich text; Next only once it was scrolled to the end (or it all fits)."""

    accepted = Signal()
    back_requested = Signal()

    def __init__(self, title: str, step: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_by: set[int] = set()
        self._student_id: int | None = None
        self.view = ReadingPageView(title, step)
        host(self, self.view)
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        bar = v.browser.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_scrolled)
        v.next_button.clicked.connect(self._on_next)
        v.back_button.clicked.connect(self.back_requested)
        shortcut(self, Qt.Key.Key_Escape, self.back_requested.emit)
        enter_shortcut(self, self._on_next)

    def enter(self, student: StudentView, html: str) -> None:
        self._student_id = student.id
        v = self.view
        v.browser.setHtml(html)
        v.browser.verticalScrollBar().setValue(0)
        self._set_read(student.id in self._read_by)
        v.browser.setFocus()  # arrow keys, Page Down and Space scroll it
        # The document is laid out once the page is on screen: decide then.
        QTimer.singleShot(0, self._on_scrolled)

    def leave(self) -> None:
        self._student_id = None

    @property
    def read(self) -> bool:
        return self.view.next_button.isEnabled()

    def _set_read(self, read: bool) -> None:
        self.view.next_button.setEnabled(read)
        self.view.read_hint.setText(
            "" if read else self.tr("Please read to the end; then Next can be pressed.")
        )

    @Slot()
    def _on_scrolled(self, *_: int) -> None:
        if self._student_id is None or self.read or not self.view.browser.isVisible():
            return
        browser = self.view.browser
        bar = browser.verticalScrollBar()
        if bar.maximum() > 0:
            at_end = bar.value() >= bar.maximum() - 2
        else:
            at_end = browser.document().size().height() <= browser.viewport().height() + 2
        if at_end:
            self._read_by.add(self._student_id)
            self._set_read(True)

    @Slot()
    def _on_next(self) -> None:
        if self.read:
            self.accepted.emit()


class NotifyPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Notifications"), self.tr("Step 5"), parent)
        self.intro_label = label(
            self.tr("Choose which notices you want to receive on your mobile phone.")
        )
        self.body.addWidget(self.intro_label)
        self.photo_box = QCheckBox(self.tr("Photo status notices (review results and so on)"))
        self.payment_box = QCheckBox(self.tr("Payment result notices"))
        self.body.addWidget(self.photo_box)
        self.body.addWidget(self.payment_box)
        self.body.addStretch(1)
        self.back_button = self.add_button(self.tr("Back (Esc)"))
        self.next_button = self.add_button(self.tr("Next (Enter)"), primary=True)


class NotifyPage(ServicePage[NotifyPageView]):
    """Page 5. Emits ``saved(StudentView)``."""

    saved = Signal(object)
    back_requested = Signal()

    def __init__(
        self, capture: CaptureService, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(capture, tasks, NotifyPageView(), parent)
        v = self.view
        v.next_button.clicked.connect(self._on_next)
        v.back_button.clicked.connect(self.back_requested)
        shortcut(self, Qt.Key.Key_Escape, self.back_requested.emit)
        enter_shortcut(self, self._on_next)

    def enter(self, student: StudentView) -> None:
        self._gen.renew()
        self._student = student
        self.view.photo_box.setChecked(student.notify_photo)
        self.view.payment_box.setChecked(student.notify_payment)
        self.view.next_button.setEnabled(True)

    @Slot()
    def _on_next(self) -> None:
        student = self._student
        if student is None or not self.view.next_button.isEnabled():
            return
        photo, payment = self.view.photo_box.isChecked(), self.view.payment_box.isChecked()
        capture = self._capture
        self.view.next_button.setEnabled(False)
        self._tasks.submit(
            lambda: capture.set_notifications(student.id, photo=photo, payment=payment),
            on_ok=self._gen.bind(self._on_saved),
            on_err=self._gen.bind(self._on_failed),
            uses_db=True,
        )

    def _on_saved(self, student: StudentView) -> None:
        self.view.next_button.setEnabled(True)
        self.saved.emit(student)

    def _on_failed(self, exc: BaseException) -> None:
        self.view.next_button.setEnabled(True)
        error_handler(self)(exc)
