# SPDX-License-Identifier: MIT
"""Staff accounts and the audit log.

The audit log is append-only and chained: each record's hash covers its content and the previous
record's hash, so an edited, inserted or deleted record breaks the chain (:meth:`verify_audit`).
Cutting off the newest records would leave a valid chain, so the chain's head (``seq`` and ``hash``
of the newest record) is kept in the ``audit_head`` settings row, moved in the same transaction as
every append; verification asks that the record it names still exists unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock
from tucai_desk.store.db import Database
from tucai_desk.store.models import AuditRecord, SettingRow, Staff
from tucai_desk.store.timekeeping import trusted_now

GENESIS = "0" * 64
# PostgreSQL advisory lock key of the audit chain (any constant; "tucai-audit" in ASCII).
CHAIN_LOCK_KEY = 0x7475636169_6164


def take_chain_lock(s: Session) -> None:
    """Make ``s`` the only transaction that may extend the chain, before the head is read.

    SQLite: the database's write lock (``BEGIN IMMEDIATE``, waiting up to the busy timeout). The
    driver opens a transaction only before a write, so a session already in one holds the write
    lock; one that is not starts it here. PostgreSQL: a transaction-scoped advisory lock.
    """
    if s.get_bind().dialect.name == "sqlite":
        raw = s.connection().connection.driver_connection
        if raw is not None and not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")
    else:
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK_KEY})


HEAD_KEY = "audit_head"


def _record_hash(prev_hash: str, rec: AuditRecord) -> str:
    body = json.dumps(
        {
            "at": rec.at.isoformat(timespec="microseconds"),
            "station": rec.station_id,
            "staff": rec.staff_id,
            "action": rec.action,
            "student": rec.student_id,
            "detail": rec.detail,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """``reason``: None when the log holds; ``chain`` (a record edited, inserted or deleted),
    ``truncated`` (the newest records were deleted) or ``head_missing`` (the head row is gone)."""

    ok: bool
    records: int
    broken_at: int | None = None  # seq of the first record that does not fit
    reason: str | None = None


def _head_fits(s: Session, head: dict[str, Any]) -> bool:
    seq = int(head.get("seq", 0))
    if seq == 0:
        return head.get("hash") == GENESIS
    rec = s.get(AuditRecord, seq)
    return rec is not None and rec.hash == head.get("hash")


class StaffRepository:
    def __init__(self, db: Database, clock: Clock, station_id: str) -> None:
        self._db = db
        self._clock = clock
        self._station_id = station_id

    def now(self) -> datetime:
        with self._db.session() as s:
            return trusted_now(s, self._clock, self._station_id)

    def count(self) -> int:
        with self._db.session() as s:
            return int(s.scalar(select(func.count(Staff.id))) or 0)

    def by_username(self, username: str) -> Staff | None:
        with self._db.session() as s:
            return s.scalars(select(Staff).where(Staff.username == username)).first()

    def get(self, staff_id: int) -> Staff | None:
        with self._db.session() as s:
            return s.get(Staff, staff_id)

    def add(
        self,
        username: str,
        password_hash: str,
        role: str,
        *,
        audit: Callable[[Session, Staff], None] | None = None,
    ) -> Staff:
        """A new account; ``audit(session, staff)`` records it in the same transaction."""
        with self._db.session() as s:
            staff = Staff(
                username=username,
                password_hash=password_hash,
                role=role,
                failed_logins=0,
                active=True,
                created_at=trusted_now(s, self._clock, self._station_id),
            )
            s.add(staff)
            s.flush()
            if audit is not None:
                audit(s, staff)
            return staff

    def record_login(
        self, staff_id: int, *, success: bool, max_fails: int, lock_minutes: float
    ) -> Staff:
        """Count a login and audit it (one transaction); after ``max_fails`` wrong passwords the
        account locks for a while."""
        from datetime import timedelta

        with self._db.session() as s:
            take_chain_lock(s)  # the count and its audit record: one writer at a time
            staff = s.scalars(select(Staff).where(Staff.id == staff_id).with_for_update()).one()
            now = trusted_now(s, self._clock, self._station_id)
            if success:
                staff.failed_logins = 0
                staff.locked_until = None
            else:
                staff.failed_logins += 1
                if staff.failed_logins >= max_fails:
                    staff.locked_until = now + timedelta(minutes=lock_minutes)
                    staff.failed_logins = 0
            s.flush()
            self._append(s, "login" if success else "login_failed", staff_id, None, {})
            return staff

    # -- audit ---------------------------------------------------------------------------------
    def transaction(self) -> AbstractContextManager[Session]:
        """One transaction for a change elsewhere and its audit record (``audit(session=…)``)."""
        return self._db.session()

    def audit(
        self,
        action: str,
        *,
        staff_id: int | None,
        student_id: int | None = None,
        detail: dict[str, Any] | None = None,
        session: Session | None = None,
    ) -> None:
        if session is not None:
            self._append(session, action, staff_id, student_id, detail or {})
            return
        with self._db.session() as s:
            self._append(s, action, staff_id, student_id, detail or {})

    def _append(
        self,
        s: Session,
        action: str,
        staff_id: int | None,
        student_id: int | None,
        detail: dict[str, Any],
    ) -> None:
        take_chain_lock(s)
        last = s.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(1)).first()
        prev = last.hash if last is not None else GENESIS
        rec = AuditRecord(
            at=trusted_now(s, self._clock, self._station_id),
            station_id=self._station_id,
            staff_id=staff_id,
            action=action,
            student_id=student_id,
            detail=detail,
            prev_hash=prev,
            hash="",
        )
        rec.hash = _record_hash(prev, rec)
        s.add(rec)
        s.flush()
        self._move_head(s, rec)

    @staticmethod
    def _move_head(s: Session, rec: AuditRecord) -> None:
        row = s.get(SettingRow, HEAD_KEY)
        value: dict[str, Any] = {"seq": rec.seq, "hash": rec.hash}
        if row is None:
            s.add(SettingRow(key=HEAD_KEY, value=value))
            return
        old = dict(row.value or {})
        broken = old.get("broken")
        # The head must name the record before this one; if not, records were cut off. Remember
        # it, so that later appends cannot paper over the cut.
        if broken is None and not _head_fits(s, old):
            broken = {"seq": int(old.get("seq", 0))}
        if broken is not None:
            value["broken"] = broken
        row.value = value

    def audit_trail(self, student_id: int | None = None, limit: int = 200) -> list[AuditRecord]:
        with self._db.session() as s:
            stmt = select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(limit)
            if student_id is not None:
                stmt = stmt.where(AuditRecord.student_id == student_id)
            return list(s.scalars(stmt).all())

    def verify_audit(self) -> AuditCheck:
        with self._db.session() as s:
            prev = GENESIS
            count = 0
            for rec in s.scalars(select(AuditRecord).order_by(AuditRecord.seq)):
                count += 1
                if rec.prev_hash != prev or _record_hash(prev, rec) != rec.hash:
                    return AuditCheck(False, count, rec.seq, "chain")
                prev = rec.hash
            row = s.get(SettingRow, HEAD_KEY)
            if row is None:
                return AuditCheck(count == 0, count, None, None if count == 0 else "head_missing")
            head = dict(row.value or {})
            broken = head.get("broken")
            if broken is not None:
                return AuditCheck(False, count, int(broken.get("seq", 0)), "truncated")
            if not _head_fits(s, head):
                return AuditCheck(False, count, int(head.get("seq", 0)), "truncated")
            return AuditCheck(True, count)
