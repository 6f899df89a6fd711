"""Secrets (passwords, API tokens) live only in the operating system's keyring.

Never in the settings file, never in a log line, never in an exception message. When no usable
keyring backend exists (a headless Linux box without a Secret Service), callers get a
:class:`SecretStoreUnavailable` that says what to install or configure; there is no silent
plain-text fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors

SERVICE = "agent-desk"

_NO_BACKEND_ADVICE = (
    "no usable keyring backend: run Agent Desk in a desktop session with a Secret Service "
    "(GNOME Keyring or KWallet; on a headless server start one with `dbus-run-session` and "
    "`gnome-keyring-daemon --unlock`), or select a backend with PYTHON_KEYRING_BACKEND; "
    "Agent Desk never stores secrets in plain text"
)
_LOCKED_ADVICE = (
    "the keyring is locked: unlock it in the desktop session (for the sync service: the "
    "password in its keyring-unlock credential does not open the keyring; see installer/README.md)"
)
_WEAK_BACKENDS = ("fail.Keyring", "null.Keyring", "PlaintextKeyring")


class SecretStoreUnavailable(RuntimeError):
    """No keyring backend can hold secrets here; the message says what to do."""


@dataclass(frozen=True)
class KeyringStatus:
    backend: str
    usable: bool
    advice: str


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def keyring_status() -> KeyringStatus:
    """Which backend keyring chose, and whether secrets can really be kept in it."""
    backend = keyring.get_keyring()
    name = _backend_name(backend)
    chained = getattr(backend, "backends", None)
    if chained is not None and not chained:
        return KeyringStatus(name, False, _NO_BACKEND_ADVICE)
    if any(name.endswith(weak) for weak in _WEAK_BACKENDS):
        if name.endswith("PlaintextKeyring"):
            return KeyringStatus(
                name, False, "this backend stores secrets unencrypted; " + _NO_BACKEND_ADVICE
            )
        return KeyringStatus(name, False, _NO_BACKEND_ADVICE)
    return KeyringStatus(name, True, "")


def get_secret(name: str) -> str | None:
    """The secret stored under ``name`` (e.g. ``source/zendesk``), or None if there is none."""
    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringLocked:
        raise SecretStoreUnavailable(_LOCKED_ADVICE) from None
    except keyring.errors.KeyringError:
        raise SecretStoreUnavailable(_NO_BACKEND_ADVICE) from None


def set_secret(name: str, value: str) -> None:
    status = keyring_status()
    if not status.usable:
        raise SecretStoreUnavailable(status.advice)
    try:
        keyring.set_password(SERVICE, name, value)
    except keyring.errors.KeyringError:
        raise SecretStoreUnavailable(_NO_BACKEND_ADVICE) from None


def delete_secret(name: str) -> None:
    """Remove the secret; removing one that is not there is not an error."""
    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError:
        raise SecretStoreUnavailable(_NO_BACKEND_ADVICE) from None
