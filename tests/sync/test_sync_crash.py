# SPDX-License-Identifier: MIT
"""A station process killed with SIGKILL while syncing, then restarted: nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tucai_desk.store.models import OutboxItem, Upload
from tucai_desk.store.outbox_repository import OutboxRepository
from tucai_desk.sync.simulator import FaultKind, start_simulator

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

# The station's sync worker on its own: signs in, says "ready", waits for "go", drains the outbox.
WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tucai_desk.services.sync_service import SyncService
    from tucai_desk.store.db import Database, sqlite_url
    from tucai_desk.store.photos import PhotoStore
    from tucai_desk.sync.client import ClientConfig, SyncClient
    from tucai_desk.sync.outbox_worker import Backoff
    from tucai_desk.sync.token_store import MemoryCredentialStore, TokenStore

    root, url, station, secret = sys.argv[1:5]
    db = Database(sqlite_url(Path(root) / "station.db"))
    client = SyncClient(
        ClientConfig(url, station, read_timeout=20.0, retries=2, backoff_factor=0.01),
        TokenStore(MemoryCredentialStore({"secret": secret})),
    )
    service = SyncService(
        db=db, photos=PhotoStore(Path(root) / "photos"), client=client,
        backoff=Backoff(base_s=0.05, cap_s=0.2, jitter=0.0),
    )
    client.authenticate()
    print("ready", flush=True)
    sys.stdin.readline()
    while service.flush().pending:
        time.sleep(0.05)
    print("drained", flush=True)
    """
)


def _start_worker(root: Path, url: str, kit) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(root), url, kit.STATION, kit.SECRET],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def _kill(proc: subprocess.Popen[str]) -> None:
    assert proc.poll() is None, "the station finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def test_killed_during_sync_then_restarted_nothing_lost_nothing_doubled(
    tmp_path: Path, kit
) -> None:
    root = tmp_path / "station"
    station = kit.open_station(root)
    for i in range(1, 31):
        station.confirm(i)
    station.db.dispose()
    sim = start_simulator(tmp_path / "sim", latency_ms=20, seed=5)
    try:
        sim.seed(kit.roster_seed())

        # 1. Killed at an arbitrary point of a normal drain.
        proc = _start_worker(root, sim.url, kit)
        _go(proc)
        _wait_for(lambda: sim.distinct_uploads >= 8)
        _kill(proc)

        # 2. Killed in the worst place: the service has stored the upload, the station has not
        #    heard back (the answer hangs), so the station has no record of the delivery.
        #    (The head may be the upload cut off in step 1: then this is its second delivery.)
        proc = _start_worker(root, sim.url, kit)
        known = 30 - OutboxRepository(station.db).pending_count()  # delivered, as the station knows
        sim.set_faults(rate=1.0, kinds=(FaultKind.HANG_AFTER,), hang_seconds=30.0)
        _go(proc)
        _wait_for(lambda: sim.stats()["faults"].get("hang_after", 0) >= 1)
        _wait_for(lambda: sim.distinct_uploads == known + 1)
        _kill(proc)
        sim.set_faults(rate=0.0)
        assert OutboxRepository(station.db).pending_count() == 30 - known

        # 3. Restarted: it drains the rest.
        proc = _start_worker(root, sim.url, kit)
        _go(proc)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0 and "drained" in out

        stats = sim.stats()
        assert stats["distinct_uploads"] == 30
        assert stats["duplicate_content"] == 0 and stats["conflicts"] == 0
        assert stats["duplicate_deliveries"] >= 1  # the upload of step 2 was sent again
        served = sim.store.uploads()
        assert [r["idempotency_key"] for r in served] == OutboxRepository(
            station.db
        ).delivery_order()
        photo_of_key = {r["idempotency_key"]: r["photo_id"] for r in served}
        with station.db.session() as s:
            rows = s.execute(
                select(OutboxItem.id, OutboxItem.state, Upload.remote_id).join(
                    Upload, Upload.id == OutboxItem.upload_id
                )
            ).all()
        assert len(rows) == 30
        for outbox_id, state, remote_id in rows:
            assert state == "delivered" and remote_id == photo_of_key[outbox_id]
    finally:
        sim.stop()
        station.db.dispose()
