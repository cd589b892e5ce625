# SPDX-License-Identifier: MIT
"""The staff console: student lookup, roster import, export and daily report, audit log,
accounts and the settings dialog.

Open it from the staff menu after an admin login::

    console = ConsoleWindow(station, session, tasks)   # a top-level QWidget
    console.session_ended.connect(...)                  # "logout" | "closed" | "idle"
    console.show()
"""

from __future__ import annotations

from tucai_desk.ui.console.settings_dialog import SettingsDialog
from tucai_desk.ui.console.window import ConsoleWindow

__all__ = ["ConsoleWindow", "SettingsDialog"]
