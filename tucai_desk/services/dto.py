# SPDX-License-Identifier: MIT
"""What the services hand to the UI: frozen data, never ORM rows or widgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tucai_desk.core.checks import Verdict
from tucai_desk.core.collection_code import CodeProblem
from tucai_desk.core.policies import BlockReason, CaptureBlock


class StudentStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DRAFTS = "drafts"
    CONFIRMED = "confirmed"  # confirmed, waiting to sync
    SYNCED = "synced"  # received by the provincial service
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FINISHED = "finished"  # the finished photo is available


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class SchoolView:
    id: int
    code: str
    name: str
    fee_cents: int
    notice_html: str
    precautions_html: str


@dataclass(frozen=True, slots=True)
class StudentView:
    id: int
    name: str
    student_no: str
    school_name: str
    department: str
    class_name: str
    phone: str | None
    code: str
    notify_photo: bool
    notify_payment: bool
    video_watched: bool
    status: StudentStatus


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """The answer to a scanned/typed code: a student, or the problem with the code."""

    student: StudentView | None = None
    problem: CodeProblem | None = None


@dataclass(frozen=True, slots=True)
class CaptureGate:
    """Whether the student may take a photo now, and why not."""

    block: CaptureBlock | None
    draft_count: int
    draft_capacity: int
    liveness_attempts_left: int | None = None  # liveness tests left before the account locks

    @property
    def allowed(self) -> bool:
        return self.block is None

    @property
    def reason(self) -> BlockReason | None:
        return None if self.block is None else self.block.reason

    @property
    def until(self) -> datetime | None:
        return None if self.block is None else self.block.until

    @property
    def has_drafts(self) -> bool:
        return self.draft_count > 0


@dataclass(frozen=True, slots=True)
class DraftView:
    id: str
    student_id: int
    created_at: datetime
    deletable_at: datetime
    can_delete: bool
    sha256: str
    size_bytes: int
    path: str  # absolute path of the JPEG


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    """The result of one capture: the verdict, the draft when it passed, and the gate after it."""

    verdict: Verdict
    draft: DraftView | None
    jpeg: bytes | None  # the produced photo (also when a check failed), for the result page
    gate: CaptureGate

    @property
    def passed(self) -> bool:
        return self.draft is not None


@dataclass(frozen=True, slots=True)
class PaymentView:
    order_no: str
    amount_cents: int
    state: PaymentState
    qr_payload: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class UploadView:
    id: str
    draft_id: str
    created_at: datetime
    photo_path: str
    remote_status: str  # pending | received | accepted | rejected | finished
    reject_reason: str | None
    finished_path: str | None
    synced: bool


@dataclass(frozen=True, slots=True)
class LockView:
    liveness_failures: int
    liveness_locked: bool
    other_failures: int
    timed_lock_until: datetime | None
    cooldown_until: datetime | None


@dataclass(frozen=True, slots=True)
class StaffSession:
    staff_id: int
    username: str
    role: str  # operator | admin
    started_at: datetime

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"
