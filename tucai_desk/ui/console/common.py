# SPDX-License-Identifier: MIT
"""Small pieces shared by the console panels: progress from a worker thread, tables, errors."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from tucai_desk.ui import dialogs
from tucai_desk.ui import texts as shared_texts
from tucai_desk.ui.console import texts

log = logging.getLogger(__name__)


class ProgressRelay(QObject):
    """Carries ``progress(phase, done, total)`` calls from a worker thread to the GUI thread.

    Created on the GUI thread; :meth:`report` may be called from any thread (the signal is
    queued to the relay's thread when emitted elsewhere).
    """

    progressed = Signal(str, int, int)

    def report(self, phase: str, done: int, total: int) -> None:
        self.progressed.emit(phase, int(done), int(total))


def message_for(exc: BaseException) -> str:
    return texts.error_text(exc) or dialogs.error_text(exc)


def error_box(parent: QWidget | None) -> Callable[[BaseException], None]:
    """An ``on_err`` handler that shows the console's message for the error."""

    def show(exc: BaseException) -> None:
        dialogs.inform(parent, message_for(exc), icon=QMessageBox.Icon.Warning)

    return show


def time_text(moment: datetime | None) -> str:
    return shared_texts.format_local_time(moment) if moment is not None else ""


def make_table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def fill_table(
    table: QTableWidget, rows: Sequence[Sequence[object]], data: Sequence[object] | None = None
) -> None:
    """Replace the table's rows; ``data[i]`` goes into row i's first cell (UserRole)."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            table.setItem(r, c, item)


def row_data(table: QTableWidget) -> object | None:
    """The UserRole data of the selected row's first cell."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
