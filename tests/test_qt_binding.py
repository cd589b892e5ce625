# SPDX-License-Identifier: MIT
"""The pinned Qt binding must not leak references to ``None``.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every call of a method that
returns nothing; a live preview aborted the interpreter within seconds ("deallocating None").
"""

from __future__ import annotations

import sys


def test_void_qt_calls_keep_none_alive() -> None:
    from PySide6.QtCore import QObject, QPointF

    obj, point = QObject(), QPointF()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("probe")
        point.setX(1.0)
    assert sys.getrefcount(None) >= before - 10
