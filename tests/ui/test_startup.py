"""The real start-up path of ``agent-desk`` (``run_gui``), offscreen."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from agent_desk.paths import AppPaths
from agent_desk.ui.app import run_gui
from agent_desk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _keep_excepthooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


@pytest.fixture(autouse=True)
def _watchdog(qapp: QApplication) -> Iterator[None]:
    """A start-up that never ends fails the test (naming the windows still open) instead of
    hanging the suite."""
    open_windows: list[str] = []

    def bark() -> None:
        open_windows.extend(
            f"{type(w).__name__}({w.objectName()!r})"
            for w in QApplication.topLevelWidgets()
            if w.isVisible()
        )
        qapp.exit(99)

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(bark)
    guard.start(60_000)
    yield
    guard.stop()
    assert not open_windows, f"run_gui did not end; still open: {open_windows}"


def _main_windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def _answer_startup_error(record: Callable[[QMessageBox], None]) -> None:
    """When the start-up error box shows, record what it says and pick the local database."""

    def answer() -> None:
        box = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox)
                and w.objectName() == "startupDatabaseError"
                and w.isVisible()
            ),
            None,
        )
        if box is None:
            QTimer.singleShot(50, answer)
            return
        record(box)
        next(b for b in box.buttons() if "this computer" in b.text()).click()

    QTimer.singleShot(50, answer)


def _close_when_shown(qapp: QApplication, seen: list[MainWindow]) -> None:
    def poll() -> None:
        windows = _main_windows()
        if windows:
            seen.extend(windows)
            for window in windows:
                window.close()  # the last window closing ends the event loop, as for a person
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


def test_starts_on_the_embedded_database(qapp: QApplication, app_home: AppPaths) -> None:
    seen: list[MainWindow] = []
    _close_when_shown(qapp, seen)
    assert run_gui(app_home) == 0
    assert seen and seen[0].db_label.text() == "This computer"
    assert app_home.default_database.exists()


def test_unreachable_team_database_offers_the_local_one(
    qtbot: QtBot, qapp: QApplication, app_home: AppPaths
) -> None:
    answered: list[str] = []
    _answer_startup_error(lambda box: answered.append(box.informativeText()))
    seen: list[MainWindow] = []
    _close_when_shown(qapp, seen)
    assert run_gui(app_home, db_url="postgresql+psycopg://agent@127.0.0.1:9/team") == 0
    assert answered and "cannot use database" in answered[0]
    assert seen and seen[0].ctx.database.sqlite_file == app_home.default_database


def test_environment_override_is_explained_instead_of_offering_settings(
    qtbot: QtBot, qapp: QApplication, app_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENT_DESK_DB_URL", "postgresql+psycopg://agent@127.0.0.1:9/team")
    boxes: list[tuple[str, list[str]]] = []
    _answer_startup_error(
        lambda box: boxes.append((box.informativeText(), [b.text() for b in box.buttons()]))
    )
    seen: list[MainWindow] = []
    _close_when_shown(qapp, seen)
    assert run_gui(app_home) == 0
    text, buttons = boxes[0]
    assert "AGENT_DESK_DB_URL" in text
    assert not any("Settings" in label for label in buttons)
    assert seen and seen[0].ctx.database.sqlite_file == app_home.default_database
