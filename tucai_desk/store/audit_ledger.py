# SPDX-License-Identifier: MIT
"""The audit chain's head: catches the deletion of the newest audit records.

The hash chain of :mod:`tucai_desk.store.staff_repo` shows an edited, inserted or deleted record,
except when the newest records are cut off: what is left is still a valid chain. So the console
keeps the chain's head (``seq`` and ``hash`` of the newest record) in the ``audit_head`` settings
row, updated in the same transaction as every record it appends. Verification then also asks
that the record named by the head still exists with that hash.

Records appended elsewhere (logins through ``StaffService``) do not move the head yet; the chain
still covers them, and the head catches a cut reaching back to the console's last record. When
the head is found broken at an append, that is remembered in the head row (``broken``), so a later
append cannot paper over a cut.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tucai_desk.store.db import Database
from tucai_desk.store.models import AuditRecord, SettingRow
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
        """Append one record and move the head, inside the caller's transaction ``s``."""
        self._staff.audit(
            action, staff_id=staff_id, student_id=student_id, detail=detail or {}, session=s
        )
        # The append took the audit table lock (PostgreSQL) or SQLite's write lock, so the newest
        # record is ours and nobody else moves the head until this transaction ends.
        newest = s.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(1)).one()
        row = s.get(SettingRow, HEAD_KEY)
        value: dict[str, Any] = {"seq": newest.seq, "hash": newest.hash}
        if row is None:
            s.add(SettingRow(key=HEAD_KEY, value=value))
            return
        old = dict(row.value or {})
        broken = old.get("broken")
        if broken is None and not _head_fits(s, old):
            broken = {"seq": int(old.get("seq", 0))}
            log.error("audit head record %s is gone or changed", broken["seq"])
        if broken is not None:
            value["broken"] = broken
        row.value = value

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
        chain = self._staff.verify_audit()
        if not chain.ok:
            return AuditVerdict(False, chain.records, chain.broken_at, "chain")
        with self._db.session() as s:
            row = s.get(SettingRow, HEAD_KEY)
            if row is None:
                return AuditVerdict(chain.records == 0, chain.records, None,
                                    None if chain.records == 0 else "head_missing")
            head = dict(row.value or {})
            broken = head.get("broken")
            if broken is not None:
                return AuditVerdict(False, chain.records, int(broken.get("seq", 0)), "truncated")
            if not _head_fits(s, head):
                return AuditVerdict(False, chain.records, int(head.get("seq", 0)), "truncated")
        return AuditVerdict(True, chain.records)

    def entries(
        self,
        *,
        student_id: int | None = None,
        limit: int = 200,
        staff_names: dict[int, str] | None = None,
    ) -> list[AuditEntry]:
        """The newest records first (optionally of one student)."""
        with self._db.session() as s:
            stmt = select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(limit)
            if student_id is not None:
                stmt = stmt.where(AuditRecord.student_id == student_id)
            rows = list(s.scalars(stmt))
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
            )
            for r in rows
        ]

    def count(self) -> int:
        with self._db.session() as s:
            return int(s.scalar(select(func.count(AuditRecord.seq))) or 0)
