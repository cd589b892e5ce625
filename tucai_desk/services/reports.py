# SPDX-License-Identifier: MIT
"""ReportService: the daily report — students done, failures by reason, locks, sync backlog.

A day is the station's local calendar day; its bounds are turned into UTC for the queries. The
report is shown on screen (the figures) and saved as CSV (UTF-8 with a BOM, for Excel): one row
per figure with a section, a key (stable, for scripts), a Chinese label and the value.

Blocking and database-bound: call through the UI's task runner on the database executor.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from tucai_desk.core.roster_rows import safe_cell
from tucai_desk.services.accounts import Actor, actor_detail, require_admin
from tucai_desk.services.file_labels import (
    CHECK_LABELS,
    LIVENESS_LABELS,
    STATUS_LABELS,
    label,
    local_time_text,
)
from tucai_desk.services.staff import StaffError
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.report_repo import DailyFigures, ReportRepository
from tucai_desk.store.station_checks_repo import StationCheckRepository

log = logging.getLogger(__name__)

# Labels of the CSV file (a document for the school office, in the station's first language).
LABELS = {
    "students_total": "名单学生总数",
    "students_done_total": "已确认上传的学生（累计）",
    "confirmed_today": "当日确认上传",
    "photo_attempts_today": "当日拍摄次数",
    "photo_passed_today": "当日检测通过",
    "photo_failed_today": "当日检测未通过",
    "liveness_failures_today": "当日活体检测未通过",
    "liveness_locked_now": "当前活体锁定的学生",
    "timed_locked_now": "当前限时锁定的学生",
    "unlocks_today": "当日工作人员解锁",
    "outbox_backlog": "待同步上传",
    "oldest_backlog_at": "最早的待同步上传时间",
    "payments_paid_today": "当日支付成功",
    "station_check": "站点自检",
    "station_check_dismissed": "站点自检提示被关闭",
}
SECTIONS = {
    "summary": "概况",
    "failures": "未通过原因",
    "liveness": "活体未通过原因",
    "locks": "锁定",
    "sync": "同步",
    "uploads": "上传状态",
    "readiness": "站点自检",
}


READINESS_OUTCOMES = {
    "pass": "通过",
    "warn": "通过（有提示）",
    "fail": "未通过",
    "dismissed": "已关闭提示",
}


@dataclass(frozen=True, slots=True)
class DailyReport:
    day: date
    school_code: str
    generated_at: datetime
    figures: DailyFigures
    station_checks: tuple[tuple[str, datetime, str, str], ...] = ()  # station, time, outcome, info

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(section, key, label, value) rows, the CSV's body."""
        f = self.figures
        out: list[tuple[str, str, str, str]] = []

        def add(section: str, key: str, value: object, label: str | None = None) -> None:
            text = local_time_text(value) if isinstance(value, datetime) else value
            out.append(
                (section, key, label or LABELS.get(key, key), "" if text is None else str(text))
            )

        for key in (
            "students_total",
            "students_done_total",
            "confirmed_today",
            "photo_attempts_today",
            "photo_passed_today",
            "photo_failed_today",
            "liveness_failures_today",
            "payments_paid_today",
        ):
            add("summary", key, getattr(f, key))
        for reason, n in f.failures_by_reason.items():
            add("failures", reason, n, label(CHECK_LABELS, reason))
        for reason, n in f.liveness_reasons.items():
            add("liveness", reason, n, label(LIVENESS_LABELS, reason))
        for key in ("liveness_locked_now", "timed_locked_now", "unlocks_today"):
            add("locks", key, getattr(f, key))
        add("sync", "outbox_backlog", f.outbox_backlog)
        add("sync", "oldest_backlog_at", f.oldest_backlog_at)
        for status, n in sorted(f.uploads_by_status.items()):
            add("uploads", status, n, label(STATUS_LABELS, status))
        for station, at, outcome, info in self.station_checks:
            value = f"{READINESS_OUTCOMES.get(outcome, outcome)} {local_time_text(at)}"
            add(
                "readiness",
                station,
                f"{value} {info}".strip(),
                LABELS["station_check_dismissed" if outcome == "dismissed" else "station_check"],
            )
        return out

    def csv_bytes(self) -> bytes:
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(["日期 date", self.day.isoformat(), "学校 school", self.school_code])
        writer.writerow(["分类 section", "项目 key", "说明 label", "数值 value"])
        for section, key, text, value in self.rows():
            writer.writerow(
                [safe_cell(v) for v in (SECTIONS.get(section, section), key, text, value)]
            )
        return ("\ufeff" + buf.getvalue()).encode("utf-8")


