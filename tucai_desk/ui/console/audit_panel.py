# SPDX-License-Identifier: MIT
"""The audit log: verify its hash chain (and head) and list the newest records."""

from __future__ import annotations

import logging

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from tucai_desk.services.accounts import AccountService
from tucai_desk.services.dto import StaffSession
from tucai_desk.store.audit_ledger import AuditEntry, AuditVerdict
from tucai_desk.ui.console import names, texts
from tucai_desk.ui.console.common import fill_table, make_table, message_for, time_text
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label, restyle

log = logging.getLogger(__name__)


class AuditView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.verify_button = QPushButton(self.tr("Verify the audit log"))
        self.refresh_button = QPushButton(self.tr("Show newest records"))
        row.addWidget(self.verify_button)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.verdict_label = label("")
        layout.addWidget(self.verdict_label)
        self.table = make_table(
            [
                self.tr("No."),
                self.tr("Time"),
                self.tr("Station"),
                self.tr("Staff"),
                self.tr("Action"),
                self.tr("Student number"),
                self.tr("Details"),
            ]
        )
        layout.addWidget(self.table, 1)


class AuditPanel(QWidget):
    def __init__(
        self,
        accounts: AccountService,
        session: StaffSession,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._session = session
        self._tasks = tasks
        self._gen = Generation()
        self.verdict: AuditVerdict | None = None
        self.entries: list[AuditEntry] = []
        self.view = AuditView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.verify_button.clicked.connect(self.verify)
        self.view.refresh_button.clicked.connect(self.refresh)

    @Slot()
    def verify(self) -> None:
        accounts = self._accounts
        self._tasks.submit(
            accounts.verify_audit,
            on_ok=self._gen.bind(self._on_verdict),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    def _on_verdict(self, verdict: AuditVerdict) -> None:
        self.verdict = verdict
        v = self.view.verdict_label
        v.setText(texts.audit_text(verdict.ok, verdict.records, verdict.reason, verdict.broken_at))
        v.setProperty("role", "ok" if verdict.ok else "warning")
        restyle(v)

    def _on_error(self, exc: BaseException) -> None:
        self.view.verdict_label.setText(message_for(exc))

    @Slot()
    def refresh(self) -> None:
        accounts, session = self._accounts, self._session
        self._tasks.submit(
            lambda: accounts.audit_entries(session, limit=500),
            on_ok=self._gen.bind(self._on_entries),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    def _on_entries(self, entries: list[AuditEntry]) -> None:
        self.entries = entries
        fill_table(
            self.view.table,
            [
                (
                    e.seq,
                    time_text(e.at),
                    e.station_id,
                    e.staff_name or (e.staff_id or ""),
                    names.action_text(e.action),
                    e.student_no or "",
                    names.detail_text(e.detail),
                )
                for e in entries
            ],
        )
