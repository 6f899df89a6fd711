"""Wiring: settings, paths and the store, built once and passed on explicitly.

There is no global application object. The CLI and the GUI (``agent_desk.ui.app``) both call
:func:`open_context`; domain code receives what it needs as arguments.
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass

from sqlalchemy.engine import URL

from agent_desk.credentials import SecretStoreUnavailable, get_secret
from agent_desk.errors import DatabaseError
from agent_desk.paths import AppPaths
from agent_desk.settings import Settings, effective_database_url, load_settings
from agent_desk.store.database import Database
from agent_desk.store.engine import SECRET_QUERY_KEYS, parse_url

log = logging.getLogger(__name__)


def database_secret_name(url: URL) -> str:
    """The keyring entry that holds the password for a database URL without one."""
    host = url.host or "localhost"
    return f"database/{url.username or ''}@{host}:{url.port or ''}/{url.database or ''}"


def split_password(url: URL) -> tuple[URL, str | None]:
    """The URL without any password (userinfo or ``?password=``), and that password.

    ``URL.set(password=None)`` keeps the password, hence ``_replace``.
    """
    password = url.password
    for key in [k for k in url.query if k.lower() in SECRET_QUERY_KEYS]:
        value = url.query[key]
        if key.lower() == "password" and password is None:
            password = value if isinstance(value, str) else value[0]
        url = url.difference_update_query([key])
    return url._replace(password=None), password


def with_keyring_password(url: URL) -> URL:
    """Add the password from the keyring when the URL names a user but carries no password."""
    if url.get_backend_name() == "sqlite" or url.password is not None or not url.username:
        return url
    try:
        secret = get_secret(database_secret_name(url))
    except SecretStoreUnavailable:
        log.info("no keyring backend; connecting to %s without a stored password", url.host)
        return url
    return url.set(password=secret) if secret else url


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    database: Database

    @property
    def agent_username(self) -> str:
        return self.settings.agent_name or getpass.getuser()

    def close(self) -> None:
        self.database.dispose()


def resolve_database_url(paths: AppPaths, settings: Settings, override: str | None = None) -> URL:
    url = parse_url(effective_database_url(settings, paths.default_database, override))
    return with_keyring_password(url)


def open_context(
    paths: AppPaths | None = None,
    *,
    db_url: str | None = None,
    upgrade: bool = True,
) -> AppContext:
    """Load settings, open the database and (by default) bring its schema up to date."""
    paths = paths or AppPaths.from_environment()
    settings = load_settings(paths.settings_file)
    database = Database(resolve_database_url(paths, settings, db_url), backup_dir=paths.backup_dir)
    try:
        database.ping()
        if upgrade:
            database.upgrade()
    except DatabaseError:
        database.dispose()
        raise
    return AppContext(paths, settings, database)


def probe_database(url: URL) -> str:
    """Connect to ``url`` and describe what is there, or raise ``DatabaseError`` saying why not."""
    database = Database(url)
    try:
        database.ping()
        with database.engine.connect() as conn:
            server = conn.dialect.server_version_info or ()
        version = ".".join(str(part) for part in server[:2])
        kind = "PostgreSQL" if database.dialect == "postgresql" else "SQLite"
        status = database.schema_status()
        if status.current is None:
            schema = "no Agent Desk schema yet: it will be created"
        elif status.up_to_date:
            schema = f"schema {status.current} (up to date)"
        else:
            schema = f"schema {status.current}: it will be upgraded to {status.head}"
        return f"Connected to {kind} {version}; {schema}"
    finally:
        database.dispose()


def open_database(paths: AppPaths, url: URL) -> Database:
    """Open ``url`` and bring its schema up to date (for switching databases while running)."""
    database = Database(url, backup_dir=paths.backup_dir)
    try:
        database.ping()
        database.upgrade()
    except DatabaseError:
        database.dispose()
        raise
    return database
