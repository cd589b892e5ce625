# SPDX-License-Identifier: MIT
"""Staff sessions in the database, and login attempts counted atomically.

A session row is re-read on every staff action, so a disabled account or a changed role is seen
by every station on the database at once. A login attempt is *claimed* before its password is
checked: one ``UPDATE … RETURNING`` raises the failure count (and sets the lock at the limit), so
however many attempts arrive at once, no more than the limit are checked before the lock.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from tucai_desk.core.clock import Clock
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.db import Database
from tucai_desk.store.models import SettingRow, Staff, StaffSessionRow
from tucai_desk.store.timekeeping import trusted_now

CONSOLE_KEY = "console"


@dataclass(frozen=True, slots=True)
class SessionSnapshot:
    """A session and its account as they are now (``now``: the trusted time of the read)."""

    token: str
    staff_id: int
    username: str
    role_at_start: str
    role_now: str
    active: bool
    started_at: datetime
    authenticated_at: datetime
    last_active_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    now: datetime


@dataclass(frozen=True, slots=True)
class Claim:
    """``allowed``: the password may be checked; else ``locked_until`` says until when."""

    allowed: bool
    locked_until: datetime | None


class SessionRepository:
    def __init__(self, db: Database, clock: Clock, station_id: str, ledger: AuditLedger) -> None:
        self._db = db
        self._clock = clock
        self._station_id = station_id
        self._ledger = ledger

    def now(self) -> datetime:
        with self._db.session() as s:
            return trusted_now(s, self._clock, self._station_id)

    def console_settings(self) -> dict[str, Any]:
        with self._db.session() as s:
            row = s.get(SettingRow, CONSOLE_KEY)
            return dict(row.value or {}) if row is not None and row.value else {}

    # -- login attempts --------------------------------------------------------------------------
    def claim_attempt(
        self, staff_id: int, now: datetime, *, max_fails: int, lock_minutes: float
    ) -> Claim:
        """Count one attempt as failed before its password is checked (undone on success)."""
        with self._db.session() as s:
            # The UPDATE comes first in the transaction: on SQLite it takes the write lock at
            # once (no read snapshot to upgrade), on PostgreSQL it locks the row.
            count = s.execute(
                update(Staff)
                .where(
                    Staff.id == staff_id,
                    or_(Staff.locked_until.is_(None), Staff.locked_until <= now),
                )
                .values(failed_logins=Staff.failed_logins + 1)
                .returning(Staff.failed_logins)
            ).scalar_one_or_none()
            if count is None:
                until = s.scalar(select(Staff.locked_until).where(Staff.id == staff_id))
                return Claim(False, until)
            if count >= max_fails:
                s.execute(
                    update(Staff)
                    .where(Staff.id == staff_id)
                    .values(failed_logins=0, locked_until=now + timedelta(minutes=lock_minutes))
                )
            return Claim(True, None)

    def locked_until(self, staff_id: int) -> datetime | None:
        with self._db.session() as s:
            return s.scalar(select(Staff.locked_until).where(Staff.id == staff_id))

    def login_succeeded(self, staff_id: int, role: str, *, reauth_token: str | None = None) -> str:
        """Clear the failure count and open a session (or refresh ``reauth_token``'s password
        time); the audit record goes in the same transaction. Returns the session's token."""
        with self._db.session() as s:
            s.execute(
                update(Staff).where(Staff.id == staff_id).values(failed_logins=0, locked_until=None)
            )
            now = trusted_now(s, self._clock, self._station_id)
            if reauth_token is not None:
                row = s.get(StaffSessionRow, reauth_token)
                if row is not None:
                    row.authenticated_at = now
                    row.last_active_at = now
                self._ledger.append(s, "login", staff_id=staff_id, detail={"again": True})
                return reauth_token
            token = secrets.token_hex(32)
            s.add(
                StaffSessionRow(
                    token=token,
                    staff_id=staff_id,
                    role=role,
                    station_id=self._station_id,
                    started_at=now,
                    authenticated_at=now,
                    last_active_at=now,
                )
            )
            self._ledger.append(s, "login", staff_id=staff_id)
            return token

    # -- sessions --------------------------------------------------------------------------------
    def snapshot(self, token: str, *, touch: bool) -> SessionSnapshot | None:
        """The session and its account; ``touch`` marks it active now (a staff action)."""
        with self._db.session() as s:
            row = s.get(StaffSessionRow, token)
            if row is None:
                return None
            staff = s.get(Staff, row.staff_id)
            if staff is None:
                return None
            now = trusted_now(s, self._clock, self._station_id)
            snap = SessionSnapshot(
                token=row.token,
                staff_id=row.staff_id,
                username=staff.username,
                role_at_start=row.role,
                role_now=staff.role,
                active=staff.active,
                started_at=row.started_at,
                authenticated_at=row.authenticated_at,
                last_active_at=row.last_active_at,
                ended_at=row.ended_at,
                end_reason=row.end_reason,
                now=now,
            )
            if touch and row.ended_at is None:
                row.last_active_at = now
            return snap

    def end(
        self,
        token: str,
        reason: str,
        *,
        action: str,
        detail: Callable[[StaffSessionRow], dict[str, Any]] | None = None,
    ) -> bool:
        """End the session once (audited with ``action``); False when it had already ended."""
        with self._db.session() as s:
            row = s.get(StaffSessionRow, token)
            if row is None or row.ended_at is not None:
                return False
            row.ended_at = trusted_now(s, self._clock, self._station_id)
            row.end_reason = reason
            self._ledger.append(
                s, action, staff_id=row.staff_id, detail=detail(row) if detail else {}
            )
            return True
