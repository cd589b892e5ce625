# SPDX-License-Identifier: MIT
"""ConsoleWindow: the staff console for one logged-in staff member.

Admins get every tab (lookup, roster import, export and daily report, audit log, accounts) and
the settings dialog; an operator only their own password. The window shows the station's signed-in
staff member (see ``StaffSessionGate``): "Log out" and the idle time (a console setting, 10
minutes by default) end that staff session; closing the window leaves it signed in at the
station. ``session_ended(reason)`` is emitted with ``logout``, ``closed`` or ``idle``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from tucai_desk.services.app import Station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.dto import StaffSession
from tucai_desk.ui.console.accounts_panel import AccountsPanel
from tucai_desk.ui.console.audit_panel import AuditPanel
from tucai_desk.ui.console.export_panel import ExportPanel
from tucai_desk.ui.console.idle import IdleWatcher
from tucai_desk.ui.console.import_panel import ImportPanel
from tucai_desk.ui.console.lookup_panel import LookupPanel
from tucai_desk.ui.console.settings_dialog import SettingsDialog
from tucai_desk.ui.staff.session_gate import StaffSessionGate
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)


class ConsoleWindow(QWidget):
    """A top-level window (or embeddable widget) for ``session``; see the module docstring."""

    session_ended = Signal(str)
    locks_changed = Signal(int)  # a student's lock was cleared (the flow may refresh its gate)
    settings_saved = Signal(object)  # list[SettingsChange]

    def __init__(
        self,
        station: Station,
        staff_session: StaffSession,
        task_runner: TaskRunner,
        *,
        services: ConsoleServices | None = None,
        idle_ms: int | None = None,
        gate: StaffSessionGate | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``services`` and ``idle_ms`` are for tests (a fake clock, a short idle time);
        ``gate``: the station's signed-in staff (admin actions ask it for the password again)."""
        super().__init__(parent)
        self.gate = gate
        self.setWindowTitle(self.tr("Staff console — %1").replace("%1", staff_session.username))
        self.setProperty("role", "staff")
        self.resize(1100, 760)
        self.station = station
        self.session = staff_session
        self.tasks = task_runner
        self.services = services or ConsoleServices.for_station(station)
        self._ended = False
        self.settings_dialog: SettingsDialog | None = None
        s, admin = self.services, staff_session.is_admin

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        role = self.tr("admin") if admin else self.tr("operator")
        self.user_label = label(
            self.tr("Logged in: %1 (%2)").replace("%1", staff_session.username).replace("%2", role),
            "muted",
        )
        self.settings_button = QPushButton(self.tr("Settings…"))
        self.settings_button.setVisible(admin)
        self.logout_button = QPushButton(self.tr("Log out"))
        top.addWidget(self.user_label, 1)
        top.addWidget(self.settings_button)
        top.addWidget(self.logout_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.lookup: LookupPanel | None = None
        self.importer: ImportPanel | None = None
        self.export: ExportPanel | None = None
        self.audit: AuditPanel | None = None
        if admin:
            self.lookup = LookupPanel(
                s.lookup, station.staff, staff_session, task_runner, run_admin=self._run_admin
            )
            self.importer = ImportPanel(s.roster, staff_session, task_runner)
            self.export = ExportPanel(
                s.export,
                s.reports,
                staff_session,
                task_runner,
                default_folder=station.data_dir / "exports",
            )
            self.audit = AuditPanel(s.accounts, staff_session, task_runner)
            self.tabs.addTab(self.lookup, self.tr("Find student"))
            self.tabs.addTab(self.importer, self.tr("Import roster"))
            self.tabs.addTab(self.export, self.tr("Export and report"))
            self.tabs.addTab(self.audit, self.tr("Audit log"))
        self.accounts = AccountsPanel(s.accounts, staff_session, task_runner)
        self.tabs.addTab(self.accounts, self.tr("Accounts") if admin else self.tr("My account"))

        self.idle = IdleWatcher(self, idle_ms or 10 * 60 * 1000, self)
        self._connect_signals()
        self._start(idle_ms)

    def _connect_signals(self) -> None:
        self.logout_button.clicked.connect(self.logout)
        self.settings_button.clicked.connect(self.open_settings)
        self.idle.timed_out.connect(self._on_idle)
        if self.lookup is not None:
            self.lookup.student_page.locks_changed.connect(self.locks_changed)

    def _start(self, idle_ms: int | None) -> None:
        self.idle.start()
        if idle_ms is None:
            accounts = self.services.accounts
            self.tasks.submit(
                lambda: accounts.idle_policy().seconds,
                on_ok=lambda seconds: self.idle.set_timeout_ms(int(seconds * 1000)),
                on_err=lambda exc: log.warning("idle policy not read: %s", exc),
                uses_db=True,
            )
        if self.session.is_admin:
            assert self.export is not None and self.lookup is not None
            self.export.load_defaults()
            self.accounts.refresh()
            self.lookup.view.search_edit.setFocus()

    def _run_admin(self, then: Callable[[StaffSession], None]) -> None:
        """An admin change from the console: through the station's gate (the password again
        when the sign-in is older than the window), else at once with the console's session."""
        if self.gate is None:
            then(self.session)
            return
        purpose = self.tr("Confirm with your password")
        self.gate.run(purpose, then, admin=True, fresh=True)

    # -- settings -------------------------------------------------------------------------------
    @Slot()
    def open_settings(self) -> SettingsDialog | None:
        if not self.session.is_admin:
            return None
        dialog = SettingsDialog(self.services.settings, self.session, self.tasks, self)
        self.settings_dialog = dialog
        dialog.saved.connect(self._on_settings_saved)
        dialog.finished.connect(self._forget_settings)
        dialog.open()
        return dialog

    def _on_settings_saved(self, changes: object) -> None:
        self.settings_saved.emit(changes)
        accounts = self.services.accounts
        self.tasks.submit(
            lambda: accounts.idle_policy().seconds,
            on_ok=lambda seconds: self.idle.set_timeout_ms(int(seconds * 1000)),
            on_err=lambda exc: log.warning("idle policy not read: %s", exc),
            uses_db=True,
        )

    @Slot()
    def _forget_settings(self) -> None:
        self.settings_dialog = None

    # -- ending the session ---------------------------------------------------------------------
    @Slot()
    def logout(self) -> None:
        self._end("logout")
        self.close()

    @Slot(float)
    def _on_idle(self, idle_seconds: float) -> None:
        if self._ended:
            return
        accounts, session = self.services.accounts, self.session
        self.tasks.submit(
            lambda: accounts.end_idle_session(session, idle_seconds),
            on_ok=lambda _: None,
            on_err=lambda exc: log.warning("idle logout not audited: %s", exc),
            uses_db=True,
        )
        self._ended = True
        self.idle.stop()
        if self.settings_dialog is not None:
            self.settings_dialog.reject()
        self.session_ended.emit("idle")
        self.close()

    def _end(self, reason: str) -> None:
        if self._ended:
            return
        self._ended = True
        self.idle.stop()
        if reason == "closed" and self.gate is not None:
            # The station's staff session goes on (the status bar shows it); only "Log out" or
            # the idle time end it.
            self.session_ended.emit(reason)
            return
        accounts, session = self.services.accounts, self.session
        try:
            self.tasks.submit(
                lambda: accounts.logout(session),
                on_ok=lambda _: None,
                on_err=lambda exc: log.warning("logout not audited: %s", exc),
                uses_db=True,
            )
        except RuntimeError:
            # The station is shutting down (its task runner is closed): nothing left to record.
            log.warning("console closed after the task runner; logout not audited")
        self.session_ended.emit(reason)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._end("closed")
        super().closeEvent(event)
