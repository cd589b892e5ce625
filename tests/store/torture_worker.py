# SPDX-License-Identifier: MIT
"""A station process for the crash torture test: capture → confirm → sync until all are done, and a
staff unlock for every student (a failed liveness check, then an admin unlocks it).

Run as ``python torture_worker.py DATA_DIR DB_URL SERVICE_URL``. It is killed with SIGKILL at random
moments and started again; each start carries on from what the database says is done.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import func, select

from tucai_desk.services.app import open_station
from tucai_desk.services.settings import ServiceSettings, StationSettings
from tucai_desk.store.models import Attempt, StudentLock
from tucai_desk.store.students import StudentRepository

STATION_ID = "station-torture"
SECRET = "torture-secret"
ADMIN, ADMIN_PASSWORD = "torture-admin", "torture-admin-pass-1"


def staff_unlock(station, admin, sid: int) -> None:  # noqa: ANN001
    """Fail a liveness check and unlock it, unless a previous run got as far as the unlock."""
    with station.db.session() as s:
        failed = s.scalar(
            select(func.count(Attempt.id)).where(
                Attempt.student_id == sid, Attempt.kind == "liveness", Attempt.passed.is_(False)
            )
        )
        lock = s.get(StudentLock, sid)
    if failed and lock is not None and lock.liveness_failures == 0:
        return  # unlocked before a kill (audited or not: the test counts that)
    if not failed:
        station.capture.record_liveness_failure(sid, "timeout")
    sys.stdout.write(f"STAFF {sid}\n")
    sys.stdout.flush()
    station.staff.unlock_liveness(admin, sid, "seen in person")


def photo(n: int) -> bytes:
    img = np.full((640, 480, 3), (255, 197, 100), np.uint8)
    cv2.ellipse(img, (240, 330), (120, 150), 0, 0, 360, (150, 170, 205), -1)
    cv2.putText(img, str(n), (40, 600), cv2.FONT_HERSHEY_SIMPLEX, 2, (20, 20, 20), 3)
    return cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def main() -> int:
    data, db_url, service_url = sys.argv[1:4]
    settings = StationSettings(
        db_url=db_url,
        school_code="32001",
        service=ServiceSettings(url=service_url, station_id=STATION_ID, read_timeout_s=2),
    )
    station = open_station(Path(data), settings=settings, demo=False, start_sync=False)
    station.sync.set_secret(SECRET)
    if station.staff.needs_first_admin():
        station.staff.create_first_admin(ADMIN, ADMIN_PASSWORD)
    admin = station.staff.login(ADMIN, ADMIN_PASSWORD)
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    repo = station.capture._capture
    ids = [r.student.id for r in StudentRepository(station.db).search("T", limit=10_000)]
    for n, sid in enumerate(ids):
        station.sync.flush(max_seconds=5)
        staff_unlock(station, admin, sid)
        if station.capture.upload(sid) is not None:
            continue
        drafts = station.capture.drafts(sid)
        if drafts:
            draft_id = drafts[0].id
        else:
            saved = repo.save_photo_attempt(
                sid, passed=True, failures=[], measurements={}, jpeg=photo(n), thumbnail=photo(-n)
            )
            assert saved.draft is not None
            draft_id = saved.draft.id
        station.capture.confirm_upload(sid, draft_id)
        sys.stdout.write(f"CONFIRMED {sid}\n")
        sys.stdout.flush()
    while station.sync.status().pending:
        station.sync.flush(max_seconds=5)
    sys.stdout.write("DONE\n")
    station.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
