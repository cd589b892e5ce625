# SPDX-License-Identifier: MIT
"""Message boxes, always built as instances and run with ``exec()``.

Tests monkeypatch ``QMessageBox.exec`` (as Vorta does); the static helpers such as
``QMessageBox.warning`` would bypass that, so nothing in the UI uses them. A patched ``exec`` may
return the index of the button it "clicked".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tucai_desk.ui import texts

log = logging.getLogger(__name__)


def _title() -> str:
    return QCoreApplication.translate("Dialogs", "Photo station")


def ask(
    parent: QWidget | None,
    text: str,
    buttons: list[str],
    *,
    informative: str = "",
    default: int = 0,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
) -> int:
    """Show ``text`` with one button per label; returns the index of the chosen one.

    Closing the box with Esc counts as the last button (the "cancel" one by convention).
    """
    box = QMessageBox(parent)
    box.setWindowTitle(_title())
    box.setIcon(icon)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    made = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in buttons]
    if made:
        box.setDefaultButton(made[max(0, min(default, len(made) - 1))])
        box.setEscapeButton(made[-1])
    result = box.exec()
    clicked = box.clickedButton()
    if clicked in made:
        return made.index(clicked)
    if isinstance(result, int) and 0 <= result < len(made):
        return result
    return len(made) - 1


def inform(
    parent: QWidget | None,
    text: str,
    *,
    informative: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
) -> None:
    ask(
        parent,
        text,
        [QCoreApplication.translate("Dialogs", "OK")],
        informative=informative,
        icon=icon,
    )


def error_text(exc: BaseException) -> str:
    """A person-readable message for an exception from a service call."""
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        name = type(exc).__name__
        if name == "LoginError":
            return texts.login_error_text(code, getattr(exc, "until", None))
        if name == "SessionError":
            return texts.session_error_text(code)
        if name in ("FlowError", "StaffError"):
            return texts.flow_error_text(code)
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    return QCoreApplication.translate(
        "Dialogs", "Something went wrong. Please try again or ask staff for help."
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    inform(parent, error_text(exc), icon=QMessageBox.Icon.Warning)
