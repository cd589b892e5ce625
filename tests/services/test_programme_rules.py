# SPDX-License-Identifier: MIT
"""The programme's rules live in the database: settings.toml cannot change them, the console's
admin can (audited old → new), and the service itself insists on a liveness pass."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from tucai_desk.core.clock import FakeClock
from tucai_desk.services.app import open_station
from tucai_desk.services.capture import FlowError
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.console_settings import SettingsError
from tucai_desk.services.demo import DEMO_ADMIN, DEMO_PASSWORD, demo_codes
from tucai_desk.services.settings import SETTINGS_FILE, StationSettings, save_settings
from tucai_desk.store.models import AuditRecord

pytestmark = pytest.mark.db

RULE_TOP = "liveness_enabled = false\n"
RULE_TABLE = "\n[policy]\ndraft_delete_after_hours = 0\n"


def _audit(station) -> list[AuditRecord]:  # noqa: ANN001
    with station.db.session() as s:
        return list(s.scalars(select(AuditRecord).order_by(AuditRecord.seq)))


def _with_rule_keys(data: Path, db_url: str) -> None:
    data.mkdir(parents=True, exist_ok=True)
    save_settings(data, StationSettings(db_url=db_url))
    path = data / SETTINGS_FILE
    text = RULE_TOP + path.read_text(encoding="utf-8") + RULE_TABLE
    path.write_text(text, encoding="utf-8")


def test_rule_keys_in_settings_toml_are_ignored_once_the_database_has_rules(
    tmp_path: Path, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    first = open_station(
        tmp_path / "a", settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    sid = first.capture.verify_code(demo_codes()[0]).student.id  # type: ignore[union-attr]
    repo = first.capture._capture
    draft = repo.save_photo_attempt(
        sid, passed=True, failures=[], measurements={}, jpeg=b"\xff\xd8 a", thumbnail=None
    ).draft
    assert draft is not None
    first.close()
    # Someone with the PC edits the file: drafts deletable at once, liveness off.
    _with_rule_keys(tmp_path / "a", db_url)
    caplog.set_level(logging.WARNING)
    station = open_station(tmp_path / "a", clock=clock, demo=True)
    try:
        with pytest.raises(FlowError) as refused:
            station.capture.delete_draft(sid, draft.id)
        assert refused.value.code == "draft_too_new"
        assert station.rules.policy().draft_delete_after_hours == 24
        assert "settings.toml holds programme rules" in caplog.text
        raw = tomllib.loads((tmp_path / "a" / SETTINGS_FILE).read_text(encoding="utf-8"))
        assert "policy" not in raw and "liveness_enabled" not in raw  # station-local only
    finally:
        station.close()


def test_an_older_settings_file_moves_its_rules_into_the_database_once(
    tmp_path: Path, db_url: str
) -> None:
    data = tmp_path / "old"
    _with_rule_keys(data, db_url)
    station = open_station(data, clock=FakeClock(), demo=True)
    try:
        assert station.rules.policy().draft_delete_after_hours == 0
        assert not station.liveness_enabled
        moved = [r for r in _audit(station) if r.action == "programme_rules_migrated"]
        assert len(moved) == 1 and moved[0].detail["source"] == "settings.toml"
        assert moved[0].detail["changes"]["draft_delete_after_hours"] == [24.0, 0.0]
    finally:
        station.close()
    station = open_station(data, clock=FakeClock(), demo=True)  # again: nothing more to move
    try:
        assert [r.action for r in _audit(station)].count("programme_rules_migrated") == 1
    finally:
        station.close()


def test_an_admin_changes_the_rules_for_every_station_audited_old_to_new(
    tmp_path: Path, db_url: str
) -> None:
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    clock = FakeClock()
    a = open_station(
        tmp_path / "a", settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    b = open_station(
        tmp_path / "b", settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    try:
        console = ConsoleServices.for_station(a, clock=clock)
        admin = a.staff.login(DEMO_ADMIN, DEMO_PASSWORD)
        operator = a.staff.create_account(admin, "op1", "Operator-Pass-2026", "operator")
        with pytest.raises(Exception) as refused:
            console.settings.save_station(operator, {"policy": {"draft_capacity": 9}})
        assert getattr(refused.value, "code", "") == "not_allowed"
        with pytest.raises(SettingsError):
            console.settings.save_station(admin, {"policy": {"draft_capacity": 0}})
        console.settings.save_station(admin, {"policy": {"draft_capacity": 3}})
        changed = [r for r in _audit(a) if r.action == "programme_rules_changed"]
        assert changed[-1].detail["changes"] == {"draft_capacity": [5, 3]}
        assert changed[-1].staff_id == admin.staff_id
        b.rules._read_at = 0.0  # as if the brief cache had run out
        assert b.rules.policy().draft_capacity == 3
        raw = tomllib.loads((tmp_path / "a" / SETTINGS_FILE).read_text(encoding="utf-8"))
        assert "policy" not in raw
    finally:
        a.close()
        b.close()


def test_submit_still_itself_requires_a_liveness_pass(
    tmp_path: Path, db_url: str, demo_camera_frame: np.ndarray
) -> None:
    clock = FakeClock()
    station = open_station(
        tmp_path / "d", settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    try:
        station.set_liveness_enabled(True)
        sid = station.capture.verify_code(demo_codes()[0]).student.id  # type: ignore[union-attr]
        with pytest.raises(FlowError) as refused:
            station.capture.submit_still(sid, [demo_camera_frame])
        assert refused.value.code == "liveness_required"
        station.capture.record_liveness_pass(sid)
        outcome = station.capture.submit_still(sid, [demo_camera_frame])
        assert outcome.verdict is not None
        clock.advance(minutes=31)  # a pass does not last for ever
        for _ in range(2):
            clock.advance(seconds=11)
        with pytest.raises(FlowError) as stale:
            station.capture.submit_still(sid, [demo_camera_frame])
        assert stale.value.code in ("liveness_required", "blocked")
    finally:
        station.close()
