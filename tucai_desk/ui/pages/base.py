# SPDX-License-Identifier: MIT
"""What the page controllers share: the service page base, dropping stale results, shortcuts,
error display."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedLayout, QWidget

from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import StudentView
from tucai_desk.ui import dialogs
from tucai_desk.ui.tasks import TaskRunner

ViewT = TypeVar("ViewT", bound=QWidget)


class Generation:
    """Drops results of background work that belong to an earlier visit of a page.

    ``bind(fn)`` wraps a callback so that it only runs if ``renew()`` was not called since; a
    page renews when it is entered or left, so a slow answer for the previous student never
    lands on the next one's screen (STYLE.md §8: compare a request id in ``on_ok``).
    """

    def __init__(self) -> None:
        self._value = 0

    def renew(self) -> None:
        self._value += 1

    def bind(self, fn: Callable[..., Any]) -> Callable[..., None]:
        expected = self._value

        def call(*args: Any) -> None:
            if expected == self._value:
                fn(*args)

        return call


def host(controller: QWidget, view: QWidget) -> None:
    """Put ``view`` inside ``controller`` filling it (controller = wiring, view = layout)."""
    layout = QStackedLayout(controller)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(view)


def shortcut(
    page: QWidget,
    keys: QKeySequence | QKeySequence.StandardKey | Qt.Key | str,
    slot: Callable[[], None],
) -> QShortcut:
    """A key that works while ``page`` (or a child) is shown in the window, hidden pages' don't."""
    sc = QShortcut(QKeySequence(keys), page)
    sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    sc.activated.connect(slot)
    return sc


def enter_shortcut(page: QWidget, slot: Callable[[], None]) -> None:
    """Enter on the main keyboard and on the keypad (a scanner may send either) both confirm."""
    shortcut(page, Qt.Key.Key_Return, slot)
    shortcut(page, Qt.Key.Key_Enter, slot)


def error_handler(page: QWidget) -> Callable[[BaseException], None]:
    def handle(exc: BaseException) -> None:
        dialogs.show_error(page.window(), exc)

    return handle


class ServicePage(QWidget, Generic[ViewT]):
    """A page of the student flow that asks the capture service through the task runner.

    It holds the service and the runner, a ``Generation`` for the answers of one visit, the
    student of the visit (set by the page's ``enter``) and the layout-only ``view``, hosted to
    fill the page. ``leave`` drops the answers still on their way; a page that also stops
    timers or players on leaving extends it.
    """

    def __init__(
        self,
        capture: CaptureService,
        tasks: TaskRunner,
        view: ViewT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._capture = capture
        self._tasks = tasks
        self._gen = Generation()
        self._student: StudentView | None = None
        self.view = view
        host(self, view)

    def leave(self) -> None:
        self._gen.renew()
