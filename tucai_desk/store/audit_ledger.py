# SPDX-License-Identifier: MIT
"""The audit chain's head: catches the deletion of the newest audit records.

The console's view of the audit log: appends inside a caller's transaction, verification with
reasons, and readable entries. The chain and its head live in :mod:`tucai_desk.store.staff_repo`.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tucai_desk.store.db import Database
from tucai_desk.store.models import AuditRecord, Student
from tucai_desk.store.staff_repo import GENESIS, StaffRepository

log = logging.getLogger(__name__)

HEAD_KEY = "audit_head"


@dataclass(frozen=True, slots=True)
class AuditVerdict:
    """``reason``: None when the log holds; ``chain`` (a record edited, inserted or deleted),
    ``truncated`` (the newest records were deleted) or ``head_missing`` (the head row is gone)."""

    ok: bool
    records: int
    broken_at: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: Any
    station_id: str
    staff_id: int | None
    staff_name: str | None
    action: str
    student_id: int | None
    detail: dict[str, Any]
    student_no: str | None = None  # the 学号 staff know the student by (the id is internal)


def _head_fits(s: Session, head: dict[str, Any]) -> bool:
    seq = int(head.get("seq", 0))
    if seq == 0:
        return head.get("hash") == GENESIS
    rec = s.get(AuditRecord, seq)
    return rec is not None and rec.hash == head.get("hash")


class AuditLedger:
    def __init__(self, db: Database, staff: StaffRepository) -> None:
        self._db = db
        self._staff = staff

    def append(
        self,
        s: Session,
        action: str,
        *,
        staff_id: int | None,
        student_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one record (the repository moves the head) inside the transaction ``s``."""
        self._staff.audit(
            action, staff_id=staff_id, student_id=student_id, detail=detail or {}, session=s
        )

    def transaction(self) -> AbstractContextManager[Session]:
        """One transaction for a change elsewhere and its audit record (:meth:`append`)."""
        return self._db.session()

    def record(
        self,
        action: str,
        *,
        staff_id: int | None,
        student_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one record in a transaction of its own."""
        with self._db.session() as s:
            self.append(s, action, staff_id=staff_id, student_id=student_id, detail=detail)

    def verify(self) -> AuditVerdict:
        check = self._staff.verify_audit()
        return AuditVerdict(check.ok, check.records, check.broken_at, check.reason)

    def entries(
        self,
        *,
        student_id: int | None = None,
        limit: int = 200,
        staff_names: dict[int, str] | None = None,
    ) -> list[AuditEntry]:
        """The newest records first (optionally of one student)."""
        with self._db.session() as s:
            stmt = (
                select(AuditRecord, Student.student_no)
                .outerjoin(Student, Student.id == AuditRecord.student_id)
                .order_by(AuditRecord.seq.desc())
                .limit(limit)
            )
            if student_id is not None:
                stmt = stmt.where(AuditRecord.student_id == student_id)
            rows = [(r[0], r[1]) for r in s.execute(stmt)]
        names = staff_names or {}
        return [
            AuditEntry(
                seq=r.seq,
                at=r.at,
                station_id=r.station_id,
                staff_id=r.staff_id,
                staff_name=names.get(r.staff_id) if r.staff_id is not None else None,
                action=r.action,
                student_id=r.student_id,
                detail=dict(r.detail or {}),
                student_no=student_no,
            )
            for r, student_no in rows
        ]

    def count(self) -> int:
        with self._db.session() as s:
            return int(s.scalar(select(func.count(AuditRecord.seq))) or 0)
