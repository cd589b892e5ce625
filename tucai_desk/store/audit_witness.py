# SPDX-License-Identifier: MIT
"""Witnesses of the audit chain's head outside the database.

The station keeps an append-only checkpoint file in its data folder: one line per committed append
(``append``), per head the provincial service acknowledged (``ack``) and per clean verification
(``verified``), each with the head's seq and hash, the time and an HMAC of the line under the audit
key, written with ``fsync``. Whoever deletes the newest records, or all of them, from the database
cannot make the head go back in this file (a line without a valid MAC is ignored) nor at the
service. A line is written after the commit it witnesses, so the file is never ahead of the
database; a crash in between only leaves it a step behind.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tucai_desk.store.audit_chain import mac_text

log = logging.getLogger(__name__)

CHECKPOINT_FILE = "audit-checkpoints.log"
APPEND, ACK, VERIFIED = "append", "ack", "verified"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    kind: str
    seq: int
    hash: str
    at: str


def _line(kind: str, seq: int, hash_: str, at: str) -> str:
    return json.dumps({"kind": kind, "seq": seq, "hash": hash_, "at": at}, sort_keys=True)


class CheckpointFile:
    """The station's checkpoint file (``data_dir/audit-checkpoints.log``)."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key
        self._lock = threading.Lock()

    def write(self, kind: str, seq: int, hash_: str, at: datetime | str) -> None:
        """Append one line and wait until it is on disk."""
        when = at if isinstance(at, str) else at.isoformat()
        body = _line(kind, seq, hash_, when)
        record = json.dumps({"line": body, "mac": mac_text(self._key, body)}) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, record.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)

    def entries(self) -> tuple[list[Checkpoint], int]:
        """The lines whose MAC holds, and how many lines did not (forged or damaged)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], 0
        good: list[Checkpoint] = []
        bad = 0
        for raw in text.splitlines():
            try:
                outer = json.loads(raw)
                body = str(outer["line"])
                if outer.get("mac") != mac_text(self._key, body):
                    raise ValueError("mac")
                inner = json.loads(body)
                good.append(
                    Checkpoint(
                        str(inner["kind"]), int(inner["seq"]), str(inner["hash"]), inner["at"]
                    )
                )
            except (ValueError, KeyError, TypeError):
                bad += 1  # a line cut by a crash, or written without the key
        return good, bad

    def highest(self) -> Checkpoint | None:
        """The witnessed head with the highest seq (an ``ack`` wins a tie)."""
        good, _ = self.entries()
        if not good:
            return None
        return max(good, key=lambda c: (c.seq, c.kind == ACK))

    def last_ack(self) -> Checkpoint | None:
        acks = [c for c in self.entries()[0] if c.kind == ACK]
        return max(acks, key=lambda c: c.seq) if acks else None
