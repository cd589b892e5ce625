# SPDX-License-Identifier: MIT
"""SyncService: the station's use cases with the provincial service.

Capture never waits on the service: a confirmed upload is an outbox row, and this service drains
the outbox (any station's items: photos it lacks come from the database, see ``store.photos``)
whenever the service answers (:meth:`SyncService.flush`), polls what the service says
back (:meth:`poll_status`), and makes and follows payment orders. The UI only reads
:meth:`status`. Every method here does network I/O and must run on the io executor (or on the
background thread of :meth:`start`), never on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from tucai_desk.core.clock import Clock, SystemClock
from tucai_desk.services.audit_head_sync import AuditHeadReporter
from tucai_desk.services.dto import PaymentState, PaymentView
from tucai_desk.services.settings import ServiceSettings
from tucai_desk.store.audit_log import AuditLog
from tucai_desk.store.audit_witness import CheckpointFile
from tucai_desk.store.db import Database
from tucai_desk.store.drain_lock import POLL, DrainLock
from tucai_desk.store.models import Payment
from tucai_desk.store.outbox_repository import OutboxRepository
from tucai_desk.store.photo_status_repo import PhotoStatusRepository
from tucai_desk.store.photos import PhotoStore, PhotoStoreError
from tucai_desk.store.remote_payments_repo import RemotePaymentRepository
from tucai_desk.sync.client import ClientConfig, SyncClient
from tucai_desk.sync.contract import CodeVerification, RosterStudent
from tucai_desk.sync.errors import ServiceError, SyncErrorCode
from tucai_desk.sync.outbox_worker import (
    Backoff,
    FlushReport,
    OutboxWorker,
    PhotoDamagedError,
    PhotoUnavailableError,
)
from tucai_desk.sync.pollers import PaymentPoller, PhotoStatusPoller, PollReport
from tucai_desk.sync.token_store import TokenStore, open_credential_store
from tucai_desk.thread_priority import lower_current_thread

log = logging.getLogger(__name__)

# Payment idempotency keys are derived, not stored: (school, student, amount, n-th remote order).
# A crash between the service making an order and the station saving it repeats the same key, so
# the service hands back the same order instead of making a second one.
_PAYMENT_KEYS = uuid.UUID("6f1c1a52-2f43-4b7e-9d0a-3b8f0f6c9a11")


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the UI shows about sync: the backlog and how the last tries went."""

    configured: bool
    pending: int
    set_aside: int
    last_error: str | None  # a SyncErrorCode value; the UI maps it to text
    last_success_at: datetime | None


def _payment_view(p: Payment) -> PaymentView:
    return PaymentView(
        order_no=p.order_no,
        amount_cents=p.amount_cents,
        state=PaymentState(p.state),
        qr_payload=p.qr_payload,
        updated_at=p.updated_at,
    )


