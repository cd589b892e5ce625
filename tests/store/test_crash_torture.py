# SPDX-License-Identifier: MIT
"""Crash torture: a station killed with SIGKILL at random points of capture → confirm → sync.

After every restart nothing confirmed is lost, nothing reaches the service twice, no file is
orphaned or half-written, and SQLite's integrity check passes. Every student also gets a staff
unlock, and some kills land right after the worker announces one (between the change and its audit
record, were they two transactions): no unlock is ever left without its audit record, and the
audit chain holds. ``make torture`` runs the full count
(TUCAI_TORTURE_CYCLES=200); the suite runs a smaller one.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tucai_desk.core.collection_code import make_code
from tucai_desk.store.db import Database, sqlite_url
from tucai_desk.store.models import Attempt, AuditRecord, Draft, StudentLock, Upload
from tucai_desk.store.photos import TEMP_PREFIX
from tucai_desk.store.students import StudentRepository
from tucai_desk.sync.simulator import start_simulator

WORKER = Path(__file__).with_name("torture_worker.py")
CYCLES = int(os.environ.get("TUCAI_TORTURE_CYCLES", "40"))


def _roster(db_url: str, count: int) -> dict:
    db = Database(db_url)
    db.migrate()
    repo = StudentRepository(db)
    school = repo.upsert_school("32001", "压力测试学校")
    students = []
    for i in range(1, count + 1):
        code = make_code("JS", "32001", i)
        repo.add_student(school.id, student_no=f"T{i:05d}", name=f"学生{i}", code=code)
        students.append({"student_no": f"T{i:05d}", "name": f"学生{i}", "collection_code": code})
    db.dispose()
    return {
        "school": {"code": "32001", "name": "压力测试学校"},
        "stations": [{"station_id": "station-torture", "secret": "torture-secret"}],
        "students": students,
    }


def _unaudited_unlocks(db: Database) -> int:
    """Students unlocked (a failed liveness check, no failures left) without an audit record."""
    with db.session() as s:
        failed = set(
            s.scalars(
                select(Attempt.student_id).where(
                    Attempt.kind == "liveness", Attempt.passed.is_(False)
                )
            )
        )
        unlocked = {
            lock.student_id
            for lock in s.scalars(select(StudentLock))
            if lock.student_id in failed and lock.liveness_failures == 0
        }
        audited = set(
            s.scalars(select(AuditRecord.student_id).where(AuditRecord.action == "unlock_liveness"))
        )
    assert len(unlocked) == len(failed)  # the worker unlocked every student in the end
    return len(unlocked - audited)


def _run(data: Path, db_url: str, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data), db_url, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # The worker imports this checkout's package, not whichever one the environment installed.
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


@pytest.mark.timeout(max(300, CYCLES * 15))  # the full count runs long on a busy machine
def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = tmp_path / "station"
    db_url = sqlite_url(tmp_path / "station.db")
    sim = start_simulator(tmp_path / "sim", seed=3)
    try:
        sim.seed(_roster(db_url, CYCLES))
        kills = 0
        staff_kills = 0
        confirmed: set[str] = set()
        finished = False
        while not finished and len(confirmed) < CYCLES:
            proc = _run(data, db_url, sim.url)
            assert proc.stdout is not None
            in_staff_action = False
            if rng.random() < 0.15:
                time.sleep(rng.uniform(0.0, 0.8))  # during start-up: migration, sweeps, login
            else:
                lines_to_wait = rng.randint(0, 4)
                while lines_to_wait >= 0:
                    line = proc.stdout.readline()
                    if not line:
                        finished = True
                        break
                    if line.startswith("CONFIRMED"):
                        confirmed.add(line.split()[1])
                        lines_to_wait -= 1
                    elif line.startswith("STAFF") and rng.random() < 0.4:
                        in_staff_action = True
                        break
                # Somewhere inside a cycle, or inside the staff action just announced.
                time.sleep(rng.uniform(0.0, 0.02 if in_staff_action else 0.03))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
                staff_kills += in_staff_action
            out, err = proc.communicate()
            confirmed.update(line.split()[1] for line in out.splitlines() if "CONFIRMED" in line)
            if "DONE" in out:
                finished = True
        proc = _run(data, db_url, sim.url)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and "DONE" in out, err[-3000:]
        confirmed.update(line.split()[1] for line in out.splitlines() if "CONFIRMED" in line)

        db = Database(db_url)
        with db.session() as s:
            uploads = s.scalars(select(Upload)).all()
            drafts = s.scalars(select(Draft)).all()
        # Nothing confirmed was lost: every student the worker reported has an upload row.
        assert {str(u.student_id) for u in uploads} >= confirmed
        assert len(uploads) == CYCLES
        # Each upload is at the service exactly once.
        assert sim.distinct_uploads == CYCLES
        assert sim.duplicate_content == 0
        # Every file a row names is whole; no stray or half-written file is left.
        root = data / "photos"
        for row in [*uploads, *drafts]:
            assert hashlib.sha256((root / row.photo_path).read_bytes()).hexdigest() == row.sha256
        assert not list(root.rglob(f"{TEMP_PREFIX}*"))
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        unaudited = _unaudited_unlocks(db)
        db.dispose()
        sys.stdout.write(
            f"torture: cycles={CYCLES} kills={kills} staff_kills={staff_kills} lost=0 "
            f"duplicated=0 unaudited={unaudited}\n"
        )
        assert unaudited == 0
        assert kills >= 3
    finally:
        sim.stop()


@pytest.fixture(autouse=True)
def _no_orphans_after_restart(tmp_path: Path):  # noqa: ANN202
    """After the run, one more start sweeps files no row refers to; check none remain."""
    yield
    data = tmp_path / "station"
    if not data.exists():
        return
    from tucai_desk.services.app import open_station
    from tucai_desk.services.settings import StationSettings

    station = open_station(
        data,
        settings=StationSettings(db_url=sqlite_url(tmp_path / "station.db"), school_code="32001"),
        demo=False,
        start_sync=False,
    )
    try:
        referenced = station.capture._capture.referenced_files()
        on_disk = {
            p.relative_to(station.photos.root).as_posix()
            for p in station.photos.root.rglob("*")
            if p.is_file()
        }
        assert on_disk <= referenced
    finally:
        station.close()
