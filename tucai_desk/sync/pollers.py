# SPDX-License-Identifier: MIT
"""Pollers: what the service says later about photos (review, finished photo) and payments.

They write through small protocols (``store.photo_status_repo`` and
``store.remote_payments_repo`` implement them), so ``sync`` does not depend on ``store``. A failed
poll changes nothing and is tried again next round. Thread affinity: the io executor or the sync
service's background thread, never the GUI thread.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from tucai_desk.sync.contract import PaymentOrder, PhotoStatus
from tucai_desk.sync.errors import ServiceError, SyncErrorCode

log = logging.getLogger(__name__)


class PollTargetLike(Protocol):
    @property
    def upload_id(self) -> str: ...
    @property
    def remote_id(self) -> str: ...
    @property
    def has_finished(self) -> bool: ...


class PhotoStatusSink(Protocol):
    def uploads_to_poll(self, limit: int = 500) -> Sequence[PollTargetLike]: ...

    def apply_photo_status(
        self, upload_id: str, status: str, reason: str | None, at: datetime
    ) -> bool: ...

    def set_finished(
        self, upload_id: str, finished_path: str, at: datetime, *, data: bytes | None = None
    ) -> None: ...


class PhotoStatusSource(Protocol):
    def photo_statuses(self, photo_ids: list[str]) -> list[PhotoStatus]: ...

    def download_finished(self, photo_id: str) -> bytes: ...


class PaymentRefLike(Protocol):
    @property
    def order_no(self) -> str: ...


class PaymentSink(Protocol):
    def pending_remote_payments(self) -> Sequence[PaymentRefLike]: ...

    def apply_payment_state(self, order_no: str, state: str, at: datetime) -> Any: ...


class PaymentSource(Protocol):
    def payment_order(self, order_id: str) -> PaymentOrder: ...


@dataclass(frozen=True, slots=True)
class PollReport:
    checked: int = 0
    changed: int = 0
    finished_saved: int = 0
    error: SyncErrorCode | None = None
    skipped: bool = False  # another station was polling for everyone just then


class PhotoStatusPoller:
    """Review results and finished photos of delivered uploads.

    A finished photo is saved as a file here (``save_finished``) and its bytes are handed to the
    sink with the row, so stations sharing a database all have it; whichever station polls first
    fetches it, and a second fetch of the same bytes changes nothing.
    """

    def __init__(
        self,
        sink: PhotoStatusSink,
        source: PhotoStatusSource,
        save_finished: Callable[[bytes], str],
        *,
        now: Callable[[], datetime],
    ) -> None:
        self._sink = sink
        self._source = source
        self._save_finished = save_finished
        self._now = now

    def poll(self) -> PollReport:
        targets = {t.remote_id: t for t in self._sink.uploads_to_poll()}
        if not targets:
            return PollReport()
        try:
            statuses = self._source.photo_statuses(list(targets))
        except ServiceError as exc:
            return PollReport(error=exc.code)
        changed = saved = 0
        error: SyncErrorCode | None = None
        for status in statuses:
            target = targets.get(status.photo_id)
            if target is None:
                continue  # the service answered about a photo not asked for: ignore it
            reason = status.reason or status.reason_code
            if self._sink.apply_photo_status(
                target.upload_id, status.status.value, reason, self._now()
            ):
                changed += 1
            if status.finished_available and not target.has_finished:
                try:
                    saved += self._fetch_finished(target.upload_id, status)
                except ServiceError as exc:
                    error = exc.code
        return PollReport(len(targets), changed, saved, error)

    def _fetch_finished(self, upload_id: str, status: PhotoStatus) -> int:
        data = self._source.download_finished(status.photo_id)
        if status.finished_sha256 and hashlib.sha256(data).hexdigest() != status.finished_sha256:
            raise ServiceError(SyncErrorCode.INTEGRITY, "finished photo differs from its status")
        # The bytes go with the row (``data``): every station on the database can then show it.
        self._sink.set_finished(upload_id, self._save_finished(data), self._now(), data=data)
        log.info("finished photo saved for upload %s", upload_id)
        return 1


class PaymentPoller:
    """The state of the station's pending payment orders."""

    def __init__(self, sink: PaymentSink, source: PaymentSource, *, now: Callable[[], datetime]):
        self._sink = sink
        self._source = source
        self._now = now

    def poll(self) -> PollReport:
        refs = list(self._sink.pending_remote_payments())
        changed = 0
        for ref in refs:
            try:
                order = self._source.payment_order(ref.order_no)
            except ServiceError as exc:
                return PollReport(len(refs), changed, 0, exc.code)
            if order.status.value != "pending":
                self._sink.apply_payment_state(ref.order_no, order.status.value, self._now())
                changed += 1
        return PollReport(len(refs), changed, 0, None)
