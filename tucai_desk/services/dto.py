# SPDX-License-Identifier: MIT
"""What the services hand to the UI: frozen data, never ORM rows or widgets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

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
    gate: CaptureGate | None = None  # the student's locks, shown at once on page 1


@dataclass(frozen=True, slots=True)
class CaptureGate:
    """Whether the student may take a photo now, and why not."""

    block: CaptureBlock | None
    draft_count: int
    draft_capacity: int
    liveness_attempts_left: int | None = None  # liveness tests left before the account locks
    checks_left: int | None = None  # failed photos still allowed before the timed lock

    @property
    def locked(self) -> bool:
        """A liveness lock or a timed lock: no capture and no liveness challenge."""
        return self.reason in (BlockReason.LIVENESS_LOCKED, BlockReason.TIMED_LOCK)

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
    clothing_extended: bool = False  # production painted clothing the camera did not see
    head_cover_allowed: str | None = None  # passed by the staff's head-cover override (reason)


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    """The result of one capture: the verdict, the draft when it passed, and the gate after it."""

    verdict: Verdict
    draft: DraftView | None
    jpeg: bytes | None  # the produced photo (also when a check failed), for the result page
    gate: CaptureGate
    head_cover_allowed: str | None = None  # passed only by the staff's override (its reason)
    still_jpeg: bytes | None = None  # the still itself when no photo could be produced
    mark: tuple[float, float, float, float] | None = None  # failing region (fractions) to mark

    @property
    def shown_jpeg(self) -> bytes | None:
        """What the result page shows: the produced photo, else the still."""
        return self.jpeg or self.still_jpeg

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
class HeadCoverGrant:
    """One head-cover override of a student: granted (and perhaps revoked) by an admin."""

    reason: str
    granted_by: str | None
    granted_at: datetime
    revoked_by: str | None = None
    revoked_at: datetime | None = None
    revoke_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class SessionCheck(Protocol):
    def __call__(self, session: StaffSession, *, admin: bool, fresh: bool) -> None: ...


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A signed-in staff member. ``token`` names the session row; ``check`` re-reads it (the
    account still active, the same role, not idle, for ``fresh`` a recent password) and raises
    when it no longer holds: every staff action calls :meth:`require` first."""

    staff_id: int
    username: str
    role: str  # operator | admin (at sign-in)
    started_at: datetime
    token: str = field(default="", repr=False)
    check: SessionCheck | None = field(default=None, repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require(self, *, admin: bool = False, fresh: bool = False) -> None:
        if self.check is not None:
            self.check(self, admin=admin, fresh=fresh)
