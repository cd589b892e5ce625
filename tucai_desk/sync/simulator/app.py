# SPDX-License-Identifier: MIT
"""The simulated service's answers: a request in, an :class:`Answer` out (no sockets here).

Requests are checked with the same strict models the station uses, so the simulator is as picky as
the contract: a station that sends a string where a boolean belongs gets a 400, not a shrug.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from tucai_desk.sync.contract import (
    ID_RE,
    MAX_PHOTO_BYTES,
    UUID_RE,
    AuditHead,
    CodeVerifyRequest,
    NotificationPreferences,
    PaymentOrderRequest,
    TokenRequest,
    UploadMetadata,
)
from tucai_desk.sync.simulator.faults import Corruption, FaultInjector
from tucai_desk.sync.simulator.records import (
    Caller,
    SimError,
    iso,
    payment_json,
    photo_json,
    student_json,
    utcnow,
)
from tucai_desk.sync.simulator.roster import (
    FaultSettingsBody,
    PaymentSettlement,
    PhotoRejection,
    RosterFormatError,
    build_seed,
    seed_from_csv,
)
from tucai_desk.sync.simulator.store import SimStore

log = logging.getLogger(__name__)

JSON = "application/json"
JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    match: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def content_type(self) -> str:
        return self.header("content-type").split(";", 1)[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: tuple[tuple[str, str], ...] = ()


def json_answer(status: int, obj: Any, headers: tuple[tuple[str, str], ...] = ()) -> Answer:
    return Answer(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"), JSON, headers)


def error_answer(status: int, code: str, message: str) -> Answer:
    return json_answer(status, {"code": code, "message": message})


def _model(model: type[BaseModel], body: bytes) -> Any:
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        kind = "bad_request" if any(e["type"] == "json_invalid" for e in exc.errors()) else None
        raise SimError(400, kind or "validation_error", f"{exc.error_count()} error(s)") from exc


def make_finished(jpeg: bytes) -> bytes:
    """The service's finished photo from an upload: re-encoded as the archive's JPEG."""
    try:
        import cv2
        import numpy as np

        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        if image is not None:
            ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
            if ok:
                return buf.tobytes()
    except ImportError:  # the simulator must run where OpenCV is missing: publish the upload
        pass
    return jpeg


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str, bytes]]:
    """Form parts by name: (content type, bytes)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise SimError(400, "bad_request", "not a multipart body")
    parts: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts[name] = (part.get_content_type(), payload)
    return parts


Handler = Callable[["SimApp", Request], Answer]


