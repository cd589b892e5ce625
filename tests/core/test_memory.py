# SPDX-License-Identifier: MIT
"""Objects loaded at start-up are left out of later garbage collections (tucai_desk/memory.py):
a full collection then walks only what the day creates, not the whole of Qt, mediapipe and
SQLAlchemy while holding the interpreter lock."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tucai_desk.memory import freeze_loaded_objects


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_objects_loaded_at_start_are_left_out_of_later_collections(unfrozen: None) -> None:
    loaded = [[i] for i in range(1000)]  # containers the collector tracks, like a library's
    frozen = freeze_loaded_objects()
    assert frozen >= len(loaded)
    made_later = [[i] for i in range(10)]
    seen = {id(o) for o in gc.get_objects()}  # what a full collection walks
    assert not any(id(item) in seen for item in loaded)
    assert all(id(item) in seen for item in made_later)
    # Garbage made after start-up is still found and freed.
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1
