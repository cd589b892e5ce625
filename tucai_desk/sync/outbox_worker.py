# SPDX-License-Identifier: MIT
"""The outbox worker: sends confirmed uploads to the service, in order, exactly once.

Any station on a shared database may drain the queue: ``load_photo`` reads the photo from this
station's files or, when another station took it, from the database; the queue's
``drain_lock`` lets one drainer at a time work (see ``store.drain_lock``).

Exactly once, also across crashes: the idempotency key of an upload is its outbox id (a UUID
written in the same transaction as the confirmed upload). The worker marks an item delivered only
after the service's receipt; a crash in between means the item is sent again with the same key and
the service answers with the receipt it already gave. Nothing else is needed, and nothing else is
trusted.

In order: the head of the queue goes first. A passing failure (network, timeout, 5xx) stops the
flush and gives the head a backoff (exponential, capped); a failure that belongs to the item (the
service refuses that very photo) sets it aside for staff and the queue moves on.

The worker knows its queue only through :class:`OutboxQueue` (``store.outbox_repository``
implements it) so that ``sync`` does not depend on ``store``. Thread affinity: ``flush`` runs on
the io executor (or the sync service's background thread), never on the GUI thread; one flush
at a time.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import ValidationError

from tucai_desk.sync.contract import PHONE_RE, UploadMetadata, UploadReceipt
from tucai_desk.sync.errors import ServiceError, SyncErrorCode

log = logging.getLogger(__name__)


class OutboxEntryLike(Protocol):
    @property
    def outbox_id(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def attempts(self) -> int: ...
    @property
    def photo_path(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def captured_at(self) -> datetime: ...
    @property
    def student_no(self) -> str: ...
    @property
    def collection_code(self) -> str: ...
    @property
    def notify_photo(self) -> bool: ...
    @property
    def notify_payment(self) -> bool: ...
    @property
    def phone(self) -> str | None: ...


class OutboxQueue(Protocol):
    def drain_lock(self) -> AbstractContextManager[bool]: ...

    def next_due(
        self, now: datetime, limit: int = 50, max_wait: timedelta | None = None
    ) -> Sequence[OutboxEntryLike]: ...

    def mark_delivered(self, outbox_id: str, remote_id: str, at: datetime) -> None: ...

    def mark_retry(self, outbox_id: str, error: str, next_attempt_at: datetime) -> None: ...

    def mark_failed(self, outbox_id: str, error: str) -> None: ...

    def pending_count(self) -> int: ...


class Uploader(Protocol):
    def upload_photo(
        self, jpeg: bytes, metadata: UploadMetadata, idempotency_key: str
    ) -> UploadReceipt: ...


class PhotoUnavailableError(Exception):
    """The photo of a queued upload cannot be read (not on this station, not in the database)."""


class PhotoDamagedError(PhotoUnavailableError):
    """The photo's bytes no longer match the checksum taken at capture, in every copy."""


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with a cap and some jitter (so stations do not retry in step)."""

    base_s: float = 5.0
    cap_s: float = 300.0
    jitter: float = 0.2

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        raw = min(self.cap_s, self.base_s * (2 ** max(0, min(attempts, 30))))
        spread = (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        return min(self.cap_s, raw * spread)


@dataclass(frozen=True, slots=True)
class FlushReport:
    delivered: int = 0
    set_aside: int = 0
    pending: int = 0
    error: SyncErrorCode | None = None  # what stopped this flush early, if anything
    busy: bool = False  # another flush (here or on another station) was already draining
    seconds: float = 0.0


_PHONE = re.compile(PHONE_RE)


def build_metadata(entry: OutboxEntryLike, size: int) -> UploadMetadata:
    """The upload's metadata; a phone number the contract would refuse is left out, not sent."""
    phone = entry.phone if entry.phone and _PHONE.fullmatch(entry.phone) else None
    try:
        return UploadMetadata(
            collection_code=entry.collection_code,
            student_no=entry.student_no,
            sha256=entry.sha256,
            size_bytes=size,
            captured_at=entry.captured_at,
            notify_photo_status=entry.notify_photo,
            notify_payment=entry.notify_payment,
            phone=phone,
        )
    except ValidationError as exc:
        raise ServiceError(
            SyncErrorCode.INCOMPLETE_RECORD, "record does not fit the contract"
        ) from exc


