# SPDX-License-Identifier: MIT
"""AccountService: staff accounts (list, create, disable, reset password, clear a login lock),
the idle-session policy, and the audit log's verification and listing.

Who may do what: the console's actions (lookup, import, export, reports, settings, accounts) are
for admins; an operator may only change their own password. The command line acts as
:data:`COMMAND_LINE`: whoever runs it on the station already holds the database, and its actions
are audited without a staff id.

Blocking and database-bound: call through the UI's task runner on the database executor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tucai_desk.core.passwords import acceptable_password, hash_password, verify_password
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.staff import ROLES, StaffError, StaffService
from tucai_desk.store.accounts_repo import AccountRepository, StaffRow
from tucai_desk.store.audit_ledger import AuditEntry, AuditLedger, AuditVerdict
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import Staff

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 10.0


class CommandLine:
    """The actor of a command-line tool (no staff login)."""

    staff_id: int | None = None
    username = "command-line"
    is_admin = True

    def __repr__(self) -> str:
        return "COMMAND_LINE"


COMMAND_LINE = CommandLine()
Actor = StaffSession | CommandLine


def require_admin(actor: Actor) -> int | None:
    """The staff id to audit the action with; StaffError("not_allowed") for an operator."""
    if isinstance(actor, CommandLine):
        return None
    if not isinstance(actor, StaffSession) or not actor.is_admin:
        raise StaffError("not_allowed")
    actor.require(admin=True)  # still active, still an admin, not idle (SessionError)
    return actor.staff_id


def actor_detail(actor: Actor) -> dict[str, Any]:
    return {"via": "cli"} if isinstance(actor, CommandLine) else {}


@dataclass(frozen=True, slots=True)
class IdlePolicy:
    """A staff session ends after ``minutes`` without a key press or mouse action."""

    minutes: float = DEFAULT_IDLE_MINUTES

    @property
    def seconds(self) -> float:
        return self.minutes * 60.0

    def expired(self, idle_seconds: float) -> bool:
        return idle_seconds >= self.seconds

    def remaining(self, idle_seconds: float) -> float:
        return max(0.0, self.seconds - idle_seconds)


@dataclass(frozen=True, slots=True)
class AccountView:
    id: int
    username: str
    role: str
    active: bool
    locked_until: datetime | None
    created_at: datetime

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


def _view(row: StaffRow) -> AccountView:
    return AccountView(row.id, row.username, row.role, row.active, row.locked_until, row.created_at)


class AccountService:
    def __init__(
        self,
        *,
        staff: StaffService,
        accounts: AccountRepository,
        ledger: AuditLedger,
        idle_minutes: Callable[[], float],
        now: Callable[[], datetime],
    ) -> None:
        """``idle_minutes()`` reads the current setting; ``now()`` the station's trusted time."""
        self._staff = staff
        self._accounts = accounts
        self._ledger = ledger
        self._idle_minutes = idle_minutes
        self._now = now

    # -- accounts ------------------------------------------------------------------------------
    def list_accounts(self, actor: Actor) -> list[AccountView]:
        require_admin(actor)
        return [_view(r) for r in self._accounts.list()]

    def create_account(
        self, session: StaffSession, username: str, password: str, role: str
    ) -> AccountView:
        """Admins only; StaffError: exists | weak_password | not_allowed."""
        require_admin(session)
        if role not in ROLES:
            raise StaffError("bad_role")
        created = self._staff.create_account(session, username, password, role)
        return _view(self._accounts.get(created.staff_id))

    def set_active(self, session: StaffSession, staff_id: int, active: bool) -> AccountView:
        """Disable (or enable again) an account. Never one's own, never the last active admin."""
        by = require_admin(session)
        if staff_id == session.staff_id and not active:
            raise StaffError("self")

        def guard(staff: Staff, other_admins: int) -> None:
            if not active and staff.role == "admin" and staff.active and other_admins == 0:
                raise StaffError("last_admin")

        def change(staff: Staff) -> dict[str, Any]:
            staff.active = active
            return {"active": active}

        return _view(
            self._change(
                staff_id, change, "account_enabled" if active else "account_disabled", by, guard
            )
        )

    def set_role(self, session: StaffSession, staff_id: int, role: str) -> AccountView:
        by = require_admin(session)
        if role not in ROLES:
            raise StaffError("bad_role")

        def guard(staff: Staff, other_admins: int) -> None:
            if staff.role == "admin" and role != "admin" and staff.active and other_admins == 0:
                raise StaffError("last_admin")

        def change(staff: Staff) -> dict[str, Any]:
            old, staff.role = staff.role, role
            return {"role": [old, role]}

        return _view(self._change(staff_id, change, "account_role_changed", by, guard))

    def reset_password(self, session: StaffSession, staff_id: int, password: str) -> AccountView:
        """An admin sets a new password for an account (and clears its login lock)."""
        by = require_admin(session)
        if not acceptable_password(password):
            raise StaffError("weak_password")
        hashed = hash_password(password)

        def change(staff: Staff) -> dict[str, Any]:
            staff.password_hash = hashed
            staff.failed_logins = 0
            staff.locked_until = None
            return {}

        return _view(self._change(staff_id, change, "password_reset", by))

    def change_own_password(self, session: StaffSession, old: str, new: str) -> None:
        """Any staff member, for their own account; StaffError: wrong_password | weak_password."""
        session.require()
        if not acceptable_password(new):
            raise StaffError("weak_password")
        stored = self._accounts.password_hash(session.staff_id)
        if stored is None or not verify_password(old, stored):
            raise StaffError("wrong_password")
        hashed = hash_password(new)

        def change(staff: Staff) -> dict[str, Any]:
            staff.password_hash = hashed
            return {}

        self._change(session.staff_id, change, "password_changed", session.staff_id)

    def clear_login_lock(self, session: StaffSession, staff_id: int) -> AccountView:
        by = require_admin(session)

        def change(staff: Staff) -> dict[str, Any]:
            until = staff.locked_until
            staff.failed_logins = 0
            staff.locked_until = None
            return {"locked_until": until.isoformat() if until else None}

        return _view(self._change(staff_id, change, "account_unlocked", by))

    def _change(
        self,
        staff_id: int,
        change: Callable[[Staff], dict[str, Any]],
        action: str,
        by: int | None,
        guard: Callable[[Staff, int], None] | None = None,
    ) -> StaffRow:
        try:
            row = self._accounts.change(staff_id, change, action=action, by=by, guard=guard)
        except NotFoundError as exc:
            raise StaffError("not_found") from exc
        log.info("staff %s: %s for account %s", by, action, staff_id)
        return row

    # -- idle sessions -------------------------------------------------------------------------
    def idle_policy(self) -> IdlePolicy:
        return IdlePolicy(float(self._idle_minutes()))

    def end_idle_session(self, session: StaffSession, idle_seconds: float) -> None:
        """The console logged a staff member out after the idle time; audited."""
        self._staff.sessions.end_idle(session, idle_seconds)
        log.info("staff %s logged out after %.0f s idle", session.staff_id, idle_seconds)

    def logout(self, session: StaffSession) -> None:
        self._staff.logout(session)

    # -- audit log -------------------------------------------------------------------------------
    def verify_audit(self) -> AuditVerdict:
        """The hash chain and its head: an edited, inserted or deleted record (also the newest)."""
        return self._ledger.verify()

    def audit_entries(
        self, actor: Actor, *, student_id: int | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        require_admin(actor)
        return self._ledger.entries(
            student_id=student_id, limit=limit, staff_names=self._accounts.names()
        )

    def now(self) -> datetime:
        return self._now()
