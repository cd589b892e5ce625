# SPDX-License-Identifier: MIT
"""IdleWatcher: ends a staff session after a while without a key press or mouse action in it.

Only input that reaches the watched window or a dialog opened from it counts: a student working
at the station's main window does not keep a staff session open.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``timed_out(idle_seconds)`` once after ``timeout_ms`` without input in ``window``."""

    timed_out = Signal(float)

    def __init__(self, window: QWidget, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._timeout_ms = max(1, int(timeout_ms))
        self._since = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._running = False

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timeout_ms = max(1, int(timeout_ms))
        if self._running:
            self._timer.start(self._interval())

    def _interval(self) -> int:
        return max(20, min(1000, self._timeout_ms // 4))

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._running:
            app.installEventFilter(self)
        self._running = True
        self._since.start()
        self._timer.start(self._interval())

    def stop(self) -> None:
        if self._running:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        self._running = False
        self._timer.stop()

    def idle_ms(self) -> int:
        return int(self._since.elapsed()) if self._since.isValid() else 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._belongs(watched):
            self._since.restart()
        return False

    def _belongs(self, obj: QObject | None) -> bool:
        while obj is not None:
            if obj is self._window:
                return True
            obj = obj.parent()
        return False

    @Slot()
    def _check(self) -> None:
        idle = self.idle_ms()
        if idle >= self._timeout_ms:
            self.stop()
            log.info("staff session idle for %d s", idle // 1000)
            self.timed_out.emit(idle / 1000.0)
