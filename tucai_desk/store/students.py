# SPDX-License-Identifier: MIT
"""StudentRepository: schools, students and their collection codes.

Returns detached rows (the session factory does not expire on commit); callers must not change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from tucai_desk.store.db import Database
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import CollectionCodeRow, School, Student


@dataclass(frozen=True, slots=True)
class StudentRecord:
    student: Student
    school: School
    code: str


class StudentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def school(self, school_id: int | None = None) -> School | None:
        with self._db.session() as s:
            if school_id is not None:
                return s.get(School, school_id)
            return s.scalars(select(School).order_by(School.id).limit(1)).first()

    def school_by_code(self, code: str) -> School | None:
        with self._db.session() as s:
            return s.scalars(select(School).where(School.code == code)).first()

    def upsert_school(self, code: str, name: str, **fields: object) -> School:
        with self._db.session() as s:
            school = s.scalars(select(School).where(School.code == code)).first()
            if school is None:
                school = School(
                    code=code, name=name, fee_cents=0, notice_html="", precautions_html=""
                )
                s.add(school)
            school.name = name
            for key, value in fields.items():
                setattr(school, key, value)
            s.flush()
            return school

    def count_students(self) -> int:
        with self._db.session() as s:
            return int(s.scalar(select(func.count(Student.id))) or 0)

    def add_student(
        self,
        school_id: int,
        *,
        student_no: str,
        name: str,
        code: str,
        department: str = "",
        class_name: str = "",
        phone: str | None = None,
        id_number: str | None = None,
        expires_at: datetime | None = None,
    ) -> Student:
        with self._db.session() as s:
            student = Student(
                school_id=school_id,
                student_no=student_no,
                name=name,
                department=department,
                class_name=class_name,
                phone=phone,
                id_number=id_number,
                notify_photo=False,
                notify_payment=False,
                status="not_started",
            )
            s.add(student)
            s.flush()
            s.add(CollectionCodeRow(code=code, student_id=student.id, expires_at=expires_at))
            return student

    def by_code(self, code: str) -> tuple[StudentRecord, CollectionCodeRow] | None:
        with self._db.session() as s:
            row = s.get(CollectionCodeRow, code)
            if row is None:
                return None
            student = s.get(Student, row.student_id)
            assert student is not None
            school = s.get(School, student.school_id)
            assert school is not None
            return StudentRecord(student, school, row.code), row

    def get(self, student_id: int) -> StudentRecord:
        with self._db.session() as s:
            student = s.get(Student, student_id)
            if student is None:
                raise NotFoundError(f"student {student_id}")
            school = s.get(School, student.school_id)
            code = s.scalars(
                select(CollectionCodeRow.code).where(CollectionCodeRow.student_id == student_id)
            ).first()
            assert school is not None
            return StudentRecord(student, school, code or "")

    def update(self, student_id: int, **fields: object) -> StudentRecord:
        with self._db.session() as s:
            student = s.get(Student, student_id)
            if student is None:
                raise NotFoundError(f"student {student_id}")
            for key, value in fields.items():
                setattr(student, key, value)
        return self.get(student_id)

    def search(self, query: str, limit: int = 50) -> list[StudentRecord]:
        """Name, 学号 or 采集码 (prefix, case-insensitive), or the last digits of the phone."""
        text = query.strip()
        if not text:
            return []
        with self._db.session() as s:
            conditions = [
                Student.name.startswith(text),
                Student.student_no.startswith(text),
                CollectionCodeRow.code.startswith(text.upper()),
            ]
            if text.isdigit() and len(text) >= 4:
                conditions.append(Student.phone.endswith(text))
            rows = s.execute(
                select(Student, School, CollectionCodeRow.code)
                .join(School, School.id == Student.school_id)
                .outerjoin(CollectionCodeRow, CollectionCodeRow.student_id == Student.id)
                .where(or_(*conditions))
                .order_by(Student.student_no)
                .limit(limit)
            ).all()
            return [StudentRecord(st, sc, code or "") for st, sc, code in rows]
