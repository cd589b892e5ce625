# SPDX-License-Identifier: MIT
"""StaffService: staff sign-in (through SessionService), unlocks, lookup and station
switches; every action is audited.

Blocking, database-bound: call through the UI's task runner on the database executor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from tucai_desk.core import policies
from tucai_desk.core.passwords import acceptable_password, hash_password
from tucai_desk.services.capture import payment_view, student_view
from tucai_desk.services.dto import HeadCoverGrant, PaymentView, StaffSession, StudentView
from tucai_desk.services.sessions import LoginError, SessionService
from tucai_desk.store.capture_repo import CaptureRepository
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.head_cover_repo import HeadCoverRepository
from tucai_desk.store.staff_repo import AuditCheck, StaffRepository
from tucai_desk.store.students import StudentRepository

log = logging.getLogger(__name__)

__all__ = ["ROLES", "LoginError", "StaffError", "StaffService"]

ROLES = ("operator", "admin")


class StaffError(RuntimeError):
    """``code``: reason_required | not_allowed | weak_password | exists | student_missing."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise StaffError("reason_required")
    return reason[:500]


class StaffService:
    def __init__(
        self,
        *,
        staff: StaffRepository,
        students: StudentRepository,
        capture: CaptureRepository,
        sessions: SessionService,
        set_liveness: Callable[[bool, int | None], None],
        head_covers: HeadCoverRepository | None = None,
    ) -> None:
        self._staff = staff
        self.sessions = sessions
        self._head_covers = head_covers
        self._students = students
        self._capture = capture
        self._set_liveness = set_liveness

    # -- accounts ------------------------------------------------------------------------------
    def needs_first_admin(self) -> bool:
        return self._staff.count() == 0

    def create_first_admin(
        self, username: str, password: str, *, sign_in: bool = True
    ) -> StaffSession:
        """The first account; its creator is signed in with it (``sign_in``)."""
        if not self.needs_first_admin():
            raise StaffError("exists")
        created = self._create(None, username, password, "admin")
        if not sign_in:
            return created
        return self.sessions.open_session(created.staff_id, created.username, created.role)

    def create_account(
        self, session: StaffSession, username: str, password: str, role: str
    ) -> StaffSession:
        session.require(admin=True)
        if not session.is_admin or role not in ROLES:
            raise StaffError("not_allowed")
        return self._create(session, username, password, role)

    def _create(
        self, by: StaffSession | None, username: str, password: str, role: str
    ) -> StaffSession:
        username = username.strip()
        if not username or self._staff.by_username(username) is not None:
            raise StaffError("exists")
        if not acceptable_password(password):
            raise StaffError("weak_password")
        row = self._staff.add(username, hash_password(password), role)
        self._staff.audit(
            "account_created",
            staff_id=by.staff_id if by else row.id,
            detail={"username": username, "role": role},
        )
        return StaffSession(row.id, row.username, row.role, self._staff.now())

    def login(self, username: str, password: str) -> StaffSession:
        """Sign in (LoginError: bad_credentials | locked | inactive); see SessionService."""
        return self.sessions.login(username, password)

    def logout(self, session: StaffSession) -> None:
        self.sessions.logout(session)

    # -- student actions -------------------------------------------------------------------------
    def unlock_liveness(self, session: StaffSession, student_id: int, reason: str) -> None:
        self._locked_change(
            session, student_id, reason, "unlock_liveness", policies.staff_unlock_liveness
        )

    def clear_timed_lock(self, session: StaffSession, student_id: int, reason: str) -> None:
        self._locked_change(
            session, student_id, reason, "clear_timed_lock", policies.staff_clear_timed_lock
        )

    def _locked_change(
        self,
        session: StaffSession,
        student_id: int,
        reason: str,
        action: str,
        change: Callable[[policies.LockState], policies.LockState],
    ) -> None:
        # Unlocking is the school staff's, not an operator's; the password must be recent.
        session.require(admin=True, fresh=True)
        if not session.is_admin:
            raise StaffError("not_allowed")
        reason = reason.strip()
        if not reason:
            raise StaffError("reason_required")
        try:
            before, after = self._capture.change_lock(student_id, change)
        except NotFoundError as exc:
            raise StaffError("student_missing") from exc
        self._staff.audit(
            action,
            staff_id=session.staff_id,
            student_id=student_id,
            detail={
                "reason": reason[:500],
                "liveness_failures": before.liveness_failures,
                "other_failures": before.other_failures,
                "timed_lock_until": (
                    before.timed_lock_until.isoformat() if before.timed_lock_until else None
                ),
            },
        )
        log.info("staff %s: %s for student id=%s", session.staff_id, action, student_id)
        del after

    def confirm_payment(self, session: StaffSession, student_id: int) -> PaymentView:
        """Mark the student's local payment order paid (stations without the provincial service)."""
        session.require(admin=True, fresh=True)
        payment = self._capture.set_payment_state(student_id, "paid")
        self._staff.audit(
            "payment_confirmed",
            staff_id=session.staff_id,
            student_id=student_id,
            detail={"order_no": payment.order_no},
        )
        return payment_view(payment)

    def set_liveness_enabled(self, session: StaffSession, enabled: bool) -> None:
        session.require(admin=True, fresh=True)
        if not session.is_admin:
            raise StaffError("not_allowed")
        # The rule change and its audit record ("liveness_switched") are one transaction.
        self._set_liveness(enabled, session.staff_id)

    # -- head-cover override (religious head covering) ----------------------------------------
    def allow_head_cover(self, session: StaffSession, student_id: int, reason: str) -> None:
        """An admin allows the student's religious head covering; StaffError: reason_required |
        already_allowed | student_missing | not_allowed."""
        repo = self._admin_head_covers(session)
        reason = _reason(reason)
        try:
            granted = repo.grant(student_id, reason, by=session.staff_id)
        except NotFoundError as exc:
            raise StaffError("student_missing") from exc
        if not granted:
            raise StaffError("already_allowed")
        log.info("staff %s allowed a head covering for student id=%s", session.staff_id, student_id)

    def revoke_head_cover(self, session: StaffSession, student_id: int, reason: str) -> None:
        """StaffError: reason_required | not_overridden | not_allowed."""
        repo = self._admin_head_covers(session)
        if not repo.revoke(student_id, _reason(reason), by=session.staff_id):
            raise StaffError("not_overridden")
        log.info(
            "staff %s revoked the head covering of student id=%s", session.staff_id, student_id
        )

    def head_cover_history(self, session: StaffSession, student_id: int) -> list[HeadCoverGrant]:
        """The student's overrides, the newest (perhaps in force) first."""
        session.require()
        if self._head_covers is None:
            return []
        return [
            HeadCoverGrant(
                reason=r.reason,
                granted_by=r.granted_by,
                granted_at=r.granted_at,
                revoked_by=r.revoked_by,
                revoked_at=r.revoked_at,
                revoke_reason=r.revoke_reason,
            )
            for r in self._head_covers.history(student_id)
        ]

    def _admin_head_covers(self, session: StaffSession) -> HeadCoverRepository:
        session.require(admin=True, fresh=True)
        if not session.is_admin or self._head_covers is None:
            raise StaffError("not_allowed")
        return self._head_covers

    def find_students(self, query: str, limit: int = 50) -> list[StudentView]:
        return [student_view(r) for r in self._students.search(query, limit)]

    def audit_system_action(self, action: str, detail: dict[str, object]) -> None:
        """Record an action taken outside a staff session (the command line, by IT)."""
        self._staff.audit(action, staff_id=None, detail=dict(detail))

    def verify_audit(self) -> AuditCheck:
        return self._staff.verify_audit()
