# SPDX-License-Identifier: MIT
"""StaffSessionGate: the station's signed-in staff member, and the way in front of every staff
action.

A staff member signs in once (the station's opening login, or "Sign in" in the staff menu or the
status bar). A staff action then runs through :meth:`StaffSessionGate.run`, which asks the
service (``SessionService.require``) whether the session still holds:

* it does → the action runs at once, no dialog;
* an admin-only action and the password is older than the window → the password alone;
* no one signed in, or the session ended (idle time, signed out) → the full sign-in;
* the account was disabled or its role changed → refused with a message, signed out.

The service checks again when the action itself runs, so the UI is never the only guard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from tucai_desk.services.dto import StaffSession
from tucai_desk.services.staff import StaffService
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.staff.login import StaffLoginDialog
from tucai_desk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# The session no longer exists: sign in again. The account changed: refuse and sign out.
_SIGN_IN_AGAIN = ("session_ended", "session_expired")
_REFUSED = ("account_disabled", "role_changed")


class StaffSessionGate(QObject):
    """Holds the signed-in staff member; ``session_changed(session or None)`` on every change."""

    session_changed = Signal(object)

    def __init__(
        self,
        staff: StaffService,
        tasks: TaskRunner,
        window: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self._tasks = tasks
        self._window = window
        self.session: StaffSession | None = None
        self.login_dialog: StaffLoginDialog | None = None

    # -- signing in and out -----------------------------------------------------------------------
    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.session_changed.emit(session)

    def sign_in(self, then: Callable[[StaffSession], None] | None = None) -> StaffLoginDialog:
        """The full sign-in (replacing whoever was signed in)."""
        return self._ask(self.tr("Staff sign-in"), then, reauth=None)

    def sign_out(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            staff = self._staff
            self._tasks.submit(lambda: staff.logout(session), on_ok=lambda _: None, uses_db=True)
        self.session_changed.emit(None)

    def forget(self) -> None:
        """The session ended elsewhere (the console's log-out or idle time): nothing to record."""
        if self.session is not None:
            self.session = None
            self.session_changed.emit(None)

    # -- the gate in front of each action --------------------------------------------------------
    def run(
        self,
        purpose: str,
        then: Callable[[StaffSession], None],
        *,
        admin: bool = False,
        fresh: bool = False,
    ) -> None:
        """Run ``then(session)`` once the session holds for this action (see the module doc)."""
        session = self.session
        if session is None:
            self._ask(purpose, lambda s: self.run(purpose, then, admin=admin, fresh=fresh))
            return
        sessions = self._staff.sessions

        def refused(exc: BaseException) -> None:
            code = getattr(exc, "code", "")
            if type(exc).__name__ != "SessionError":
                dialogs.show_error(self._window, exc)
            elif code == "reauth_required":
                self._ask(purpose, then, reauth=session, notice=texts.session_error_text(code))
            elif code in _SIGN_IN_AGAIN:
                self.forget()
                self._ask(
                    purpose,
                    lambda s: self.run(purpose, then, admin=admin, fresh=fresh),
                    notice=texts.session_error_text(code),
                )
            else:
                if code in _REFUSED:
                    self.forget()
                dialogs.inform(self._window, texts.session_error_text(code))

        self._tasks.submit(
            lambda: sessions.require(session, admin=admin, fresh=fresh),
            on_ok=lambda _: then(session),
            on_err=refused,
            uses_db=True,
        )

    def _ask(
        self,
        purpose: str,
        then: Callable[[StaffSession], None] | None,
        *,
        reauth: StaffSession | None = None,
        notice: str = "",
    ) -> StaffLoginDialog:
        dialog = StaffLoginDialog(
            self._staff, self._tasks, purpose, self._window, reauth=reauth, notice=notice
        )
        self.login_dialog = dialog

        def authenticated(session: StaffSession) -> None:
            self.login_dialog = None
            if reauth is None:
                old = self.session
                if old is not None and old.token != session.token:
                    staff = self._staff
                    self._tasks.submit(
                        lambda: staff.logout(old), on_ok=lambda _: None, uses_db=True
                    )
                self.set_session(session)
            if then is not None:
                then(session)

        dialog.authenticated.connect(authenticated)
        dialog.rejected.connect(self._forget_dialog)
        dialog.open()
        return dialog

    @Slot()
    def _forget_dialog(self) -> None:
        self.login_dialog = None
