# SPDX-License-Identifier: MIT
"""Student lookup: results while typing (debounced), then the student's page.

Each keystroke restarts a 250 ms single-shot timer; when it fires the search goes to the task
runner with a new request id, and an answer whose id is no longer the newest is dropped, so a
slow early answer never overwrites the results of what was typed last (STYLE.md §8).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QTimer, Signal, Slot
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from tucai_desk.services.dto import StaffSession
from tucai_desk.services.lookup import LookupService, StudentSummary
from tucai_desk.services.staff import StaffService
from tucai_desk.ui import texts as shared_texts
from tucai_desk.ui.console.common import fill_table, make_table, message_for
from tucai_desk.ui.console.head_cover_box import RunAdmin
from tucai_desk.ui.console.student_page import StudentPage
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


class LookupView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.search_edit = QLineEdit()
        self.search_edit.setMaxLength(64)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Name, student number, collection code or the last 4+ digits of the phone")
        )
        layout.addWidget(self.search_edit)
        self.status_label = label("", "muted")
        layout.addWidget(self.status_label)
        self.results_table = make_table(
            [
                self.tr("Name"),
                self.tr("Student number"),
                self.tr("Collection code"),
                self.tr("Department"),
                self.tr("Class"),
                self.tr("Mobile"),
                self.tr("Status"),
            ]
        )
        layout.addWidget(self.results_table, 1)


class LookupPanel(QWidget):
    student_opened = Signal(int)

    def __init__(
        self,
        lookup: LookupService,
        staff: StaffService,
        session: StaffSession,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        run_admin: RunAdmin | None = None,
    ) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._session = session
        self._tasks = tasks
        self._request = 0
        self.results: list[StudentSummary] = []
        self.view = LookupView()
        self.student_page = StudentPage(lookup, staff, session, tasks, run_admin=run_admin)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.student_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.view.search_edit.textChanged.connect(self._on_text_changed)
        self.view.search_edit.returnPressed.connect(self._on_return)
        self.debounce.timeout.connect(self._run_search)
        self.view.results_table.activated.connect(self._on_activated)
        self.student_page.back_requested.connect(self._on_back)

    @property
    def request_id(self) -> int:
        return self._request

    @Slot(str)
    def _on_text_changed(self, _text: str) -> None:
        self.debounce.start()  # restarts: only a pause in typing searches

    @Slot()
    def _on_return(self) -> None:
        self.debounce.stop()
        self._run_search()

    @Slot()
    def _run_search(self) -> None:
        self._request += 1
        request = self._request
        text = self.view.search_edit.text()
        if not text.strip():
            self._show(request, [])
            return
        lookup, session = self._lookup, self._session
        self.view.status_label.setText(self.tr("Searching…"))
        self._tasks.submit(
            lambda: lookup.search(session, text),
            on_ok=lambda hits: self._show(request, hits),
            on_err=lambda exc: self._failed(request, exc),
            uses_db=True,
        )

    def _show(self, request: int, hits: list[StudentSummary]) -> None:
        if request != self._request:
            return  # an answer to something typed before: drop it
        self.results = hits
        fill_table(
            self.view.results_table,
            [
                (
                    h.name,
                    h.student_no,
                    h.code,
                    h.department,
                    h.class_name,
                    h.phone_masked,
                    shared_texts.student_status_text(h.status),
                )
                for h in hits
            ],
            [h.id for h in hits],
        )
        if hits:
            self.view.results_table.selectRow(0)
        text = self.view.search_edit.text().strip()
        self.view.status_label.setText(
            self.tr("%n student(s) found", "", len(hits)) if text else ""
        )

    def _failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.view.status_label.setText(message_for(exc))

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.results):
            self.open_student(self.results[index.row()].id)

    def open_student(self, student_id: int) -> None:
        self.stack.setCurrentWidget(self.student_page)
        self.student_page.load(student_id)
        self.student_opened.emit(student_id)

    @Slot()
    def _on_back(self) -> None:
        self.stack.setCurrentWidget(self.view)
        self.view.search_edit.setFocus()
