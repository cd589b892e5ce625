# SPDX-License-Identifier: MIT
"""Pages 8 and 9: 预览 (the still; 确定 / 重拍) and 制作与检测 (production, checks, result)."""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from tucai_desk.core import overrides
from tucai_desk.core.clock import Clock
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.capture import CaptureService, FlowError
from tucai_desk.services.dto import AttemptOutcome, CaptureGate, StudentView
from tucai_desk.ui import dialogs, texts
from tucai_desk.ui.camera_thread import bgr_to_qimage
from tucai_desk.ui.pages.base import ServicePage, enter_shortcut, host, shortcut
from tucai_desk.ui.result_hints import result_hint
from tucai_desk.ui.tasks import TaskRunner
from tucai_desk.ui.widgets.common import ImageView, PageFrame, image_from_bytes, label

log = logging.getLogger(__name__)


class PreviewPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Preview"), self.tr("Step 8"), parent)
        self.still_view = ImageView()
        self.body.addWidget(self.still_view, 1)
        self.hint_label = label(
            self.tr("Is this photo all right? Press OK to have it made and checked."), "muted"
        )
        self.body.addWidget(self.hint_label)
        self.retake_button = self.add_button(self.tr("Retake (Esc)"))
        self.accept_button = self.add_button(self.tr("OK (Enter)"), primary=True)


class PreviewPage(QWidget):
    """Page 8. ``accepted(frames)`` goes on to production; ``retake_requested`` back to page 7."""

    accepted = Signal(object)
    retake_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frames: list[np.ndarray] = []
        self.view = PreviewPageView()
        host(self, self.view)
        self.view.accept_button.clicked.connect(self._on_accept)
        self.view.retake_button.clicked.connect(self.retake_requested)
        shortcut(self, Qt.Key.Key_Escape, self.retake_requested.emit)
        enter_shortcut(self, self._on_accept)

    def enter(self, frames: list[np.ndarray]) -> None:
        self._frames = list(frames)
        # The still as it will be used: not mirrored (the standard forbids mirrored photos).
        self.view.still_view.set_image(bgr_to_qimage(self._frames[-1]) if self._frames else None)

    def leave(self) -> None:
        pass

    @Slot()
    def _on_accept(self) -> None:
        if self._frames:
            self.accepted.emit(self._frames)


