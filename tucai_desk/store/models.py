# SPDX-License-Identifier: MIT
"""Database models (SQLAlchemy 2.x, typed). Times are stored in UTC and always read back aware."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    func,
    literal_column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tucai_desk.core.clock import as_utc


class UTCDateTime(TypeDecorator[datetime]):
    """SQLite hands back naive datetimes and PostgreSQL aware ones: normalise both to aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value)


def new_id() -> str:
    return str(uuid.uuid4())


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class School(Base):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    notice_html: Mapped[str] = mapped_column(Text, default="")
    precautions_html: Mapped[str] = mapped_column(Text, default="")


class Student(Base):
    __tablename__ = "students"
    __table_args__ = (
        UniqueConstraint("school_id", "student_no"),
        Index("ix_students_school_id_number", "school_id", "id_number"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    student_no: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    department: Mapped[str] = mapped_column(String(200), default="")
    class_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    id_number: Mapped[str | None] = mapped_column(String(18))
    notify_photo: Mapped[bool] = mapped_column(Boolean, default=False)
    notify_payment: Mapped[bool] = mapped_column(Boolean, default=False)
    info_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    video_watched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CollectionCodeRow(Base):
    __tablename__ = "collection_codes"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Attempt(Base):
    """One photo (or liveness challenge) taken for a student, passed or not."""

    __tablename__ = "attempts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    station_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16))  # "photo" | "liveness"
    passed: Mapped[bool] = mapped_column(Boolean)
    failures: Mapped[list[str]] = mapped_column(JSON, default=list)
    measurements: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    thumbnail_path: Mapped[str | None] = mapped_column(String(300))


class Draft(Base):
    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    attempt_id: Mapped[str | None] = mapped_column(ForeignKey("attempts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    photo_path: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Production painted clothing the camera did not see (the check's CLOTHING_EXTENDED warning).
    clothing_extended: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The staff's reason when the photo passed only by a head-cover override (issue 13).
    head_cover_allowed: Mapped[str | None] = mapped_column(Text)


class Upload(Base):
    """A confirmed photo; its outbox item is written in the same transaction."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    photo_path: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    remote_id: Mapped[str | None] = mapped_column(String(64))
    # pending (not yet at the service) | received | accepted | rejected | finished
    remote_status: Mapped[str] = mapped_column(String(16), default="pending")
    reject_reason: Mapped[str | None] = mapped_column(Text)
    finished_path: Mapped[str | None] = mapped_column(String(300))
    status_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxItem(Base):
    """Work for the sync worker, delivered in ``seq`` order; ``id`` is the idempotency key."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PhotoBlob(Base):
    """The bytes of a stored photo, by content (revision 0003).

    Written in the same transaction as the row that refers to the photo (draft, upload, finished
    photo, thumbnail), so every station on the database can read every photo; the files in a
    station's data folder are its cache of these (see ``store.photos``).
    """

    __tablename__ = "photo_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size_bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    order_no: Mapped[str] = mapped_column(String(64), unique=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending|paid|failed|expired
    qr_payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)


class StudentLock(Base):
    __tablename__ = "student_locks"
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), primary_key=True)
    liveness_failures: Mapped[int] = mapped_column(Integer, default=0)
    liveness_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    other_failures: Mapped[int] = mapped_column(Integer, default=0)
    timed_lock_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cooldown_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16))  # operator | admin
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditRecord(Base):
    """Append-only log of staff actions, chained by hash so an edit or deletion shows."""

    __tablename__ = "audit"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    station_id: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("students.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class StaffSessionRow(Base):
    """A signed-in staff member: re-read on every staff action, so that a disabled account, a
    changed role or an idle session is refused at every station on the database."""

    __tablename__ = "staff_sessions"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # the role at sign-in
    station_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    authenticated_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the last password entry
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(16))


class HeadCoverOverride(Base):
    """An admin's permission for a student's religious head covering; revoked, never deleted."""

    __tablename__ = "head_cover_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class StationClock(Base):
    """The latest time each station has seen: a clock set back never shortens a lock."""

    __tablename__ = "station_clock"
    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    high_water: Mapped[datetime] = mapped_column(UTCDateTime)


class RuleClock(Base):
    """The database's one rule time on SQLite (a single row, ``id`` 1): the latest trusted time
    any station has used, and the forward clock jump waiting for staff to confirm it."""

    __tablename__ = "rule_clock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    high_water: Mapped[datetime] = mapped_column(UTCDateTime)
    jump_station: Mapped[str | None] = mapped_column(String(64))
    jump_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    jump_to: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SettingRow(Base):
    """School-wide settings shared by every station on the database (JSON values)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class StationCheckRow(Base):
    """One run of a station's readiness check (站点自检), its report as JSON."""

    __tablename__ = "station_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(String(64), index=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(8))  # pass | warn | fail
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    report: Mapped[dict[str, Any]] = mapped_column(JSON)


class StationCheckDismissal(Base):
    """An admin's decision to capture on a day without a passed readiness check."""

    __tablename__ = "station_check_dismissals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(String(64), index=True)
    day: Mapped[str] = mapped_column(String(10))  # the station's local date, YYYY-MM-DD
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reason: Mapped[str] = mapped_column(Text)


# -- lookup and report indexes (revision 0002) ---------------------------------------------------
# Phone lookup by its last digits: an index on the last four characters, written so that the same
# expression works on SQLite and PostgreSQL (the query must use exactly this expression).
PHONE_TAIL = func.substr(Student.phone, func.length(Student.phone) - literal_column("3"))
Index("ix_students_phone_tail", PHONE_TAIL)
# Prefix search with LIKE on PostgreSQL needs pattern indexes unless the database uses the C
# collation; SQLite searches prefixes with range comparisons on the plain indexes instead.
Index(
    "ix_students_name_pattern", Student.name, postgresql_ops={"name": "varchar_pattern_ops"}
).ddl_if(dialect="postgresql")
Index(
    "ix_students_student_no_pattern",
    Student.student_no,
    postgresql_ops={"student_no": "varchar_pattern_ops"},
).ddl_if(dialect="postgresql")
Index(
    "ix_collection_codes_code_pattern",
    CollectionCodeRow.code,
    postgresql_ops={"code": "varchar_pattern_ops"},
).ddl_if(dialect="postgresql")
# The daily report counts attempts and uploads of one day.
Index("ix_attempts_created_at", Attempt.created_at)
Index("ix_uploads_created_at", Upload.created_at)
