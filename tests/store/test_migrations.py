"""Schema creation and upgrades on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from agent_desk.errors import DatabaseError
from agent_desk.store import migrate
from agent_desk.store.database import Database
from agent_desk.store.models import Base
from agent_desk.store.search import is_search_table

EXPECTED_TABLES = {
    "agents",
    "agent_presence",
    "audit_log",
    "commitment_history",
    "commitments",
    "contact_preferences",
    "customers",
    "match_links",
    "merge_journal",
    "notes",
    "offers",
    "order_lines",
    "products",
    "source_records",
    "sync_runs",
    "sync_state",
    "tasks",
    "timeline_events",
}


def test_upgrade_from_empty_creates_every_table(db_url: str, tmp_path: Path) -> None:
    db = Database(db_url, backup_dir=tmp_path / "backups")
    try:
        assert db.schema_status().current is None
        result = db.upgrade()
        assert result.before is None and result.after == migrate.head_revision()
        assert result.changed
        assert set(db.table_names()) >= EXPECTED_TABLES
        assert db.schema_status().up_to_date
    finally:
        db.dispose()


def test_rerunning_the_upgrade_changes_nothing(db_url: str, tmp_path: Path) -> None:
    db = Database(db_url, backup_dir=tmp_path / "backups")
    try:
        db.upgrade()
        tables = db.table_names()
        again = db.upgrade()
        assert not again.changed and again.backup is None
        assert db.table_names() == tables
    finally:
        db.dispose()


def test_migration_matches_the_models(database: Database) -> None:
    """The migration builds exactly the schema the models describe (no drift)."""
    with database.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, type_, _parents: (
                        not (type_ == "table" and is_search_table(name))
                    ),
                },
            ),
            Base.metadata,
        )
    assert diff == []


def test_existing_sqlite_file_is_backed_up_before_migrating(tmp_path: Path) -> None:
    db_file = tmp_path / "agent-desk.sqlite3"
    with sqlite3.connect(db_file) as conn:  # an older file with data in it
        conn.execute("CREATE TABLE legacy_notes (body TEXT)")
        conn.execute("INSERT INTO legacy_notes VALUES ('call back Friday')")
    db = Database(f"sqlite:///{db_file}", backup_dir=tmp_path / "backups")
    try:
        result = db.upgrade()
    finally:
        db.dispose()
    assert result.backup is not None and result.backup.parent == tmp_path / "backups"
    assert "rev-none" in result.backup.name
    with sqlite3.connect(result.backup) as conn:
        assert conn.execute("SELECT body FROM legacy_notes").fetchall() == [("call back Friday",)]


def test_brand_new_sqlite_file_needs_no_backup(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}", backup_dir=tmp_path / "backups")
    try:
        assert db.upgrade().backup is None
    finally:
        db.dispose()
    assert not (tmp_path / "backups").exists()


def test_backups_are_pruned_to_the_newest_ten(tmp_path: Path) -> None:
    db_file = tmp_path / "a.sqlite3"
    sqlite3.connect(db_file).close()
    for _ in range(migrate.KEEP_BACKUPS + 3):
        migrate.backup_sqlite(db_file, tmp_path / "b", None)
    assert len(list((tmp_path / "b").glob("a-*.sqlite3"))) == migrate.KEEP_BACKUPS


def test_a_newer_schema_is_refused_with_a_clear_message(database: Database) -> None:
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseError, match="newer than this Agent Desk"):
        database.upgrade()


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        db.dispose()


def test_a_failed_migration_leaves_the_database_as_it_was(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_upgrade = migrate.command.upgrade

    def upgrade_then_fail(*args: object, **kwargs: object) -> None:
        real_upgrade(*args, **kwargs)  # every table is created ...
        raise RuntimeError("power cut")  # ... and then the process dies before committing

    monkeypatch.setattr(migrate.command, "upgrade", upgrade_then_fail)
    db = Database(db_url, backup_dir=tmp_path / "backups")
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            db.upgrade()
        assert db.table_names() == []
        monkeypatch.setattr(migrate.command, "upgrade", real_upgrade)
        assert db.upgrade().after == migrate.head_revision()  # and the next start just works
    finally:
        db.dispose()


def _upgrade_in_parallel(url: str, processes: int = 3) -> list[subprocess.CompletedProcess[str]]:
    command = [sys.executable, "-m", "agent_desk", "--db-url", url, "db", "upgrade"]
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    results = []
    for proc in running:
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(command, proc.returncode, out, err))
    return results


def test_desktops_starting_together_on_sqlite_do_not_collide(tmp_path: Path) -> None:
    for attempt in range(3):
        url = f"sqlite:///{tmp_path / f'shared-{attempt}.sqlite3'}"
        results = _upgrade_in_parallel(url)
        assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
        upgraded = [r for r in results if "upgraded from empty" in r.stdout]
        assert len(upgraded) == 1, [r.stdout for r in results]  # the others found it done


@pytest.mark.postgres
def test_desktops_starting_together_on_postgresql_do_not_collide(pg_schema_url: str) -> None:
    results = _upgrade_in_parallel(pg_schema_url)
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    assert sum("upgraded from empty" in r.stdout for r in results) == 1
