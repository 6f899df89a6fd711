"""An in-memory keyring for tests: no test ever touches a real keyring or writes a secret."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class InMemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class EnvKeyring(KeyringBackend):
    """Read-only secrets from ``AGENT_DESK_TEST_SECRETS`` (JSON), for CLI subprocesses in tests.

    Select it with ``PYTHON_KEYRING_BACKEND=tests.keyring_backend.EnvKeyring``.
    """

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        import json
        import os

        found = json.loads(os.environ.get("AGENT_DESK_TEST_SECRETS", "{}")).get(username)
        return str(found) if service == "agent-desk" and found is not None else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordDeleteError("read-only test keyring")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("read-only test keyring")
