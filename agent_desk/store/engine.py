"""Engines for the two supported stores: an embedded SQLite file, or PostgreSQL for a team.

SQLite connections run in WAL mode with foreign keys on and a busy timeout, so the GUI's reads
do not block behind a sync's writes. The ``sqlite3`` driver's own transaction handling is
turned off (it commits DDL on its own and ignores SAVEPOINT semantics); SQLAlchemy emits
``BEGIN`` itself, so a migration or a sync page is one real transaction. A connection with the
execution option ``sqlite_begin="IMMEDIATE"`` takes the write lock at ``BEGIN`` (migrations).

Edits follow the desktop pattern: load in one short transaction, save in another; the version
column (:class:`~agent_desk.store.base.VersionedMixin`) refuses a save based on a stale copy.
Plain ``postgresql://`` URLs get the driver Agent Desk ships (psycopg 3).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from agent_desk.errors import DatabaseError

SUPPORTED = ("sqlite", "postgresql")
_DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
SQLITE_BUSY_TIMEOUT_MS = 10_000
# page cache per connection, in KiB when negative: 64 MiB (SQLite's default is 2 MiB; the
# indexes of a large store do not fit in that)
SQLITE_CACHE_KIB_NEG = -65536


def parse_url(url: str | URL) -> URL:
    """Parse and normalise a database URL; a malformed or unsupported one is a clear error."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        raise DatabaseError(
            f"not a database URL: {url!r} (expected sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST:PORT/DATABASE)"
        ) from None
    if parsed.drivername in _DEFAULT_DRIVERS:
        parsed = parsed.set(drivername=_DEFAULT_DRIVERS[parsed.drivername])
    if parsed.get_backend_name() not in SUPPORTED:
        raise DatabaseError(
            f"unsupported database '{parsed.get_backend_name()}' in {describe_url(parsed)}: "
            "Agent Desk stores its data in SQLite (default) or PostgreSQL (team mode)"
        )
    return parsed


SECRET_QUERY_KEYS = ("password", "sslpassword", "passfile_password")


def describe_url(url: str | URL) -> str:
    """The URL as it may be shown or logged: never with its password (userinfo or query)."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "<invalid URL>"
    masked = {k: "REDACTED" for k in parsed.query if k.lower() in SECRET_QUERY_KEYS}
    if masked:
        parsed = parsed.update_query_dict(masked)
    return parsed.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL (None for in-memory databases and other backends)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


def _sqlite_connect(inspect_only: bool) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy issues BEGIN (see _sqlite_begin)
        # SQLite's lower() folds ASCII only; casefold() folds "ÜBER" like PostgreSQL's lower()
        dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            if not inspect_only:  # switching to WAL is persistent: only when we own the file
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.execute("PRAGMA wal_autocheckpoint = 16384")
                cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB_NEG}")
        finally:
            cursor.close()

    return on_connect


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
        raise ValueError(f"unknown sqlite_begin mode {mode!r}")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | URL, *, inspect_only: bool = False) -> Engine:
    """Create the engine for ``url`` (no connection is made yet).

    ``inspect_only`` (for ``doctor``) creates no folder and leaves an existing SQLite file's
    journal mode alone.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None and not inspect_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, pool_pre_ping=False
        )
        event.listen(engine, "connect", _sqlite_connect(inspect_only))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args={"connect_timeout": 5, "application_name": "agent-desk"},
    )
