# SPDX-License-Identifier: MIT
"""Staff account management beyond login: list, disable, reset passwords, clear login locks.

Each change and its audit record are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.db import Database
from tucai_desk.store.errors import NotFoundError
from tucai_desk.store.models import SettingRow, Staff


@dataclass(frozen=True, slots=True)
class StaffRow:
    id: int
    username: str
    role: str
    active: bool
    locked_until: datetime | None
    failed_logins: int
    created_at: datetime


def _row(staff: Staff) -> StaffRow:
    return StaffRow(
        id=staff.id,
        username=staff.username,
        role=staff.role,
        active=staff.active,
        locked_until=staff.locked_until,
        failed_logins=staff.failed_logins,
        created_at=staff.created_at,
    )


class AccountRepository:
    def __init__(self, db: Database, ledger: AuditLedger) -> None:
        self._db = db
        self._ledger = ledger

    def list(self) -> list[StaffRow]:
        with self._db.session() as s:
            return [_row(st) for st in s.scalars(select(Staff).order_by(Staff.username))]

    def get(self, staff_id: int) -> StaffRow:
        with self._db.session() as s:
            staff = s.get(Staff, staff_id)
            if staff is None:
                raise NotFoundError(f"staff {staff_id}")
            return _row(staff)

    def password_hash(self, staff_id: int) -> str | None:
        with self._db.session() as s:
            return s.scalar(select(Staff.password_hash).where(Staff.id == staff_id))

    def names(self) -> dict[int, str]:
        with self._db.session() as s:
            return dict(s.execute(select(Staff.id, Staff.username)).all())

    def change(
        self,
        staff_id: int,
        change: Callable[[Staff], dict[str, Any]],
        *,
        action: str,
        by: int | None,
        guard: Callable[[Staff, int], None] | None = None,
    ) -> StaffRow:
        """Apply ``change`` to one account and audit it; ``change`` returns the audit detail.

        ``guard(staff, other_active_admins)`` may raise to refuse (inside the transaction, so the
        count of active admins cannot change under it).
        """
        with self._db.session() as s:
            staff = s.scalars(select(Staff).where(Staff.id == staff_id).with_for_update()).first()
            if staff is None:
                raise NotFoundError(f"staff {staff_id}")
            if guard is not None:
                others = s.scalar(
                    select(func.count(Staff.id)).where(
                        Staff.role == "admin", Staff.active.is_(True), Staff.id != staff_id
                    )
                )
                guard(staff, int(others or 0))
            detail = change(staff)
            detail.setdefault("username", staff.username)
            s.flush()
            self._ledger.append(s, action, staff_id=by, detail=detail)
            return _row(staff)

    # -- school-wide console settings (JSON in the settings table) ------------------------------
    def setting(self, key: str) -> Any:
        with self._db.session() as s:
            row = s.get(SettingRow, key)
            return None if row is None else row.value

    def put_setting(
        self, key: str, value: Any, *, action: str, by: int | None, detail: dict[str, Any]
    ) -> None:
        with self._db.session() as s:
            row = s.get(SettingRow, key)
            if row is None:
                s.add(SettingRow(key=key, value=value))
            else:
                row.value = value
            self._ledger.append(s, action, staff_id=by, detail=detail)
