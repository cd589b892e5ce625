# SPDX-License-Identifier: MIT
"""Where the station keeps its service secret and bearer token.

The OS keyring when a usable backend exists (Windows Credential Manager, macOS Keychain, Secret
Service); otherwise a JSON file only the user can read (mode 0600). Never in settings, never logged.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors

from tucai_desk.core.clock import as_utc

log = logging.getLogger(__name__)

KEYRING_SERVICE = "tucai-desk"
TOKEN = "token"
SECRET = "secret"


class CredentialStore(Protocol):
    """A few named secrets of one station."""

    kind: str

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class MemoryCredentialStore:
    """Secrets kept in memory only (benchmarks, dry runs, tests)."""

    kind = "memory"

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self._values = dict(values or {})
        self._lock = threading.Lock()

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        with self._lock:
            self._values[name] = value

    def delete(self, name: str) -> None:
        with self._lock:
            self._values.pop(name, None)


class KeyringCredentialStore:
    """Secrets in the OS keyring, one entry per station and name."""

    kind = "keyring"

    def __init__(self, station_id: str, backend: keyring.backend.KeyringBackend | None = None):
        self._account = station_id
        self._backend = backend or keyring.get_keyring()

    def _user(self, name: str) -> str:
        return f"{self._account}:{name}"

    def get(self, name: str) -> str | None:
        return self._backend.get_password(KEYRING_SERVICE, self._user(name))

    def set(self, name: str, value: str) -> None:
        self._backend.set_password(KEYRING_SERVICE, self._user(name), value)

    def delete(self, name: str) -> None:
        # Nothing stored under that name is fine.
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._backend.delete_password(KEYRING_SERVICE, self._user(name))


class FileCredentialStore:
    """Secrets in a JSON file readable by the user only (0600), replaced atomically."""

    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _read(self) -> dict[str, str]:
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            return {}
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            # Someone loosened the file: take it back before reading a secret out of it.
            log.warning("credential file was readable by others; restricting it to the user")
            self.path.chmod(0o600)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("credential file unreadable; starting without stored credentials")
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps(data).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.name == "posix":
            os.chmod(tmp, 0o600)  # O_CREAT's mode does not apply to a file left over from a crash
        os.replace(tmp, self.path)

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._read().get(name)

    def set(self, name: str, value: str) -> None:
        with self._lock:
            data = self._read()
            data[name] = value
            self._write(data)

    def delete(self, name: str) -> None:
        with self._lock:
            data = self._read()
            if data.pop(name, None) is not None:
                self._write(data)


def keyring_usable(backend: keyring.backend.KeyringBackend | None = None) -> bool:
    """Whether the keyring has a real backend (not the "fail" or "null" placeholder)."""
    kr = backend or keyring.get_keyring()
    module = type(kr).__module__
    if module.endswith((".fail", ".null")):
        return False
    if module.endswith(".chainer") and not getattr(kr, "backends", None):
        return False
    try:
        return float(getattr(kr, "priority", 0)) > 0
    except Exception:  # a backend whose priority probe fails is not usable either
        return False


def open_credential_store(station_id: str, data_dir: Path) -> CredentialStore:
    """The keyring when usable, else ``data_dir/credentials.json`` (0600)."""
    if keyring_usable():
        return KeyringCredentialStore(station_id)
    log.info("no usable OS keyring; keeping station credentials in a user-only file")
    return FileCredentialStore(data_dir / "credentials.json")


@dataclass(frozen=True, slots=True)
class StoredToken:
    access_token: str
    expires_at: datetime
    school_code: str

    def usable_at(self, now: datetime, margin: timedelta = timedelta(seconds=60)) -> bool:
        return now + margin < self.expires_at


class TokenStore:
    """The station's bearer token (and its secret) in a :class:`CredentialStore`.

    Falls back to memory when the keyring fails at run time (a locked or broken backend must not
    stop a sync: the token is only a cache, a new one is one call away).
    """

    def __init__(self, credentials: CredentialStore) -> None:
        self.credentials = credentials
        self._fallback = MemoryCredentialStore()

    def _get(self, name: str) -> str | None:
        try:
            return self.credentials.get(name)
        except keyring.errors.KeyringError:
            log.warning("keyring read failed; using the in-memory copy")
            return self._fallback.get(name)

    def _set(self, name: str, value: str) -> None:
        try:
            self.credentials.set(name, value)
        except keyring.errors.KeyringError:
            log.warning("keyring write failed; keeping the value in memory only")
            self._fallback.set(name, value)

    def secret(self) -> str | None:
        return self._get(SECRET)

    def set_secret(self, secret: str) -> None:
        self._set(SECRET, secret)

    def token(self) -> StoredToken | None:
        raw = self._get(TOKEN)
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return StoredToken(
                access_token=str(data["access_token"]),
                expires_at=as_utc(datetime.fromisoformat(str(data["expires_at"]))),
                school_code=str(data["school_code"]),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def save_token(self, token: StoredToken) -> None:
        self._set(
            TOKEN,
            json.dumps(
                {
                    "access_token": token.access_token,
                    "expires_at": token.expires_at.isoformat(),
                    "school_code": token.school_code,
                }
            ),
        )

    def clear_token(self) -> None:
        with contextlib.suppress(keyring.errors.KeyringError):
            self.credentials.delete(TOKEN)
        self._fallback.delete(TOKEN)