class SyncService:
    def __init__(
        self,
        *,
        db: Database,
        photos: PhotoStore,
        client: SyncClient | None,
        clock: Clock | None = None,
        backoff: Backoff | None = None,
        batch: int = 50,
    ) -> None:
        self._outbox = OutboxRepository(db)
        self._photo_status = PhotoStatusRepository(db)
        self._payments = RemotePaymentRepository(db)
        self._poll_lock = DrainLock(db, POLL)
        self._photos = photos
        self._client = client
        self._clock = clock or SystemClock()
        self._worker: OutboxWorker | None = None
        self._photo_poller: PhotoStatusPoller | None = None
        self._payment_poller: PaymentPoller | None = None
        if client is not None:
            self._worker = OutboxWorker(
                self._outbox,
                client,
                self._load_photo,
                now=self._clock.now,
                backoff=backoff,
                batch=batch,
            )
            self._photo_poller = PhotoStatusPoller(
                self._photo_status, client, self._save_finished, now=self._clock.now
            )
            self._payment_poller = PaymentPoller(self._payments, client, now=self._clock.now)
        self._audit_heads: AuditHeadReporter | None = None
        self._last_poll_error: SyncErrorCode | None = None
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(
        cls,
        settings: ServiceSettings,
        *,
        data_dir: Path,
        db: Database,
        photos: PhotoStore,
        clock: Clock | None = None,
        tokens: TokenStore | None = None,
    ) -> SyncService:
        """The service for the station's settings; without an address it only keeps the queue."""
        client = None
        if settings.url and settings.station_id:
            client = SyncClient(
                ClientConfig(
                    base_url=settings.url,
                    station_id=settings.station_id,
                    connect_timeout=settings.connect_timeout_s,
                    read_timeout=settings.read_timeout_s,
                    ca_bundle=settings.ca_bundle or None,
                ),
                tokens or TokenStore(open_credential_store(settings.station_id, data_dir)),
            )
        return cls(db=db, photos=photos, client=client, clock=clock)

    def report_audit_heads(self, audit: AuditLog, witness: CheckpointFile) -> None:
        """Send the audit chain's head with each sync and keep the acknowledgements."""
        if self._client is not None:
            self._audit_heads = AuditHeadReporter(self._client, audit, witness)

    @property
    def configured(self) -> bool:
        return self._client is not None

    def _need_client(self) -> SyncClient:
        if self._client is None:
            raise ServiceError(SyncErrorCode.NOT_CONFIGURED, "no provincial service configured")
        return self._client

    # ---- files -------------------------------------------------------------------------------

    def _load_photo(self, relative: str) -> bytes:
        """A queued photo, from this station's files or the database (another station took it).

        A database that cannot be reached raises its own error: that postpones the round, it
        does not set the item aside.
        """
        try:
            return self._photos.read(relative)
        except PhotoStoreError as exc:
            if exc.code == "damaged":
                raise PhotoDamagedError(relative) from exc
            raise PhotoUnavailableError(relative) from exc
        except OSError as exc:
            raise PhotoUnavailableError(relative) from exc

    def _save_finished(self, data: bytes) -> str:
        return self._photos.put(data, kind="finished")[0]

    # ---- outbox ------------------------------------------------------------------------------

    def flush(self, max_seconds: float | None = None) -> FlushReport:
        """Send the due uploads in order; returns at once when not configured or already running."""
        if self._worker is None:
            return FlushReport(
                pending=self._outbox.pending_count(), error=SyncErrorCode.NOT_CONFIGURED
            )
        report = self._worker.flush(max_seconds)
        self.report_audit_head()
        return report

    def report_audit_head(self) -> None:
        """Send the audit chain's head to the service now, if it changed (best effort)."""
        if self._audit_heads is not None:
            self._audit_heads.report()

    def poll_status(self) -> PollReport:
        """Ask the service about delivered photos and pending payment orders.

        Stations sharing a database share the answers: one of them polls per round (the others
        skip it rather than ask the service about the same rows again).
        """
        if self._photo_poller is None or self._payment_poller is None:
            return PollReport(error=SyncErrorCode.NOT_CONFIGURED)
        with self._poll_lock.hold() as mine:
            if not mine:
                return PollReport(skipped=True)
            photos = self._photo_poller.poll()
            payments = self._payment_poller.poll()
        self._last_poll_error = photos.error or payments.error
        return PollReport(
            photos.checked + payments.checked,
            photos.changed + payments.changed,
            photos.finished_saved,
            self._last_poll_error,
        )

    def status(self) -> SyncStatus:
        """Cheap (two counts and two small queries): the UI may call it on a timer."""
        error: str | None = None
        if self._worker is not None and self._worker.last_error is not None:
            error = self._worker.last_error.value
        else:
            error = self._outbox.last_error()
        return SyncStatus(
            configured=self.configured,
            pending=self._outbox.pending_count(),
            set_aside=self._outbox.failed_count(),
            last_error=error,
            last_success_at=self._outbox.last_success(),
        )

    def requeue_set_aside(self) -> int:
        """Staff action: send the set-aside uploads again (after the cause was fixed)."""
        count = self._outbox.requeue_failed()
        self.wake()
        return count

    # ---- payments ----------------------------------------------------------------------------

    def create_payment_order(self, student_id: int, amount_cents: int) -> PaymentView:
        """The student's open payment order at the service, made if there is none."""
        return _payment_view(self._order_row(student_id, amount_cents))

    def _order_row(self, student_id: int, amount_cents: int) -> Payment:
        client = self._need_client()
        latest = self._payments.latest_payment(student_id)
        if (
            latest is not None
            and latest.remote
            and latest.amount_cents == amount_cents
            and latest.state in ("pending", "paid")
        ):
            return latest
        ref = self._payments.student_ref(student_id)
        if ref is None:
            raise ServiceError(SyncErrorCode.UNKNOWN_STUDENT, "no such student at the station")
        n = self._payments.remote_payment_count(student_id)
        key = str(
            uuid.uuid5(_PAYMENT_KEYS, f"{ref.school_code}:{ref.student_no}:{amount_cents}:{n}")
        )
        order = client.create_payment_order(ref.student_no, amount_cents, key)
        return self._payments.save_remote_payment(
            payment_id=key,
            student_id=student_id,
            order_no=order.order_id,
            amount_cents=order.amount_cents,
            state=order.status.value,
            qr_payload=order.qr_payload,
            created_at=order.created_at,
        )

    def payment_status(self, student_id: int) -> PaymentView | None:
        """The student's latest order, refreshed from the service when it is still pending.

        When the service cannot be asked, the stored state is returned (``status()`` tells why).
        """
        row = self._refresh_payment(student_id)
        return None if row is None else _payment_view(row)

    def _refresh_payment(self, student_id: int) -> Payment | None:
        latest = self._payments.latest_payment(student_id)
        if latest is None or not latest.remote or latest.state != "pending":
            return latest
        try:
            order = self._need_client().payment_order(latest.order_no)
        except ServiceError as exc:
            self._last_poll_error = exc.code
            return latest
        return (
            self._payments.apply_payment_state(
                latest.order_no, order.status.value, self._clock.now()
            )
            or latest
        )

    def payment_gateway(self, fallback: PaymentGatewayLike | None = None) -> RemotePayments:
        """A ``PaymentGateway`` for CaptureService backed by the service (see RemotePayments)."""
        return RemotePayments(self, fallback)

    # ---- finished photos, roster, codes ------------------------------------------------------

    def download_finished(self, student_id: int) -> bytes | None:
        """The student's finished photo: from the station if already fetched, else from the service.

        None while the service has not published it.
        """
        upload_id, remote_id, local = self._photo_status.finished_for(student_id)
        if local:
            try:
                return self._photos.read(local)  # here, or from the database
            except (OSError, PhotoStoreError):
                log.warning("finished photo unreadable here; fetching it again")
        if remote_id is None:
            return None
        client = self._need_client()
        status = client.photo_status(remote_id)
        if not status.finished_available:
            return None
        data = client.download_finished(remote_id)
        if upload_id is not None:
            self._photo_status.set_finished(
                upload_id, self._save_finished(data), self._clock.now(), data=data
            )
        return data

    def fetch_roster(self, school_code: str) -> list[RosterStudent]:
        """The school's whole roster from the service (for the roster import to merge)."""
        client = self._need_client()
        students: list[RosterStudent] = []
        for page in client.iter_roster(school_code):
            students.extend(page.students)
        return students

    def verify_code(self, collection_code: str) -> CodeVerification:
        return self._need_client().verify_code(collection_code)

    def check_connection(self) -> None:
        """Sign in now (settings page "test connection"); raises ServiceError with the reason."""
        client = self._need_client()
        client.health()
        client.authenticate()

    def set_secret(self, secret: str) -> None:
        """Store the station secret (keyring, or the user-only file) and forget the old token."""
        client = self._need_client()
        client.tokens.set_secret(secret)
        client.tokens.clear_token()

    # ---- background --------------------------------------------------------------------------

    def start(self, interval_s: float = 10.0, poll_every_s: float = 60.0) -> None:
        """Drain and poll on a background thread until :meth:`close`; :meth:`wake` hurries it."""
        if self._thread is not None or self._worker is None:
            return
        self._halt.clear()

        def loop() -> None:
            lower_current_thread()  # uploads can wait for the window to paint
            last_poll = 0.0
            while not self._halt.is_set():
                try:
                    self.flush(max_seconds=max(interval_s, 30.0))
                    now = time.monotonic()
                    if now - last_poll >= poll_every_s:
                        last_poll = now
                        self.poll_status()
                except Exception:  # the loop must outlive any one failure; it is logged
                    log.exception("sync round failed")
                self._wake.wait(interval_s)
                self._wake.clear()

        self._thread = threading.Thread(target=loop, name="sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """A new upload was confirmed (or staff asked): flush now rather than at the next tick."""
        self._wake.set()

    def close(self) -> None:
        self._halt.set()
        self._wake.set()
        if self._worker is not None:
            self._worker.stop()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._client is not None:
            self._client.close()


class PaymentGatewayLike(Protocol):
    def order_for(self, student_id: int, amount_cents: int) -> Payment: ...

    def refresh(self, student_id: int) -> Payment | None: ...


class RemotePayments:
    """CaptureService's ``PaymentGateway`` backed by the provincial service.

    When the service cannot be reached and a ``fallback`` gateway is given (the station's own
    ``LocalPayments``), the order is made locally so the student is not kept waiting.
    """

    def __init__(self, sync: SyncService, fallback: PaymentGatewayLike | None = None) -> None:
        self._sync = sync
        self._fallback = fallback

    def order_for(self, student_id: int, amount_cents: int) -> Payment:
        try:
            return self._sync._order_row(student_id, amount_cents)
        except ServiceError as exc:
            if self._fallback is None or exc.item_failure:
                raise
            log.info("service unreachable for a payment order (%s); making it locally", exc.code)
            return self._fallback.order_for(student_id, amount_cents)

    def refresh(self, student_id: int) -> Payment | None:
        return self._sync._refresh_payment(student_id)
