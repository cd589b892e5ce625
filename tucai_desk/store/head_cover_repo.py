# SPDX-License-Identifier: MIT
"""Head-cover overrides: granted and revoked by an admin, each with its audit record in the same
transaction. A revoked override stays in the table (who, when, why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.db import Database
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import HeadCoverOverride, Staff, Student
from tucai_desk.store.timekeeping import trusted_now


@dataclass(frozen=True, slots=True)
class HeadCoverRow:
    id: int
    student_id: int
    reason: str
    granted_by: str | None
    granted_at: datetime
    revoked_by: str | None
    revoked_at: datetime | None
    revoke_reason: str | None


def _active(s: Session, student_id: int) -> HeadCoverOverride | None:
    return s.scalars(
        select(HeadCoverOverride)
        .where(HeadCoverOverride.student_id == student_id, HeadCoverOverride.revoked_at.is_(None))
        .order_by(HeadCoverOverride.id.desc())
        .limit(1)
    ).first()


class HeadCoverRepository:
    def __init__(self, db: Database, clock: Clock, station_id: str, ledger: AuditLedger) -> None:
        self._db = db
        self._clock = clock
        self._station_id = station_id
        self._ledger = ledger

    def active_reason(self, student_id: int) -> str | None:
        with self._db.session() as s:
            row = _active(s, student_id)
            return row.reason if row is not None else None

    def history(self, student_id: int) -> list[HeadCoverRow]:
        """Every override of the student, the newest first."""
        with self._db.session() as s:
            names = dict(s.execute(select(Staff.id, Staff.username)).all())
            rows = s.scalars(
                select(HeadCoverOverride)
                .where(HeadCoverOverride.student_id == student_id)
                .order_by(HeadCoverOverride.id.desc())
            )
            return [
                HeadCoverRow(
                    id=r.id,
                    student_id=r.student_id,
                    reason=r.reason,
                    granted_by=names.get(r.granted_by) if r.granted_by is not None else None,
                    granted_at=r.granted_at,
                    revoked_by=names.get(r.revoked_by) if r.revoked_by is not None else None,
                    revoked_at=r.revoked_at,
                    revoke_reason=r.revoke_reason,
                )
                for r in rows
            ]

    def grant(self, student_id: int, reason: str, *, by: int) -> bool:
        """Allow the student's head covering; False when an override is already in force."""
        with self._db.session() as s:
            if s.get(Student, student_id) is None:
                raise NotFoundError(f"student {student_id}")
            if _active(s, student_id) is not None:
                return False
            s.add(
                HeadCoverOverride(
                    student_id=student_id,
                    reason=reason,
                    granted_by=by,
                    granted_at=trusted_now(s, self._clock, self._station_id),
                )
            )
            s.flush()
            self._ledger.append(
                s,
                "head_cover_allowed",
                staff_id=by,
                student_id=student_id,
                detail={"reason": reason},
            )
            return True

    def revoke(self, student_id: int, reason: str, *, by: int) -> bool:
        """End the override in force; False when there is none."""
        with self._db.session() as s:
            row = _active(s, student_id)
            if row is None:
                return False
            row.revoked_at = trusted_now(s, self._clock, self._station_id)
            row.revoked_by = by
            row.revoke_reason = reason
            self._ledger.append(
                s,
                "head_cover_revoked",
                staff_id=by,
                student_id=student_id,
                detail={"reason": reason, "granted_reason": row.reason},
            )
            return True
