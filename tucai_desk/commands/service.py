# SPDX-License-Identifier: MIT
"""``tucai-desk service``: connect the station to the provincial service, test it, sync now."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from tucai_desk.commands import CommandGroups
from tucai_desk.paths import data_dir


def _guarded(func):  # noqa: ANN001, ANN202
    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except _NoStationError:
            return 2

    return run


def register(groups: CommandGroups) -> None:
    p = groups.root.add_parser("service", help="the provincial service: connect, check, sync")
    sub = p.add_subparsers(dest="service_command", required=True)
    connect = sub.add_parser("connect", help="set the address, station ID and secret")
    connect.add_argument("--url", required=True, help="https://… address of the service")
    connect.add_argument("--station-id", required=True)
    connect.add_argument("--ca-bundle", default="", help="a custom CA bundle (PEM)")
    connect.add_argument("--secret-stdin", action="store_true", help="read the secret from stdin")
    check = sub.add_parser("check", help="sign in to the service now")
    sync = sub.add_parser("sync", help="send what is waiting and fetch status now")
    for q in (connect, check, sync):
        q.add_argument("--data-dir", help="data folder (default: the user data folder)")
        q.add_argument("--json", action="store_true")
    connect.set_defaults(func=_guarded(_connect))
    check.set_defaults(func=_guarded(_check))
    sync.set_defaults(func=_guarded(_sync))


def _say(args: argparse.Namespace, payload: dict[str, object], text: str) -> None:
    sys.stdout.write((json.dumps(payload, ensure_ascii=False) if args.json else text) + "\n")


class _NoStationError(RuntimeError):
    pass


def _open(args: argparse.Namespace):  # noqa: ANN202
    from tucai_desk.logging_setup import setup_logging
    from tucai_desk.services.app import StationSetupError, open_station

    folder = data_dir(args.data_dir)
    setup_logging(folder / "logs")
    try:
        return open_station(folder, start_sync=False)
    except StationSetupError as exc:
        sys.stderr.write(
            "采集站尚未就绪：请先导入名单（tucai-desk import-roster 文件）。"
            f"(station not ready: {exc.code})\n"
        )
        raise _NoStationError from exc


def _connect(args: argparse.Namespace) -> int:
    from tucai_desk.services.settings import load_settings, save_settings
    from tucai_desk.sync.token_store import TokenStore, open_credential_store

    if not args.url.lower().startswith(("https://", "http://127.", "http://localhost")):
        sys.stderr.write("服务地址必须以 https:// 开头（本机模拟服务除外）。\n")
        return 2
    secret = sys.stdin.readline().strip() if args.secret_stdin else getpass.getpass("采集站密钥: ")
    if not secret:
        sys.stderr.write("未输入采集站密钥，未作任何更改。\n")
        return 2
    folder = data_dir(args.data_dir)
    settings = load_settings(folder)
    settings.service.url = args.url
    settings.service.station_id = args.station_id
    settings.service.ca_bundle = args.ca_bundle
    save_settings(folder, settings)
    tokens = TokenStore(open_credential_store(args.station_id, folder))
    tokens.set_secret(secret)
    tokens.clear_token()
    station = _open(args)
    try:
        detail = {"url": args.url, "station": args.station_id}
        # An IT action from the command line: there is no staff session to name.
        station.staff.audit_system_action("service_configured", detail)
    finally:
        station.close()
    _say(args, {"ok": True}, "已保存省级平台连接设置。可用 `tucai-desk service check` 测试连接。")
    return 0


def _check(args: argparse.Namespace) -> int:
    from tucai_desk.sync.errors import ServiceError

    station = _open(args)
    try:
        if not station.sync.configured:
            _say(args, {"ok": False, "error": "not_configured"}, "尚未配置省级平台地址。")
            return 1
        try:
            station.sync.check_connection()
        except ServiceError as exc:
            _say(
                args,
                {"ok": False, "error": exc.code.value},
                f"无法连接省级平台（{exc.code.value}），请检查网络、地址和采集站密钥。",
            )
            return 1
        _say(args, {"ok": True}, "省级平台连接正常。")
        return 0
    finally:
        station.close()


def _sync(args: argparse.Namespace) -> int:
    station = _open(args)
    try:
        report = station.sync.flush(max_seconds=60)
        station.sync.poll_status()
        status = station.sync.status()
        last = status.last_success_at
        payload = {
            "pending": status.pending,
            "last_error": status.last_error,
            "last_success_at": last.isoformat() if last else None,
        }
        _say(args, payload, f"待上传 {status.pending} 项；最近错误：{status.last_error or '无'}")
        del report
        return 0 if status.pending == 0 else 1
    finally:
        station.close()
