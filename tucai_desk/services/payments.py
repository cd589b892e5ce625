# SPDX-License-Identifier: MIT
"""Payment orders made by the station itself, for schools without the provincial service.

Staff confirm such an order by hand (the student shows the paid order on the phone); orders left
unpaid expire after a while and a new one is made on the next visit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tucai_desk.store.capture_repo import CaptureRepository
from tucai_desk.store.models import Payment

ORDER_LIFETIME = timedelta(minutes=30)


class LocalPayments:
    def __init__(self, capture: CaptureRepository, school_code: str) -> None:
        self._capture = capture
        self._school_code = school_code

    def _payload(self, amount_cents: int) -> Callable[[str], str]:
        def make(order_no: str) -> str:
            return f"tucai-pay://order/{order_no}?school={self._school_code}&amount={amount_cents}"

        return make

    def order_for(self, student_id: int, amount_cents: int) -> Payment:
        return self._capture.create_payment(student_id, amount_cents, self._payload(amount_cents))

    def refresh(self, student_id: int) -> Payment | None:
        self._capture.expire_payments(ORDER_LIFETIME)
        return self._capture.payment_for(student_id)
