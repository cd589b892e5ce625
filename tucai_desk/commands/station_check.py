# SPDX-License-Identifier: MIT
"""``tucai-desk station-check``: the station readiness check (站点自检) from the command line.

Looks at the empty backdrop through ``--camera`` for a couple of seconds (and, with
``--person``, at a still of a person before it), prints each check with its fix, and saves the
report in the station's database (``--no-save`` to skip). Exit status: 0 when nothing failed,
1 when a check failed, 2 when the camera or the station could not be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tucai_desk.commands import CommandGroups

if TYPE_CHECKING:
    from tucai_desk.core.checks import Verdict
    from tucai_desk.vision.profiles import PhotoProfile
    from tucai_desk.vision.readiness.report import StationCheckReport

MARKS = {"pass": "通过", "warn": "注意", "fail": "未通过"}


def register(groups: CommandGroups) -> None:
    p = groups.root.add_parser("station-check", help="check the backdrop, light and camera")
    p.add_argument("--camera", required=True, help="usb:N | file:PATH | folder:PATH | demo")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--data-dir", help="the station's data folder (default: the user data folder)")
    p.add_argument("--profile", help="photo profile (default: the station's)")
    p.add_argument("--background", help="background colour of the profile (default: the station's)")
    p.add_argument("--width", type=int, help="frame width to ask the camera for")
    p.add_argument("--height", type=int, help="frame height to ask the camera for")
    p.add_argument("--fps", type=float, help="frame rate to ask the camera for")
    p.add_argument("--seconds", type=float, default=2.0, help="how long to watch the backdrop")
    p.add_argument("--person", help="a photo (or camera) of a person before the backdrop: step 2")
    p.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN", help="language of hints")
    p.add_argument("--no-save", action="store_true", help="do not save the report")
    p.set_defaults(func=run_station_check_command)


def _fail(message: str) -> int:
    sys.stderr.write(message + "\n")
    return 2


def run_station_check_command(args: argparse.Namespace) -> int:
    from tucai_desk.paths import data_dir
    from tucai_desk.services.settings import SettingsError, load_settings
    from tucai_desk.vision.profiles import ProfileError, load_profile
    from tucai_desk.vision.readiness.station_check import run_station_check
    from tucai_desk.vision.sources import CameraError, open_source

    folder = Path(data_dir(args.data_dir))
    try:
        settings = load_settings(folder)
    except SettingsError as exc:
        return _fail(f"无法读取站点设置：{exc}。请检查设置文件后重试。")
    cam = settings.camera
    width, height = args.width or cam.width, args.height or cam.height
    fps = float(args.fps or cam.fps)
    try:
        profile = load_profile(
            args.profile or settings.photo_profile,
            background=args.background or settings.background or None,
        )
    except ProfileError as exc:
        return _fail(f"照片规格无法使用：{exc}。请用 --profile 选择一个已有的规格。")
    person_verdict = None
    if args.person:
        person_verdict, problem = _person_verdict(args.person, profile)
        if problem:
            return _fail(problem)
    try:
        source = open_source(args.camera, width=width, height=height, fps=fps)
    except CameraError as exc:
        return _fail(f"无法打开摄像头（{exc.code.value}）。请检查摄像头连接或 --camera 参数。")
    try:
        report = run_station_check(
            source,
            profile_name=profile.name,
            background=(profile.background_name, profile.background_rgb),
            asked_size=(width, height),
            asked_fps=fps,
            seconds=max(0.5, float(args.seconds)),
            person_verdict=person_verdict,
        )
    except ValueError:
        return _fail("摄像头没有送出画面。请检查摄像头是否被其他程序占用后重试。")
    finally:
        source.close()
    saved = "" if args.no_save else _save(folder, report)
    if args.json:
        payload = report.to_json(args.lang)
        if saved:
            payload["saved"] = saved
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        _print_human(report, args.lang, saved)
    return 1 if report.outcome.value == "fail" else 0


def _person_verdict(spec: str, profile: PhotoProfile) -> tuple[Verdict | None, str]:
    from tucai_desk.vision.imageio import ImageReadError, read_image
    from tucai_desk.vision.pipeline import PhotoPipeline
    from tucai_desk.vision.sources import CameraError, open_source

    path = Path(spec)
    try:
        if path.is_file() and path.suffix.lower() in {".jpg", ".jpeg", ".png", ".bmp"}:
            still = read_image(path)
        else:
            source = open_source(spec)
            try:
                still = None
                for _ in range(30):
                    still = source.read()
                    if still is not None:
                        break
            finally:
                source.close()
            if still is None:
                return None, "人像画面读取失败。请检查 --person 参数后重试。"
    except (ImageReadError, CameraError, OSError):
        return None, "人像照片无法读取。请检查 --person 指向的文件后重试。"
    with PhotoPipeline(profile) as pipeline:
        return pipeline.process(still).verdict, ""


def _save(folder: Path, report: StationCheckReport) -> str:
    from tucai_desk.services.app import StationSetupError, open_station
    from tucai_desk.services.settings import SETTINGS_FILE

    if not (folder / SETTINGS_FILE).exists():
        sys.stderr.write("（未保存：该数据目录还没有采集站，请先启动一次采集站）\n")
        return ""
    try:
        station = open_station(folder, start_sync=False)
    except StationSetupError:
        sys.stderr.write("（未保存：该数据目录还没有站点，请先导入名单或启动一次采集站）\n")
        return ""
    try:
        view = station.readiness.record(report)
        return view.taken_at.isoformat()
    finally:
        station.close()


def _print_human(report: StationCheckReport, language: str, saved: str) -> None:
    cam = report.camera
    out = sys.stdout
    out.write(
        f"站点自检 / station check — {cam.description}: "
        f"{cam.delivered_size[0]}×{cam.delivered_size[1]} @ {cam.delivered_fps:.1f} fps\n"
    )
    for c in report.checks:
        value = "—" if c.value is None else f"{c.value:.2f}"
        out.write(f"[{MARKS[c.outcome.value]}] {c.code}: {value} ({c.threshold})\n")
        if c.outcome.value != "pass":
            out.write(f"    {c.hint(language)}\n")
    out.write(f"结果 / result: {MARKS[report.outcome.value]}\n")
    if saved:
        out.write(f"已保存 / saved at {saved}\n")
