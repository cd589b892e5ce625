# SPDX-License-Identifier: MIT
"""The staff menu: sign in and out, unlock, the liveness switch, the demo payment, ending a
student, locking.

Staff sign in once; each action goes through the :class:`StaffSessionGate`, which asks for a
sign-in only when no one is signed in (or the session ended) and for the password alone when an
admin-only action finds it older than the window. ``StaffService`` carries the action out, checks
the session again and audits it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import PaymentView, StaffSession, StudentView
from tucai_desk.services.staff import StaffService
from tucai_desk.ui import dialogs
from tucai_desk.ui.staff.login import StaffLoginDialog
from tucai_desk.ui.staff.session_gate import StaffSessionGate
from tucai_desk.ui.staff.unlock_dialog import UnlockDialog
from tucai_desk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class StaffActions(QObject):
    """Builds the 工作人员 menu and runs its actions. Lives on the GUI thread."""

    locks_changed = Signal(int)  # a student's locks were cleared
    payment_confirmed = Signal(object)  # PaymentView
    liveness_changed = Signal(bool)
    end_student_requested = Signal()
    lock_station_requested = Signal()
    quit_requested = Signal()
    console_requested = Signal(object)  # StaffSession: open the staff console for it

    def __init__(
        self,
        staff: StaffService,
        capture: CaptureService,
        tasks: TaskRunner,
        window: QWidget,
        *,
        demo: bool,
        liveness_enabled: Callable[[], bool],
        current_student: Callable[[], StudentView | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self._capture = capture
        self._tasks = tasks
        self._window = window
        self._demo = demo
        self._liveness_enabled = liveness_enabled
        self._current_student = current_student
        self.gate = StaffSessionGate(staff, tasks, window, self)
        self.unlock_dialog: UnlockDialog | None = None
        self.menu = QMenu(self.tr("&Staff"), window)
        self.sign_in_action = QAction(self.tr("Sign in…"), self)
        self.sign_out_action = QAction(self.tr("Sign out"), self)
        self.console_action = QAction(self.tr("Staff console…"), self)
        self.console_action.setShortcut(QKeySequence("Ctrl+K"))
        self.unlock_action = QAction(self.tr("Unlock account…"), self)
        self.unlock_action.setShortcut(QKeySequence("Ctrl+U"))
        self.liveness_action = QAction(self.tr("Liveness check"), self)
        self.liveness_action.setCheckable(True)
        self.payment_action = QAction(self.tr("Confirm payment (demo)"), self)
        self.payment_action.setVisible(demo)
        self.end_action = QAction(self.tr("End current student"), self)
        self.end_action.setShortcut(QKeySequence("Ctrl+E"))
        self.lock_action = QAction(self.tr("Lock station"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        for action in (self.sign_in_action, self.sign_out_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (
            self.console_action,
            self.unlock_action,
            self.liveness_action,
            self.payment_action,
        ):
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (self.end_action, self.lock_action, self.quit_action):
            self.menu.addAction(action)
        self.sync_liveness()
        self.sign_in_action.triggered.connect(self.sign_in)
        self.sign_out_action.triggered.connect(self.gate.sign_out)
        self.gate.session_changed.connect(self._on_session_changed)
        self._on_session_changed(None)
        self.console_action.triggered.connect(self.open_console)
        self.unlock_action.triggered.connect(self.unlock)
        self.liveness_action.triggered.connect(self._on_liveness_toggled)
        self.payment_action.triggered.connect(self.confirm_payment)
        self.end_action.triggered.connect(self.end_student_requested)
        self.lock_action.triggered.connect(self.lock_station_requested)
        self.quit_action.triggered.connect(self.quit_requested)

    def sync_liveness(self) -> None:
        self.liveness_action.blockSignals(True)
        self.liveness_action.setChecked(self._liveness_enabled())
        self.liveness_action.blockSignals(False)

    def set_enabled(self, enabled: bool) -> None:
        """Staff actions need an open station (after the opening login)."""
        for action in (
            self.console_action,
            self.unlock_action,
            self.liveness_action,
            self.payment_action,
            self.end_action,
            self.lock_action,
        ):
            action.setEnabled(enabled)
        self._open = enabled
        self._on_session_changed(self.gate.session)

    @property
    def login_dialog(self) -> StaffLoginDialog | None:
        """The sign-in (or password) dialog now open, if any."""
        return self.gate.login_dialog

    @property
    def session(self) -> StaffSession | None:
        return self.gate.session

    @Slot()
    def sign_in(self) -> None:
        self.gate.sign_in()

    @Slot(object)
    def _on_session_changed(self, session: object) -> None:
        opened = getattr(self, "_open", False)
        self.sign_in_action.setEnabled(opened)
        self.sign_out_action.setEnabled(opened and session is not None)

    # -- staff console ----------------------------------------------------------------------------
    @Slot()
    def open_console(self) -> None:
        """The console decides per role what a session may do (operators: their own password)."""
        self.gate.run(
            self.tr("Staff console: staff login"), self.console_requested.emit, fresh=True
        )

    # -- unlock -----------------------------------------------------------------------------------
    @Slot()
    def unlock(self) -> None:
        self.gate.run(
            self.tr("Unlock account: staff login"), self._open_unlock, admin=True, fresh=True
        )

    def _open_unlock(self, session: StaffSession) -> None:
        dialog = UnlockDialog(
            self._staff,
            self._capture,
            self._tasks,
            session,
            self._current_student(),
            self._window,
            run_admin=lambda then: self.gate.run(
                self.tr("Unlock account: staff login"), then, admin=True, fresh=True
            ),
        )
        self.unlock_dialog = dialog
        dialog.changed.connect(self.locks_changed)

        def closed() -> None:
            self.unlock_dialog = None

        dialog.finished.connect(lambda _: closed())
        dialog.open()

    # -- liveness switch --------------------------------------------------------------------------
    @Slot(bool)
    def _on_liveness_toggled(self, checked: bool) -> None:
        self.sync_liveness()  # the switch only moves once the change is done
        self.gate.run(
            self.tr("Switch liveness check: staff login"),
            lambda session: self._set_liveness(session, checked),
            admin=True,
            fresh=True,
        )

    def _set_liveness(self, session: StaffSession, enabled: bool) -> None:
        staff = self._staff

        def done(_: object) -> None:
            self.sync_liveness()
            self.liveness_changed.emit(enabled)

        self._tasks.submit(
            lambda: staff.set_liveness_enabled(session, enabled),
            on_ok=done,
            on_err=lambda exc: dialogs.show_error(self._window, exc),
            uses_db=True,
        )

    # -- demo payment -----------------------------------------------------------------------------
    @Slot()
    def confirm_payment(self) -> None:
        student = self._current_student()
        if student is None:
            dialogs.inform(self._window, self.tr("No student is being served."))
            return
        self.gate.run(
            self.tr("Confirm payment: staff login"),
            lambda session: self._confirm_payment(session, student),
            admin=True,
            fresh=True,
        )

    def _confirm_payment(self, session: StaffSession, student: StudentView) -> None:
        staff = self._staff

        def done(payment: PaymentView) -> None:
            self.payment_confirmed.emit(payment)

        self._tasks.submit(
            lambda: staff.confirm_payment(session, student.id),
            on_ok=done,
            on_err=lambda exc: dialogs.show_error(self._window, exc),
            uses_db=True,
        )
