# SPDX-License-Identifier: MIT
"""SessionService: sign in once, re-checked on every staff action.

A staff member signs in once (the station's opening login or "Sign in" in the staff menu). Every
staff action then asks :meth:`SessionService.require` first, which reads the session and its
account from the database:

* the session was signed out or timed out → ``session_ended``;
* no staff action for longer than the idle time (console setting ``idle_minutes``, 10 by
  default) → ``session_expired`` (the session ends, audited);
* the account was disabled meanwhile → ``account_disabled``; its role changed → ``role_changed``
  (both end the session);
* an admin-only action by an operator → ``not_allowed``;
* an admin's action that wants a ``fresh`` password, when the entry is older than the window
  (console setting ``reauth_minutes``, 5 by default) → ``reauth_required``: the UI asks for the
  password again (:meth:`reauthenticate`) and retries.

Blocking and database-bound: call through the UI's task runner on the database executor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from tucai_desk.core.passwords import hash_password, verify_password
from tucai_desk.services.dto import StaffSession
from tucai_desk.store.session_repo import SessionRepository, SessionSnapshot
from tucai_desk.store.staff_repo import StaffRepository

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 10.0
DEFAULT_REAUTH_MINUTES = 5.0
MAX_FAILED_LOGINS = 5
LOGIN_LOCK_MINUTES = 15.0


class SessionError(RuntimeError):
    """``code``: session_ended | session_expired | account_disabled | role_changed |
    not_allowed | reauth_required."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class LoginError(RuntimeError):
    """``code``: bad_credentials | locked (``until`` set) | inactive."""

    def __init__(self, code: str, until: datetime | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.until = until


@dataclass(frozen=True, slots=True)
class SessionLimits:
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    reauth_minutes: float = DEFAULT_REAUTH_MINUTES


@dataclass(frozen=True, slots=True)
class SessionState:
    """What the status bar shows: who is signed in, until when the password entry is fresh."""

    session: StaffSession
    fresh_until: datetime
    idle_until: datetime


def _float(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


class SessionService:
    def __init__(self, *, sessions: SessionRepository, staff: StaffRepository) -> None:
        self._sessions = sessions
        self._staff = staff

    def limits(self) -> SessionLimits:
        raw = self._sessions.console_settings()
        return SessionLimits(
            idle_minutes=_float(raw.get("idle_minutes"), DEFAULT_IDLE_MINUTES),
            reauth_minutes=_float(raw.get("reauth_minutes"), DEFAULT_REAUTH_MINUTES),
        )

    # -- signing in ------------------------------------------------------------------------------
    def login(self, username: str, password: str) -> StaffSession:
        """Sign in; LoginError: bad_credentials | locked | inactive."""
        row = self._staff.by_username(username.strip())
        if row is None:
            # Same cost as a real check, so a wrong name cannot be told from a wrong password.
            verify_password(password, _dummy_hash())
            self._staff.audit("login_failed", staff_id=None, detail={"username": username[:64]})
            raise LoginError("bad_credentials")
        if not row.active:
            raise LoginError("inactive")
        self._check_password(row.id, row.password_hash, password)
        token = self._sessions.login_succeeded(row.id, row.role)
        log.info("staff %s signed in", row.id)
        return StaffSession(
            row.id, row.username, row.role, self._sessions.now(), token, self.require
        )

    def open_session(self, staff_id: int, username: str, role: str) -> StaffSession:
        """A session for an account just created by its own holder (the first admin)."""
        token = self._sessions.login_succeeded(staff_id, role)
        return StaffSession(staff_id, username, role, self._sessions.now(), token, self.require)

    def reauthenticate(self, session: StaffSession, password: str) -> StaffSession:
        """The password again for an admin-only action; the session stays the same."""
        snap = self._valid(session, touch=False)
        row = self._staff.get(snap.staff_id)
        if row is None:
            raise SessionError("account_disabled")
        self._check_password(row.id, row.password_hash, password)
        self._sessions.login_succeeded(row.id, row.role, reauth_token=session.token)
        return session

    def _check_password(self, staff_id: int, password_hash: str, password: str) -> None:
        now = self._sessions.now()
        claim = self._sessions.claim_attempt(
            staff_id, now, max_fails=MAX_FAILED_LOGINS, lock_minutes=LOGIN_LOCK_MINUTES
        )
        if not claim.allowed:
            self._staff.audit("login_failed", staff_id=staff_id, detail={"refused": "locked"})
            raise LoginError("locked", claim.locked_until)
        if verify_password(password, password_hash):
            return
        self._staff.audit("login_failed", staff_id=staff_id)
        until = self._sessions.locked_until(staff_id)
        if until is not None and until > now:
            raise LoginError("locked", until)
        raise LoginError("bad_credentials")

    # -- every staff action ----------------------------------------------------------------------
    def require(self, session: StaffSession, *, admin: bool = False, fresh: bool = False) -> None:
        """Refuse (SessionError) unless the session holds for this action; marks it active."""
        snap = self._valid(session, touch=True)
        if admin and snap.role_now != "admin":
            raise SessionError("not_allowed")
        if fresh and snap.role_now == "admin":  # an operator's actions protect nothing more
            window = timedelta(minutes=self.limits().reauth_minutes)
            if snap.now - snap.authenticated_at >= window:
                raise SessionError("reauth_required")

    def state(self, session: StaffSession) -> SessionState:
        """The session as it is now (SessionError when it no longer holds); not an action."""
        snap = self._valid(session, touch=False)
        limits = self.limits()
        return SessionState(
            session=session,
            fresh_until=snap.authenticated_at + timedelta(minutes=limits.reauth_minutes),
            idle_until=snap.last_active_at + timedelta(minutes=limits.idle_minutes),
        )

    def _valid(self, session: StaffSession, *, touch: bool) -> SessionSnapshot:
        if not session.token:
            raise SessionError("session_ended")
        snap = self._sessions.snapshot(session.token, touch=False)
        if snap is None or snap.staff_id != session.staff_id or snap.ended_at is not None:
            raise SessionError("session_ended")
        if not snap.active:
            self._end(session, "disabled")
            raise SessionError("account_disabled")
        if snap.role_now != snap.role_at_start:
            self._end(session, "role_changed")
            raise SessionError("role_changed")
        idle = snap.now - snap.last_active_at
        if idle >= timedelta(minutes=self.limits().idle_minutes):
            self._sessions.end(
                session.token,
                "idle",
                action="session_timeout",
                detail=lambda _: {"idle_seconds": round(idle.total_seconds())},
            )
            raise SessionError("session_expired")
        if touch:
            self._sessions.snapshot(session.token, touch=True)
        return snap

    def _end(self, session: StaffSession, reason: str) -> None:
        self._sessions.end(session.token, reason, action="logout", detail=lambda _: {"why": reason})

    # -- signing out -----------------------------------------------------------------------------
    def logout(self, session: StaffSession) -> None:
        if session.token:
            self._sessions.end(session.token, "logout", action="logout")
        else:
            self._staff.audit("logout", staff_id=session.staff_id)

    def end_idle(self, session: StaffSession, idle_seconds: float) -> None:
        """The UI saw no staff input for the idle time: the session ends (audited once)."""
        if not session.token:
            self._staff.audit(
                "session_timeout",
                staff_id=session.staff_id,
                detail={"idle_seconds": round(idle_seconds)},
            )
            return
        self._sessions.end(
            session.token,
            "idle",
            action="session_timeout",
            detail=lambda _: {"idle_seconds": round(idle_seconds)},
        )


@cache
def _dummy_hash() -> str:
    return hash_password("x" * 12)
