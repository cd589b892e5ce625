# SPDX-License-Identifier: MIT
"""What an insider with the database can do to the audit log, and what ``audit verify`` names.

The insider edits the database directly (as with any SQLite tool or psql): edits a record,
deletes one, cuts off the newest ones and rewrites the head, wipes everything, or rebuilds the
chain with plain SHA-256 (all they can do without the installation's key). Each is found and named.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import select, text

from tucai_desk.cli import main as cli_main
from tucai_desk.services.app import Station, StationSetupError, open_station
from tucai_desk.services.audit_key import KEY_FILE, AuditKeyStore
from tucai_desk.services.demo import demo_codes
from tucai_desk.services.settings import StationSettings, save_settings
from tucai_desk.store.audit_chain import GENESIS, plain_hash
from tucai_desk.store.audit_witness import CHECKPOINT_FILE
from tucai_desk.store.models import AuditRecord

pytestmark = pytest.mark.db


@pytest.fixture(autouse=True)
def _keys_in_data_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The station's own key (keyring or data folder), as without a school-wide key file."""
    monkeypatch.delenv("TUCAI_AUDIT_KEY_FILE", raising=False)
    # Keys in the data folders, as on a machine without an OS keyring: a keyring backend that
    # another test defined would otherwise hold the key in this process only.
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)


@pytest.fixture
def station(tmp_path: Path, db_url: str) -> Iterator[Station]:
    st = open_station(tmp_path / "station", settings=StationSettings(db_url=db_url), demo=True)
    admin = st.staff.login("admin", "demo-admin")
    for n in range(3):
        sid = st.capture.verify_code(demo_codes()[n]).student.id
        st.capture.record_liveness_failure(sid, "timeout")
        st.staff.unlock_liveness(admin, sid, f"seen in person {n}")
    st.staff.logout(admin)
    try:
        yield st
    finally:
        st.close()


def _sql(station: Station, sql: str, **params: object) -> list:
    with station.db.engine.begin() as conn:
        result = conn.execute(text(sql), params)
        return list(result) if result.returns_rows else []


def _rows(station: Station) -> list[dict]:
    return [dict(r._mapping) for r in _sql(station, "SELECT * FROM audit ORDER BY seq")]


