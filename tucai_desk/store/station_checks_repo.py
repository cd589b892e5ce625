# SPDX-License-Identifier: MIT
"""Saved readiness checks (站点自检) and the dismissals of their banner, per station."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tucai_desk.store.db import Database
from tucai_desk.store.models import StationCheckDismissal, StationCheckRow


@dataclass(frozen=True, slots=True)
class SavedCheck:
    id: int
    station_id: str
    taken_at: datetime
    outcome: str
    staff_id: int | None
    report: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SavedDismissal:
    day: str
    at: datetime
    staff_id: int
    reason: str


class StationCheckRepository:
    def __init__(self, db: Database, station_id: str) -> None:
        self._db = db
        self.station_id = station_id

    def add(
        self,
        s: Session,
        *,
        taken_at: datetime,
        outcome: str,
        report: dict[str, Any],
        staff_id: int | None,
    ) -> int:
        """Save one check inside the caller's transaction ``s`` (with its audit record)."""
        row = StationCheckRow(
            station_id=self.station_id,
            taken_at=taken_at,
            outcome=outcome,
            staff_id=staff_id,
            report=report,
        )
        s.add(row)
        s.flush()
        return int(row.id)

    def latest(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> SavedCheck | None:
        with self._db.session() as s:
            stmt = select(StationCheckRow).where(StationCheckRow.station_id == self.station_id)
            if since is not None:
                stmt = stmt.where(StationCheckRow.taken_at >= since)
            if until is not None:
                stmt = stmt.where(StationCheckRow.taken_at < until)
            row = s.scalars(stmt.order_by(StationCheckRow.id.desc()).limit(1)).first()
            if row is None:
                return None
            return SavedCheck(
                row.id, row.station_id, row.taken_at, row.outcome, row.staff_id, dict(row.report)
            )

    def of_all_stations(self, since: datetime, until: datetime) -> list[SavedCheck]:
        """Every station's checks in ``[since, until)``, oldest first (the daily report)."""
        with self._db.session() as s:
            rows = s.scalars(
                select(StationCheckRow)
                .where(StationCheckRow.taken_at >= since, StationCheckRow.taken_at < until)
                .order_by(StationCheckRow.id)
            )
            return [
                SavedCheck(r.id, r.station_id, r.taken_at, r.outcome, r.staff_id, dict(r.report))
                for r in rows
            ]

    def dismissals_of_all_stations(self, day: str) -> list[tuple[str, SavedDismissal]]:
        with self._db.session() as s:
            rows = s.scalars(
                select(StationCheckDismissal)
                .where(StationCheckDismissal.day == day)
                .order_by(StationCheckDismissal.id)
            )
            return [(r.station_id, SavedDismissal(r.day, r.at, r.staff_id, r.reason)) for r in rows]

    def add_dismissal(
        self, s: Session, *, day: str, at: datetime, staff_id: int, reason: str
    ) -> None:
        s.add(
            StationCheckDismissal(
                station_id=self.station_id, day=day, at=at, staff_id=staff_id, reason=reason
            )
        )

    def dismissal(self, day: str) -> SavedDismissal | None:
        with self._db.session() as s:
            row = s.scalars(
                select(StationCheckDismissal)
                .where(
                    StationCheckDismissal.station_id == self.station_id,
                    StationCheckDismissal.day == day,
                )
                .order_by(StationCheckDismissal.id.desc())
                .limit(1)
            ).first()
            if row is None:
                return None
            return SavedDismissal(row.day, row.at, row.staff_id, row.reason)
