# SPDX-License-Identifier: MIT
"""The station window: the page stack, the staff menu and the status bar.

The window is closed to students until a staff member logs in (first start: create the
administrator). The status bar always shows the demo banner (demo mode), a warning when liveness
is off, the sync backlog and the camera state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QPushButton, QStackedWidget, QWidget

from tucai_desk.core.clock import Clock, SystemClock
from tucai_desk.services.dto import PaymentView, StaffSession
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.analysis import AnalysisController, Analyzer, make_live_analyzer
from tucai_desk.ui.camera_thread import CameraController, CameraState
from tucai_desk.ui.flow import Step, StudentFlow
from tucai_desk.ui.flow_state import FlowStatePublisher
from tucai_desk.ui.pages.code_page import Decoder, default_decoder
from tucai_desk.ui.staff.actions import StaffActions
from tucai_desk.ui.staff.login import SetupPage, StationLoginPage
from tucai_desk.ui.staff.readiness_actions import ReadinessActions
from tucai_desk.ui.student_screen import StudentScreen
from tucai_desk.ui.student_screen_placement import StudentScreenController
from tucai_desk.ui.tasks import TaskRunner, log_error, set_default_error_handler
from tucai_desk.ui.widgets.common import label

log = logging.getLogger(__name__)
SYNC_POLL_MS = 5000


class MainWindow(QMainWindow):
    def __init__(
        self,
        station: Any,
        *,
        tasks: TaskRunner,
        camera: CameraController | None,
        analysis: AnalysisController | None = None,
        make_analyzer: Callable[[bool], Analyzer] = make_live_analyzer,
        clock: Clock | None = None,
        video_path: Path,
        video_rate: float = 1.0,
        decoder: Callable[[], Decoder] = default_decoder,
        sync_poll_ms: int = SYNC_POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self.tasks = tasks
        self.camera = camera
        self.analysis = analysis
        self._sync_busy = False
        self._closed = False
        self.setWindowTitle(
            self.tr("Photo collection station — {school}").format(school=station.school.name)
        )
        set_default_error_handler(lambda exc: dialogs.show_error(self, exc))

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        # Shown until the first background answer says whether to log in or to create the admin.
        self.starting_page = label(self.tr("Starting…"), "muted")
        self.starting_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.starting_page)
        self.login_page = StationLoginPage(
            station.staff, tasks, school_name=station.school.name, demo=station.demo
        )
        self.setup_page = SetupPage(station.staff, tasks)
        self.stack.addWidget(self.login_page)
        self.stack.addWidget(self.setup_page)
        self.flow = StudentFlow(
            self.stack,
            capture=station.capture,
            tasks=tasks,
            clock=clock or SystemClock(),
            school=station.school,
            camera=camera,
            analysis=analysis,
            make_analyzer=make_analyzer,
            liveness_enabled=self.liveness_enabled,
            video_path=video_path,
            video_rate=video_rate,
            decoder=decoder,
            parent=self,
        )
        self.staff_actions = StaffActions(
            station.staff,
            station.capture,
            tasks,
            self,
            demo=station.demo,
            liveness_enabled=self.liveness_enabled,
            current_student=lambda: self.flow.student,
            parent=self,
        )
        # What the student sees, as typed state; the student-facing window on a second screen
        # (TUCAI_STUDENT_SCREEN, opened by start()) renders it.
        self.flow_state = FlowStatePublisher(
            self.flow, self.stack, school_name=station.school.name, analysis=analysis, parent=self
        )
        self.student_screen = StudentScreenController(
            self,
            lambda: StudentScreen(self.flow_state, camera=camera, analysis=analysis),
            parent=self,
        )
        self.readiness_actions = ReadinessActions(
            station.readiness,
            self.staff_actions,
            tasks,
            camera,
            self.flow.capture_page.view.readiness_banner,
            self,
            station=station,
            parent=self,
        )
        self.menuBar().addMenu(self.staff_actions.menu)
        self.staff_actions.set_enabled(False)
        self._build_status_bar()
        self.console: QWidget | None = None
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(sync_poll_ms)
        self._connect_signals()

    # -- layout -------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.demo_banner = label(self.tr("Demo mode"), wrap=False)
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setVisible(bool(self.station.demo))
        self.liveness_banner = label(self.tr("Liveness check is off"), wrap=False)
        self.liveness_banner.setObjectName("livenessOffBanner")
        self.sync_label = label("", wrap=False)
        self.sync_label.setObjectName("syncState")
        self.camera_label = label("", wrap=False)
        self.camera_label.setObjectName("cameraState")
        self.staff_label = label("", wrap=False)
        self.staff_label.setObjectName("staffState")
        self.staff_button = QPushButton()
        self.staff_button.setObjectName("staffSignIn")
        self.staff_button.setFlat(True)
        self.staff_button.setEnabled(False)
        for widget in (self.demo_banner, self.liveness_banner):
            bar.addWidget(widget)
        permanent: tuple[QWidget, ...] = (
            self.sync_label, self.camera_label, self.staff_label, self.staff_button,
        )  # fmt: skip
        for item in permanent:
            bar.addPermanentWidget(item)
        self._show_staff(None)
        self.update_liveness_banner()
        self._on_camera_state(
            self.camera.state if self.camera else CameraState.FAILED,
            "" if self.camera else "not_found",
        )

    @Slot(object)
    def _open_console(self, session: StaffSession) -> None:
        from tucai_desk.ui.console import ConsoleWindow

        if self.console is not None:
            self.console.close()
        console = ConsoleWindow(self.station, session, self.tasks, gate=self.staff_actions.gate)
        console.setProperty("coversStation", True)  # the liveness test waits while it is open
        console.locks_changed.connect(lambda _: self.flow.refresh_after_staff_change())
        console.session_ended.connect(self._on_console_closed)
        self.console = console
        console.show()

    @Slot(str)
    def _on_console_closed(self, why: str) -> None:
        self.console = None
        if why in ("logout", "idle"):  # the console ended the staff session itself
            self.staff_actions.gate.forget()

    @property
    def session(self) -> StaffSession | None:
        """The signed-in staff member (None between sessions)."""
        return self.staff_actions.gate.session

    @Slot(object)
    def _show_staff(self, session: object) -> None:
        if isinstance(session, StaffSession):
            role = self.tr("admin") if session.is_admin else self.tr("operator")
            self.staff_label.setText(
                self.tr("Staff: {name} ({role})").format(name=session.username, role=role)
            )
            self.staff_button.setText(self.tr("Sign out"))
        else:
            self.staff_label.setText(self.tr("No staff signed in"))
            self.staff_button.setText(self.tr("Sign in…"))

    @Slot()
    def _on_staff_button(self) -> None:
        gate = self.staff_actions.gate
        if gate.session is None:
            gate.sign_in()
        else:
            gate.sign_out()

    @Slot()
    def check_session(self) -> None:
        """Has the staff session ended meanwhile (idle, disabled elsewhere)? The status bar says."""
        session = self.staff_actions.gate.session
        if session is None or self._closed:
            return
        sessions = self.station.staff.sessions

        def ended(exc: BaseException) -> None:
            if type(exc).__name__ == "SessionError" and self.staff_actions.gate.session is session:
                self.staff_actions.gate.forget()

        self.tasks.submit(
            lambda: sessions.state(session), on_ok=lambda _: None, on_err=ended, uses_db=True
        )

    def _connect_signals(self) -> None:
        self.login_page.logged_in.connect(self._on_logged_in)
        self.setup_page.created.connect(self._on_logged_in)
        sa = self.staff_actions
        sa.locks_changed.connect(lambda _: self.flow.refresh_after_staff_change())
        sa.console_requested.connect(self._open_console)
        sa.payment_confirmed.connect(self._on_payment_confirmed)
        sa.liveness_changed.connect(self._on_liveness_changed)
        sa.end_student_requested.connect(self._on_end_student)
        sa.lock_station_requested.connect(self.lock_station)
        sa.quit_requested.connect(self.request_quit)
        sa.gate.session_changed.connect(self._show_staff)
        self.staff_button.clicked.connect(self._on_staff_button)
        self._sync_timer.timeout.connect(self.refresh_sync)
        self._sync_timer.timeout.connect(self.check_session)
        # A confirmed upload changes the backlog: show it at once rather than at the next tick.
        self.flow.step_changed.connect(self._on_step_changed)
        if self.camera is not None:
            self.camera.state_changed.connect(self._on_camera_state)

    # -- start and login ----------------------------------------------------------------------
    def start(self) -> None:
        """Start the camera and analysis threads and show the login (or first-admin) page."""
        if self.camera is not None:
            self.camera.start()
        if self.analysis is not None:
            self.analysis.start()
        self._sync_timer.start()
        self.refresh_sync()
        self.student_screen.start()
        staff = self.station.staff
        self.tasks.submit(staff.needs_first_admin, on_ok=self._on_first_check, uses_db=True)

    def _on_first_check(self, needs_admin: bool) -> None:
        if needs_admin and not self.station.demo:
            self.stack.setCurrentWidget(self.setup_page)
            self.setup_page.enter()
        else:
            self._show_login()

    def _show_login(self) -> None:
        self.stack.setCurrentWidget(self.login_page)
        self.login_page.enter()

    @Slot(object)
    def _on_logged_in(self, session: StaffSession) -> None:
        self.staff_actions.gate.set_session(session)  # signed in once for the staff actions
        self.staff_actions.set_enabled(True)
        self.staff_button.setEnabled(True)
        self.flow.reset()

    @Slot()
    def lock_station(self) -> None:
        """Close the station to students until a staff login (the current student is ended)."""
        self._leave_flow()
        self.staff_actions.gate.sign_out()
        self.staff_actions.set_enabled(False)
        self.staff_button.setEnabled(False)
        self._show_login()

    def _leave_flow(self) -> None:
        page = self.flow.current_page()
        if page is not None:
            page.leave()  # type: ignore[attr-defined]
        self.flow.step = None
        self.flow.student = None
        if self.camera is not None:
            self.camera.set_frame_tap(None)

    # -- staff results ------------------------------------------------------------------------
    @Slot()
    def _on_end_student(self) -> None:
        if self.flow.student is None:
            return
        choice = dialogs.ask(
            self,
            self.tr("End the photo collection of the current student?"),
            [self.tr("End"), self.tr("Cancel")],
            default=1,
        )
        if choice == 0:
            self.flow.reset()

    @Slot()
    def request_quit(self) -> None:
        """Ctrl+Q: ask first while a student is in the middle of the flow."""
        if self.flow.student is not None:
            choice = dialogs.ask(
                self,
                self.tr(
                    "A student is in the middle of the photo collection. Quit the station anyway?"
                ),
                [self.tr("Quit"), self.tr("Cancel")],
                default=1,
                informative=self.tr("What was saved stays: drafts and confirmed photos."),
            )
            if choice != 0:
                return
        self.close()

    @Slot(object)
    def _on_payment_confirmed(self, payment: PaymentView) -> None:
        log.info("payment %s confirmed by staff", payment.order_no)
        self.flow.refresh_after_staff_change()

    def liveness_enabled(self) -> bool:
        return bool(self.station.settings.liveness_enabled)

    @Slot(bool)
    def _on_liveness_changed(self, enabled: bool) -> None:
        log.info("liveness check %s", "on" if enabled else "off")
        self.update_liveness_banner()
        if self.flow.step is Step.CAPTURE and self.flow.student is not None:
            self.flow.page(Step.CAPTURE).enter(self.flow.student)  # type: ignore[attr-defined]

    def update_liveness_banner(self) -> None:
        """Show the warning when liveness is off (call after changing the setting elsewhere)."""
        self.liveness_banner.setVisible(not self.liveness_enabled())

    # -- status bar ---------------------------------------------------------------------------
    @Slot(int)
    def _on_step_changed(self, step: int) -> None:
        if step == Step.CAPTURE:
            self.readiness_actions.refresh()
        if step in (Step.PAYMENT, Step.DONE):
            self.refresh_sync()

    @Slot(str, str)
    def _on_camera_state(self, state: str, code: str) -> None:
        if state == CameraState.RUNNING:
            text = self.tr("Camera: working")
        elif state == CameraState.LOST:
            text = texts.camera_lost_text()
        elif state == CameraState.FAILED:
            text = texts.camera_error_text(code or "open_failed")
        elif state == CameraState.STARTING:
            text = self.tr("Camera: starting…")
        else:
            text = self.tr("Camera: off")
        self.camera_label.setText(text)

    @Slot()
    def refresh_sync(self) -> None:
        if self._sync_busy or self._closed:
            return
        self._sync_busy = True
        sync, capture = self.station.sync, self.station.capture
        if sync is not None:
            self.tasks.submit(sync.status, on_ok=self._show_sync, on_err=self._sync_failed)
        else:
            self.tasks.submit(
                capture.pending_uploads,
                on_ok=self._show_offline,
                on_err=self._sync_failed,
                uses_db=True,
            )

    def _show_offline(self, pending: int) -> None:
        self._sync_busy = False
        self.sync_label.setText(
            self.tr("No provincial service configured · waiting to upload: {n}").format(n=pending)
        )

    def _show_sync(self, status: Any) -> None:
        self._sync_busy = False
        pending = int(getattr(status, "pending", 0))
        if not getattr(status, "configured", True):
            self._show_offline(pending)
            return
        parts = [self.tr("Waiting to sync: {n}").format(n=pending)]
        set_aside = int(getattr(status, "set_aside", 0) or 0)
        if set_aside:
            parts.append(self.tr("Need staff attention: {n}").format(n=set_aside))
        error = getattr(status, "last_error", None)
        if error:
            parts.append(texts.sync_error_text(str(error)))
        success = getattr(status, "last_success_at", None)
        if success is not None:
            parts.append(self.tr("Last sync: {when}").format(when=texts.format_local_time(success)))
        self.sync_label.setText(" · ".join(parts))

    def _sync_failed(self, exc: BaseException) -> None:
        self._sync_busy = False
        log.warning("reading the sync state failed: %s", type(exc).__name__)
        self.sync_label.setText(self.tr("Sync state unknown"))

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the threads and the task runner; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.student_screen.close()
        if self.console is not None:
            self.console.close()
            self.console = None
        self._sync_timer.stop()
        self._leave_flow()
        if self.camera is not None:
            self.camera.stop()
        if self.analysis is not None:
            self.analysis.stop()
        self.tasks.shutdown(wait=True)
        set_default_error_handler(log_error)
