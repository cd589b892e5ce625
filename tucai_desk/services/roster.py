# SPDX-License-Identifier: MIT
"""RosterService: import the school's roster from CSV or XLSX, in two steps.

1. :meth:`RosterService.preview` reads and checks the whole file and plans the import against the
   database: every bad row with its line and reason, how many students are new, updated or
   unchanged. Nothing is written.
2. :meth:`RosterService.apply` writes the previewed rows in one transaction (after staff confirm),
   with the audit record in the same transaction. A file with bad rows is refused unless staff
   choose to skip those rows. Any failure raises :class:`RosterError` and changes nothing.

Blocking: call through the UI's task runner on the database executor. ``progress(phase, done,
total)`` is called from that thread (phases ``read``, ``check``, ``plan``, ``write``; ``total`` 0
when unknown).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock
from tucai_desk.core.roster_rows import HeaderMap, RosterRow, RowIssue, RowValidator
from tucai_desk.services.accounts import Actor, actor_detail, require_admin
from tucai_desk.services.roster_files import (
    MAX_BYTES,
    Progress,
    RosterError,
    read_table,
)
from tucai_desk.services.staff import StaffError
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.roster_repo import ImportPlan, PlanChangedError, RosterRepository
from tucai_desk.store.timekeeping import trusted_now

log = logging.getLogger(__name__)

__all__ = ["ImportResult", "RosterError", "RosterPreview", "RosterService"]


@dataclass(frozen=True, slots=True)
class RosterPreview:
    """What an import would do. ``issues`` lists every bad row (sorted by line)."""

    file_name: str
    file_sha256: str
    file_format: str  # csv | xlsx
    encoding: str | None
    total_rows: int
    rows: tuple[RosterRow, ...]  # the good rows, to be written
    issues: tuple[RowIssue, ...]
    school_code: str
    school_name: str
    new_school: bool
    to_create: int
    to_update: int
    code_changes: int
    unchanged: int
    not_in_file: int  # students of the school in the database that the file does not list
    ignored_columns: tuple[str, ...]
    # (old 学号, new 学号): a student found by 身份证号 under a new number (kept with history)
    student_no_changes: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def bad_rows(self) -> int:
        return len({issue.line for issue in self.issues})


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    code_changes: int
    unchanged: int
    skipped_rows: int
    school_code: str
    new_school: bool
    seconds: float


class RosterService:
    def __init__(
        self,
        *,
        repo: RosterRepository,
        ledger: AuditLedger,
        clock_now: Callable[[Session], datetime],
        school_code: str | None,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        """``school_code``: the station's school (None: the roster's codes name it, on a station
        without a school yet). ``clock_now(session)`` is the station's trusted time."""
        self._repo = repo
        self._ledger = ledger
        self._now = clock_now
        self._school_code = school_code
        self.max_bytes = max_bytes

    def preview(
        self, actor: Actor, path: Path, *, progress: Progress | None = None
    ) -> RosterPreview:
        self._allowed(actor)
        school = None
        if self._school_code:
            school = self._repo.school(self._school_code)
        elif (only := self._repo.only_school()) is not None:
            school = only
        validator = RowValidator(
            school.code if school else self._school_code, school.name if school else None
        )

        def check(header: HeaderMap, line: int, cells: tuple[object, ...]) -> None:
            # Each row is checked as it is read: the file's cells are never all in memory.
            validator.add(line, cells, header)

        table = read_table(Path(path), max_bytes=self.max_bytes, progress=progress, sink=check)
        total = table.row_count
        if progress is not None:
            progress("check", total, total)
        checked = validator.result()
        if checked.school_code is None:
            # Not a single readable code: the rows' issues say why.
            school_code, school_name = "", ""
        else:
            school_code = checked.school_code
            school_name = school.name if school else (validator.school_label or "")
        if progress is not None:
            progress("plan", 0, 0)
        plan = (
            self._repo.plan(school_code, checked.rows)
            if school_code
            else ImportPlan(None, (), (), (), 0, 0)
        )
        clash_lines = {issue.line for issue in plan.clashes}
        issues = tuple(sorted((*checked.issues, *plan.clashes), key=lambda i: i.line))
        rows = tuple(r for r in checked.rows if r.line not in clash_lines)
        if not rows and not issues:
            raise RosterError("no_rows")
        preview = RosterPreview(
            file_name=Path(path).name,
            file_sha256=table.sha256,
            file_format=table.file_format,
            encoding=table.encoding,
            total_rows=total,
            rows=rows,
            issues=issues,
            school_code=school_code,
            school_name=school_name,
            new_school=plan.school_id is None,
            to_create=len(plan.creates),
            to_update=len(plan.updates),
            code_changes=len(plan.code_changes),
            unchanged=plan.unchanged,
            not_in_file=plan.not_in_file,
            ignored_columns=table.header.ignored,
            student_no_changes=tuple((old, new) for _sid, old, new in plan.renumbered),
        )
        log.info(
            "roster preview: %d rows, %d bad, %d new, %d updates",
            total,
            preview.bad_rows,
            preview.to_create,
            preview.to_update,
        )
        return preview

    def apply(
        self,
        actor: Actor,
        preview: RosterPreview,
        *,
        skip_bad_rows: bool = False,
        progress: Progress | None = None,
    ) -> ImportResult:
        by = self._allowed(actor)
        if preview.issues and not skip_bad_rows:
            raise RosterError("has_bad_rows", count=preview.bad_rows)
        if not preview.rows:
            raise RosterError("no_rows")
        if not preview.school_code:
            raise RosterError("no_school")
        started = time.perf_counter()

        def audit(s: Session, plan: ImportPlan) -> None:
            self._ledger.append(
                s,
                "roster_imported",
                staff_id=by,
                detail={
                    **actor_detail(actor),
                    "file": preview.file_name[:200],
                    "sha256": preview.file_sha256,
                    "format": preview.file_format,
                    "encoding": preview.encoding,
                    "school": preview.school_code,
                    "rows": preview.total_rows,
                    "created": len(plan.creates),
                    "updated": len(plan.updates),
                    "code_changes": len(plan.code_changes),
                    "student_no_changes": [[old, new] for _sid, old, new in plan.renumbered],
                    "skipped_rows": preview.bad_rows,
                },
            )

        try:
            plan = self._repo.apply(
                preview.school_code,
                preview.school_name,
                preview.rows,
                now=self._now,
                audit=audit,
                progress=progress,
            )
        except PlanChangedError as exc:
            raise RosterError("changed_since_preview", count=len(exc.clashes)) from exc
        except SQLAlchemyError as exc:
            log.error("roster import failed in the database: %s", type(exc).__name__)
            raise RosterError("write_failed") from exc
        result = ImportResult(
            created=len(plan.creates),
            updated=len(plan.updates),
            code_changes=len(plan.code_changes),
            unchanged=plan.unchanged,
            skipped_rows=preview.bad_rows,
            school_code=preview.school_code,
            new_school=plan.school_id is None,
            seconds=time.perf_counter() - started,
        )
        log.info(
            "roster imported: %d new, %d updated in %.1f s",
            result.created,
            result.updated,
            result.seconds,
        )
        return result

    @staticmethod
    def _allowed(actor: Actor) -> int | None:
        try:
            return require_admin(actor)
        except StaffError as exc:
            raise RosterError("not_allowed") from exc


def trusted_clock(clock: Clock, station_id: str) -> Callable[[Session], datetime]:
    """``now(session)`` for :class:`RosterService` from a clock and the station id."""

    def now(session: Session) -> datetime:
        return trusted_now(session, clock, station_id)

    return now
