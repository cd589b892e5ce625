# SPDX-License-Identifier: MIT
"""Test-wide setup: offscreen Qt, English locale, loopback-only network, shared test material."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

# Before anything imports Qt: with no display the process would abort.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANG"] = "en_US.UTF-8"
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest  # noqa: E402

if TYPE_CHECKING:
    import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_DATA = SHARED / "data"
PHOTOS = SHARED_DATA / "photos"
VIDEOS = SHARED_DATA / "videos"

_LOOPBACK = ("127.", "::1", "localhost")


def _is_loopback(address: object) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX sockets (PostgreSQL's local socket, D-Bus)
    return isinstance(address, tuple) and bool(address) and str(address[0]).startswith(_LOOPBACK)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any connection that is not to this machine, so no test reaches out by accident."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise ConnectionRefusedError(f"test tried to reach {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if not _is_loopback(address):
            raise ConnectionRefusedError(f"test tried to reach {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture(scope="session")
def photos_dir() -> Path:
    if not PHOTOS.is_dir():
        pytest.skip("shared test photos are not present")
    return PHOTOS


@pytest.fixture(scope="session")
def videos_dir() -> Path:
    if not VIDEOS.is_dir():
        pytest.skip("shared test videos are not present")
    return VIDEOS


@pytest.fixture(scope="session")
def demo_camera_frame() -> np.ndarray:
    """The first frame of the demo camera's clip (a portrait in a uniform cap)."""
    import cv2

    from tucai_desk.paths import resource

    clip = cv2.VideoCapture(str(resource("demo", "demo_camera.mp4")))
    try:
        ok, frame = clip.read()
    finally:
        clip.release()
    assert ok, "the demo camera clip cannot be read"
    return frame


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh, empty database: PostgreSQL when TUCAI_TEST_DB_URL is set, else a SQLite file."""
    url = os.environ.get("TUCAI_TEST_DB_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'tucai.db'}"
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def good_photo_bgr():  # noqa: ANN201
    """A real frontal studio photo (BGR) from the shared material."""
    import cv2

    path = PHOTOS / "good_london_002.jpg"
    if not path.exists():
        pytest.skip("shared test photos are not present")
    return cv2.imread(str(path))


class JudgedAs:
    """The real photo pipeline, its verdict then given the outcomes in ``extra`` (code →
    outcome): the verdicts issue 13 asks of the checks (a head covering FAILs ``head_cover``,
    painted clothing WARNs ``clothing_extended``) before the checks produce them."""

    def __init__(self) -> None:
        from tucai_desk.vision.pipeline import PhotoPipeline
        from tucai_desk.vision.profiles import load_profile

        self._real = PhotoPipeline(load_profile())
        self.extra: dict[object, object] = {}

    def process(self, still: np.ndarray):  # noqa: ANN201
        from dataclasses import replace

        from tucai_desk.core.checks import CheckResult, Verdict

        real = self._real.process(still)
        kept = tuple(r for r in real.verdict.results if r.code not in self.extra)
        added = tuple(CheckResult(code, outcome) for code, outcome in self.extra.items())  # type: ignore[arg-type]
        return replace(real, verdict=Verdict(kept + added))


@pytest.fixture(scope="session")
def judged_pipeline() -> JudgedAs:
    """One :class:`JudgedAs` for the session (the models load once); ``extra`` is cleared."""
    return JudgedAs()


@pytest.fixture
def judged(judged_pipeline: JudgedAs) -> JudgedAs:
    judged_pipeline.extra = {}
    return judged_pipeline


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that takes a database runs on PostgreSQL too (``make test`` selects ``-m db``)."""
    for item in items:
        if "db_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
