# SPDX-License-Identifier: MIT
"""``tucai-desk import-roster``, ``export``, ``report``, ``bench lookup`` and ``bench import``.

The tools act as the command line (:data:`~tucai_desk.services.accounts.COMMAND_LINE`): whoever
runs them holds the station's data folder anyway; every action is audited all the same.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tucai_desk.commands import CommandGroups
from tucai_desk.commands.console_texts import (
    EXPORT_ERRORS,
    REPORT_ERRORS,
    SKIP_REASONS,
    roster_error,
    row_issue,
)

log = logging.getLogger(__name__)

MAX_LISTED_ISSUES = 200


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def register(groups: CommandGroups) -> None:
    imp = groups.root.add_parser("import-roster", help="import the school's roster (CSV/XLSX)")
    imp.add_argument("file", help="roster file: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX")
    imp.add_argument("--data-dir", help="data folder (default: the user data folder)")
    imp.add_argument("--yes", action="store_true", help="import without asking")
    imp.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows even when some rows are bad",
    )
    imp.add_argument("--json", action="store_true", help="print one JSON object")
    imp.set_defaults(func=run_import_roster)

    exp = groups.root.add_parser("export", help="export the accepted photos as a ZIP")
    exp.add_argument("--data-dir", help="data folder (default: the user data folder)")
    exp.add_argument(
        "--by",
        choices=["student_no", "id_number"],
        help="name the photos by 学号 or 身份证号 (default: the console setting)",
    )
    exp.add_argument("--out", help="ZIP file to write (default: ./tucai-export-…zip)")
    exp.add_argument(
        "--include-unsynced",
        action="store_true",
        help="also photos confirmed here but not yet accepted by the service",
    )
    exp.add_argument("--json", action="store_true", help="print one JSON object")
    exp.set_defaults(func=run_export)

    rep = groups.root.add_parser("report", help="the daily report")
    rep.add_argument("--data-dir", help="data folder (default: the user data folder)")
    rep.add_argument("--date", help="the day, YYYY-MM-DD (default: today)")
    rep.add_argument("--out", help="also write the report as CSV to this file")
    rep.add_argument("--json", action="store_true", help="print one JSON object")
    rep.set_defaults(func=run_report)

    bl = groups.bench.add_parser("lookup", help="student lookup on 200,000 students")
    bl.add_argument("--students", type=int, default=200_000)
    bl.add_argument("--queries", type=int, default=200, help="lookups per kind of key")
    bl.add_argument("--json", action="store_true")
    bl.set_defaults(func=cmd_bench_lookup)

    bi = groups.bench.add_parser("import", help="roster import of a 100,000-row CSV")
    bi.add_argument("--rows", type=int, default=100_000)
    bi.add_argument("--json", action="store_true")
    bi.set_defaults(func=cmd_bench_import)


# -- import-roster ---------------------------------------------------------------------------------
def run_import_roster(args: argparse.Namespace) -> int:
    from tucai_desk.logging_setup import setup_logging
    from tucai_desk.paths import data_dir
    from tucai_desk.services.accounts import COMMAND_LINE
    from tucai_desk.services.app import DB_FILE
    from tucai_desk.services.console import roster_service_for
    from tucai_desk.services.roster import RosterError
    from tucai_desk.services.settings import (
        SETTINGS_FILE,
        SettingsError,
        load_settings,
        save_settings,
    )
    from tucai_desk.store.db import Database, sqlite_url

    folder = data_dir(args.data_dir)
    setup_logging(folder / "logs")
    try:
        settings = load_settings(folder)
    except SettingsError as exc:
        _err(f"设置文件无法读取：{exc}")
        return 2
    first_start = not (folder / SETTINGS_FILE).exists()
    db = Database(settings.db_url or sqlite_url(folder / DB_FILE))
    report: dict[str, Any] = {"ok": False, "imported": False}
    try:
        db.migrate()
        service = roster_service_for(db, settings)

        def progress(phase: str, done: int, total: int) -> None:
            if not args.json and sys.stderr.isatty():
                sys.stderr.write(f"\r{phase} {done}/{total or '?'}   ")

        preview = service.preview(COMMAND_LINE, Path(args.file), progress=progress)
        report.update(_preview_json(preview))
        if not args.json:
            _print_preview(preview)
        if preview.issues and not args.skip_bad_rows:
            msg = roster_error("has_bad_rows", {"count": preview.bad_rows})
            _fail(args, report, msg)
            return 1
        if not args.yes and not _confirm():
            msg = "未导入任何数据（未确认）。要在脚本中导入，请加 --yes。"
            _fail(args, report, msg)
            return 1
        result = service.apply(
            COMMAND_LINE, preview, skip_bad_rows=args.skip_bad_rows, progress=progress
        )
    except RosterError as exc:
        msg = roster_error(exc.code, exc.params)
        report["error"] = exc.code
        _fail(args, report, msg)
        return 2
    finally:
        db.dispose()
    if first_start or not settings.school_code:
        # The station now serves the imported school (and, on a fresh folder, is no demo).
        settings.school_code = result.school_code
        if first_start:
            settings.demo = False
        if not settings.station_id:
            settings.station_id = f"station-{uuid.uuid4().hex[:8]}"
        save_settings(folder, settings)
    report.update(
        {
            "ok": True,
            "imported": True,
            "created": result.created,
            "updated": result.updated,
            "code_changes": result.code_changes,
            "unchanged": result.unchanged,
            "skipped_rows": result.skipped_rows,
            "seconds": round(result.seconds, 2),
        }
    )
    if args.json:
        _finish_json(args, report)
    else:
        _out(
            f"已导入：新增 {result.created} 人，更新 {result.updated} 人，"
            f"采集码变更 {result.code_changes} 人，未变 {result.unchanged} 人，"
            f"跳过 {result.skipped_rows} 行（{result.seconds:.1f} 秒）。"
        )
    return 0


def _preview_json(preview: Any) -> dict[str, Any]:
    return {
        "file": preview.file_name,
        "format": preview.file_format,
        "encoding": preview.encoding,
        "school": preview.school_code,
        "new_school": preview.new_school,
        "rows": preview.total_rows,
        "bad_rows": preview.bad_rows,
        "to_create": preview.to_create,
        "to_update": preview.to_update,
        "code_changes": preview.code_changes,
        "unchanged": preview.unchanged,
        "not_in_file": preview.not_in_file,
        "student_no_changes": [list(pair) for pair in preview.student_no_changes],
        "issues": [
            {
                "line": i.line,
                "problem": i.problem.value,
                "column": i.column.value if i.column else None,
                "other_line": i.other_line,
                "message": row_issue(i),
            }
            for i in preview.issues
        ],
    }


def _print_preview(preview: Any) -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    enc = f"，编码 {preview.encoding}" if preview.encoding else ""
    _out(
        f"文件 {preview.file_name}（{preview.file_format}{enc}）：共 {preview.total_rows} 行，"
        f"学校 {preview.school_name}（{preview.school_code}）"
        + ("，新学校" if preview.new_school else "")
    )
    _out(
        f"将新增 {preview.to_create} 人，更新 {preview.to_update} 人，"
        f"采集码变更 {preview.code_changes} 人，未变 {preview.unchanged} 人；"
        f"数据库中另有 {preview.not_in_file} 人不在此名单中（保留不动）。"
    )
    for old, new in preview.student_no_changes[:MAX_LISTED_ISSUES]:
        _out(f"  学号变更: {old} → {new}（同一身份证号，保留锁定、记录与照片）")
    if preview.issues:
        _out(f"有问题的行：{preview.bad_rows} 行")
        for issue in preview.issues[:MAX_LISTED_ISSUES]:
            _out("  " + row_issue(issue))
        if len(preview.issues) > MAX_LISTED_ISSUES:
            _out(f"  ……另有 {len(preview.issues) - MAX_LISTED_ISSUES} 个问题（用 --json 查看全部）")


def _confirm() -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        return False
    try:
        answer = input("确认导入？[y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "是")


def _finish_json(args: argparse.Namespace, report: dict[str, Any]) -> None:
    _out(json.dumps(report, ensure_ascii=False))


def _fail(args: argparse.Namespace, report: dict[str, Any], message: str) -> None:
    """Nothing was imported: say why (as JSON with --json, else on stderr)."""
    report["message"] = message
    if args.json:
        _finish_json(args, report)
    else:
        _err(message)


# -- export and report ---------------------------------------------------------------------------
def _open_console(args: argparse.Namespace) -> Any:
    from tucai_desk.logging_setup import setup_logging
    from tucai_desk.paths import data_dir
    from tucai_desk.services.app import open_station
    from tucai_desk.services.console import ConsoleServices

    folder = data_dir(args.data_dir)
    setup_logging(folder / "logs")
    station = open_station(Path(folder))
    return station, ConsoleServices.for_station(station)


def run_export(args: argparse.Namespace) -> int:
    from tucai_desk.services.accounts import COMMAND_LINE
    from tucai_desk.services.app import StationSetupError
    from tucai_desk.services.export import ExportError

    try:
        station, console = _open_console(args)
    except StationSetupError as exc:
        _err(f"无法打开采集站：{exc}")
        return 2
    try:
        out = (
            Path(args.out)
            if args.out
            else Path.cwd()
            / (f"tucai-export-{station.school.code}-{datetime.now():%Y%m%d-%H%M%S}.zip")
        )
        result = console.export.export(
            COMMAND_LINE, out, name_by=args.by, include_unsynced=args.include_unsynced
        )
    except ExportError as exc:
        msg = EXPORT_ERRORS.get(exc.code, f"导出失败（{exc.code}）。")
        left_out = [{"student_no": s.student_no, "reason": s.reason} for s in exc.skipped]
        if args.json:
            _out(
                json.dumps(
                    {"ok": False, "error": exc.code, "message": msg, "skipped": left_out},
                    ensure_ascii=False,
                )
            )
        else:
            _err(msg)
            for s in exc.skipped:
                _err(f"  未导出 学号 {s.student_no}：{SKIP_REASONS.get(s.reason, s.reason)}")
        return 1 if exc.code == "nothing_to_export" else 2
    finally:
        station.close()
    skipped = [{"student_no": s.student_no, "reason": s.reason} for s in result.skipped]
    if args.json:
        _out(
            json.dumps(
                {
                    "ok": True,
                    "path": str(result.path),
                    "files": result.files,
                    "skipped": skipped,
                    "name_by": result.name_by,
                    "include_unsynced": result.include_unsynced,
                    "sha256": result.sha256,
                },
                ensure_ascii=False,
            )
        )
    else:
        _out(f"已导出 {result.files} 张照片到 {result.path}")
        for s in result.skipped:
            _out(f"  未导出 学号 {s.student_no}：{SKIP_REASONS.get(s.reason, s.reason)}")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from tucai_desk.services.accounts import COMMAND_LINE
    from tucai_desk.services.app import StationSetupError
    from tucai_desk.services.reports import SECTIONS, ReportError

    try:
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        _err("日期格式应为 YYYY-MM-DD。")
        return 2
    try:
        station, console = _open_console(args)
    except StationSetupError as exc:
        _err(f"无法打开采集站：{exc}")
        return 2
    try:
        report = console.reports.daily(COMMAND_LINE, day)
        if args.out:
            console.reports.save_csv(COMMAND_LINE, report, Path(args.out))
    except ReportError as exc:
        _err(REPORT_ERRORS.get(exc.code, f"报表失败（{exc.code}）。"))
        return 2
    finally:
        station.close()
    rows = report.rows()
    if args.json:
        body: dict[str, Any] = {"date": report.day.isoformat(), "school": report.school_code}
        for section, key, _label, value in rows:
            body.setdefault(section, {})[key] = value
        _out(json.dumps(body, ensure_ascii=False))
    else:
        _out(f"日报 {report.day.isoformat()}（学校 {report.school_code}）")
        current = None
        for section, _key, label, value in rows:
            if section != current:
                _out(f"[{SECTIONS.get(section, section)}]")
                current = section
            _out(f"  {label}: {value}")
        if args.out:
            _out(f"CSV 已保存到 {args.out}")
    return 0


# -- benchmarks ------------------------------------------------------------------------------------
def run_lookup_bench() -> dict[str, Any]:
    """``bench all``: lookup on 200,000 students."""
    from tucai_desk.commands.console_bench import bench_lookup

    return bench_lookup()


def run_import_bench() -> dict[str, Any]:
    """``bench all``: import of a 100,000-row roster."""
    from tucai_desk.commands.console_bench import bench_import

    return bench_import()


def cmd_bench_lookup(args: argparse.Namespace) -> int:
    from tucai_desk.commands.console_bench import bench_lookup

    result = bench_lookup(students=args.students, queries=args.queries)
    _bench_out(
        args,
        result,
        f"lookup: {result['students']} students, "
        f"p95 {result['p95_ms']:.2f} ms (goal ≤ {result['goal_p95_ms']} ms)",
    )
    return 0


def cmd_bench_import(args: argparse.Namespace) -> int:
    from tucai_desk.commands.console_bench import bench_import

    result = bench_import(rows=args.rows)
    _bench_out(
        args,
        result,
        f"import: {result['rows']} rows in {result['seconds']:.2f} s "
        f"(goal ≤ {result['goal_seconds']} s)",
    )
    return 0


def _bench_out(args: argparse.Namespace, result: dict[str, Any], line: str) -> None:
    _out(json.dumps(result, ensure_ascii=False) if args.json else line)
