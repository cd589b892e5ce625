# SPDX-License-Identifier: MIT
"""Photo files: content-addressed, written atomically, a station's cache of the database's bytes.

A file is named by the sha256 of its bytes (``photos/ab/ab12….jpg``; ``thumbs/`` and ``finished/``
likewise) and written atomically (temp file, fsync, rename): a crash leaves either the whole file
or nothing under its final name; stray temp files are swept at start. A full disk raises
:class:`PhotoStoreError` with code ``disk_full`` and leaves nothing behind.

Several stations on one database: the bytes of every photo a row refers to are also in the
database (``photo_blobs``, see ``store.photo_blobs``), written in the same transaction as the row.
The files here are this station's cache of them. A photo this station does not have (a draft
taken at another station, a finished photo another station downloaded, a photo folder that was
wiped) is fetched from the database when it is first read, checked against the sha256 in its
name, and written here atomically. A local file that no longer matches its name is replaced from
the database the same way. When the database's copy does not match either, the photo is reported
``damaged`` and never served.

Why a read-through cache rather than copying every photo to every station: a station only needs
the photos it touches, and reads stay local files (fast, and what the UI shows by path).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Collection, Iterable
from pathlib import Path, PurePosixPath
from typing import Protocol

log = logging.getLogger(__name__)

TEMP_PREFIX = ".incoming-"
KINDS = ("photos", "thumbs", "finished")
_DIGEST = re.compile(r"[0-9a-f]{64}")
# Back-fill of old rows' blobs: this many photos (~30 KB each) per transaction.
_BACKFILL_BATCH = 50


class PhotoStoreError(RuntimeError):
    """``code``: disk_full | write_failed | bad_path | missing (neither here nor in the database)
    | damaged (the bytes do not match their sha256, and no good copy exists)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


class BlobSource(Protocol):
    """The database's copy of the photos (``store.photo_blobs.PhotoBlobRepository``)."""

    def fetch(self, digest: str) -> bytes | None: ...

    def existing(self, digests: Iterable[str]) -> set[str]: ...

    def add(self, items: Iterable[tuple[str, bytes]]) -> int: ...


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_of(relative: str) -> str | None:
    """The sha256 a stored photo's name carries, or None for a name that carries none."""
    stem = PurePosixPath(relative).name.split(".", 1)[0]
    return stem if _DIGEST.fullmatch(stem) else None


