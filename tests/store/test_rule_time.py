# SPDX-License-Identifier: MIT
"""One rule time per database: a station's wrong clock neither clears nor shortens anything.

Stations are separate processes on one database (one SQLite file, or PostgreSQL), each with its
own clock: a clock running 32 minutes fast, or set back a day under a station id of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tucai_desk.core.clock import FakeClock, SystemClock
from tucai_desk.core.policies import BlockReason
from tucai_desk.services.app import Station, open_station
from tucai_desk.services.console import ConsoleServices
from tucai_desk.services.demo import DEMO_ADMIN, DEMO_PASSWORD, demo_codes
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.models import AuditRecord, StudentLock

pytestmark = pytest.mark.db

# A station process whose clock is off by SKEW seconds (the PC's clock, as the program reads it).
WORKER = textwrap.dedent(
    """
    import json, sys
    from datetime import timedelta
    from pathlib import Path
    from tucai_desk.core.clock import SystemClock
    from tucai_desk.services.app import open_station
    from tucai_desk.services.settings import StationSettings
    from tucai_desk.store.models import StudentLock

    data, url, sid, skew, station_id, action = sys.argv[1:7]
    sid = int(sid)

    class PcClock(SystemClock):
        def now(self):
            return super().now() + timedelta(seconds=float(skew))

    settings = StationSettings(db_url=url, station_id=station_id)
    station = open_station(Path(data), settings=settings, clock=PcClock(), demo=True)
    repo = station.capture._capture
    out = {}
    if action == "look":
        gate = station.capture.capture_gate(sid)
        out["block"] = gate.reason.value if gate.reason else None
    elif action == "draft_and_lock":
        saved = repo.save_photo_attempt(sid, passed=True, failures=[], measurements={},
                                        jpeg=b"\\xff\\xd8 draft of a rogue station", thumbnail=None)
        out["draft"] = saved.draft.id
        for _ in range(5):
            with station.db.session() as s:  # the cooldown is not what is tested here
                row = s.get(StudentLock, sid)
                if row is not None:
                    row.cooldown_until = None
            gate = repo.save_photo_attempt(sid, passed=False, failures=["exposure"],
                                           measurements={}, jpeg=None, thumbnail=None).gate
        out["lock_until"] = gate.block.until.isoformat()
    station.close()
    print(json.dumps(out))
    """
)


def _run(tmp_path: Path, url: str, sid: int, skew: timedelta, station_id: str, action: str) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            WORKER,
            str(tmp_path / station_id),
            url,
            str(sid),
            str(skew.total_seconds()),
            station_id,
            action,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def shared(tmp_path: Path, db_url: str):  # noqa: ANN201
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{tmp_path / 'shared.db'}"  # one file, several station processes
    station = open_station(
        tmp_path / "desk", settings=StationSettings(db_url=db_url), clock=SystemClock(), demo=True
    )
    check = station.capture.verify_code(demo_codes()[0])
    assert check.student is not None
    yield station, db_url, check.student.id
    station.close()


def _timed_lock(station: Station, sid: int) -> datetime:
    repo = station.capture._capture
    for _ in range(5):
        with station.db.session() as s:
            row = s.get(StudentLock, sid)
            if row is not None:
                row.cooldown_until = None
        gate = repo.save_photo_attempt(
            sid, passed=False, failures=["exposure"], measurements={}, jpeg=None, thumbnail=None
        ).gate
    assert gate.block is not None and gate.block.reason is BlockReason.TIMED_LOCK
    assert gate.block.until is not None
    return gate.block.until


def test_a_station_32_minutes_fast_clears_no_timed_lock(tmp_path: Path, shared) -> None:  # noqa: ANN001
    station, url, sid = shared
    until = _timed_lock(station, sid)
    seen = _run(tmp_path, url, sid, timedelta(minutes=32), "fast-station", "look")
    assert seen["block"] == "timed_lock"  # the fast station itself still sees the lock
    # ... and left it in the database for every station.
    with station.db.session() as s:
        row = s.get(StudentLock, sid)
        assert row is not None and row.timed_lock_until == until and row.other_failures == 5
    assert station.capture.capture_gate(sid).reason is BlockReason.TIMED_LOCK
    # The jump is on record (SQLite; on PostgreSQL a station's clock has no say at all).
    if station.db.is_sqlite:
        with station.db.session() as s:
            actions = list(s.scalars(select(AuditRecord.action)))
        assert "clock_jump" in actions


def test_a_station_set_back_a_day_writes_nothing_into_the_past(tmp_path: Path, shared) -> None:  # noqa: ANN001
    station, url, sid = shared
    before = datetime.now(UTC)
    done = _run(tmp_path, url, sid, -timedelta(days=1), "rogue-station", "draft_and_lock")
    # The lock does not end "yesterday": it runs its 30 minutes from now.
    lock_until = datetime.fromisoformat(done["lock_until"])
    assert lock_until >= before + timedelta(minutes=29)
    assert station.capture.capture_gate(sid).reason is BlockReason.TIMED_LOCK
    # A correct station may not delete the rogue station's fresh draft.
    from tucai_desk.services.capture import FlowError

    with pytest.raises(FlowError) as refused:
        station.capture.delete_draft(sid, done["draft"])
    assert refused.value.code == "draft_too_new"


def test_rule_time_recovers_after_a_corrected_slip(tmp_path: Path, db_url: str) -> None:
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    desk, slipping = FakeClock(), FakeClock()
    a = open_station(tmp_path / "a", settings=StationSettings(db_url=db_url), clock=desk, demo=True)
    b = open_station(
        tmp_path / "b", settings=StationSettings(db_url=db_url), clock=slipping, demo=True
    )
    try:
        sid = a.capture.verify_code(demo_codes()[0]).student.id  # type: ignore[union-attr]
        slipping.set(slipping.now() + timedelta(hours=1))  # B's clock slips an hour ahead
        b.capture.capture_gate(sid)
        repo = b.capture._capture
        gate = repo.save_photo_attempt(
            sid, passed=False, failures=["exposure"], measurements={}, jpeg=None, thumbnail=None
        ).gate
        assert gate.block is not None and gate.block.reason is BlockReason.COOLDOWN
        slipping.set(slipping.now() - timedelta(hours=1))  # ... and is put right
        for clock in (desk, slipping):
            clock.advance(seconds=11)
        # The 10-second cooldown is over on both stations, not in an hour.
        assert a.capture.capture_gate(sid).allowed
        assert b.capture.capture_gate(sid).allowed
    finally:
        a.close()
        b.close()


def test_an_admin_confirms_a_jump_and_the_rule_time_follows(tmp_path: Path, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's clock is the rule time; there is nothing to confirm")
    clock = FakeClock()
    station = open_station(
        tmp_path / "d", settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    try:
        console = ConsoleServices.for_station(station, clock=clock)
        admin = station.staff.login(DEMO_ADMIN, DEMO_PASSWORD)
        sid = station.capture.verify_code(demo_codes()[0]).student.id  # type: ignore[union-attr]
        _timed_lock(station, sid)
        clock.set(clock.now() + timedelta(hours=2))  # the station was off overnight, say
        assert station.capture.capture_gate(sid).reason is BlockReason.TIMED_LOCK
        jump = console.settings.pending_clock_jump()
        assert jump is not None and jump.station_clock - jump.rule_time >= timedelta(hours=2)
        console.settings.confirm_clock_jump(admin)
        assert console.settings.pending_clock_jump() is None
        assert station.capture.capture_gate(sid).allowed
        with station.db.session() as s:
            actions = list(s.scalars(select(AuditRecord.action)))
        assert actions.count("clock_jump") == 1 and "clock_jump_confirmed" in actions
    finally:
        station.close()


def test_a_jump_first_seen_while_auditing_leaves_one_unbroken_chain(
    tmp_path: Path, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's clock is the rule time; no jump to record")
    clock = FakeClock()
    station = open_station(
        tmp_path / "d", settings=StationSettings(db_url=db_url), clock=clock, demo=True
    )
    try:
        clock.set(clock.now() + timedelta(hours=1))
        from tucai_desk.services.staff import LoginError

        with pytest.raises(LoginError):  # an audited action is the first to read the time
            station.staff.login("nobody", "wrong password")
        check = station.staff.verify_audit()
        assert check.ok, check
        with station.db.session() as s:
            actions = list(s.scalars(select(AuditRecord.action).order_by(AuditRecord.seq)))
        assert actions[-2:] == ["login_failed", "clock_jump"]
    finally:
        station.close()
