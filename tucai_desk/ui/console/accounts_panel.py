# SPDX-License-Identifier: MIT
"""Staff accounts: list, create, disable/enable, reset a password, clear a login lock (admins),
and change one's own password (everyone)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.services.accounts import AccountService, AccountView
from tucai_desk.services.dto import StaffSession
from tucai_desk.ui.console import texts
from tucai_desk.ui.console.common import fill_table, make_table, message_for, row_data, time_text
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit


class AccountsView(QWidget):
    def __init__(self, admin: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.message_label = label("", "error")
        self.done_label = label("", "ok")
        self.admin_box = QGroupBox(self.tr("Staff accounts"))
        al = QVBoxLayout(self.admin_box)
        self.table = make_table(
            [self.tr("User name"), self.tr("Role"), self.tr("State"), self.tr("Created")]
        )
        al.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.disable_button = QPushButton(self.tr("Disable"))
        self.enable_button = QPushButton(self.tr("Enable"))
        self.unlock_button = QPushButton(self.tr("Clear login lock"))
        row.addWidget(self.disable_button)
        row.addWidget(self.enable_button)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        al.addLayout(row)
        reset = QHBoxLayout()
        self.reset_edit = _password_edit()
        self.reset_edit.setPlaceholderText(self.tr("New password for the selected account"))
        self.reset_button = QPushButton(self.tr("Set password"))
        reset.addWidget(self.reset_edit, 1)
        reset.addWidget(self.reset_button)
        al.addLayout(reset)
        create = QGroupBox(self.tr("New account"))
        cf = QFormLayout(create)
        self.new_user_edit = QLineEdit()
        self.new_user_edit.setMaxLength(64)
        self.new_password_edit = _password_edit()
        self.role_combo = QComboBox()
        self.role_combo.addItem(self.tr("Operator"), "operator")
        self.role_combo.addItem(self.tr("Admin"), "admin")
        self.create_button = QPushButton(self.tr("Create account"))
        cf.addRow(self.tr("User name"), self.new_user_edit)
        cf.addRow(self.tr("Password"), self.new_password_edit)
        cf.addRow(self.tr("Role"), self.role_combo)
        cf.addRow("", self.create_button)
        al.addWidget(create)
        layout.addWidget(self.admin_box, 1)
        self.admin_box.setVisible(admin)

        own = QGroupBox(self.tr("My password"))
        of = QFormLayout(own)
        self.old_edit = _password_edit()
        self.new_edit = _password_edit()
        self.repeat_edit = _password_edit()
        self.change_button = QPushButton(self.tr("Change my password"))
        of.addRow(self.tr("Current password"), self.old_edit)
        of.addRow(self.tr("New password"), self.new_edit)
        of.addRow(self.tr("New password again"), self.repeat_edit)
        of.addRow("", self.change_button)
        layout.addWidget(own)
        layout.addWidget(self.message_label)
        layout.addWidget(self.done_label)


class AccountsPanel(QWidget):
    def __init__(
        self,
        accounts: AccountService,
        session: StaffSession,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._session = session
        self._tasks = tasks
        self._gen = Generation()
        self.accounts: list[AccountView] = []
        self.view = AccountsView(session.is_admin, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        v.create_button.clicked.connect(self._on_create)
        v.disable_button.clicked.connect(lambda: self._on_active(False))
        v.enable_button.clicked.connect(lambda: self._on_active(True))
        v.unlock_button.clicked.connect(self._on_unlock)
        v.reset_button.clicked.connect(self._on_reset)
        v.change_button.clicked.connect(self._on_change_own)

    def _run(self, fn: Callable[[], object], done_text: str, *, reload: bool = True) -> None:
        self.view.message_label.setText("")
        self.view.done_label.setText("")

        def ok(_: object) -> None:
            self.view.done_label.setText(done_text)
            if reload:
                self.refresh()

        self._tasks.submit(
            fn, on_ok=self._gen.bind(ok), on_err=self._gen.bind(self._on_error), uses_db=True
        )

    def _on_error(self, exc: BaseException) -> None:
        self.view.message_label.setText(message_for(exc))

    @Slot()
    def refresh(self) -> None:
        if not self._session.is_admin:
            return
        accounts, session = self._accounts, self._session

        def show(payload: tuple[list[AccountView], datetime]) -> None:
            rows, now = payload
            self.accounts = rows
            fill_table(
                self.view.table,
                [
                    (
                        a.username,
                        self.tr("Admin") if a.role == "admin" else self.tr("Operator"),
                        self._state(a, now),
                        time_text(a.created_at),
                    )
                    for a in rows
                ],
                [a.id for a in rows],
            )

        self._tasks.submit(
            lambda: (accounts.list_accounts(session), accounts.now()),
            on_ok=self._gen.bind(show),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    def _state(self, a: AccountView, now: datetime) -> str:
        if not a.active:
            return self.tr("disabled")
        if a.locked(now):
            return self.tr("locked until %1").replace("%1", time_text(a.locked_until))
        return self.tr("active")

    def _selected(self) -> int | None:
        value = row_data(self.view.table)
        if value is None:
            self.view.message_label.setText(self.tr("Please select an account."))
            return None
        return int(str(value))

    @Slot()
    def _on_create(self) -> None:
        v = self.view
        accounts, session = self._accounts, self._session
        user, password = v.new_user_edit.text().strip(), v.new_password_edit.text()
        role = v.role_combo.currentData()
        v.new_password_edit.clear()
        self._run(
            lambda: accounts.create_account(session, user, password, role),
            self.tr("Account %1 created.").replace("%1", user),
        )
        v.new_user_edit.clear()

    def _on_active(self, active: bool) -> None:
        staff_id = self._selected()
        if staff_id is None:
            return
        accounts, session = self._accounts, self._session
        self._run(
            lambda: accounts.set_active(session, staff_id, active),
            self.tr("Account enabled.") if active else self.tr("Account disabled."),
        )

    @Slot()
    def _on_unlock(self) -> None:
        staff_id = self._selected()
        if staff_id is None:
            return
        accounts, session = self._accounts, self._session
        self._run(
            lambda: accounts.clear_login_lock(session, staff_id), self.tr("Login lock cleared.")
        )

    @Slot()
    def _on_reset(self) -> None:
        staff_id = self._selected()
        if staff_id is None:
            return
        accounts, session = self._accounts, self._session
        password = self.view.reset_edit.text()
        self.view.reset_edit.clear()
        self._run(
            lambda: accounts.reset_password(session, staff_id, password), self.tr("Password set.")
        )

    @Slot()
    def _on_change_own(self) -> None:
        v = self.view
        old, new, again = v.old_edit.text(), v.new_edit.text(), v.repeat_edit.text()
        for edit in (v.old_edit, v.new_edit, v.repeat_edit):
            edit.clear()
        if new != again:
            v.message_label.setText(texts.tr(texts.STAFF_ERRORS["mismatch"]))
            return
        accounts, session = self._accounts, self._session
        self._run(
            lambda: accounts.change_own_password(session, old, new),
            self.tr("Your password was changed."),
            reload=False,
        )
