# SPDX-License-Identifier: MIT
"""``tucai-desk eval liveness DIR`` and ``tucai-desk bench live-analysis``.

The evaluation reads ``DIR/MANIFEST.tsv`` (labelled clips), runs the Face Landmarker over every
clip once and plays the liveness challenge against the recordings and against generated print
attacks made from the good photos of ``DIR/../photos`` (or ``--photos``). See
:mod:`tucai_desk.vision.live.report` for the figures.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from tucai_desk.commands import CommandGroups

log = logging.getLogger(__name__)

_SHARED_PHOTO = Path("shared") / "data" / "photos" / "good_london_005.jpg"


def register(groups: CommandGroups) -> None:
    p = groups.eval.add_parser("liveness", help="liveness figures on labelled clips")
    p.add_argument("dir", type=Path, help="folder with MANIFEST.tsv and the clips")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.add_argument("--seeds", type=int, default=50, help="random challenges per clip (>= 20)")
    p.add_argument("--attacks", type=int, default=20, help="generated print attacks (>= 20)")
    p.add_argument(
        "--turn-only-attacks",
        type=int,
        default=20,
        help="generated prints against turns only (the planarity test alone)",
    )
    p.add_argument("--photos", type=Path, default=None, help="photo set for the print attacks")
    p.set_defaults(func=run_eval)

    b = groups.bench.add_parser("live-analysis", help="LiveAnalyzer.analyze per 1280x720 frame")
    b.add_argument("--json", action="store_true", help="one JSON object")
    b.add_argument("--frames", type=int, default=90)
    b.add_argument("--photo", type=Path, default=None, help="a portrait to put in the frame")
    b.set_defaults(func=run_bench)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if value is None:
        return "-"
    return str(value)


def run_eval(args: argparse.Namespace) -> int:
    from tucai_desk.vision.live.report import evaluate_liveness

    directory: Path = args.dir
    if not (directory / "MANIFEST.tsv").is_file():
        sys.stderr.write(f"no MANIFEST.tsv in {directory}\n")
        return 2
    figures = evaluate_liveness(
        directory,
        seeds=max(1, args.seeds),
        attacks=max(0, args.attacks),
        turn_only_attacks=max(0, args.turn_only_attacks),
        photos_dir=args.photos,
    )
    if args.json:
        sys.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
        return 0
    for key, value in figures.items():
        if isinstance(value, dict):
            sys.stdout.write(f"{key}:\n")
            for k, v in value.items():
                sys.stdout.write(f"  {k}: {_fmt(v)}\n")
        else:
            sys.stdout.write(f"{key}: {_fmt(value)}\n")
    return 0


def _default_photo() -> Path | None:
    """The shared test portrait beside the checkout, when present."""
    root = Path(__file__).resolve().parents[3]
    path = root / _SHARED_PHOTO
    return path if path.is_file() else None


def run_live_analysis_bench(frames: int = 90, photo: Path | None = None) -> dict[str, Any]:
    """Importable for ``bench all``: LiveAnalyzer timing on a 1280×720 frame."""
    from tucai_desk.vision.live.report import bench_live_analysis

    return bench_live_analysis(frames=frames, photo=photo or _default_photo())


#: The name ``bench all`` may use for this benchmark.
run_live_bench = run_live_analysis_bench


def run_bench(args: argparse.Namespace) -> int:
    figures = run_live_analysis_bench(frames=max(10, args.frames), photo=args.photo)
    if args.json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        for key, value in figures.items():
            sys.stdout.write(f"{key}: {_fmt(value)}\n")
    return 0
