# SPDX-License-Identifier: MIT
"""The audit log: keyed appends inside the caller's transaction, the upgrade's seal, verification.

Appending (:meth:`AuditLog.append`) takes the chain's lock (``take_chain_lock``) before it reads the
newest record, hashes the record under the audit key (``store.audit_chain``), moves the head row
(``settings['audit_head']``) and, once the caller's transaction has committed, writes the head to
the station's checkpoint file (``store.audit_witness``). The ``settings['audit_keyed']`` row says
whether the chain is keyed and by which key (its id, never the key): an append without the key,
or with another one, is refused rather than written into a chain it would break.

Verification (:meth:`AuditLog.verify`) walks the chain, then asks the witnesses: the checkpoint
file (this station's appends and the heads the provincial service acknowledged) and the head row.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from tucai_desk.core.clock import Clock
from tucai_desk.store.audit_chain import (
    CUT_TAIL,
    GENESIS,
    HEAD_MISSING,
    KEY_MISMATCH,
    SEAL_ACTION,
    WIPED,
    Finding,
    key_id,
    keyed_hash,
    plain_hash,
    walk,
)
from tucai_desk.store.audit_witness import APPEND, VERIFIED, CheckpointFile
from tucai_desk.store.db import Database
from tucai_desk.store.models import AuditRecord, SettingRow
from tucai_desk.store.timekeeping import trusted_now

log = logging.getLogger(__name__)

HEAD_KEY = "audit_head"
KEYED_KEY = "audit_keyed"  # {"state": "pending" | "keyed", "key_id": …, "sealed_seq": …}
# PostgreSQL advisory lock key of the audit chain (any constant; "tucai-audit" in ASCII).
CHAIN_LOCK_KEY = 0x74756361696164


class AuditKeyError(RuntimeError):
    """``code``: missing (this station has no audit key for a keyed chain) | mismatch (it holds
    another installation's key). Setup shares the key: ``tucai-desk audit key import``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class AuditKeying:
    """The installation's audit key and this station's checkpoint file."""

    key: bytes
    witness: CheckpointFile | None = None


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """``reason``: None when the log holds, else what was found (``store.audit_chain``)."""

    ok: bool
    records: int
    broken_at: int | None = None
    reason: str | None = None
    witnessed_seq: int | None = None

    @property
    def finding(self) -> str:
        return self.reason or "ok"


def take_chain_lock(s: Session) -> None:
    """Make ``s`` the only transaction that may extend the chain, before the head is read.

    SQLite: the database's write lock (``BEGIN IMMEDIATE``, waiting up to the busy timeout). The
    driver opens a transaction only before a write, so a session already in one holds the write
    lock; one that is not starts it here. PostgreSQL: a transaction-scoped advisory lock.
    """
    if s.get_bind().dialect.name == "sqlite":
        raw = s.connection().connection.driver_connection
        if raw is not None and not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")
    else:
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK_KEY})


def _head_fits(s: Session, head: dict[str, Any]) -> bool:
    seq = int(head.get("seq", 0))
    if seq == 0:
        return head.get("hash") == GENESIS
    rec = s.get(AuditRecord, seq)
    return rec is not None and rec.hash == head.get("hash")


def _witness_after_commit(s: Session, witness: CheckpointFile, rec: AuditRecord) -> None:
    """Write the newest head of ``s`` to the checkpoint file once ``s`` has committed."""
    pending = s.info.get("audit_witness")
    s.info["audit_witness"] = (rec.seq, rec.hash, rec.at)
    if pending is not None:
        return  # already hooked; the newest record wins

    def committed(session: Session) -> None:
        head = session.info.pop("audit_witness", None)
        if head is None:
            return
        try:
            witness.write(APPEND, *head)
        except OSError:
            log.exception("audit checkpoint not written (the record itself is committed)")

    def rolled_back(session: Session, _previous: Any = None) -> None:
        session.info.pop("audit_witness", None)

    event.listen(s, "after_commit", committed, once=True)
    event.listen(s, "after_soft_rollback", rolled_back, once=True)


# The key each database's chain is written with in this process, set when the station opens
# (``open_station``): code that appends without being handed the key (a clock-jump record at
# commit, a tool's repository) writes with the same key rather than failing or forking.
_KEYINGS: dict[str, AuditKeying] = {}
_KEYINGS_LOCK = threading.Lock()


