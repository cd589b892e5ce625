# SPDX-License-Identifier: MIT
"""PhotoStatusRepository: what the service says back about delivered photos.

The review (received, accepted, rejected) and the finished photo; the student's status follows
(:func:`advance_student`). Every method is one short transaction and returns frozen DTOs or plain
values, never live rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from tucai_desk.core.clock import as_utc
from tucai_desk.store.db import Database
from tucai_desk.store.models import Student, Upload
from tucai_desk.store.photo_blobs import add_blob

# A student's status follows the service's word about the photo, never backwards.
_STUDENT_RANK = {"confirmed": 0, "synced": 1, "rejected": 2, "accepted": 2, "finished": 3}
_UPLOAD_STATUS_TO_STUDENT = {
    "received": "synced",
    "accepted": "accepted",
    "rejected": "rejected",
    "finished": "finished",
}


def advance_student(
    student: Student | None, status: str, at: datetime, allow_back: bool = False
) -> None:
    """Move ``student`` (a row in the caller's session) on to ``status`` as the service said."""
    if student is None:
        return
    old = _STUDENT_RANK.get(student.status, -1)
    new = _STUDENT_RANK[status]
    # The service may turn "accepted" into "rejected" on appeal, so review results may move
    # sideways; nothing moves a student back behind "synced".
    if new > old or (allow_back and new >= _STUDENT_RANK["synced"] and old < 3):
        student.status = status
        student.updated_at = as_utc(at)


@dataclass(frozen=True, slots=True)
class PollTarget:
    upload_id: str
    remote_id: str
    remote_status: str
    has_finished: bool


class PhotoStatusRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def uploads_to_poll(self, limit: int = 500) -> list[PollTarget]:
        """Delivered uploads whose review is not over (received or accepted without a download)."""
        with self._db.session() as s:
            rows = s.scalars(
                select(Upload)
                .where(Upload.remote_id.is_not(None))
                .where(
                    or_(
                        Upload.remote_status.in_(("received", "accepted")),
                        (Upload.remote_status == "finished") & Upload.finished_path.is_(None),
                    )
                )
                .order_by(Upload.status_checked_at.is_not(None), Upload.status_checked_at)
                .limit(limit)
            ).all()
            return [
                PollTarget(u.id, str(u.remote_id), u.remote_status, u.finished_path is not None)
                for u in rows
            ]

    def apply_photo_status(
        self, upload_id: str, status: str, reason: str | None, at: datetime
    ) -> bool:
        """Record the service's review (received | accepted | rejected); True if it changed."""
        with self._db.session() as s:
            upload = s.get(Upload, upload_id)
            if upload is None:
                return False
            upload.status_checked_at = as_utc(at)
            if upload.remote_status == "finished" or upload.remote_status == status:
                return False
            upload.remote_status = status
            upload.reject_reason = reason if status == "rejected" else None
            advance_student(
                s.get(Student, upload.student_id),
                _UPLOAD_STATUS_TO_STUDENT[status],
                at,
                allow_back=True,
            )
            return True

    def set_finished(
        self, upload_id: str, finished_path: str, at: datetime, *, data: bytes | None = None
    ) -> None:
        """The finished photo is here: ``data`` (its bytes) go into the database with the row,
        so every station can show and export it."""
        with self._db.session() as s:
            upload = s.get(Upload, upload_id)
            if upload is None:
                return
            if data is not None:
                add_blob(s, data, at)
            upload.finished_path = finished_path
            upload.remote_status = "finished"
            upload.status_checked_at = as_utc(at)
            advance_student(s.get(Student, upload.student_id), "finished", at)

    def finished_for(self, student_id: int) -> tuple[str | None, str | None, str | None]:
        """(upload id, photo id at the service, local finished path) of the latest upload."""
        with self._db.session() as s:
            upload = s.scalars(
                select(Upload)
                .where(Upload.student_id == student_id)
                .order_by(Upload.created_at.desc())
            ).first()
            if upload is None:
                return None, None, None
            return upload.id, upload.remote_id, upload.finished_path
