# SPDX-License-Identifier: MIT
"""Roster import: choose a file, check it (preview with every bad row), then import on confirm."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.services.dto import StaffSession
from tucai_desk.services.roster import ImportResult, RosterPreview, RosterService
from tucai_desk.ui.console import texts
from tucai_desk.ui.console.common import ProgressRelay, fill_table, make_table, message_for
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)


class ImportView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "Roster file: CSV (UTF-8, UTF-8 with BOM or GBK) or XLSX with the columns "
                    "姓名, 学号, 学校, 院系, 班级, 手机号 (optional), 采集码, 身份证号 (optional)."
                ),
                "muted",
            )
        )
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Path of the roster file"))
        self.browse_button = QPushButton(self.tr("Choose file…"))
        self.check_button = QPushButton(self.tr("Check file"))
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.check_button)
        layout.addLayout(row)
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        layout.addWidget(self.progress_bar)
        self.summary_label = label("")
        layout.addWidget(self.summary_label)
        self.message_label = label("", "error")
        layout.addWidget(self.message_label)
        self.issues_table = make_table([self.tr("Line"), self.tr("Column"), self.tr("Problem")])
        layout.addWidget(self.issues_table, 1)
        bottom = QHBoxLayout()
        self.skip_check = QCheckBox(self.tr("Skip the bad rows and import the others"))
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        bottom.addWidget(self.skip_check)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        layout.addLayout(bottom)
        self.result_label = label("", "ok")
        layout.addWidget(self.result_label)


class ImportPanel(QWidget):
    imported = Signal(object)  # ImportResult

    def __init__(
        self,
        roster: RosterService,
        session: StaffSession,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._roster = roster
        self._session = session
        self._tasks = tasks
        self._gen = Generation()
        self.preview: RosterPreview | None = None
        self.result: ImportResult | None = None
        self.relay = ProgressRelay(self)
        self.view = ImportView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        v.browse_button.clicked.connect(self._on_browse)
        v.check_button.clicked.connect(self._on_check)
        v.path_edit.returnPressed.connect(self._on_check)
        v.path_edit.textChanged.connect(self._on_path_changed)
        v.skip_check.toggled.connect(self._update_import_button)
        v.import_button.clicked.connect(self._on_import)
        self.relay.progressed.connect(self._on_progress)

    @Slot()
    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the roster file"),
            "",
            self.tr("Rosters (*.csv *.xlsx *.txt);;All files (*)"),
        )
        if path:
            self.view.path_edit.setText(path)
            self._on_check()

    @Slot(str)
    def _on_path_changed(self, _text: str) -> None:
        self._gen.renew()  # a check of the previous file must not land now
        self._set_preview(None)

    def _busy(self, busy: bool) -> None:
        v = self.view
        v.check_button.setEnabled(not busy)
        v.browse_button.setEnabled(not busy)
        v.progress_bar.setVisible(busy)
        v.progress_bar.setRange(0, 0)
        if busy:
            v.import_button.setEnabled(False)
        else:
            self._update_import_button()

    @Slot()
    def _on_check(self) -> None:
        text = self.view.path_edit.text().strip()
        if not text:
            self.view.message_label.setText(self.tr("Please choose a roster file."))
            return
        self._gen.renew()
        self._set_preview(None)
        self.view.result_label.setText("")
        self._busy(True)
        roster, session, relay = self._roster, self._session, self.relay
        path = Path(text)
        self._tasks.submit(
            lambda: roster.preview(session, path, progress=relay.report),
            on_ok=self._gen.bind(self._on_preview),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    def _on_preview(self, preview: RosterPreview) -> None:
        self._busy(False)
        self._set_preview(preview)

    def _on_error(self, exc: BaseException) -> None:
        self._busy(False)
        self.view.message_label.setText(message_for(exc))

    def _set_preview(self, preview: RosterPreview | None) -> None:
        self.preview = preview
        v = self.view
        v.message_label.setText("")
        if preview is None:
            v.summary_label.setText("")
            fill_table(v.issues_table, [])
            self._update_import_button()
            return
        summary = self.tr(
            "%1 rows (%2%3) for %4 (%5). New: %6, updated: %7, code changed: %8, unchanged: %9."
        )
        for i, value in enumerate(
            [
                preview.total_rows,
                preview.file_format.upper(),
                f", {preview.encoding}" if preview.encoding else "",
                preview.school_name,
                preview.school_code,
                preview.to_create,
                preview.to_update,
                preview.code_changes,
                preview.unchanged,
            ],
            start=1,
        ):
            summary = summary.replace(f"%{i}", str(value))
        if preview.not_in_file:
            summary += " " + self.tr(
                "%1 students in the database are not in this file; they stay."
            ).replace("%1", str(preview.not_in_file))
        if preview.student_no_changes:
            summary += " " + self.tr("Student number changed (same ID number): %1").replace(
                "%1", "; ".join(f"{old} → {new}" for old, new in preview.student_no_changes[:20])
            )
        v.summary_label.setText(summary)
        if preview.issues:
            v.message_label.setText(
                self.tr("%1 rows have problems. Nothing is imported unless you skip them.").replace(
                    "%1", str(preview.bad_rows)
                )
            )
        fill_table(
            v.issues_table,
            [
                (issue.line, texts.column_text(issue.column), texts.row_issue_text(issue))
                for issue in preview.issues
            ],
        )
        self._update_import_button()

    @Slot()
    def _update_import_button(self) -> None:
        p = self.preview
        ok = p is not None and bool(p.rows) and (p.ok or self.view.skip_check.isChecked())
        self.view.import_button.setEnabled(ok)
        if p is not None:
            self.view.import_button.setText(
                self.tr("Import %1 students").replace("%1", str(len(p.rows)))
            )
        else:
            self.view.import_button.setText(self.tr("Import"))

    @Slot()
    def _on_import(self) -> None:
        preview = self.preview
        if preview is None:
            return
        skip = self.view.skip_check.isChecked()
        self._busy(True)
        roster, session, relay = self._roster, self._session, self.relay
        self._tasks.submit(
            lambda: roster.apply(session, preview, skip_bad_rows=skip, progress=relay.report),
            on_ok=self._gen.bind(self._on_imported),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    def _on_imported(self, result: ImportResult) -> None:
        self.result = result
        self._set_preview(None)
        self._busy(False)
        text = self.tr(
            "Imported: %1 new, %2 updated, %3 codes changed, %4 unchanged, %5 rows skipped."
        )
        for i, value in enumerate(
            [
                result.created,
                result.updated,
                result.code_changes,
                result.unchanged,
                result.skipped_rows,
            ],
            start=1,
        ):
            text = text.replace(f"%{i}", str(value))
        self.view.result_label.setText(text)
        self.imported.emit(result)

    @Slot(str, int, int)
    def _on_progress(self, phase: str, done: int, total: int) -> None:
        bar = self.view.progress_bar
        if total > 0:
            bar.setRange(0, total)
            bar.setValue(min(done, total))
        else:
            bar.setRange(0, 0)
        names = {
            "read": self.tr("Reading"),
            "check": self.tr("Checking"),
            "plan": self.tr("Comparing with the database"),
            "write": self.tr("Writing"),
        }
        bar.setFormat(f"{names.get(phase, phase)} %v/%m")
