# SPDX-License-Identifier: MIT
"""Staff login: the page that opens the station, the first-admin page, and the login dialog that
every protected staff action asks for first."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.services.dto import StaffSession
from tucai_desk.services.staff import StaffService
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import button, enlarge, label

log = logging.getLogger(__name__)
MIN_PASSWORD = 8


class LoginForm(QWidget):
    """User name, password, a message line and the login button (layout only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "staff")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.user_edit = QLineEdit()
        self.user_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(256)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        layout.addLayout(form)
        self.message_label = label("", "error")
        layout.addWidget(self.message_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button(self.tr("Cancel"))
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        self.login_button = button(self.tr("Log in"), primary=True)
        self.login_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row.addWidget(self.login_button)
        layout.addLayout(row)


class LoginController(QWidget):
    """Wires a :class:`LoginForm` to ``StaffService.login``; emits ``authenticated(session)``."""

    authenticated = Signal(object)

    def __init__(
        self,
        staff: StaffService,
        tasks: TaskRunner,
        form: LoginForm,
        parent: QWidget | None = None,
        *,
        submit: Callable[[str, str], StaffSession] | None = None,
    ) -> None:
        """``submit(username, password)``: the sign-in (by default ``StaffService.login``)."""
        super().__init__(parent)
        self._staff = staff
        self._submit = submit or staff.login
        self._tasks = tasks
        self._gen = Generation()
        self.form = form
        form.login_button.clicked.connect(self._on_login)
        form.password_edit.returnPressed.connect(self._on_login)
        form.user_edit.returnPressed.connect(form.password_edit.setFocus)

    def reset(self, username: str = "") -> None:
        self._gen.renew()
        if self.form.user_edit.isEnabled():
            self.form.user_edit.setText(username)
        self.form.password_edit.clear()
        self.form.message_label.setText("")
        self.form.login_button.setEnabled(True)
        filled = username or not self.form.user_edit.isEnabled()
        (self.form.password_edit if filled else self.form.user_edit).setFocus()

    @Slot()
    def _on_login(self) -> None:
        username = self.form.user_edit.text().strip()
        password = self.form.password_edit.text()
        if not username or not password:
            self.form.message_label.setText(texts.login_error_text("empty"))
            return
        self.form.login_button.setEnabled(False)
        submit = self._submit
        self._tasks.submit(
            lambda: submit(username, password),
            on_ok=self._gen.bind(self._on_ok),
            on_err=self._gen.bind(self._on_err),
            uses_db=True,
        )

    def _on_ok(self, session: StaffSession) -> None:
        self.form.login_button.setEnabled(True)
        self.form.password_edit.clear()
        self.form.message_label.setText("")
        log.info("staff %s logged in", session.staff_id)
        self.authenticated.emit(session)

    def _on_err(self, exc: BaseException) -> None:
        self.form.login_button.setEnabled(True)
        self.form.password_edit.clear()
        self.form.message_label.setText(dialogs.error_text(exc))
        self.form.password_edit.setFocus()


class StationLoginPage(QWidget):
    """The station is closed until a staff member logs in."""

    logged_in = Signal(object)

    def __init__(
        self,
        staff: StaffService,
        tasks: TaskRunner,
        *,
        school_name: str,
        demo: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        enlarge(self, 16.0)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(620)
        inner = QVBoxLayout(box)
        inner.addWidget(label(self.tr("Photo collection station"), "title"))
        inner.addWidget(label(school_name, "big"))
        inner.addWidget(label(self.tr("Staff login to open the station"), "muted"))
        self.form = LoginForm()
        inner.addWidget(self.form)
        self.demo_label = label(
            self.tr("Demo mode: user name admin, password demo-admin") if demo else "", "muted"
        )
        self.demo_label.setVisible(demo)
        inner.addWidget(self.demo_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.controller = LoginController(staff, tasks, self.form, self)
        self.controller.authenticated.connect(self.logged_in)
        self._demo = demo

    def enter(self) -> None:
        self.controller.reset("admin" if self._demo else "")


class SetupPage(QWidget):
    """First start without any staff account: create the administrator."""

    created = Signal(object)

    def __init__(self, staff: StaffService, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        enlarge(self, 16.0)
        self._staff = staff
        self._tasks = tasks
        self._gen = Generation()
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(720)
        box.setProperty("role", "staff")
        inner = QVBoxLayout(box)
        inner.addWidget(label(self.tr("First start: create the administrator"), "title"))
        inner.addWidget(
            label(self.tr("This account can unlock students, change settings and add staff."))
        )
        form = QFormLayout()
        self.user_edit = QLineEdit("admin")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Repeat password"), self.repeat_edit)
        inner.addLayout(form)
        self.message_label = label("", "error")
        inner.addWidget(self.message_label)
        self.create_button = button(self.tr("Create administrator"), primary=True)
        inner.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.create_button.clicked.connect(self._on_create)
        self.repeat_edit.returnPressed.connect(self._on_create)

    def enter(self) -> None:
        self._gen.renew()
        self.password_edit.setFocus()

    @Slot()
    def _on_create(self) -> None:
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.message_label.setText(texts.login_error_text("empty"))
            return
        if len(password) < MIN_PASSWORD:
            self.message_label.setText(texts.login_error_text("too_short", min_length=MIN_PASSWORD))
            return
        if password != self.repeat_edit.text():
            self.message_label.setText(texts.login_error_text("mismatch"))
            return
        staff = self._staff
        self.create_button.setEnabled(False)
        self._tasks.submit(
            lambda: staff.create_first_admin(username, password),
            on_ok=self._gen.bind(self._on_created),
            on_err=self._gen.bind(self._on_err),
            uses_db=True,
        )

    def _on_created(self, session: StaffSession) -> None:
        self.create_button.setEnabled(True)
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.created.emit(session)

    def _on_err(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.message_label.setText(dialogs.error_text(exc))


class StaffLoginDialog(QDialog):
    """Asks for a staff sign-in before a staff action; ``authenticated(session)`` on success.

    With ``reauth`` it asks the signed-in staff member for the password only (an admin-only
    action after the re-authentication window) and hands back the same session.
    Opened with ``open()`` (window-modal, not blocking), so the flow and tests carry on in slots.
    """

    authenticated = Signal(object)

    def __init__(
        self,
        staff: StaffService,
        tasks: TaskRunner,
        purpose: str,
        parent: QWidget | None = None,
        *,
        reauth: StaffSession | None = None,
        notice: str = "",
    ) -> None:
        super().__init__(parent)
        self.reauth = reauth
        self.setWindowTitle(self.tr("Confirm password") if reauth else self.tr("Staff login"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.purpose_label = label(purpose, "value")
        layout.addWidget(self.purpose_label)
        self.notice_label = label(notice, "muted")
        self.notice_label.setVisible(bool(notice))
        layout.addWidget(self.notice_label)
        self.form = LoginForm()
        self.form.cancel_button.show()
        layout.addWidget(self.form)
        submit = None
        if reauth is not None:
            self.form.user_edit.setText(reauth.username)
            self.form.user_edit.setEnabled(False)
            self.form.login_button.setText(self.tr("Confirm"))
            sessions = staff.sessions
            submit = lambda _user, password: sessions.reauthenticate(reauth, password)  # noqa: E731
        self.controller = LoginController(staff, tasks, self.form, self, submit=submit)
        self.controller.authenticated.connect(self._on_authenticated)
        self.form.cancel_button.clicked.connect(self.reject)
        self.controller.reset()

    @Slot(object)
    def _on_authenticated(self, session: StaffSession) -> None:
        self.accept()
        self.authenticated.emit(session)
