# SPDX-License-Identifier: MIT
"""The sync benchmark's figures are real: a small run with faults delivers all, once, in order."""

from __future__ import annotations

from pathlib import Path

from tucai_desk.services.sync_bench import run_sync_bench


def test_bench_sync_small_run_with_faults(tmp_path: Path) -> None:
    figures = run_sync_bench(uploads=15, faults=0.3, seed=2, read_timeout=0.15, workdir=tmp_path)
    assert figures["uploads"] == figures["delivered"] == 15
    assert figures["duplicates"] == 0 and figures["pending_left"] == 0
    assert figures["in_order"] is True
    assert figures["faults_injected"] > 0
    assert 20 <= figures["photo_kb"] <= 40
