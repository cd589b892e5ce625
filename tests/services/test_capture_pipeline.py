# SPDX-License-Identifier: MIT
"""submit_still on real photos: a good one becomes a 480×640 draft, a bad one says why."""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from tucai_desk.core.checks import CheckCode
from tucai_desk.core.clock import FakeClock
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.settings import StationSettings


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    st = open_station(
        tmp_path_factory.mktemp("station"), settings=StationSettings(), clock=FakeClock(), demo=True
    )
    yield st
    st.close()


def _jfif_density(data: bytes) -> tuple[int, int, int]:
    assert data[:2] == b"\xff\xd8" and data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00"
    units, xd, yd = struct.unpack(">BHH", data[13:18])
    return units, xd, yd


def test_good_photo_becomes_a_draft_within_the_standard(station: Station, photos_dir: Path) -> None:
    sid = station.capture.verify_code(demo_codes()[0]).student.id
    still = cv2.imread(str(photos_dir / "good_london_002.jpg"))
    outcome = station.capture.submit_still(sid, [still, still])
    assert outcome.passed, outcome.verdict.failed_codes()
    data = Path(outcome.draft.path).read_bytes()
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert img.shape == (640, 480, 3)
    assert 20_000 <= len(data) <= 40_000  # the national profile's band
    assert _jfif_density(data) == (1, 300, 300)
    assert station.capture.drafts(sid)[0].id == outcome.draft.id


def test_bad_photo_fails_with_its_reason_and_starts_the_cooldown(
    station: Station, photos_dir: Path
) -> None:
    sid = station.capture.verify_code(demo_codes()[1]).student.id
    still = cv2.imread(str(photos_dir / "bad_yaw_left.jpg"))
    outcome = station.capture.submit_still(sid, [still])
    assert not outcome.passed and outcome.draft is None
    assert CheckCode.POSE_YAW in [r.code for r in outcome.verdict.failures]
    assert outcome.gate.reason is BlockReason.COOLDOWN
    assert station.capture.locks(sid).other_failures == 1
    assert station.capture.drafts(sid) == []


def test_a_burst_from_the_demo_camera_fails_only_for_the_cap(station: Station) -> None:
    """The demo portrait wears a uniform cap (不得佩戴帽子): every other check passes."""
    from tucai_desk.vision.sources import open_source

    source = open_source("demo", paced=False)
    try:
        frames = [f for f in (source.read() for _ in range(40)) if f is not None][-5:]
    finally:
        source.close()
    assert len(frames) == 5 and frames[0].shape == (720, 1280, 3)
    sid = station.capture.verify_code(demo_codes()[2]).student.id
    outcome = station.capture.submit_still(sid, frames)
    assert [r.code for r in outcome.verdict.failures] == [CheckCode.HEAD_COVER]


def test_burst_picking_judges_with_the_station_profile(
    monkeypatch: pytest.MonkeyPatch, photos_dir: Path
) -> None:
    import tucai_desk.vision.burst as burst
    from tucai_desk.services.app import default_select_best

    judged_by: list[str] = []
    real = burst.select_best_frame

    def spy(frames, **kw):  # noqa: ANN001, ANN202
        judged_by.append(kw["profile"].name)
        return real(frames, **kw)

    monkeypatch.setattr(burst, "select_best_frame", spy)
    settings = StationSettings(photo_profile="school")
    select = default_select_best(settings)
    sharp = cv2.imread(str(photos_dir / "good_london_002.jpg"))
    blurred = cv2.GaussianBlur(sharp, (0, 0), 2.5)
    assert select([blurred, sharp]) == 1
    settings.photo_profile = "xinhua"  # changed in the console: the next burst follows it
    assert select([sharp, blurred]) == 0
    assert judged_by == ["school", "xinhua"]
