# SPDX-License-Identifier: MIT
"""StaffService: staff login, unlocks, lookup and station switches; every action is audited.

Blocking, database-bound: call through the UI's task runner on the database executor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from tucai_desk.core import policies
from tucai_desk.core.passwords import acceptable_password, hash_password, verify_password
from tucai_desk.services.capture import payment_view, student_view
from tucai_desk.services.dto import PaymentView, StaffSession, StudentView
from tucai_desk.store.capture_repo import CaptureRepository
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import Payment, Staff
from tucai_desk.store.staff_repo import AuditCheck, StaffRepository
from tucai_desk.store.students import StudentRepository

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
LOGIN_LOCK_MINUTES = 15.0
ROLES = ("operator", "admin")


class LoginError(RuntimeError):
    """``code``: bad_credentials | locked (``until`` set) | inactive."""

    def __init__(self, code: str, until: datetime | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.until = until


class StaffError(RuntimeError):
    """``code``: reason_required | not_allowed | weak_password | exists | student_missing."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class StaffService:
    def __init__(
        self,
        *,
        staff: StaffRepository,
        students: StudentRepository,
        capture: CaptureRepository,
        set_liveness: Callable[[bool], None],
    ) -> None:
        self._staff = staff
        self._students = students
        self._capture = capture
        self._set_liveness = set_liveness

    # -- accounts ------------------------------------------------------------------------------
    def needs_first_admin(self) -> bool:
        return self._staff.count() == 0

    def create_first_admin(self, username: str, password: str) -> StaffSession:
        if not self.needs_first_admin():
            raise StaffError("exists")
        return self._create(None, username, password, "admin")

    def create_account(
        self, session: StaffSession, username: str, password: str, role: str
    ) -> StaffSession:
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

        def audit(s: Session, staff: Staff) -> None:
            self._staff.audit(
                "account_created",
                staff_id=by.staff_id if by else staff.id,
                detail={"username": username, "role": role},
                session=s,
            )

        row = self._staff.add(username, hash_password(password), role, audit=audit)
        return StaffSession(row.id, row.username, row.role, self._staff.now())

    def login(self, username: str, password: str) -> StaffSession:
        row = self._staff.by_username(username.strip())
        if row is None:
            # Same cost as a real check, so a wrong name cannot be told from a wrong password.
            verify_password(password, hash_password("x" * 12))
            self._staff.audit("login_failed", staff_id=None, detail={"username": username[:64]})
            raise LoginError("bad_credentials")
        now = self._staff.now()
        if not row.active:
            raise LoginError("inactive")
        if row.locked_until is not None and now < row.locked_until:
            raise LoginError("locked", row.locked_until)
        ok = verify_password(password, row.password_hash)
        after = self._staff.record_login(
            row.id, success=ok, max_fails=MAX_FAILED_LOGINS, lock_minutes=LOGIN_LOCK_MINUTES
        )
        if not ok:
            if after.locked_until is not None and after.locked_until > now:
                raise LoginError("locked", after.locked_until)
            raise LoginError("bad_credentials")
        log.info("staff %s logged in", row.id)
        return StaffSession(row.id, row.username, row.role, now)

    def logout(self, session: StaffSession) -> None:
        self._staff.audit("logout", staff_id=session.staff_id)

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
        if not session.is_admin:
            raise StaffError("not_allowed")  # unlocking is the school staff's, not an operator's
        reason = reason.strip()
        if not reason:
            raise StaffError("reason_required")

        def audit(s: Session, before: policies.LockState, _after: policies.LockState) -> None:
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
                session=s,
            )

        try:
            # The change and its audit record commit together or not at all.
            self._capture.change_lock(student_id, change, audit=audit)
        except NotFoundError as exc:
            raise StaffError("student_missing") from exc
        log.info("staff %s: %s for student id=%s", session.staff_id, action, student_id)

    def confirm_payment(self, session: StaffSession, student_id: int) -> PaymentView:
        """Mark the student's local payment order paid (stations without the provincial service)."""

        def audit(s: Session, payment: Payment) -> None:
            self._staff.audit(
                "payment_confirmed",
                staff_id=session.staff_id,
                student_id=student_id,
                detail={"order_no": payment.order_no},
                session=s,
            )

        return payment_view(self._capture.set_payment_state(student_id, "paid", audit=audit))

    def set_liveness_enabled(self, session: StaffSession, enabled: bool) -> None:
        if not session.is_admin:
            raise StaffError("not_allowed")
        with self._staff.transaction() as s:
            self._staff.audit(
                "liveness_switched",
                staff_id=session.staff_id,
                detail={"enabled": enabled},
                session=s,
            )
            self._set_liveness(enabled)  # inside the transaction: a failed save rolls back

    def find_students(self, query: str, limit: int = 50) -> list[StudentView]:
        return [student_view(r) for r in self._students.search(query, limit)]

    def audit_system_action(self, action: str, detail: dict[str, object]) -> None:
        """Record an action taken outside a staff session (the command line, by IT)."""
        self._staff.audit(action, staff_id=None, detail=dict(detail))

    def verify_audit(self) -> AuditCheck:
        return self._staff.verify_audit()
