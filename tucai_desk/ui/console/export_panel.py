# SPDX-License-Identifier: MIT
"""Export of the accepted photos (ZIP + manifest) and the daily report (screen and CSV)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.services.dto import StaffSession
from tucai_desk.services.export import ExportResult, ExportService
from tucai_desk.services.reports import DailyReport, ReportService
from tucai_desk.ui.console import names, texts
from tucai_desk.ui.console.common import ProgressRelay, fill_table, make_table, message_for
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)


class ExportView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        box = QGroupBox(self.tr("Export photos"))
        form = QFormLayout(box)
        self.name_by_combo = QComboBox()
        self.name_by_combo.addItem(self.tr("Student number (学号)"), "student_no")
        self.name_by_combo.addItem(self.tr("ID number (身份证号)"), "id_number")
        form.addRow(self.tr("Name the files by"), self.name_by_combo)
        self.unsynced_check = QCheckBox(
            self.tr("Also photos confirmed here but not yet accepted (offline or demo station)")
        )
        form.addRow("", self.unsynced_check)
        row = QHBoxLayout()
        self.out_edit = QLineEdit()
        self.browse_button = QPushButton(self.tr("Choose…"))
        row.addWidget(self.out_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(self.tr("ZIP file"), row)
        self.export_button = QPushButton(self.tr("Export"))
        form.addRow("", self.export_button)
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        form.addRow(self.progress_bar)
        self.export_label = label("")
        form.addRow(self.export_label)
        self.skipped_table = make_table([self.tr("Student number"), self.tr("Left out because")])
        self.skipped_table.setMaximumHeight(140)
        form.addRow(self.skipped_table)
        layout.addWidget(box)

        report = QGroupBox(self.tr("Daily report"))
        rl = QVBoxLayout(report)
        top = QHBoxLayout()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.refresh_button = QPushButton(self.tr("Show"))
        self.save_button = QPushButton(self.tr("Save as CSV…"))
        self.save_button.setEnabled(False)
        top.addWidget(label(self.tr("Day"), wrap=False))
        top.addWidget(self.date_edit)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.save_button)
        rl.addLayout(top)
        self.report_label = label("")
        rl.addWidget(self.report_label)
        self.report_table = make_table([self.tr("Section"), self.tr("Item"), self.tr("Value")])
        rl.addWidget(self.report_table, 1)
        layout.addWidget(report, 1)


class ExportPanel(QWidget):
    def __init__(
        self,
        export: ExportService,
        reports: ReportService,
        session: StaffSession,
        tasks: TaskRunner,
        *,
        default_folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._export = export
        self._reports = reports
        self._session = session
        self._tasks = tasks
        self._folder = default_folder
        self._gen = Generation()
        self.result: ExportResult | None = None
        self.report: DailyReport | None = None
        self.relay = ProgressRelay(self)
        self.view = ExportView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.out_edit.setText(str(default_folder / self._default_name()))
        self.view.date_edit.setDate(QDate.currentDate())
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        v.browse_button.clicked.connect(self._on_browse)
        v.export_button.clicked.connect(self._on_export)
        v.refresh_button.clicked.connect(self._on_refresh)
        v.save_button.clicked.connect(self._on_save)
        self.relay.progressed.connect(self._on_progress)

    def load_defaults(self) -> None:
        """The naming from the console setting and today by the station's clock (database
        reads, on the db worker)."""
        export, reports = self._export, self._reports

        def chosen(values: tuple[str, date]) -> None:
            name_by, today = values
            index = self.view.name_by_combo.findData(name_by)
            if index >= 0:
                self.view.name_by_combo.setCurrentIndex(index)
            self.view.date_edit.setDate(QDate(today.year, today.month, today.day))

        self._tasks.submit(
            lambda: (export.default_name_by(), reports.today()),
            on_ok=self._gen.bind(chosen),
            on_err=lambda exc: log.warning("no export defaults: %s", exc),
            uses_db=True,
        )

    @staticmethod
    def _default_name() -> str:
        return f"tucai-export-{datetime.now():%Y%m%d-%H%M%S}.zip"

    @Slot()
    def _on_browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export photos to"), self.view.out_edit.text(), self.tr("ZIP (*.zip)")
        )
        if path:
            self.view.out_edit.setText(path if path.lower().endswith(".zip") else path + ".zip")

    @Slot()
    def _on_export(self) -> None:
        v = self.view
        out = v.out_edit.text().strip()
        if not out:
            v.export_label.setText(self.tr("Please choose where to save the ZIP file."))
            return
        name_by = v.name_by_combo.currentData()
        unsynced = v.unsynced_check.isChecked()
        export, session, relay = self._export, self._session, self.relay
        v.export_button.setEnabled(False)
        v.progress_bar.setVisible(True)
        v.progress_bar.setRange(0, 0)
        v.export_label.setText(self.tr("Exporting…"))
        self._tasks.submit(
            lambda: export.export(
                session,
                Path(out),
                name_by=name_by,
                include_unsynced=unsynced,
                progress=relay.report,
            ),
            on_ok=self._gen.bind(self._on_exported),
            on_err=self._gen.bind(self._on_export_failed),
            uses_db=True,
        )

    def _on_exported(self, result: ExportResult) -> None:
        self.result = result
        v = self.view
        v.export_button.setEnabled(True)
        v.progress_bar.setVisible(False)
        v.export_label.setText(
            self.tr("%1 photos exported to %2")
            .replace("%1", str(result.files))
            .replace("%2", str(result.path))
        )
        fill_table(
            v.skipped_table,
            [(s.student_no, texts.skip_reason_text(s.reason)) for s in result.skipped],
        )
        v.out_edit.setText(str(result.path.parent / self._default_name()))

    def _on_export_failed(self, exc: BaseException) -> None:
        v = self.view
        v.export_button.setEnabled(True)
        v.progress_bar.setVisible(False)
        v.export_label.setText(message_for(exc))
        skipped = getattr(exc, "skipped", ())  # every photo was left out: say why, each
        fill_table(
            v.skipped_table, [(s.student_no, texts.skip_reason_text(s.reason)) for s in skipped]
        )

    @Slot(str, int, int)
    def _on_progress(self, _phase: str, done: int, total: int) -> None:
        bar = self.view.progress_bar
        bar.setRange(0, max(total, 0))
        bar.setValue(min(done, total))

    # -- daily report ----------------------------------------------------------------------------
    def selected_day(self) -> date:
        q = self.view.date_edit.date()
        return date(q.year(), q.month(), q.day())

    @Slot()
    def _on_refresh(self) -> None:
        reports, session, day = self._reports, self._session, self.selected_day()
        self.view.report_label.setText(self.tr("Loading…"))
        self._tasks.submit(
            lambda: reports.daily(session, day),
            on_ok=self._gen.bind(self._on_report),
            on_err=self._gen.bind(self._on_report_failed),
            uses_db=True,
        )

    def _on_report(self, report: DailyReport) -> None:
        self.report = report
        f = report.figures
        self.view.report_label.setText(
            self.tr("%1: %2 students confirmed, %3 photos taken (%4 failed), backlog %5.")
            .replace("%1", report.day.isoformat())
            .replace("%2", str(f.confirmed_today))
            .replace("%3", str(f.photo_attempts_today))
            .replace("%4", str(f.photo_failed_today))
            .replace("%5", str(f.outbox_backlog))
        )
        fill_table(
            self.view.report_table,
            [
                (texts.report_section_text(section), names.report_item_text(section, key), value)
                for section, key, _label, value in report.rows()
            ],
        )
        self.view.save_button.setEnabled(True)

    def _on_report_failed(self, exc: BaseException) -> None:
        self.view.report_label.setText(message_for(exc))

    @Slot()
    def _on_save(self) -> None:
        report = self.report
        if report is None:
            return
        suggested = str(self._folder / f"tucai-report-{report.day.isoformat()}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as"), suggested, self.tr("CSV (*.csv)")
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        report, reports, session = self.report, self._reports, self._session
        if report is None:
            return
        self._tasks.submit(
            lambda: reports.save_csv(session, report, path),
            on_ok=self._gen.bind(
                lambda p: self.view.report_label.setText(
                    self.tr("Report saved to %1").replace("%1", str(p))
                )
            ),
            on_err=self._gen.bind(self._on_report_failed),
            uses_db=True,
        )
