# SPDX-License-Identifier: MIT
"""``tucai-desk bench startup``: start a real station process and read its own timings.

Goals: ``window_s`` ≤ 2 s (start → interactive window, models loading behind it),
``models_ready_s`` ≤ 4 s, ``rss_mb_capture`` ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from tucai_desk.commands import CommandGroups, self_command


def register(groups: CommandGroups) -> None:
    p = groups.bench.add_parser("startup", help="start-up time and memory of the station")
    p.add_argument("--json", action="store_true")
    p.add_argument("--runs", type=int, default=3)
    p.set_defaults(func=_run)


def _one_run(data_dir: str) -> dict[str, Any]:
    env = dict(os.environ, TUCAI_BENCH_STARTUP="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        self_command("gui", "--demo", "--camera", "demo", "--data-dir", data_dir),
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"error": f"exit {done.returncode}: {done.stderr[-500:]}"}


def run_startup_bench(runs: int = 3) -> dict[str, Any]:
    """The median of ``runs`` cold-ish starts (the first start also creates the data folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        _one_run(tmp)  # first start: database creation and demo roster, not what is measured
        results = [_one_run(tmp) for _ in range(runs)]
    good = [r for r in results if "error" not in r]
    if not good:
        return {"error": results[-1].get("error", "no result")}
    out: dict[str, Any] = {}
    for key in ("window_s", "models_ready_s", "rss_mb_capture"):
        values = sorted(r[key] for r in good if key in r)
        if values:
            out[key] = values[len(values) // 2]
    out["runs"] = len(good)
    return out


def _run(args: argparse.Namespace) -> int:
    figures = run_startup_bench(args.runs)
    sys.stdout.write(json.dumps(figures) + "\n")
    return 1 if "error" in figures else 0
