# SPDX-License-Identifier: MIT
"""A full disk while writing a photo: a clear error, nothing half-written, nothing recorded."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.models import Attempt
from tucai_desk.store.photos import TEMP_PREFIX, PhotoStore, PhotoStoreError


@pytest.fixture
def tiny_disk(tmp_path: Path):  # noqa: ANN201
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _noise_jpeg() -> bytes:
    rng = np.random.default_rng(1)
    img = rng.integers(0, 255, (640, 480, 3), dtype=np.uint8)
    return cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 95])[1].tobytes()


def test_photo_store_reports_a_full_disk_and_leaves_no_partial_file(tiny_disk: Path) -> None:
    store = PhotoStore(tiny_disk / "photos")
    data = _noise_jpeg()
    assert len(data) > 64 * 1024
    with pytest.raises(PhotoStoreError) as err:
        store.put(data)
    assert err.value.code == "disk_full"
    leftovers = [p for p in (tiny_disk / "photos").rglob("*") if p.is_file()]
    assert leftovers == []
    assert not list((tiny_disk / "photos").rglob(f"{TEMP_PREFIX}*"))


def test_a_failed_photo_write_records_no_attempt(tmp_path: Path, tiny_disk: Path) -> None:
    station = open_station(
        tmp_path / "data", settings=StationSettings(), clock=FakeClock(), demo=True
    )
    try:
        station.photos.root = tiny_disk  # the photo folder sits on the full disk
        sid = station.capture.verify_code(demo_codes()[0]).student.id
        repo = station.capture._capture
        repo._photos = station.photos
        with pytest.raises(PhotoStoreError):
            repo.save_photo_attempt(
                sid, passed=True, failures=[], measurements={}, jpeg=_noise_jpeg(), thumbnail=None
            )
        with station.db.session() as s:
            assert s.scalar(select(func.count(Attempt.id))) == 0
        assert station.capture.drafts(sid) == []
    finally:
        station.close()