class SimApp:
    """Routes and endpoint logic; ``store`` holds state, ``faults`` is only read and reported."""

    def __init__(self, store: SimStore, faults: FaultInjector) -> None:
        self.store = store
        self.faults = faults
        self.requests = 0

    # ---- plumbing ----------------------------------------------------------------------------

    def caller(self, req: Request) -> Caller:
        auth = req.header("authorization")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        return self.store.caller(token)

    @staticmethod
    def idempotency_key(req: Request) -> str:
        key = req.header("idempotency-key").strip()
        if not re.fullmatch(UUID_RE, key):
            raise SimError(400, "validation_error", "Idempotency-Key must be a UUID")
        return key

    # ---- station calls -----------------------------------------------------------------------

    def health(self, req: Request) -> Answer:
        return json_answer(200, {"status": "ok", "time": iso(utcnow())})

    def token(self, req: Request) -> Answer:
        body: TokenRequest = _model(TokenRequest, req.body)
        return json_answer(200, self.store.issue_token(body.station_id, body.secret))

    def roster(self, req: Request) -> Answer:
        caller = self.caller(req)
        school_code = req.match["school_code"]
        if school_code != caller.school_code:
            raise SimError(403, "forbidden", "roster of another school")
        school = self.store.school(school_code)
        if school is None:
            raise SimError(404, "not_found", "no such school")
        try:
            page = int(req.params.get("page", "1"))
            size = int(req.params.get("page_size", "200"))
        except ValueError as exc:
            raise SimError(400, "validation_error", "page and page_size are integers") from exc
        if page < 1 or not 1 <= size <= 500:
            raise SimError(400, "validation_error", "page >= 1, 1 <= page_size <= 500")
        total, rows = self.store.roster(school_code, page, size)
        return json_answer(
            200,
            {
                "school": {"code": school["code"], "name": school["name"]},
                "page": page,
                "page_size": size,
                "total": total,
                "students": [student_json(r) for r in rows],
            },
        )

    def verify(self, req: Request) -> Answer:
        caller = self.caller(req)
        body: CodeVerifyRequest = _model(CodeVerifyRequest, req.body)
        row = self.store.student_by_code(body.collection_code)
        answer: dict[str, Any] = {
            "collection_code": body.collection_code,
            "status": "unknown",
            "school_code": None,
            "student_no": None,
        }
        if row is not None:
            answer["school_code"] = row["school_code"]
            if row["school_code"] != caller.school_code:
                answer["status"] = "other_school"
            else:
                answer["student_no"] = row["student_no"]
                expires = row["code_expires_at"]
                if row["code_status"] == "completed":
                    answer["status"] = "completed"
                elif row["code_status"] == "expired" or (
                    expires and datetime.fromisoformat(expires) <= utcnow()
                ):
                    answer["status"] = "expired"
                else:
                    answer["status"] = "valid"
        return json_answer(200, answer)

    def upload(self, req: Request) -> Answer:
        caller = self.caller(req)
        key = self.idempotency_key(req)
        if req.content_type != "multipart/form-data":
            raise SimError(415, "unsupported_media_type", "multipart/form-data expected")
        parts = parse_multipart(req.header("content-type"), req.body)
        if "metadata" not in parts or "photo" not in parts:
            raise SimError(400, "validation_error", "metadata and photo parts are required")
        meta: UploadMetadata = _model(UploadMetadata, parts["metadata"][1])
        jpeg = parts["photo"][1]
        if len(jpeg) > MAX_PHOTO_BYTES:
            raise SimError(413, "too_large", "photo larger than 2 MiB")
        if not jpeg.startswith(JPEG_MAGIC):
            raise SimError(422, "not_jpeg", "photo is not a JPEG")
        if hashlib.sha256(jpeg).hexdigest() != meta.sha256 or len(jpeg) != meta.size_bytes:
            raise SimError(422, "checksum_mismatch", "photo differs from its metadata")
        stored = self.store.store_upload(caller, key, meta.model_dump(mode="json"), jpeg)
        return Answer(
            stored.status,
            stored.body,
            JSON,
            (("Idempotent-Replayed", "true" if stored.replayed else "false"),),
        )

    def photo_status(self, req: Request) -> Answer:
        caller = self.caller(req)
        return json_answer(200, photo_json(self.store.photo(req.match["id"], caller.school_code)))

    def photo_statuses(self, req: Request) -> Answer:
        caller = self.caller(req)
        ids = [i for i in req.params.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 100 or not all(re.fullmatch(ID_RE, i) for i in ids):
            raise SimError(400, "validation_error", "1 to 100 photo ids")
        rows = self.store.photos(ids, caller.school_code)
        return json_answer(200, {"items": [photo_json(r) for r in rows]})

    def finished(self, req: Request) -> Answer:
        caller = self.caller(req)
        self.store.photo(req.match["id"], caller.school_code)
        data = self.store.finished_bytes(req.match["id"])
        digest = hashlib.sha256(data).hexdigest()
        return Answer(200, data, "image/jpeg", (("X-Content-SHA256", digest),))

    def create_payment(self, req: Request) -> Answer:
        caller = self.caller(req)
        key = self.idempotency_key(req)
        body: PaymentOrderRequest = _model(PaymentOrderRequest, req.body)
        stored = self.store.create_payment(caller, key, body.model_dump(mode="json"))
        return Answer(
            stored.status,
            stored.body,
            JSON,
            (("Idempotent-Replayed", "true" if stored.replayed else "false"),),
        )

    def payment(self, req: Request) -> Answer:
        caller = self.caller(req)
        return json_answer(
            200, payment_json(self.store.payment(req.match["id"], caller.school_code))
        )

    def get_notifications(self, req: Request) -> Answer:
        caller = self.caller(req)
        row = self.store.student(caller.school_code, req.match["student_no"])
        return json_answer(
            200,
            {
                "notify_photo_status": bool(row["notify_photo"]),
                "notify_payment": bool(row["notify_payment"]),
                "phone": row["notify_phone"],
            },
        )

    def put_notifications(self, req: Request) -> Answer:
        caller = self.caller(req)
        body: NotificationPreferences = _model(NotificationPreferences, req.body)
        self.store.set_notifications(
            caller.school_code, req.match["student_no"], body.model_dump(mode="json")
        )
        return self.get_notifications(req)

    def audit_head(self, req: Request) -> Answer:
        caller = self.caller(req)
        body: AuditHead = _model(AuditHead, req.body)
        ack = self.store.acknowledge_audit_head(caller, body.seq, body.hash, iso(body.at))
        return json_answer(200, ack)

    # ---- tester calls ------------------------------------------------------------------------

    def seed_roster(self, req: Request) -> Answer:
        try:
            if req.content_type == "text/csv":
                seed = seed_from_csv(
                    req.body, req.params.get("school_code", ""), req.params.get("school_name", "")
                )
            else:
                seed = build_seed(json.loads(req.body))
        except (RosterFormatError, ValueError) as exc:
            raise SimError(400, "validation_error", str(exc)) from exc
        students, stations = self.store.seed(
            seed.school.model_dump(),
            [s.model_dump(mode="json") for s in seed.students],
            [s.model_dump() for s in seed.stations],
        )
        return json_answer(
            200, {"school_code": seed.school.code, "students": students, "stations": stations}
        )

    def list_uploads(self, req: Request) -> Answer:
        items = [
            {
                "seq": r["seq"],
                "photo_id": r["photo_id"],
                "idempotency_key": r["idempotency_key"],
                "student_no": r["student_no"],
                "sha256": r["sha256"],
                "size_bytes": r["size_bytes"],
                "received_at": r["received_at"],
            }
            for r in self.store.uploads()
        ]
        return json_answer(200, {"items": items})

    def accept(self, req: Request) -> Answer:
        return json_answer(200, photo_json(self.store.decide_photo(req.match["id"], "accepted")))

    def reject(self, req: Request) -> Answer:
        body: PhotoRejection = _model(PhotoRejection, req.body)
        row = self.store.decide_photo(req.match["id"], "rejected", body.reason_code, body.reason)
        return json_answer(200, photo_json(row))

    def finish(self, req: Request) -> Answer:
        photo_id = req.match["id"]
        self.store.photo(photo_id)
        if req.body:
            if not req.body.startswith(JPEG_MAGIC):
                raise SimError(422, "not_jpeg", "finished photo must be a JPEG")
            data = req.body
        else:
            data = make_finished(self.store.photo_bytes(photo_id))
        return json_answer(
            200, photo_json(self.store.decide_photo(photo_id, "accepted", finished=data))
        )

    def settle(self, req: Request) -> Answer:
        body: PaymentSettlement = _model(PaymentSettlement, req.body)
        row = self.store.settle_payment(req.match["id"], body.status, body.failure_reason)
        return json_answer(200, payment_json(row))

    def set_faults(self, req: Request) -> Answer:
        body: FaultSettingsBody = _model(FaultSettingsBody, req.body)
        changes: dict[str, object] = {"rate": body.rate}
        for name in ("latency_ms", "hang_seconds", "down"):
            value = getattr(body, name)
            if value is not None:
                changes[name] = value
        if body.corrupt is not None:
            changes["corrupt"] = Corruption(body.corrupt)
        return json_answer(200, self.faults.update(**changes).as_json())

    def stats(self, req: Request) -> Answer:
        return json_answer(
            200, {**self.store.stats(), "requests": self.requests, "faults": self.faults.counts()}
        )


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    tester: bool = False


def _r(method: str, path: str, handler: Handler, tester: bool = False) -> Route:
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
    return Route(method, re.compile(f"^{regex}$"), handler, tester)


ROUTES: tuple[Route, ...] = (
    _r("GET", "/v1/health", SimApp.health),
    _r("POST", "/v1/auth/token", SimApp.token),
    _r("GET", "/v1/schools/{school_code}/roster", SimApp.roster),
    _r("POST", "/v1/codes/verify", SimApp.verify),
    _r("POST", "/v1/photos", SimApp.upload),
    _r("GET", "/v1/photos/{id}", SimApp.photo_status),
    _r("GET", "/v1/photo-status", SimApp.photo_statuses),
    _r("GET", "/v1/photos/{id}/finished", SimApp.finished),
    _r("POST", "/v1/payments", SimApp.create_payment),
    _r("GET", "/v1/payments/{id}", SimApp.payment),
    _r("GET", "/v1/students/{student_no}/notifications", SimApp.get_notifications),
    _r("PUT", "/v1/students/{student_no}/notifications", SimApp.put_notifications),
    _r("PUT", "/v1/audit-head", SimApp.audit_head),
    _r("POST", "/v1/tester/roster", SimApp.seed_roster, tester=True),
    _r("GET", "/v1/tester/uploads", SimApp.list_uploads, tester=True),
    _r("POST", "/v1/tester/photos/{id}/accept", SimApp.accept, tester=True),
    _r("POST", "/v1/tester/photos/{id}/reject", SimApp.reject, tester=True),
    _r("POST", "/v1/tester/photos/{id}/finish", SimApp.finish, tester=True),
    _r("POST", "/v1/tester/payments/{id}/settle", SimApp.settle, tester=True),
    _r("PUT", "/v1/tester/faults", SimApp.set_faults, tester=True),
    _r("GET", "/v1/tester/stats", SimApp.stats, tester=True),
)


def find_route(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
    """The route, its path parameters, and whether the path exists for another method."""
    path_known = False
    for route in ROUTES:
        m = route.pattern.match(path)
        if m:
            path_known = True
            if route.method == method:
                return route, m.groupdict(), True
    return None, {}, path_known
