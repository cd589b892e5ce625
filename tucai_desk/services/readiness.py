# SPDX-License-Identifier: MIT
"""ReadinessService: save the station's readiness checks and tell the capture page about them.

The capture page shows a banner when today's check (站点自检) is missing or failed. It never
blocks capture; an admin may dismiss it for the day with a reason, which is audited. A saved
check and its audit record commit in one transaction. "Today" is the station's local date of
the station's trusted time (the clock object: PostgreSQL's clock on a shared database).

Blocking and database-bound: call through the UI's task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

import numpy as np

from tucai_desk.core.clock import Clock
from tucai_desk.services.capture import PipelineLike
from tucai_desk.services.dto import StaffSession
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.station_checks_repo import (
    SavedCheck,
    SavedDismissal,
    StationCheckRepository,
)
from tucai_desk.vision.readiness.report import CameraFacts, ReadinessCheck, StationCheckReport

REASON_MAX = 500


class ReadinessError(RuntimeError):
    """A refused request: ``code`` is ``not_allowed`` or ``reason_required``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class BannerState(StrEnum):
    NONE = "none"  # today's check passed (warnings allowed) or the banner was dismissed
    MISSING = "missing"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class StationCheckView:
    id: int
    taken_at: datetime
    outcome: str
    report: StationCheckReport


@dataclass(frozen=True, slots=True)
class ReadinessStatus:
    banner: BannerState
    today: StationCheckView | None
    dismissal: SavedDismissal | None


@dataclass(frozen=True, slots=True)
class ReadinessTarget:
    """What the station's camera and photo profile ask for."""

    profile_name: str
    background: tuple[str, tuple[int, int, int]]  # colour name, RGB
    asked_size: tuple[int, int]
    asked_fps: float


class ReadinessService:
    def __init__(
        self,
        repo: StationCheckRepository,
        ledger: AuditLedger,
        clock: Clock,
        tz: tzinfo | None = None,
        *,
        target: Callable[[], ReadinessTarget] | None = None,
        pipeline_factory: Callable[[], PipelineLike] | None = None,
    ) -> None:
        self._repo = repo
        self._ledger = ledger
        self._clock = clock
        self._tz = tz
        self._target = target
        self._pipeline_factory = pipeline_factory

    def measure_backdrop(
        self, frames: list[np.ndarray], delivered_fps: float, camera: str
    ) -> StationCheckReport:
        """Step 1 on frames of the empty backdrop (CPU-bound: call off the GUI thread)."""
        from tucai_desk.vision.readiness.station_check import Capture, check_backdrop

        if self._target is None or not frames:
            raise ValueError("nothing to measure")
        target = self._target()
        checks = check_backdrop(
            Capture(frames, delivered_fps),
            background=target.background,
            asked_size=target.asked_size,
            asked_fps=target.asked_fps,
        )
        h, w = frames[0].shape[:2]
        facts = CameraFacts(
            camera, target.asked_size, target.asked_fps, (w, h), delivered_fps, len(frames)
        )
        return StationCheckReport(target.profile_name, target.background[0], facts, tuple(checks))

    def measure_person(self, still: np.ndarray) -> list[ReadinessCheck]:
        """Step 2: the photo checks' light findings on a person before the backdrop."""
        from tucai_desk.vision.readiness.station_check import check_person

        if self._pipeline_factory is None:
            raise ValueError("no photo pipeline")
        pipeline = self._pipeline_factory()
        try:
            return check_person(pipeline.process(still).verdict)
        finally:
            close = getattr(pipeline, "close", None)
            if callable(close):
                close()

    def today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def _bounds(self, day: date) -> tuple[datetime, datetime]:
        tz = self._tz or datetime.now().astimezone().tzinfo
        start = datetime.combine(day, time.min, tzinfo=tz)
        return start, start + timedelta(days=1)

    def record(
        self, report: StationCheckReport, staff: StaffSession | None = None
    ) -> StationCheckView:
        """Save a finished check with its audit record (one transaction)."""
        if staff is not None:
            staff.require()
        taken_at = self._clock.now()
        outcome = report.outcome.value
        failed = [c.code for c in report.checks if c.outcome.value == "fail"]
        with self._ledger.transaction() as s:
            check_id = self._repo.add(
                s,
                taken_at=taken_at,
                outcome=outcome,
                report=report.to_json(),
                staff_id=staff.staff_id if staff else None,
            )
            self._ledger.append(
                s,
                "station_check",
                staff_id=staff.staff_id if staff else None,
                detail={"check_id": check_id, "outcome": outcome, "failed": failed},
            )
        return StationCheckView(check_id, taken_at, outcome, report)

    def latest(self, day: date | None = None) -> StationCheckView | None:
        since, until = self._bounds(day or self.today())
        saved = self._repo.latest(since, until)
        return None if saved is None else _view(saved)

    def status(self) -> ReadinessStatus:
        day = self.today()
        check = self.latest(day)
        dismissal = self._repo.dismissal(day.isoformat())
        if (check is not None and check.outcome != "fail") or dismissal is not None:
            banner = BannerState.NONE
        else:
            banner = BannerState.MISSING if check is None else BannerState.FAILED
        return ReadinessStatus(banner, check, dismissal)

    def dismiss(self, staff: StaffSession, reason: str) -> None:
        """An admin lets today's capture go on without a passed check (audited)."""
        if not staff.is_admin:
            raise ReadinessError("not_allowed")
        staff.require(admin=True)  # still active, still an admin, not idle (SessionError)
        reason = reason.strip()
        if not reason:
            raise ReadinessError("reason_required")
        day = self.today()
        check = self.latest(day)
        with self._ledger.transaction() as s:
            self._repo.add_dismissal(
                s, day=day.isoformat(), at=self._clock.now(), staff_id=staff.staff_id,
                reason=reason[:REASON_MAX],
            )  # fmt: skip
            self._ledger.append(
                s,
                "station_check_dismissed",
                staff_id=staff.staff_id,
                detail={
                    "day": day.isoformat(),
                    "reason": reason[:REASON_MAX],
                    "check_outcome": check.outcome if check else "missing",
                },
            )


def _view(saved: SavedCheck) -> StationCheckView:
    return StationCheckView(
        saved.id, saved.taken_at, saved.outcome, StationCheckReport.from_json(saved.report)
    )