class OutboxWorker:
    def __init__(
        self,
        queue: OutboxQueue,
        uploader: Uploader,
        load_photo: Callable[[str], bytes],
        *,
        now: Callable[[], datetime],
        backoff: Backoff | None = None,
        batch: int = 50,
    ) -> None:
        self._queue = queue
        self._uploader = uploader
        self._load_photo = load_photo
        self._now = now
        self._backoff = backoff or Backoff()
        self._batch = batch
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.last_error: SyncErrorCode | None = None
        self.last_success: datetime | None = None

    def stop(self) -> None:
        """Ask a running flush to end after the item in hand."""
        self._stop.set()

    def flush(self, max_seconds: float | None = None) -> FlushReport:
        """Send what is due, in order, until the queue is empty, a failure or the time is up."""
        started = time.monotonic()
        if not self._lock.acquire(blocking=False):
            return FlushReport(busy=True, pending=self._queue.pending_count())
        try:
            self._stop.clear()
            with self._queue.drain_lock() as mine:
                if not mine:
                    return FlushReport(busy=True, pending=self._queue.pending_count())
                delivered, set_aside, error = self._drain(started, max_seconds)
        finally:
            self._lock.release()
        pending = self._queue.pending_count()
        seconds = time.monotonic() - started
        if delivered or set_aside or error:
            log.info(
                "outbox flush: %d delivered, %d set aside, %d pending, stopped by %s (%.1f s)",
                delivered,
                set_aside,
                pending,
                error,
                seconds,
            )
        return FlushReport(delivered, set_aside, pending, error, False, seconds)

    def _drain(
        self, started: float, max_seconds: float | None
    ) -> tuple[int, int, SyncErrorCode | None]:
        delivered = set_aside = 0
        max_wait = timedelta(seconds=self._backoff.cap_s * 2)
        while not self._stop.is_set():
            entries = self._queue.next_due(self._now(), self._batch, max_wait)
            if not entries:
                return delivered, set_aside, None
            for entry in entries:
                if self._stop.is_set() or (
                    max_seconds is not None and time.monotonic() - started > max_seconds
                ):
                    return delivered, set_aside, None
                try:
                    receipt = self._send(entry)
                except ServiceError as exc:
                    if exc.item_failure:
                        # Logged by outbox id only: the item names a student.
                        log.warning("outbox item %s set aside: %s", entry.outbox_id, exc.code)
                        self._queue.mark_failed(entry.outbox_id, exc.code.value)
                        set_aside += 1
                        continue
                    delay = self._backoff.delay(entry.attempts)
                    self._queue.mark_retry(
                        entry.outbox_id, exc.code.value, self._now() + timedelta(seconds=delay)
                    )
                    self.last_error = exc.code
                    log.info("service not reachable (%s); next try in %.0f s", exc.code, delay)
                    return delivered, set_aside, exc.code
                at = self._now()
                self._queue.mark_delivered(entry.outbox_id, receipt.photo_id, at)
                self.last_error = None
                self.last_success = at
                delivered += 1
        return delivered, set_aside, None

    def _send(self, entry: OutboxEntryLike) -> UploadReceipt:
        try:
            jpeg = self._load_photo(entry.photo_path)
        except PhotoDamagedError as exc:
            raise ServiceError(SyncErrorCode.PHOTO_CORRUPT, "photo damaged in every copy") from exc
        except PhotoUnavailableError as exc:
            raise ServiceError(SyncErrorCode.PHOTO_MISSING, "photo unreadable") from exc
        if hashlib.sha256(jpeg).hexdigest() != entry.sha256:
            raise ServiceError(SyncErrorCode.PHOTO_CORRUPT, "photo file changed since capture")
        metadata = build_metadata(entry, len(jpeg))
        return self._uploader.upload_photo(jpeg, metadata, idempotency_key=entry.outbox_id)
