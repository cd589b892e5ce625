# SPDX-License-Identifier: MIT
"""Page 7, 拍摄: live view, framing overlay, one hint, the liveness challenge and the capture gate.

Frames and guidance are pushed in by the flow (from the camera and analysis threads, already on
the GUI thread); this page only decides what to show and whether Space may take a photo.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from tucai_desk.core.clock import Clock
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.capture import CaptureService
from tucai_desk.services.dto import CaptureGate, StudentView
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.analysis import Guidance
from tucai_desk.ui.camera_thread import CameraController, CameraState
from tucai_desk.ui.pages.base import ServicePage, error_handler, shortcut
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import PageFrame, label
from tucai_desk.ui.widgets.live_view import LiveView
from tucai_desk.ui.widgets.readiness_banner import ReadinessBanner

log = logging.getLogger(__name__)

BURST = 5


def _state_name(value: object) -> str:
    name = getattr(value, "name", None) or str(value)
    return name.rsplit(".", 1)[-1].lower()


class CapturePageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Take the photo"), self.tr("Step 7"), parent)
        self.readiness_banner = ReadinessBanner()  # today's station check missing or failed
        self.body.addWidget(self.readiness_banner)
        self.live_view = LiveView()
        self.body.addWidget(self.live_view, 1)
        self.status_label = label("", "muted")
        self.body.addWidget(self.status_label)
        self.back_button = self.add_button(self.tr("Back (Esc)"))
        self.drafts_button = self.add_button(self.tr("Draft box (D)"))
        self.capture_button = self.add_button(self.tr("Take photo (Space)"), primary=True)
        self.capture_button.setMinimumWidth(320)


class CapturePage(ServicePage[CapturePageView]):
    """Page 7. Emits ``captured(list[np.ndarray])`` with the burst (raw, unmirrored frames)."""

    captured = Signal(object)
    back_requested = Signal()
    drafts_requested = Signal()
    liveness_retry_requested = Signal()  # the analyser should start a new challenge
    liveness_paused = Signal(bool)  # a dialog or staff window covers the page: stop the clock
    lock_changed = Signal(bool)  # locked: no liveness challenge may run (analysis stops)

    def __init__(
        self,
        capture: CaptureService,
        tasks: TaskRunner,
        camera: CameraController | None,
        clock: Clock,
        *,
        liveness_enabled: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(capture, tasks, CapturePageView(), parent)
        self._camera = camera
        self._clock = clock
        self._liveness_enabled = liveness_enabled
        self._gate: CaptureGate | None = None
        self._locked = False
        self._liveness_passed = False
        self._liveness_reported = False
        self._last_failure: object = None
        self._liveness_notice = ""
        self._guidance: Guidance | None = None
        self._camera_state = camera.state if camera is not None else CameraState.FAILED
        self._camera_code = ""
        self._busy = False
        self._gate_pending = False
        self._paused = False
        self._tick = QTimer(self)
        self._tick.setInterval(500)
        self._connect_signals()

    def _connect_signals(self) -> None:
        v = self.view
        v.capture_button.clicked.connect(self._on_capture)
        v.back_button.clicked.connect(self.back_requested)
        v.drafts_button.clicked.connect(self.drafts_requested)
        shortcut(self, Qt.Key.Key_Space, self._on_capture)
        shortcut(self, Qt.Key.Key_Escape, self.back_requested.emit)
        shortcut(self, Qt.Key.Key_D, self.drafts_requested.emit)
        self._tick.timeout.connect(self._refresh)
        if self._camera is not None:
            # The camera thread scales the preview to the view, so painting it is a plain copy.
            v.live_view.preview_size_changed.connect(self._camera.set_preview_size)

    # -- flow -------------------------------------------------------------------------------------
    def enter(self, student: StudentView) -> None:
        self._gen.renew()
        self._student = student
        self._gate = None
        self._locked = False
        self._guidance = None
        self._liveness_passed = False
        self._liveness_reported = False
        self._last_failure = None
        self._liveness_notice = ""
        self._busy = False
        self._set_paused(False)
        self.view.live_view.clear()
        if self._camera is not None:
            self._camera.set_preview_size(*self.view.live_view.preview_size())
        self._tick.start()
        self._refresh()
        self.check_gate(announce=True)

    def leave(self) -> None:
        super().leave()
        self._tick.stop()
        self._student = None
        self._gate_pending = False

    @property
    def gate(self) -> CaptureGate | None:
        return self._gate

    @property
    def can_capture(self) -> bool:
        return self._blocker() == ""

    def check_gate(self, *, announce: bool = False) -> None:
        """Ask the service whether a photo may be taken; ``announce`` shows a block as a dialog."""
        student = self._student
        if student is None:
            return
        capture = self._capture
        self._gate_pending = True
        self._tasks.submit(
            lambda: capture.capture_gate(student.id),
            on_ok=self._gen.bind(lambda gate: self._on_gate(gate, announce)),
            on_err=self._gen.bind(self._on_gate_failed),
            uses_db=True,
        )

    def _on_gate_failed(self, exc: BaseException) -> None:
        self._gate_pending = False
        error_handler(self)(exc)

    def _set_gate(self, gate: CaptureGate) -> None:
        self._gate = gate
        if gate.locked != self._locked:
            self._locked = gate.locked
            self.lock_changed.emit(gate.locked)

    def _on_gate(self, gate: CaptureGate, announce: bool) -> None:
        self._gate_pending = False
        was_locked = self._gate is not None and self._gate.reason is BlockReason.LIVENESS_LOCKED
        self._set_gate(gate)
        if was_locked and gate.reason is not BlockReason.LIVENESS_LOCKED:
            self._restart_liveness()  # unlocked by staff: a fresh test, not the failed one
        self._refresh()
        if announce and gate.block is not None and gate.reason is not BlockReason.COOLDOWN:
            self.announce_block(gate)

    def announce_block(self, gate: CaptureGate) -> None:
        """The programme's dialog for a block; the draft-box buttons lead to page 10."""
        reason = gate.reason
        if reason is None:
            return
        text = texts.block_text(reason, gate.until)
        ok = self.tr("OK")
        if reason is BlockReason.DRAFT_FULL:
            dialogs.ask(self.window(), text, [ok])
            self.drafts_requested.emit()
            return
        if gate.has_drafts:
            choice = dialogs.ask(
                self.window(),
                text,
                [self.tr("Go to draft box"), ok],
                informative=texts.drafts_available_text(),
            )
            if choice == 0:
                self.drafts_requested.emit()
        else:
            dialogs.ask(self.window(), text, [ok])

    # -- inputs from the flow ---------------------------------------------------------------------
    def show_frame(self, image: QImage) -> None:
        self.view.live_view.set_frame(image)

    def set_camera_state(self, state: str, code: str = "") -> None:
        self._camera_state, self._camera_code = state, code
        self._refresh()

    def show_guidance(self, guidance: Guidance) -> None:
        if self._student is None:
            return
        self._guidance = guidance
        self.view.live_view.set_framing(
            guidance.framing, ready=guidance.ready, captured_ms=guidance.captured_ms
        )
        self._handle_liveness(guidance.liveness)
        self._refresh()

    def _restart_liveness(self) -> None:
        """Start a fresh liveness test; results of the old one still on their way are ignored."""
        self._liveness_passed = False
        self._liveness_reported = True  # until a result of the new test arrives
        if self._guidance is not None:
            self._guidance = replace(self._guidance, liveness=None)
        self.liveness_retry_requested.emit()

    def _covered(self) -> bool:
        """A dialog or a staff window is open over the station."""
        if QApplication.activeModalWidget() is not None:
            return True
        own = self.window()
        return any(
            w is not own and w.isVisible() and bool(w.property("coversStation"))
            for w in QApplication.topLevelWidgets()
        )

    def _set_paused(self, paused: bool) -> None:
        if paused != self._paused:
            self._paused = paused
            log.info("liveness test %s", "paused" if paused else "running on")
        self.liveness_paused.emit(paused)

    @property
    def liveness_paused_now(self) -> bool:
        return self._paused

    def _handle_liveness(self, status: object) -> None:
        gate = self._gate
        if status is None or not self._liveness_enabled() or gate is None or gate.locked:
            return  # a locked student runs no challenge; stray results do not count
        state = _state_name(getattr(status, "state", ""))
        if state == "failed" and self._paused:
            # A result from before the pause took effect: not counted, a fresh test instead.
            if not self._liveness_reported:
                self._restart_liveness()
            return
        if state == "failed":
            # Reported once; results of the same (failed) challenge that are still on their way
            # are ignored until a new challenge runs.
            if not self._liveness_reported:
                self._liveness_reported = True
                failure = getattr(status, "failure", None)
                self._last_failure = failure
                self._report_liveness(passed=False, reason=str(failure or "failed"))
            return
        self._liveness_reported = False
        if state == "passed" and not self._liveness_passed:
            self._liveness_passed = True
            self._liveness_notice = ""
            self._report_liveness(passed=True, reason="")

    def _report_liveness(self, *, passed: bool, reason: str) -> None:
        student = self._student
        if student is None:
            return
        capture = self._capture
        if passed:
            self._tasks.submit(
                lambda: capture.record_liveness_pass(student.id),
                on_ok=lambda _: None,
                on_err=self._gen.bind(error_handler(self)),
                uses_db=True,
            )
            return
        self._tasks.submit(
            lambda: capture.record_liveness_failure(student.id, reason),
            on_ok=self._gen.bind(self._on_liveness_failed),
            on_err=self._gen.bind(error_handler(self)),
            uses_db=True,
        )

    def _on_liveness_failed(self, gate: CaptureGate) -> None:
        self._set_gate(gate)
        self._refresh()
        if gate.block is not None and gate.reason is not BlockReason.COOLDOWN:
            self.announce_block(gate)
            return
        # Said on the page, not in a box to click away: the new challenge starts at once.
        notice = self.tr("The liveness check was not passed. Please follow the prompts again.")
        why = texts.liveness_failure_text(self._last_failure)
        self._liveness_notice = (
            self.tr("{notice} {reason}").format(notice=notice, reason=why) if why else notice
        )
        self._refresh()
        self.liveness_retry_requested.emit()

    @property
    def liveness_notice(self) -> str:
        """The inline message after a failed challenge ('' when there is none)."""
        return self._liveness_notice

    # -- what the page shows ----------------------------------------------------------------------
    def _blocker(self) -> str:
        """Why Space does nothing now ('' when a photo may be taken)."""
        if self._student is None:
            return "no_student"
        if self._camera_state == CameraState.LOST:
            return texts.camera_lost_text()
        if self._camera_state == CameraState.FAILED:
            return texts.camera_error_text(self._camera_code or "open_failed")
        if self._camera_state != CameraState.RUNNING:
            return self.tr("Starting the camera…")
        gate = self._gate
        if gate is None:
            return self.tr("Please wait…")
        if gate.block is not None:
            if gate.reason is BlockReason.COOLDOWN:
                return texts.cooldown_text(self._seconds_left(gate))
            return texts.block_text(gate.reason, gate.until)
        if self._liveness_enabled() and not self._liveness_passed:
            return self.tr("Please complete the liveness check first.")
        return ""

    def _seconds_left(self, gate: CaptureGate) -> int:
        if gate.until is None:
            return 0
        return max(0, int((gate.until - self._clock.now()).total_seconds() + 0.999))

    @Slot()
    def _refresh(self) -> None:
        v = self.view
        covered = self._student is not None and self._covered()
        if covered != self._paused:
            self._set_paused(covered)
        blocker = self._blocker()
        gate = self._gate
        if (
            gate is not None
            and gate.reason is BlockReason.COOLDOWN
            and not self._seconds_left(gate)
            and not self._gate_pending
        ):
            self.check_gate()  # the cooldown ran out: ask again
        v.capture_button.setEnabled(blocker == "" and not self._busy)
        camera_problem = self._camera_state in (CameraState.LOST, CameraState.FAILED)
        locked = gate is not None and gate.reason in (
            BlockReason.LIVENESS_LOCKED,
            BlockReason.TIMED_LOCK,
            BlockReason.DRAFT_FULL,
        )
        message = blocker if camera_problem or locked else ""
        if (
            locked
            and gate is not None
            and gate.has_drafts
            and gate.reason is not (BlockReason.DRAFT_FULL)
        ):
            message += "\n" + texts.drafts_available_text()
        v.live_view.set_message(message)
        status = "" if blocker in ("", "no_student") or camera_problem or locked else blocker
        noticed = bool(self._liveness_notice) and not (camera_problem or locked)
        if noticed:
            status = self._liveness_notice
        v.status_label.setText(status)
        role = "warning" if noticed else "muted"
        if v.status_label.property("role") != role:
            v.status_label.setProperty("role", role)
            v.status_label.style().polish(v.status_label)
        guidance = self._guidance
        hint = guidance.hint if guidance is not None else None
        if camera_problem or locked or (_state_name(hint) == "ready" and blocker):
            hint = None  # "press Space" while Space does nothing would mislead
        v.live_view.set_hint(texts.guidance_text(hint))
        v.live_view.set_prompt(self._prompt_text(guidance))
        if gate is not None:
            v.drafts_button.setText(
                self.tr("Draft box {count}/{capacity} (D)").format(
                    count=gate.draft_count, capacity=gate.draft_capacity
                )
            )

    def _prompt_text(self, guidance: Guidance | None) -> str:
        gate = self._gate
        if not self._liveness_enabled() or (gate is not None and gate.block is not None):
            return ""
        status = guidance.liveness if guidance is not None else None
        if status is None:
            return self.tr("Liveness check: please look into the camera.")
        state = _state_name(getattr(status, "state", ""))
        if state == "passed":
            return self.tr("Liveness check passed. Press Space to take the photo.")
        if state == "failed":
            return self.tr("The liveness check was not passed.")
        prompt = texts.challenge_text(getattr(status, "prompt", None))
        index = int(getattr(status, "step_index", 0) or 0)
        count = int(getattr(status, "step_count", 0) or 0)
        remaining = getattr(status, "remaining_ms", None)
        parts = [prompt]
        if count:
            parts.append(self.tr("({index}/{count})").format(index=index + 1, count=count))
        if remaining is not None and state == "running":
            parts.append(self.tr("{n} s").format(n=max(0, int(remaining) // 1000)))
        text = " ".join(p for p in parts if p)
        left = gate.liveness_attempts_left if gate is not None else None
        if left is not None and left > 0:
            if left == 1:
                attempts = self.tr("This is your last attempt at the liveness check.")
            else:
                attempts = self.tr("Liveness check attempts left: {n}").format(n=left)
            text = f"{text}\n{attempts}" if text else attempts
        return text

    # -- taking the photo -------------------------------------------------------------------------
    @Slot()
    def _on_capture(self) -> None:
        student = self._student
        if student is None or self._busy or not self.can_capture or self._camera is None:
            return
        frames = self._camera.latest_frames(BURST)
        if not frames:
            dialogs.inform(self.window(), texts.flow_error_text("no_frames"))
            return
        self._busy = True
        self.view.capture_button.setEnabled(False)
        capture = self._capture
        # The frames are taken at the key press; the gate is asked again because another station
        # (or a staff change) may have changed it since it was last read.
        self._tasks.submit(
            lambda: capture.capture_gate(student.id),
            on_ok=self._gen.bind(lambda gate: self._on_capture_gate(gate, frames)),
            on_err=self._gen.bind(self._on_capture_failed),
            uses_db=True,
        )

    def _on_capture_gate(self, gate: CaptureGate, frames: list[np.ndarray]) -> None:
        self._busy = False
        self._set_gate(gate)
        self._refresh()
        if gate.block is not None:
            if gate.reason is not BlockReason.COOLDOWN:
                self.announce_block(gate)
            return
        self.captured.emit(frames)

    def _on_capture_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._refresh()
        error_handler(self)(exc)
