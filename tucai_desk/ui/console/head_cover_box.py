# SPDX-License-Identifier: MIT
"""The student page's head-cover override: an admin allows a religious head covering (with a
reason) or revokes it; the box shows the override in force and the earlier ones.

The change runs through ``run_admin`` (the station's :class:`StaffSessionGate` when there is
one), which asks for the password again when the admin's sign-in is older than the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from tucai_desk.services.dto import HeadCoverGrant, StaffSession
from tucai_desk.services.staff import StaffService
from tucai_desk.ui.console.common import error_box, message_for, time_text
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)

RunAdmin = Callable[[Callable[[StaffSession], None]], None]


class HeadCoverBox(QGroupBox):
    changed = Signal(int)  # student id

    def __init__(
        self,
        staff: StaffService,
        session: StaffSession,
        tasks: TaskRunner,
        run_admin: RunAdmin | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Religious head covering"))
        self._staff = staff
        self._session = session
        self._tasks = tasks
        self._run_admin: RunAdmin = run_admin or (lambda then: then(session))
        self._gen = Generation()
        self.student_id: int | None = None
        self.history: list[HeadCoverGrant] = []
        layout = QVBoxLayout(self)
        self.state_label = label("")
        self.state_label.setObjectName("headCoverState")
        layout.addWidget(self.state_label)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setPlaceholderText(self.tr("Reason (required)"))
        layout.addWidget(self.reason_edit)
        row = QHBoxLayout()
        self.allow_button = QPushButton(self.tr("Allow head covering"))
        self.revoke_button = QPushButton(self.tr("Revoke"))
        row.addWidget(self.allow_button)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message_label = label("", "error")
        layout.addWidget(self.message_label)
        self.allow_button.clicked.connect(self._on_allow)
        self.revoke_button.clicked.connect(self._on_revoke)
        self.allow_button.setEnabled(False)
        self.revoke_button.setEnabled(False)

    def load(self, student_id: int) -> None:
        self._gen.renew()
        self.student_id = student_id
        staff, session = self._staff, self._session
        self._tasks.submit(
            lambda: staff.head_cover_history(session, student_id),
            on_ok=self._gen.bind(self._show),
            on_err=self._gen.bind(lambda exc: self.message_label.setText(message_for(exc))),
            uses_db=True,
        )

    def _show(self, history: list[HeadCoverGrant]) -> None:
        self.history = history
        self.message_label.setText("")
        current = history[0] if history and history[0].active else None
        lines: list[str] = []
        if current is not None:
            lines.append(
                self.tr("Allowed by %1 on %2: %3")
                .replace("%1", current.granted_by or "—")
                .replace("%2", time_text(current.granted_at))
                .replace("%3", current.reason)
            )
        else:
            lines.append(self.tr("Not allowed: photos with a head covering fail."))
        for old in history[1 if current is not None else 0 :][:3]:
            lines.append(
                self.tr("Earlier: %1 (revoked by %2 on %3: %4)")
                .replace("%1", old.reason)
                .replace("%2", old.revoked_by or "—")
                .replace("%3", time_text(old.revoked_at))
                .replace("%4", old.revoke_reason or "")
            )
        self.state_label.setText("\n".join(lines))
        admin = self._session.is_admin
        self.allow_button.setEnabled(admin and current is None)
        self.revoke_button.setEnabled(admin and current is not None)

    @Slot()
    def _on_allow(self) -> None:
        self._change(allow=True)

    @Slot()
    def _on_revoke(self) -> None:
        self._change(allow=False)

    def _change(self, *, allow: bool) -> None:
        sid = self.student_id
        if sid is None:
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.message_label.setText(self.tr("Please enter a reason."))
            self.reason_edit.setFocus()
            return
        staff = self._staff
        fn = staff.allow_head_cover if allow else staff.revoke_head_cover

        def done(_: object) -> None:
            self.reason_edit.clear()
            self.changed.emit(sid)
            self.load(sid)

        def run(session: StaffSession) -> None:
            self._tasks.submit(
                lambda: fn(session, sid, reason), on_ok=done, on_err=error_box(self), uses_db=True
            )

        self._run_admin(run)
