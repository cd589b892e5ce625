# SPDX-License-Identifier: MIT
"""The simulator's own persistent state: one SQLite file and a folder of photos.

Everything goes through one connection behind a lock: the simulator serves a handful of stations,
and one writer keeps the idempotency rule ("one stored request per key") simple and obviously right.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tucai_desk.sync.simulator.records import (
    SCHEMA,
    Caller,
    SimError,
    Stored,
    iso,
    payment_json,
    utcnow,
)

log = logging.getLogger(__name__)

PAYMENT_TTL = timedelta(minutes=15)


def _hash_secret(salt: str, secret: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()


class SimStore:
    """All simulator state. Thread-safe; every method is one transaction."""

    def __init__(self, data_dir: Path, *, token_ttl: timedelta = timedelta(hours=2)) -> None:
        self.data_dir = data_dir
        self.photos_dir = data_dir / "photos"
        self.finished_dir = data_dir / "finished"
        for folder in (self.photos_dir, self.finished_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.token_ttl = token_ttl
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            data_dir / "province.db", check_same_thread=False, isolation_level=None
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _bump(self, db: sqlite3.Connection, name: str, by: int = 1) -> None:
        db.execute(
            "INSERT INTO counters(name, value) VALUES(?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            (name, by),
        )

    # ---- roster and stations -----------------------------------------------------------------

    def seed(
        self, school: dict[str, str], students: list[dict[str, Any]], stations: list[dict[str, str]]
    ) -> tuple[int, int]:
        """Insert or update a school, its students and stations (capture state is kept)."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO schools(code, name) VALUES(?, ?) "
                "ON CONFLICT(code) DO UPDATE SET name = excluded.name",
                (school["code"], school["name"]),
            )
            for st in students:
                db.execute(
                    "INSERT INTO students(school_code, student_no, name, department, class_name,"
                    " phone, id_number, collection_code, code_status, code_expires_at)"
                    " VALUES(?,?,?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(school_code, student_no) DO UPDATE SET"
                    " name=excluded.name, department=excluded.department,"
                    " class_name=excluded.class_name, phone=excluded.phone,"
                    " id_number=excluded.id_number, collection_code=excluded.collection_code,"
                    " code_status=excluded.code_status, code_expires_at=excluded.code_expires_at",
                    (
                        school["code"],
                        st["student_no"],
                        st["name"],
                        st.get("department", ""),
                        st.get("class_name", ""),
                        st.get("phone"),
                        st.get("id_number"),
                        st["collection_code"],
                        st.get("code_status", "open"),
                        st.get("code_expires_at"),
                    ),
                )
            for station in stations:
                salt = secrets.token_hex(8)
                db.execute(
                    "INSERT INTO stations(station_id, salt, secret_hash, school_code)"
                    " VALUES(?,?,?,?) ON CONFLICT(station_id) DO UPDATE SET salt=excluded.salt,"
                    " secret_hash=excluded.secret_hash, school_code=excluded.school_code",
                    (
                        station["station_id"],
                        salt,
                        _hash_secret(salt, station["secret"]),
                        school["code"],
                    ),
                )
        return len(students), len(stations)

    def issue_token(self, station_id: str, secret: str) -> dict[str, Any]:
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM stations WHERE station_id = ?", (station_id,)
            ).fetchone()
            if row is None or not hmac.compare_digest(
                row["secret_hash"], _hash_secret(row["salt"], secret)
            ):
                raise SimError(401, "invalid_credentials", "unknown station or wrong secret")
            token = secrets.token_urlsafe(32)
            expires = utcnow() + self.token_ttl
            db.execute(
                "INSERT INTO tokens VALUES(?,?,?,?)",
                (token, station_id, row["school_code"], iso(expires)),
            )
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": int(self.token_ttl.total_seconds()),
            "expires_at": iso(expires),
            "school_code": row["school_code"],
        }

    def caller(self, token: str | None) -> Caller:
        if not token:
            raise SimError(401, "unauthorized", "no bearer token")
        with self._lock:
            row = self._db.execute("SELECT * FROM tokens WHERE token = ?", (token,)).fetchone()
        if row is None:
            raise SimError(401, "unauthorized", "unknown token")
        if datetime.fromisoformat(row["expires_at"]) <= utcnow():
            raise SimError(401, "token_expired", "token expired")
        return Caller(row["station_id"], row["school_code"])

    def expire_tokens(self) -> None:
        """Tester helper: every issued token expires now."""
        with self._tx() as db:
            db.execute("UPDATE tokens SET expires_at = ?", (iso(utcnow() - timedelta(seconds=1)),))

    def school(self, code: str) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute("SELECT * FROM schools WHERE code = ?", (code,)).fetchone()

    def roster(self, school_code: str, page: int, page_size: int) -> tuple[int, list[sqlite3.Row]]:
        with self._lock:
            total = self._db.execute(
                "SELECT COUNT(*) FROM students WHERE school_code = ?", (school_code,)
            ).fetchone()[0]
            rows = self._db.execute(
                "SELECT * FROM students WHERE school_code = ? ORDER BY student_no LIMIT ? OFFSET ?",
                (school_code, page_size, (page - 1) * page_size),
            ).fetchall()
        return int(total), rows

    def student_by_code(self, code: str) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute(
                "SELECT * FROM students WHERE collection_code = ?", (code,)
            ).fetchone()

    def student(self, school_code: str, student_no: str) -> sqlite3.Row:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM students WHERE school_code = ? AND student_no = ?",
                (school_code, student_no),
            ).fetchone()
        if row is None:
            raise SimError(404, "unknown_student", "no such student in this school")
        return row

    def set_notifications(self, school_code: str, student_no: str, prefs: dict[str, Any]) -> None:
        self.student(school_code, student_no)
        with self._tx() as db:
            db.execute(
                "UPDATE students SET notify_photo = ?, notify_payment = ?,"
                " notify_phone = COALESCE(?, notify_phone)"
                " WHERE school_code = ? AND student_no = ?",
                (
                    int(prefs["notify_photo_status"]),
                    int(prefs["notify_payment"]),
                    prefs.get("phone"),
                    school_code,
                    student_no,
                ),
            )

    # ---- idempotent writes -------------------------------------------------------------------

    def _replay(
        self, db: sqlite3.Connection, key: str, scope: str, request_hash: str
    ) -> Stored | None:
        row = db.execute("SELECT * FROM idempotency WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        if row["scope"] != scope or row["request_hash"] != request_hash:
            self._bump(db, "conflicts")
            raise SimError(409, "idempotency_conflict", "key used for a different request")
        self._bump(db, f"duplicate_{scope}_deliveries")
        return Stored(int(row["status"]), bytes(row["body"]), replayed=True)

    def _remember(
        self,
        db: sqlite3.Connection,
        key: str,
        scope: str,
        request_hash: str,
        status: int,
        body: dict[str, Any],
    ) -> Stored:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        db.execute(
            "INSERT INTO idempotency VALUES(?,?,?,?,?,?)",
            (key, scope, request_hash, status, raw, iso(utcnow())),
        )
        return Stored(status, raw, replayed=False)

    def store_upload(self, caller: Caller, key: str, meta: dict[str, Any], jpeg: bytes) -> Stored:
        request_hash = hashlib.sha256(
            json.dumps(meta, sort_keys=True).encode() + hashlib.sha256(jpeg).digest()
        ).hexdigest()
        with self._tx() as db:
            replay = self._replay(db, key, "photo", request_hash)
            if replay is not None:
                return replay
            student = db.execute(
                "SELECT * FROM students WHERE school_code = ? AND student_no = ?",
                (caller.school_code, meta["student_no"]),
            ).fetchone()
            if student is None:
                raise SimError(404, "unknown_student", "no such student in this school")
            if student["collection_code"] != meta["collection_code"]:
                raise SimError(422, "code_mismatch", "code belongs to another student")
            photo_id = uuid.uuid4().hex
            now = iso(utcnow())
            self._write_file(self.photos_dir / f"{photo_id}.jpg", jpeg)
            db.execute(
                "INSERT INTO photos(photo_id, receipt_id, idempotency_key, school_code, student_no,"
                " collection_code, sha256, size_bytes, received_at, status, updated_at)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                (
                    photo_id,
                    f"R{uuid.uuid4().hex[:20]}",
                    key,
                    caller.school_code,
                    meta["student_no"],
                    meta["collection_code"],
                    meta["sha256"],
                    len(jpeg),
                    now,
                    "received",
                    now,
                ),
            )
            receipt_id = db.execute(
                "SELECT receipt_id FROM photos WHERE photo_id = ?", (photo_id,)
            ).fetchone()[0]
            db.execute(
                "UPDATE students SET notify_photo = ?, notify_payment = ?,"
                " notify_phone = COALESCE(?, notify_phone)"
                " WHERE school_code = ? AND student_no = ?",
                (
                    int(meta["notify_photo_status"]),
                    int(meta["notify_payment"]),
                    meta.get("phone"),
                    caller.school_code,
                    meta["student_no"],
                ),
            )
            body = {
                "receipt_id": receipt_id,
                "photo_id": photo_id,
                "student_no": meta["student_no"],
                "sha256": meta["sha256"],
                "received_at": now,
                "status": "received",
            }
            return self._remember(db, key, "photo", request_hash, 201, body)

    def create_payment(self, caller: Caller, key: str, request: dict[str, Any]) -> Stored:
        request_hash = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        with self._tx() as db:
            replay = self._replay(db, key, "payment", request_hash)
            if replay is not None:
                return replay
            if (
                db.execute(
                    "SELECT 1 FROM students WHERE school_code = ? AND student_no = ?",
                    (caller.school_code, request["student_no"]),
                ).fetchone()
                is None
            ):
                raise SimError(404, "unknown_student", "no such student in this school")
            order_id = f"P{uuid.uuid4().hex[:24]}"
            created = utcnow()
            qr = f"SIMPAY:{order_id}:{request['amount_cents']}"
            db.execute(
                "INSERT INTO payments VALUES(?,?,?,?,?,?,?,?,?,?)",
                (
                    order_id,
                    caller.school_code,
                    request["student_no"],
                    request["amount_cents"],
                    "pending",
                    qr,
                    iso(created),
                    iso(created + PAYMENT_TTL),
                    None,
                    None,
                ),
            )
            row = db.execute("SELECT * FROM payments WHERE order_id = ?", (order_id,)).fetchone()
            return self._remember(db, key, "payment", request_hash, 201, payment_json(row))

    @staticmethod
    def _write_file(path: Path, data: bytes) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    # ---- photos ------------------------------------------------------------------------------

    def photo(self, photo_id: str, school_code: str | None = None) -> sqlite3.Row:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM photos WHERE photo_id = ?", (photo_id,)
            ).fetchone()
        if row is None:
            raise SimError(404, "not_found", "no such photo")
        if school_code is not None and row["school_code"] != school_code:
            raise SimError(403, "forbidden", "photo of another school")
        return row

    def photos(self, photo_ids: list[str], school_code: str) -> list[sqlite3.Row]:
        with self._lock:
            found = {
                row["photo_id"]: row
                for row in self._db.execute(
                    f"SELECT * FROM photos WHERE school_code = ? AND photo_id IN "
                    f"({','.join('?' * len(photo_ids))})",
                    (school_code, *photo_ids),
                )
            }
        return [found[i] for i in photo_ids if i in found]

    def decide_photo(
        self,
        photo_id: str,
        status: str,
        reason_code: str | None = None,
        reason: str | None = None,
        finished: bytes | None = None,
    ) -> sqlite3.Row:
        self.photo(photo_id)
        finished_sha = None
        if finished is not None:
            self._write_file(self.finished_dir / f"{photo_id}.jpg", finished)
            finished_sha = hashlib.sha256(finished).hexdigest()
        with self._tx() as db:
            db.execute(
                "UPDATE photos SET status = ?, reason_code = ?, reason = ?,"
                " finished_sha256 = COALESCE(?, finished_sha256), updated_at = ?"
                " WHERE photo_id = ?",
                (status, reason_code, reason, finished_sha, iso(utcnow()), photo_id),
            )
            if status == "accepted" and finished_sha is not None:
                db.execute(
                    "UPDATE students SET code_status = 'completed' WHERE collection_code = "
                    "(SELECT collection_code FROM photos WHERE photo_id = ?)",
                    (photo_id,),
                )
        return self.photo(photo_id)

    def photo_bytes(self, photo_id: str) -> bytes:
        return (self.photos_dir / f"{photo_id}.jpg").read_bytes()

    def finished_bytes(self, photo_id: str) -> bytes:
        path = self.finished_dir / f"{photo_id}.jpg"
        if not path.exists():
            raise SimError(404, "not_ready", "no finished photo yet")
        return path.read_bytes()

    def uploads(self) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute("SELECT * FROM photos ORDER BY seq").fetchall()

    # ---- payments ----------------------------------------------------------------------------

    def payment(self, order_id: str, school_code: str | None = None) -> sqlite3.Row:
        with self._tx() as db:
            row = db.execute("SELECT * FROM payments WHERE order_id = ?", (order_id,)).fetchone()
            if row is None:
                raise SimError(404, "not_found", "no such order")
            if school_code is not None and row["school_code"] != school_code:
                raise SimError(403, "forbidden", "order of another school")
            if row["status"] == "pending" and datetime.fromisoformat(row["expires_at"]) <= utcnow():
                db.execute("UPDATE payments SET status='expired' WHERE order_id=?", (order_id,))
                row = db.execute("SELECT * FROM payments WHERE order_id=?", (order_id,)).fetchone()
        return row

    def settle_payment(self, order_id: str, status: str, reason: str | None = None) -> sqlite3.Row:
        self.payment(order_id)
        with self._tx() as db:
            db.execute(
                "UPDATE payments SET status = ?, paid_at = ?, failure_reason = ?"
                " WHERE order_id = ?",
                (
                    status,
                    iso(utcnow()) if status == "paid" else None,
                    reason if status != "paid" else None,
                    order_id,
                ),
            )
        return self.payment(order_id)

    # ---- counters ----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        with self._lock:
            counters = {
                r["name"]: int(r["value"]) for r in self._db.execute("SELECT * FROM counters")
            }
            distinct = self._db.execute("SELECT COUNT(*) FROM photos").fetchone()[0]
            dup_content = self._db.execute(
                "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM photos"
                " GROUP BY school_code, student_no, sha256)"
            ).fetchone()[0]
        return {
            "distinct_uploads": int(distinct),
            "duplicate_deliveries": counters.get("duplicate_photo_deliveries", 0),
            "duplicate_content": int(dup_content),
            "conflicts": counters.get("conflicts", 0),
        }

    # ---- audit heads -----------------------------------------------------------------------------
    def acknowledge_audit_head(
        self, caller: Caller, seq: int, hash_: str, at: str
    ) -> dict[str, Any]:
        """Keep a station's audit head (every one sent, in order) and acknowledge it."""
        now = iso(utcnow())
        with self._tx() as db:
            db.execute(
                "INSERT INTO audit_heads(station_id, seq, hash, at, acknowledged_at)"
                " VALUES(?,?,?,?,?)",
                (caller.station_id, seq, hash_, at, now),
            )
            highest = db.execute(
                "SELECT seq, hash FROM audit_heads WHERE station_id = ?"
                " ORDER BY seq DESC, rowid LIMIT 1",
                (caller.station_id,),
            ).fetchone()
        return {
            "station_id": caller.station_id,
            "seq": seq,
            "hash": hash_,
            "acknowledged_at": now,
            "highest_seq": int(highest["seq"]),
            "highest_hash": highest["hash"],
        }

    def audit_heads(self, station_id: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, hash, at, acknowledged_at FROM audit_heads WHERE station_id = ?"
                " ORDER BY rowid",
                (station_id,),
            ).fetchall()
        return [dict(r) for r in rows]
