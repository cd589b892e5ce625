# SPDX-License-Identifier: MIT
"""解锁账号: clear a liveness lock or a timed lock, with a reason (audited by the service)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.core.people import mask_phone
from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import LockView, StaffSession, StudentView
from tucai_desk.services.staff import StaffService
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import button, label

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


class UnlockDialog(QDialog):
    """Look a student up (or take the current one), see the locks, clear them with a reason."""

    changed = Signal(int)  # student id whose locks changed

    def __init__(
        self,
        staff: StaffService,
        capture: CaptureService,
        tasks: TaskRunner,
        session: StaffSession,
        student: StudentView | None,
        parent: QWidget | None = None,
        *,
        run_admin: Callable[[Callable[[StaffSession], None]], None] | None = None,
    ) -> None:
        """``run_admin(then)``: runs ``then(session)`` once the session holds for an admin
        action (the gate asks for the password again when it is older than the window)."""
        super().__init__(parent)
        self._run_admin = run_admin or (lambda then: then(session))
        self._staff = staff
        self._capture = capture
        self._tasks = tasks
        self._session = session
        self._search_gen = Generation()
        self._lock_gen = Generation()
        self.student: StudentView | None = None
        self.locks: LockView | None = None
        self.setWindowTitle(self.tr("Unlock account"))
        self.setMinimumSize(640, 520)
        self.setProperty("role", "staff")
        layout = QVBoxLayout(self)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(
            self.tr("Name, student number, collection code or last digits of the phone")
        )
        layout.addWidget(self.search_edit)
        self.results = QListWidget()
        self.results.setMaximumHeight(160)
        layout.addWidget(self.results)
        self.student_label = label("", "value")
        layout.addWidget(self.student_label)
        self.locks_label = label("")
        layout.addWidget(self.locks_label)
        layout.addWidget(label(self.tr("Reason (required, written to the audit log)")))
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(500)
        layout.addWidget(self.reason_edit)
        self.message_label = label("", "ok")
        layout.addWidget(self.message_label)
        row = QHBoxLayout()
        self.liveness_button = button(self.tr("Unlock liveness lock"), primary=True)
        self.timed_button = button(self.tr("Clear timed lock"), primary=True)
        self.close_button = button(self.tr("Close"))
        row.addWidget(self.liveness_button)
        row.addWidget(self.timed_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._connect_signals()
        self._set_student(None)
        if student is not None:
            self.select(student)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(lambda _: self._debounce.start())
        self.search_edit.returnPressed.connect(self.search_now)
        self._debounce.timeout.connect(self.search_now)
        self.results.itemActivated.connect(self._on_result)
        self.results.itemClicked.connect(self._on_result)
        self.reason_edit.textChanged.connect(lambda _: self._update_buttons())
        self.liveness_button.clicked.connect(lambda: self._apply("liveness"))
        self.timed_button.clicked.connect(lambda: self._apply("timed"))
        self.close_button.clicked.connect(self.accept)

    # -- lookup -----------------------------------------------------------------------------------
    @Slot()
    def search_now(self) -> None:
        self._debounce.stop()
        query = self.search_edit.text().strip()
        if not query:
            self.results.clear()
            return
        self._search_gen.renew()
        staff = self._staff
        self._tasks.submit(
            lambda: staff.find_students(query, 20),
            on_ok=self._search_gen.bind(self._show_results),
            on_err=self._search_gen.bind(lambda exc: dialogs.show_error(self, exc)),
            uses_db=True,
        )

    def _show_results(self, students: list[StudentView]) -> None:
        self.results.clear()
        for student in students:
            text = f"{student.name}  {student.student_no}  {student.code}"
            if student.phone:
                text += f"  {mask_phone(student.phone)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, student)
            self.results.addItem(item)

    @Slot(QListWidgetItem)
    def _on_result(self, item: QListWidgetItem) -> None:
        student = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(student, StudentView):
            self.select(student)

    def select(self, student: StudentView) -> None:
        self._set_student(student)
        self.reload_locks()

    def _set_student(self, student: StudentView | None) -> None:
        self.student = student
        self.locks = None
        self.student_label.setText(
            f"{student.name}  {student.student_no}" if student else self.tr("No student chosen")
        )
        self.locks_label.setText("")
        self._update_buttons()

    def reload_locks(self) -> None:
        student = self.student
        if student is None:
            return
        self._lock_gen.renew()
        capture = self._capture
        self._tasks.submit(
            lambda: capture.locks(student.id),
            on_ok=self._lock_gen.bind(self._show_locks),
            on_err=self._lock_gen.bind(lambda exc: dialogs.show_error(self, exc)),
            uses_db=True,
        )

    def _show_locks(self, locks: LockView) -> None:
        self.locks = locks
        lines = [
            self.tr("Liveness failures: {n}; liveness lock: {state}").format(
                n=locks.liveness_failures,
                state=self.tr("locked") if locks.liveness_locked else self.tr("not locked"),
            ),
            self.tr("Failed photos: {n}; timed lock: {state}").format(
                n=locks.other_failures,
                state=(
                    self.tr("until {when}").format(
                        when=texts.format_local_time(locks.timed_lock_until)
                    )
                    if locks.timed_lock_until
                    else self.tr("not locked")
                ),
            ),
        ]
        self.locks_label.setText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        locks = self.locks
        has_reason = bool(self.reason_edit.text().strip())
        self.liveness_button.setEnabled(has_reason and locks is not None and locks.liveness_locked)
        self.timed_button.setEnabled(
            has_reason
            and locks is not None
            and (locks.timed_lock_until is not None or locks.other_failures > 0)
        )

    # -- the change -------------------------------------------------------------------------------
    def _apply(self, which: str) -> None:
        student = self.student
        reason = self.reason_edit.text().strip()
        if student is None:
            return
        if not reason:
            self.message_label.setText(texts.flow_error_text("reason_required"))
            return
        staff = self._staff
        if which == "liveness":
            fn = staff.unlock_liveness
            done = self.tr("The liveness lock was removed.")
        else:
            fn = staff.clear_timed_lock
            done = self.tr("The timed lock was cleared.")

        def run(session: StaffSession) -> None:
            self.liveness_button.setEnabled(False)
            self.timed_button.setEnabled(False)
            self._tasks.submit(
                lambda: fn(session, student.id, reason),
                on_ok=lambda _: self._on_applied(student.id, done),
                on_err=lambda exc: self._on_apply_failed(exc),
                uses_db=True,
            )

        self._run_admin(run)

    def _on_applied(self, student_id: int, message: str) -> None:
        self.message_label.setText(message)
        self.reason_edit.clear()
        self.changed.emit(student_id)
        self.reload_locks()

    def _on_apply_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        dialogs.show_error(self, exc)
