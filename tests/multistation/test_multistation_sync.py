# SPDX-License-Identifier: MIT
"""Two station processes on one database, each with its own photo folder, one provincial service.

Drafts are taken at station A and confirmed at station B; both run their sync. Every upload
reaches the service once, in confirm order, with the right bytes; B drains items whose files only
A has; a finished photo one station downloads is readable at both; B exports and looks up photos
only A wrote.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import DEMO_SCHOOL_CODE, demo_codes
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.db import Database
from tucai_desk.store.models import OutboxItem, Upload
from tucai_desk.store.outbox_repository import OutboxRepository
from tucai_desk.sync.simulator import SimulatorHandle, start_simulator

pytestmark = pytest.mark.db

WORKER = Path(__file__).with_name("station_worker.py")
STATIONS = {"A": ("station-a", "secret-a"), "B": ("station-b", "secret-b")}
STUDENTS = 6


class StationProcess:
    """A station subprocess answering one JSON command at a time."""

    def __init__(self, name: str, data: Path, db_url: str, sim_url: str) -> None:
        station_id, secret = STATIONS[name]
        self.name = name
        self.data = data
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(data), db_url, sim_url, station_id, secret],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
            # The worker imports this checkout's package, not the one the environment installed.
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )

    def _reply(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                _, err = self.proc.communicate(timeout=10)
                raise AssertionError(f"station {self.name} ended:\n{err[-3000:]}")
            if line.startswith("REPLY "):
                reply = json.loads(line[6:])
                assert "failed" not in reply, f"station {self.name}: {reply['failed']}"
                return reply

    def ready(self) -> None:
        self._reply()

    def __call__(self, op: str, **args: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        return self._reply()

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
            self.proc.stdin.flush()
            try:
                self.proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.communicate()


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[SimulatorHandle]:
    sim = start_simulator(tmp_path / "sim", seed=13)
    sim.seed(
        {
            "school": {"code": DEMO_SCHOOL_CODE, "name": "演示学校（江苏）"},
            "stations": [{"station_id": i, "secret": secret} for i, secret in STATIONS.values()],
            "students": [
                {"student_no": f"2023{i + 1:06d}", "name": f"学生{i}", "collection_code": code}
                for i, code in enumerate(demo_codes())
            ],
        }
    )
    yield sim
    sim.stop()


@pytest.fixture
def students(tmp_path: Path, db_url: str) -> list[tuple[int, str]]:
    """The shared database with the demo school; (student id, 学号) of the first students."""
    station = open_station(
        tmp_path / "setup",
        settings=StationSettings(db_url=db_url),
        clock=FakeClock(),
        demo=True,
        start_sync=False,
    )
    try:
        found = []
        for code in demo_codes()[:STUDENTS]:
            student = station.capture.verify_code(code).student
            assert student is not None
            found.append((student.id, student.student_no))
        return found
    finally:
        station.close()


def _wait(condition: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_drafts_at_one_station_confirmed_and_synced_at_another(
    tmp_path: Path, db_url: str, simulator: SimulatorHandle, students: list[tuple[int, str]]
) -> None:
    a = StationProcess("A", tmp_path / "a", db_url, simulator.url)
    b = StationProcess("B", tmp_path / "b", db_url, simulator.url)
    db = Database(db_url)
    try:
        a.ready()
        b.ready()
        drafts = [a("draft", student=sid, seed=n) for n, (sid, _) in enumerate(students)]
        first_sid, first_no = students[0]

        # B exports and looks up a photo only A has: fetched from the database, bytes checked.
        a("confirm", student=first_sid, draft=drafts[0]["draft"])
        assert not b("has_file", path=drafts[0]["path"])["exists"]
        exported = b("export")
        assert exported["photos"] == {first_no: drafts[0]["sha256"]}
        assert exported["skipped"] == []
        seen = b("lookup", student=first_sid)
        assert seen["thumbs"] == [drafts[0]["thumb_sha256"]]
        assert seen["drafts"] == [drafts[0]["sha256"]]

        # B drains alone: A's confirmed photo, which B has never seen, goes out from B.
        b("sync")
        a("confirm", student=students[1][0], draft=drafts[1]["draft"])
        b("wait_idle")
        assert b("has_file", path=drafts[1]["path"])["exists"]  # read from the database
        assert simulator.distinct_uploads == 2

        # Both drain while B confirms the rest of A's drafts.
        a("sync")
        for n in range(2, STUDENTS):
            b("confirm", student=students[n][0], draft=drafts[n]["draft"])
        a("wait_idle")
        b("wait_idle")

        # Exactly once, in confirm order, with the bytes the student confirmed.
        served = simulator.store.uploads()
        confirm_order = OutboxRepository(db).delivery_order()
        assert [row["idempotency_key"] for row in served] == confirm_order
        assert [row["student_no"] for row in served] == [no for _, no in students]
        assert simulator.distinct_uploads == STUDENTS and simulator.duplicate_content == 0
        assert simulator.duplicate_deliveries == 0  # never sent twice: one drainer at a time
        for row, draft in zip(served, drafts, strict=True):
            data = simulator.store.photo_bytes(row["photo_id"])
            assert row["sha256"] == hashlib.sha256(data).hexdigest() == draft["sha256"]
        with db.session() as s:
            assert s.scalars(select(OutboxItem.state).distinct()).all() == ["delivered"]

        # A finished photo the service publishes is readable at both stations.
        sid, _ = students[3]
        remote = next(r["photo_id"] for r in served if r["student_no"] == students[3][1])
        simulator.publish_finished(remote)
        finished = hashlib.sha256(simulator.store.finished_bytes(remote)).hexdigest()

        def downloaded() -> bool:
            with db.session() as s:
                upload = s.scalars(select(Upload).where(Upload.student_id == sid)).one()
                return upload.finished_path is not None

        _wait(downloaded)
        assert a("finished", student=sid)["sha256"] == finished
        assert b("finished", student=sid)["sha256"] == finished
    finally:
        a.close()
        b.close()
        db.dispose()
