# SPDX-License-Identifier: MIT
"""Migrations: a new database reaches head, an upgrade backs SQLite up, a newer one is refused."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from tucai_desk.store.db import (
    SCHEMA_HEAD,
    Database,
    DatabaseTooNewError,
    head_revision,
    sqlite_url,
)

pytestmark = pytest.mark.db


def test_fresh_database_reaches_head_with_every_table(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate()
        assert db.current_revision() == head_revision()
        tables = set(inspect(db.engine).get_table_names())
        for name in (
            "schools",
            "students",
            "collection_codes",
            "attempts",
            "drafts",
            "uploads",
            "outbox",
            "payments",
            "student_locks",
            "staff",
            "audit",
        ):
            assert name in tables
        db.migrate()  # a second run changes nothing
        assert db.current_revision() == head_revision()
    finally:
        db.dispose()


def test_the_known_head_is_the_newest_migration() -> None:
    # The station recognises an up-to-date database by SCHEMA_HEAD without loading Alembic: a
    # new migration must move it, or stations would never run that migration.
    assert head_revision() == SCHEMA_HEAD


def test_an_up_to_date_database_opens_without_loading_alembic(db_url: str) -> None:
    db = Database(db_url)
    db.migrate()
    db.dispose()
    probe = (
        "import sys\n"
        "from tucai_desk.store.db import Database\n"
        f"db = Database({db_url!r})\n"
        "db.migrate()\n"
        "print(db.current_revision(), 'alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == [SCHEMA_HEAD, "False"]


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "t.db"))
    db.migrate()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_a_database_from_a_newer_program_is_refused(db_url: str) -> None:
    db = Database(db_url)
    db.migrate()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseTooNewError):
        db.migrate()
    db.dispose()


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db_versions"


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.sqlite")), ids=lambda p: p.stem)
def test_upgrade_from_every_earlier_schema_keeps_the_data(tmp_path: Path, fixture: Path) -> None:
    path = tmp_path / "tucai.db"
    shutil.copy(fixture, path)
    db = Database(sqlite_url(path))
    try:
        before = db.current_revision()
        assert before != head_revision()
        db.migrate()
        assert db.current_revision() == head_revision()
        backups = list(tmp_path.glob("tucai.before-*.db"))
        assert len(backups) == 1
        # The backup is the old database, whole.
        con = sqlite3.connect(backups[0])
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == before
        con.close()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM students")).scalar_one() == "张三"
            assert conn.execute(text("SELECT state FROM outbox")).scalar_one() == "pending"
            locked = conn.execute(text("SELECT liveness_locked FROM student_locks")).scalar_one()
            assert locked
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        db.dispose()
