# SPDX-License-Identifier: MIT
"""Shared, session-wide material for the live-view tests: landmark tracks of the labelled clips.

Each clip goes through the Face Landmarker once per test session. The blink clip's frames come in
near-duplicate pairs (about 15 distinct frames per second), so every second frame carries all of
its information and halves the cost; the others are tracked frame by frame.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tucai_desk.vision.live.evaluation import ClipTrack, read_manifest, track_clip

_EVERY = {"live_blink_focus_mahie.avi": 2}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The first test here runs the Face Landmarker over every clip (about 80 s on an idle
    # 2-core machine): more room than the suite's per-test limit on a busy one.
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.timeout(900))


@pytest.fixture(scope="session")
def live_tracks(videos_dir: Path) -> dict[str, ClipTrack]:
    tracks = {}
    for entry in read_manifest(videos_dir):
        every = _EVERY.get(entry.file, 1)
        tracks[entry.file] = track_clip(videos_dir / entry.file, entry, every=every)
    return tracks
