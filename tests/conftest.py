"""Shared fixtures: every test gets a fresh home folder, an in-memory keyring, offscreen Qt.

``db_url`` runs a test on both stores: SQLite (a file in the test's folder) and the PostgreSQL
server on 127.0.0.1:5432 (database ``test``), in a schema of its own that is dropped afterwards.
Under ``CI=true`` an unreachable PostgreSQL fails the test; elsewhere it is skipped with a note.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from sqlalchemy import create_engine, text

from agent_desk.demo import generate
from agent_desk.demo.load import demo_sources
from agent_desk.paths import AppPaths
from agent_desk.services.sync import sync_engine
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from tests.keyring_backend import InMemoryKeyring

PG_ADMIN_URL = os.environ.get(
    "AGENT_DESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_pg_error: str | None = None
_pg_checked = False


def _postgres_unavailable() -> str | None:
    global _pg_checked, _pg_error
    if not _pg_checked:
        _pg_checked = True
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 5})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # any failure to reach it is reported the same way
            _pg_error = f"PostgreSQL at {PG_ADMIN_URL} is unreachable: {exc}".splitlines()[0]
        finally:
            engine.dispose()
    return _pg_error


def require_postgres() -> None:
    error = _postgres_unavailable()
    if error is None:
        return
    if IN_CI:
        pytest.fail(f"{error} (CI=true: team-mode tests must run, not skip)", pytrace=False)
    pytest.skip(error)


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """A fresh AGENT_DESK_HOME: settings, data and logs of this test only."""
    home = tmp_path / "home"
    monkeypatch.setenv("AGENT_DESK_HOME", str(home))
    monkeypatch.delenv("AGENT_DESK_DB_URL", raising=False)
    return AppPaths.from_environment()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[InMemoryKeyring]:
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def database(db_url: str, app_home: AppPaths) -> Iterator[object]:
    from agent_desk.store.database import Database

    db = Database(db_url, backup_dir=app_home.backup_dir)
    db.upgrade()
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def demo_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-store")
    generate(root / "demo", 200, seed=1, as_of=date(2026, 11, 20))
    db = Database(f"sqlite:///{root / 'store.sqlite3'}")
    try:
        db.upgrade()
        reports = sync_engine(
            db, Settings(sources=demo_sources(root / "demo")), cancel=threading.Event()
        ).run()
    finally:
        db.dispose()
    assert [r.status for r in reports] == ["succeeded"] * 3
    return root / "store.sqlite3"


@pytest.fixture
def demo_store_url(demo_store_template: Path, tmp_path: Path) -> str:
    """A private copy of the demo store (SQLite) for one test."""
    copy = tmp_path / "demo-store.sqlite3"
    shutil.copyfile(demo_store_template, copy)
    return f"sqlite:///{copy}"
