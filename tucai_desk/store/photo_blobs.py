# SPDX-License-Identifier: MIT
"""PhotoBlobRepository: the bytes of every photo, in the database, by sha256.

Several stations on one PostgreSQL database must read each other's photos: a student takes drafts
at station A and confirms at station B, B's sync worker sends a photo A took, a finished photo one
station downloaded is shown at another, export and lookup read any of them. The database is the
one thing all stations share, with transactions, so it holds the bytes (``photo_blobs``); each
station's photo folder is a cache (``store.photos``).

A blob is written in the same transaction as the row that refers to it (:func:`add_blob`, called
by ``CaptureRepository`` for drafts and thumbnails and by ``PhotoStatusRepository`` for finished
photos; an upload refers to its draft's bytes, :func:`ensure_blob`). So a committed row always has
its bytes, and a crash leaves neither. Blobs are content-addressed and immutable: inserting one
that exists does nothing (``ON CONFLICT DO NOTHING``), two stations storing the same bytes at
once do not collide, and no row is ever updated.

SQLite (one station) keeps the blobs too. Storing each photo twice costs one ~30 KB insert in a
transaction that is written anyway, and in return there is one code path on both databases and a
station whose photo folder was lost (a wiped or replaced disk folder) gets every photo back.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock, SystemClock, as_utc
from tucai_desk.store.db import Database
from tucai_desk.store.models import PhotoBlob

log = logging.getLogger(__name__)

# Bound parameters per IN (...) query; far below every database's limit.
_CHUNK = 500


def add_blob(s: Session, data: bytes, at: datetime, digest: str | None = None) -> str:
    """Store ``data`` in the caller's transaction unless its digest is there; returns the digest.

    ``digest``, when given, must be the sha256 of ``data`` (the caller just computed it).
    """
    digest = digest or hashlib.sha256(data).hexdigest()
    values = {"sha256": digest, "data": data, "size_bytes": len(data), "created_at": as_utc(at)}
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        s.execute(postgresql.insert(PhotoBlob).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        s.execute(sqlite.insert(PhotoBlob).values(values).on_conflict_do_nothing())
    elif s.get(PhotoBlob, digest) is None:
        s.add(PhotoBlob(**values))
        s.flush()
    return digest


def add_blobs(s: Session, items: Iterable[tuple[str, bytes]], at: datetime) -> None:
    """Several blobs in the caller's transaction, in digest order.

    The order matters on PostgreSQL: an insert waits for another transaction's uncommitted insert
    of the same key, so two transactions storing the same two photos in opposite order could each
    wait for the other.
    """
    for digest, data in sorted(dict(items).items()):
        add_blob(s, data, at, digest)


def has_blob(s: Session, digest: str) -> bool:
    return s.scalar(select(PhotoBlob.sha256).where(PhotoBlob.sha256 == digest)) is not None


def ensure_blob(s: Session, digest: str, at: datetime, load: Callable[[], bytes | None]) -> bool:
    """Make sure the bytes of ``digest`` are stored, loading them only when they are not.

    For a row that refers to bytes another row stored (an upload refers to its draft's photo):
    normally a key lookup and nothing else. ``load`` returns the bytes from this station's files
    (rows older than revision 0003 may have none yet), or None. False when they could not be
    stored here: the bytes are then only on the station that took them.
    """
    if has_blob(s, digest):
        return True
    data = load()
    if data is None or hashlib.sha256(data).hexdigest() != digest:
        log.warning("photo %s is not in the database and not on this station", digest[:12])
        return False
    add_blob(s, data, at, digest)
    return True


class PhotoBlobRepository:
    """Reads of the blob table for :class:`~tucai_desk.store.photos.PhotoStore`, and the
    back-fill of rows written before the table existed. Each method is one short transaction."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or SystemClock()

    def fetch(self, digest: str) -> bytes | None:
        """The stored bytes of ``digest`` as they are (the caller checks them), or None."""
        with self._db.session() as s:
            data = s.scalar(select(PhotoBlob.data).where(PhotoBlob.sha256 == digest))
            return None if data is None else bytes(data)

    def existing(self, digests: Iterable[str]) -> set[str]:
        """Which of ``digests`` have their bytes stored."""
        wanted = sorted(set(digests))
        found: set[str] = set()
        with self._db.session() as s:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                found.update(s.scalars(select(PhotoBlob.sha256).where(PhotoBlob.sha256.in_(chunk))))
        return found

    def add(self, items: Iterable[tuple[str, bytes]]) -> int:
        """Store (digest, bytes) pairs in one transaction; returns how many were given."""
        batch = dict(items)
        if not batch:
            return 0
        with self._db.session() as s:
            add_blobs(s, batch.items(), self._clock.now())
        return len(batch)
