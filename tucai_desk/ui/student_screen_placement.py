# SPDX-License-Identifier: MIT
"""Whether and where the student window opens: on a second screen, following the screens.

When two or more screens are attached, :class:`StudentScreenController` keeps the main window on
the operator's screen and opens a frameless full-screen :class:`StudentScreen` on another one.

``TUCAI_STUDENT_SCREEN`` = ``auto`` (default: only with two screens) | ``off`` | ``force`` (also on
one screen, as an ordinary second window: for tests and for a mirrored projector).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from tucai_desk.ui.student_screen import StudentScreen

log = logging.getLogger(__name__)

ENV_VAR = "TUCAI_STUDENT_SCREEN"


class ScreenMode(StrEnum):
    AUTO = "auto"
    OFF = "off"
    FORCE = "force"


def screen_mode(environ: Mapping[str, str] = os.environ) -> ScreenMode:
    """The mode from ``TUCAI_STUDENT_SCREEN``; anything unknown is ``auto``."""
    value = environ.get(ENV_VAR, "").strip().lower() or ScreenMode.AUTO
    try:
        return ScreenMode(value)
    except ValueError:
        log.warning("%s=%r is not auto, off or force; using auto", ENV_VAR, value)
        return ScreenMode.AUTO


def choose_screen(
    mode: ScreenMode, screens: list[QScreen], operator: QScreen | None
) -> tuple[QScreen | None, bool]:
    """Where the student window goes: (screen, full screen) or (None, False) for no window."""
    if mode is ScreenMode.OFF or not screens:
        return None, False
    others = [s for s in screens if s != operator]
    if others and len(screens) > 1:
        return others[0], True
    if mode is ScreenMode.FORCE:
        return operator or screens[0], False
    return None, False


class StudentScreenController(QObject):
    """Opens, places and closes the student window for ``operator`` (the main window).

    Screens come and go (a monitor unplugged, a projector added): the window follows; in ``auto``
    mode it closes when only the operator's screen is left, rather than cover the operator's work.
    """

    def __init__(
        self,
        operator: QWidget,
        make_screen: Callable[[], StudentScreen],
        *,
        mode: ScreenMode | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._operator = operator
        self._make_screen = make_screen
        self.mode = mode or screen_mode()
        self.window: StudentScreen | None = None
        self._started = False

    def start(self) -> None:
        """Open the window if the mode and the screens call for one (the main window is shown)."""
        if self._started or self.mode is ScreenMode.OFF:
            return
        self._started = True
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._place_soon)
        app.screenRemoved.connect(self._place_soon)
        handle = self._operator.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._place_soon)
        self._place()

    def close(self) -> None:
        """Close the window for good (the main window closes)."""
        if self._started:
            self._started = False
            app = QGuiApplication.instance()
            assert isinstance(app, QGuiApplication)
            app.screenAdded.disconnect(self._place_soon)
            app.screenRemoved.disconnect(self._place_soon)
            handle = self._operator.windowHandle()
            if handle is not None:
                handle.screenChanged.disconnect(self._place_soon)
        self._drop()

    def _drop(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.close()
            window.deleteLater()

    @Slot()
    def _place_soon(self, *_: object) -> None:
        # A screen being removed may still be listed while its signal runs: decide afterwards.
        QTimer.singleShot(0, self._place)

    @Slot()
    def _place(self) -> None:
        if not self._started:
            return
        screen, full = choose_screen(
            self.mode, list(QGuiApplication.screens()), self._operator.screen()
        )
        if screen is None:
            if self.window is not None:
                log.info("student screen closed: no second screen")
            self._drop()
            return
        window = self.window
        if window is None:
            window = self.window = self._make_screen()
        flags = Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus
        if full:
            flags |= Qt.WindowType.FramelessWindowHint
        if window.windowFlags() != flags:
            window.setWindowFlags(flags)  # hides the window; shown again below
        window.setCursor(Qt.CursorShape.BlankCursor if full else Qt.CursorShape.ArrowCursor)
        window.create()
        handle = window.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        if full:
            window.setGeometry(screen.geometry())
            # Not showFullScreen(): it activates the window, and the keys belong to the operator.
            window.setWindowState(Qt.WindowState.WindowFullScreen)
            window.show()
        else:
            window.setWindowState(Qt.WindowState.WindowNoState)
            area = screen.availableGeometry()
            window.resize(max(800, area.width() * 4 // 5), max(500, area.height() * 4 // 5))
            window.show()
        log.info("student screen on %s (%s)", screen.name(), "full screen" if full else "window")
        if self._operator.isVisible():
            self._operator.activateWindow()  # the operator keeps the keyboard
