# SPDX-License-Identifier: MIT
"""The simulator's tables, its small value types, and its rows as the contract's JSON."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS schools (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stations (
    station_id TEXT PRIMARY KEY, salt TEXT NOT NULL, secret_hash TEXT NOT NULL,
    school_code TEXT NOT NULL REFERENCES schools(code));
CREATE TABLE IF NOT EXISTS students (
    school_code TEXT NOT NULL REFERENCES schools(code), student_no TEXT NOT NULL,
    name TEXT NOT NULL, department TEXT NOT NULL DEFAULT '', class_name TEXT NOT NULL DEFAULT '',
    phone TEXT, id_number TEXT, collection_code TEXT NOT NULL UNIQUE,
    code_status TEXT NOT NULL DEFAULT 'open', code_expires_at TEXT,
    notify_photo INTEGER NOT NULL DEFAULT 0, notify_payment INTEGER NOT NULL DEFAULT 0,
    notify_phone TEXT,
    PRIMARY KEY (school_code, student_no));
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, station_id TEXT NOT NULL, school_code TEXT NOT NULL,
    expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS photos (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, photo_id TEXT NOT NULL UNIQUE,
    receipt_id TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, school_code TEXT NOT NULL,
    student_no TEXT NOT NULL, collection_code TEXT NOT NULL, sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL, received_at TEXT NOT NULL, status TEXT NOT NULL,
    reason_code TEXT, reason TEXT, finished_sha256 TEXT, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_photos_student ON photos (school_code, student_no, sha256);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, scope TEXT NOT NULL, request_hash TEXT NOT NULL,
    status INTEGER NOT NULL, body BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    order_id TEXT PRIMARY KEY, school_code TEXT NOT NULL, student_no TEXT NOT NULL,
    amount_cents INTEGER NOT NULL, status TEXT NOT NULL, qr_payload TEXT NOT NULL,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL, paid_at TEXT, failure_reason TEXT);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit_heads (
    station_id TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, at TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL);
"""


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def utcnow() -> datetime:
    return datetime.now(UTC)


class SimError(Exception):
    """An answer with an error body: ``status`` and the contract's machine ``code``."""

    def __init__(self, status: int, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.status = status
        self.code = code
        self.message = message or code


@dataclass(frozen=True, slots=True)
class Caller:
    station_id: str
    school_code: str


@dataclass(frozen=True, slots=True)
class Stored:
    """An idempotent answer: what was answered the first time, and whether this is a repeat."""

    status: int
    body: bytes
    replayed: bool


def payment_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "order_id": row["order_id"],
        "student_no": row["student_no"],
        "amount_cents": int(row["amount_cents"]),
        "status": row["status"],
        "qr_payload": row["qr_payload"],
        "created_at": row["created_at"],
        "expires_at": row["expires_at"],
        "paid_at": row["paid_at"],
        "failure_reason": row["failure_reason"],
    }


def photo_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "photo_id": row["photo_id"],
        "student_no": row["student_no"],
        "status": row["status"],
        "reason_code": row["reason_code"],
        "reason": row["reason"],
        "finished_available": row["finished_sha256"] is not None,
        "finished_sha256": row["finished_sha256"],
        "updated_at": row["updated_at"],
    }


def student_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "student_no": row["student_no"],
        "name": row["name"],
        "department": row["department"],
        "class_name": row["class_name"],
        "phone": row["phone"],
        "id_number": row["id_number"],
        "collection_code": row["collection_code"],
        "code_status": row["code_status"],
        "code_expires_at": row["code_expires_at"],
    }
