# SPDX-License-Identifier: MIT
"""The settings dialog: camera, photo profile and background, policy numbers, language, service
address, the console's own settings, and the school's fee and notice texts.

Values are read and saved through :class:`SettingsService` on the database worker; every change
is audited there with its old and new value.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tucai_desk.services.console_settings import (
    ClockJump,
    ConsoleSettings,
    SchoolTexts,
    SettingsChange,
    SettingsService,
)
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.settings import StationSettings
from tucai_desk.ui.console.common import message_for
from tucai_desk.ui.console.editors import CameraChoice, RichTextEditor
from tucai_desk.ui.pages.base import Generation
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import label
from tucai_desk.vision.profiles import ProfileError, available_profiles, load_profile

log = logging.getLogger(__name__)


def _spin(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    return box


def _dspin(low: float, high: float, decimals: int = 1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    return box


class SettingsView(QWidget):
    """Layout only: one tab per group of settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        camera = QWidget()
        cf = QFormLayout(camera)
        self.camera_source = CameraChoice()
        self.camera_width = _spin(320, 4096)
        self.camera_height = _spin(240, 4096)
        self.camera_fps = _spin(1, 120)
        cf.addRow(self.tr("Camera"), self.camera_source)
        cf.addRow(self.tr("Width (px)"), self.camera_width)
        cf.addRow(self.tr("Height (px)"), self.camera_height)
        cf.addRow(self.tr("Frames per second"), self.camera_fps)
        self.profile_combo = QComboBox()
        self.background_combo = QComboBox()
        cf.addRow(self.tr("Photo profile"), self.profile_combo)
        cf.addRow(self.tr("Background colour"), self.background_combo)
        self.tabs.addTab(camera, self.tr("Camera and photo"))

        policy = QWidget()
        pf = QFormLayout(policy)
        self.draft_capacity = _spin(1, 50)
        self.draft_delete_after_hours = _dspin(0, 720)
        self.cooldown_seconds = _dspin(0, 3600)
        self.liveness_lock_after = _spin(1, 100)
        self.timed_lock_after = _spin(1, 100)
        self.timed_lock_minutes = _dspin(0, 1440)
        pf.addRow(self.tr("Draft box capacity"), self.draft_capacity)
        pf.addRow(self.tr("Drafts deletable after (hours)"), self.draft_delete_after_hours)
        pf.addRow(self.tr("Cooldown after a failed photo (s)"), self.cooldown_seconds)
        pf.addRow(self.tr("Liveness failures until locked"), self.liveness_lock_after)
        pf.addRow(self.tr("Other failures until a timed lock"), self.timed_lock_after)
        pf.addRow(self.tr("Timed lock (minutes)"), self.timed_lock_minutes)
        self.idle_minutes = _dspin(1, 240)
        pf.addRow(self.tr("Staff session ends after idle (minutes)"), self.idle_minutes)
        self.reauth_minutes = _dspin(1, 60)
        pf.addRow(
            self.tr("Admin actions ask for the password again after (minutes)"),
            self.reauth_minutes,
        )
        # A station clock that jumped ahead: the rules do not follow it until an admin confirms.
        self.clock_label = label(role="warning")
        self.confirm_clock_button = QPushButton(self.tr("The station clock is right: confirm it"))
        self.clock_label.setVisible(False)
        self.confirm_clock_button.setVisible(False)
        pf.addRow(self.clock_label)
        pf.addRow(self.confirm_clock_button)
        self.tabs.addTab(policy, self.tr("Rules"))

        general = QWidget()
        gf = QFormLayout(general)
        self.language_combo = QComboBox()
        self.language_combo.addItem("简体中文", "zh_CN")
        self.language_combo.addItem("English", "en")
        self.service_url = QLineEdit()
        self.service_url.setPlaceholderText(self.tr("empty: no provincial service (offline)"))
        self.service_station_id = QLineEdit()
        self.service_secret = QLineEdit()
        self.service_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.service_secret.setPlaceholderText(self.tr("unchanged when empty"))
        self.export_name_by = QComboBox()
        self.export_name_by.addItem(self.tr("Student number (学号)"), "student_no")
        self.export_name_by.addItem(self.tr("ID number (身份证号)"), "id_number")
        gf.addRow(self.tr("Language"), self.language_combo)
        gf.addRow(self.tr("Provincial service address"), self.service_url)
        gf.addRow(self.tr("Station ID at the service"), self.service_station_id)
        gf.addRow(self.tr("Station secret"), self.service_secret)
        gf.addRow(self.tr("Name exported photos by"), self.export_name_by)
        self.tabs.addTab(general, self.tr("General"))

        school = QWidget()
        sf = QFormLayout(school)
        self.fee = _dspin(0, 1000, 2)
        self.fee.setSuffix(" ¥")
        self.notice_edit = RichTextEditor()
        self.precautions_edit = RichTextEditor()
        sf.addRow(self.tr("Fee per student"), self.fee)
        sf.addRow(self.tr("School notice"), self.notice_edit)
        sf.addRow(self.tr("Precautions"), self.precautions_edit)
        self.tabs.addTab(school, self.tr("School"))

        self.message_label = label("", "error")
        layout.addWidget(self.message_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)


