# SPDX-License-Identifier: MIT
"""Trusted time for the rules: one rule time per database.

On PostgreSQL the stations read the database server's clock (:class:`ServerClock`), so they agree
and a wrong local clock changes nothing.

On SQLite there is no server clock, so the database keeps one mark for all stations (the
``rule_clock`` row, keyed by nothing a user edits): the latest rule time any station has used.
A station's rule time is its own clock minus an *offset* it keeps in memory:

- a clock set back (or a second station whose clock is behind) never takes the time below the
  mark, so no lock gets shorter and no draft or lock is stamped "yesterday";
- a jump forward of more than :data:`JUMP_LIMIT` (the wall clock moving further than the time
  that really passed, or a station starting with a clock well ahead of the mark) is not trusted:
  the offset absorbs it, rule time goes on from the mark at the clock's pace, and the jump is
  audited and waits for staff to confirm it (:func:`confirm_clock_jump`). So a station whose
  clock runs 32 minutes fast clears no lock early, for itself or for anyone;
- when the clock is put right (or staff confirm the jump) the offset goes back to zero, and as
  the mark never took the jump, rule time does not freeze: a 10-second cooldown lasts 10 seconds.

Locks are never cleared by writing back a state computed from a local clock: a timed lock or a
cooldown ends by comparison with rule time (:mod:`tucai_desk.core.policies`).
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, event, func, select, update
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock, SystemClock, as_utc
from tucai_desk.store.models import RuleClock, StationClock

log = logging.getLogger(__name__)

JUMP_LIMIT = timedelta(minutes=5)
_MARK_ID = 1


class ServerClock:
    """The database server's clock (PostgreSQL ``now()``)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def now(self) -> datetime:
        with self._engine.connect() as conn:
            return as_utc(conn.execute(select(func.now())).scalar_one())


@dataclass
class _Track:
    """What this process knows of one clock: its last reading and its untrusted offset."""

    local: datetime | None = None
    elapsed: float | None = None
    offset: timedelta = timedelta(0)


_lock = threading.RLock()
# Per clock and per database: one operating-system clock per process, however many SystemClocks.
_system_tracks: dict[str, _Track] = {}
_tracks: weakref.WeakKeyDictionary[object, dict[str, _Track]] = weakref.WeakKeyDictionary()


def _track(clock: Clock, database: str) -> _Track:
    if isinstance(clock, SystemClock):
        per_db = _system_tracks
    else:
        per_db = _tracks.get(clock) or _tracks.setdefault(clock, {})
    return per_db.setdefault(database, _Track())


def _elapsed(clock: Clock) -> float | None:
    monotonic = getattr(clock, "monotonic", None)
    return float(monotonic()) if callable(monotonic) else None


def _locked_mark(session: Session) -> RuleClock | None:
    if session.get_bind().dialect.name == "sqlite":
        # Take SQLite's write lock before reading, so two stations cannot both move the mark
        # from the same old value (a no-op update starts the write transaction).
        session.execute(update(RuleClock).where(RuleClock.id == _MARK_ID).values(id=RuleClock.id))
    return session.scalars(
        select(RuleClock).where(RuleClock.id == _MARK_ID).with_for_update()
    ).first()


def _mark(session: Session, local: datetime) -> RuleClock:
    """The database's mark, write-locked for this transaction (created on first use)."""
    row = _locked_mark(session)
    if row is None:
        # A database from before the shared mark: start from the latest any station had seen.
        legacy = session.scalar(select(func.max(StationClock.high_water)))
        start = max(local, as_utc(legacy)) if legacy is not None else local
        row = RuleClock(id=_MARK_ID, high_water=start)
        session.add(row)
        session.flush()
    return row


