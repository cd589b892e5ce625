# SPDX-License-Identifier: MIT
"""The station's side of ``resources/openapi.yaml`` as strict pydantic models.

The OpenAPI document is the source of truth; these models restate its schemas so the station can
check every answer at run time without a validator library (``openapi-core`` is a test tool here).
``tests/sync/test_sync_contract.py`` holds each model against the schema it names in
``SCHEMA_NAME`` (properties, required, types, enums, patterns), so the two cannot drift apart.

Parsing uses strict mode: ``"1"`` is not an integer and ``"true"`` is not a boolean, so a service
that sends the wrong types is caught instead of half-understood.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import yaml
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from tucai_desk.paths import resource

ID_RE = r"^[A-Za-z0-9_-]{1,64}$"
UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SCHOOL_CODE_RE = r"^[0-9]{5}$"
STUDENT_NO_RE = r"^[A-Za-z0-9_-]{1,32}$"
COLLECTION_CODE_RE = r"^[A-Z]{2}[0-9]{13}[0-9X]$"
SHA256_RE = r"^[0-9a-f]{64}$"
PHONE_RE = r"^1[3-9][0-9]{9}$"
ID_NUMBER_RE = r"^[0-9]{17}[0-9X]$"
ERROR_CODE_RE = r"^[a-z][a-z0-9_]{0,63}$"
MAX_PHOTO_BYTES = 2_097_152

Id = Annotated[str, StringConstraints(pattern=ID_RE)]
Uuid = Annotated[str, StringConstraints(pattern=UUID_RE)]
SchoolCode = Annotated[str, StringConstraints(pattern=SCHOOL_CODE_RE)]
StudentNo = Annotated[str, StringConstraints(pattern=STUDENT_NO_RE)]
CollectionCodeStr = Annotated[str, StringConstraints(pattern=COLLECTION_CODE_RE)]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_RE)]
Phone = Annotated[str, StringConstraints(pattern=PHONE_RE)]


def spec_path() -> Path:
    return resource("openapi.yaml")


@cache
def load_spec() -> dict[str, Any]:
    """The OpenAPI document as a dict (read once)."""
    with spec_path().open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


class PhotoState(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"


class CodeState(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    EXPIRED = "expired"


class CodeVerifyStatus(StrEnum):
    VALID = "valid"
    UNKNOWN = "unknown"
    COMPLETED = "completed"
    EXPIRED = "expired"
    OTHER_SCHOOL = "other_school"


class _Model(BaseModel):
    """Answers may grow fields (ignored); requests the station builds are frozen."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")
    SCHEMA_NAME: ClassVar[str] = ""


class _Request(_Model):
    # Request bodies are closed in the contract (additionalProperties: false).
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class ErrorBody(_Model):
    SCHEMA_NAME: ClassVar[str] = "Error"
    code: Annotated[str, StringConstraints(pattern=ERROR_CODE_RE)]
    message: Annotated[str, StringConstraints(max_length=500)]


class Health(_Model):
    SCHEMA_NAME: ClassVar[str] = "Health"
    status: Literal["ok"]
    time: AwareDatetime


class TokenRequest(_Request):
    SCHEMA_NAME: ClassVar[str] = "TokenRequest"
    station_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    secret: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Token(_Model):
    SCHEMA_NAME: ClassVar[str] = "Token"
    access_token: Annotated[str, StringConstraints(min_length=16, max_length=200)]
    token_type: Literal["Bearer"]
    expires_in: Annotated[int, Field(ge=1)]
    expires_at: AwareDatetime
    school_code: SchoolCode


class School(_Model):
    SCHEMA_NAME: ClassVar[str] = "School"
    code: SchoolCode
    name: Annotated[str, StringConstraints(max_length=200)]


class RosterStudent(_Model):
    SCHEMA_NAME: ClassVar[str] = "RosterStudent"
    student_no: StudentNo
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    department: Annotated[str, StringConstraints(max_length=200)]
    class_name: Annotated[str, StringConstraints(max_length=200)]
    phone: Phone | None
    id_number: Annotated[str, StringConstraints(pattern=ID_NUMBER_RE)] | None
    collection_code: CollectionCodeStr
    code_status: CodeState
    code_expires_at: AwareDatetime | None


