# SPDX-License-Identifier: MIT
"""Staff accounts, and the audit log's appends for their actions.

The audit log itself (keyed chain, head, witnesses, verification) is
:mod:`tucai_desk.store.audit_log`; a staff action and its audit record are written in one
transaction (``audit(session=…)``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock
from tucai_desk.store.audit_log import AuditCheck, AuditKeying, AuditLog, take_chain_lock
from tucai_desk.store.db import Database
from tucai_desk.store.models import AuditRecord, Staff
from tucai_desk.store.timekeeping import trusted_now

__all__ = ["AuditCheck", "StaffRepository", "take_chain_lock"]


class StaffRepository:
    def __init__(
        self, db: Database, clock: Clock, station_id: str, keying: AuditKeying | None = None
    ) -> None:
        """``keying``: the installation's audit key and checkpoint file (``open_station``)."""
        self._db = db
        self._clock = clock
        self._station_id = station_id
        self.log = AuditLog(db, clock, station_id, keying)

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
        self.log.append(s, action, staff_id=staff_id, student_id=student_id, detail=detail)

    def audit_trail(self, student_id: int | None = None, limit: int = 200) -> list[AuditRecord]:
        with self._db.session() as s:
            stmt = select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(limit)
            if student_id is not None:
                stmt = stmt.where(AuditRecord.student_id == student_id)
            return list(s.scalars(stmt).all())

    def verify_audit(self) -> AuditCheck:
        return self.log.verify()
