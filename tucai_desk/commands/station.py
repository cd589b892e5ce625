# SPDX-License-Identifier: MIT
"""``tucai-desk gui`` (the default), ``tucai-desk audit verify`` and ``tucai-desk audit key
export/import`` (how stations that share a database share the audit key)."""

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
    key = audit_sub.add_parser("key", help="the audit key shared by the stations of one database")
    key_sub = key.add_subparsers(dest="key_command", required=True)
    export = key_sub.add_parser("export", help="write this station's audit key to a file")
    _add_common(export)
    export.add_argument("file", help="the file to write (keep it like a password)")
    export.set_defaults(func=run_audit_key_export)
    imp = key_sub.add_parser("import", help="keep the audit key exported by the first station")
    _add_common(imp)
    imp.add_argument("file", help="the file written by 'audit key export'")
    imp.add_argument("--replace", action="store_true", help="replace a different key")
    imp.set_defaults(func=run_audit_key_import)


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


FINDINGS = {
    "edited": "有记录被改动",
    "removed": "有记录被删除",
    "cut_tail": "最新的记录被截掉",
    "wiped": "审计日志被清空",
    "rechained_without_key": "日志被人在没有密钥的情况下重新串联（伪造）",
    "key_mismatch": "本机的审计密钥与数据库的不符",
    "head_missing": "链头记录丢失",
}


def run_audit_verify(args: argparse.Namespace) -> int:
    from tucai_desk.services.app import StationSetupError

    try:
        station = _open(args)
    except StationSetupError as exc:
        sys.stderr.write(f"无法检查审计日志：{exc}\n")
        return 2
    try:
        # The head the provincial service acknowledged is a witness too: ask it first.
        station.sync.report_audit_head()
        result = station.staff.verify_audit()
    finally:
        station.close()
    if args.json:
        payload = {
            "ok": result.ok,
            "finding": result.finding,
            "records": result.records,
            "broken_at": result.broken_at,
            "reason": result.reason,
            "witnessed_seq": result.witnessed_seq,
        }
        sys.stdout.write(json.dumps(payload) + "\n")
    elif result.ok:
        sys.stdout.write(f"审计日志完整 / audit log holds: {result.records} records\n")
    else:
        what = FINDINGS.get(result.finding, result.finding)
        sys.stdout.write(
            f"审计日志不完整：{what}，位置：第 {result.broken_at} 条。请保留现场并报告学校管理员。"
            f"(audit log: {result.finding} at record {result.broken_at})\n"
        )
    return 0 if result.ok else 1


def run_audit_key_export(args: argparse.Namespace) -> int:
    import os

    from tucai_desk.services.audit_key import AuditKeyStore, export_text

    key = AuditKeyStore(Path(data_dir(args.data_dir))).load()
    if key is None:
        sys.stderr.write("本站还没有审计密钥：请先启动一次本站。(no audit key yet)\n")
        return 2
    fd = os.open(args.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(export_text(key))
    sys.stdout.write(
        f"审计密钥已写入 {args.file}：请像密码一样保管，导入其他站点后删除。(audit key exported)\n"
    )
    return 0


def run_audit_key_import(args: argparse.Namespace) -> int:
    from tucai_desk.services.audit_key import AuditKeySetupError, import_key

    try:
        text = Path(args.file).read_text(encoding="ascii", errors="replace")
        import_key(Path(data_dir(args.data_dir)), text, replace=args.replace)
    except OSError as exc:
        sys.stderr.write(f"无法读取密钥文件：{exc}\n")
        return 2
    except AuditKeySetupError as exc:
        if exc.code == "mismatch":
            sys.stderr.write(
                "本站已有另一个审计密钥，未作更改；确认无误后加 --replace 替换。"
                "(a different audit key is kept; use --replace)\n"
            )
        else:
            sys.stderr.write(
                "文件不是导出的审计密钥，未作更改：请用 tucai-desk audit key export 重新导出。"
                "(not an exported audit key)\n"
            )
        return 2
    sys.stdout.write("审计密钥已导入。(audit key imported)\n")
    return 0
