# SPDX-License-Identifier: MIT
"""Where the station's secret and token live: the OS keyring if usable, else a user-only file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from tucai_desk.sync.token_store import (
    FileCredentialStore,
    KeyringCredentialStore,
    StoredToken,
    TokenStore,
    keyring_usable,
    open_credential_store,
)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in memory: the OS keyring a test machine does not have."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def _token() -> StoredToken:
    return StoredToken("a" * 32, datetime.now(UTC) + timedelta(hours=1), "32001")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_without_a_keyring_secrets_go_to_a_file_only_the_user_can_read(
    tmp_path: Path, restore_keyring: None
) -> None:
    keyring.set_keyring(fail.Keyring())
    store = open_credential_store("st1", tmp_path)
    assert isinstance(store, FileCredentialStore)
    tokens = TokenStore(store)
    tokens.set_secret("s3cret")
    token = _token()
    tokens.save_token(token)
    path = tmp_path / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Loosened by someone: taken back before the secret is read again.
    path.chmod(0o644)
    again = TokenStore(FileCredentialStore(path))
    assert again.secret() == "s3cret"
    assert again.token() == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again.clear_token()
    assert again.token() is None and again.secret() == "s3cret"


def test_with_a_usable_keyring_secrets_go_to_the_keyring(
    tmp_path: Path, restore_keyring: None
) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    assert keyring_usable() and not keyring_usable(fail.Keyring())
    store = open_credential_store("st1", tmp_path)
    assert isinstance(store, KeyringCredentialStore)
    tokens = TokenStore(store)
    tokens.set_secret("s3cret")
    token = _token()
    tokens.save_token(token)
    assert backend.items[("tucai-desk", "st1:secret")] == "s3cret"
    assert tokens.token() == token
    assert not (tmp_path / "credentials.json").exists()
    tokens.clear_token()
    tokens.clear_token()  # nothing left to delete is fine
    assert tokens.token() is None


def test_a_locked_keyring_does_not_stop_a_sync(restore_keyring: None) -> None:
    tokens = TokenStore(KeyringCredentialStore("st1", BrokenKeyring()))
    token = _token()
    tokens.save_token(token)
    assert tokens.token() == token  # kept in memory for this run


def test_a_token_near_its_expiry_is_not_used() -> None:
    now = datetime.now(UTC)
    token = StoredToken("a" * 32, now + timedelta(seconds=30), "32001")
    assert not token.usable_at(now)
    assert token.usable_at(now - timedelta(minutes=5))
