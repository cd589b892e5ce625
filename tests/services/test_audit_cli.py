# SPDX-License-Identifier: MIT
"""``tucai-desk audit verify`` finds an edited record and says where the chain breaks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from tucai_desk.services.app import open_station
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.staff import StaffError


def _verify(data: Path) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "tucai_desk", "audit", "verify", "--data-dir", str(data), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def test_audit_verify_reports_a_tampered_record(tmp_path: Path) -> None:
    station = open_station(tmp_path, demo=True)
    try:
        admin = station.staff.login("admin", "demo-admin")
        sid = station.capture.verify_code(demo_codes()[0]).student.id
        station.capture.record_liveness_failure(sid, "timeout")
        station.staff.unlock_liveness(admin, sid, "seen in person")
        operator = station.staff.create_account(admin, "op1", "operator-pass-1", "operator")
        try:
            station.staff.unlock_liveness(operator, sid, "operators may not")
        except StaffError as exc:
            assert exc.code == "not_allowed"
        else:
            raise AssertionError("an operator unlocked a student")
        with station.db.engine.begin() as conn:
            seq = conn.execute(
                text("SELECT seq FROM audit WHERE action = 'unlock_liveness'")
            ).scalar_one()
    finally:
        station.close()

    code, out = _verify(tmp_path)
    assert code == 0 and out["ok"] and out["records"] >= 4

    station = open_station(tmp_path)
    with station.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit SET detail = :d WHERE seq = :s"),
            {"d": json.dumps({"reason": "nothing happened"}), "s": seq},
        )
    station.close()
    code, out = _verify(tmp_path)
    assert code == 1 and not out["ok"] and out["broken_at"] == seq
