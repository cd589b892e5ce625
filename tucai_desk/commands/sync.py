# SPDX-License-Identifier: MIT
"""``tucai-desk province-sim`` (the service simulator) and ``tucai-desk bench sync``."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from tucai_desk.commands import CommandGroups

log = logging.getLogger(__name__)


def register(groups: CommandGroups) -> None:
    sim = groups.root.add_parser(
        "province-sim",
        help="run the provincial service simulator (dry runs, tests)",
        description=(
            "Serve the provincial service contract (resources/openapi.yaml) from DIR, with its "
            "tester calls under /v1/tester/. State survives a restart."
        ),
    )
    sim.add_argument("--port", type=int, default=8765, help="TCP port (0: any free port)")
    sim.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sim.add_argument("--data", required=True, type=Path, help="the simulator's data folder")
    sim.add_argument("--faults", type=float, default=0.0, help="share of faulted calls, 0..1")
    sim.add_argument("--latency-ms", type=int, default=0, help="added to every station call")
    sim.add_argument("--seed", type=int, default=None, help="seed of the fault generator")
    sim.add_argument(
        "--hang-seconds", type=float, default=35.0, help="how long a timeout fault hangs"
    )
    sim.add_argument("--token-ttl", type=int, default=7200, help="token lifetime in seconds")
    sim.add_argument("--roster", type=Path, help="load a roster (JSON RosterSeed, or CSV)")
    sim.add_argument("--school-code", default="", help="school of a CSV roster")
    sim.add_argument("--school-name", default="", help="school name of a CSV roster")
    sim.add_argument(
        "--station",
        action="append",
        default=[],
        metavar="ID:SECRET",
        help="a station allowed to sign in for the roster's school (repeatable)",
    )
    sim.add_argument("--tls-cert", type=Path, help="serve HTTPS with this PEM certificate chain")
    sim.add_argument("--tls-key", type=Path, help="the private key of --tls-cert")
    sim.set_defaults(func=run_province_sim)

    bench = groups.bench.add_parser("sync", help="drain queued uploads into the simulator")
    bench.add_argument("--json", action="store_true", help="one JSON object on stdout")
    bench.add_argument("--faults", type=float, default=0.0, help="share of faulted calls, 0..1")
    bench.add_argument("--uploads", type=int, default=1000, help="queued uploads")
    bench.add_argument("--seed", type=int, default=7, help="seed of the fault generator")
    bench.add_argument(
        "--read-timeout", type=float, default=None, help="client read timeout (s) for the run"
    )
    bench.set_defaults(func=run_bench_sync)


def run_province_sim(args: argparse.Namespace) -> int:
    from tucai_desk.sync.simulator import build_seed, load_seed_file, start_simulator
    from tucai_desk.sync.simulator.roster import RosterFormatError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if not 0.0 <= args.faults <= 1.0:
        sys.stderr.write("--faults must be between 0 and 1\n")
        return 2
    stations = []
    for item in args.station:
        station_id, sep, secret = item.partition(":")
        if not sep or not station_id or not secret:
            sys.stderr.write(f"--station {item!r}: expected ID:SECRET\n")
            return 2
        stations.append({"station_id": station_id, "secret": secret})
    seed = None
    if args.roster is not None:
        try:
            seed = load_seed_file(args.roster, args.school_code, args.school_name)
        except (OSError, RosterFormatError) as exc:
            sys.stderr.write(f"roster: {exc}\n")
            return 2
    elif stations:
        sys.stderr.write("--station needs --roster (the school it belongs to)\n")
        return 2
    handle = start_simulator(
        args.data,
        port=args.port,
        faults=args.faults,
        host=args.host,
        seed=args.seed,
        latency_ms=args.latency_ms,
        hang_seconds=args.hang_seconds,
        token_ttl=timedelta(seconds=args.token_ttl),
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
    )
    if seed is not None:
        if stations:
            data = seed.model_dump(mode="json")
            seed = build_seed({**data, "stations": [*data["stations"], *stations]})
        handle.seed(seed)
        sys.stdout.write(
            f"roster loaded: school {seed.school.code}, {len(seed.students)} students, "
            f"{len(seed.stations)} station(s)\n"
        )
    sys.stdout.write(f"province-sim listening on {handle.url} (data {args.data})\n")
    sys.stdout.flush()
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not done.wait(0.5):
            pass
    finally:
        handle.stop()
    sys.stdout.write("province-sim stopped\n")
    return 0


def run_sync_bench(uploads: int = 1000, faults: float = 0.0, **options: Any) -> dict[str, Any]:
    """The sync benchmark's figures (for ``bench all``); see ``services/sync_bench.py``."""
    from tucai_desk.services.sync_bench import run_sync_bench as run

    return run(uploads, faults, **options)


def run_bench_sync(args: argparse.Namespace) -> int:
    result = run_sync_bench(
        uploads=args.uploads, faults=args.faults, seed=args.seed, read_timeout=args.read_timeout
    )
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        for key in ("uploads", "seconds", "delivered", "duplicates"):
            sys.stdout.write(f"{key}: {result[key]}\n")
        extra = {k: v for k, v in result.items() if k not in ("uploads", "seconds", "delivered")}
        sys.stdout.write(f"details: {json.dumps(extra)}\n")
    ok = result["delivered"] == args.uploads and result["duplicates"] == 0
    return 0 if ok else 1
