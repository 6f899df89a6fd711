"""Schema upgrades with Alembic, run in-process.

Before any migration touches an existing SQLite file that holds any table, a timestamped
copy is written to the backups folder next to it (the ten newest are kept). On PostgreSQL the
upgrade runs in one transaction (DDL is transactional there) under an advisory lock, so two
desktops starting at the same moment do not both migrate the shared database.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from agent_desk.errors import DatabaseError
from agent_desk.store.engine import sqlite_path

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
KEEP_BACKUPS = 10
_PG_LOCK_KEY = 0x4147454E54  # "AGENT": the advisory lock that serialises upgrades


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def backup_sqlite(db_file: Path, backup_dir: Path, revision: str | None) -> Path:
    """Copy a live SQLite database consistently (the backup API, safe under WAL)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{db_file.stem}-{stamp}-rev-{revision or 'none'}.sqlite3"
    src = sqlite3.connect(db_file)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    backups = sorted(backup_dir.glob(f"{db_file.stem}-*.sqlite3"))
    for old in backups[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    log.info("backed up %s to %s before upgrading the schema", db_file, target)
    return target


def upgrade(engine: Engine, backup_dir: Path | None = None) -> UpgradeResult:
    """Bring the schema to the newest revision; idempotent, atomic, and safe to run from two
    processes at once (the second waits for the first and then finds nothing to do)."""
    head = head_revision()
    with engine.connect() as conn:
        if current_revision(conn) == head:
            return UpgradeResult(head, head, None)
    db_file = sqlite_path(engine.url)
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        # under the lock: what is there now (another process may have upgraded meanwhile)
        before = current_revision(conn)
        if before == head:
            return UpgradeResult(before, head, None)
        if before is not None and before not in _known_revisions():
            raise DatabaseError(
                f"the database schema (revision {before}) is newer than this Agent Desk knows "
                f"(newest {head}); update Agent Desk before using this database"
            )
        backup = None
        if db_file is not None and db_file.exists() and inspect(conn).get_table_names():
            backup = backup_sqlite(db_file, backup_dir or db_file.parent / "backups", before)
        command.upgrade(alembic_config(conn), "head")
    log.info("schema upgraded from %s to %s", before, head)
    return UpgradeResult(before, head, backup)
