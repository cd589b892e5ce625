# SPDX-License-Identifier: MIT
"""``tucai-desk bench day``: a capture day in the real station window.

A child process (Qt offscreen) starts a ``province-sim`` on 127.0.0.1 with a roster of N
students, in a process of its own (on a real day the service is another machine: its threads
and memory are not the station's). A second short-lived process sets a demo station up as it
would be before the day (database, roster of N, the service's secret). The child then opens
that station, builds the station window as ``tucai-desk gui`` does (demo camera, live analysis
thread, task runner, the photo models warming up behind the login) and lets a scripted operator
and student (``commands/day_script.py``) walk every student through the whole flow: code → info
→ notice → precautions → notifications → video (played at a raised rate, but played through) →
capture → preview → result (production and checks) → draft → upload → payment (settled at the
simulator) → done → next student. Meanwhile the outbox drains to the simulator in the
background.

Figures: ``completed``/``errors``; ``rss_mb_start``/``rss_mb_max`` (the RSS after login and
its highest value after a student) and ``rss_growth_mb_per_100`` (least-squares slope of the RSS
after each student, from student 21 on); ``rss_mb_peak`` (the process's high-water mark, transient
peaks inside a student included); ``software_ms_per_student_p50``/``_p95`` (the time the
operator waits on the software: page changes, code verification, the burst, production and
checks, saves; not the student's or operator's own time, not the video, not the payment on the
phone); ``gui_stall_ms_max`` (the longest time the GUI event loop did not run); ``delivered``
(uploads the simulator stored).
With ``--trace-stalls`` the JSON also names, for the longest stalls, the code the GUI thread was
in and what the other threads were doing meanwhile (``stalls``; see ``ui/stall_trace.py``).

Liveness: the demo station runs with liveness off (the programme's rule for demo stations: a
recorded demo clip cannot pass a challenge), so the capture page takes the photo without one;
the JSON says so in ``liveness``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tucai_desk.commands import CommandGroups, self_command
from tucai_desk.commands.live_bench import run_offscreen_child

log = logging.getLogger(__name__)

GOALS: dict[str, str] = {
    "completed": "== students",
    "errors": "== 0",
    "rss_mb_max": "<= 500",
    "rss_growth_mb_per_100": "<= 20",
    "software_ms_per_student_p95": "<= 1500",
    "gui_stall_ms_max": "<= 50",
    "delivered": "== completed",
}
STATION_ID = "bench-day-station"
SECRET = "bench-day-secret"
VIDEO_RATE = 16.0  # the requirements video is played through, 16× faster than a student would
WARM_UP_STUDENTS = 20  # the growth slope starts after these
SHORT_DAY_STUDENTS = 40
BENCH_STILL = "good_london_002.jpg"  # a bareheaded studio portrait of the labelled material


def register(groups: CommandGroups) -> None:
    p = groups.bench.add_parser("day", help="a capture day of N students in the station window")
    p.add_argument("--students", type=int, default=300, help="students to walk through")
    p.add_argument("--json", action="store_true", help="print JSON (the default here)")
    p.add_argument(
        "--still",
        help="a photo of a bareheaded student for the camera to film (default: the demo clip, "
        "whose portrait wears a cap and so fails head_cover)",
    )
    p.add_argument(
        "--trace-stalls",
        action="store_true",
        help="name the code that held the GUI thread in the longest stalls (JSON: stalls)",
    )
    p.set_defaults(func=_run)
    child = groups.bench.add_parser("day-child")  # the measuring process (not for people)
    child.add_argument("--students", type=int, default=300)
    child.add_argument("--still")
    child.add_argument("--trace-stalls", action="store_true")
    child.set_defaults(func=_child_run)
    prepare = groups.bench.add_parser("day-prepare")  # the day's set-up (not for people)
    prepare.add_argument("--folder", required=True)
    prepare.add_argument("--url", required=True)
    prepare.add_argument("--students", type=int, required=True)
    prepare.set_defaults(func=_prepare_run)


def run_day_bench(
    students: int = 300, still: str | None = None, *, trace_stalls: bool = False
) -> dict[str, Any]:
    """Run the day in a child process; returns its figures (or ``{"error": ...}``)."""
    cmd = self_command("bench", "day-child", "--students", str(students))
    if still:
        cmd += ["--still", str(Path(still).resolve())]
    if trace_stalls:
        cmd.append("--trace-stalls")
    return run_offscreen_child(cmd, timeout_s=600 + 60 * students, goals=GOALS)


def run_short_day() -> dict[str, Any]:
    """``bench all``'s day: fewer students (the full day is ``bench day --students 300``), filming
    a bareheaded portrait of the labelled material beside the repository when it is there."""
    shared = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "photos"
    still = shared / BENCH_STILL
    return run_day_bench(SHORT_DAY_STUDENTS, str(still) if still.is_file() else None)


def _run(args: argparse.Namespace) -> int:
    figures = run_day_bench(args.students, args.still, trace_stalls=args.trace_stalls)
    sys.stdout.write(json.dumps(figures, ensure_ascii=False) + "\n")
    return 1 if "error" in figures else 0


def still_clip(still: Path, folder: Path) -> str:
    """A camera spec filming ``still`` (a student standing still before the backdrop)."""
    import cv2

    from tucai_desk.vision.imageio import read_image

    image = read_image(still)
    h, w = image.shape[:2]
    scale = 900 / max(h, w)
    image = cv2.resize(image, (round(w * scale) // 2 * 2, round(h * scale) // 2 * 2))
    path = folder / "student.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10.0, image.shape[1::-1])
    for _ in range(10):
        writer.write(image)
    writer.release()
    return f"file:{path}"


# -- figures -------------------------------------------------------------------------------------
def peak_rss_mb(process: Any) -> float | None:
    """The process's highest resident size so far (Windows: peak working set), None if unknown."""
    peak = getattr(process.memory_info(), "peak_wset", None)
    if peak is not None:
        return float(peak) / 2**20
    try:
        import resource
    except ImportError:
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # bytes on macOS, KiB on Linux
    return kb / 2**20 if sys.platform == "darwin" else kb / 1024


