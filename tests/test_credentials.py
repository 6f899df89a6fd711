"""Secrets go to the keyring or nowhere: never a plain-text fallback."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail, null

from agent_desk.credentials import (
    SERVICE,
    SecretStoreUnavailable,
    get_secret,
    keyring_status,
    set_secret,
)
from tests.keyring_backend import InMemoryKeyring


def test_secrets_round_trip_through_the_keyring(memory_keyring: InMemoryKeyring) -> None:
    set_secret("source/zendesk", "tok-123")
    assert get_secret("source/zendesk") == "tok-123"
    assert memory_keyring.store[(SERVICE, "source/zendesk")] == "tok-123"
    assert keyring_status().usable


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_no_usable_backend_says_what_to_do(backend: type) -> None:
    keyring.set_keyring(backend())
    status = keyring_status()
    assert not status.usable and "Secret Service" in status.advice
    with pytest.raises(SecretStoreUnavailable, match="never stores secrets in plain text"):
        set_secret("source/erp", "pw")


def test_reading_with_the_fail_backend_is_a_clear_error() -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(SecretStoreUnavailable, match="no usable keyring backend"):
        get_secret("source/erp")


class _LockedKeyring(InMemoryKeyring):
    """What the Secret Service answers when the collection stays locked (a wrong unlock
    password for the sync service's keyring)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


def test_a_locked_keyring_is_named_as_locked() -> None:
    keyring.set_keyring(_LockedKeyring())
    with pytest.raises(SecretStoreUnavailable, match="keyring is locked"):
        get_secret("erp-reader")
