# SPDX-License-Identifier: MIT
"""ReportRepository: the rows behind the photo export and the daily report (read-only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select

from tucai_desk.store.db import Database
from tucai_desk.store.models import (
    Attempt,
    AuditRecord,
    CollectionCodeRow,
    Draft,
    OutboxItem,
    Payment,
    Student,
    StudentLock,
    Upload,
)


@dataclass(frozen=True, slots=True)
class ExportRow:
    student_id: int
    student_no: str
    name: str
    id_number: str | None
    department: str
    class_name: str
    code: str
    upload_id: str
    photo_path: str
    sha256: str
    finished_path: str | None
    remote_status: str
    confirmed_at: datetime
    clothing_extended: bool = False  # production painted clothing below the still
    head_cover_allowed: str | None = None  # passed by the staff's head-cover override (reason)


@dataclass(frozen=True, slots=True)
class DailyFigures:
    students_total: int
    students_done_total: int  # with a confirmed upload, whatever its state at the service
    confirmed_today: int
    photo_attempts_today: int
    photo_passed_today: int
    photo_failed_today: int
    failures_by_reason: dict[str, int]  # check codes of failed photo attempts (one per code)
    liveness_failures_today: int
    liveness_reasons: dict[str, int]
    liveness_locked_now: int
    timed_locked_now: int
    unlocks_today: int
    outbox_backlog: int
    oldest_backlog_at: datetime | None
    uploads_by_status: dict[str, int]
    payments_paid_today: int


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def export_rows(self, school_id: int, statuses: Sequence[str]) -> list[ExportRow]:
        """The newest upload of each student of the school whose remote state is in
        ``statuses``, ordered by 学号."""
        with self._db.session() as s:
            newest = (
                select(Upload.student_id, func.max(Upload.created_at).label("at"))
                .group_by(Upload.student_id)
                .subquery()
            )
            stmt = (
                select(
                    Student,
                    Upload,
                    CollectionCodeRow.code,
                    Draft.clothing_extended,
                    Draft.head_cover_allowed,
                )
                .join(Upload, Upload.student_id == Student.id)
                .join(
                    newest,
                    (newest.c.student_id == Upload.student_id) & (newest.c.at == Upload.created_at),
                )
                .outerjoin(CollectionCodeRow, CollectionCodeRow.student_id == Student.id)
                .outerjoin(Draft, Draft.id == Upload.draft_id)
                .where(Student.school_id == school_id, Upload.remote_status.in_(list(statuses)))
                .order_by(Student.student_no)
            )
            return [
                ExportRow(
                    student_id=st.id,
                    student_no=st.student_no,
                    name=st.name,
                    id_number=st.id_number,
                    department=st.department,
                    class_name=st.class_name,
                    code=code or "",
                    upload_id=up.id,
                    photo_path=up.photo_path,
                    sha256=up.sha256,
                    finished_path=up.finished_path,
                    remote_status=up.remote_status,
                    confirmed_at=up.created_at,
                    clothing_extended=bool(extended),
                    head_cover_allowed=head_cover,
                )
                for st, up, code, extended, head_cover in s.execute(stmt)
            ]

    def daily(self, school_id: int, start: datetime, end: datetime, now: datetime) -> DailyFigures:
        """Figures of the day ``[start, end)`` (UTC bounds of a local day) and the state now."""
        with self._db.session() as s:
            in_school = select(Student.id).where(Student.school_id == school_id)

            def count(stmt: Select[Any]) -> int:
                return int(s.scalar(stmt) or 0)

            students_total = count(
                select(func.count(Student.id)).where(Student.school_id == school_id)
            )
            done_total = count(
                select(func.count(func.distinct(Upload.student_id))).where(
                    Upload.student_id.in_(in_school)
                )
            )
            confirmed_today = count(
                select(func.count(Upload.id)).where(
                    Upload.student_id.in_(in_school),
                    Upload.created_at >= start,
                    Upload.created_at < end,
                )
            )
            attempts = s.execute(
                select(Attempt.kind, Attempt.passed, Attempt.failures).where(
                    Attempt.student_id.in_(in_school),
                    Attempt.created_at >= start,
                    Attempt.created_at < end,
                )
            ).all()
            photo = [a for a in attempts if a[0] == "photo"]
            liveness_failed = [a for a in attempts if a[0] == "liveness" and not a[1]]
            reasons: Counter[str] = Counter()
            for _kind, passed, failures in photo:
                if not passed:
                    reasons.update({str(f) for f in (failures or [])} or {"unknown"})
            live_reasons: Counter[str] = Counter(
                str((failures or ["unknown"])[0]) for _k, _p, failures in liveness_failed
            )
            locks = s.execute(
                select(StudentLock.liveness_locked, StudentLock.timed_lock_until).where(
                    StudentLock.student_id.in_(in_school)
                )
            ).all()
            unlocks = count(
                select(func.count(AuditRecord.seq)).where(
                    AuditRecord.action.in_(["unlock_liveness", "clear_timed_lock"]),
                    AuditRecord.student_id.in_(in_school),
                    AuditRecord.at >= start,
                    AuditRecord.at < end,
                )
            )
            backlog = s.execute(
                select(func.count(OutboxItem.seq), func.min(OutboxItem.created_at))
                .join(Upload, Upload.id == OutboxItem.upload_id)
                .where(OutboxItem.delivered_at.is_(None), Upload.student_id.in_(in_school))
            ).one()
            by_status = dict(
                s.execute(
                    select(Upload.remote_status, func.count(Upload.id))
                    .where(Upload.student_id.in_(in_school))
                    .group_by(Upload.remote_status)
                ).all()
            )
            paid = count(
                select(func.count(Payment.id)).where(
                    Payment.student_id.in_(in_school),
                    Payment.state == "paid",
                    Payment.updated_at >= start,
                    Payment.updated_at < end,
                )
            )
            return DailyFigures(
                students_total=students_total,
                students_done_total=done_total,
                confirmed_today=confirmed_today,
                photo_attempts_today=len(photo),
                photo_passed_today=sum(1 for a in photo if a[1]),
                photo_failed_today=sum(1 for a in photo if not a[1]),
                failures_by_reason=dict(reasons.most_common()),
                liveness_failures_today=len(liveness_failed),
                liveness_reasons=dict(live_reasons.most_common()),
                liveness_locked_now=sum(1 for live, _ in locks if live),
                timed_locked_now=sum(1 for _, until in locks if until is not None and until > now),
                unlocks_today=unlocks,
                outbox_backlog=int(backlog[0] or 0),
                oldest_backlog_at=backlog[1],
                uploads_by_status={str(k): int(v) for k, v in by_status.items()},
                payments_paid_today=paid,
            )
