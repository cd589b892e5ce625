# SPDX-License-Identifier: MIT
"""The station check's place in the station: the staff menu entry, the capture page's banner
and the admin's dismissal of it (with a reason, audited by the service)."""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from tucai_desk.services.app import Station
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.readiness import ReadinessError, ReadinessService, ReadinessStatus
from tucai_desk.services.settings import CameraDevice
from tucai_desk.ui import dialogs
from tucai_desk.ui.camera_thread import CameraController
from tucai_desk.ui.staff.actions import StaffActions
from tucai_desk.ui.staff.readiness_dialog import ReadinessDialog
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label
from tucai_desk.ui.widgets.readiness_banner import ReadinessBanner
from tucai_desk.vision.camera_controls import device_id_for_spec

log = logging.getLogger(__name__)
REFRESH_MS = 10 * 60 * 1000  # a new day brings the banner back without a restart


class DismissDialog(QDialog):
    """Asks the admin why the station captures today without a passed check."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dismiss the station check banner"))
        self.setProperty("role", "staff")
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(self.tr("Why may the station capture today without a passed station check? "
                          "(required, written to the audit log)"))
        )  # fmt: skip
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(500)
        layout.addWidget(self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()


class ReadinessActions(QObject):
    status_changed = Signal(object)  # ReadinessStatus

    def __init__(
        self,
        readiness: ReadinessService,
        staff_actions: StaffActions,
        tasks: TaskRunner,
        camera: CameraController | None,
        banner: ReadinessBanner,
        window: QWidget,
        *,
        station: Station | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._readiness = readiness
        self._staff_actions = staff_actions
        self._tasks = tasks
        self._camera = camera
        self._banner = banner
        self._window = window
        self._station = station
        self.dialog: ReadinessDialog | None = None
        self.dismiss_dialog: DismissDialog | None = None
        self.status: ReadinessStatus | None = None
        self.action = QAction(self.tr("Station check…"), self)
        menu = staff_actions.menu
        menu.insertAction(staff_actions.liveness_action, self.action)
        self.action.triggered.connect(self.open_check)
        banner.check_requested.connect(self.open_check)
        banner.dismiss_requested.connect(self.dismiss)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        self._tasks.submit(self._readiness.status, on_ok=self._show, uses_db=True)

    def _show(self, status: ReadinessStatus) -> None:
        self.status = status
        self._banner.show_status(status)
        self.status_changed.emit(status)

    # -- the check --------------------------------------------------------------------------------
    @Slot()
    def open_check(self) -> None:
        self._staff_actions.gate.run(self.tr("Station check: staff login"), self._open_dialog)

    def _open_dialog(self, session: StaffSession) -> None:
        readiness = self._readiness
        camera = self._camera

        def measure(frames: list[np.ndarray], fps: float):  # noqa: ANN202
            name = self.tr("station camera")
            return readiness.measure_backdrop(frames, fps, name)

        dialog = ReadinessDialog(
            readiness,
            camera,
            self._tasks,
            session,
            check_backdrop=measure,
            check_person=readiness.measure_person,
            camera_settings=self._camera_settings if self._station is not None else None,
            save_camera=self._station.save_camera_device if self._station is not None else None,
            parent=self._window,
        )
        self.dialog = dialog
        dialog.saved.connect(self.refresh)

        def closed() -> None:
            self.dialog = None

        dialog.finished.connect(lambda _: closed())
        dialog.open()

    def _camera_settings(self) -> tuple[str, CameraDevice]:
        """The open camera's device id and its settings (the station's where it has none)."""
        assert self._station is not None
        source = self._camera.opened_source() if self._camera is not None else None
        spec = str(getattr(source, "spec", "") or self._station.settings.camera.source)
        device_id = device_id_for_spec(spec)
        return device_id, self._station.settings.camera.for_device(device_id)

    # -- dismissal --------------------------------------------------------------------------------
    @Slot()
    def dismiss(self) -> None:
        self._staff_actions.gate.run(
            self.tr("Dismiss the station check banner: admin login"),
            self._ask_reason,
            admin=True,
            fresh=True,
        )

    def _ask_reason(self, session: StaffSession) -> None:
        dialog = DismissDialog(self._window)
        self.dismiss_dialog = dialog
        readiness = self._readiness

        def accepted() -> None:
            reason = dialog.reason
            self._tasks.submit(
                lambda: readiness.dismiss(session, reason),
                on_ok=lambda _: self.refresh(),
                on_err=self._refused,
                uses_db=True,
            )

        def closed() -> None:
            self.dismiss_dialog = None

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _: closed())
        dialog.open()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ReadinessError):
            text = {
                "not_allowed": self.tr("Only an administrator may dismiss the banner."),
                "reason_required": self.tr("Please give a reason."),
            }.get(exc.code, str(exc))
            dialogs.inform(self._window, text)
        else:
            dialogs.show_error(self._window, exc)
