# SPDX-License-Identifier: MIT
"""Time as the rules see it: aware UTC datetimes from an injectable clock.

A clock may also tell how much time has really passed (``monotonic()``, seconds, unaffected by
anyone setting the wall clock): the store uses it to tell a clock being set from time passing.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A settable clock for tests: ``advance`` is time passing, ``set`` is someone setting the
    station's clock (no time passes)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
        self._elapsed = 0.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._elapsed

    def set(self, when: datetime) -> None:
        self._now = as_utc(when)

    def advance(self, **delta: float) -> None:
        step = timedelta(**delta)
        self._now += step
        self._elapsed += step.total_seconds()


def as_utc(value: datetime) -> datetime:
    """Normalise a datetime to aware UTC; naive values are taken as UTC (SQLite returns those)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