def _rewrite_head(station: Station) -> None:
    """Point the head row at the newest record left, as an insider covering a cut would."""
    last = _sql(station, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    seq, hash_ = (last[0][0], last[0][1]) if last else (0, GENESIS)
    _sql(
        station,
        "UPDATE settings SET value = :v WHERE key = 'audit_head'",
        v=json.dumps({"seq": seq, "hash": hash_}),
    )


def _verify_json(station: Station, capsys: pytest.CaptureFixture[str]) -> dict:
    save_settings(station.data_dir, station.settings)
    code = cli_main(["audit", "verify", "--data-dir", str(station.data_dir), "--json"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == (0 if out["ok"] else 1)
    return out


def test_an_untouched_log_verifies_ok(station: Station, capsys: pytest.CaptureFixture) -> None:
    out = _verify_json(station, capsys)
    assert out["ok"] and out["finding"] == "ok" and out["records"] == len(_rows(station))
    assert out["witnessed_seq"] == _rows(station)[-1]["seq"]


def test_an_edited_record_is_named_edited(station: Station) -> None:
    seq = _rows(station)[3]["seq"]
    _sql(station, "UPDATE audit SET detail = :d WHERE seq = :s", d='{"reason": "x"}', s=seq)
    verdict = station.staff.verify_audit()
    assert (verdict.ok, verdict.reason, verdict.broken_at) == (False, "edited", seq)


def test_a_removed_middle_record_is_named_removed(station: Station) -> None:
    seq = _rows(station)[3]["seq"]
    _sql(station, "DELETE FROM audit WHERE seq = :s", s=seq)
    verdict = station.staff.verify_audit()
    assert (verdict.ok, verdict.reason, verdict.broken_at) == (False, "removed", seq + 1)


def test_a_cut_tail_with_a_rewritten_head_is_named_cut_tail(station: Station) -> None:
    newest = _rows(station)[-1]["seq"]
    _sql(station, "DELETE FROM audit WHERE seq >= :s", s=newest - 1)
    _rewrite_head(station)
    verdict = station.staff.verify_audit()
    assert (verdict.ok, verdict.reason, verdict.broken_at) == (False, "cut_tail", newest - 1)
    # Appending after the cut does not paper over it (the old seq now names another record).
    station.staff.audit_system_action("after_cut", {})
    assert station.staff.verify_audit().reason == "cut_tail"


def test_a_wiped_log_is_named_wiped(station: Station) -> None:
    _sql(station, "DELETE FROM audit")
    _sql(station, "DELETE FROM settings WHERE key IN ('audit_head', 'audit_keyed')")
    verdict = station.staff.verify_audit()
    assert (verdict.ok, verdict.reason, verdict.records) == (False, "wiped", 0)


def test_an_edit_rechained_without_the_key_is_named_rechained(station: Station) -> None:
    # The insider's tool recomputes every hash from the edited record on, the only way it can:
    # plain SHA-256 of the same content.
    with station.db.session() as s:
        rows = list(s.scalars(select(AuditRecord).order_by(AuditRecord.seq)))
        target, prev = rows[3].seq, rows[2].hash
        rows[3].detail = {"reason": "nothing happened"}
        for row in rows[3:]:
            row.prev_hash = prev
            row.hash = prev = plain_hash(prev, row)
    _rewrite_head(station)
    verdict = station.staff.verify_audit()
    assert (verdict.ok, verdict.reason, verdict.broken_at) == (
        False,
        "rechained_without_key",
        target,
    )


def test_a_forged_checkpoint_line_is_ignored_and_a_deleted_file_only_loses_a_witness(
    station: Station,
) -> None:
    path = station.data_dir / CHECKPOINT_FILE
    forged = {"line": json.dumps({"kind": "append", "seq": 999, "hash": GENESIS, "at": "x"})}
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({**forged, "mac": "0" * 64}) + "\n")
    assert station.staff.verify_audit().ok
    path.unlink()
    assert station.staff.verify_audit().ok


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_key_is_kept_outside_the_database_in_a_user_only_file(tmp_path: Path) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a machine without a usable keyring
    try:
        station = open_station(tmp_path / "nokeyring", demo=True, start_sync=False)
    finally:
        keyring.set_keyring(before)
    try:
        _key_is_in_a_user_only_file(station)
    finally:
        station.close()


def _key_is_in_a_user_only_file(station: Station) -> None:
    key_file = station.data_dir / KEY_FILE
    assert key_file.exists() and (os.stat(key_file).st_mode & 0o777) == 0o600
    key = AuditKeyStore(station.data_dir).load()
    assert key is not None
    encoded = key_file.read_text().strip()
    with station.db.engine.connect() as conn:
        for table in ("settings", "audit"):
            dump = " ".join(str(r) for r in conn.execute(text(f"SELECT * FROM {table}")))
            assert encoded not in dump and key.hex() not in dump


def test_a_second_station_needs_the_key_and_gets_it_through_setup(
    station: Station, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = tmp_path / "second"
    settings = StationSettings(db_url=station.settings.db_url, school_code=station.school.code)
    with pytest.raises(StationSetupError) as err:
        open_station(second, settings=settings, demo=False, start_sync=False)
    assert err.value.code == "audit_key_missing"
    exported = tmp_path / "audit-key.txt"
    first_dir = str(station.data_dir)
    assert cli_main(["audit", "key", "export", "--data-dir", first_dir, str(exported)]) == 0
    assert cli_main(["audit", "key", "import", "--data-dir", str(second), str(exported)]) == 0
    other = open_station(second, settings=settings, demo=False, start_sync=False)
    try:
        other.staff.audit_system_action("second_station", {})
        assert other.staff.verify_audit().ok
        assert station.staff.verify_audit().ok
    finally:
        other.close()
    # A station holding another installation's key is refused too (it would break the chain).
    third = tmp_path / "third"
    AuditKeyStore(third).create()
    with pytest.raises(StationSetupError) as err:
        open_station(third, settings=settings, demo=False, start_sync=False)
    assert err.value.code == "audit_key_mismatch"
    capsys.readouterr()
