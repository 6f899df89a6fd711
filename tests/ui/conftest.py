"""GUI fixtures: the main window on the test module's context (the demo store fixtures are
in tests/conftest.py)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot


@pytest.fixture
def window(qtbot: QtBot, context: object) -> object:
    """The main window on the test module's ``context`` (each module says which store)."""
    from agent_desk.ui.main_window import MainWindow
    from agent_desk.ui.ops import SyncOps

    win = MainWindow(context, SyncOps())  # type: ignore[arg-type]
    win.selling.delay_ms = 0  # suggestions at once (the delay has a test of its own)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
