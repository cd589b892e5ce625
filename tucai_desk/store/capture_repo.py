# SPDX-License-Identifier: MIT
"""CaptureRepository: locks, attempts, drafts, uploads with their outbox items, payments.

Every rule decision happens inside one transaction that first takes the student's lock row (``FOR
UPDATE`` on PostgreSQL, the database write lock on SQLite), so two stations acting on one student at
the same moment cannot both slip under a limit. Time comes from :func:`trusted_now` (one rule
time per database), and a lock that has run out is never cleared by writing: it ends by comparison.

Photos: the file is written first (atomic, content-addressed: a crash before the commit leaves
only an unreferenced file, swept at start), then the bytes go into ``photo_blobs`` in the same
transaction as the row that refers to them, so any station on the database can read them.

Confirm order: on PostgreSQL two confirms may run at once, and an outbox ``seq`` taken by one
transaction could become visible after a higher one committed by another, so a drainer would send
the later upload first. Confirms therefore take a transaction-level advisory lock just before
they queue their item; ``seq`` order is then commit order. (SQLite serialises writers anyway.)
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from tucai_desk.core import policies
from tucai_desk.core.clock import Clock
from tucai_desk.core.policies import LockState, PolicySettings
from tucai_desk.store.db import Database
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import (
    Attempt,
    CollectionCodeRow,
    Draft,
    OutboxItem,
    Payment,
    Student,
    StudentLock,
    Upload,
)
from tucai_desk.store.photo_blobs import add_blobs, ensure_blob
from tucai_desk.store.photos import PhotoStore
from tucai_desk.store.timekeeping import trusted_now

# PostgreSQL transaction-level advisory lock that orders confirms (see the module docstring).
_CONFIRM_ORDER_KEY = zlib.crc32(b"tucai-desk outbox order")


class RuleError(RuntimeError):
    """A rule refused the action; ``code`` names the rule."""

    def __init__(self, code: str, block: policies.CaptureBlock | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.block = block


@dataclass(frozen=True, slots=True)
class GateState:
    block: policies.CaptureBlock | None
    draft_count: int
    capacity: int
    lock: LockState
    now: datetime
    liveness_attempts_left: int = 0  # failed liveness tests still allowed before the lock


@dataclass(frozen=True, slots=True)
class AttemptSaved:
    attempt_id: str
    draft: Draft | None
    gate: GateState


_LOCKS = (policies.BlockReason.LIVENESS_LOCKED, policies.BlockReason.TIMED_LOCK)


def latest_payment(s: Session, student_id: int) -> Payment | None:
    """The student's newest payment order, inside the caller's session."""
    return s.scalars(
        select(Payment).where(Payment.student_id == student_id).order_by(Payment.created_at.desc())
    ).first()


def _to_state(row: StudentLock) -> LockState:
    return LockState(
        liveness_failures=row.liveness_failures,
        liveness_locked=row.liveness_locked,
        other_failures=row.other_failures,
        timed_lock_until=row.timed_lock_until,
        cooldown_until=row.cooldown_until,
    )


def _store_state(row: StudentLock, state: LockState) -> None:
    row.liveness_failures = state.liveness_failures
    row.liveness_locked = state.liveness_locked
    row.other_failures = state.other_failures
    row.timed_lock_until = state.timed_lock_until
    row.cooldown_until = state.cooldown_until


class CaptureRepository:
    def __init__(
        self,
        db: Database,
        photos: PhotoStore,
        clock: Clock,
        station_id: str,
        policy: Callable[[], PolicySettings],
    ) -> None:
        self._db = db
        self._photos = photos
        self._clock = clock
        self._station_id = station_id
        self._policy = policy

    # -- helpers inside a transaction -------------------------------------------------------
    def _now(self, s: Session) -> datetime:
        return trusted_now(s, self._clock, self._station_id)

    def _lock_row(self, s: Session, student_id: int) -> StudentLock:
        if s.get_bind().dialect.name == "sqlite":
            # Take SQLite's write lock before reading anything, so the read-decide-write below is
            # serialised against other connections (a no-op update starts the write transaction).
            touched = s.execute(
                update(Student).where(Student.id == student_id).values(id=Student.id)
            ).rowcount
            if not touched:
                raise NotFoundError(f"student {student_id}")
        elif s.get(Student, student_id) is None:
            raise NotFoundError(f"student {student_id}")
        stmt = select(StudentLock).where(StudentLock.student_id == student_id).with_for_update()
        row = s.scalars(stmt).first()
        if row is None:
            row = StudentLock(
                student_id=student_id, liveness_failures=0, liveness_locked=False, other_failures=0
            )
            s.add(row)
            s.flush()
        return row

    def _draft_count(self, s: Session, student_id: int) -> int:
        stmt = select(func.count(Draft.id)).where(
            Draft.student_id == student_id, Draft.deleted_at.is_(None)
        )
        return int(s.scalar(stmt) or 0)

    def _gate(self, s: Session, student_id: int, row: StudentLock, now: datetime) -> GateState:
        policy = self._policy()
        # A lock that has run out ends by comparison with the rule time; nothing is written back,
        # so no station's reading of the time can clear a lock for the others.
        state = policies.expire(_to_state(row), now)
        count = self._draft_count(s, student_id)
        block = policies.capture_block(state, now, count, policy)
        left = max(0, policy.liveness_lock_after - state.liveness_failures)
        return GateState(block, count, policy.draft_capacity, state, now, left)

    # -- use cases ---------------------------------------------------------------------------
    def gate(self, student_id: int) -> GateState:
        with self._db.session() as s:
            row = self._lock_row(s, student_id)
            return self._gate(s, student_id, row, self._now(s))

    def lock_state(self, student_id: int) -> LockState:
        return self.gate(student_id).lock

    def save_photo_attempt(
        self,
        student_id: int,
        *,
        passed: bool,
        failures: list[str],
        measurements: dict[str, Any],
        jpeg: bytes | None,
        thumbnail: bytes | None,
        clothing_extended: bool = False,
        head_cover_allowed: str | None = None,
        liveness_within: timedelta | None = None,
    ) -> AttemptSaved:
        """Record one photo attempt; a pass becomes a draft (file + row in one transaction).

        ``liveness_within``: liveness is required; RuleError("liveness_required") unless the
        student's latest liveness check passed no longer ago than this (rule time).
        """
        # Files first: content-addressed and atomic, so a crash before the commit only leaves an
        # unreferenced file, never a row pointing at a missing or partial one.
        photo = self._photos.put(jpeg) if passed and jpeg is not None else None
        thumb = self._photos.put(thumbnail, kind="thumbs") if thumbnail is not None else None
        blobs = [
            (stored[1], data)
            for stored, data in ((photo, jpeg), (thumb, thumbnail))
            if stored is not None and data is not None
        ]
        policy = self._policy()
        with self._db.session() as s:
            row = self._lock_row(s, student_id)
            now = self._now(s)
            gate = self._gate(s, student_id, row, now)
            if gate.block is not None:
                raise RuleError("blocked", gate.block)
            if liveness_within is not None and not self._liveness_ok(
                s, student_id, now, liveness_within
            ):
                raise RuleError("liveness_required")
            # The bytes with the rows that refer to them: every station can read them.
            add_blobs(s, blobs, now)
            attempt = Attempt(
                id=str(uuid.uuid4()),
                student_id=student_id,
                station_id=self._station_id,
                created_at=now,
                kind="photo",
                passed=passed,
                failures=failures,
                measurements=measurements,
                thumbnail_path=thumb[0] if thumb else None,
            )
            s.add(attempt)
            s.flush()
            draft = None
            if passed and photo is not None:
                state = policies.after_pass(gate.lock, now)
                assert jpeg is not None
                draft = Draft(
                    id=str(uuid.uuid4()),
                    student_id=student_id,
                    attempt_id=attempt.id,
                    created_at=now,
                    photo_path=photo[0],
                    sha256=photo[1],
                    size_bytes=len(jpeg),
                    clothing_extended=clothing_extended,
                    head_cover_allowed=head_cover_allowed,
                )
                s.add(draft)
                student = s.get(Student, student_id)
                if student is not None and student.status in ("not_started", "in_progress"):
                    student.status = "drafts"
            else:
                state = policies.after_check_failure(gate.lock, now, policy)
            _store_state(row, state)
            s.flush()
            return AttemptSaved(attempt.id, draft, self._gate(s, student_id, row, now))

    def save_liveness_result(self, student_id: int, *, passed: bool, reason: str) -> GateState:
        """Record a liveness result; nothing is recorded for a locked student (no challenge may
        run then, so a late or stray result must not count as one more failure)."""
        with self._db.session() as s:
            row = self._lock_row(s, student_id)
            now = self._now(s)
            gate = self._gate(s, student_id, row, now)
            if gate.block is not None and gate.block.reason in _LOCKS:
                return gate
            s.add(
                Attempt(
                    id=str(uuid.uuid4()),
                    student_id=student_id,
                    station_id=self._station_id,
                    created_at=now,
                    kind="liveness",
                    passed=passed,
                    failures=[] if passed else [reason],
                    measurements={},
                )
            )
            if not passed:
                state = policies.after_liveness_failure(_to_state(row), self._policy())
                _store_state(row, state)
            s.flush()
            return self._gate(s, student_id, row, now)

    @staticmethod
    def _liveness_ok(s: Session, student_id: int, now: datetime, within: timedelta) -> bool:
        latest = s.scalars(
            select(Attempt)
            .where(Attempt.student_id == student_id, Attempt.kind == "liveness")
            .order_by(Attempt.created_at.desc())
            .limit(1)
        ).first()
        return latest is not None and latest.passed and now - latest.created_at <= within

    def liveness_passed(self, student_id: int, within: timedelta) -> bool:
        """Whether the student's latest liveness check passed within ``within`` (rule time)."""
        with self._db.session() as s:
            self._lock_row(s, student_id)
            return self._liveness_ok(s, student_id, self._now(s), within)

    def change_lock(
        self,
        student_id: int,
        change: Callable[[LockState], LockState],
        audit: Callable[[Session, LockState, LockState], None] | None = None,
    ) -> tuple[LockState, LockState]:
        """Apply a staff change to the lock state; returns (before, after).

        ``audit(session, before, after)`` writes the audit record in the same transaction.
        """
        with self._db.session() as s:
            row = self._lock_row(s, student_id)
            before = _to_state(row)
            after = change(before)
            _store_state(row, after)
            if audit is not None:
                s.flush()
                audit(s, before, after)
            return before, after

    def drafts(self, student_id: int) -> tuple[list[Draft], datetime]:
        with self._db.session() as s:
            now = self._now(s)
            rows = s.scalars(
                select(Draft)
                .where(Draft.student_id == student_id, Draft.deleted_at.is_(None))
                .order_by(Draft.created_at.desc())
            ).all()
            return list(rows), now

    def delete_draft(self, student_id: int, draft_id: str) -> None:
        with self._db.session() as s:
            self._lock_row(s, student_id)
            now = self._now(s)
            draft = s.get(Draft, draft_id)
            if draft is None or draft.student_id != student_id or draft.deleted_at is not None:
                raise NotFoundError(f"draft {draft_id}")
            if not policies.can_delete_draft(draft.created_at, now, self._policy()):
                raise RuleError("draft_too_new")
            draft.deleted_at = now

    def confirm_upload(self, student_id: int, draft_id: str) -> Upload:
        """Upload row and outbox item in one transaction; the code is then completed."""
        with self._db.session() as s:
            self._lock_row(s, student_id)
            now = self._now(s)
            draft = s.get(Draft, draft_id)
            if draft is None or draft.student_id != student_id or draft.deleted_at is not None:
                raise NotFoundError(f"draft {draft_id}")
            if not self._may_retake(s, student_id):
                raise RuleError("already_uploaded")
            # The draft's bytes are normally stored already; a draft older than the blob table
            # gets them here if this station has the file.
            ensure_blob(s, draft.sha256, now, lambda: self._photos.read_local(draft.photo_path))
            upload = Upload(
                id=str(uuid.uuid4()),
                student_id=student_id,
                draft_id=draft.id,
                created_at=now,
                photo_path=draft.photo_path,
                sha256=draft.sha256,
                remote_status="pending",
            )
            s.add(upload)
            student = s.get(Student, student_id)
            assert student is not None
            student.status = "confirmed"
            student.updated_at = now
            code = s.scalars(
                select(CollectionCodeRow).where(CollectionCodeRow.student_id == student_id)
            ).first()
            if code is not None:
                code.completed_at = now
            s.flush()
            # Last, so the order lock is held only for the insert and the commit.
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CONFIRM_ORDER_KEY})
            s.add(
                OutboxItem(
                    id=str(uuid.uuid4()),
                    upload_id=upload.id,
                    created_at=now,
                    state="pending",
                    attempts=0,
                    next_attempt_at=now,
                )
            )
            s.flush()
            return upload

    @staticmethod
    def _latest_upload(s: Session, student_id: int) -> Upload | None:
        return s.scalars(
            select(Upload)
            .where(Upload.student_id == student_id)
            .order_by(Upload.created_at.desc(), Upload.id.desc())
            .limit(1)
        ).first()

    def _may_retake(self, s: Session, student_id: int) -> bool:
        """No upload yet, or the service rejected the latest one (the student shoots again)."""
        latest = self._latest_upload(s, student_id)
        return latest is None or latest.remote_status == "rejected"

    def may_retake(self, student_id: int) -> bool:
        with self._db.session() as s:
            return self._may_retake(s, student_id)

    def upload_for(self, student_id: int) -> Upload | None:
        """The student's latest upload."""
        with self._db.session() as s:
            return self._latest_upload(s, student_id)

    def referenced_files(self) -> set[str]:
        """Every photo-store path a row refers to (drafts, uploads, finished photos, thumbnails)."""
        with self._db.session() as s:
            paths: set[str] = set()
            for column in (
                Draft.photo_path,
                Upload.photo_path,
                Upload.finished_path,
                Attempt.thumbnail_path,
            ):
                paths.update(p for p in s.scalars(select(column).distinct()) if p)
            return paths

    def pending_outbox(self) -> int:
        with self._db.session() as s:
            stmt = select(func.count(OutboxItem.seq)).where(OutboxItem.state == "pending")
            return int(s.scalar(stmt) or 0)

    # -- payments ------------------------------------------------------------------------------
    def payment_for(self, student_id: int) -> Payment | None:
        with self._db.session() as s:
            return latest_payment(s, student_id)

    def create_payment(
        self, student_id: int, amount_cents: int, qr_payload: Callable[[str], str]
    ) -> Payment:
        """A local payment order (used when no provincial service is configured)."""
        with self._db.session() as s:
            now = self._now(s)
            existing = s.scalars(
                select(Payment).where(Payment.student_id == student_id, Payment.state != "expired")
            ).first()
            if existing is not None:
                return existing
            order_no = f"L{now:%Y%m%d%H%M%S}{uuid.uuid4().hex[:8].upper()}"
            payment = Payment(
                id=str(uuid.uuid4()),
                student_id=student_id,
                order_no=order_no,
                amount_cents=amount_cents,
                state="pending",
                qr_payload=qr_payload(order_no),
                created_at=now,
                updated_at=now,
                remote=False,
            )
            s.add(payment)
            s.flush()
            return payment

    def set_payment_state(
        self,
        student_id: int,
        state: str,
        audit: Callable[[Session, Payment], None] | None = None,
    ) -> Payment:
        """``audit(session, payment)`` writes the audit record in the same transaction."""
        with self._db.session() as s:
            payment = s.scalars(
                select(Payment)
                .where(Payment.student_id == student_id)
                .order_by(Payment.created_at.desc())
            ).first()
            if payment is None:
                raise NotFoundError(f"payment of student {student_id}")
            payment.state = state
            payment.updated_at = self._now(s)
            if audit is not None:
                s.flush()
                audit(s, payment)
            return payment

    def expire_payments(self, older_than: timedelta) -> int:
        with self._db.session() as s:
            now = self._now(s)
            rows = s.scalars(
                select(Payment).where(
                    Payment.state == "pending", Payment.created_at < now - older_than
                )
            ).all()
            for row in rows:
                row.state = "expired"
                row.updated_at = now
            return len(rows)
