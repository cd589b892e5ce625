# SPDX-License-Identifier: MIT
"""Two station processes on one database: limits hold when they act on one student at once."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.models import Attempt

pytestmark = pytest.mark.db

WORKER = textwrap.dedent(
    """
    import json, sys, time
    import cv2, numpy as np
    from pathlib import Path
    from tucai_desk.services.app import open_station
    from tucai_desk.services.settings import StationSettings
    from tucai_desk.store.capture_repo import RuleError

    data, url, sid, start, kind, seed = sys.argv[1:7]
    station = open_station(Path(data), settings=StationSettings(db_url=url), demo=True)
    repo = station.capture._capture
    img = np.full((640, 480, 3), 200, np.uint8)
    while time.time() < float(start):
        time.sleep(0.001)
    saved = refused = 0
    for i in range(12):
        if kind == "photo":
            cv2.putText(img, f"{seed}-{i}", (20, 40 + i * 30), 0, 1, (0, 0, 0), 2)
            jpeg = cv2.imencode(".jpg", img)[1].tobytes()
            try:
                repo.save_photo_attempt(int(sid), passed=True, failures=[], measurements={},
                                        jpeg=jpeg, thumbnail=None)
                saved += 1
            except RuleError:
                refused += 1
        else:
            station.capture.record_liveness_failure(int(sid), "timeout")
            saved += 1
    station.close()
    print(json.dumps({"saved": saved, "refused": refused}))
    """
)


def _race(tmp_path: Path, db_url: str, sid: int, kind: str) -> list[dict[str, int]]:
    start = time.time() + 3.0
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(tmp_path / f"station{i}"),
                db_url,
                str(sid),
                str(start),
                kind,
                str(i),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.fixture
def shared_db(tmp_path: Path, db_url: str) -> tuple[str, int]:
    if db_url.startswith("sqlite"):
        # Both stations open one SQLite file (a shared folder), the worst case for SQLite.
        db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    station = open_station(
        tmp_path / "setup", settings=StationSettings(db_url=db_url), clock=FakeClock(), demo=True
    )
    check = station.capture.verify_code(demo_codes()[0])
    assert check.student is not None
    station.close()
    return db_url, check.student.id


def test_draft_capacity_holds_across_two_stations(tmp_path: Path, shared_db) -> None:  # noqa: ANN001
    url, sid = shared_db
    results = _race(tmp_path, url, sid, "photo")
    assert sum(r["saved"] for r in results) == 5
    assert sum(r["refused"] for r in results) == 19
    station = open_station(tmp_path / "check", settings=StationSettings(db_url=url), demo=True)
    try:
        assert len(station.capture.drafts(sid)) == 5
    finally:
        station.close()


def test_liveness_failures_from_two_stations_all_count(tmp_path: Path, shared_db) -> None:  # noqa: ANN001
    # 24 failures race in; each counts until the third locks the account, and none after it (a
    # locked student runs no challenge). A lost update would leave more attempt rows than counts.
    url, sid = shared_db
    _race(tmp_path, url, sid, "liveness")
    station = open_station(tmp_path / "check", settings=StationSettings(db_url=url), demo=True)
    try:
        locks = station.capture.locks(sid)
        assert locks.liveness_failures == 3
        assert locks.liveness_locked
        with station.db.session() as s:
            rows = s.scalars(
                select(Attempt).where(Attempt.student_id == sid, Attempt.kind == "liveness")
            ).all()
        assert len(rows) == 3
    finally:
        station.close()
