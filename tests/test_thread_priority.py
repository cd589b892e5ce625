# SPDX-License-Identifier: MIT
"""Background work runs below the GUI thread's priority, so the window paints first when both
want a core (on Linux the nice value is per thread; Windows has its own call)."""

from __future__ import annotations

import sys

import pytest

from tucai_desk.thread_priority import NICE_STEP, current_thread_nice, lower_current_thread
from tucai_desk.vision.pipeline import PhotoPipeline
from tucai_desk.vision.profiles import load_profile

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice")


@linux_only
def test_the_task_runner_workers_and_the_photo_check_thread_run_below_the_caller() -> None:
    from tucai_desk.ui.tasks import TaskRunner

    own = current_thread_nice()
    assert own is not None
    runner = TaskRunner.create()
    try:
        for uses_db in (False, True):
            seen = runner._db if uses_db else runner._io  # the executors the station uses
            nice = seen.submit(current_thread_nice).result(timeout=10)
            assert nice == min(19, own + NICE_STEP)
    finally:
        runner.shutdown()
    pipeline = PhotoPipeline(load_profile())
    try:
        nice = pipeline._worker().submit(current_thread_nice).result(timeout=10)
        assert nice == min(19, own + NICE_STEP)
    finally:
        pipeline.close()
    assert current_thread_nice() == own, "the calling (GUI) thread keeps its priority"


@linux_only
def test_lowering_a_thread_leaves_the_others_alone() -> None:
    import threading

    own = current_thread_nice()
    seen: list[int | None] = []

    def work() -> None:
        assert lower_current_thread()
        seen.append(current_thread_nice())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [min(19, (own or 0) + NICE_STEP)]
    assert current_thread_nice() == own
