# SPDX-License-Identifier: MIT
"""CaptureService: the student flow's use cases (verify code → … → confirm upload → payment).

Every method is blocking and touches the database: the UI calls them through its task runner on
the single database executor, never on the GUI thread. ``submit_still`` also runs the photo
pipeline (a few hundred milliseconds), which is why the pipeline lives on that one thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any, Protocol

import cv2
import numpy as np

from tucai_desk.core import overrides, policies
from tucai_desk.core.checks import Verdict
from tucai_desk.core.clock import Clock
from tucai_desk.core.collection_code import CodeFormatError, CodeProblem, parse_code
from tucai_desk.core.people import is_mainland_mobile, normalise_phone
from tucai_desk.core.policies import PolicySettings
from tucai_desk.core.result_marks import failing_region
from tucai_desk.services.dto import (
    AttemptOutcome,
    CaptureGate,
    CodeCheck,
    DraftView,
    LockView,
    PaymentState,
    PaymentView,
    SchoolView,
    StudentStatus,
    StudentView,
    UploadView,
)
from tucai_desk.store.capture_repo import CaptureRepository, GateState, RuleError
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import Draft, Payment, School, Upload
from tucai_desk.store.photos import PhotoStore, PhotoStoreError
from tucai_desk.store.students import StudentRecord, StudentRepository

log = logging.getLogger(__name__)
Frame = np.ndarray[Any, Any]  # a BGR camera frame or still


class FlowError(RuntimeError):
    """A use case refused: ``code`` says why (the UI shows the matching message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code if not detail else f"{code}: {detail}")
        self.code = code


class PhotoOutcomeLike(Protocol):
    verdict: Verdict
    jpeg: bytes | None


class PipelineLike(Protocol):
    def process(self, still_bgr: Frame) -> PhotoOutcomeLike: ...


class PaymentGateway(Protocol):
    """Where payment orders come from: the provincial service, or the station itself."""

    def order_for(self, student_id: int, amount_cents: int) -> Payment: ...

    def refresh(self, student_id: int) -> Payment | None: ...


def school_view(school: School) -> SchoolView:
    return SchoolView(
        id=school.id,
        code=school.code,
        name=school.name,
        fee_cents=school.fee_cents,
        notice_html=school.notice_html,
        precautions_html=school.precautions_html,
    )


def student_view(rec: StudentRecord) -> StudentView:
    st = rec.student
    return StudentView(
        id=st.id,
        name=st.name,
        student_no=st.student_no,
        school_name=rec.school.name,
        department=st.department,
        class_name=st.class_name,
        phone=st.phone,
        code=rec.code,
        notify_photo=st.notify_photo,
        notify_payment=st.notify_payment,
        video_watched=st.video_watched_at is not None,
        status=StudentStatus(st.status),
    )


def payment_view(p: Payment) -> PaymentView:
    return PaymentView(
        order_no=p.order_no,
        amount_cents=p.amount_cents,
        state=PaymentState(p.state),
        qr_payload=p.qr_payload,
        updated_at=p.updated_at,
    )


def upload_view(u: Upload, photos: PhotoStore) -> UploadView:
    return UploadView(
        id=u.id,
        draft_id=u.draft_id,
        created_at=u.created_at,
        photo_path=str(photos.path(u.photo_path)),
        remote_status=u.remote_status,
        reject_reason=u.reject_reason,
        finished_path=str(photos.path(u.finished_path)) if u.finished_path else None,
        synced=u.remote_status != "pending",
    )