def _url_key(url: object) -> str:
    render = getattr(url, "render_as_string", None)
    return render(hide_password=True) if callable(render) else str(url)


def register_keying(db: Database, keying: AuditKeying) -> None:
    """Make ``keying`` the key of ``db``'s chain for every append in this process."""
    with _KEYINGS_LOCK:
        _KEYINGS[_url_key(db.engine.url)] = keying


def registered_keying(bind: object) -> AuditKeying | None:
    engine = getattr(bind, "engine", bind)
    with _KEYINGS_LOCK:
        return _KEYINGS.get(_url_key(getattr(engine, "url", "")))


class AuditLog:
    def __init__(
        self, db: Database, clock: Clock, station_id: str, keying: AuditKeying | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self._station_id = station_id
        self._keying = keying

    @property
    def keying(self) -> AuditKeying | None:
        if self._keying is None and self._db is not None:
            return registered_keying(self._db.engine)
        return self._keying

    def _keying_of(self, s: Session) -> AuditKeying | None:
        return self._keying if self._keying is not None else registered_keying(s.get_bind())

    # -- appending -------------------------------------------------------------------------------
    def append(
        self,
        s: Session,
        action: str,
        *,
        staff_id: int | None,
        student_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditRecord:
        """Append one record inside the caller's transaction ``s`` (committed with it)."""
        take_chain_lock(s)
        key = self._usable_key(s)
        return self._write(s, key, action, staff_id, student_id, detail or {})

    def _usable_key(self, s: Session) -> bytes | None:
        """The key to hash with (sealing an old chain first); None for a chain never keyed."""
        row = s.get(SettingRow, KEYED_KEY)
        state = dict(row.value or {}) if row is not None else {}
        keying = self._keying_of(s)
        key = keying.key if keying is not None else None
        if state.get("state") == "keyed":
            if key is None:
                raise AuditKeyError("missing")
            if state.get("key_id") != key_id(key):
                raise AuditKeyError("mismatch")
            return key
        if key is None:
            return None  # an unkeyed chain (a tool without the station's key): plain hashes
        if state.get("state") == "pending":
            self._seal(s, key)
        else:
            s.add(SettingRow(key=KEYED_KEY, value={"state": "keyed", "key_id": key_id(key)}))
        return key

    def _seal(self, s: Session, key: bytes) -> None:
        """Close the chain written before the key with a keyed ``chain_keyed`` record."""
        records = list(s.scalars(select(AuditRecord).order_by(AuditRecord.seq)))
        old = walk(records, None, pending=True)
        detail = {
            "key_id": key_id(key),
            "legacy_records": old.records,
            "legacy_head": {"seq": old.last_seq, "hash": old.last_hash},
            "legacy_check": old.finding.reason if old.finding else "ok",
        }
        rec = self._write(s, key, SEAL_ACTION, None, None, detail)
        row = s.get(SettingRow, KEYED_KEY)
        value = {"state": "keyed", "key_id": key_id(key), "sealed_seq": rec.seq}
        if row is None:
            s.add(SettingRow(key=KEYED_KEY, value=value))
        else:
            row.value = value
        log.info("audit chain sealed under the station's key (%d older records)", old.records)

    def _write(
        self,
        s: Session,
        key: bytes | None,
        action: str,
        staff_id: int | None,
        student_id: int | None,
        detail: dict[str, Any],
    ) -> AuditRecord:
        last = s.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(1)).first()
        prev = last.hash if last is not None else GENESIS
        rec = AuditRecord(
            at=trusted_now(s, self._clock, self._station_id),
            station_id=self._station_id,
            staff_id=staff_id,
            action=action,
            student_id=student_id,
            detail=detail,
            prev_hash=prev,
            hash="",
        )
        rec.hash = keyed_hash(key, prev, rec) if key is not None else plain_hash(prev, rec)
        s.add(rec)
        s.flush()
        self._move_head(s, rec)
        keying = self._keying_of(s)
        if key is not None and keying is not None and keying.witness is not None:
            _witness_after_commit(s, keying.witness, rec)
        return rec

    @staticmethod
    def _move_head(s: Session, rec: AuditRecord) -> None:
        row = s.get(SettingRow, HEAD_KEY)
        value: dict[str, Any] = {"seq": rec.seq, "hash": rec.hash}
        if row is None:
            s.add(SettingRow(key=HEAD_KEY, value=value))
            return
        old = dict(row.value or {})
        broken = old.get("broken")
        # The head must name the record before this one; if not, records were cut off. Remember
        # it, so that later appends cannot paper over the cut.
        if broken is None and not _head_fits(s, old):
            broken = {"seq": int(old.get("seq", 0))}
        if broken is not None:
            value["broken"] = broken
        row.value = value

    def adopt_key(self) -> bool:
        """At start-up: bind the chain to this station's key, or check it is the chain's key.

        A chain not keyed yet is bound to the key now (so that a second station starting at the
        same time with a key of its own is refused at once, not at its first staff action); one
        written before the key is sealed (True). AuditKeyError("mismatch") for another key.
        """
        if self._keying is None:
            return False
        key = self._keying.key
        with self._db.session() as s:
            take_chain_lock(s)
            row = s.get(SettingRow, KEYED_KEY)
            state = dict(row.value or {}) if row is not None else {}
            if state.get("state") == "pending":
                self._seal(s, key)
                return True
            if state.get("state") != "keyed":
                value = {"state": "keyed", "key_id": key_id(key)}
                if row is None:
                    s.add(SettingRow(key=KEYED_KEY, value=value))
                else:
                    row.value = value
            elif state.get("key_id") != key_id(key):
                raise AuditKeyError("mismatch")
            return False

    def head(self) -> AuditRecord | None:
        """The newest record (what the witnesses are told)."""
        with self._db.session() as s:
            return s.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(1)).first()

    def is_keyed(self) -> bool:
        """Whether the chain is keyed (then appending needs the installation's key)."""
        with self._db.session() as s:
            row = s.get(SettingRow, KEYED_KEY)
            return row is not None and dict(row.value or {}).get("state") == "keyed"

    # -- verifying -------------------------------------------------------------------------------
    def verify(self) -> AuditCheck:
        keying = self.keying
        key = keying.key if keying is not None else None
        witness = keying.witness if keying is not None else None
        with self._db.session() as s:
            state_row = s.get(SettingRow, KEYED_KEY)
            state = dict(state_row.value or {}) if state_row is not None else {}
            head_row = s.get(SettingRow, HEAD_KEY)
            head = dict(head_row.value or {}) if head_row is not None else None
            chain = walk(
                s.scalars(select(AuditRecord).order_by(AuditRecord.seq)),
                key,
                pending=state.get("state") != "keyed",
            )
        witnessed = witness.entries()[0] if witness is not None else []
        top = max((c.seq for c in witnessed), default=None)
        if key is not None and state.get("key_id") not in (None, key_id(key)):
            return AuditCheck(False, chain.records, None, KEY_MISMATCH, top)
        if chain.finding is not None:
            return self._found(chain.records, chain.finding, top)
        lost = sorted(c.seq for c in witnessed if chain.hashes.get(c.seq) != c.hash)
        head_seq = int(head["seq"]) if head else 0
        if chain.records == 0:
            if lost or head_seq > 0:
                return AuditCheck(False, 0, 1, WIPED, top)
            return AuditCheck(True, 0, None, None, top)
        if lost:
            return self._found(chain.records, Finding(CUT_TAIL, lost[0]), top)
        if head is None:
            return AuditCheck(False, chain.records, None, HEAD_MISSING, top)
        broken = head.get("broken")
        if broken is not None:
            return AuditCheck(False, chain.records, int(broken.get("seq", 0)), CUT_TAIL, top)
        if chain.hashes.get(head_seq) != head.get("hash") or head_seq != chain.last_seq:
            return AuditCheck(False, chain.records, head_seq, CUT_TAIL, top)
        if witness is not None and chain.last_seq != top:
            try:
                witness.write(VERIFIED, chain.last_seq, chain.last_hash, self._clock.now())
            except OSError:
                log.warning("audit checkpoint of the verification not written")
        return AuditCheck(True, chain.records, None, None, top)

    @staticmethod
    def _found(records: int, finding: Finding, top: int | None) -> AuditCheck:
        return AuditCheck(False, records, finding.seq, finding.reason, top)