class ReportError(RuntimeError):
    """``code``: not_allowed | no_school | write_failed."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def day_bounds(day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The UTC bounds ``[start, end)`` of a local calendar day (``tz`` None: this machine's)."""
    start = datetime.combine(day, time.min)
    end = datetime.combine(day + timedelta(days=1), time.min)
    if tz is None:
        return start.astimezone().astimezone(UTC), end.astimezone().astimezone(UTC)
    return start.replace(tzinfo=tz).astimezone(UTC), end.replace(tzinfo=tz).astimezone(UTC)


class ReportService:
    def __init__(
        self,
        *,
        repo: ReportRepository,
        ledger: AuditLedger,
        school_id: int | None,
        school_code: str,
        now: Callable[[], datetime],
        tz: tzinfo | None = None,
        station_checks: StationCheckRepository | None = None,
    ) -> None:
        self._station_checks = station_checks
        self._repo = repo
        self._ledger = ledger
        self._school_id = school_id
        self._school_code = school_code
        self._now = now
        self._tz = tz

    def today(self) -> date:
        now = self._now()
        return (now.astimezone(self._tz) if self._tz else now.astimezone()).date()

    def daily(self, actor: Actor, day: date | None = None) -> DailyReport:
        self._allowed(actor)
        if self._school_id is None:
            raise ReportError("no_school")
        day = day or self.today()
        start, end = day_bounds(day, self._tz)
        now = self._now()
        figures = self._repo.daily(self._school_id, start, end, now)
        return DailyReport(day, self._school_code, now, figures, self._readiness(day, start, end))

    def _readiness(
        self, day: date, start: datetime, end: datetime
    ) -> tuple[tuple[str, datetime, str, str], ...]:
        """Each station's readiness checks of the day, and the dismissals of their banner."""
        if self._station_checks is None:
            return ()
        rows: list[tuple[str, datetime, str, str]] = []
        for check in self._station_checks.of_all_stations(start, end):
            failed = [
                c["code"] for c in check.report.get("checks", []) if c.get("outcome") == "fail"
            ]
            rows.append((check.station_id, check.taken_at, check.outcome, " ".join(failed)))
        for station, d in self._station_checks.dismissals_of_all_stations(day.isoformat()):
            rows.append((station, d.at, "dismissed", d.reason[:200]))
        return tuple(sorted(rows, key=lambda r: r[1]))

    def save_csv(self, actor: Actor, report: DailyReport, out: Path) -> Path:
        """Write the report's CSV atomically; audited (the file holds figures, no names)."""
        by = self._allowed(actor)
        out = Path(out)
        data = report.csv_bytes()
        tmp: str | None = None
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".csv", dir=out.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
            tmp = None
        except OSError as exc:
            raise ReportError("write_failed") from exc
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self._ledger.record(
            "report_exported",
            staff_id=by,
            detail={**actor_detail(actor), "day": report.day.isoformat(), "file": out.name[:200]},
        )
        return out

    @staticmethod
    def _allowed(actor: Actor) -> int | None:
        try:
            return require_admin(actor)
        except StaffError as exc:
            raise ReportError("not_allowed") from exc