def slope_per_100(values: list[float], skip: int = WARM_UP_STUDENTS) -> float:
    """Least-squares slope of ``values`` (one per student) after ``skip``, per 100 students."""
    tail = values[skip:] if len(values) > skip + 2 else values
    if len(tail) < 2:
        return 0.0
    xs = list(range(len(tail)))
    return 100.0 * statistics.linear_regression(xs, tail).slope


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def day_figures(
    *,
    students: int,
    rss_mb: list[float],
    rss_start: float,
    software_ms: list[float],
    errors: list[str],
    stall_ms: float,
    delivered: int,
) -> dict[str, Any]:
    return {
        "students": students,
        "completed": len(software_ms),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rss_mb_start": round(rss_start, 1),
        "rss_mb_max": round(max([rss_start, *rss_mb]), 1),
        "rss_mb_end": round(rss_mb[-1] if rss_mb else rss_start, 1),
        "rss_growth_mb_per_100": round(slope_per_100(rss_mb), 1),
        "software_ms_per_student_p50": round(percentile(software_ms, 0.5)),
        "software_ms_per_student_p95": round(percentile(software_ms, 0.95)),
        "gui_stall_ms_max": round(stall_ms, 1),
        "delivered": delivered,
    }


# -- the child processes -------------------------------------------------------------------------
def prepare_in_child(folder: Path, service_url: str, students: int) -> None:
    """Set the station up in a process of its own, as it would be before the day."""
    cmd = self_command(
        "bench", "day-prepare", "--folder", str(folder), "--url", service_url,
        "--students", str(students),
    )  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"station set-up failed: {done.stderr[-800:]}")


