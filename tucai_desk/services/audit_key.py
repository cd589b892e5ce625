# SPDX-License-Identifier: MIT
"""The installation's audit key: kept outside the database, shared between stations by setup.

The key (32 random bytes) is made when a station is set up on a database whose audit log is not
keyed yet. It lives in the OS keyring when one is usable (Windows Credential Manager, macOS
Keychain, Secret Service), else in ``audit.key`` in the station's data folder, readable by the
user only (mode 0600; on Windows the folder's ACL must keep other users out, see the README).
Stations that share a database share the key through setup, never through the database:
``tucai-desk audit key export FILE`` on the first station, ``tucai-desk audit key import FILE`` on
the next one, or one protected key file named by ``TUCAI_AUDIT_KEY_FILE`` on every station. A
station without the key (or with another one) does not start on a keyed log.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import logging
import os
import secrets
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from tucai_desk.store.audit_chain import KEY_BYTES, key_id
from tucai_desk.store.audit_log import KEYED_KEY, AuditKeying
from tucai_desk.store.audit_witness import CHECKPOINT_FILE, CheckpointFile
from tucai_desk.store.db import Database
from tucai_desk.store.models import SettingRow
from tucai_desk.sync.token_store import keyring_usable

log = logging.getLogger(__name__)

KEY_FILE = "audit.key"
# A key file set up by the school's IT for every station on the database (a shared, protected
# path); when set, neither the keyring nor the data folder is used.
KEY_FILE_ENV = "TUCAI_AUDIT_KEY_FILE"
KEYRING_SERVICE = "tucai-desk-audit"
EXPORT_PREFIX = "tucai-desk-audit-key-v1"


class AuditKeySetupError(RuntimeError):
    """``code``: missing (the log is keyed, this station has no key) | mismatch (another key) |
    bad_export (the file given to import is not an exported key)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _encode(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def _decode(text: str) -> bytes | None:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


class AuditKeyStore:
    """Where this station keeps the key: the keyring, else a user-only file in the data folder."""

    def __init__(
        self, data_dir: Path, backend: keyring.backend.KeyringBackend | None = None
    ) -> None:
        configured = os.environ.get(KEY_FILE_ENV, "").strip()
        self._path = Path(configured) if configured else data_dir / KEY_FILE
        use_keyring = backend is not None or (not configured and keyring_usable())
        self._backend = (backend or keyring.get_keyring()) if use_keyring else None
        # One keyring entry per data folder (an installation), whatever the station id says.
        folder = str(data_dir.resolve()).encode("utf-8")
        self._account = "audit-key:" + hashlib.sha256(folder).hexdigest()[:16]

    @property
    def kind(self) -> str:
        return "keyring" if self._backend is not None else "file"

    def load(self) -> bytes | None:
        text = None
        if self._backend is not None:
            try:
                text = self._backend.get_password(KEYRING_SERVICE, self._account)
            except keyring.errors.KeyringError as exc:
                log.warning("the keyring could not be read (%s); trying the key file", exc)
        if text is None:  # no keyring, or the key went to the file when the keyring failed
            try:
                text = self._path.read_text(encoding="ascii")
            except FileNotFoundError:
                return None
        key = _decode(text)
        if key is None:
            log.error("the stored audit key is damaged")
        return key

    def save(self, key: bytes) -> None:
        if self._backend is not None:
            try:
                self._backend.set_password(KEYRING_SERVICE, self._account, _encode(key))
                return
            except keyring.errors.KeyringError as exc:
                log.warning("the keyring refused the audit key (%s); using a user-only file", exc)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_name(self._path.name + ".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, _encode(key).encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self._path)

    def create(self) -> bytes:
        key = secrets.token_bytes(KEY_BYTES)
        self.save(key)
        log.info("audit key made (kept in the %s)", self.kind)
        return key


def export_text(key: bytes) -> str:
    """The key as one line for ``audit key import`` (secret: hand it over like a password)."""
    return f"{EXPORT_PREFIX}:{_encode(key)}:{key_id(key)}\n"


def parse_export(text: str) -> bytes:
    prefix, _, rest = text.strip().partition(":")
    encoded, _, kid = rest.partition(":")
    key = _decode(encoded) if prefix == EXPORT_PREFIX else None
    if key is None or key_id(key) != kid:
        raise AuditKeySetupError("bad_export")
    return key


def chain_key_id(db: Database) -> str | None:
    """The id of the key the database's audit log is keyed with (None: not keyed yet)."""
    with db.session() as s:
        row = s.get(SettingRow, KEYED_KEY)
        state = dict(row.value or {}) if row is not None else {}
    return str(state["key_id"]) if state.get("state") == "keyed" and "key_id" in state else None


def open_audit_keying(data_dir: Path, db: Database) -> AuditKeying:
    """This station's key and checkpoint file; makes the key at setup (a log not keyed yet).

    AuditKeySetupError("missing" | "mismatch") when the log is keyed and this station does not
    hold that key.
    """
    store = AuditKeyStore(data_dir)
    key = store.load()
    keyed_by = chain_key_id(db)
    if key is None:
        if keyed_by is not None:
            raise AuditKeySetupError("missing")
        key = store.create()
    elif keyed_by is not None and keyed_by != key_id(key):
        raise AuditKeySetupError("mismatch")
    return AuditKeying(key, CheckpointFile(data_dir / CHECKPOINT_FILE, key))


def import_key(data_dir: Path, text: str, *, replace: bool = False) -> bytes:
    """Keep an exported key for this station. An existing different key is kept unless
    ``replace`` (AuditKeySetupError("mismatch"))."""
    key = parse_export(text)
    store = AuditKeyStore(data_dir)
    current = store.load()
    if current is not None and current != key and not replace:
        raise AuditKeySetupError("mismatch")
    store.save(key)
    return key


__all__ = [
    "AuditKeySetupError",
    "AuditKeyStore",
    "export_text",
    "import_key",
    "open_audit_keying",
    "parse_export",
]
