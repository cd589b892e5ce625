# SPDX-License-Identifier: MIT
"""The capture page's banner when today's station check (站点自检) is missing or failed.

It never blocks capture. :class:`~tucai_desk.ui.staff.readiness_actions.ReadinessActions`
feeds it the status and answers its buttons: the check itself and, for an admin, dismissal for
the day with a reason.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from tucai_desk.services.readiness import BannerState, ReadinessStatus
from tucai_desk.ui.staff.readiness_dialog import check_name
from tucai_desk.ui.widgets.common import button, label


class ReadinessBanner(QFrame):
    check_requested = Signal()
    dismiss_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readinessBanner")
        self.state = BannerState.NONE
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        self.text_label = label("")
        row.addWidget(self.text_label, 1)
        self.check_button = button(self.tr("Station check…"))
        self.dismiss_button = button(self.tr("Dismiss for today (admin)…"))
        row.addWidget(self.check_button)
        row.addWidget(self.dismiss_button)
        self.check_button.clicked.connect(self.check_requested)
        self.dismiss_button.clicked.connect(self.dismiss_requested)
        self.setVisible(False)

    def show_status(self, status: ReadinessStatus) -> None:
        self.state = status.banner
        if status.banner is BannerState.MISSING:
            self.text_label.setText(
                self.tr(
                    "No station check today. Check the backdrop, lights and camera before the "
                    "students come (staff menu → Station check)."
                )
            )
        elif status.banner is BannerState.FAILED and status.today is not None:
            failed = [
                check_name(c.code) for c in status.today.report.checks if c.outcome.value == "fail"
            ]
            self.text_label.setText(
                self.tr("Today's station check failed: {checks}. Fix it and check again.").format(
                    checks=self.tr(", ").join(failed)
                )
            )
        self.setVisible(status.banner is not BannerState.NONE)
