# SPDX-License-Identifier: MIT
"""ExportService: the accepted photos of the school as one ZIP, with a manifest CSV.

Each photo is named by 学号 or by 身份证号 (a console setting) and checked against its stored hash
before it goes in; a student whose photo is missing or damaged, or who has no 身份证号 when files
are named by it, is left out and listed in the result. The manifest is UTF-8 with a BOM (Excel
opens it as such) and no cell of it can start a formula. The ZIP is written to a temporary file
next to the target and renamed into place, so a failure never leaves half a ZIP under the name.

Accepted means the provincial service accepted the photo (``accepted``/``finished``). A station
without the service (demo, offline) may also export photos that are only confirmed locally
(``include_unsynced``); the manifest's 状态 column says which is which.

Blocking: call through the UI's task runner; ``progress(phase, done, total)`` is called from
that thread.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tucai_desk.core.roster_rows import safe_cell
from tucai_desk.services.accounts import Actor, actor_detail, require_admin
from tucai_desk.services.file_labels import STATUS_LABELS, label, local_time_text
from tucai_desk.services.staff import StaffError
from tucai_desk.store.audit_ledger import AuditLedger
from tucai_desk.store.photos import PhotoStore, PhotoStoreError
from tucai_desk.store.report_repo import ExportRow, ReportRepository

log = logging.getLogger(__name__)

ACCEPTED = ("accepted", "finished")
UNSYNCED = ("pending", "received")
NAME_BY = ("student_no", "id_number")
MANIFEST = "manifest.csv"
MANIFEST_HEADER = (
    "文件名",
    "学号",
    "姓名",
    "身份证号",
    "院系",
    "班级",
    "采集码",
    "状态",
    "确认时间",
    "SHA-256",
    "服装补全",  # 是: production painted clothing the camera did not see
    "头部覆盖许可",  # the staff's reason when a religious head covering was allowed
)
_UNSAFE = re.compile(r"[^0-9A-Za-z_\-]")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Skipped:
    student_no: str
    reason: str  # photo_missing | photo_damaged | no_id_number


class ExportError(RuntimeError):
    """``code``: not_allowed | bad_name_by | nothing_to_export | write_failed | no_school.

    ``skipped``: the students left out, when every photo was (nothing_to_export)."""

    def __init__(self, code: str, skipped: tuple[Skipped, ...] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.skipped = skipped


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    files: int
    skipped: tuple[Skipped, ...]
    name_by: str
    include_unsynced: bool
    sha256: str


def file_stem(row: ExportRow, name_by: str) -> str | None:
    """The photo's file name without extension; None when the key is missing."""
    key = row.id_number if name_by == "id_number" else row.student_no
    if not key:
        return None
    return _UNSAFE.sub("_", key.strip())[:64] or None


