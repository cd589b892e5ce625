# SPDX-License-Identifier: MIT
"""The contract: the OpenAPI document is valid, the station's models restate it, and every request
the client sends and every answer the simulator gives conform to it (checked with openapi-core)."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from tucai_desk.core.collection_code import make_code
from tucai_desk.sync.contract import (
    STATION_MODELS,
    NotificationPreferences,
    UploadMetadata,
    load_spec,
)
from tucai_desk.sync.errors import ServiceError, SyncErrorCode
from tucai_desk.sync.simulator import FaultKind
from tucai_desk.sync.simulator.roster import TESTER_MODELS

SPEC = load_spec()
_BOUNDS = ("minLength", "maxLength", "minimum", "maximum")


@pytest.fixture(scope="module")
def api() -> OpenAPI:
    return OpenAPI.from_dict(SPEC)  # also validates the document itself


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = SPEC
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _norm_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    s = _resolve(schema)
    out = {
        "type": s.get("type"),
        "nullable": bool(s.get("nullable")),
        "enum": sorted(s["enum"]) if "enum" in s else None,
        "pattern": s.get("pattern"),
        "format": s.get("format") if s.get("format") == "date-time" else None,
        **{k: s.get(k) for k in _BOUNDS},
    }
    if out["type"] == "array":
        out["items"] = _norm_openapi(s["items"])["type"]
    return out


def _norm_pydantic(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    nullable = False
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        nullable = len(options) < len(schema["anyOf"])
        assert len(options) == 1, schema
        schema = options[0]
    if "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    enum = schema.get("enum") or ([schema["const"]] if "const" in schema else None)
    out = {
        "type": "object" if "properties" in schema else schema.get("type"),
        "nullable": nullable,
        "enum": sorted(enum) if enum else None,
        "pattern": schema.get("pattern"),
        "format": schema.get("format") if schema.get("format") == "date-time" else None,
        **{k: schema.get(k) for k in _BOUNDS},
    }
    if out["type"] == "array":
        out["items"] = _norm_pydantic(schema["items"], defs)["type"]
    return out


@pytest.mark.parametrize(
    "model", STATION_MODELS + TESTER_MODELS, ids=lambda m: m.SCHEMA_NAME or m.__name__
)
def test_model_restates_its_schema(model: Any) -> None:
    component = _resolve({"$ref": f"#/components/schemas/{model.SCHEMA_NAME}"})
    mine = model.model_json_schema()
    defs = mine.get("$defs", {})
    assert set(mine["properties"]) == set(component["properties"])
    assert set(mine.get("required", [])) == set(component.get("required", []))
    for name, prop in component["properties"].items():
        theirs = _norm_openapi(prop)
        ours = _norm_pydantic(mine["properties"][name], defs)
        optional_none = name not in component.get("required", []) and ours["nullable"]
        if optional_none and not theirs["nullable"]:
            ours["nullable"] = False  # an optional field may be left out; None means "left out"
        assert ours == theirs, f"{model.SCHEMA_NAME}.{name}"


def _operation_of(prepared: requests.PreparedRequest) -> str:
    path = prepared.path_url.split("?", 1)[0]
    for template, item in SPEC["paths"].items():
        regex = "^" + re.sub(r"\{\w+\}", "[^/]+", template) + "$"
        if re.match(regex, path) and (op := item.get(str(prepared.method).lower())):
            return str(op["operationId"])
    raise AssertionError(f"not in the contract: {prepared.method} {path}")


def test_client_requests_and_simulator_answers_conform(api: OpenAPI, sim, make_client, kit) -> None:
    school, code_of, photo, student_no = kit.SCHOOL, kit.code_of, kit.photo, kit.student_no
    seen: list[requests.Response] = []
    client = make_client(sim.url)
    client.add_response_hook(seen.append)
    tester = requests.Session()
    tester.hooks["response"].append(lambda resp, *a, **k: seen.append(resp))

    def expect(code: SyncErrorCode, call: Any, *args: Any) -> None:
        with pytest.raises(ServiceError) as info:
            call(*args)
        assert info.value.code is code

    # Station calls, answered and refused.
    client.health()
    client.authenticate()
    pages = list(client.iter_roster(school, page_size=25))
    assert sum(len(p.students) for p in pages) == pages[0].total == 60
    expect(SyncErrorCode.FORBIDDEN, client.roster_page, "32002")
    assert client.verify_code(code_of(1)).status == "valid"
    assert client.verify_code("JS32001999999999").status == "unknown"
    jpeg = photo(1)
    meta = UploadMetadata(
        collection_code=code_of(1),
        student_no=student_no(1),
        sha256=hashlib.sha256(jpeg).hexdigest(),
        size_bytes=len(jpeg),
        captured_at=datetime.now(UTC),
        notify_photo_status=True,
        notify_payment=True,
        phone="13912345678",
    )
    receipt = client.upload_photo(jpeg, meta, str(uuid.uuid4()))
    wrong = meta.model_copy(update={"collection_code": code_of(2)})
    expect(SyncErrorCode.CODE_MISMATCH, client.upload_photo, jpeg, wrong, str(uuid.uuid4()))
    assert client.photo_status(receipt.photo_id).status == "received"
    expect(SyncErrorCode.NOT_FOUND, client.photo_status, "nosuchphoto")
    expect(SyncErrorCode.NOT_READY, client.download_finished, receipt.photo_id)
    assert [s.photo_id for s in client.photo_statuses([receipt.photo_id, "gone"])] == [
        receipt.photo_id
    ]
    order = client.create_payment_order(student_no(1), 1500, str(uuid.uuid4()))
    assert client.payment_order(order.order_id).status == "pending"
    prefs = NotificationPreferences(notify_photo_status=False, notify_payment=True)
    assert client.put_notifications(student_no(2), prefs).notify_payment is True
    assert client.get_notifications(student_no(1)).phone == "13912345678"
    expect(SyncErrorCode.UNKNOWN_STUDENT, client.get_notifications, "S9999")
    ack = client.send_audit_head(3, "a" * 64, datetime.now(UTC))
    assert (ack.seq, ack.highest_seq) == (3, 3)
    # A head that went back is acknowledged with the highest one the station ever sent.
    ack = client.send_audit_head(2, "b" * 64, datetime.now(UTC))
    assert (ack.seq, ack.highest_seq, ack.highest_hash) == (2, 3, "a" * 64)

    # The service's side, through the tester calls.
    base = sim.url + "/v1/tester"
    assert tester.put(base + "/faults", json={"rate": 0}).status_code == 200
    seed = {"school": {"code": "32009", "name": "另一所"}, "students": []}
    assert tester.post(base + "/roster", json=seed).status_code == 200
    csv_roster = "学号,姓名,采集码\nT1,张三,\n".encode()
    resp = tester.post(
        base + "/roster",
        params={"school_code": "32009", "school_name": "另一所"},
        data=csv_roster,
        headers={"Content-Type": "text/csv"},
    )
    assert resp.json()["students"] == 1
    assert client.verify_code(make_code("JS", "32009", 1)).status == "other_school"
    assert tester.post(f"{base}/photos/{receipt.photo_id}/accept").json()["status"] == "accepted"
    rejection = {"reason_code": "background", "reason": "背景不符合要求"}
    assert tester.post(f"{base}/photos/{receipt.photo_id}/reject", json=rejection).ok
    assert tester.post(f"{base}/photos/{receipt.photo_id}/finish").json()["finished_available"]
    assert client.download_finished(receipt.photo_id).startswith(b"\xff\xd8")
    assert tester.post(f"{base}/payments/{order.order_id}/settle", json={"status": "paid"}).ok
    assert len(tester.get(base + "/uploads").json()["items"]) == 1
    assert tester.get(base + "/stats").json()["distinct_uploads"] == 1

    # A 5xx answer with its error body.
    sim.set_faults(rate=1.0, kinds=(FaultKind.ERROR_BEFORE,))
    expect(SyncErrorCode.SERVER_ERROR, make_client(sim.url, retries=0).health)
    sim.set_faults(rate=0.0)

    seen_ops = set()
    for resp in seen:
        request = RequestsOpenAPIRequest(resp.request)
        api.validate_request(request)
        api.validate_response(request, RequestsOpenAPIResponse(resp))
        seen_ops.add(_operation_of(resp.request))
    every_op = {
        op["operationId"]
        for item in SPEC["paths"].values()
        for method, op in item.items()
        if method in ("get", "put", "post")
    }
    assert seen_ops == every_op


def test_spoiled_answers_do_not_conform(api: OpenAPI, sim, make_client) -> None:
    """The validator used above does catch what the station must refuse."""
    client = make_client(sim.url)
    seen: list[requests.Response] = []
    client.add_response_hook(seen.append)
    sim.set_faults(corrupt="wrong_types")
    with pytest.raises(ServiceError):
        client.health()
    request = RequestsOpenAPIRequest(seen[-1].request)
    errors = list(api.iter_response_errors(request, RequestsOpenAPIResponse(seen[-1])))
    assert errors
