# SPDX-License-Identifier: MIT
"""OutboxRepository: the sync worker's queue, and what the service says back (photos, payments).

The queue is ``outbox`` in ``seq`` order. An item is ``pending`` until the service has it
(``delivered``) or it can never be sent as it is (``failed``, set aside for staff). A pending item
that failed for a passing reason carries ``next_attempt_at`` (its backoff) and ``last_error``.
While the head of the queue waits out its backoff, nothing behind it is sent: uploads reach the
service in the order they were confirmed.

Several stations on one database: every station may drain every item, since every station can
read every photo (``photo_blobs``, see ``store.photos``), but only one at a time
(:meth:`OutboxRepository.drain_lock`): a PostgreSQL advisory lock, or on a shared SQLite file an OS
lock on a file beside it; both are released when the holder dies. One drainer rather than
per-row claims (``FOR UPDATE SKIP LOCKED``): the order guarantee means item n+1 may not leave
before item n is through, so parallel drainers could not send more anyway, and a single drainer
keeps "never the same item twice at once" simple to see. Exactly once across a crash is the
idempotency key's work (the outbox id), whichever station sends the item again.

Every method is one short transaction and returns frozen DTOs, never live rows.
"""

from __future__ import annotations

import logging
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy import func, or_, select, text

from tucai_desk.core.clock import as_utc
from tucai_desk.store.capture_repo import latest_payment
from tucai_desk.store.db import Database
from tucai_desk.store.models import CollectionCodeRow, OutboxItem, Payment, School, Student, Upload
from tucai_desk.store.photo_blobs import add_blob

log = logging.getLogger(__name__)

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"

# A student's status follows the service's word about the photo, never backwards.
_STUDENT_RANK = {"confirmed": 0, "synced": 1, "rejected": 2, "accepted": 2, "finished": 3}
_UPLOAD_STATUS_TO_STUDENT = {
    "received": "synced",
    "accepted": "accepted",
    "rejected": "rejected",
    "finished": "finished",
}
# The key of PostgreSQL's advisory lock: one station at a time drains the shared queue.
_DRAIN_LOCK_KEY = zlib.crc32(b"tucai-desk outbox drain")


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


@dataclass(frozen=True, slots=True)
class PollTarget:
    upload_id: str
    remote_id: str
    remote_status: str
    has_finished: bool


@dataclass(frozen=True, slots=True)
class RemotePaymentRef:
    payment_id: str
    order_no: str
    student_id: int
    state: str


@dataclass(frozen=True, slots=True)
class StudentRef:
    student_id: int
    student_no: str
    school_code: str


@contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    """Try an exclusive OS lock on ``path`` (created if needed) without waiting; yields whether
    it was got. The OS releases it when the process ends, however it ends."""
    try:
        fh = open(path, "a+b")  # noqa: SIM115 - held open for the life of the lock
    except OSError as exc:
        # A folder where the lock cannot be made is one no second station can share either.
        log.warning("drain lock file not available (%s); draining without it", exc.errno)
        yield True
        return
    try:
        got = _try_lock(fh)
        try:
            yield got
        finally:
            if got:
                _unlock(fh)
    finally:
        fh.close()


def _try_lock(fh: IO[bytes]) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    if os.name == "nt":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# One drainer per database within this process, however many repositories point at it.
_LOCAL_DRAIN: dict[str, threading.Lock] = {}
_LOCAL_DRAIN_GUARD = threading.Lock()


