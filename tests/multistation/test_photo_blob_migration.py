# SPDX-License-Identifier: MIT
"""Revision 0003 (the photo blob table) goes up, down and up again on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import inspect, text

from tucai_desk.store.db import Database, _alembic_config
from tucai_desk.store.models import PhotoBlob
from tucai_desk.store.photo_blobs import PhotoBlobRepository

pytestmark = pytest.mark.db


def _to(db: Database, revision: str, *, down: bool = False) -> None:
    cfg = _alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def test_photo_blob_revision_upgrades_and_downgrades(db_url: str) -> None:
    db = Database(db_url)
    try:
        _to(db, "0002")
        assert "photo_blobs" not in inspect(db.engine).get_table_names()
        _to(db, "0003")
        blobs = PhotoBlobRepository(db)
        assert blobs.add([("ab" * 32, b"\xff\xd8 bytes")]) == 1
        assert blobs.add([("ab" * 32, b"\xff\xd8 bytes")]) == 1  # stored once, no conflict
        assert blobs.fetch("ab" * 32) == b"\xff\xd8 bytes"
        assert blobs.existing(["ab" * 32, "cd" * 32]) == {"ab" * 32}
        with db.engine.connect() as conn:
            created = conn.execute(text("SELECT created_at FROM photo_blobs")).scalar_one()
            assert created is not None
            if db_url.startswith("postgresql"):
                # JPEG does not compress: stored out of line without a compression attempt.
                storage = conn.execute(
                    text(
                        "SELECT attstorage FROM pg_attribute"
                        " WHERE attrelid = 'photo_blobs'::regclass AND attname = 'data'"
                    )
                ).scalar_one()
                assert storage == "e"
        _to(db, "0002", down=True)
        assert db.current_revision() == "0002"
        assert "photo_blobs" not in inspect(db.engine).get_table_names()
        db.migrate()
        assert "photo_blobs" in inspect(db.engine).get_table_names()
        assert PhotoBlobRepository(db).existing(["ab" * 32]) == set()
    finally:
        db.dispose()


def test_blob_times_are_stored_in_utc(db_url: str) -> None:
    db = Database(db_url)
    try:
        db.migrate()

        class Clock:
            def now(self) -> datetime:
                return datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

        PhotoBlobRepository(db, Clock()).add([("ef" * 32, b"x")])
        with db.session() as s:
            assert s.get(PhotoBlob, "ef" * 32).created_at == Clock().now()
    finally:
        db.dispose()
