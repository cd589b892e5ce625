# SPDX-License-Identifier: MIT
"""``tucai-desk bench day``: a few students walk the whole flow in the real station window while
the outbox drains to a province-sim on 127.0.0.1 (figures are checked, timings are not)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tucai_desk.commands.day_bench import day_figures, slope_per_100


@pytest.mark.slow
def test_three_students_walk_the_whole_day(photos_dir: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GLOG_minloglevel="2")
    still = (
        photos_dir / "good_london_002.jpg"
    )  # a bareheaded student (the demo portrait wears a cap)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tucai_desk",
            "bench",
            "day",
            "--students",
            "3",
            "--json",
            "--still",
            str(still),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        env=env,
        timeout=280,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in figures, figures
    assert figures["students"] == 3
    assert figures["completed"] == 3, figures["error_samples"]
    assert figures["errors"] == 0
    assert figures["delivered"] == 3  # every confirmed upload reached the simulator
    assert figures["liveness"] is False and "liveness_note" in figures
    for key in ("rss_mb_start", "rss_mb_max", "software_ms_per_student_p95", "gui_stall_ms_max"):
        assert figures[key] > 0
    assert done.returncode == 0


def test_growth_is_the_slope_after_the_warm_up() -> None:
    flat_after_models = [700.0] * 20 + [500.0 + 0.1 * i for i in range(100)]
    assert slope_per_100([900.0] * 20 + [500.0] * 100) == pytest.approx(0.0)
    assert slope_per_100(flat_after_models) == pytest.approx(10.0)
    figures = day_figures(
        students=2,
        rss_mb=[410.0, 420.0],
        rss_start=300.0,
        software_ms=[900.0],
        errors=["student 2: TimeoutError"],
        stall_ms=12.0,
        delivered=1,
    )
    assert figures["completed"] == 1 and figures["errors"] == 1
    assert figures["rss_mb_max"] == 420.0
