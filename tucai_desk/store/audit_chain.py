# SPDX-License-Identifier: MIT
"""The audit chain's hashes and the walk that names what was done to it.

Each record's hash is an HMAC-SHA256, under the installation's audit key (kept outside the
database, see ``services.audit_key``), of the previous record's hash and the record's content. Who
can edit the database but does not hold the key can neither edit a record nor re-chain the records
after it unseen. Records written before the key (schema 0001–0003) carry plain SHA-256 hashes; the
upgrade seals them with one keyed ``chain_keyed`` record right after them, so they are covered too.

What the walk can name (:class:`Finding`):

- ``edited``: a record's content (or hash) no longer fits its keyed hash;
- ``removed``: a record in the middle (or the oldest ones) is gone: the next one names another;
- ``rechained_without_key``: the chain fits only as plain SHA-256, after the seal or without one:
  somebody rebuilt it without the key;
- ``cut_tail`` and ``wiped`` are told by the witnesses of the head (``store.audit_witness``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

GENESIS = "0" * 64
SEAL_ACTION = "chain_keyed"
KEY_BYTES = 32

EDITED = "edited"
REMOVED = "removed"
CUT_TAIL = "cut_tail"
WIPED = "wiped"
RECHAINED = "rechained_without_key"
KEY_MISMATCH = "key_mismatch"
HEAD_MISSING = "head_missing"


class ChainRecord(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> Any: ...
    @property
    def station_id(self) -> str: ...
    @property
    def staff_id(self) -> int | None: ...
    @property
    def action(self) -> str: ...
    @property
    def student_id(self) -> int | None: ...
    @property
    def detail(self) -> Any: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


def _body(prev_hash: str, rec: ChainRecord) -> bytes:
    body = json.dumps(
        {
            "at": rec.at.isoformat(timespec="microseconds"),
            "station": rec.station_id,
            "staff": rec.staff_id,
            "action": rec.action,
            "student": rec.student_id,
            "detail": rec.detail,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return (prev_hash + body).encode("utf-8")


def plain_hash(prev_hash: str, rec: ChainRecord) -> str:
    """The hash of records written before the audit key (schema 0001–0003)."""
    return hashlib.sha256(_body(prev_hash, rec)).hexdigest()


def keyed_hash(key: bytes, prev_hash: str, rec: ChainRecord) -> str:
    return hmac.new(key, _body(prev_hash, rec), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """A short name of the key (not the key): which key sealed a chain."""
    return hmac.new(key, b"tucai-desk audit key id", hashlib.sha256).hexdigest()[:16]


def mac_text(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Finding:
    reason: str
    seq: int | None


@dataclass(frozen=True, slots=True)
class ChainWalk:
    """The chain as found: its records, newest seq and hash, and the first thing wrong."""

    records: int
    last_seq: int
    last_hash: str
    hashes: dict[int, str]
    finding: Finding | None
    sealed: bool


def walk(records: Iterable[ChainRecord], key: bytes | None, *, pending: bool = False) -> ChainWalk:
    """Check the chain oldest first; ``pending``: the upgrade's seal is still to be written, so
    plain records at the end are the old chain, not a rebuilt one.

    Without a key only the plain part can be checked (keyed records read as edited).
    """
    prev, prev_seq, count = GENESIS, 0, 0
    hashes: dict[int, str] = {}
    first_plain: int | None = None
    keyed_seen = sealed = False
    finding: Finding | None = None
    for rec in records:
        count += 1
        hashes[rec.seq] = rec.hash
        if finding is not None:
            continue
        if rec.prev_hash != prev:
            if rec.seq != prev_seq + 1 or prev_seq == 0:
                finding = Finding(REMOVED, rec.seq)
            elif first_plain is not None:  # the old chain no longer meets its seal
                finding = Finding(RECHAINED, first_plain)
            else:
                finding = Finding(EDITED, rec.seq)
        elif key is not None and hmac.compare_digest(rec.hash, keyed_hash(key, prev, rec)):
            if first_plain is not None and (keyed_seen or rec.action != SEAL_ACTION):
                finding = Finding(RECHAINED, first_plain)  # plain records not sealed
            first_plain = None
            keyed_seen = True
            sealed = sealed or rec.action == SEAL_ACTION
        elif rec.hash == plain_hash(prev, rec):
            if keyed_seen:
                finding = Finding(RECHAINED, rec.seq)
            elif first_plain is None:
                first_plain = rec.seq
        else:
            finding = Finding(EDITED, rec.seq)
        prev, prev_seq = rec.hash, rec.seq
    if finding is None and first_plain is not None and not pending and key is not None:
        finding = Finding(RECHAINED, first_plain)
    return ChainWalk(count, prev_seq, prev, hashes, finding, sealed)
