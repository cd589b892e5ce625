# SPDX-License-Identifier: MIT
"""The staff menu: unlock, the liveness switch, the demo payment, ending a student, locking.

Every protected action first asks for a staff login (a fresh one each time: the station is used
by students between staff actions) and is then carried out — and audited — by ``StaffService``.
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
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.staff.login import StaffLoginDialog
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
        self.login_dialog: StaffLoginDialog | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.menu = QMenu(self.tr("&Staff"), window)
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

    # -- the login in front of each action --------------------------------------------------------
    def _with_login(
        self, purpose: str, then: Callable[[StaffSession], None], *, admin: bool = False
    ) -> StaffLoginDialog:
        dialog = StaffLoginDialog(self._staff, self._tasks, purpose, self._window)
        self.login_dialog = dialog

        def authenticated(session: StaffSession) -> None:
            self.login_dialog = None
            if admin and not session.is_admin:
                dialogs.inform(self._window, texts.flow_error_text("not_allowed"))
                self._logout(session)
                return
            then(session)

        dialog.authenticated.connect(authenticated)
        dialog.rejected.connect(self._forget_login_dialog)
        dialog.open()
        return dialog

    def with_login(
        self, purpose: str, then: Callable[[StaffSession], None], *, admin: bool = False
    ) -> StaffLoginDialog:
        """A staff login, then ``then(session)`` (refused with a message when ``admin`` is asked
        for and the account is not an administrator's)."""
        return self._with_login(purpose, then, admin=admin)

    def logout(self, session: StaffSession) -> None:
        self._logout(session)

    @Slot()
    def _forget_login_dialog(self) -> None:
        self.login_dialog = None

    def _logout(self, session: StaffSession) -> None:
        staff = self._staff
        self._tasks.submit(lambda: staff.logout(session), on_ok=lambda _: None, uses_db=True)

    # -- staff console ----------------------------------------------------------------------------
    @Slot()
    def open_console(self) -> None:
        """The console decides per role what a session may do (operators: their own password)."""
        self._with_login(self.tr("Staff console: staff login"), self.console_requested.emit)

    # -- unlock -----------------------------------------------------------------------------------
    @Slot()
    def unlock(self) -> None:
        self._with_login(self.tr("Unlock account: staff login"), self._open_unlock, admin=True)

    def _open_unlock(self, session: StaffSession) -> None:
        dialog = UnlockDialog(
            self._staff,
            self._capture,
            self._tasks,
            session,
            self._current_student(),
            self._window,
        )
        self.unlock_dialog = dialog
        dialog.changed.connect(self.locks_changed)

        def closed() -> None:
            self.unlock_dialog = None
            self._logout(session)

        dialog.finished.connect(lambda _: closed())
        dialog.open()

    # -- liveness switch --------------------------------------------------------------------------
    @Slot(bool)
    def _on_liveness_toggled(self, checked: bool) -> None:
        self.sync_liveness()  # the switch only moves once the change is done
        self._with_login(
            self.tr("Switch liveness check: staff login"),
            lambda session: self._set_liveness(session, checked),
            admin=True,
        )

    def _set_liveness(self, session: StaffSession, enabled: bool) -> None:
        staff = self._staff

        def done(_: object) -> None:
            self._logout(session)
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
        self._with_login(
            self.tr("Confirm payment: staff login"),
            lambda session: self._confirm_payment(session, student),
        )

    def _confirm_payment(self, session: StaffSession, student: StudentView) -> None:
        staff = self._staff

        def done(payment: PaymentView) -> None:
            self._logout(session)
            self.payment_confirmed.emit(payment)

        self._tasks.submit(
            lambda: staff.confirm_payment(session, student.id),
            on_ok=done,
            on_err=lambda exc: dialogs.show_error(self._window, exc),
            uses_db=True,
        )
