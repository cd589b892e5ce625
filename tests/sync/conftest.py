# SPDX-License-Identifier: MIT
"""Fixtures for the sync tests: a real simulator on loopback and a real station database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import cv2
import numpy as np
import pytest

from tucai_desk.core.clock import FakeClock
from tucai_desk.core.collection_code import make_code
from tucai_desk.core.policies import PolicySettings
from tucai_desk.store.capture_repo import CaptureRepository
from tucai_desk.store.db import Database, sqlite_url
from tucai_desk.store.photos import PhotoStore
from tucai_desk.store.students import StudentRepository
from tucai_desk.sync.client import ClientConfig, SyncClient
from tucai_desk.sync.simulator import SimulatorHandle, start_simulator
from tucai_desk.sync.token_store import MemoryCredentialStore, TokenStore

SCHOOL = "32001"
STATION = "station-t1"
SECRET = "t1-secret"
STUDENTS = 60


def student_no(i: int) -> str:
    return f"S{i:04d}"


def code_of(i: int) -> str:
    return make_code("JS", SCHOOL, i)


def roster_seed(count: int = STUDENTS) -> dict[str, Any]:
    return {
        "school": {"code": SCHOOL, "name": "测试学校"},
        "stations": [{"station_id": STATION, "secret": SECRET}],
        "students": [
            {"student_no": student_no(i), "name": f"学生{i}", "collection_code": code_of(i)}
            for i in range(1, count + 1)
        ],
    }


def photo(i: int) -> bytes:
    """A small distinct JPEG (content differs per index)."""
    image = np.full((160, 120, 3), (180, 150, 120), np.uint8)
    cv2.putText(image, str(i), (10, 90), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (20, 20, 20), 2)
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buf.tobytes()


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SimulatorHandle]:
    handle = start_simulator(tmp_path / "sim", seed=11, hang_seconds=0.6)
    handle.seed(roster_seed())
    yield handle
    handle.stop()


@pytest.fixture
def make_client() -> Iterator[Callable[..., SyncClient]]:
    made: list[SyncClient] = []

    def make(url: str, **config: Any) -> SyncClient:
        options: dict[str, Any] = {"read_timeout": 0.4, "retries": 4, "backoff_factor": 0.01}
        options.update(config)
        secret = options.pop("secret", SECRET)
        client = SyncClient(
            ClientConfig(url, STATION, **options),
            TokenStore(MemoryCredentialStore({"secret": secret})),
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@dataclass
class Station:
    """A station database with a school and students, and a way to confirm uploads."""

    db: Database
    photos: PhotoStore
    students: StudentRepository
    capture: CaptureRepository
    clock: FakeClock
    ids: dict[int, int]  # roster index -> student id

    def confirm(self, i: int, jpeg: bytes | None = None) -> str:
        """Take a passing photo of student ``i`` and confirm it; returns the upload id."""
        sid = self.ids[i]
        saved = self.capture.save_photo_attempt(
            sid, passed=True, failures=[], measurements={}, jpeg=jpeg or photo(i), thumbnail=None
        )
        assert saved.draft is not None
        return self.capture.confirm_upload(sid, saved.draft.id).id


def open_station(
    root: Path, count: int = STUDENTS, clock: FakeClock | None = None, url: str | None = None
) -> Station:
    """A station database (a SQLite file in ``root`` unless ``url`` names another)."""
    root.mkdir(parents=True, exist_ok=True)
    db = Database(url or sqlite_url(root / "station.db"))
    db.migrate()
    photos = PhotoStore(root / "photos")
    students = StudentRepository(db)
    clock = clock or FakeClock()
    capture = CaptureRepository(db, photos, clock, STATION, lambda: PolicySettings())
    school = students.school_by_code(SCHOOL) or students.upsert_school(SCHOOL, "测试学校")
    ids = {}
    for i in range(1, count + 1):
        found = students.by_code(code_of(i))
        if found is None:
            st = students.add_student(
                school.id, student_no=student_no(i), name=f"学生{i}", code=code_of(i)
            )
            ids[i] = st.id
        else:
            ids[i] = found[0].student.id
    return Station(db, photos, students, capture, clock, ids)


@pytest.fixture
def station(tmp_path: Path, db_url: str) -> Iterator[Station]:
    """On PostgreSQL too when the test run names one (``db_url`` marks the test ``db``)."""
    st = open_station(tmp_path / "station", url=db_url)
    yield st
    st.db.dispose()


@pytest.fixture
def kit() -> SimpleNamespace:
    """The helpers above, for test modules (conftest modules cannot be imported by name)."""
    return SimpleNamespace(
        SCHOOL=SCHOOL,
        STATION=STATION,
        SECRET=SECRET,
        student_no=student_no,
        code_of=code_of,
        roster_seed=roster_seed,
        photo=photo,
        open_station=open_station,
    )
