# SPDX-License-Identifier: MIT
"""Staff accounts and the audit log.

The audit log is append-only and chained: each record's hash covers its content and the previous
record's hash, so an edited, inserted or deleted record breaks the chain (:meth:`verify_audit`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock
from tucai_desk.store.db import Database
from tucai_desk.store.models import AuditRecord, Staff
from tucai_desk.store.timekeeping import trusted_now

GENESIS = "0" * 64


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
    ok: bool
    records: int
    broken_at: int | None = None  # seq of the first record that does not fit the chain


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

    def add(self, username: str, password_hash: str, role: str) -> Staff:
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
            return staff

    def record_login(
        self, staff_id: int, *, success: bool, max_fails: int, lock_minutes: float
    ) -> Staff:
        """Count a login; after ``max_fails`` wrong passwords the account locks for a while."""
        from datetime import timedelta

        with self._db.session() as s:
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
            return staff

    # -- audit ---------------------------------------------------------------------------------
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
        if s.get_bind().dialect.name == "postgresql":
            # One writer at a time extends the chain, across stations.
            s.execute(text("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE"))
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
                    return AuditCheck(False, count, rec.seq)
                prev = rec.hash
            return AuditCheck(True, count)
