"""GUI fixtures: a demo store built once per session (generate + sync + resolve, a few
seconds) and copied for each test that changes it."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.demo import generate
from agent_desk.demo.load import demo_sources
from agent_desk.services.sync import sync_engine
from agent_desk.settings import Settings
from agent_desk.store.database import Database


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


@pytest.fixture
def window(qtbot: QtBot, context: object) -> object:
    """The main window on the test module's ``context`` (each module says which store)."""
    from agent_desk.ui.main_window import MainWindow
    from agent_desk.ui.ops import SyncOps

    win = MainWindow(context, SyncOps())  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
