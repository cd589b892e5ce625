# SPDX-License-Identifier: MIT
"""RosterRepository: plan and write a roster import in bulk, and the school's own settings.

An import is planned against the database (which rows are new, which update a student, whose
code belongs to someone else) and written in one transaction with bulk statements, so 100,000
rows take seconds and a failure anywhere leaves the database as it was. Students are matched by
their 身份证号 where both the file and the database have one, else by (school, 学号): the same
person re-imported under a new 学号 is the same student with a new number (``renumbered``), never
a new student with fresh counters. A re-import updates the roster fields and never touches the
capture history (attempts, drafts, uploads, locks, payments) or the phone number a student entered
when the file has none. ID numbers are stored whole (lookup needs them) and never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from tucai_desk.core.roster_rows import Column, RosterRow, RowIssue, RowProblem
from tucai_desk.store.db import Database
from tucai_desk.store.models import CollectionCodeRow, School, Student

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
_CHUNK = 5000
_ALL_CODES_FROM = 2000
_FIELDS = ("name", "department", "class_name", "phone", "id_number")


@dataclass(frozen=True, slots=True)
class SchoolRow:
    id: int
    code: str
    name: str
    fee_cents: int
    notice_html: str
    precautions_html: str


@dataclass(frozen=True, slots=True)
class ImportPlan:
    school_id: int | None  # None: the school is new
    creates: tuple[RosterRow, ...]
    updates: tuple[tuple[int, RosterRow], ...]  # (student id, row)
    code_changes: tuple[tuple[int, str], ...]  # (student id, new code)
    unchanged: int
    not_in_file: int
    clashes: tuple[RowIssue, ...] = field(default=())
    # (student id, old 学号, new 学号): the same 身份证号 under a new 学号
    renumbered: tuple[tuple[int, str, str], ...] = field(default=())


def _school_row(school: School) -> SchoolRow:
    return SchoolRow(
        id=school.id,
        code=school.code,
        name=school.name,
        fee_cents=school.fee_cents,
        notice_html=school.notice_html,
        precautions_html=school.precautions_html,
    )


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RosterRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def school(self, code: str) -> SchoolRow | None:
        with self._db.session() as s:
            school = s.scalars(select(School).where(School.code == code)).first()
            return None if school is None else _school_row(school)

    def only_school(self) -> SchoolRow | None:
        """The school when the database holds exactly one."""
        with self._db.session() as s:
            schools = list(s.scalars(select(School).limit(2)))
            return _school_row(schools[0]) if len(schools) == 1 else None

    # -- planning ----------------------------------------------------------------------------
    def plan(self, school_code: str, rows: Sequence[RosterRow]) -> ImportPlan:
        with self._db.session() as s:
            return self._plan(s, school_code, rows)

    def _plan(self, s: Session, school_code: str, rows: Sequence[RosterRow]) -> ImportPlan:
        school_id = s.scalar(select(School.id).where(School.code == school_code))
        existing: dict[str, tuple[Any, ...]] = {}
        if school_id is not None:
            stmt = (
                select(
                    Student.student_no,
                    Student.id,
                    Student.name,
                    Student.department,
                    Student.class_name,
                    Student.phone,
                    Student.id_number,
                    CollectionCodeRow.code,
                )
                .outerjoin(CollectionCodeRow, CollectionCodeRow.student_id == Student.id)
                .where(Student.school_id == school_id)
            )
            existing = {r[0]: tuple(r[1:]) for r in s.execute(stmt)}
        # Codes are unique across all schools: whose is each code of the file now?
        owners: dict[str, tuple[int, str]] = {}
        owner_stmt = select(CollectionCodeRow.code, Student.school_id, Student.student_no).join(
            Student, Student.id == CollectionCodeRow.student_id
        )
        if len(rows) > _ALL_CODES_FROM:
            # A big file: one pass over all codes beats thousands of IN lists.
            wanted_set = {row.code for row in rows}
            owners = {c: (sid, no) for c, sid, no in s.execute(owner_stmt) if c in wanted_set}
        else:
            for chunk in _chunks([row.code for row in rows], 900):
                found = s.execute(owner_stmt.where(CollectionCodeRow.code.in_(chunk)))
                owners.update({c: (sid, no) for c, sid, no in found})
        by_id = {v[5]: no for no, v in existing.items() if v[5]}
        # Who each row is: the student with the row's ID number, else the one with its 学号.
        matched: dict[int, str | None] = {}
        for row in rows:
            old_no = by_id.get(row.id_number) if row.id_number else None
            matched[row.line] = (
                old_no
                if old_no is not None
                else (row.student_no if row.student_no in existing else None)
            )
        numbers_kept = {no for no in (matched[row.line] for row in rows) if no is not None}
        creates: list[RosterRow] = []
        updates: list[tuple[int, RosterRow]] = []
        code_changes: list[tuple[int, str]] = []
        clashes: list[RowIssue] = []
        renumbered: list[tuple[int, str, str]] = []
        unchanged = 0
        seen: set[str] = set()
        for row in rows:
            current_no = matched[row.line]
            owner = owners.get(row.code)
            if owner is not None and (owner[0] != school_id or owner[1] != current_no):
                clashes.append(RowIssue(row.line, RowProblem.CODE_TAKEN, Column.CODE))
                continue
            if current_no != row.student_no and row.student_no in existing:
                holder = existing[row.student_no]
                # The new 学号 belongs to someone else who keeps it (another person's ID).
                if row.student_no in numbers_kept or (holder[5] and holder[5] != row.id_number):
                    clashes.append(
                        RowIssue(row.line, RowProblem.STUDENT_NO_TAKEN, Column.STUDENT_NO)
                    )
                    continue
            if current_no is None:
                creates.append(row)
                continue
            seen.add(current_no)
            sid, name, dept, cls, phone, id_number, code = existing[current_no]
            if code != row.code:
                code_changes.append((sid, row.code))
            new_phone = row.phone or phone
            new_id = row.id_number or id_number
            if current_no != row.student_no:
                renumbered.append((sid, current_no, row.student_no))
                updates.append((sid, row))
            elif (name, dept, cls, phone, id_number) != (
                row.name,
                row.department,
                row.class_name,
                new_phone,
                new_id,
            ):
                updates.append((sid, row))
            elif code == row.code:
                unchanged += 1
        not_in_file = sum(1 for no in existing if no not in seen)
        return ImportPlan(
            school_id=school_id,
            creates=tuple(creates),
            updates=tuple(updates),
            code_changes=tuple(code_changes),
            unchanged=unchanged,
            not_in_file=not_in_file,
            clashes=tuple(clashes),
            renumbered=tuple(renumbered),
        )

    # -- writing -------------------------------------------------------------------------------
    def apply(
        self,
        school_code: str,
        school_name: str,
        rows: Sequence[RosterRow],
        *,
        now: Callable[[Session], datetime],
        audit: Callable[[Session, ImportPlan], None],
        progress: Progress | None = None,
    ) -> ImportPlan:
        """Plan again inside the write transaction and write it; raises ``PlanChangedError`` if
        the database changed since the preview so that a row now clashes."""
        with self._db.session() as s:
            plan = self._plan(s, school_code, rows)
            if plan.clashes:
                raise PlanChangedError(plan.clashes)
            stamp = now(s)
            school_id = plan.school_id
            if school_id is None:
                school = School(
                    code=school_code,
                    name=school_name,
                    fee_cents=0,
                    notice_html="",
                    precautions_html="",
                )
                s.add(school)
                s.flush()
                school_id = school.id
            total = len(plan.creates) + len(plan.updates) + len(plan.code_changes)
            done = 0

            def step(n: int) -> None:
                nonlocal done
                done += n
                if progress is not None:
                    progress("write", done, total)

            # Free the old numbers first (a file may swap two students' numbers).
            for sid, _old, _new in plan.renumbered:
                s.execute(update(Student).where(Student.id == sid).values(student_no=f"#{sid}"))
            self._create(s, school_id, plan.creates, stamp, step)
            for chunk in _chunks(plan.updates):
                s.execute(
                    update(Student),
                    [
                        {
                            "id": sid,
                            "student_no": row.student_no,
                            "name": row.name,
                            "department": row.department,
                            "class_name": row.class_name,
                            **({"phone": row.phone} if row.phone else {}),
                            **({"id_number": row.id_number} if row.id_number else {}),
                            "updated_at": stamp,
                        }
                        for sid, row in chunk
                    ],
                )
                step(len(chunk))
            for sid, code in plan.code_changes:
                s.execute(
                    update(CollectionCodeRow)
                    .where(CollectionCodeRow.student_id == sid)
                    .values(code=code)
                )
                step(1)
            audit(s, plan)
            log.info(
                "roster written: %d new, %d updated, %d codes changed",
                len(plan.creates),
                len(plan.updates),
                len(plan.code_changes),
            )
            return plan

    def _create(
        self,
        s: Session,
        school_id: int,
        rows: Sequence[RosterRow],
        stamp: datetime,
        step: Callable[[int], None],
    ) -> None:
        for chunk in _chunks(rows):
            conn = s.connection()
            conn.execute(
                insert(Student.__table__),
                [
                    {
                        "school_id": school_id,
                        "student_no": row.student_no,
                        "name": row.name,
                        "department": row.department,
                        "class_name": row.class_name,
                        "phone": row.phone,
                        "id_number": row.id_number,
                        "notify_photo": False,
                        "notify_payment": False,
                        "status": "not_started",
                        "updated_at": stamp,
                    }
                    for row in chunk
                ],
            )
            numbers = [row.student_no for row in chunk]
            ids = dict(
                s.execute(
                    select(Student.student_no, Student.id).where(
                        Student.school_id == school_id, Student.student_no.in_(numbers)
                    )
                ).all()
            )
            conn.execute(
                insert(CollectionCodeRow.__table__),
                [{"code": row.code, "student_id": ids[row.student_no]} for row in chunk],
            )
            step(len(chunk))

    # -- the school's own settings (fee, notice texts) ----------------------------------------
    def update_school(
        self,
        school_code: str,
        fields: dict[str, Any],
        *,
        audit: Callable[[Session, dict[str, list[Any]]], None],
    ) -> SchoolRow:
        """Change the school's row; ``audit`` gets {field: [old, new]} of what really changed."""
        with self._db.session() as s:
            school = s.scalars(select(School).where(School.code == school_code)).first()
            if school is None:
                raise LookupError(f"school {school_code}")
            changes: dict[str, list[Any]] = {}
            for key, value in fields.items():
                old = getattr(school, key)
                if old != value:
                    changes[key] = [old, value]
                    setattr(school, key, value)
            if changes:
                s.flush()
                audit(s, changes)
            return _school_row(school)


class PlanChangedError(RuntimeError):
    """The database changed between preview and import: these rows now clash."""

    def __init__(self, clashes: Sequence[RowIssue]) -> None:
        super().__init__(f"{len(clashes)} rows clash")
        self.clashes = tuple(clashes)
