# SPDX-License-Identifier: MIT
"""One station process for the multi-station tests, driven by JSON commands on stdin.

Run as ``python station_worker.py DATA_DIR DB_URL SERVICE_URL STATION_ID SECRET``. Each stdin line
is ``{"op": ..., ...}``; each answer is one stdout line ``REPLY {...}``. The station is opened the
way the application opens it (``open_station``), with its sync off until ``sync`` is asked for.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from tucai_desk.services.app import Station, open_station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.demo import DEMO_ADMIN, DEMO_PASSWORD, DEMO_SCHOOL_CODE
from tucai_desk.services.settings import ServiceSettings, StationSettings


def photo(seed: int) -> bytes:
    """A distinct 480×640 JPEG for each seed."""
    img = np.full((640, 480, 3), (255, 197, 100), np.uint8)
    cv2.ellipse(img, (240, 330), (110 + seed % 20, 150), 0, 0, 360, (150, 170, 205), -1)
    cv2.putText(img, f"A{seed}", (40, 600), cv2.FONT_HERSHEY_SIMPLEX, 2, (20, 20, 20), 3)
    return cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def thumbnail(seed: int) -> bytes:
    return cv2.imencode(
        ".jpg", cv2.resize(cv2.imdecode(np.frombuffer(photo(seed), np.uint8), 1), (120, 160))
    )[1].tobytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha(path: str | None) -> str | None:
    if not path or not Path(path).is_file():
        return None
    return sha(Path(path).read_bytes())


class Worker:
    def __init__(self, station: Station) -> None:
        self.station = station
        self._console: ConsoleServices | None = None

    def console(self) -> ConsoleServices:
        if self._console is None:
            self._console = ConsoleServices.for_station(self.station)
        return self._console

    def op_draft(self, student: int, seed: int) -> dict[str, Any]:
        saved = self.station.capture._capture.save_photo_attempt(
            student,
            passed=True,
            failures=[],
            measurements={},
            jpeg=photo(seed),
            thumbnail=thumbnail(seed),
        )
        assert saved.draft is not None
        return {
            "draft": saved.draft.id,
            "path": saved.draft.photo_path,
            "sha256": saved.draft.sha256,
            "thumb_sha256": sha(thumbnail(seed)),
        }

    def op_confirm(self, student: int, draft: str) -> dict[str, Any]:
        view = self.station.capture.confirm_upload(student, draft)
        return {"upload": view.id}

    def op_sync(self) -> dict[str, Any]:
        self.station.sync.start(interval_s=0.2, poll_every_s=0.3)
        return {}

    def op_wait_idle(self, timeout: float = 40.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while self.station.sync.status().pending:
            if time.monotonic() > deadline:
                raise TimeoutError(str(self.station.sync.status()))
            time.sleep(0.05)
        return {}

    def op_has_file(self, path: str) -> dict[str, Any]:
        """Whether this station's folder holds the file (without fetching it)."""
        return {"exists": (self.station.photos.root / path).is_file()}

    def op_export(self) -> dict[str, Any]:
        admin = self.station.staff.login(DEMO_ADMIN, DEMO_PASSWORD)
        out = self.station.data_dir / "export.zip"
        result = self.console().export.export(admin, out, include_unsynced=True)
        archive = zipfile.ZipFile(out)
        photos = {
            n.removesuffix(".jpg"): sha(archive.read(n))
            for n in archive.namelist()
            if n.endswith(".jpg")
        }
        return {"photos": photos, "skipped": [s.reason for s in result.skipped]}

    def op_lookup(self, student: int) -> dict[str, Any]:
        admin = self.station.staff.login(DEMO_ADMIN, DEMO_PASSWORD)
        detail = self.console().lookup.detail(admin, student)
        return {
            "thumbs": [file_sha(a.thumbnail_path) for a in detail.attempts],
            "drafts": [file_sha(d.path) for d in detail.drafts],
        }

    def op_finished(self, student: int) -> dict[str, Any]:
        view = self.station.capture.upload(student)
        return {"sha256": file_sha(view.finished_path) if view is not None else None}

    def op_read(self, path: str) -> dict[str, Any]:
        try:
            return {"sha256": sha(self.station.photos.read(path))}
        except Exception as exc:  # noqa: BLE001 - reported to the test
            return {"error": getattr(exc, "code", type(exc).__name__)}


def main() -> int:
    data, db_url, service_url, station_id, secret = sys.argv[1:6]
    settings = StationSettings(
        db_url=db_url,
        school_code=DEMO_SCHOOL_CODE,
        service=ServiceSettings(url=service_url, station_id=station_id, read_timeout_s=5),
    )
    station = open_station(Path(data), settings=settings, demo=False, start_sync=False)
    station.sync.set_secret(secret)
    worker = Worker(station)
    sys.stdout.write("REPLY {}\n")
    sys.stdout.flush()
    try:
        for line in sys.stdin:
            command = json.loads(line)
            op = command.pop("op")
            if op == "quit":
                break
            try:
                reply = getattr(worker, f"op_{op}")(**command)
            except Exception as exc:  # noqa: BLE001 - the test shows it
                reply = {"failed": f"{type(exc).__name__}: {exc}"}
            sys.stdout.write("REPLY " + json.dumps(reply) + "\n")
            sys.stdout.flush()
    finally:
        station.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