class ResultPageView(PageFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Production and checks"), self.tr("Step 9"), parent)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.photo_view = ImageView()
        self.photo_view.setMaximumWidth(520)
        row.addWidget(self.photo_view, 2)
        side = QVBoxLayout()
        side.setSpacing(14)
        self.busy_label = label(self.tr("Making and checking your photo, please wait…"), "big")
        side.addWidget(self.busy_label)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # busy indicator
        side.addWidget(self.busy_bar)
        self.outcome_label = label("", "big")
        side.addWidget(self.outcome_label)
        self.first_reason = label("", "prominent")
        side.addWidget(self.first_reason)
        self.more_reasons = label("", "error")
        side.addWidget(self.more_reasons)
        self.lock_label = label("", "warning")
        side.addWidget(self.lock_label)
        side.addStretch(1)
        row.addLayout(side, 3)
        self.body.addLayout(row, 1)
        self.finish_button = self.add_button(self.tr("Back to start"))
        self.retake_button = self.add_button(self.tr("Retake (Esc)"))
        self.retake_button.setMinimumWidth(300)
        self.drafts_button = self.add_button(self.tr("Go to draft box (Enter)"), primary=True)


class ResultPage(ServicePage[ResultPageView]):
    """Page 9: runs ``submit_still`` through the task runner and shows what came out."""

    retake_requested = Signal()
    drafts_requested = Signal()
    finish_requested = Signal()  # back to page 1: never a dead end, also under a lock
    blocked = Signal(object)  # CaptureGate: the service refused the capture (another station)

    def __init__(
        self,
        capture: CaptureService,
        tasks: TaskRunner,
        clock: Clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(capture, tasks, ResultPageView(), parent)
        self._clock = clock
        self._outcome: AttemptOutcome | None = None
        self._busy = False
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._on_tick)
        v = self.view
        v.retake_button.clicked.connect(self._on_retake)
        v.drafts_button.clicked.connect(self._on_drafts)
        v.finish_button.clicked.connect(self._on_finish)
        shortcut(self, Qt.Key.Key_Escape, self._on_retake)
        enter_shortcut(self, self._on_drafts)

    @property
    def outcome(self) -> AttemptOutcome | None:
        return self._outcome

    @property
    def busy(self) -> bool:
        return self._busy

    def enter(self, student: StudentView, frames: list[np.ndarray]) -> None:
        self._gen.renew()
        self._student = student
        self._outcome = None
        self._set_busy(True)
        capture = self._capture
        burst = list(frames)
        self._tasks.submit(
            lambda: capture.submit_still(student.id, burst),
            on_ok=self._gen.bind(self._on_outcome),
            on_err=self._gen.bind(self._on_failed),
            uses_db=True,
        )

    def leave(self) -> None:
        super().leave()
        self._countdown.stop()
        self._student = None

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        v = self.view
        v.busy_label.setVisible(busy)
        v.busy_bar.setVisible(busy)
        v.photo_view.set_image(None)
        v.photo_view.set_mark(None)
        v.photo_view.set_placeholder(self.tr("Please wait…") if busy else "")
        for widget in (v.outcome_label, v.first_reason, v.more_reasons, v.lock_label):
            widget.setText("")
            widget.setVisible(not busy)
        v.retake_button.setEnabled(not busy)
        v.retake_button.setText(self.tr("Retake (Esc)"))
        v.drafts_button.setVisible(not busy)
        v.finish_button.setVisible(not busy)

    def _on_outcome(self, outcome: AttemptOutcome) -> None:
        self._set_busy(False)
        self._outcome = outcome
        v = self.view
        v.photo_view.set_image(image_from_bytes(outcome.shown_jpeg))
        v.photo_view.set_mark(outcome.mark)
        if outcome.passed:
            v.outcome_label.setProperty("role", "ok")
            v.outcome_label.setText(
                self.tr("The photo passed all checks and was saved to the draft box.")
            )
            v.first_reason.hide()
            # Warnings do not stop the photo; staff and student see them and may retake.
            notes = _unique(
                [
                    texts.check_hint(r)
                    for r in outcome.verdict.warnings
                    if r.detail != overrides.STAFF_ALLOWED
                ]
            )
            if outcome.head_cover_allowed is not None:
                notes.append(texts.head_cover_allowed_text(outcome.head_cover_allowed))
            v.more_reasons.setProperty("role", "note")
            v.more_reasons.setText(
                "\n".join(
                    [self.tr("Please note (you may retake the photo):")] + [f"• {h}" for h in notes]
                )
            )
            v.more_reasons.setVisible(bool(notes))
            v.drafts_button.setEnabled(True)
        else:
            failures = outcome.verdict.failures
            v.outcome_label.setProperty("role", "big")
            v.outcome_label.setText(self.tr("The photo did not pass the checks."))
            # The first hint in the live view's words; the others as the checks say them.
            hints = _unique(
                [result_hint(r) for r in failures[:1]] + [texts.check_hint(r) for r in failures[1:]]
            ) or [texts.check_hint("face_found")]
            v.first_reason.setText(hints[0])
            v.first_reason.show()
            v.more_reasons.setProperty("role", "error")
            v.more_reasons.setText("\n".join(f"• {h}" for h in hints[1:]))
            v.more_reasons.setVisible(len(hints) > 1)
            v.drafts_button.setEnabled(outcome.gate.has_drafts)
        for widget in (v.outcome_label, v.more_reasons):
            widget.style().polish(widget)
        self._apply_gate(outcome.gate)

    def _apply_gate(self, gate: CaptureGate) -> None:
        v = self.view
        v.lock_label.setText("")
        outcome = self._outcome
        if outcome is not None and not outcome.passed and not gate.locked:
            left = gate.checks_left
            if left is not None and left > 0:
                v.lock_label.setText(texts.attempts_left_text(left))
        if gate.reason is BlockReason.COOLDOWN:
            self._countdown.start()
            self._on_tick()
        if gate.locked:
            text = texts.block_text(gate.reason or "", gate.until)
            if gate.has_drafts:
                text += "\n" + texts.drafts_available_text()
            v.lock_label.setText(text)
            v.retake_button.setEnabled(False)
            v.drafts_button.setEnabled(gate.has_drafts)
        elif gate.reason is BlockReason.DRAFT_FULL:
            # 重拍 stays: page 7 then says the programme's "draft box full" and leads to page 10.
            v.lock_label.setText(texts.block_text(gate.reason))

    def cooldown_left(self) -> int:
        outcome = self._outcome
        if outcome is None or outcome.gate.reason is not BlockReason.COOLDOWN:
            return 0
        until = outcome.gate.until
        if until is None:
            return 0
        return max(0, int((until - self._clock.now()).total_seconds() + 0.999))

    @Slot()
    def _on_tick(self) -> None:
        left = self.cooldown_left()
        v = self.view
        if left > 0:
            v.retake_button.setEnabled(False)
            v.retake_button.setText(
                self.tr("Retake ({cooldown})").format(cooldown=texts.cooldown_text(left))
            )
        else:
            self._countdown.stop()
            v.retake_button.setEnabled(True)
            v.retake_button.setText(self.tr("Retake (Esc)"))

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, FlowError) and exc.code == "blocked":
            student = self._student
            if student is not None:
                capture = self._capture
                self._tasks.submit(
                    lambda: capture.capture_gate(student.id),
                    on_ok=self._gen.bind(self.blocked.emit),
                    uses_db=True,
                )
            return
        dialogs.show_error(self.window(), exc)
        self.view.outcome_label.setText(dialogs.error_text(exc))

    @Slot()
    def _on_finish(self) -> None:
        if not self._busy:
            self.finish_requested.emit()

    def update_gate(self, gate: CaptureGate) -> None:
        """Staff changed the locks while this page is shown (e.g. cleared the timed lock)."""
        outcome = self._outcome
        if outcome is None or self._busy:
            return
        self._outcome = AttemptOutcome(outcome.verdict, outcome.draft, outcome.jpeg, gate)
        self.view.retake_button.setEnabled(True)
        self._apply_gate(gate)

    @Slot()
    def _on_retake(self) -> None:
        if not self._busy and self.view.retake_button.isEnabled():
            self.retake_requested.emit()

    @Slot()
    def _on_drafts(self) -> None:
        if (
            not self._busy
            and self.view.drafts_button.isVisible()
            and (self.view.drafts_button.isEnabled())
        ):
            self.drafts_requested.emit()


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]