class RosterPage(_Model):
    SCHEMA_NAME: ClassVar[str] = "RosterPage"
    school: School
    page: Annotated[int, Field(ge=1)]
    page_size: Annotated[int, Field(ge=1)]
    total: Annotated[int, Field(ge=0)]
    students: tuple[RosterStudent, ...]


class CodeVerifyRequest(_Request):
    SCHEMA_NAME: ClassVar[str] = "CodeVerifyRequest"
    collection_code: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class CodeVerification(_Model):
    SCHEMA_NAME: ClassVar[str] = "CodeVerification"
    collection_code: Annotated[str, StringConstraints(max_length=64)]
    status: CodeVerifyStatus
    school_code: SchoolCode | None
    student_no: StudentNo | None


class UploadMetadata(_Request):
    """What goes with the JPEG: whose photo it is, its checksum and the student's notice choices."""

    SCHEMA_NAME: ClassVar[str] = "UploadMetadata"
    collection_code: CollectionCodeStr
    student_no: StudentNo
    sha256: Sha256
    size_bytes: Annotated[int, Field(ge=1, le=MAX_PHOTO_BYTES)]
    captured_at: AwareDatetime
    notify_photo_status: bool
    notify_payment: bool
    phone: Phone | None = None


class UploadReceipt(_Model):
    SCHEMA_NAME: ClassVar[str] = "UploadReceipt"
    receipt_id: Id
    photo_id: Id
    student_no: StudentNo
    sha256: Sha256
    received_at: AwareDatetime
    status: PhotoState


class PhotoStatus(_Model):
    SCHEMA_NAME: ClassVar[str] = "PhotoStatus"
    photo_id: Id
    student_no: StudentNo
    status: PhotoState
    reason_code: Annotated[str, StringConstraints(max_length=64)] | None
    reason: Annotated[str, StringConstraints(max_length=500)] | None
    finished_available: bool
    finished_sha256: Sha256 | None
    updated_at: AwareDatetime


class PhotoStatusList(_Model):
    SCHEMA_NAME: ClassVar[str] = "PhotoStatusList"
    items: tuple[PhotoStatus, ...]


class PaymentOrderRequest(_Request):
    SCHEMA_NAME: ClassVar[str] = "PaymentOrderRequest"
    student_no: StudentNo
    amount_cents: Annotated[int, Field(ge=1, le=100_000)]
    description: Annotated[str, StringConstraints(max_length=100)] | None = None


class PaymentOrder(_Model):
    SCHEMA_NAME: ClassVar[str] = "PaymentOrder"
    order_id: Id
    student_no: StudentNo
    amount_cents: Annotated[int, Field(ge=1)]
    status: PaymentStatus
    qr_payload: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    created_at: AwareDatetime
    expires_at: AwareDatetime
    paid_at: AwareDatetime | None
    failure_reason: Annotated[str, StringConstraints(max_length=200)] | None


class NotificationPreferences(_Request):
    SCHEMA_NAME: ClassVar[str] = "NotificationPreferences"
    notify_photo_status: bool
    notify_payment: bool
    phone: Phone | None = None


class AuditHead(_Request):
    """The head of the station's audit log, sent with each sync (a witness outside its database)."""

    SCHEMA_NAME: ClassVar[str] = "AuditHead"
    seq: Annotated[int, Field(ge=0)]
    hash: Sha256
    at: AwareDatetime


class AuditHeadAck(_Model):
    SCHEMA_NAME: ClassVar[str] = "AuditHeadAck"
    station_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    seq: Annotated[int, Field(ge=0)]
    hash: Sha256
    acknowledged_at: AwareDatetime
    highest_seq: Annotated[int, Field(ge=0)]
    highest_hash: Sha256


STATION_MODELS: tuple[type[_Model], ...] = (
    ErrorBody,
    Health,
    TokenRequest,
    Token,
    School,
    RosterStudent,
    RosterPage,
    CodeVerifyRequest,
    CodeVerification,
    UploadMetadata,
    UploadReceipt,
    PhotoStatus,
    PhotoStatusList,
    PaymentOrderRequest,
    PaymentOrder,
    NotificationPreferences,
    AuditHead,
    AuditHeadAck,
)
