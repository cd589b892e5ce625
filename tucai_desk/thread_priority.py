# SPDX-License-Identifier: MIT
"""Background threads yield the processor to the GUI thread.

On a two-core school PC the database worker, the photo checks and the models' own threads can
keep both cores busy while the window has a frame to paint; the operating system then lets the
GUI thread wait its turn (``bench day`` saw 60–70 ms stalls with no Python code blocking). Workers
call :func:`lower_current_thread` as they start, so the scheduler prefers the GUI thread when
both want a core. Threads a worker creates (the models' inference threads) inherit its priority
on Linux.

- Linux: the thread's nice value (per thread on Linux) goes up by :data:`NICE_STEP`.
- Windows: ``SetThreadPriority(THREAD_PRIORITY_BELOW_NORMAL)``.
- Elsewhere (macOS): left as it is.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

NICE_STEP = 5  # Linux: about a third of a normal thread's share when both want a core
_THREAD_PRIORITY_BELOW_NORMAL = -1


def lower_current_thread() -> bool:
    """Lower the calling thread's scheduling priority. True when the system applied it."""
    try:
        if sys.platform.startswith("linux"):
            tid = threading.get_native_id()
            now = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(19, now + NICE_STEP))
            return True
        if sys.platform == "win32":
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            handle = kernel32.GetCurrentThread()
            return bool(kernel32.SetThreadPriority(handle, _THREAD_PRIORITY_BELOW_NORMAL))
    except (OSError, AttributeError) as exc:  # a locked-down system: run at normal priority
        log.debug("thread priority left unchanged: %s", exc)
    return False


def current_thread_nice() -> int | None:
    """The calling thread's nice value on Linux (None elsewhere): for tests and diagnostics."""
    if not sys.platform.startswith("linux"):
        return None
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
