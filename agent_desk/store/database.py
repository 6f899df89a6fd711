"""The store as the rest of the app sees it: one object per database, sessions and schema.

Driver exceptions never escape as tracebacks to a person: :meth:`Database.ping` and
:meth:`Database.upgrade` turn them into :class:`~agent_desk.errors.DatabaseError` with one line
that names the database (without its password) and the reason.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from agent_desk.errors import DatabaseError
from agent_desk.logging_setup import redact
from agent_desk.store import migrate
from agent_desk.store.engine import describe_url, make_engine, parse_url, sqlite_path


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def explain_db_error(exc: BaseException, where: str) -> DatabaseError:
    """One clear line for a driver error: what failed, on which database, and why."""
    orig = getattr(exc, "orig", None) or exc
    reason = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return DatabaseError(redact(f"cannot use database {where}: {reason}"))


class Database:
    """Owns the engine and the session factory for one database URL."""

    def __init__(
        self, url: str | URL, *, backup_dir: Path | None = None, inspect_only: bool = False
    ) -> None:
        self.url = parse_url(url)
        self.display_url = describe_url(self.url)
        self.backup_dir = backup_dir
        self.engine: Engine = make_engine(self.url, inspect_only=inspect_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def is_team_database(self) -> bool:
        return self.dialect == "postgresql"

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in a write transaction, committed on success. On SQLite it takes the
        write lock at BEGIN (IMMEDIATE), so two writers queue instead of failing mid-way."""
        connection = self.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
        with connection as conn, conn.begin():
            yield conn

    def read_session(self) -> Session:
        """A plain session for reads (close it, or use it as a context manager)."""
        return self._sessions()

    def ping(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            raise explain_db_error(exc, self.display_url) from None

    def schema_status(self) -> SchemaStatus:
        try:
            with self.engine.connect() as conn:
                return SchemaStatus(migrate.current_revision(conn), migrate.head_revision())
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            raise explain_db_error(exc, self.display_url) from None

    def upgrade(self) -> migrate.UpgradeResult:
        try:
            return migrate.upgrade(self.engine, self.backup_dir)
        except DatabaseError:
            raise
        except (DBAPIError, SQLAlchemyError, OSError, sqlite3.Error) as exc:  # sqlite3: backup
            raise explain_db_error(exc, self.display_url) from None

    def table_names(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(inspect(conn).get_table_names())

    def dispose(self) -> None:
        self.engine.dispose()
