# SPDX-License-Identifier: MIT
"""RemotePaymentRepository: payment orders the provincial service made, and their state.

The service makes an order (its idempotency key is derived from what this repository counts,
see ``services.sync_service``); the station stores it and follows its state. Every method is one
short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from tucai_desk.core.clock import as_utc
from tucai_desk.store.capture_repo import latest_payment
from tucai_desk.store.db import Database
from tucai_desk.store.models import Payment, School, Student


@dataclass(frozen=True, slots=True)
class RemotePaymentRef:
    payment_id: str
    order_no: str
    student_id: int
    state: str


@dataclass(frozen=True, slots=True)
class StudentRef:
    student_id: int
    student_no: str
    school_code: str


class RemotePaymentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def student_ref(self, student_id: int) -> StudentRef | None:
        with self._db.session() as s:
            row = s.execute(
                select(Student.id, Student.student_no, School.code)
                .join(School, School.id == Student.school_id)
                .where(Student.id == student_id)
            ).first()
            return None if row is None else StudentRef(int(row[0]), str(row[1]), str(row[2]))

    def remote_payment_count(self, student_id: int) -> int:
        with self._db.session() as s:
            return int(
                s.scalar(
                    select(func.count(Payment.id)).where(
                        Payment.student_id == student_id, Payment.remote.is_(True)
                    )
                )
                or 0
            )

    def latest_payment(self, student_id: int) -> Payment | None:
        with self._db.session() as s:
            return latest_payment(s, student_id)

    def save_remote_payment(
        self,
        *,
        payment_id: str,
        student_id: int,
        order_no: str,
        amount_cents: int,
        state: str,
        qr_payload: str,
        created_at: datetime,
    ) -> Payment:
        """Store an order the service made; saving the same order again returns the stored row."""
        with self._db.session() as s:
            existing = s.scalars(select(Payment).where(Payment.order_no == order_no)).first()
            if existing is not None:
                return existing
            payment = Payment(
                id=payment_id,
                student_id=student_id,
                order_no=order_no,
                amount_cents=amount_cents,
                state=state,
                qr_payload=qr_payload,
                created_at=as_utc(created_at),
                updated_at=as_utc(created_at),
                remote=True,
            )
            s.add(payment)
            s.flush()
            return payment

    def pending_remote_payments(self) -> list[RemotePaymentRef]:
        with self._db.session() as s:
            rows = s.scalars(
                select(Payment)
                .where(Payment.remote.is_(True), Payment.state == "pending")
                .order_by(Payment.created_at)
            ).all()
            return [RemotePaymentRef(p.id, p.order_no, p.student_id, p.state) for p in rows]

    def apply_payment_state(self, order_no: str, state: str, at: datetime) -> Payment | None:
        with self._db.session() as s:
            payment = s.scalars(select(Payment).where(Payment.order_no == order_no)).first()
            if payment is None:
                return None
            if payment.state != state:
                payment.state = state
                payment.updated_at = as_utc(at)
            return payment