def _prepare_run(args: argparse.Namespace) -> int:
    from tucai_desk.commands.day_script import prepare_day_station

    prepare_day_station(Path(args.folder), args.url, args.students)
    return 0


def _child_run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING)
    try:
        with tempfile.TemporaryDirectory(prefix="tucai-day-bench-") as tmp:
            camera = still_clip(Path(args.still), Path(tmp)) if args.still else "demo"
            figures = measure_day(args.students, Path(tmp), camera, trace_stalls=args.trace_stalls)
    except Exception as exc:  # noqa: BLE001 - the parent reports it as the benchmark's error
        log.exception("day benchmark failed")
        figures = {"error": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(figures, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if "error" in figures else 0


def measure_day(
    students: int, folder: Path, camera: str = "demo", *, trace_stalls: bool = False
) -> dict[str, Any]:
    """The day itself; call only in a fresh process (it makes the QApplication)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import psutil

    from tucai_desk.commands.day_script import DayScript, open_day_station, start_day_simulator
    from tucai_desk.ui.app import application, build_window
    from tucai_desk.ui.live_stats import StallProbe
    from tucai_desk.ui.stall_trace import StallTracer
    from tucai_desk.ui.startup import after_window_shown

    process = psutil.Process()
    simulator = start_day_simulator(folder / "sim", students)
    try:
        prepare_in_child(folder / "station", simulator.url, students)
        station = open_day_station(folder / "station", simulator.url)
    except BaseException:
        simulator.stop()
        raise
    app = application("zh_CN")
    window = build_window(station, camera_spec=camera, video_rate=VIDEO_RATE)
    probe = StallProbe()
    tracer = StallTracer(probe) if trace_stalls else None
    try:
        window.resize(1280, 860)
        window.show()
        window.start()
        after_window_shown(window, station)  # as `tucai-desk gui`: models warm up behind it
        script = DayScript(window, station, simulator)
        script.log_in()
        # An operator takes longer to log in than the models take to load.
        script.wait_idle("models warmed up behind the login")
        rss_start = process.memory_info().rss / 2**20
        probe.start()
        if tracer is not None:
            tracer.start()
        rss_mb: list[float] = []
        software_ms: list[float] = []
        errors: list[str] = []
        for index in range(students):
            try:
                software_ms.append(script.walk_student(index))
            except Exception as exc:  # noqa: BLE001 - counted, then the next student
                log.exception("student %d failed", index + 1)
                errors.append(f"student {index + 1}: {type(exc).__name__}: {exc}")
                script.recover()
            rss_mb.append(process.memory_info().rss / 2**20)
        probe.stop()
        if tracer is not None:
            tracer.stop()
        delivered = script.wait_delivered(len(software_ms))
        figures = day_figures(
            students=students,
            rss_mb=rss_mb,
            rss_start=rss_start,
            software_ms=software_ms,
            errors=errors,
            stall_ms=probe.max_gap_ms,
            delivered=delivered,
        )
        peak = peak_rss_mb(process)
        figures["rss_mb_peak"] = None if peak is None else round(peak, 1)
        figures["liveness"] = window.liveness_enabled()
        figures["camera"] = "demo clip" if camera == "demo" else "a still of a bareheaded student"
        figures["liveness_note"] = (
            "demo station: liveness off by the programme rule (a recorded clip cannot pass)"
        )
        figures["video_rate"] = VIDEO_RATE
        figures["seconds"] = round(time.perf_counter() - script.started, 1)
        if tracer is not None:
            figures["stalls_over_50_ms"] = tracer.count
            figures["stalls"] = tracer.report()
        figures["rss_mb_per_student"] = [round(v, 1) for v in rss_mb[:: max(1, students // 30)]]
        return figures
    finally:
        probe.stop()
        if tracer is not None:
            tracer.stop()
        window.shutdown()
        window.deleteLater()
        station.close()
        simulator.stop()
        app.processEvents()
