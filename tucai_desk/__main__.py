# SPDX-License-Identifier: MIT
"""Entry point of the ``tucai-desk`` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from tucai_desk.memory import limit_allocator_arenas

    limit_allocator_arenas()  # before any thread starts (see tucai_desk/memory.py)
    from tucai_desk.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
