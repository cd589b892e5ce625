# SPDX-License-Identifier: MIT
"""On PostgreSQL the rules read the database server's clock, not the station's."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tucai_desk.core.clock import as_utc
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.app import open_station
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.timekeeping import ServerClock


def test_a_timed_lock_runs_on_the_server_clock(tmp_path: Path, db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("server time is PostgreSQL's; SQLite keeps the station's high-water mark")
    station = open_station(tmp_path, settings=StationSettings(db_url=db_url), demo=True)
    try:
        assert isinstance(station.clock, ServerClock)
        sid = station.capture.verify_code(demo_codes()[0]).student.id
        repo = station.capture._capture
        for _ in range(5):
            with station.db.session() as s:  # skip the cooldown: it is not what is tested here
                from tucai_desk.store.models import StudentLock

                row = s.get(StudentLock, sid)
                if row is not None:
                    row.cooldown_until = None
            gate = repo.save_photo_attempt(
                sid,
                passed=False,
                failures=["exposure"],
                measurements={},
                jpeg=None,
                thumbnail=None,
            ).gate
        with station.db.engine.connect() as conn:
            server_now = as_utc(conn.execute(select(func.now())).scalar_one())
        assert gate.block is not None and gate.block.reason is BlockReason.TIMED_LOCK
        assert abs(gate.block.until - (server_now + timedelta(minutes=30))) < timedelta(minutes=1)
    finally:
        station.close()
