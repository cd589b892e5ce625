# SPDX-License-Identifier: MIT
"""The simulator as a school uses it: the command line, a roster file, state kept on restart."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tucai_desk.sync.client import ClientConfig, SyncClient
from tucai_desk.sync.contract import UploadMetadata
from tucai_desk.sync.errors import ServiceError
from tucai_desk.sync.simulator import FaultKind, start_simulator
from tucai_desk.sync.simulator.roster import RosterFormatError, load_seed_file
from tucai_desk.sync.token_store import MemoryCredentialStore, TokenStore

REPO = Path(__file__).resolve().parents[2]


def test_state_survives_a_restart(tmp_path: Path, make_client, kit) -> None:
    data = tmp_path / "sim"
    first = start_simulator(data)
    first.seed(kit.roster_seed())
    client = make_client(first.url)
    jpeg = kit.photo(1)
    meta = UploadMetadata(
        collection_code=kit.code_of(1),
        student_no=kit.student_no(1),
        sha256=hashlib.sha256(jpeg).hexdigest(),
        size_bytes=len(jpeg),
        captured_at=datetime.now(UTC),
        notify_photo_status=False,
        notify_payment=False,
    )
    key = str(uuid.uuid4())
    receipt = client.upload_photo(jpeg, meta, key)
    first.publish_finished(receipt.photo_id)
    first.stop()

    again = start_simulator(data)
    try:
        client = make_client(again.url)
        assert client.upload_photo(jpeg, meta, key) == receipt
        assert client.photo_status(receipt.photo_id).finished_available
        assert len(client.download_finished(receipt.photo_id)) > 0
        assert client.roster_page(kit.SCHOOL).total == 60
        assert (again.distinct_uploads, again.duplicate_deliveries) == (1, 1)
    finally:
        again.stop()


def test_a_seed_makes_the_faults_repeatable(tmp_path: Path, make_client) -> None:
    def outcomes(name: str) -> list[str]:
        handle = start_simulator(tmp_path / name, faults=0.5, seed=42)
        handle.set_faults(kinds=(FaultKind.ERROR_BEFORE, FaultKind.RESET_BEFORE))
        client = make_client(handle.url, retries=0)
        seen = []
        try:
            for _ in range(20):
                try:
                    client.health()
                    seen.append("ok")
                except ServiceError as exc:
                    seen.append(exc.code.value)
        finally:
            handle.stop()
        return seen

    first = outcomes("a")
    assert first == outcomes("b")
    assert {"ok", "server_error", "network"} <= set(first)


def _write_gbk_roster(path: Path) -> None:
    text = (
        "学号,姓名,院系,班级,手机号,采集码\n"
        "A001,张三,计算机学院,计科1班,13900000001,\n"
        "A002,李四,,,,\n"
    )
    path.write_bytes(text.encode("gbk"))


def test_a_roster_file_in_the_schools_own_format(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    _write_gbk_roster(roster)
    seed = load_seed_file(roster, "32001", "示范学校")
    assert [s.name for s in seed.students] == ["张三", "李四"]
    assert all(s.collection_code and s.collection_code.startswith("JS32001") for s in seed.students)
    broken = tmp_path / "broken.csv"
    broken.write_text("姓名\n王五\n", encoding="utf-8")
    with pytest.raises(RosterFormatError, match="line 2"):
        load_seed_file(broken, "32001")


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX")
def test_the_province_sim_command(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    _write_gbk_roster(roster)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tucai_desk",
            "province-sim",
            "--port",
            "0",
            "--data",
            str(tmp_path / "sim"),
            "--roster",
            str(roster),
            "--school-code",
            "32001",
            "--school-name",
            "示范学校",
            "--station",
            "dry-run:secret-1",
            "--faults",
            "0.2",
            "--seed",
            "1",
            "--hang-seconds",
            "0.5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        assert "2 students" in lines[0]
        url = lines[1].split("listening on ", 1)[1].split()[0]
        client = SyncClient(
            ClientConfig(url, "dry-run", read_timeout=0.3, retries=8, backoff_factor=0.01),
            TokenStore(MemoryCredentialStore({"secret": "secret-1"})),
        )
        page = client.roster_page("32001")
        client.close()
        assert [s.student_no for s in page.students] == ["A001", "A002"]
        assert page.students[0].phone == "13900000001"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "stopped" in out
