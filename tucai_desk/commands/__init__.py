# SPDX-License-Identifier: MIT
"""Command-line subcommands. Each module here has ``register(groups: CommandGroups) -> None``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

COMMAND_MODULES: list[str] = [
    "tucai_desk.commands.station",
    "tucai_desk.commands.bench",
    "tucai_desk.commands.startup_bench",
    "tucai_desk.commands.sync",
    "tucai_desk.commands.service",
    "tucai_desk.commands.console",
    "tucai_desk.commands.liveness",
    "tucai_desk.commands.photo",
    "tucai_desk.commands.defects",
    "tucai_desk.commands.live_bench",
    "tucai_desk.commands.station_check",
]


@dataclass(frozen=True)
class CommandGroups:
    root: argparse._SubParsersAction
    eval: argparse._SubParsersAction
    bench: argparse._SubParsersAction


def self_command(*args: str) -> list[str]:
    """The command line that runs ``tucai-desk ARGS`` again, from source or from the bundle."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]  # the bundle's executable is the station itself
    return [sys.executable, "-m", "tucai_desk", *args]
