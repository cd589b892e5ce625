# SPDX-License-Identifier: MIT
"""The student page of the lookup: status, locks (with unlock), attempts with reasons and
thumbnails, drafts, uploads, payment and the student's audit trail."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.services.dto import StaffSession
from tucai_desk.services.lookup import DraftItem, LookupService, StudentDetail
from tucai_desk.services.staff import StaffService
from tucai_desk.ui import texts as shared_texts
from tucai_desk.ui.console import names
from tucai_desk.ui.console.common import (
    error_box,
    fill_table,
    make_table,
    message_for,
    time_text,
)
from tucai_desk.ui.console.head_cover_box import HeadCoverBox, RunAdmin
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)
THUMB = QSize(48, 64)


class StudentPageView(QWidget):
    """Layout only; the controller fills the public widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back to results"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.title_label = label("", "title")
        top.addWidget(self.back_button)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)
        self.message_label = label("", "error")
        outer.addWidget(self.message_label)

        info = QGroupBox(self.tr("Student"))
        form = QFormLayout(info)
        self.fields: dict[str, QLabel] = {}
        for key, caption in (
            ("student_no", self.tr("Student number")),
            ("school", self.tr("School")),
            ("department", self.tr("Department / class")),
            ("phone", self.tr("Mobile number")),
            ("id_number", self.tr("ID number")),
            ("code", self.tr("Collection code")),
            ("status", self.tr("Status")),
            ("confirmed", self.tr("Information confirmed")),
            ("video", self.tr("Requirements video watched")),
            ("payment", self.tr("Payment")),
        ):
            self.fields[key] = label("", "value")
            form.addRow(caption, self.fields[key])

        locks = QGroupBox(self.tr("Locks"))
        lock_layout = QVBoxLayout(locks)
        self.lock_label = label("")
        lock_layout.addWidget(self.lock_label)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setPlaceholderText(self.tr("Reason for the unlock (required)"))
        lock_layout.addWidget(self.reason_edit)
        row = QHBoxLayout()
        self.unlock_button = QPushButton(self.tr("Unlock liveness lock"))
        self.clear_button = QPushButton(self.tr("Clear timed lock"))
        row.addWidget(self.unlock_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        lock_layout.addLayout(row)

        head = QHBoxLayout()
        head.addWidget(info, 3)
        self.side = QVBoxLayout()  # the locks, then the head-cover override (StudentPage)
        self.side.addWidget(locks)
        head.addLayout(self.side, 2)
        outer.addLayout(head)

        self.tabs = QTabWidget()
        self.attempts_table = make_table(
            [
                self.tr("Photo"),
                self.tr("Time"),
                self.tr("Kind"),
                self.tr("Result"),
                self.tr("Reasons"),
                self.tr("Station"),
            ]
        )
        self.attempts_table.setIconSize(THUMB)
        self.drafts_table = make_table(
            [self.tr("Saved"), self.tr("Size"), self.tr("State"), self.tr("Notes"), self.tr("File")]
        )
        self.uploads_table = make_table(
            [
                self.tr("Confirmed"),
                self.tr("At the service"),
                self.tr("Sync"),
                self.tr("Reason / error"),
                self.tr("File"),
            ]
        )
        self.audit_table = make_table(
            [
                self.tr("No."),
                self.tr("Time"),
                self.tr("Staff"),
                self.tr("Action"),
                self.tr("Details"),
            ]
        )
        self.tabs.addTab(self.attempts_table, self.tr("Attempts"))
        self.tabs.addTab(self.drafts_table, self.tr("Draft box"))
        self.tabs.addTab(self.uploads_table, self.tr("Uploads"))
        self.tabs.addTab(self.audit_table, self.tr("Audit trail"))
        outer.addWidget(self.tabs, 1)


class StudentPage(QWidget):
    """Loads one student's detail through the task runner and carries out unlocks."""

    back_requested = Signal()
    locks_changed = Signal(int)

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
        """``run_admin(then)``: runs ``then(session)`` once the session holds for an admin
        action (asking for the password again when needed); by default at once."""
        super().__init__(parent)
        self._lookup = lookup
        self._run_admin: RunAdmin = run_admin or (lambda then: then(session))
        self._staff = staff
        self._session = session
        self._tasks = tasks
        self._gen = Generation()
        self.student_id: int | None = None
        self.detail: StudentDetail | None = None
        self.view = StudentPageView(self)
        self.head_cover = HeadCoverBox(staff, session, tasks, self._run_admin)
        self.view.side.addWidget(self.head_cover)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        layout.addWidget(scroll)
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        v.back_button.clicked.connect(self.back_requested)
        v.refresh_button.clicked.connect(self._on_refresh)
        v.unlock_button.clicked.connect(self._on_unlock)
        v.clear_button.clicked.connect(self._on_clear)

    def load(self, student_id: int, *, audit_view: bool = True) -> None:
        self._gen.renew()
        self.student_id = student_id
        self.view.message_label.setText("")
        lookup, session = self._lookup, self._session
        self._tasks.submit(
            lambda: lookup.detail(session, student_id, audit_view=audit_view),
            on_ok=self._gen.bind(self._show),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )
        self.head_cover.load(student_id)

    @Slot()
    def _on_refresh(self) -> None:
        if self.student_id is not None:
            self.load(self.student_id, audit_view=False)

    def _on_error(self, exc: BaseException) -> None:
        self.view.message_label.setText(message_for(exc))

    def _show(self, d: StudentDetail) -> None:
        self.detail = d
        v = self.view
        v.title_label.setText(f"{d.name}（{d.student_no}）")
        f = v.fields
        f["student_no"].setText(d.student_no)
        f["school"].setText(d.school_name)
        f["department"].setText(f"{d.department} / {d.class_name}")
        f["phone"].setText(d.phone or "—")
        f["id_number"].setText(d.id_number_masked or "—")
        done = (
            self.tr("used, %1").replace("%1", time_text(d.code_completed_at))
            if d.code_completed_at
            else ""
        )
        f["code"].setText(f"{d.code} {done}".strip())
        f["status"].setText(shared_texts.student_status_text(d.status))
        f["confirmed"].setText(time_text(d.info_confirmed_at) or "—")
        f["video"].setText(time_text(d.video_watched_at) or "—")
        f["payment"].setText(
            f"{shared_texts.payment_state_text(d.payment.state)} "
            f"{shared_texts.money_text(d.payment.amount_cents)} ({d.payment.order_no})"
            if d.payment
            else "—"
        )
        locks = d.locks
        lines = [
            self.tr("Liveness failures: %1").replace("%1", str(locks.liveness_failures)),
            self.tr("Other check failures: %1").replace("%1", str(locks.other_failures)),
        ]
        if d.liveness_locked:
            lines.append(self.tr("Locked after liveness failures (staff unlock needed)."))
        if d.timed_locked:
            lines.append(
                self.tr("Capture locked until %1.").replace("%1", time_text(locks.timed_lock_until))
            )
        v.lock_label.setText("\n".join(lines))
        v.unlock_button.setEnabled(d.liveness_locked)
        v.clear_button.setEnabled(d.timed_locked)
        self._fill_attempts(d)
        fill_table(
            v.drafts_table,
            [
                (
                    time_text(x.created_at),
                    f"{x.size_bytes // 1024} KB",
                    self.tr("deleted") if x.deleted_at else self.tr("in the draft box"),
                    self._draft_notes(x),
                    x.path,
                )
                for x in d.drafts
            ],
        )
        fill_table(
            v.uploads_table,
            [
                (
                    time_text(u.created_at),
                    names.remote_state_text(u.remote_status),
                    names.outbox_state_text(u.outbox_state),
                    u.reject_reason or u.last_error or "",
                    u.finished_path or u.path,
                )
                for u in d.uploads
            ],
        )
        fill_table(
            v.audit_table,
            [
                (
                    e.seq,
                    time_text(e.at),
                    e.staff_name or (e.staff_id or ""),
                    names.action_text(e.action),
                    names.detail_text(e.detail, limit=300),
                )
                for e in d.audit
            ],
        )

    def _draft_notes(self, draft: DraftItem) -> str:
        notes = []
        if draft.clothing_extended:
            notes.append(self.tr("clothing filled in by the station"))
        if draft.head_cover_allowed is not None:
            notes.append(shared_texts.head_cover_allowed_text(draft.head_cover_allowed))
        return "; ".join(notes)

    def _fill_attempts(self, d: StudentDetail) -> None:
        table = self.view.attempts_table
        fill_table(
            table,
            [
                (
                    "",
                    time_text(a.created_at),
                    self.tr("liveness") if a.kind == "liveness" else self.tr("photo"),
                    self.tr("passed") if a.passed else self.tr("failed"),
                    names.check_names(a.failures, liveness=a.kind == "liveness"),
                    a.station_id,
                )
                for a in d.attempts
            ],
        )
        for row, attempt in enumerate(d.attempts):
            item = table.item(row, 0)
            if item is None:
                continue
            if attempt.thumbnail_path:
                pixmap = QPixmap(attempt.thumbnail_path)
                if not pixmap.isNull():
                    item.setIcon(QIcon(pixmap.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio)))
            if attempt.failures:
                hints = [
                    shared_texts.liveness_failure_text(f)
                    if attempt.kind == "liveness"
                    else shared_texts.check_hint(f)
                    for f in attempt.failures
                ]
                table.item(row, 4).setToolTip("\n".join(h for h in hints if h))
            table.setRowHeight(row, THUMB.height() + 4)

    # -- unlocks ---------------------------------------------------------------------------------
    @Slot()
    def _on_unlock(self) -> None:
        self._change("unlock")

    @Slot()
    def _on_clear(self) -> None:
        self._change("clear")

    def _change(self, what: str) -> None:
        if self.student_id is None:
            return
        reason = self.view.reason_edit.text().strip()
        if not reason:
            self.view.message_label.setText(self.tr("Please enter a reason."))
            self.view.reason_edit.setFocus()
            return
        staff, sid = self._staff, self.student_id
        fn = staff.unlock_liveness if what == "unlock" else staff.clear_timed_lock

        def done(_: object) -> None:
            self.view.reason_edit.clear()
            self.locks_changed.emit(sid)
            self.load(sid, audit_view=False)

        def run(session: StaffSession) -> None:
            self.view.unlock_button.setEnabled(False)
            self.view.clear_button.setEnabled(False)
            self._tasks.submit(
                lambda: fn(session, sid, reason), on_ok=done, on_err=error_box(self), uses_db=True
            )

        self._run_admin(run)
