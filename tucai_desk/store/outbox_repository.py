# SPDX-License-Identifier: MIT
"""OutboxRepository: the sync worker's queue.

The queue is ``outbox`` in ``seq`` order. An item is ``pending`` until the service has it
(``delivered``) or it can never be sent as it is (``failed``, set aside for staff). A pending item
that failed for a passing reason carries ``next_attempt_at`` (its backoff) and ``last_error``.
While the head of the queue waits out its backoff, nothing behind it is sent: uploads reach the
service in the order they were confirmed. Several stations on one database drain it one at a
time (:meth:`OutboxRepository.drain_lock`, ``store.drain_lock``).

What the service says back later lives beside it: ``store.photo_status_repo`` (review, finished
photo) and ``store.remote_payments_repo`` (payment orders).

Every method is one short transaction and returns frozen DTOs, never live rows.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from tucai_desk.core.clock import as_utc
from tucai_desk.store.db import Database
from tucai_desk.store.drain_lock import DrainLock
from tucai_desk.store.models import CollectionCodeRow, OutboxItem, Student, Upload
from tucai_desk.store.photo_status_repo import advance_student

log = logging.getLogger(__name__)

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One queued upload with everything the service needs to receive it."""

    outbox_id: str  # the idempotency key
    seq: int
    upload_id: str
    attempts: int
    photo_path: str
    sha256: str
    captured_at: datetime
    student_id: int
    student_no: str
    collection_code: str
    notify_photo: bool
    notify_payment: bool
    phone: str | None


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._drain = DrainLock(db)

    def drain_lock(self) -> AbstractContextManager[bool]:
        """Whether this process may drain the queue now (one drainer per database; see
        :meth:`DrainLock.hold`)."""
        return self._drain.hold()

    def next_due(
        self, now: datetime, limit: int = 50, max_wait: timedelta | None = None
    ) -> list[OutboxEntry]:
        """Pending items in order, from the head of the queue, if the head is due.

        ``max_wait``: a backoff further away than this is treated as due (a clock set back must
        not park the queue for days).
        """
        now = as_utc(now)
        with self._db.session() as s:
            head = s.scalars(
                select(OutboxItem)
                .where(OutboxItem.state == PENDING)
                .order_by(OutboxItem.seq)
                .limit(1)
            ).first()
            if head is None:
                return []
            wait_until = head.next_attempt_at
            if (
                wait_until is not None
                and wait_until > now
                and (max_wait is None or wait_until <= now + max_wait)
            ):
                return []
            rows = s.execute(
                select(OutboxItem, Upload, Student, CollectionCodeRow.code)
                .join(Upload, Upload.id == OutboxItem.upload_id)
                .join(Student, Student.id == Upload.student_id)
                .outerjoin(CollectionCodeRow, CollectionCodeRow.student_id == Student.id)
                .where(OutboxItem.state == PENDING)
                .order_by(OutboxItem.seq)
                .limit(limit)
            ).all()
            return [
                OutboxEntry(
                    outbox_id=item.id,
                    seq=item.seq,
                    upload_id=upload.id,
                    attempts=item.attempts,
                    photo_path=upload.photo_path,
                    sha256=upload.sha256,
                    captured_at=as_utc(upload.created_at),
                    student_id=student.id,
                    student_no=student.student_no,
                    collection_code=code or "",
                    notify_photo=student.notify_photo,
                    notify_payment=student.notify_payment,
                    phone=student.phone,
                )
                for item, upload, student, code in rows
            ]

    def mark_delivered(self, outbox_id: str, remote_id: str, at: datetime) -> None:
        """The service has the upload: remember its photo id; the student is now ``synced``.

        Repeating this for an item already delivered changes nothing.
        """
        with self._db.session() as s:
            item = s.scalars(select(OutboxItem).where(OutboxItem.id == outbox_id)).one()
            if item.state == DELIVERED:
                return
            item.state = DELIVERED
            item.delivered_at = as_utc(at)
            item.attempts += 1
            item.last_error = None
            item.next_attempt_at = None
            upload = s.get(Upload, item.upload_id)
            assert upload is not None
            upload.remote_id = remote_id
            if upload.remote_status == "pending":
                upload.remote_status = "received"
            advance_student(s.get(Student, upload.student_id), "synced", at)

    def mark_retry(self, outbox_id: str, error: str, next_attempt_at: datetime) -> None:
        """A passing failure: try again at ``next_attempt_at``."""
        with self._db.session() as s:
            item = s.scalars(select(OutboxItem).where(OutboxItem.id == outbox_id)).one()
            if item.state != PENDING:
                return
            item.attempts += 1
            item.last_error = error
            item.next_attempt_at = as_utc(next_attempt_at)

    def mark_failed(self, outbox_id: str, error: str) -> None:
        """The service will never take this item as it is: set it aside for staff."""
        with self._db.session() as s:
            item = s.scalars(select(OutboxItem).where(OutboxItem.id == outbox_id)).one()
            if item.state != PENDING:
                return
            item.attempts += 1
            item.state = FAILED
            item.last_error = error
            item.next_attempt_at = None

    def requeue_failed(self) -> int:
        """Staff action: give every set-aside item another go."""
        with self._db.session() as s:
            rows = s.scalars(select(OutboxItem).where(OutboxItem.state == FAILED)).all()
            for row in rows:
                row.state = PENDING
                row.next_attempt_at = None
            return len(rows)

    def pending_count(self) -> int:
        with self._db.session() as s:
            stmt = select(func.count(OutboxItem.seq)).where(OutboxItem.state == PENDING)
            return int(s.scalar(stmt) or 0)

    def failed_count(self) -> int:
        with self._db.session() as s:
            stmt = select(func.count(OutboxItem.seq)).where(OutboxItem.state == FAILED)
            return int(s.scalar(stmt) or 0)

    def last_error(self) -> str | None:
        """What stopped the head of the queue last time, or None when nothing is held up."""
        with self._db.session() as s:
            return s.scalars(
                select(OutboxItem.last_error)
                .where(OutboxItem.state == PENDING, OutboxItem.last_error.is_not(None))
                .order_by(OutboxItem.seq)
                .limit(1)
            ).first()

    def delivery_order(self) -> list[str]:
        """Outbox ids of the delivered items in queue order (what the service should have seen)."""
        with self._db.session() as s:
            return list(
                s.scalars(
                    select(OutboxItem.id)
                    .where(OutboxItem.state == DELIVERED)
                    .order_by(OutboxItem.seq)
                )
            )

    def last_success(self) -> datetime | None:
        with self._db.session() as s:
            value = s.scalar(select(func.max(OutboxItem.delivered_at)))
            return None if value is None else as_utc(value)
