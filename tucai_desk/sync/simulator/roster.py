# SPDX-License-Identifier: MIT
"""Rosters for the simulator: the tester models of the contract, and loading a JSON or CSV file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from tucai_desk.core.collection_code import make_code
from tucai_desk.sync.contract import COLLECTION_CODE_RE, CodeState, School, StudentNo


class _TesterModel(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")
    SCHEMA_NAME: ClassVar[str] = ""


class StationCredential(_TesterModel):
    station_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    secret: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SeedStudent(_TesterModel):
    student_no: StudentNo
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    department: Annotated[str, StringConstraints(max_length=200)] = ""
    class_name: Annotated[str, StringConstraints(max_length=200)] = ""
    phone: str | None = None
    id_number: str | None = None
    collection_code: Annotated[str, StringConstraints(pattern=COLLECTION_CODE_RE)] | None = None
    code_status: CodeState = CodeState.OPEN


class RosterSeed(_TesterModel):
    SCHEMA_NAME: ClassVar[str] = "RosterSeed"
    school: School
    stations: tuple[StationCredential, ...] = ()
    students: tuple[SeedStudent, ...]


class PhotoRejection(_TesterModel):
    SCHEMA_NAME: ClassVar[str] = "PhotoRejection"
    reason_code: Annotated[str, StringConstraints(max_length=64)]
    reason: Annotated[str, StringConstraints(max_length=500)]


class PaymentSettlement(_TesterModel):
    SCHEMA_NAME: ClassVar[str] = "PaymentSettlement"
    status: Literal["paid", "failed", "expired"]
    failure_reason: Annotated[str, StringConstraints(max_length=200)] | None = None


class FaultSettingsBody(_TesterModel):
    SCHEMA_NAME: ClassVar[str] = "FaultSettings"
    rate: Annotated[float, Field(ge=0, le=1)]
    latency_ms: Annotated[int, Field(ge=0)] | None = None
    hang_seconds: Annotated[float, Field(ge=0)] | None = None
    down: bool | None = None
    corrupt: (
        Literal["none", "bad_json", "wrong_types", "wrong_content_type", "foreign_redirect"] | None
    ) = None


TESTER_MODELS: tuple[type[_TesterModel], ...] = (
    RosterSeed,
    PhotoRejection,
    PaymentSettlement,
    FaultSettingsBody,
)

# Header names a school's own roster file may use, mapped to the seed's fields.
CSV_COLUMNS = {
    "student_no": "student_no",
    "学号": "student_no",
    "name": "name",
    "姓名": "name",
    "department": "department",
    "院系": "department",
    "class_name": "class_name",
    "班级": "class_name",
    "phone": "phone",
    "手机号": "phone",
    "collection_code": "collection_code",
    "采集码": "collection_code",
    "id_number": "id_number",
    "身份证号": "id_number",
}


class RosterFormatError(ValueError):
    """The roster cannot be read (what is wrong is in the message, with the line)."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFormatError("roster is neither UTF-8 nor GBK text")


def seed_from_csv(data: bytes, school_code: str, school_name: str) -> RosterSeed:
    rows: list[dict[str, Any]] = []
    reader = csv.DictReader(io.StringIO(_decode(data)))
    for line, raw in enumerate(reader, start=2):
        row = {
            CSV_COLUMNS[k.strip()]: (v or "").strip()
            for k, v in raw.items()
            if k and k.strip() in CSV_COLUMNS
        }
        if not row.get("student_no") or not row.get("name"):
            raise RosterFormatError(f"line {line}: student_no and name are required")
        for optional in ("phone", "id_number", "collection_code"):
            row[optional] = row.get(optional) or None
        rows.append(row)
    return build_seed({"school": {"code": school_code, "name": school_name}, "students": rows})


def build_seed(obj: Any) -> RosterSeed:
    """Validate a seed and give every student without a code a made-up one (stable per list)."""
    try:
        seed = RosterSeed.model_validate_json(json.dumps(obj))
    except ValidationError as exc:
        raise RosterFormatError(
            f"roster does not match the contract: {exc.error_count()} error(s)"
        ) from exc
    students = []
    for i, st in enumerate(seed.students, start=1):
        if st.collection_code is None:
            st = st.model_copy(update={"collection_code": make_code("JS", seed.school.code, i)})
        students.append(st)
    return seed.model_copy(update={"students": tuple(students)})


def load_seed_file(path: Path, school_code: str = "", school_name: str = "") -> RosterSeed:
    """A roster file: JSON in the contract's ``RosterSeed`` shape, or CSV (school given apart)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".json":
        try:
            return build_seed(json.loads(_decode(data)))
        except json.JSONDecodeError as exc:
            raise RosterFormatError(f"line {exc.lineno}: not JSON") from exc
    if not school_code:
        raise RosterFormatError("a CSV roster needs the school code (and name)")
    return seed_from_csv(data, school_code, school_name or school_code)
