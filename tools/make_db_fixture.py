# SPDX-License-Identifier: MIT
"""Write a station database at an older schema revision, with data, for the upgrade tests.

Usage: ``.venv/bin/python tools/make_db_fixture.py REVISION OUT.sqlite``. The data is made through
raw SQL that matches that revision's tables, so the fixture stays what the old program wrote.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tucai_desk.store.db import _alembic_config  # noqa: E402

ROWS = """
INSERT INTO schools (id, code, name, fee_cents, notice_html, precautions_html)
  VALUES (1, '32001', '旧版学校', 1500, '<p>通知</p>', '<p>注意</p>');
INSERT INTO students (id, school_id, student_no, name, department, class_name, phone, id_number,
  notify_photo, notify_payment, status)
  VALUES (1, 1, '2020000001', '张三', '计算机学院', '计算2001班', '13800138000', NULL, 1, 0,
  'confirmed');
INSERT INTO collection_codes (code, student_id, expires_at, completed_at)
  VALUES ('JS3200100000001X', 1, NULL, '2026-05-01 10:00:00');
INSERT INTO attempts (id, student_id, station_id, created_at, kind, passed, failures,
  measurements, thumbnail_path)
  VALUES ('a1', 1, 'old-station', '2026-05-01 09:59:00', 'photo', 1, '[]', '{}', NULL);
INSERT INTO drafts (id, student_id, attempt_id, created_at, photo_path, sha256, size_bytes,
  deleted_at)
  VALUES ('d1', 1, 'a1', '2026-05-01 09:59:00', 'photos/ab/x.jpg', 'x', 1000, NULL);
INSERT INTO uploads (id, student_id, draft_id, created_at, photo_path, sha256, remote_status)
  VALUES ('u1', 1, 'd1', '2026-05-01 10:00:00', 'photos/ab/x.jpg', 'x', 'pending');
INSERT INTO outbox (seq, id, upload_id, created_at, state, attempts)
  VALUES (1, 'o1', 'u1', '2026-05-01 10:00:00', 'pending', 0);
INSERT INTO student_locks (student_id, liveness_failures, liveness_locked, other_failures,
  timed_lock_until) VALUES (1, 3, 1, 0, NULL);
"""


def main() -> int:
    revision, out = sys.argv[1], Path(sys.argv[2])
    out.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{out}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        for statement in ROWS.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