def _local_drain_lock(db: Database) -> threading.Lock:
    key = db.url.render_as_string(hide_password=True)
    with _LOCAL_DRAIN_GUARD:
        return _LOCAL_DRAIN.setdefault(key, threading.Lock())


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._local_drain = _local_drain_lock(db)

    # ---- the queue ---------------------------------------------------------------------------

    @contextmanager
    def drain_lock(self) -> Iterator[bool]:
        """Whether this process may drain the queue now (one drainer per database).

        On PostgreSQL a session advisory lock, released if the station dies. On SQLite an OS
        lock on ``<database>.drain-lock``: normally one station owns its file, but two station
        processes may share one (a shared folder), and they must not both drain.
        """
        if not self._local_drain.acquire(blocking=False):
            yield False
            return
        try:
            if self._db.is_sqlite:
                path = self._db.sqlite_path
                if path is None:  # in memory: this process is the only one
                    yield True
                    return
                with _file_lock(path.with_name(path.name + ".drain-lock")) as got:
                    yield got
                return
            with self._db.engine.connect() as conn:
                got = bool(
                    conn.execute(
                        text("SELECT pg_try_advisory_lock(:k)"), {"k": _DRAIN_LOCK_KEY}
                    ).scalar()
                )
                try:
                    yield got
                finally:
                    if got:
                        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _DRAIN_LOCK_KEY})
                    conn.commit()
        finally:
            self._local_drain.release()

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
            self._advance_student(s.get(Student, upload.student_id), "synced", at)

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

    # ---- photo status ------------------------------------------------------------------------

    def uploads_to_poll(self, limit: int = 500) -> list[PollTarget]:
        """Delivered uploads whose review is not over (received or accepted without a download)."""
        with self._db.session() as s:
            rows = s.scalars(
                select(Upload)
                .where(Upload.remote_id.is_not(None))
                .where(
                    or_(
                        Upload.remote_status.in_(("received", "accepted")),
                        (Upload.remote_status == "finished") & Upload.finished_path.is_(None),
                    )
                )
                .order_by(Upload.status_checked_at.is_not(None), Upload.status_checked_at)
                .limit(limit)
            ).all()
            return [
                PollTarget(u.id, str(u.remote_id), u.remote_status, u.finished_path is not None)
                for u in rows
            ]

    def apply_photo_status(
        self, upload_id: str, status: str, reason: str | None, at: datetime
    ) -> bool:
        """Record the service's review (received | accepted | rejected); True if it changed."""
        with self._db.session() as s:
            upload = s.get(Upload, upload_id)
            if upload is None:
                return False
            upload.status_checked_at = as_utc(at)
            if upload.remote_status == "finished" or upload.remote_status == status:
                return False
            upload.remote_status = status
            upload.reject_reason = reason if status == "rejected" else None
            self._advance_student(
                s.get(Student, upload.student_id),
                _UPLOAD_STATUS_TO_STUDENT[status],
                at,
                allow_back=True,
            )
            return True

    def set_finished(
        self, upload_id: str, finished_path: str, at: datetime, *, data: bytes | None = None
    ) -> None:
        """The finished photo is here: ``data`` (its bytes) go into the database with the row,
        so every station can show and export it."""
        with self._db.session() as s:
            upload = s.get(Upload, upload_id)
            if upload is None:
                return
            if data is not None:
                add_blob(s, data, at)
            upload.finished_path = finished_path
            upload.remote_status = "finished"
            upload.status_checked_at = as_utc(at)
            self._advance_student(s.get(Student, upload.student_id), "finished", at)

    def finished_for(self, student_id: int) -> tuple[str | None, str | None, str | None]:
        """(upload id, photo id at the service, local finished path) of the latest upload."""
        with self._db.session() as s:
            upload = s.scalars(
                select(Upload)
                .where(Upload.student_id == student_id)
                .order_by(Upload.created_at.desc())
            ).first()
            if upload is None:
                return None, None, None
            return upload.id, upload.remote_id, upload.finished_path

    @staticmethod
    def _advance_student(
        student: Student | None, status: str, at: datetime, allow_back: bool = False
    ) -> None:
        if student is None:
            return
        old = _STUDENT_RANK.get(student.status, -1)
        new = _STUDENT_RANK[status]
        # The service may turn "accepted" into "rejected" on appeal, so review results may move
        # sideways; nothing moves a student back behind "synced".
        if new > old or (allow_back and new >= _STUDENT_RANK["synced"] and old < 3):
            student.status = status
            student.updated_at = as_utc(at)

    # ---- payments ----------------------------------------------------------------------------

    def student_ref(self, student_id: int) -> StudentRef | None:
        with self._db.session() as s:
            row = s.execute(
                select(Student.id, Student.student_no, School.code)
                .join(School, School.id == Student.school_id)
                .where(Student.id == student_id)
            ).first()
            return None if row is None else StudentRef(int(row[0]), str(row[1]), str(row[2]))

    def remote_payment_count(self, student_id: int) -> int:
        with self._db.session() as s:
            return int(
                s.scalar(
                    select(func.count(Payment.id)).where(
                        Payment.student_id == student_id, Payment.remote.is_(True)
                    )
                )
                or 0
            )

    def latest_payment(self, student_id: int) -> Payment | None:
        with self._db.session() as s:
            return latest_payment(s, student_id)

    def save_remote_payment(
        self,
        *,
        payment_id: str,
        student_id: int,
        order_no: str,
        amount_cents: int,
        state: str,
        qr_payload: str,
        created_at: datetime,
    ) -> Payment:
        """Store an order the service made; saving the same order again returns the stored row."""
        with self._db.session() as s:
            existing = s.scalars(select(Payment).where(Payment.order_no == order_no)).first()
            if existing is not None:
                return existing
            payment = Payment(
                id=payment_id,
                student_id=student_id,
                order_no=order_no,
                amount_cents=amount_cents,
                state=state,
                qr_payload=qr_payload,
                created_at=as_utc(created_at),
                updated_at=as_utc(created_at),
                remote=True,
            )
            s.add(payment)
            s.flush()
            return payment

    def pending_remote_payments(self) -> list[RemotePaymentRef]:
        with self._db.session() as s:
            rows = s.scalars(
                select(Payment)
                .where(Payment.remote.is_(True), Payment.state == "pending")
                .order_by(Payment.created_at)
            ).all()
            return [RemotePaymentRef(p.id, p.order_no, p.student_id, p.state) for p in rows]

    def apply_payment_state(self, order_no: str, state: str, at: datetime) -> Payment | None:
        with self._db.session() as s:
            payment = s.scalars(select(Payment).where(Payment.order_no == order_no)).first()
            if payment is None:
                return None
            if payment.state != state:
                payment.state = state
                payment.updated_at = as_utc(at)
            return payment
