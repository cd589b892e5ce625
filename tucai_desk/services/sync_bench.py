# SPDX-License-Identifier: MIT
"""``tucai-desk bench sync``: drain a queue of real-size uploads into the simulator on loopback.

The whole station path is measured: outbox rows in a SQLite station database (written by the
capture repository, as a capture would), the worker reading each photo file, the client with its
contract checks and retries, the simulator storing each upload. Only the draining is timed.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from tucai_desk.core.clock import SystemClock
from tucai_desk.core.collection_code import make_code
from tucai_desk.core.policies import PolicySettings
from tucai_desk.services.sync_service import SyncService
from tucai_desk.store.capture_repo import CaptureRepository
from tucai_desk.store.db import Database, sqlite_url
from tucai_desk.store.outbox_repository import OutboxRepository
from tucai_desk.store.photos import PhotoStore
from tucai_desk.store.students import StudentRepository
from tucai_desk.sync.client import ClientConfig, SyncClient
from tucai_desk.sync.outbox_worker import Backoff
from tucai_desk.sync.simulator import start_simulator
from tucai_desk.sync.token_store import MemoryCredentialStore, TokenStore

log = logging.getLogger(__name__)

SCHOOL = "32001"
STATION = "bench-station"
SECRET = "bench-secret"


def bench_jpeg(index: int, quality: int = 85) -> bytes:
    """A 480×640 photo-sized JPEG of about 30 KB: smooth gradients and rings, no noise, unique."""
    h, w = 640, 480
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = w / 2 + 40 * np.sin(index), h / 2 + 40 * np.cos(index)
    rings = 128 + 100 * np.sin(np.sqrt((x - cx) ** 2 + (y - cy) ** 2) / (6 + index % 7))
    image = np.dstack([rings, x / w * 255, y / h * 255]).clip(0, 255).astype(np.uint8)
    cv2.putText(image, f"{index:05d}", (40, 600), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 3)
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def queue_uploads(db: Database, photos: PhotoStore, count: int) -> tuple[list[str], int]:
    """A school of ``count`` students, each with one confirmed upload queued.

    Returns their codes and the bytes of all photos.
    """
    students = StudentRepository(db)
    school = students.upsert_school(SCHOOL, "Bench School")
    capture = CaptureRepository(db, photos, SystemClock(), STATION, lambda: PolicySettings())
    codes = []
    total = 0
    for i in range(1, count + 1):
        code = make_code("JS", SCHOOL, i)
        st = students.add_student(school.id, student_no=f"B{i:06d}", name=f"Student {i}", code=code)
        jpeg = bench_jpeg(i)
        total += len(jpeg)
        saved = capture.save_photo_attempt(
            st.id, passed=True, failures=[], measurements={}, jpeg=jpeg, thumbnail=None
        )
        assert saved.draft is not None
        capture.confirm_upload(st.id, saved.draft.id)
        codes.append(code)
    return codes, total


def run_sync_bench(
    uploads: int = 1000,
    faults: float = 0.0,
    *,
    seed: int = 7,
    read_timeout: float | None = None,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Queue ``uploads`` uploads, drain them into a simulator with ``faults``; the figures."""
    with tempfile.TemporaryDirectory(prefix="tucai-bench-sync-", dir=workdir) as tmp:
        root = Path(tmp)
        # A hang must outlast the client's read timeout, but the bench should not sleep for long.
        read_timeout = read_timeout or (0.25 if faults else 30.0)
        sim = start_simulator(root / "sim", faults=0.0, seed=seed, hang_seconds=read_timeout * 1.5)
        db = Database(sqlite_url(root / "station.db"))
        try:
            db.migrate()
            photos = PhotoStore(root / "photos")
            t0 = time.perf_counter()
            codes, photo_bytes = queue_uploads(db, photos, uploads)
            queue_seconds = time.perf_counter() - t0
            sim.seed(
                {
                    "school": {"code": SCHOOL, "name": "Bench School"},
                    "stations": [{"station_id": STATION, "secret": SECRET}],
                    "students": [
                        {"student_no": f"B{i:06d}", "name": f"Student {i}", "collection_code": c}
                        for i, c in enumerate(codes, start=1)
                    ],
                }
            )
            sim.set_faults(rate=faults)
            client = SyncClient(
                ClientConfig(sim.url, STATION, read_timeout=read_timeout, backoff_factor=0.02),
                TokenStore(MemoryCredentialStore({"secret": SECRET})),
            )
            service = SyncService(
                db=db,
                photos=photos,
                client=client,
                backoff=Backoff(base_s=0.05, cap_s=0.5, jitter=0.1),
                batch=100,
            )
            t0 = time.perf_counter()
            rounds = 0
            while True:
                rounds += 1
                report = service.flush()
                if report.pending == 0 or rounds > 10_000:
                    break
                if report.error is not None:
                    time.sleep(0.05)  # the head waits out its (short) backoff
            seconds = time.perf_counter() - t0
            service.close()
            stats = sim.stats()
            order = OutboxRepository(db).delivery_order()
            served = [row["idempotency_key"] for row in sim.store.uploads()]
        finally:
            sim.stop()
            db.dispose()
    return {
        "bench": "sync",
        "uploads": uploads,
        "faults": faults,
        "seconds": round(seconds, 3),
        "uploads_per_second": round(uploads / seconds, 1) if seconds else None,
        "delivered": stats["distinct_uploads"],
        "duplicates": stats["duplicate_content"],
        "repeats_answered": stats["duplicate_deliveries"],
        "in_order": served == order,
        "faults_injected": sum(stats["faults"].values()),
        "flush_rounds": rounds,
        "photo_kb": round(photo_bytes / max(1, uploads) / 1024, 1),
        "queue_seconds": round(queue_seconds, 2),
        "read_timeout_s": read_timeout,
        "pending_left": report.pending,
    }
