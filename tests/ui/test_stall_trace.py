# SPDX-License-Identifier: MIT
"""The stall tracer names the code that kept the GUI thread from its event loop."""

from __future__ import annotations

import time

from tucai_desk.ui.stall_trace import StallTracer


class _Probe:
    def __init__(self) -> None:
        self.last_tick = time.perf_counter()


def _slow_slot(probe: _Probe) -> None:
    time.sleep(0.15)  # the work that blocks the loop
    probe.last_tick = time.perf_counter()  # the loop runs again


def test_a_stall_is_reported_with_the_function_that_held_the_thread() -> None:
    probe = _Probe()
    tracer = StallTracer(probe, threshold_ms=50, sample_ms=2)
    tracer.start()
    try:
        for _ in range(3):  # short gaps are not stalls
            time.sleep(0.01)
            probe.last_tick = time.perf_counter()
        _slow_slot(probe)
        time.sleep(0.05)
    finally:
        tracer.stop()
    assert tracer.count == 1
    [row] = tracer.report()
    assert row["ms"] >= 140
    assert any("_slow_slot" in frame for frame in row["stack"])  # type: ignore[attr-defined]
