# SPDX-License-Identifier: MIT
"""The student flow (PRODUCT.md §1, pages 1–14): builds the pages and moves between them.

Pages only know their own job and say what happened through signals; this controller decides
where that leads and hands each page what it needs in ``enter(...)``. It also routes the camera
preview and the live guidance to the capture page while it is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStackedWidget, QWidget

from tucai_desk.core.clock import Clock
from tucai_desk.memory import release_free_memory
from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import (
    CaptureGate,
    DraftView,
    PaymentView,
    SchoolView,
    StudentView,
    UploadView,
)
from tucai_desk.ui.analysis import AnalysisController, Analyzer, Guidance
from tucai_desk.ui.camera_thread import CameraController
from tucai_desk.ui.pages.base import error_handler
from tucai_desk.ui.pages.capture_page import CapturePage
from tucai_desk.ui.pages.code_page import CodePage, Decoder, default_decoder
from tucai_desk.ui.pages.draft_pages import ConfirmPage, DraftsPage
from tucai_desk.ui.pages.finish_pages import DonePage, DownloadPage, PaymentPage
from tucai_desk.ui.pages.info_pages import InfoPage, NotifyPage, ReadingPage
from tucai_desk.ui.pages.photo_pages import PreviewPage, ResultPage
from tucai_desk.ui.pages.video_page import VideoPage
from tucai_desk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class Step(IntEnum):
    CODE = 1
    INFO = 2
    NOTICE = 3
    PRECAUTIONS = 4
    NOTIFY = 5
    VIDEO = 6
    CAPTURE = 7
    PREVIEW = 8
    RESULT = 9
    DRAFTS = 10
    CONFIRM = 11
    PAYMENT = 12
    DONE = 13
    DOWNLOAD = 14


class StudentFlow(QObject):
    """Owns the student pages inside ``stack``. Lives on the GUI thread."""

    student_changed = Signal(object)  # StudentView | None
    step_changed = Signal(int)

    def __init__(
        self,
        stack: QStackedWidget,
        *,
        capture: CaptureService,
        tasks: TaskRunner,
        clock: Clock,
        school: SchoolView,
        camera: CameraController | None,
        analysis: AnalysisController | None,
        make_analyzer: Callable[[bool], Analyzer],
        liveness_enabled: Callable[[], bool],
        video_path: Path,
        video_rate: float = 1.0,
        decoder: Callable[[], Decoder] = default_decoder,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._stack = stack
        self._capture = capture
        self._tasks = tasks
        self._school = school
        self._camera = camera
        self._analysis = analysis
        self._make_analyzer = make_analyzer
        self._liveness_enabled = liveness_enabled
        self.student: StudentView | None = None
        self.step: Step | None = None
        self._payment: PaymentView | None = None
        self.pages: dict[Step, QWidget] = {}

        self.code = CodePage(capture, tasks, camera, decoder=decoder)
        self.info = InfoPage(capture, tasks)
        self.notice = ReadingPage(self.tr("School notice"), self.tr("Step 3"))
        self.precautions = ReadingPage(self.tr("Precautions"), self.tr("Step 4"))
        self.notify = NotifyPage(capture, tasks)
        self.video = VideoPage(capture, tasks, video_path, playback_rate=video_rate)
        self.capture_page = CapturePage(
            capture, tasks, camera, clock, liveness_enabled=liveness_enabled
        )
        self.preview = PreviewPage()
        self.result = ResultPage(capture, tasks, clock)
        self.drafts = DraftsPage(capture, tasks)
        self.confirm = ConfirmPage(capture, tasks)
        self.payment = PaymentPage(capture, tasks)
        self.done = DonePage(capture, tasks)
        self.download = DownloadPage(capture, tasks)
        for step, page in zip(
            Step,
            (
                self.code,
                self.info,
                self.notice,
                self.precautions,
                self.notify,
                self.video,
                self.capture_page,
                self.preview,
                self.result,
                self.drafts,
                self.confirm,
                self.payment,
                self.done,
                self.download,
            ),
            strict=True,
        ):
            page.setObjectName(f"page_{step.name.lower()}")
            self.pages[step] = page
            stack.addWidget(page)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.code.verified.connect(self._on_verified)
        self.code.drafts_requested.connect(self._on_locked_drafts)
        self.info.confirmed.connect(self._on_info_confirmed)
        self.info.back_requested.connect(self.reset)
        self.notice.accepted.connect(lambda: self._go(Step.PRECAUTIONS))
        self.notice.back_requested.connect(lambda: self._go(Step.INFO))
        self.precautions.accepted.connect(lambda: self._go(Step.NOTIFY))
        self.precautions.back_requested.connect(lambda: self._go(Step.NOTICE))
        self.notify.saved.connect(self._on_notify_saved)
        self.notify.back_requested.connect(lambda: self._go(Step.PRECAUTIONS))
        self.video.accepted.connect(self._on_video_done)
        self.video.back_requested.connect(lambda: self._go(Step.NOTIFY))
        self.capture_page.captured.connect(self._on_captured)
        self.capture_page.back_requested.connect(lambda: self._go(Step.VIDEO))
        self.capture_page.drafts_requested.connect(lambda: self._go(Step.DRAFTS))
        self.capture_page.liveness_retry_requested.connect(self._restart_analysis)
        self.capture_page.liveness_paused.connect(self._pause_analysis)
        self.capture_page.lock_changed.connect(self._on_capture_lock_changed)
        self.preview.accepted.connect(self._on_preview_accepted)
        self.preview.retake_requested.connect(lambda: self._go(Step.CAPTURE))
        self.result.retake_requested.connect(lambda: self._go(Step.CAPTURE))
        self.result.drafts_requested.connect(lambda: self._go(Step.DRAFTS))
        self.result.blocked.connect(self._on_blocked)
        self.result.finish_requested.connect(self.reset)
        self.drafts.finish_requested.connect(self.reset)
        self.drafts.chosen.connect(self._on_draft_chosen)
        self.drafts.capture_requested.connect(lambda: self._go(Step.CAPTURE))
        self.confirm.uploaded.connect(self._on_uploaded)
        self.confirm.back_requested.connect(lambda: self._go(Step.DRAFTS))
        self.payment.finished.connect(self._on_payment_finished)
        self.done.next_requested.connect(self.reset)
        self.done.download_requested.connect(lambda: self._go(Step.DOWNLOAD))
        self.download.back_requested.connect(lambda: self._go(Step.DONE, self._payment))
        if self._camera is not None:
            self._camera.frame_ready.connect(self._on_frame)
            self._camera.state_changed.connect(self._on_camera_state)
        if self._analysis is not None:
            self._analysis.guidance_ready.connect(self._on_guidance)

    # -- navigation -------------------------------------------------------------------------------
    def page(self, step: Step) -> QWidget:
        return self.pages[step]

    def current_page(self) -> QWidget | None:
        return None if self.step is None else self.pages[self.step]

    @Slot()
    def reset(self) -> None:
        """Back to page 1 with no student (下一位, 返回 on page 2, or ended by staff)."""
        self._set_student(None)
        self._payment = None
        self._go(Step.CODE)
        release_free_memory()  # between students: what the last one's pages freed goes back

    def _set_student(self, student: StudentView | None) -> None:
        changed = (self.student is None) != (student is None) or (
            student is not None and self.student is not None and student.id != self.student.id
        )
        self.student = student
        if changed:
            self.student_changed.emit(student)

    def _go(self, step: Step, *args: object) -> None:
        previous = self.current_page()
        if previous is not None:
            previous.leave()  # type: ignore[attr-defined]
        if self.step is Step.CAPTURE and step is not Step.CAPTURE:
            self._set_analysis_active(False)
        self.step = step
        page = self.pages[step]
        self._stack.setCurrentWidget(page)
        if step is Step.CODE:
            self.code.enter()
        elif step is Step.NOTICE:
            self.notice.enter(self._need_student(), self._school.notice_html or self._no_notice())
        elif step is Step.PRECAUTIONS:
            self.precautions.enter(
                self._need_student(), self._school.precautions_html or self._default_precautions()
            )
        elif step is Step.CAPTURE:
            self._set_analysis_active(True)
            self.capture_page.enter(self._need_student())
        elif step in (Step.PREVIEW,):
            page.enter(*args)  # type: ignore[attr-defined]
        else:
            page.enter(self._need_student(), *args)  # type: ignore[attr-defined]
        self.step_changed.emit(int(step))

    def _need_student(self) -> StudentView:
        if self.student is None:
            raise RuntimeError("no student in the flow")
        return self.student

    def _no_notice(self) -> str:
        return "<p>" + self.tr("The school has not published a notice.") + "</p>"

    def _default_precautions(self) -> str:
        items = [
            self.tr("A recent, frontal, bare-headed colour photo; sit upright, face the camera."),
            self.tr("No hat, cap or other head covering; no earrings or necklace."),
            self.tr("Hair must not cover the eyebrows, eyes or ears; no make-up."),
            self.tr("Wear a top that differs clearly from the background (no blue on blue)."),
            self.tr("Glasses only if you always wear them: no glare, no tinted lenses."),
            self.tr("Keep a natural expression, eyes open, mouth closed."),
        ]
        return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"

    # -- page outcomes ----------------------------------------------------------------------------
    @Slot(object)
    def _on_verified(self, student: StudentView) -> None:
        self._set_student(student)
        # Staff may have changed the notice texts since the station opened: read them again.
        capture = self._capture
        self._tasks.submit(
            capture.school, on_ok=self._on_school, on_err=self._on_school_failed, uses_db=True
        )

    @Slot(object)
    def _on_locked_drafts(self, student: StudentView) -> None:
        """去草稿箱 for a locked student on page 1: the drafts stay usable (PRODUCT.md)."""
        self._set_student(student)
        self._go(Step.DRAFTS)

    def _on_school(self, school: SchoolView) -> None:
        self._school = school
        if self.student is not None and self.step is Step.CODE:
            self._go(Step.INFO)

    def _on_school_failed(self, exc: BaseException) -> None:
        log.warning("reading the school failed (%s); using the texts read before", exc)
        self._on_school(self._school)

    @Slot(object)
    def _on_info_confirmed(self, student: StudentView) -> None:
        self._set_student(student)
        self._go(Step.NOTICE)

    @Slot(object)
    def _on_notify_saved(self, student: StudentView) -> None:
        self._set_student(student)
        self._go(Step.VIDEO)

    @Slot(object)
    def _on_video_done(self, student: StudentView) -> None:
        self._set_student(student)
        self._go(Step.CAPTURE)

    @Slot(object)
    def _on_captured(self, frames: list[np.ndarray]) -> None:
        self._go(Step.PREVIEW, frames)

    def open_page(self, student: StudentView, step: Step) -> None:
        """Show a page that needs only the student (staff lookup → 照片下载, tools, tests)."""
        if step in (Step.CODE, Step.PREVIEW, Step.RESULT, Step.CONFIRM, Step.PAYMENT):
            raise ValueError(f"{step.name} cannot be opened directly")
        self._set_student(student)
        if step is Step.DONE:
            self._go(step, self._payment)
        else:
            self._go(step)

    def take_still(self, frames: list[np.ndarray]) -> None:
        """Go to the preview with these frames, as the capture button does (tools, tests)."""
        self._need_student()
        self._on_captured(list(frames))

    @Slot(object)
    def _on_preview_accepted(self, frames: list[np.ndarray]) -> None:
        self._go(Step.RESULT, frames)

    @Slot(object)
    def _on_blocked(self, gate: CaptureGate) -> None:
        self._go(Step.CAPTURE)
        self.capture_page.announce_block(gate)

    @Slot(object)
    def _on_draft_chosen(self, draft: DraftView) -> None:
        self._go(Step.CONFIRM, draft)

    @Slot(object)
    def _on_uploaded(self, upload: UploadView) -> None:
        student = self._need_student()
        capture = self._capture
        log.info("upload %s confirmed", upload.id)
        self._tasks.submit(
            lambda: capture.payment(student.id),
            on_ok=self._on_payment_order,
            on_err=error_handler(self._stack),
            uses_db=True,
        )

    def _on_payment_order(self, payment: PaymentView | None) -> None:
        if self.step is not Step.CONFIRM:
            return  # the student was ended meanwhile
        self._payment = payment
        if payment is None:
            self._go(Step.DONE, None)
        else:
            self._go(Step.PAYMENT, payment)

    @Slot(object)
    def _on_payment_finished(self, payment: PaymentView | None) -> None:
        self._payment = payment
        self._go(Step.DONE, payment)

    def refresh_after_staff_change(self) -> None:
        """A lock was cleared or a payment confirmed by staff: re-read what the page shows."""
        if self.step is Step.CODE and self.code.locked_student is not None:
            self.code.verify(self.code.locked_student.code)  # unlocked: the student goes on
        elif self.step is Step.CAPTURE:
            self.capture_page.check_gate()
        elif self.step is Step.PAYMENT:
            self.payment.poll()
        elif self.step is Step.RESULT and self.student is not None:
            student, capture = self.student, self._capture
            self._tasks.submit(
                lambda: capture.capture_gate(student.id),
                on_ok=self._on_result_gate,
                on_err=error_handler(self._stack),
                uses_db=True,
            )

    def _on_result_gate(self, gate: CaptureGate) -> None:
        if self.step is Step.RESULT:
            self.result.update_gate(gate)

    # -- camera and analysis ----------------------------------------------------------------------
    def _set_analysis_active(self, active: bool) -> None:
        if self._camera is None or self._analysis is None:
            return
        if active:
            self._restart_analysis()
            self._camera.set_frame_tap(self._analysis.offer)
        else:
            self._camera.set_frame_tap(None)

    @Slot(bool)
    def _on_capture_lock_changed(self, locked: bool) -> None:
        """No challenge runs for a locked student; a new one starts once staff unlock."""
        if self.step is Step.CAPTURE:
            self._set_analysis_active(not locked)

    def prepare_analysis(self) -> None:
        """Make the live analyser for the current liveness rule now (behind the login)."""
        if self._analysis is not None:
            self._restart_analysis()
            self._analysis.prepare()

    @Slot()
    def _restart_analysis(self) -> None:
        if self._analysis is None:
            return
        liveness = self._liveness_enabled()
        make = self._make_analyzer
        self._analysis.reset(lambda: make(liveness), key=liveness)

    @Slot(bool)
    def _pause_analysis(self, paused: bool) -> None:
        if self._analysis is not None:
            self._analysis.set_paused(paused)

    @Slot(QImage)
    def _on_frame(self, image: QImage) -> None:
        if self.step is Step.CAPTURE:
            self.capture_page.show_frame(image)

    @Slot(str, str)
    def _on_camera_state(self, state: str, code: str) -> None:
        self.capture_page.set_camera_state(state, code)

    @Slot(object)
    def _on_guidance(self, guidance: Guidance) -> None:
        if self.step is Step.CAPTURE:
            self.capture_page.show_guidance(guidance)
