# SPDX-License-Identifier: MIT
"""DrainLock: one station at a time drains the shared outbox (or does another shared job).

Several stations on one database: every station may drain every item, since every station can
read every photo (``photo_blobs``, see ``store.photos``), but only one at a time: a PostgreSQL
advisory lock, or on a shared SQLite file an OS lock on a file beside it; both are released when
the holder dies. One drainer rather than per-row claims (``FOR UPDATE SKIP LOCKED``): the order
guarantee (``store.outbox_repository``) means item n+1 may not leave before item n is through, so
parallel drainers could not send more anyway, and a single drainer keeps "never the same item
twice at once" simple to see. Exactly once across a crash is the idempotency key's work (the
outbox id), whichever station sends the item again.

The same lock under another name keeps other shared rounds single: asking the service about the
photos and payment orders of all stations (``POLL``) is done by one station per round, not by
each of them for the same rows.
"""

from __future__ import annotations

import logging
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import text

from tucai_desk.store.db import Database

log = logging.getLogger(__name__)

DRAIN = "drain"  # sending the outbox
POLL = "poll"  # asking the service about delivered photos and payment orders

# Per job: the key of PostgreSQL's advisory lock and the suffix of the SQLite lock file.
_JOBS = {
    DRAIN: (zlib.crc32(b"tucai-desk outbox drain"), ".drain-lock"),
    POLL: (zlib.crc32(b"tucai-desk status poll"), ".poll-lock"),
}


@contextmanager
def _file_lock(path: Path) -> Iterator[bool]:
    """Try an exclusive OS lock on ``path`` (created if needed) without waiting; yields whether
    it was got. The OS releases it when the process ends, however it ends."""
    try:
        fh = open(path, "a+b")  # noqa: SIM115 - held open for the life of the lock
    except OSError as exc:
        # A folder where the lock cannot be made is one no second station can share either.
        log.warning("drain lock file not available (%s); draining without it", exc.errno)
        yield True
        return
    try:
        got = _try_lock(fh)
        try:
            yield got
        finally:
            if got:
                _unlock(fh)
    finally:
        fh.close()


def _try_lock(fh: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# One holder per database and job within this process, however many repositories point at it.
_LOCAL_DRAIN: dict[tuple[str, str], threading.Lock] = {}
_LOCAL_DRAIN_GUARD = threading.Lock()


def _local_drain_lock(db: Database, job: str) -> threading.Lock:
    key = (db.url.render_as_string(hide_password=True), job)
    with _LOCAL_DRAIN_GUARD:
        return _LOCAL_DRAIN.setdefault(key, threading.Lock())


class DrainLock:
    """The right to do ``job`` (drain the outbox, by default) for ``db``, tried without waiting."""

    def __init__(self, db: Database, job: str = DRAIN) -> None:
        self._db = db
        self._key, self._suffix = _JOBS[job]
        self._local = _local_drain_lock(db, job)

    @contextmanager
    def hold(self) -> Iterator[bool]:
        """Whether this process may drain the queue now (one drainer per database).

        On PostgreSQL a session advisory lock, released if the station dies. On SQLite an OS
        lock on ``<database>.drain-lock`` (``.poll-lock`` for polling): normally one station
        owns its file, but two station processes may share one (a shared folder), and they must
        not both drain.
        """
        if not self._local.acquire(blocking=False):
            yield False
            return
        try:
            if self._db.is_sqlite:
                path = self._db.sqlite_path
                if path is None:  # in memory: this process is the only one
                    yield True
                    return
                with _file_lock(path.with_name(path.name + self._suffix)) as got:
                    yield got
                return
            with self._db.engine.connect() as conn:
                got = bool(
                    conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key}).scalar()
                )
                try:
                    yield got
                finally:
                    if got:
                        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
                    conn.commit()
        finally:
            self._local.release()
