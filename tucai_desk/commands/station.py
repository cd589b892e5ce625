# SPDX-License-Identifier: MIT
"""``tucai-desk gui`` (the default) and ``tucai-desk audit verify``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from tucai_desk.commands import CommandGroups
from tucai_desk.paths import data_dir

log = logging.getLogger(__name__)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", help="data folder (default: the user data folder)")


def register(groups: CommandGroups) -> None:
    gui = groups.root.add_parser("gui", help="start the station (default)")
    _add_common(gui)
    gui.add_argument("--camera", help="camera: demo | usb:N | file:PATH | folder:PATH")
    gui.add_argument("--lang", choices=["zh_CN", "en"], help="language of the interface")
    gui.add_argument("--demo", action="store_true", help="start in demo mode")
    gui.set_defaults(func=run_gui_command)

    audit = groups.root.add_parser("audit", help="audit log tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="check that the audit log's hash chain holds")
    _add_common(verify)
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run_audit_verify)


def _open(args: argparse.Namespace, **kwargs: object):  # noqa: ANN202
    from tucai_desk.logging_setup import setup_logging
    from tucai_desk.services.app import open_station

    folder = data_dir(args.data_dir)
    setup_logging(folder / "logs")
    return open_station(Path(folder), **kwargs)  # type: ignore[arg-type]


def run_gui_command(args: argparse.Namespace) -> int:
    from tucai_desk.services import demo as demo_data
    from tucai_desk.services.app import StationSetupError

    try:
        station = _open(args, demo=True if args.demo else None)
    except StationSetupError as exc:
        sys.stderr.write(f"无法启动采集站：{exc}\n")
        return 2
    try:
        if station.demo:
            sys.stdout.write(
                "演示模式 / demo mode — staff login: "
                f"{demo_data.DEMO_ADMIN} / {demo_data.DEMO_PASSWORD}\n"
                f"demo collection codes: {', '.join(demo_data.demo_codes(3))} …\n"
            )
            sys.stdout.flush()
        from tucai_desk.ui.app import run_gui

        return run_gui(station, camera_spec=args.camera, language=args.lang)
    finally:
        station.close()


def run_audit_verify(args: argparse.Namespace) -> int:
    station = _open(args)
    try:
        result = station.staff.verify_audit()
    finally:
        station.close()
    if args.json:
        payload = {
            "ok": result.ok,
            "records": result.records,
            "broken_at": result.broken_at,
            "reason": result.reason,
        }
        sys.stdout.write(json.dumps(payload) + "\n")
    elif result.ok:
        sys.stdout.write(f"审计日志完整 / audit chain holds: {result.records} records\n")
    else:
        what = "最新记录被删除" if result.reason == "truncated" else "记录被改动或删除"
        sys.stdout.write(
            f"审计日志不完整：{what}，位置：第 {result.broken_at} 条 "
            f"(audit chain broken at record {result.broken_at}: {result.reason})\n"
        )
    return 0 if result.ok else 1
