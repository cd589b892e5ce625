# SPDX-License-Identifier: MIT
"""Connecting a station to the service from the command line, then a dry run sync."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tucai_desk.services.app import open_station
from tucai_desk.services.demo import DEMO_SCHOOL_CODE, demo_codes
from tucai_desk.sync.simulator import start_simulator


def _cli(*args: str, stdin: str = "") -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "tucai_desk", "service", *args, "--json"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stdout.strip().splitlines()
    return done.returncode, (json.loads(lines[-1]) if lines else {"stderr": done.stderr})


def test_connect_check_and_sync_from_the_command_line(tmp_path: Path) -> None:
    sim = start_simulator(tmp_path / "sim", seed=1)
    try:
        sim.seed(
            {
                "school": {"code": DEMO_SCHOOL_CODE, "name": "演示学校（江苏）"},
                "stations": [{"station_id": "st-1", "secret": "s3cret-value"}],
                "students": [
                    {"student_no": f"2023{i + 1:06d}", "name": "学生", "collection_code": c}
                    for i, c in enumerate(demo_codes())
                ],
            }
        )
        data = tmp_path / "station"
        open_station(data, demo=True).close()
        assert _cli("check", "--data-dir", str(data))[1] == {"ok": False, "error": "not_configured"}
        code, out = _cli(
            "connect",
            "--url",
            sim.url,
            "--station-id",
            "st-1",
            "--secret-stdin",
            "--data-dir",
            str(data),
            stdin="wrong-secret\n",
        )
        assert code == 0
        code, out = _cli("check", "--data-dir", str(data))
        assert code == 1 and not out["ok"]
        _cli(
            "connect",
            "--url",
            sim.url,
            "--station-id",
            "st-1",
            "--secret-stdin",
            "--data-dir",
            str(data),
            stdin="s3cret-value\n",
        )
        assert _cli("check", "--data-dir", str(data)) == (0, {"ok": True})
        settings_text = (data / "settings.toml").read_text(encoding="utf-8")
        assert "s3cret-value" not in settings_text

        station = open_station(data, start_sync=False)
        try:
            sid = station.capture.verify_code(demo_codes()[0]).student.id
            import cv2
            import numpy as np

            jpeg = cv2.imencode(".jpg", np.full((640, 480, 3), 128, np.uint8))[1].tobytes()
            saved = station.capture._capture.save_photo_attempt(
                sid, passed=True, failures=[], measurements={}, jpeg=jpeg, thumbnail=None
            )
            station.capture.confirm_upload(sid, saved.draft.id)
        finally:
            station.close()
        code, out = _cli("sync", "--data-dir", str(data))
        assert code == 0 and out["pending"] == 0 and out["last_success_at"]
        assert sim.distinct_uploads == 1
        logs = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
        assert "s3cret-value" not in logs
    finally:
        sim.stop()
