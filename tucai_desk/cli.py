# SPDX-License-Identifier: MIT
"""``tucai-desk``: the station GUI (default) and its command-line tools."""

from __future__ import annotations

import argparse
import importlib
import sys

from tucai_desk import __version__
from tucai_desk.commands import COMMAND_MODULES, CommandGroups


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tucai-desk", description="学历图像采集站 (photo station)"
    )
    parser.add_argument("--version", action="version", version=f"tucai-desk {__version__}")
    root = parser.add_subparsers(dest="command")
    eval_parser = root.add_parser("eval", help="evaluate the checks on labelled material")
    eval_sub = eval_parser.add_subparsers(dest="eval_command", required=True)
    bench_parser = root.add_parser("bench", help="benchmarks (JSON output)")
    bench_sub = bench_parser.add_subparsers(dest="bench_command", required=True)
    groups = CommandGroups(root=root, eval=eval_sub, bench=bench_sub)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(groups)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    # No subcommand (or only options of the station) starts the GUI.
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["gui", *argv]
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    return int(func(args) or 0)
