# SPDX-License-Identifier: MIT
"""LookupRepository: find students fast, and read everything about one of them.

Search runs one small indexed query per key (name prefix, 学号 prefix, 采集码 prefix, phone
suffix), each ordered by its own index with a LIMIT, instead of one OR over all columns that no
index can serve. On SQLite a prefix is a range (``col >= q AND col < q || U+10FFFF``), which the
plain indexes answer; on PostgreSQL it is ``LIKE 'q%'`` served by the ``varchar_pattern_ops``
indexes (a range is not a prefix under a linguistic collation). The phone suffix uses the index
on the phone's last four characters (``models.PHONE_TAIL``) and then checks the longer suffix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, select
from sqlalchemy.orm import Session

from tucai_desk.store.db import Database
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import (
    PHONE_TAIL,
    Attempt,
    CollectionCodeRow,
    Draft,
    OutboxItem,
    Payment,
    School,
    Student,
    StudentLock,
    Upload,
)

_TOP = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class StudentHit:
    id: int
    name: str
    student_no: str
    code: str
    phone: str | None
    department: str
    class_name: str
    status: str
    upload_status: str | None  # the newest upload's remote status
    matched_by: str  # name | student_no | code | phone


@dataclass(frozen=True, slots=True)
class StudentRows:
    """Detached rows of one student (do not change them)."""

    student: Student
    school: School
    code: CollectionCodeRow | None
    lock: StudentLock | None
    attempts: tuple[Attempt, ...]
    drafts: tuple[Draft, ...]
    uploads: tuple[tuple[Upload, OutboxItem | None], ...]
    payments: tuple[Payment, ...]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class LookupRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        # Built once per (school filter?, limit): a search then only binds its values, which
        # keeps the Python side of a lookup well under a millisecond.
        self._statements: dict[tuple[bool, int], dict[str, Select[Any]]] = {}
        self._uploads = (
            select(Upload.student_id, Upload.remote_status)
            .where(Upload.student_id.in_(bindparam("ids", expanding=True)))
            .order_by(Upload.created_at)
        )

    def _prefix(self, column: Any, name: str) -> ColumnElement[bool]:
        if self._db.is_sqlite:
            return and_(column >= bindparam(f"{name}_lo"), column < bindparam(f"{name}_hi"))
        return column.like(bindparam(f"{name}_like"), escape="\\")

    def _prefix_params(self, name: str, text: str) -> dict[str, str]:
        if self._db.is_sqlite:
            return {f"{name}_lo": text, f"{name}_hi": text + _TOP}
        return {f"{name}_like": _escape_like(text) + "%"}

    def _queries(self, scoped: bool, limit: int) -> dict[str, Select[Any]]:
        key = (scoped, limit)
        if key in self._statements:
            return self._statements[key]
        base = select(
            Student.id,
            Student.name,
            Student.student_no,
            CollectionCodeRow.code,
            Student.phone,
            Student.department,
            Student.class_name,
            Student.status,
        )
        if scoped:
            base = base.where(Student.school_id == bindparam("school_id"))
        by_student = base.outerjoin(CollectionCodeRow, CollectionCodeRow.student_id == Student.id)
        phone_tail = PHONE_TAIL  # the exact expression of the index
        queries = {
            "code": base.select_from(CollectionCodeRow)
            .join(Student, Student.id == CollectionCodeRow.student_id)
            .where(self._prefix(CollectionCodeRow.code, "code"))
            .order_by(CollectionCodeRow.code)
            .limit(limit),
            "student_no": by_student.where(self._prefix(Student.student_no, "no"))
            .order_by(Student.student_no)
            .limit(limit),
            "phone": by_student.where(
                phone_tail == bindparam("tail"), Student.phone.like(bindparam("phone_like"))
            )
            .order_by(Student.student_no)
            .limit(limit),
            "id_number": by_student.where(Student.id_number == bindparam("id_number"))
            .order_by(Student.student_no)
            .limit(limit),
            "name": by_student.where(self._prefix(Student.name, "name"))
            .order_by(Student.name)
            .limit(limit),
        }
        self._statements[key] = queries
        return queries

    def search(
        self, text: str, *, school_id: int | None = None, limit: int = 50
    ) -> list[StudentHit]:
        """Students whose name, 学号 or 采集码 starts with ``text``, whose phone ends with it
        (four digits or more) or whose whole 身份证号 it is. Exact 学号/code matches come first;
        at most ``limit`` hits."""
        statements = self._queries(school_id is not None, limit)
        scope = {"school_id": school_id} if school_id is not None else {}
        runs: list[tuple[str, dict[str, Any]]] = []
        if text.isascii():
            runs.append(("code", self._prefix_params("code", text.upper())))
            runs.append(("student_no", self._prefix_params("no", text)))
        if len(text) == 18 and text[:17].isdigit() and text[17] in "0123456789Xx":
            runs.append(("id_number", {"id_number": text.upper()}))  # exact: a whole 身份证号
        if text.isdigit() and len(text) >= 4:
            runs.append(("phone", {"tail": text[-4:], "phone_like": "%" + text}))
        if not text.isdigit():
            runs.append(("name", self._prefix_params("name", text)))
        found: dict[int, StudentHit] = {}
        with self._db.session() as s:
            for key, params in runs:
                for row in s.execute(statements[key], {**scope, **params}):
                    if row.id not in found:
                        found[row.id] = StudentHit(
                            row.id,
                            row.name,
                            row.student_no,
                            row.code or "",
                            row.phone,
                            row.department,
                            row.class_name,
                            row.status,
                            None,
                            key,
                        )
            hits = list(found.values())
            exact = [h for h in hits if h.student_no == text or h.code == text.upper()]
            ordered = exact + [h for h in hits if h not in exact]
            return self._with_uploads(s, ordered[:limit])

    def _with_uploads(self, s: Session, hits: list[StudentHit]) -> list[StudentHit]:
        if not hits:
            return hits
        rows = s.execute(self._uploads, {"ids": [h.id for h in hits]})
        status = {sid: st for sid, st in rows}
        return [
            StudentHit(
                h.id,
                h.name,
                h.student_no,
                h.code,
                h.phone,
                h.department,
                h.class_name,
                h.status,
                status.get(h.id),
                h.matched_by,
            )
            for h in hits
        ]

    def student_rows(self, student_id: int, *, attempts_limit: int = 200) -> StudentRows:
        with self._db.session() as s:
            student = s.get(Student, student_id)
            if student is None:
                raise NotFoundError(f"student {student_id}")
            school = s.get(School, student.school_id)
            assert school is not None
            code = s.scalars(
                select(CollectionCodeRow).where(CollectionCodeRow.student_id == student_id)
            ).first()
            attempts = s.scalars(
                select(Attempt)
                .where(Attempt.student_id == student_id)
                .order_by(Attempt.created_at.desc())
                .limit(attempts_limit)
            ).all()
            drafts = s.scalars(
                select(Draft).where(Draft.student_id == student_id).order_by(Draft.created_at)
            ).all()
            uploads = s.execute(
                select(Upload, OutboxItem)
                .outerjoin(OutboxItem, OutboxItem.upload_id == Upload.id)
                .where(Upload.student_id == student_id)
                .order_by(Upload.created_at)
            ).all()
            payments = s.scalars(
                select(Payment)
                .where(Payment.student_id == student_id)
                .order_by(Payment.created_at.desc())
            ).all()
            return StudentRows(
                student=student,
                school=school,
                code=code,
                lock=s.get(StudentLock, student_id),
                attempts=tuple(attempts),
                drafts=tuple(drafts),
                uploads=tuple((u, o) for u, o in uploads),
                payments=tuple(payments),
            )

    def school_id(self, school_code: str) -> int | None:
        with self._db.session() as s:
            return s.scalar(select(School.id).where(School.code == school_code))
