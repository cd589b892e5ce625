# SPDX-License-Identifier: MIT
"""``SyncClient``: the station's HTTP client for the provincial service (``openapi.yaml``).

What a school network does to a request, and what this client does about it:

* Every call has a (connect, read) timeout, ``(3.05, 30)`` unless configured.
* Retries with capped exponential backoff live on the transport adapter (``urllib3.Retry``), never
  in a loop here. GET and PUT are retried; POST only on the paths whose requests are safe to repeat:
  uploads and payment orders carry an ``Idempotency-Key``, token and code checks change nothing.
* TLS is always verified, against the system store or a configured CA bundle.
* A redirect to another origin (scheme, host, port) is refused, so a captive portal or a hijacked
  DNS answer never receives the token or a photo.
* Every answer is checked against the contract before anything is believed: the status must be one
  the operation lists, the content type must match, the JSON must parse into the strict model.
  Anything else raises :class:`ServiceError` with a code, and nothing is returned to be written.

Thread affinity: a client may be shared by the io executor's threads; the token refresh is
serialised by a lock.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote, urljoin, urlsplit

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ReadTimeoutError
from urllib3.util.retry import Retry

from tucai_desk.sync.contract import (
    AuditHead,
    AuditHeadAck,
    CodeVerification,
    CodeVerifyRequest,
    ErrorBody,
    Health,
    NotificationPreferences,
    PaymentOrder,
    PaymentOrderRequest,
    PhotoStatus,
    PhotoStatusList,
    RosterPage,
    Token,
    TokenRequest,
    UploadMetadata,
    UploadReceipt,
    load_spec,
)
from tucai_desk.sync.errors import ServiceError, SyncErrorCode
from tucai_desk.sync.token_store import StoredToken, TokenStore

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

RETRY_STATUSES = (500, 502, 503, 504)
# POSTs that may be sent again: idempotency-keyed (photos, payments) or without side effects.
REPEATABLE_POST_PATHS = ("/v1/photos", "/v1/payments", "/v1/auth/token", "/v1/codes/verify")
JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """How to reach the service. ``ca_bundle`` adds trust; verification cannot be turned off."""

    base_url: str
    station_id: str
    connect_timeout: float = 3.05
    read_timeout: float = 30.0
    retries: int = 4
    backoff_factor: float = 0.5
    backoff_max: float = 10.0
    ca_bundle: str | None = None
    pool_size: int = 4

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


class _SameOriginSession(requests.Session):
    """A session that follows a redirect only within the origin it was sent to."""

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        target = super().get_redirect_target(resp)
        if target is not None and _origin(urljoin(resp.url, target)) != _origin(resp.url):
            resp.close()
            raise ServiceError(
                SyncErrorCode.REDIRECT_REFUSED, "redirect to another host", status=resp.status_code
            )
        return target


def _allowed_statuses() -> dict[str, frozenset[str]]:
    """Per operationId, the status keys the contract lists ("200", "404", "5XX")."""
    allowed: dict[str, frozenset[str]] = {}
    for item in load_spec()["paths"].values():
        for method in ("get", "put", "post", "delete", "patch"):
            op = item.get(method)
            if op:
                allowed[op["operationId"]] = frozenset(str(k) for k in op["responses"])
    return allowed


def _status_listed(status: int, keys: frozenset[str]) -> bool:
    return str(status) in keys or f"{status // 100}XX" in keys or "default" in keys


class SyncClient:
    """Calls of the station interface, each returning a validated model or raising ServiceError."""

    def __init__(
        self,
        config: ClientConfig,
        tokens: TokenStore,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if not config.base_url.startswith(("http://", "https://")):
            raise ServiceError(SyncErrorCode.NOT_CONFIGURED, "service address must be http(s)")
        self.config = config
        self._base = config.base_url.rstrip("/")
        self._tokens = tokens
        self._now = now
        self._token_lock = threading.Lock()
        self._verify: bool | str = config.ca_bundle or True
        self._statuses = _allowed_statuses()
        self._session = self._make_session()

    @property
    def tokens(self) -> TokenStore:
        return self._tokens

    # ---- transport ---------------------------------------------------------------------------

    def _retry(self, methods: frozenset[str]) -> Retry:
        n = self.config.retries
        return Retry(
            total=n,
            connect=n,
            read=n,
            status=n,
            other=0,
            redirect=False,  # requests follows redirects itself (same origin only, see above)
            allowed_methods=methods,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=self.config.backoff_factor,
            backoff_max=self.config.backoff_max,
            backoff_jitter=0.1,
            raise_on_status=False,  # give back the last 5xx so its error body is read
            respect_retry_after_header=True,
        )

    def _make_session(self) -> requests.Session:
        session = _SameOriginSession()
        session.max_redirects = 3
        session.headers["User-Agent"] = "tucai-desk-station"
        size = self.config.pool_size
        safe = frozenset({"GET", "HEAD", "PUT"})
        session.mount(
            self._base + "/",
            HTTPAdapter(max_retries=self._retry(safe), pool_connections=size, pool_maxsize=size),
        )
        repeatable = HTTPAdapter(
            max_retries=self._retry(safe | {"POST"}), pool_connections=size, pool_maxsize=size
        )
        for path in REPEATABLE_POST_PATHS:
            session.mount(self._base + path, repeatable)
        return session

    def close(self) -> None:
        self._session.close()

    def add_response_hook(self, hook: Callable[[requests.Response], object]) -> None:
        """Call ``hook`` with every final answer (diagnostics; the contract tests use it)."""

        def call(resp: requests.Response, *args: object, **kwargs: object) -> None:
            hook(resp)

        self._session.hooks["response"].append(call)

    def _send(
        self,
        method: str,
        path: str,
        *,
        authed: bool,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if authed:
            all_headers["Authorization"] = f"Bearer {self._bearer()}"
        try:
            return self._session.request(
                method,
                self._base + path,
                headers=all_headers,
                timeout=self.config.timeout,
                verify=self._verify,  # per call: an environment CA variable must not override it
                allow_redirects=True,
                **kwargs,
            )
        except ServiceError:
            raise
        except requests.exceptions.SSLError as exc:
            raise ServiceError(SyncErrorCode.TLS, type(exc).__name__) from exc
        except requests.exceptions.TooManyRedirects as exc:
            raise ServiceError(SyncErrorCode.REDIRECT_REFUSED, "too many redirects") from exc
        except requests.exceptions.ReadTimeout as exc:
            raise ServiceError(SyncErrorCode.TIMEOUT, "read timeout") from exc
        except requests.exceptions.ConnectionError as exc:
            reason = exc.args[0] if exc.args else None
            if isinstance(reason, MaxRetryError) and isinstance(reason.reason, ReadTimeoutError):
                raise ServiceError(SyncErrorCode.TIMEOUT, "read timeout") from exc
            raise ServiceError(SyncErrorCode.NETWORK, type(exc).__name__) from exc
        except requests.exceptions.RequestException as exc:
            raise ServiceError(SyncErrorCode.NETWORK, type(exc).__name__) from exc

    def _call(
        self,
        op: str,
        method: str,
        path: str,
        *,
        ok: int,
        authed: bool = True,
        **kwargs: Any,
    ) -> requests.Response:
        """Send, renewing the token once if the service says it is expired; check the status."""
        resp = self._send(method, path, authed=authed, **kwargs)
        if authed and resp.status_code == 401:
            body = self._error_body(resp)
            if body is not None and body.code in ("token_expired", "unauthorized"):
                log.info("token refused by the service (%s); signing in again", body.code)
                self._tokens.clear_token()
                resp = self._send(method, path, authed=authed, **kwargs)
        self._check_status(op, resp, ok)
        return resp

    # ---- answers -----------------------------------------------------------------------------

    @staticmethod
    def _content_type(resp: requests.Response) -> str:
        return resp.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()

    def _error_body(self, resp: requests.Response) -> ErrorBody | None:
        if self._content_type(resp) != "application/json":
            return None
        try:
            return ErrorBody.model_validate_json(resp.content)
        except (ValidationError, requests.exceptions.RequestException):
            return None

    def _check_status(self, op: str, resp: requests.Response, ok: int) -> None:
        status = resp.status_code
        listed = _status_listed(status, self._statuses[op])
        log.debug("%s -> %s", op, status)
        if status == ok:
            return
        if status >= 500:
            body = self._error_body(resp)
            raise ServiceError(
                SyncErrorCode.SERVER_ERROR,
                f"{op}: {status}",
                status=status,
                remote_code=body.code if body else None,
            )
        if not listed:
            raise ServiceError(SyncErrorCode.UNEXPECTED_STATUS, f"{op}: {status}", status=status)
        body = self._error_body(resp)
        if body is None:
            raise ServiceError(
                SyncErrorCode.MALFORMED_RESPONSE,
                f"{op}: {status} without error body",
                status=status,
            )
        raise ServiceError.from_remote(status, body.code, body.message)

    def _parse(self, op: str, resp: requests.Response, model: type[M]) -> M:
        ctype = self._content_type(resp)
        if ctype != "application/json":
            raise ServiceError(
                SyncErrorCode.MALFORMED_RESPONSE,
                f"{op}: content type {ctype!r}",
                status=resp.status_code,
            )
        try:
            return model.model_validate_json(resp.content)
        except ValidationError as exc:
            raise ServiceError(
                SyncErrorCode.MALFORMED_RESPONSE,
                f"{op}: {exc.error_count()} schema error(s)",
                status=resp.status_code,
            ) from exc
        except requests.exceptions.RequestException as exc:  # body cut off while reading
            raise ServiceError(SyncErrorCode.NETWORK, f"{op}: body lost") from exc

    # ---- token -------------------------------------------------------------------------------

    def _bearer(self) -> str:
        with self._token_lock:
            token = self._tokens.token()
            if token is None or not token.usable_at(self._now()):
                token = self._sign_in()
            return token.access_token

    def _sign_in(self) -> StoredToken:
        secret = self._tokens.secret()
        if not secret:
            raise ServiceError(SyncErrorCode.NOT_CONFIGURED, "no station secret")
        body = TokenRequest(station_id=self.config.station_id, secret=secret)
        resp = self._send("POST", "/v1/auth/token", authed=False, json=body.model_dump(mode="json"))
        self._check_status("createToken", resp, 200)
        got = self._parse("createToken", resp, Token)
        stored = StoredToken(got.access_token, got.expires_at.astimezone(UTC), got.school_code)
        self._tokens.save_token(stored)
        log.info("signed in to the provincial service; token valid until %s", stored.expires_at)
        return stored

    def authenticate(self) -> StoredToken:
        """Sign in now (also checks the secret); the token is kept in the token store."""
        with self._token_lock:
            return self._sign_in()

    # ---- station calls -----------------------------------------------------------------------

    def health(self) -> Health:
        resp = self._call("getHealth", "GET", "/v1/health", ok=200, authed=False)
        return self._parse("getHealth", resp, Health)

    def roster_page(self, school_code: str, page: int = 1, page_size: int = 200) -> RosterPage:
        resp = self._call(
            "getRoster",
            "GET",
            f"/v1/schools/{quote(school_code, safe='')}/roster",
            ok=200,
            params={"page": page, "page_size": page_size},
        )
        return self._parse("getRoster", resp, RosterPage)

    def iter_roster(self, school_code: str, page_size: int = 200) -> Iterator[RosterPage]:
        """Every page of a school's roster, in order."""
        page = 1
        while True:
            got = self.roster_page(school_code, page, page_size)
            yield got
            if not got.students or page * got.page_size >= got.total:
                return
            page += 1

    def verify_code(self, collection_code: str) -> CodeVerification:
        body = CodeVerifyRequest(collection_code=collection_code)
        resp = self._call(
            "verifyCode", "POST", "/v1/codes/verify", ok=200, json=body.model_dump(mode="json")
        )
        return self._parse("verifyCode", resp, CodeVerification)

    def upload_photo(
        self, jpeg: bytes, metadata: UploadMetadata, idempotency_key: str
    ) -> UploadReceipt:
        """Send a confirmed photo. Repeating with the same key is safe: one photo is stored."""
        if hashlib.sha256(jpeg).hexdigest() != metadata.sha256 or len(jpeg) != metadata.size_bytes:
            raise ServiceError(SyncErrorCode.INTEGRITY, "photo bytes differ from their metadata")
        files = {
            "metadata": (None, json.dumps(metadata.model_dump(mode="json")), "application/json"),
            "photo": ("photo.jpg", jpeg, "image/jpeg"),
        }
        resp = self._call(
            "uploadPhoto",
            "POST",
            "/v1/photos",
            ok=201,
            headers={"Idempotency-Key": idempotency_key},
            files=files,
        )
        receipt = self._parse("uploadPhoto", resp, UploadReceipt)
        if receipt.sha256 != metadata.sha256 or receipt.student_no != metadata.student_no:
            raise ServiceError(SyncErrorCode.INTEGRITY, "receipt is for another photo")
        return receipt

    def photo_status(self, photo_id: str) -> PhotoStatus:
        resp = self._call("getPhotoStatus", "GET", f"/v1/photos/{quote(photo_id, safe='')}", ok=200)
        return self._parse("getPhotoStatus", resp, PhotoStatus)

    def photo_statuses(self, photo_ids: list[str]) -> list[PhotoStatus]:
        """States of many photos, 100 per call."""
        found: list[PhotoStatus] = []
        for start in range(0, len(photo_ids), 100):
            chunk = photo_ids[start : start + 100]
            resp = self._call(
                "listPhotoStatus",
                "GET",
                "/v1/photo-status",
                ok=200,
                params={"ids": ",".join(chunk)},
            )
            found.extend(self._parse("listPhotoStatus", resp, PhotoStatusList).items)
        return found

    def download_finished(self, photo_id: str) -> bytes:
        """The finished photo's bytes, checked against the checksum the service sends with them."""
        op = "downloadFinishedPhoto"
        resp = self._call(op, "GET", f"/v1/photos/{quote(photo_id, safe='')}/finished", ok=200)
        if self._content_type(resp) != "image/jpeg":
            raise ServiceError(SyncErrorCode.MALFORMED_RESPONSE, f"{op}: not a JPEG answer")
        try:
            data = resp.content
        except requests.exceptions.RequestException as exc:
            raise ServiceError(SyncErrorCode.NETWORK, f"{op}: body lost") from exc
        expected = resp.headers.get("X-Content-SHA256", "").strip().lower()
        if not expected or hashlib.sha256(data).hexdigest() != expected:
            raise ServiceError(SyncErrorCode.INTEGRITY, f"{op}: checksum differs")
        if not data.startswith(JPEG_MAGIC):
            raise ServiceError(SyncErrorCode.MALFORMED_RESPONSE, f"{op}: body is not a JPEG")
        return data

    def create_payment_order(
        self, student_no: str, amount_cents: int, idempotency_key: str, description: str = ""
    ) -> PaymentOrder:
        body = PaymentOrderRequest(
            student_no=student_no, amount_cents=amount_cents, description=description or None
        )
        resp = self._call(
            "createPaymentOrder",
            "POST",
            "/v1/payments",
            ok=201,
            headers={"Idempotency-Key": idempotency_key},
            json=body.model_dump(mode="json", exclude_none=True),
        )
        order = self._parse("createPaymentOrder", resp, PaymentOrder)
        if order.student_no != student_no or order.amount_cents != amount_cents:
            raise ServiceError(SyncErrorCode.INTEGRITY, "order is for another student or amount")
        return order

    def payment_order(self, order_id: str) -> PaymentOrder:
        resp = self._call(
            "getPaymentOrder", "GET", f"/v1/payments/{quote(order_id, safe='')}", ok=200
        )
        return self._parse("getPaymentOrder", resp, PaymentOrder)

    def get_notifications(self, student_no: str) -> NotificationPreferences:
        op = "getNotificationPreferences"
        path = f"/v1/students/{quote(student_no, safe='')}/notifications"
        return self._parse(op, self._call(op, "GET", path, ok=200), NotificationPreferences)

    def put_notifications(
        self, student_no: str, prefs: NotificationPreferences
    ) -> NotificationPreferences:
        op = "putNotificationPreferences"
        path = f"/v1/students/{quote(student_no, safe='')}/notifications"
        resp = self._call(op, "PUT", path, ok=200, json=prefs.model_dump(mode="json"))
        return self._parse(op, resp, NotificationPreferences)

    def send_audit_head(self, seq: int, hash_: str, at: datetime) -> AuditHeadAck:
        """Give the service the head of the station's audit log; its acknowledgement."""
        body = AuditHead(seq=seq, hash=hash_, at=at)
        resp = self._call(
            "putAuditHead", "PUT", "/v1/audit-head", ok=200, json=body.model_dump(mode="json")
        )
        ack = self._parse("putAuditHead", resp, AuditHeadAck)
        if ack.seq != seq or ack.hash != hash_:
            raise ServiceError(SyncErrorCode.INTEGRITY, "acknowledged another audit head")
        return ack