class ExportService:
    def __init__(
        self,
        *,
        repo: ReportRepository,
        ledger: AuditLedger,
        photos: PhotoStore,
        school_id: int | None,
        default_name_by: Callable[[], str],
        now: Callable[[], datetime],
    ) -> None:
        self._repo = repo
        self._ledger = ledger
        self._photos = photos
        self._school_id = school_id
        self._default_name_by = default_name_by
        self._now = now

    def default_name_by(self) -> str:
        return self._default_name_by()

    def candidates(self, actor: Actor, *, include_unsynced: bool = False) -> int:
        """How many students' photos an export would hold (before file checks)."""
        self._allowed(actor)
        return len(self._rows(include_unsynced))

    def _rows(self, include_unsynced: bool) -> list[ExportRow]:
        if self._school_id is None:
            raise ExportError("no_school")
        statuses = ACCEPTED + UNSYNCED if include_unsynced else ACCEPTED
        return self._repo.export_rows(self._school_id, statuses)

    def export(
        self,
        actor: Actor,
        out: Path,
        *,
        name_by: str | None = None,
        include_unsynced: bool = False,
        progress: Progress | None = None,
    ) -> ExportResult:
        by = self._allowed(actor)
        name_by = name_by or self._default_name_by()
        if name_by not in NAME_BY:
            raise ExportError("bad_name_by")
        rows = self._rows(include_unsynced)
        if not rows:
            raise ExportError("nothing_to_export")
        out = Path(out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=out.parent)
        except OSError as exc:
            raise ExportError("write_failed") from exc
        try:
            with os.fdopen(fd, "wb") as fh:
                files, skipped = self._write_zip(fh, rows, name_by, progress)
                fh.flush()
                os.fsync(fh.fileno())
            if files == 0:
                raise ExportError("nothing_to_export", tuple(skipped))
            digest = _sha256_file(Path(tmp_name))
            with self._ledger.transaction() as s:
                self._ledger.append(
                    s,
                    "photos_exported",
                    staff_id=by,
                    detail={
                        **actor_detail(actor),
                        "file": out.name[:200],
                        "sha256": digest,
                        "files": files,
                        "skipped": len(skipped),
                        "name_by": name_by,
                        "include_unsynced": include_unsynced,
                    },
                )
                os.replace(tmp_name, out)  # inside the transaction: no audit without the file
        except OSError as exc:
            raise ExportError("write_failed") from exc
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        log.info("exported %d photos (%d left out)", files, len(skipped))
        return ExportResult(out, files, tuple(skipped), name_by, include_unsynced, digest)

    def _write_zip(
        self,
        fh: io.BufferedWriter,
        rows: list[ExportRow],
        name_by: str,
        progress: Progress | None,
    ) -> tuple[int, list[Skipped]]:
        manifest = io.StringIO(newline="")
        writer = csv.writer(manifest, lineterminator="\r\n")
        writer.writerow(MANIFEST_HEADER)
        skipped: list[Skipped] = []
        used: set[str] = set()
        files = 0
        local = self._now().astimezone()
        stamp = (local.year, local.month, local.day, local.hour, local.minute, local.second)
        # JPEGs do not shrink: store them; only the manifest is compressed.
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as archive:
            for index, row in enumerate(rows, start=1):
                stem = file_stem(row, name_by)
                if stem is None:
                    skipped.append(Skipped(row.student_no, "no_id_number"))
                    continue
                data = self._photo(row)
                if data is None:
                    skipped.append(Skipped(row.student_no, "photo_missing"))
                    continue
                if isinstance(data, str):
                    skipped.append(Skipped(row.student_no, data))
                    continue
                name = f"{stem}.jpg"
                serial = 2
                while name.lower() in used:
                    name = f"{stem}_{serial}.jpg"
                    serial += 1
                used.add(name.lower())
                archive.writestr(_entry(name, stamp), data)
                files += 1
                cells = (
                    name,
                    row.student_no,
                    row.name,
                    row.id_number or "",
                    row.department,
                    row.class_name,
                    row.code,
                    label(STATUS_LABELS, row.remote_status),
                    local_time_text(row.confirmed_at),
                    hashlib.sha256(data).hexdigest(),
                    "是" if row.clothing_extended else "",
                    row.head_cover_allowed or "",
                )
                writer.writerow([safe_cell(v) for v in cells])
                if progress is not None:
                    progress("export", index, len(rows))
            text = "\ufeff" + manifest.getvalue()
            archive.writestr(_entry(MANIFEST, stamp, deflate=True), text.encode("utf-8"))
        return files, skipped

    def _photo(self, row: ExportRow) -> bytes | str | None:
        """The finished photo from the service when there is one, else the confirmed photo.

        Read from this station's files or, for a photo another station took or downloaded, from
        the database (``PhotoStore.read`` checks the bytes against their hash either way).
        """
        if row.finished_path:
            try:
                return self._photos.read(row.finished_path)
            except (OSError, PhotoStoreError):
                log.warning(
                    "finished photo of upload %s is unreadable; using the sent one", row.upload_id
                )
        try:
            data = self._photos.read(row.photo_path)
        except PhotoStoreError as exc:
            if exc.code == "damaged":
                log.error("photo of upload %s does not match its hash", row.upload_id)
                return "photo_damaged"
            return None
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != row.sha256:
            log.error("photo of upload %s does not match its hash", row.upload_id)
            return "photo_damaged"
        return data

    def _allowed(self, actor: Actor) -> int | None:
        try:
            return require_admin(actor)
        except StaffError as exc:
            raise ExportError("not_allowed") from exc


def _entry(
    name: str, stamp: tuple[int, int, int, int, int, int], *, deflate: bool = False
) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