class SettingsDialog(QDialog):
    """Opened from the console; ``saved`` carries the list of changes (SettingsChange)."""

    saved = Signal(object)

    def __init__(
        self,
        settings: SettingsService,
        session: StaffSession,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Station settings"))
        self._service = settings
        self._session = session
        self._tasks = tasks
        self._gen = Generation()
        self._loaded: tuple[StationSettings, ConsoleSettings, SchoolTexts] | None = None
        self.changes: list[SettingsChange] = []
        self.view = SettingsView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(720, 560)
        for name in available_profiles():
            try:
                title = load_profile(name).title
            except ProfileError:
                continue
            self.view.profile_combo.addItem(title, name)
        self.view.buttons.accepted.connect(self._on_save)
        self.view.buttons.rejected.connect(self.reject)
        self.view.profile_combo.currentIndexChanged.connect(self._on_profile_changed)
        self.view.confirm_clock_button.clicked.connect(self._on_confirm_clock)
        self.view.buttons.setEnabled(False)
        self.load()

    def load(self) -> None:
        service = self._service

        def read() -> tuple[StationSettings, ConsoleSettings, SchoolTexts]:
            return service.station_settings(), service.console_settings(), service.school_texts()

        self._tasks.submit(
            read,
            on_ok=self._gen.bind(self._show),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )
        self._tasks.submit(
            service.pending_clock_jump,
            on_ok=self._gen.bind(self._show_clock_jump),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    def _show_clock_jump(self, jump: ClockJump | None) -> None:
        v = self.view
        v.clock_label.setVisible(jump is not None)
        v.confirm_clock_button.setVisible(jump is not None)
        if jump is not None:
            ahead = round((jump.station_clock - jump.rule_time).total_seconds() / 60)
            v.clock_label.setText(
                self.tr(
                    "The clock of station %1 jumped %2 minutes ahead of the time the rules use. "
                    "Locks and the draft rule do not follow it until you confirm that the clock "
                    "is right; if it is wrong, correct the clock instead."
                )
                .replace("%1", jump.station_id)
                .replace("%2", str(ahead))
            )

    @Slot()
    def _on_confirm_clock(self) -> None:
        service, session = self._service, self._session
        self.view.confirm_clock_button.setEnabled(False)
        self._tasks.submit(
            lambda: service.confirm_clock_jump(session),
            on_ok=self._gen.bind(lambda _jump: self._show_clock_jump(None)),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    @Slot(int)
    def _on_profile_changed(self, _index: int) -> None:
        self._fill_backgrounds(self.view.profile_combo.currentData() or "")

    def _fill_backgrounds(self, profile: str, keep: str = "") -> None:
        combo = self.view.background_combo
        current = keep or combo.currentData() or ""
        combo.clear()
        combo.addItem(self.tr("the profile's default"), "")
        try:
            names = list(load_profile(profile).backgrounds) if profile else []
        except ProfileError:
            names = []
        for name in names:
            combo.addItem(self._colour_name(name), name)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))

    def _colour_name(self, name: str) -> str:
        names = {
            "light_blue": self.tr("light blue"),
            "white": self.tr("white"),
            "light_grey": self.tr("light grey"),
        }
        return names.get(name, name)

    def _show(self, loaded: tuple[StationSettings, ConsoleSettings, SchoolTexts]) -> None:
        self._loaded = loaded
        st, console, school = loaded
        v = self.view
        v.camera_source.set_spec(st.camera.source)
        v.camera_width.setValue(st.camera.width)
        v.camera_height.setValue(st.camera.height)
        v.camera_fps.setValue(st.camera.fps)
        v.profile_combo.setCurrentIndex(max(0, v.profile_combo.findData(st.photo_profile)))
        self._fill_backgrounds(st.photo_profile, st.background)
        p = st.policy
        v.draft_capacity.setValue(p.draft_capacity)
        v.draft_delete_after_hours.setValue(p.draft_delete_after_hours)
        v.cooldown_seconds.setValue(p.cooldown_seconds)
        v.liveness_lock_after.setValue(p.liveness_lock_after)
        v.timed_lock_after.setValue(p.timed_lock_after)
        v.timed_lock_minutes.setValue(p.timed_lock_minutes)
        v.idle_minutes.setValue(console.idle_minutes)
        v.reauth_minutes.setValue(console.reauth_minutes)
        v.language_combo.setCurrentIndex(max(0, v.language_combo.findData(st.language)))
        v.service_url.setText(st.service.url)
        v.service_station_id.setText(st.service.station_id)
        v.export_name_by.setCurrentIndex(max(0, v.export_name_by.findData(console.export_name_by)))
        v.fee.setValue(school.fee_cents / 100.0)
        v.notice_edit.set_html(school.notice_html)
        v.precautions_edit.set_html(school.precautions_html)
        v.buttons.setEnabled(True)

    def values(self) -> tuple[dict[str, Any], dict[str, Any], SchoolTexts]:
        """What the form holds: (station settings, console settings, school texts)."""
        v = self.view
        station: dict[str, Any] = {
            "camera": {
                "source": v.camera_source.spec(),
                "width": v.camera_width.value(),
                "height": v.camera_height.value(),
                "fps": v.camera_fps.value(),
            },
            "photo_profile": v.profile_combo.currentData() or "",
            "background": v.background_combo.currentData() or "",
            "policy": {
                "draft_capacity": v.draft_capacity.value(),
                "draft_delete_after_hours": v.draft_delete_after_hours.value(),
                "cooldown_seconds": v.cooldown_seconds.value(),
                "liveness_lock_after": v.liveness_lock_after.value(),
                "timed_lock_after": v.timed_lock_after.value(),
                "timed_lock_minutes": v.timed_lock_minutes.value(),
            },
            "language": v.language_combo.currentData(),
        }
        if self._loaded is not None:
            service = self._loaded[0].service.model_dump()
            service["url"] = v.service_url.text().strip()
            service["station_id"] = v.service_station_id.text().strip()
            station["service"] = service
        console = {
            "idle_minutes": v.idle_minutes.value(),
            "reauth_minutes": v.reauth_minutes.value(),
            "export_name_by": v.export_name_by.currentData(),
        }
        school = SchoolTexts(
            fee_cents=round(v.fee.value() * 100),
            notice_html=v.notice_edit.html(),
            precautions_html=v.precautions_edit.html(),
        )
        return station, console, school

    @Slot()
    def _on_save(self) -> None:
        station, console, school = self.values()
        service, session = self._service, self._session

        secret = self.view.service_secret.text()

        def save() -> list[SettingsChange]:
            # Each part is validated before anything of it is written; the station settings go
            # first because they are the ones most likely to be refused.
            changes = [
                service.save_station(session, station),
                service.save_console(session, console),
                service.save_school(session, school),
            ]
            if secret.strip():
                service.set_service_secret(session, secret)
            return changes

        self.view.buttons.setEnabled(False)
        self._tasks.submit(
            save,
            on_ok=self._gen.bind(self._on_saved),
            on_err=self._gen.bind(self._on_error),
            uses_db=True,
        )

    def _on_saved(self, changes: list[SettingsChange]) -> None:
        self.changes = changes
        self.saved.emit(changes)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.view.buttons.setEnabled(self._loaded is not None)
        self.view.message_label.setText(message_for(exc))
