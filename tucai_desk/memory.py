# SPDX-License-Identifier: MIT
"""Keeping the station's memory flat over a day of students.

Two things made the resident size of the station grow with every student without any object
being leaked (``bench day`` measured it):

- glibc's allocator gives every thread that allocates its own arena (up to 8 per core). The
  camera, analysis, task and sync threads all handle megabyte-sized frames and images; freed
  blocks stay in whichever arena they came from, so the process kept the high-water mark of
  every arena. :func:`limit_allocator_arenas` caps them at two (Linux/glibc only; Windows' heap
  and macOS's allocator do not work this way and are left alone).
- PySide6's import hook reads the source of every importing module through ``linecache`` (about
  30 MB for this package and its libraries), which then stays cached for the life of the
  process; the station never needs those lines.

:func:`release_free_memory` is called between students: it drops that cache and hands freed heap
pages back to the system.

Python's cyclic garbage collector, when it runs a full collection, walks every object of the
process (about 150,000 once Qt, mediapipe and SQLAlchemy are loaded: some 115 ms) while holding the
interpreter lock, so whichever thread triggers it stalls the GUI for that long (once every few
hundred students in ``bench day``). :func:`freeze_loaded_objects`, called once the models are
loaded, moves what exists then out of the collector's sight; later collections walk only what
the day itself creates.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import linecache
import logging
import sys

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # mallopt parameter of glibc's malloc.h
ARENAS = 2


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def limit_allocator_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (call early, before the threads start). True when applied."""
    libc = _glibc()
    if libc is None:
        return False
    applied = bool(libc.mallopt(_M_ARENA_MAX, arenas))
    log.debug("malloc arenas capped at %d: %s", arenas, applied)
    return applied


def release_free_memory() -> None:
    """Drop the source-line cache and return free heap pages to the system (cheap: a few ms)."""
    linecache.clearcache()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def freeze_loaded_objects() -> int:
    """Exempt every object alive now (modules, models, windows) from later collections; returns
    how many objects are frozen in all. Call once start-up is done."""
    gc.freeze()
    return gc.get_freeze_count()
