# SPDX-License-Identifier: MIT
"""Two station processes on one database append to the audit log at once: one unbroken chain.

Each append takes the chain's lock (SQLite's write lock, PostgreSQL's advisory lock) before it reads
the newest record, so no two records name the same predecessor.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import func, select

from tucai_desk.services.app import open_station
from tucai_desk.services.audit_key import AuditKeyStore, export_text, import_key
from tucai_desk.services.settings import StationSettings
from tucai_desk.store.models import AuditRecord

pytestmark = pytest.mark.db

WORKER = Path(__file__).with_name("audit_append_worker.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _keys_in_data_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each station keeps its own copy of the key; the second one imports it (setup)."""
    monkeypatch.delenv("TUCAI_AUDIT_KEY_FILE", raising=False)
    # Keys in the data folders, as on a machine without an OS keyring: a keyring backend that
    # another test defined would otherwise hold the key in this process only.
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)


def _forks(station) -> int:  # noqa: ANN001
    """Records that name the same predecessor as an earlier record."""
    with station.db.session() as s:
        prevs = list(s.scalars(select(AuditRecord.prev_hash)))
    return len(prevs) - len(set(prevs))


def _run_pair(tmp_path: Path, db_url: str, mode: str, count: int) -> list[str]:
    first = open_station(tmp_path / "first", settings=StationSettings(db_url=db_url), demo=True)
    first.close()
    share_key(tmp_path / "first", tmp_path / "second")
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), db_url, str(tmp_path / name), name, mode, str(count)]
            + [str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # The worker imports this checkout's package, not the one the environment installed.
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for name in ("first", "second")
    ]
    go.touch()
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        outs.append(out)
    return outs


def share_key(source: Path, target: Path) -> None:
    """What setup does for a second station on the same database (audit key export/import)."""
    key = AuditKeyStore(source).load()
    assert key is not None
    import_key(target, export_text(key))


def test_two_processes_appending_100_each_leave_one_unbroken_chain(
    tmp_path: Path, db_url: str
) -> None:
    _run_pair(tmp_path, db_url, "append", 100)
    station = open_station(tmp_path / "first", settings=StationSettings(db_url=db_url))
    try:
        with station.db.session() as s:
            appended = s.scalar(
                select(func.count(AuditRecord.seq)).where(AuditRecord.action == "test_append")
            )
        assert appended == 200
        assert _forks(station) == 0
        verdict = station.staff.verify_audit()
        assert verdict.ok, verdict
        sys.stdout.write(f"audit appends: 2x100 forks={_forks(station)}\n")
    finally:
        station.close()


def test_twelve_concurrent_logins_leave_one_unbroken_chain(tmp_path: Path, db_url: str) -> None:
    outs = _run_pair(tmp_path, db_url, "login", 6)
    answers = " ".join(outs).split()
    # Attempts are counted before their password is checked: with 12 at once some correct ones
    # may meet the 5-attempt lock; every answer is one of the three, and the chain stays whole.
    assert len(answers) == 12 and set(answers) <= {"ok", "bad_credentials", "locked"}
    assert answers.count("ok") >= 1
    station = open_station(tmp_path / "first", settings=StationSettings(db_url=db_url))
    try:
        assert _forks(station) == 0
        assert station.staff.verify_audit().ok
    finally:
        station.close()