def _thumbnail(bgr: Frame, width: int = 160) -> bytes | None:
    h, w = bgr.shape[:2]
    if w == 0 or h == 0:
        return None
    small = cv2.resize(bgr, (width, max(1, round(h * width / w))), interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return buf.tobytes() if ok else None


class CaptureService:
    def __init__(
        self,
        *,
        students: StudentRepository,
        capture: CaptureRepository,
        photos: PhotoStore,
        clock: Clock,
        school_code: str,
        policy: Callable[[], PolicySettings],
        pipeline_factory: Callable[[], PipelineLike],
        select_best: Callable[[Sequence[Frame]], int],
        payments: PaymentGateway,
        after_confirm: Callable[[], None] | None = None,
        head_cover_allowed: Callable[[int], str | None] | None = None,
        liveness: Callable[[], tuple[bool, float]] | None = None,
    ) -> None:
        """``head_cover_allowed(student_id)``: the reason of a staff head-cover override in
        force for the student, None without one. ``liveness()``: (required?, minutes a pass
        lasts), from the programme's rules."""
        self._students = students
        self._capture = capture
        self._photos = photos
        self._clock = clock
        self._school_code = school_code
        self._policy = policy
        self._pipeline_factory = pipeline_factory
        self._pipeline: PipelineLike | None = None
        self._select_best = select_best
        self._payments = payments
        self._after_confirm = after_confirm
        self._head_cover_allowed = head_cover_allowed
        self._liveness = liveness

    # -- pages 1–6 ---------------------------------------------------------------------------
    def school(self) -> SchoolView:
        school = self._students.school_by_code(self._school_code)
        if school is None:
            raise FlowError("no_school")
        return school_view(school)

    def verify_code(self, payload: str) -> CodeCheck:
        """Page 1: any payload (QR text is hostile) gives a student or a problem; never raises."""
        try:
            parsed = parse_code(payload)
        except CodeFormatError as exc:
            return CodeCheck(problem=exc.problem)
        if parsed.school_code != self._school_code:
            return CodeCheck(problem=CodeProblem.OTHER_SCHOOL)
        found = self._students.by_code(parsed.code)
        if found is None:
            return CodeCheck(problem=CodeProblem.UNKNOWN)
        rec, code_row = found
        if rec.school.code != self._school_code:
            return CodeCheck(problem=CodeProblem.OTHER_SCHOOL)
        if code_row.completed_at is not None and not self._capture.may_retake(rec.student.id):
            return CodeCheck(problem=CodeProblem.COMPLETED)
        gate = self._capture.gate(rec.student.id)
        if code_row.expires_at is not None and gate.now >= code_row.expires_at:
            return CodeCheck(problem=CodeProblem.EXPIRED)
        log.info("code verified for student id=%s", rec.student.id)
        return CodeCheck(student=student_view(rec), gate=self._gate_view(gate))

    def student(self, student_id: int) -> StudentView:
        return student_view(self._get(student_id))

    def confirm_info(self, student_id: int, phone: str) -> StudentView:
        """Page 2: store the (corrected) mobile number; FlowError("phone_invalid") if not valid."""
        if not is_mainland_mobile(phone):
            raise FlowError("phone_invalid")
        rec = self._get(student_id)
        status = "in_progress" if rec.student.status == "not_started" else rec.student.status
        now = self._capture.gate(student_id).now
        return student_view(
            self._students.update(
                student_id,
                phone=normalise_phone(phone),
                info_confirmed_at=now,
                status=status,
                updated_at=now,
            )
        )

    def set_notifications(self, student_id: int, *, photo: bool, payment: bool) -> StudentView:
        return student_view(
            self._students.update(student_id, notify_photo=photo, notify_payment=payment)
        )

    def mark_video_watched(self, student_id: int) -> StudentView:
        now = self._capture.gate(student_id).now
        return student_view(self._students.update(student_id, video_watched_at=now))

    # -- pages 7–9 ---------------------------------------------------------------------------
    def capture_gate(self, student_id: int) -> CaptureGate:
        """Whether a photo may be taken now (locks, draft box full, cooldown)."""
        self._get(student_id)
        return self._gate_view(self._capture.gate(student_id))

    def submit_still(self, student_id: int, frames: Sequence[Frame]) -> AttemptOutcome:
        """Best frame of the burst → production → checks → draft (row + file, one transaction).

        A failure counts toward the timed lock and starts the cooldown. FlowError("blocked")
        when the gate does not allow a capture; FlowError("liveness_required") when liveness is
        on and the student has no recent pass (whoever calls this, not only the screen).
        """
        if not frames:
            raise FlowError("no_frames")
        gate = self._capture.gate(student_id)
        if gate.block is not None:
            raise FlowError("blocked", gate.block.reason.value)
        liveness_within = self._liveness_window()
        if liveness_within is not None and not self._capture.liveness_passed(
            student_id, liveness_within
        ):
            raise FlowError("liveness_required")
        still = frames[self._select_best(frames)] if len(frames) > 1 else frames[0]
        if self._pipeline is None:
            self._pipeline = self._pipeline_factory()
        outcome = self._pipeline.process(still)
        verdict, allowed = self._apply_overrides(student_id, outcome.verdict)
        passed = verdict.passed and outcome.jpeg is not None
        measurements = {
            r.code.value: {"outcome": r.outcome.value, "value": r.value, "threshold": r.threshold}
            for r in verdict.results
        }
        try:
            saved = self._capture.save_photo_attempt(
                student_id,
                passed=passed,
                failures=verdict.failed_codes(),
                measurements=measurements,
                jpeg=outcome.jpeg,
                thumbnail=_thumbnail(still),
                clothing_extended=overrides.clothing_extended(verdict),
                head_cover_allowed=allowed,
                liveness_within=liveness_within,
            )
        except RuleError as exc:
            if exc.code == "liveness_required":
                raise FlowError("liveness_required") from exc
            raise FlowError("blocked", exc.code) from exc
        except PhotoStoreError as exc:
            # disk_full / write_failed: nothing was recorded, the student can try again.
            log.error("photo could not be stored: %s", exc.code)
            raise FlowError(exc.code) from exc
        log.info(
            "photo attempt %s for student id=%s: %s %s",
            saved.attempt_id,
            student_id,
            "passed" if passed else "failed",
            ",".join(verdict.failed_codes()),
        )
        draft = self._draft_view(saved.draft, saved.gate.now) if saved.draft else None
        produced = outcome.jpeg is not None
        face = getattr(outcome, "photo_face" if produced else "still_face", None)
        return AttemptOutcome(
            verdict=verdict,
            draft=draft,
            jpeg=outcome.jpeg,
            gate=self._gate_view(saved.gate),
            head_cover_allowed=allowed if passed else None,
            still_jpeg=None if produced else _thumbnail(still, width=min(960, still.shape[1])),
            mark=None if passed else failing_region(verdict.failures, face),
        )

    def _apply_overrides(self, student_id: int, verdict: Verdict) -> tuple[Verdict, str | None]:
        """A photo failing only ``head_cover`` passes while staff allow the student's religious
        head covering; the verdict then says so (a staff-allowed warning) with the reason."""
        if self._head_cover_allowed is None or not overrides.only_head_cover_fails(verdict):
            return verdict, None
        reason = self._head_cover_allowed(student_id)
        if reason is None:
            return verdict, None
        log.info("head cover allowed by staff for student id=%s", student_id)
        return overrides.allow_head_cover(verdict), reason

    def _liveness_window(self) -> timedelta | None:
        if self._liveness is None:
            return None
        required, minutes = self._liveness()
        return timedelta(minutes=minutes) if required else None

    def record_liveness_failure(self, student_id: int, reason: str) -> CaptureGate:
        """Count a failed challenge; a locked student's (none should run) is not counted."""
        gate = self._capture.save_liveness_result(student_id, passed=False, reason=reason)
        log.info("liveness failed for student id=%s (%s)", student_id, reason)
        return self._gate_view(gate)

    def record_liveness_pass(self, student_id: int) -> None:
        self._capture.save_liveness_result(student_id, passed=True, reason="")

    # -- pages 10–14 -------------------------------------------------------------------------
    def drafts(self, student_id: int) -> list[DraftView]:
        rows, now = self._capture.drafts(student_id)
        return [self._draft_view(d, now) for d in rows]

    def delete_draft(self, student_id: int, draft_id: str) -> None:
        """FlowError("draft_too_new") before the 24-hour rule allows it."""
        try:
            self._capture.delete_draft(student_id, draft_id)
        except RuleError as exc:
            raise FlowError(exc.code) from exc
        except NotFoundError as exc:
            raise FlowError("draft_missing") from exc

    def confirm_upload(self, student_id: int, draft_id: str) -> UploadView:
        """The chosen draft becomes the upload; its outbox item goes in the same transaction."""
        try:
            upload = self._capture.confirm_upload(student_id, draft_id)
        except RuleError as exc:
            raise FlowError(exc.code) from exc
        except NotFoundError as exc:
            raise FlowError("draft_missing") from exc
        log.info("upload %s confirmed for student id=%s", upload.id, student_id)
        if self._after_confirm is not None:
            self._after_confirm()  # the sync worker sends it now rather than at its next tick
        return upload_view(upload, self._photos)

    def upload(self, student_id: int) -> UploadView | None:
        row = self._capture.upload_for(student_id)
        return upload_view(row, self._photos) if row else None

    def payment(self, student_id: int) -> PaymentView | None:
        """The student's payment order, created when the school charges a fee; None when free."""
        rec = self._get(student_id)
        if rec.school.fee_cents <= 0:
            return None
        existing = self._payments.refresh(student_id)
        if existing is not None and existing.state != "expired":
            return payment_view(existing)
        return payment_view(self._payments.order_for(student_id, rec.school.fee_cents))

    def locks(self, student_id: int) -> LockView:
        state = self._capture.lock_state(student_id)
        return LockView(
            liveness_failures=state.liveness_failures,
            liveness_locked=state.liveness_locked,
            other_failures=state.other_failures,
            timed_lock_until=state.timed_lock_until,
            cooldown_until=state.cooldown_until,
        )

    def pending_uploads(self) -> int:
        return self._capture.pending_outbox()

    # -- helpers -------------------------------------------------------------------------------
    def _get(self, student_id: int) -> StudentRecord:
        try:
            return self._students.get(student_id)
        except NotFoundError as exc:
            raise FlowError("student_missing") from exc

    def _draft_view(self, d: Draft, now: object) -> DraftView:
        policy = self._policy()
        deletable_at = policies.draft_deletable_at(d.created_at, policy)
        return DraftView(
            id=d.id,
            student_id=d.student_id,
            created_at=d.created_at,
            deletable_at=deletable_at,
            can_delete=bool(now >= deletable_at),  # type: ignore[operator]
            sha256=d.sha256,
            size_bytes=d.size_bytes,
            path=str(self._photos.path(d.photo_path)),
            clothing_extended=bool(d.clothing_extended),
            head_cover_allowed=d.head_cover_allowed,
        )

    def _gate_view(self, gate: GateState) -> CaptureGate:
        left = max(0, self._policy().timed_lock_after - gate.lock.other_failures)
        return CaptureGate(
            block=gate.block,
            draft_count=gate.draft_count,
            draft_capacity=gate.capacity,
            checks_left=left,
            liveness_attempts_left=gate.liveness_attempts_left,
        )

    def warm_up(self) -> None:
        """Load the photo models now, behind the first screen, not on the first photo.

        Runs on the (database) executor of :meth:`submit_still`: one pipeline per thread.
        """
        if self._pipeline is None:
            self._pipeline = self._pipeline_factory()
        warm = getattr(self._pipeline, "warm_up", None)
        if warm is not None:
            warm()

    def close(self) -> None:
        closer = getattr(self._pipeline, "close", None)
        if closer is not None:
            closer()
        self._pipeline = None
