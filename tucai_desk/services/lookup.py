# SPDX-License-Identifier: MIT
"""LookupService: find a student by name, 学号, 采集码 or the last digits of the phone, and show
everything about them (status, attempts with reasons and thumbnails, locks, drafts, uploads,
payment, audit trail). Admins only; opening a student's page is audited (personal data).

Blocking and database-bound: call through the UI's task runner on the database executor.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tucai_desk.core import policies
from tucai_desk.core.people import mask_phone
from tucai_desk.services.accounts import Actor, require_admin
from tucai_desk.services.dto import LockView, PaymentState, PaymentView, StudentStatus
from tucai_desk.store.audit_ledger import AuditEntry, AuditLedger
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.lookup_repo import LookupRepository, StudentHit
from tucai_desk.store.photos import PhotoStore, PhotoStoreError

log = logging.getLogger(__name__)

MAX_QUERY = 64
_UPLOAD_STATUS = {
    "pending": StudentStatus.CONFIRMED,
    "received": StudentStatus.SYNCED,
    "accepted": StudentStatus.ACCEPTED,
    "rejected": StudentStatus.REJECTED,
    "finished": StudentStatus.FINISHED,
}


class LookupServiceError(RuntimeError):
    """``code``: student_missing."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def effective_status(student_status: str, upload_status: str | None) -> StudentStatus:
    """The student's place in the flow: the upload's state at the service once there is one."""
    if upload_status is not None and upload_status in _UPLOAD_STATUS:
        return _UPLOAD_STATUS[upload_status]
    try:
        return StudentStatus(student_status)
    except ValueError:
        return StudentStatus.IN_PROGRESS


@dataclass(frozen=True, slots=True)
class StudentSummary:
    id: int
    name: str
    student_no: str
    code: str
    phone_masked: str
    department: str
    class_name: str
    status: StudentStatus
    matched_by: str


@dataclass(frozen=True, slots=True)
class AttemptItem:
    id: str
    created_at: datetime
    kind: str  # photo | liveness
    passed: bool
    failures: tuple[str, ...]  # CheckCode values, or a liveness reason
    thumbnail_path: str | None  # absolute path, None when there is none
    station_id: str


@dataclass(frozen=True, slots=True)
class DraftItem:
    id: str
    created_at: datetime
    path: str
    size_bytes: int
    deleted_at: datetime | None
    clothing_extended: bool = False
    head_cover_allowed: str | None = None


@dataclass(frozen=True, slots=True)
class UploadItem:
    id: str
    created_at: datetime
    path: str
    remote_status: str
    reject_reason: str | None
    finished_path: str | None
    outbox_state: str | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class StudentDetail:
    id: int
    name: str
    student_no: str
    school_name: str
    department: str
    class_name: str
    phone: str | None
    id_number_masked: str
    code: str
    code_completed_at: datetime | None
    code_expires_at: datetime | None
    status: StudentStatus
    info_confirmed_at: datetime | None
    video_watched_at: datetime | None
    locks: LockView
    attempts: tuple[AttemptItem, ...]
    drafts: tuple[DraftItem, ...]
    uploads: tuple[UploadItem, ...]
    payment: PaymentView | None
    audit: tuple[AuditEntry, ...]
    now: datetime

    @property
    def liveness_locked(self) -> bool:
        return self.locks.liveness_locked

    @property
    def timed_locked(self) -> bool:
        until = self.locks.timed_lock_until
        return until is not None and until > self.now


