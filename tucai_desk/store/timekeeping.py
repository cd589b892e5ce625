# SPDX-License-Identifier: MIT
"""Trusted time for the rules.

On PostgreSQL the stations read the database server's clock (:class:`ServerClock`), so they agree
and a wrong local clock changes nothing. Elsewhere the station keeps the latest time it has ever
seen: when the local clock is set back, time stands still at that mark instead of going back, so
no lock gets shorter.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock, as_utc
from tucai_desk.store.models import StationClock


class ServerClock:
    """The database server's clock (PostgreSQL ``now()``)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def now(self) -> datetime:
        with self._engine.connect() as conn:
            return as_utc(conn.execute(select(func.now())).scalar_one())


def trusted_now(session: Session, clock: Clock, station_id: str) -> datetime:
    """The time the rules use, inside the caller's transaction."""
    if isinstance(clock, ServerClock):
        return as_utc(session.execute(select(func.now())).scalar_one())
    local = as_utc(clock.now())
    row = session.get(StationClock, station_id)
    if row is None:
        session.add(StationClock(station_id=station_id, high_water=local))
        return local
    if local > row.high_water:
        row.high_water = local
        return local
    return row.high_water