def _observe(track: _Track, local: datetime, elapsed: float | None, mark: datetime) -> None:
    """Update the offset from a new reading of the clock (see the module docstring)."""
    paced = elapsed is not None and track.elapsed is not None
    if track.local is None:
        gap = local - mark  # first reading in this process: only the mark to go by
        track.offset = gap if abs(gap) > JUMP_LIMIT else timedelta(0)
    elif paced:
        step = (local - track.local) - timedelta(seconds=elapsed - track.elapsed)  # type: ignore[operator]
        if abs(step) > JUMP_LIMIT:
            track.offset += step  # the clock was set, by this much
    if track.offset and abs(local - mark) <= JUMP_LIMIT:
        track.offset = timedelta(0)  # put right again, or the jump was confirmed
    if not paced and local - track.offset > mark + JUMP_LIMIT:
        track.offset = local - mark  # a clock that cannot tell time passing: the mark decides
    track.local, track.elapsed = local, elapsed


def trusted_now(session: Session, clock: Clock, station_id: str) -> datetime:
    """The time the rules use, inside the caller's transaction."""
    if isinstance(clock, ServerClock):
        return as_utc(session.execute(select(func.now())).scalar_one())
    local = as_utc(clock.now())
    elapsed = _elapsed(clock)
    row = _mark(session, local)
    with _lock:
        track = _track(clock, str(session.get_bind().url))
        before = track.offset
        mark = as_utc(row.high_water)
        _observe(track, local, elapsed, mark)
        now = max(mark, local - track.offset)
        if now > mark:
            row.high_water = now
        offset = track.offset
    if offset > JUMP_LIMIT and abs(offset - before) > JUMP_LIMIT:
        _record_jump(session, row, clock, station_id, now, local)
    elif offset < -JUMP_LIMIT and abs(offset - before) > JUMP_LIMIT:
        log.warning("station clock is %s behind the rule time; the rule time is used", -offset)
    elif before > JUMP_LIMIT and not offset and row.jump_station == station_id[:64]:
        # This station's clock was put right: its jump is nothing to confirm any more.
        row.jump_station = row.jump_from = row.jump_to = None
        log.info("station clock is back in line with the rule time")
    return now


def _record_jump(
    session: Session, row: RuleClock, clock: Clock, station_id: str, now: datetime, local: datetime
) -> None:
    """Keep the jump for staff to confirm and audit it, in the caller's transaction."""
    from tucai_desk.store.audit_ledger import AuditLedger
    from tucai_desk.store.staff_repo import StaffRepository

    row.jump_station, row.jump_from, row.jump_to = station_id[:64], now, local
    session.flush()
    log.warning(
        "station clock jumped %s ahead of the rule time; not trusted until staff confirm it",
        local - now,
    )
    detail = {"rule_time": now.isoformat(), "station_clock": local.isoformat()}

    def append(s: Session) -> None:
        # At commit, in the same transaction: the rule time may have been asked for in the middle
        # of another audit append, which must not be forked by appending in between. Reading the
        # rule time again here finds the offset known, so nothing recurses.
        staff = StaffRepository(None, clock, station_id)  # type: ignore[arg-type]
        AuditLedger(None, staff).append(s, "clock_jump", staff_id=None, detail=detail)  # type: ignore[arg-type]

    event.listen(session, "before_commit", append, once=True)


@dataclass(frozen=True, slots=True)
class ClockJump:
    station_id: str
    rule_time: datetime  # the rule time when the jump was seen
    station_clock: datetime  # what the station's clock said then


def pending_jump(session: Session) -> ClockJump | None:
    """The forward jump waiting for staff, if any (SQLite; PostgreSQL never has one)."""
    row = session.get(RuleClock, _MARK_ID)
    if row is None or row.jump_from is None or row.jump_to is None:
        return None
    return ClockJump(row.jump_station or "", as_utc(row.jump_from), as_utc(row.jump_to))


def confirm_clock_jump(session: Session) -> ClockJump | None:
    """Staff confirm the pending jump: the rule time moves forward by it, for every station.

    The caller audits the confirmation in the same transaction.
    """
    row = _locked_mark(session)
    jump = pending_jump(session)
    if row is None or jump is None:
        return None
    row.high_water = as_utc(row.high_water) + (jump.station_clock - jump.rule_time)
    row.jump_station = row.jump_from = row.jump_to = None
    return jump