def normalise_query(text: str) -> str:
    """What staff typed (or a scanner sent), as the search key: NFKC, no spaces, capped."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith(("C", "Z")))
    return text[:MAX_QUERY]


def _mask_id(id_number: str | None) -> str:
    if not id_number:
        return ""
    return id_number[:6] + "*" * max(0, len(id_number) - 10) + id_number[-4:]


class LookupService:
    def __init__(
        self,
        *,
        repo: LookupRepository,
        ledger: AuditLedger,
        photos: PhotoStore,
        school_id: int | None,
        now: Callable[[], datetime],
        staff_names: Callable[[], dict[int, str]],
    ) -> None:
        self._repo = repo
        self._ledger = ledger
        self._photos = photos
        self._school_id = school_id
        self._now = now
        self._staff_names = staff_names

    def search(self, actor: Actor, query: str, limit: int = 50) -> list[StudentSummary]:
        require_admin(actor)
        text = normalise_query(query)
        if not text:
            return []
        hits = self._repo.search(text, school_id=self._school_id, limit=limit)
        return [self._summary(h) for h in hits]

    @staticmethod
    def _summary(h: StudentHit) -> StudentSummary:
        return StudentSummary(
            id=h.id,
            name=h.name,
            student_no=h.student_no,
            code=h.code,
            phone_masked=mask_phone(h.phone),
            department=h.department,
            class_name=h.class_name,
            status=effective_status(h.status, h.upload_status),
            matched_by=h.matched_by,
        )

    def detail(self, actor: Actor, student_id: int, *, audit_view: bool = True) -> StudentDetail:
        """Everything about one student; ``audit_view`` records that staff opened the page."""
        by = require_admin(actor)
        try:
            rows = self._repo.student_rows(student_id)
        except NotFoundError as exc:
            raise LookupServiceError("student_missing") from exc
        if audit_view:
            self._ledger.record("student_viewed", staff_id=by, student_id=student_id)
        now = self._now()
        st = rows.student
        lock = policies.expire(
            policies.LockState(
                liveness_failures=rows.lock.liveness_failures,
                liveness_locked=rows.lock.liveness_locked,
                other_failures=rows.lock.other_failures,
                timed_lock_until=rows.lock.timed_lock_until,
                cooldown_until=rows.lock.cooldown_until,
            )
            if rows.lock is not None
            else policies.LockState(),
            now,
        )
        uploads = tuple(
            UploadItem(
                id=u.id,
                created_at=u.created_at,
                path=self._abs(u.photo_path) or "",
                remote_status=u.remote_status,
                reject_reason=u.reject_reason,
                finished_path=self._abs(u.finished_path),
                outbox_state=o.state if o is not None else None,
                last_error=o.last_error if o is not None else None,
            )
            for u, o in rows.uploads
        )
        payment = rows.payments[0] if rows.payments else None
        return StudentDetail(
            id=st.id,
            name=st.name,
            student_no=st.student_no,
            school_name=rows.school.name,
            department=st.department,
            class_name=st.class_name,
            phone=st.phone,
            id_number_masked=_mask_id(st.id_number),
            code=rows.code.code if rows.code else "",
            code_completed_at=rows.code.completed_at if rows.code else None,
            code_expires_at=rows.code.expires_at if rows.code else None,
            status=effective_status(st.status, uploads[-1].remote_status if uploads else None),
            info_confirmed_at=st.info_confirmed_at,
            video_watched_at=st.video_watched_at,
            locks=LockView(
                liveness_failures=lock.liveness_failures,
                liveness_locked=lock.liveness_locked,
                other_failures=lock.other_failures,
                timed_lock_until=lock.timed_lock_until,
                cooldown_until=lock.cooldown_until,
            ),
            attempts=tuple(
                AttemptItem(
                    id=a.id,
                    created_at=a.created_at,
                    kind=a.kind,
                    passed=a.passed,
                    failures=tuple(str(f) for f in (a.failures or [])),
                    thumbnail_path=self._abs(a.thumbnail_path),
                    station_id=a.station_id,
                )
                for a in rows.attempts
            ),
            drafts=tuple(
                DraftItem(
                    d.id,
                    d.created_at,
                    self._abs(d.photo_path) or "",
                    d.size_bytes,
                    d.deleted_at,
                    bool(d.clothing_extended),
                    d.head_cover_allowed,
                )
                for d in rows.drafts
            ),
            uploads=uploads,
            payment=(
                PaymentView(
                    payment.order_no,
                    payment.amount_cents,
                    PaymentState(payment.state),
                    payment.qr_payload,
                    payment.updated_at,
                )
                if payment is not None
                else None
            ),
            audit=tuple(
                self._ledger.entries(
                    student_id=student_id, limit=100, staff_names=self._staff_names()
                )
            ),
            now=now,
        )

    def _abs(self, relative: str | None) -> str | None:
        if not relative:
            return None
        try:
            # A photo (or thumbnail) another station took is fetched from the database here.
            path = self._photos.path(relative)
        except PhotoStoreError:
            log.warning("a stored photo path points outside the photo folder")
            return None
        return str(path) if path.exists() else None
