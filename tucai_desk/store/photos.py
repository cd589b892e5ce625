# SPDX-License-Identifier: MIT
"""Photo files: content-addressed, written atomically (temp file, fsync, rename).

A crash leaves either the whole file or nothing under its final name; stray temp files are swept at
start. A full disk raises :class:`PhotoStoreError` with code ``disk_full`` and leaves nothing
behind.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

TEMP_PREFIX = ".incoming-"


class PhotoStoreError(RuntimeError):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PhotoStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if self.root.resolve() not in path.parents:
            raise PhotoStoreError("bad_path", relative)
        return path

    def put(self, data: bytes, *, kind: str = "photos", suffix: str = ".jpg") -> tuple[str, str]:
        """Store ``data``; returns (relative path, sha256). Same content → same file."""
        digest = sha256_hex(data)
        relative = f"{kind}/{digest[:2]}/{digest}{suffix}"
        final = self.root / relative
        if final.exists() and final.stat().st_size == len(data):
            return relative, digest
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=final.parent)
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
            code = "disk_full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "write_failed"
            raise PhotoStoreError(code, str(exc)) from exc
        return relative, digest

    def read(self, relative: str) -> bytes:
        return self.path(relative).read_bytes()

    def verify(self, relative: str, sha256: str) -> bool:
        try:
            return sha256_hex(self.read(relative)) == sha256
        except (OSError, PhotoStoreError):
            return False

    def sweep_orphans(self, referenced: set[str]) -> int:
        """Remove photo files no row refers to (left by a crash between file and commit).

        Run at start, before any capture: the file of a capture in progress is not referenced yet.
        """
        removed = 0
        for kind in ("photos", "thumbs", "finished"):
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                if not path.is_file() or path.name.startswith(TEMP_PREFIX):
                    continue
                if path.relative_to(self.root).as_posix() not in referenced:
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

