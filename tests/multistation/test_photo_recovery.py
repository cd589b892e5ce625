# SPDX-License-Identifier: MIT
"""Photos come back from the database: a wiped photo folder, a damaged file, photos of rows from
before the blob table; a damaged database copy is reported and never served; one drainer."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import delete, select, update

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.demo import DEMO_ADMIN, DEMO_PASSWORD, DEMO_SCHOOL_CODE, demo_codes
from tucai_desk.services.settings import ServiceSettings, StationSettings
from tucai_desk.store.db import Database
from tucai_desk.store.models import Attempt, OutboxItem, PhotoBlob
from tucai_desk.store.outbox_repository import OutboxRepository
from tucai_desk.store.photos import TEMP_PREFIX, PhotoStoreError
from tucai_desk.sync.simulator import SimulatorHandle, start_simulator

pytestmark = pytest.mark.db

STATION_ID, SECRET = "station-r", "secret-r"


def photo(seed: int, size: tuple[int, int] = (480, 640)) -> bytes:
    img = np.full((size[1], size[0], 3), (255, 197, 100), np.uint8)
    cv2.circle(img, (size[0] // 2, size[1] // 2), size[0] // 4 + seed, (150, 170, 205), -1)
    return cv2.imencode(".jpg", img)[1].tobytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open(data: Path, db_url: str, service_url: str = "") -> Station:
    settings = StationSettings(
        db_url=db_url,
        school_code=DEMO_SCHOOL_CODE,
        service=ServiceSettings(
            url=service_url, station_id=STATION_ID if service_url else "", read_timeout_s=5
        ),
    )
    station = open_station(data, settings=settings, clock=FakeClock(), demo=True, start_sync=False)
    if service_url:
        station.sync.set_secret(SECRET)
    return station


def _sid(station: Station, n: int) -> int:
    student = station.capture.verify_code(demo_codes()[n]).student
    assert student is not None
    return student.id


def _confirmed(station: Station, n: int) -> tuple[int, str, str]:
    """A passed photo (with thumbnail) of demo student ``n``, confirmed; (id, photo, thumb)."""
    sid = _sid(station, n)
    repo = station.capture._capture
    saved = repo.save_photo_attempt(
        sid,
        passed=True,
        failures=[],
        measurements={},
        jpeg=photo(n),
        thumbnail=photo(n, (120, 160)),
    )
    assert saved.draft is not None
    station.capture.confirm_upload(sid, saved.draft.id)
    with station.db.session() as s:
        thumb_path = s.get(Attempt, saved.attempt_id).thumbnail_path
    assert thumb_path is not None
    return sid, saved.draft.photo_path, thumb_path


def _export(station: Station, out: Path) -> tuple[dict[str, str], list[str]]:
    admin = station.staff.login(DEMO_ADMIN, DEMO_PASSWORD)
    result = ConsoleServices.for_station(station).export.export(admin, out, include_unsynced=True)
    archive = zipfile.ZipFile(out)
    names = {n: sha(archive.read(n)) for n in archive.namelist() if n.endswith(".jpg")}
    return names, [s.reason for s in result.skipped]


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[SimulatorHandle]:
    sim = start_simulator(tmp_path / "sim", seed=17)
    sim.seed(
        {
            "school": {"code": DEMO_SCHOOL_CODE, "name": "演示学校（江苏）"},
            "stations": [{"station_id": STATION_ID, "secret": SECRET}],
            "students": [
                {"student_no": f"2023{i + 1:06d}", "name": f"学生{i}", "collection_code": code}
                for i, code in enumerate(demo_codes())
            ],
        }
    )
    yield sim
    sim.stop()


def test_a_wiped_photo_folder_comes_back_from_the_database(tmp_path: Path, db_url: str) -> None:
    data = tmp_path / "station"
    station = _open(data, db_url)
    sid, photo_path, thumb_path = _confirmed(station, 1)
    station.close()
    shutil.rmtree(data / "photos")

    station = _open(data, db_url)
    try:
        # What the screens show by path is there again, byte for byte.
        draft = station.capture.drafts(sid)[0]
        assert Path(draft.path).read_bytes() == photo(1)
        upload = station.capture.upload(sid)
        assert upload is not None and Path(upload.photo_path).read_bytes() == photo(1)
        assert station.photos.read(thumb_path) == photo(1, (120, 160))
        names, skipped = _export(station, tmp_path / "out.zip")
        assert list(names.values()) == [sha(photo(1))] and skipped == []
        assert not list((data / "photos").rglob(f"{TEMP_PREFIX}*"))
        # A damaged local file is replaced from the database, not served.
        (data / "photos" / photo_path).write_bytes(b"\xff\xd8 scrambled")
        assert station.photos.read(photo_path) == photo(1)
        assert (data / "photos" / photo_path).read_bytes() == photo(1)
    finally:
        station.close()


def test_a_damaged_database_copy_is_reported_and_never_served(
    tmp_path: Path, db_url: str, simulator: SimulatorHandle
) -> None:
    data = tmp_path / "station"
    station = _open(data, db_url, simulator.url)
    try:
        _, good, _ = _confirmed(station, 2)
        _, bad, _ = _confirmed(station, 3)
        with station.db.session() as s:
            s.execute(
                update(PhotoBlob)
                .where(PhotoBlob.sha256 == Path(bad).stem)
                .values(data=b"\xff\xd8 scrambled in the database")
            )
        (data / "photos" / bad).unlink()

        with pytest.raises(PhotoStoreError) as caught:
            station.photos.read(bad)
        assert caught.value.code == "damaged"
        assert not (data / "photos" / bad).exists()  # nothing damaged was cached
        names, skipped = _export(station, tmp_path / "out.zip")
        assert list(names.values()) == [sha(photo(2))] and skipped == ["photo_damaged"]

        report = station.sync.flush()
        assert (report.delivered, report.set_aside) == (1, 1)
        served = simulator.store.uploads()
        assert [r["sha256"] for r in served] == [Path(good).stem]
        with station.db.session() as s:
            errors = s.scalars(select(OutboxItem.last_error).where(OutboxItem.state == "failed"))
            assert list(errors) == ["photo_corrupt"]
    finally:
        station.close()


def test_photos_of_rows_older_than_the_blob_table_are_shared_when_their_station_starts(
    tmp_path: Path, db_url: str
) -> None:
    a = _open(tmp_path / "a", db_url)
    _, photo_path, _ = _confirmed(a, 4)
    a.close()
    db = Database(db_url)
    with db.session() as s:  # as if written before revision 0003
        s.execute(delete(PhotoBlob))
    db.dispose()

    b = _open(tmp_path / "b", db_url)
    try:
        with pytest.raises(PhotoStoreError) as caught:
            b.photos.read(photo_path)
        assert caught.value.code == "missing"
        _open(tmp_path / "a", db_url).close()  # A starts: its files' bytes go to the database
        assert b.photos.read(photo_path) == photo(4)
    finally:
        b.close()


def test_a_photo_file_left_by_a_crash_is_swept_and_a_stored_one_is_kept(
    tmp_path: Path, db_url: str
) -> None:
    data = tmp_path / "station"
    station = _open(data, db_url)
    _, kept, _ = _confirmed(station, 5)
    crashed, _ = station.photos.put(photo(99))  # the file was written, the commit never came
    # A copy of a stored photo that no row names at this path (cached under another kind).
    copy = f"finished/{kept.split('/', 1)[1]}"
    (data / "photos" / copy).parent.mkdir(parents=True)
    shutil.copy(data / "photos" / kept, data / "photos" / copy)
    station.close()
    station = _open(data, db_url)
    try:
        assert not (data / "photos" / crashed).exists()
        assert (data / "photos" / kept).exists() and (data / "photos" / copy).exists()
    finally:
        station.close()


_TRY_DRAIN = textwrap.dedent(
    """
    import sys
    from tucai_desk.store.db import Database
    from tucai_desk.store.outbox_repository import OutboxRepository

    db = Database(sys.argv[1])
    with OutboxRepository(db).drain_lock() as mine:
        sys.stdout.write("yes" if mine else "no")
    db.dispose()
    """
)


def _another_process_may_drain(db_url: str) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", _TRY_DRAIN, db_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return out.strip() == "yes"


def test_one_station_process_drains_at_a_time(db_url: str) -> None:
    db = Database(db_url)
    db.migrate()
    try:
        with OutboxRepository(db).drain_lock() as mine:
            assert mine
            assert not _another_process_may_drain(db_url)
        assert _another_process_may_drain(db_url)
    finally:
        db.dispose()
