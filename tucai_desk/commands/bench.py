# SPDX-License-Identifier: MIT
"""``tucai-desk bench all``: every benchmark of the project in one JSON object.

Each benchmark lives with its area and is also a subcommand of its own; this one imports their
functions and runs them one after the other (never in parallel: they would time each other).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from tucai_desk.commands import CommandGroups

log = logging.getLogger(__name__)

# name in the output → "module:function" returning a dict of figures
BENCHMARKS: dict[str, str] = {
    "startup": "tucai_desk.commands.startup_bench:run_startup_bench",
    "verdict": "tucai_desk.commands.photo:run_verdict_bench",
    "live_analysis": "tucai_desk.commands.liveness:run_live_bench",
    "live": "tucai_desk.commands.live_bench:run_live_bench",
    "day": "tucai_desk.commands.day_bench:run_short_day",
    "sync": "tucai_desk.commands.sync:run_sync_bench",
    "lookup": "tucai_desk.commands.console:run_lookup_bench",
    "import": "tucai_desk.commands.console:run_import_bench",
}


def register(groups: CommandGroups) -> None:
    p = groups.bench.add_parser("all", help="run every benchmark; one JSON object")
    p.add_argument("--json", action="store_true", help="print JSON (the default here)")
    p.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="a subset")
    p.set_defaults(func=run_all)


def _resolve(target: str) -> Callable[[], dict[str, Any]]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def run_all(args: argparse.Namespace) -> int:
    chosen = args.only or list(BENCHMARKS)
    out: dict[str, Any] = {}
    failed = False
    for name in chosen:
        started = time.perf_counter()
        try:
            figures = _resolve(BENCHMARKS[name])()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            log.exception("benchmark %s failed", name)
            figures = {"error": f"{type(exc).__name__}: {exc}"}
            failed = True
        figures.setdefault("bench_seconds", round(time.perf_counter() - started, 2))
        out[name] = figures
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return 1 if failed else 0
