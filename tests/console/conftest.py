# SPDX-License-Identifier: MIT
"""Fixtures of the staff console tests: a demo station on the test database, its console
services with a fake clock, an admin session, and roster files written on the fly."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from tucai_desk.core.clock import FakeClock
from tucai_desk.core.collection_code import make_code
from tucai_desk.services import demo
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.dto import StaffSession
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.models import AuditRecord, CollectionCodeRow, Student

HEADER = ["姓名", "学号", "学校", "院系", "班级", "手机号", "采集码", "身份证号"]
SCHOOL = demo.DEMO_SCHOOL_NAME
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def id_number(serial: int, born: str = "20040315") -> str:
    """A valid resident ID number (real check character) for tests."""
    body = f"320102{born}{serial % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def new_code(i: int) -> str:
    return make_code("JS", demo.DEMO_SCHOOL_CODE, 1000 + i)


def roster_row(i: int, **over: str) -> list[str]:
    values = {
        "姓名": f"新生{i}",
        "学号": f"2024{i:06d}",
        "学校": SCHOOL,
        "院系": "计算机学院",
        "班级": "计算2401班",
        "手机号": f"1390000{i:04d}",
        "采集码": new_code(i),
        "身份证号": id_number(i),
    }
    values.update(over)
    return [values[h] for h in HEADER]


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    header: Sequence[str] = HEADER,
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def jpeg(seed: int = 0) -> bytes:
    img = np.full((640, 480, 3), (255, 197, 100), np.uint8)
    cv2.circle(img, (240, 250), 100 + seed, (120, 150, 200), -1)
    return cv2.imencode(".jpg", img)[1].tobytes()


def db_state(station: Station) -> tuple[object, ...]:
    """Everything an import could change: students, codes, the audit log."""
    with station.db.session() as s:
        students = s.execute(
            select(
                Student.student_no,
                Student.name,
                Student.department,
                Student.class_name,
                Student.phone,
                Student.id_number,
            ).order_by(Student.student_no)
        ).all()
        codes = s.execute(
            select(CollectionCodeRow.code, CollectionCodeRow.student_id).order_by(
                CollectionCodeRow.code
            )
        ).all()
        audit = s.scalar(select(func.count(AuditRecord.seq)))
    digest = hashlib.sha256(repr((students, codes)).encode()).hexdigest()
    return digest, len(students), audit


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def station(tmp_path: Path, db_url: str, clock: FakeClock) -> Iterator[Station]:
    st = open_station(
        tmp_path / "data", settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    yield st
    st.close()


@pytest.fixture
def console(station: Station, clock: FakeClock) -> ConsoleServices:
    return ConsoleServices.for_station(station, clock=clock)


@pytest.fixture
def admin(station: Station) -> StaffSession:
    return station.staff.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)


def student_id(station: Station, n: int) -> int:
    check = station.capture.verify_code(demo.demo_codes()[n])
    assert check.student is not None
    return check.student.id


def take_photos(
    station: Station,
    sid: int,
    *,
    fails: int = 1,
    passes: int = 1,
    confirm: bool = True,
    seed: int | None = None,
) -> str | None:
    """Failed and passed attempts (with thumbnails), optionally confirming the last draft;
    returns the upload id. Photos are stored by content: each student gets their own."""
    seed = sid * 10 if seed is None else seed
    repo = station.capture._capture  # the repository the capture service uses
    clock = repo._clock
    for i in range(fails):
        repo.save_photo_attempt(
            sid,
            passed=False,
            failures=["exposure", "sharpness"],
            measurements={},
            jpeg=None,
            thumbnail=jpeg(seed + 5 + i),
        )
        clock.advance(seconds=30)
    draft = None
    for i in range(passes):
        saved = repo.save_photo_attempt(
            sid,
            passed=True,
            failures=[],
            measurements={},
            jpeg=jpeg(seed + i),
            thumbnail=jpeg(seed + i),
        )
        draft = saved.draft
        clock.advance(seconds=30)
    if confirm and draft is not None:
        return station.capture.confirm_upload(sid, draft.id).id
    return None


def set_remote_status(station: Station, upload_id: str, status: str) -> None:
    from tucai_desk.store.models import Upload

    with station.db.session() as s:
        upload = s.get(Upload, upload_id)
        assert upload is not None
        upload.remote_status = status
