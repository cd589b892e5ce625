# SPDX-License-Identifier: MIT
"""SyncClient against the real simulator: idempotency, bad answers, bad networks, TLS, tokens."""

from __future__ import annotations

import hashlib
import logging
import shutil
import socket
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from tucai_desk.sync.contract import UploadMetadata
from tucai_desk.sync.errors import ServiceError, SyncErrorCode
from tucai_desk.sync.simulator import FaultKind, start_simulator


def _metadata(kit, i: int, jpeg: bytes) -> UploadMetadata:
    return UploadMetadata(
        collection_code=kit.code_of(i),
        student_no=kit.student_no(i),
        sha256=hashlib.sha256(jpeg).hexdigest(),
        size_bytes=len(jpeg),
        captured_at=datetime.now(UTC),
        notify_photo_status=True,
        notify_payment=False,
    )


def _fails_with(code: SyncErrorCode, call, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as info:
        call(*args, **kwargs)
    assert info.value.code is code, info.value
    return info.value


def test_same_upload_twice_is_stored_once_with_the_same_receipt(sim, make_client, kit) -> None:
    client = make_client(sim.url)
    answers: list[requests.Response] = []
    client.add_response_hook(answers.append)
    jpeg = kit.photo(3)
    key = str(uuid.uuid4())
    meta = _metadata(kit, 3, jpeg)
    first = client.upload_photo(jpeg, meta, key)
    second = client.upload_photo(jpeg, meta, key)
    assert first == second
    uploads = [a for a in answers if a.request.path_url == "/v1/photos"]
    assert [a.headers["Idempotent-Replayed"] for a in uploads] == ["false", "true"]
    assert uploads[0].content == uploads[1].content
    assert (sim.distinct_uploads, sim.duplicate_deliveries) == (1, 1)
    # The key of that upload cannot carry another photo.
    other = kit.photo(4)
    error = _fails_with(
        SyncErrorCode.IDEMPOTENCY_CONFLICT,
        client.upload_photo,
        other,
        _metadata(kit, 3, other),
        key,
    )
    assert error.item_failure
    assert sim.distinct_uploads == 1


@pytest.mark.parametrize(
    ("corrupt", "code"),
    [
        ("bad_json", SyncErrorCode.MALFORMED_RESPONSE),
        ("wrong_types", SyncErrorCode.MALFORMED_RESPONSE),
        ("wrong_content_type", SyncErrorCode.MALFORMED_RESPONSE),
        ("foreign_redirect", SyncErrorCode.REDIRECT_REFUSED),
    ],
)
def test_answers_that_break_the_contract_raise_a_typed_error(
    sim, make_client, kit, corrupt: str, code: SyncErrorCode
) -> None:
    client = make_client(sim.url)
    client.authenticate()
    sim.set_faults(corrupt=corrupt)
    _fails_with(code, client.verify_code, kit.code_of(1))
    jpeg = kit.photo(5)
    _fails_with(code, client.upload_photo, jpeg, _metadata(kit, 5, jpeg), str(uuid.uuid4()))
    sim.set_faults(corrupt="none")
    assert client.verify_code(kit.code_of(1)).status == "valid"


def test_an_expired_token_is_renewed_without_the_caller_noticing(sim, make_client, kit) -> None:
    client = make_client(sim.url)
    answers: list[requests.Response] = []
    client.add_response_hook(answers.append)
    client.verify_code(kit.code_of(1))
    sim.store.expire_tokens()
    assert client.verify_code(kit.code_of(2)).status == "valid"
    sign_ins = [a for a in answers if a.request.path_url == "/v1/auth/token"]
    assert len(sign_ins) == 2


def test_wrong_or_missing_secret(sim, make_client, kit) -> None:
    _fails_with(
        SyncErrorCode.INVALID_CREDENTIALS,
        make_client(sim.url, secret="wrong").verify_code,
        kit.code_of(1),
    )
    _fails_with(
        SyncErrorCode.NOT_CONFIGURED, make_client(sim.url, secret="").verify_code, kit.code_of(1)
    )


def test_the_token_is_kept_in_the_store_and_never_logged(
    sim, make_client, kit, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(sim.url)
    client.verify_code(kit.code_of(1))
    token = client.tokens.token()
    assert token is not None and len(token.access_token) >= 16
    assert token.access_token not in caplog.text
    assert kit.SECRET not in caplog.text


def test_a_hanging_service_ends_in_a_timeout(sim, make_client, kit) -> None:
    client = make_client(sim.url, read_timeout=0.2, retries=1)
    client.authenticate()
    sim.set_faults(rate=1.0, kinds=(FaultKind.HANG_BEFORE,), hang_seconds=0.5)
    _fails_with(SyncErrorCode.TIMEOUT, client.verify_code, kit.code_of(1))


def test_resets_and_errors_are_retried_on_the_adapter(sim, make_client, kit) -> None:
    client = make_client(sim.url, retries=8)
    client.authenticate()
    sim.set_faults(
        rate=0.5,
        kinds=(
            FaultKind.RESET_BEFORE,
            FaultKind.RESET_AFTER,
            FaultKind.ERROR_BEFORE,
            FaultKind.ERROR_AFTER,
        ),
    )
    for i in range(1, 11):
        assert client.verify_code(kit.code_of(i)).student_no == kit.student_no(i)
    assert sum(sim.stats()["faults"].values()) > 0
    sim.set_faults(rate=1.0, kinds=(FaultKind.RESET_BEFORE,))
    _fails_with(SyncErrorCode.NETWORK, make_client(sim.url, retries=1).health)


def test_nothing_listening_is_a_network_error(make_client) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _fails_with(SyncErrorCode.NETWORK, make_client(f"http://127.0.0.1:{port}").health)


@pytest.fixture
def tls_cert(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_tls_is_verified_against_the_configured_bundle(
    tmp_path: Path, make_client, tls_cert, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = tls_cert
    handle = start_simulator(tmp_path / "tls-sim", tls_cert=cert, tls_key=key)
    try:
        assert handle.url.startswith("https://")
        _fails_with(SyncErrorCode.TLS, make_client(handle.url, retries=0).health)
        # An environment variable naming another bundle must not override the setting.
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/bundle.pem")
        assert make_client(handle.url, ca_bundle=str(cert)).health().status == "ok"
    finally:
        handle.stop()