class PhotoStore:
    def __init__(self, root: Path, blobs: BlobSource | None = None) -> None:
        """``blobs``: where photos missing here are fetched from; without it (a store on its
        own, as in some tests and tools) the folder is all there is."""
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._blobs = blobs

    def _resolve(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if self.root.resolve() not in path.parents:
            raise PhotoStoreError("bad_path", relative)
        return path

    def path(self, relative: str) -> Path:
        """The local file of a stored photo, fetched from the database first if it is not here.

        The file may still be missing (or, if damaged, left as it is): callers that show a
        photo check that it exists, callers that need the bytes use :meth:`read`.
        """
        path = self._resolve(relative)
        if self._blobs is not None and not path.exists():
            with contextlib.suppress(PhotoStoreError):
                self._restore(relative, path)
        return path

    def put(self, data: bytes, *, kind: str = "photos", suffix: str = ".jpg") -> tuple[str, str]:
        """Store ``data``; returns (relative path, sha256). Same content → same file.

        Only the file: the caller stores the bytes in the database with the row that refers to
        them (``store.photo_blobs.add_blob``).
        """
        digest = sha256_hex(data)
        relative = f"{kind}/{digest[:2]}/{digest}{suffix}"
        final = self.root / relative
        if final.exists() and final.stat().st_size == len(data):
            return relative, digest
        _write_atomic(final, data)
        return relative, digest

    def read(self, relative: str) -> bytes:
        """The photo's bytes, checked against the sha256 in its name.

        From the local file; from the database when the file is missing or damaged (and the
        file is written again). Raises :class:`PhotoStoreError` (``missing`` or ``damaged``).
        """
        final = self._resolve(relative)
        digest = digest_of(relative)
        try:
            data = final.read_bytes()
        except FileNotFoundError:
            return self._restore(relative, final)
        if digest is None or sha256_hex(data) == digest:
            return data
        log.warning("local copy of photo %s is damaged", digest[:12])
        try:
            return self._restore(relative, final)
        except PhotoStoreError as exc:
            raise PhotoStoreError("damaged", relative) from exc

    def read_local(self, relative: str) -> bytes | None:
        """The local file's bytes if they match their name; never asks the database."""
        digest = digest_of(relative)
        try:
            data = self._resolve(relative).read_bytes()
        except (OSError, PhotoStoreError):
            return None
        return data if digest is None or sha256_hex(data) == digest else None

    def verify(self, relative: str, sha256: str) -> bool:
        try:
            return sha256_hex(self.read(relative)) == sha256
        except (OSError, PhotoStoreError):
            return False

    def _restore(self, relative: str, final: Path) -> bytes:
        """Fetch the bytes from the database, check them, cache them here; return them."""
        digest = digest_of(relative)
        if digest is None or self._blobs is None:
            raise PhotoStoreError("missing", relative)
        data = self._blobs.fetch(digest)
        if data is None:
            log.warning("photo %s is neither on this station nor in the database", digest[:12])
            raise PhotoStoreError("missing", relative)
        if sha256_hex(data) != digest:
            log.error("the database's copy of photo %s is damaged; not served", digest[:12])
            raise PhotoStoreError("damaged", relative)
        try:
            _write_atomic(final, data)
        except PhotoStoreError as exc:
            # The bytes are good; only the cache could not be written (full disk). Serve them.
            log.warning("photo %s read from the database but not cached: %s", digest[:12], exc.code)
        else:
            log.debug("photo %s fetched from the database", digest[:12])
        return data

    def store_missing_blobs(self, referenced: Collection[str]) -> int:
        """Put in the database the bytes of local files whose rows have none; returns how many.

        Rows written before revision 0003 refer to files only the station that took them has.
        Each station does this at start, so after every station has started once after the
        upgrade, every photo can be read everywhere. Cheap when there is nothing to do (one key
        query per 500 rows).
        """
        if self._blobs is None:
            return 0
        by_digest = {d: rel for rel in referenced if (d := digest_of(rel)) is not None}
        missing = sorted(set(by_digest) - self._blobs.existing(by_digest))
        stored = 0
        batch: list[tuple[str, bytes]] = []
        for digest in missing:
            data = self.read_local(by_digest[digest])
            if data is None:
                continue  # on another station (its start stores it), or lost
            batch.append((digest, data))
            if len(batch) >= _BACKFILL_BATCH:
                stored += self._blobs.add(batch)
                batch = []
        if batch:
            stored += self._blobs.add(batch)
        if stored:
            log.info("stored %d photo(s) of earlier rows in the database", stored)
        return stored

    def sweep_orphans(self, referenced: Collection[str]) -> int:
        """Remove photo files left by a crash between the file write and the commit.

        Such a file has no row and no blob (both are written in the one transaction). A file
        some row refers to, or whose bytes are in the database, is kept: it is a valid copy.
        Run at start, before any capture: the file of a capture in progress is not referenced yet.
        """
        candidates: list[Path] = []
        for kind in KINDS:
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                if not path.is_file() or path.name.startswith(TEMP_PREFIX):
                    continue
                if path.relative_to(self.root).as_posix() not in referenced:
                    candidates.append(path)
        if candidates and self._blobs is not None:
            digests = {p: digest_of(p.name) for p in candidates}
            stored = self._blobs.existing(d for d in digests.values() if d is not None)
            candidates = [p for p in candidates if digests[p] not in stored]
        removed = 0
        for path in candidates:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        if removed:
            log.warning("removed %d photo file(s) no record refers to", removed)
        return removed

    def sweep_temp_files(self) -> int:
        """Remove half-written files left by a crash; returns how many."""
        removed = 0
        for tmp in self.root.rglob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
        if removed:
            log.warning("removed %d half-written photo file(s) left by a crash", removed)
        return removed


def _write_atomic(final: Path, data: bytes) -> None:
    """Write ``final`` whole or not at all (temp file in the same folder, fsync, rename)."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=final.parent)
    except OSError as exc:
        raise PhotoStoreError(_error_code(exc), str(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, final)
        _fsync_dir(final.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise PhotoStoreError(_error_code(exc), str(exc)) from exc


def _error_code(exc: OSError) -> str:
    return "disk_full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "write_failed"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
