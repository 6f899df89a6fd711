"""Background work: late answers never overwrite newer ones; errors in slots are reported."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from agent_desk.app import open_context
from agent_desk.paths import AppPaths
from agent_desk.store.models import Customer
from agent_desk.ui.dialogs import ErrorReporter
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.ops import Ops


class DeferredOps(Ops):
    """Keeps jobs until the test runs them, in whatever order it likes."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[[Any], None]]] = []

    def run(self, work: Any, on_done: Any, on_error: Any = None) -> None:
        self.jobs.append((work, on_done, on_error))

    write = run

    def finish(self, index: int) -> None:
        work, on_done, _ = self.jobs[index]
        on_done(work())


def test_a_late_answer_does_not_replace_the_customer_opened_after_it(
    qtbot: QtBot, app_home: AppPaths
) -> None:
    ctx = open_context(app_home)
    with ctx.database.session() as s:
        first, second = (
            Customer(display_name="First Caller"),
            Customer(display_name="Second Caller"),
        )
        s.add_all([first, second])
    ops = DeferredOps()
    window = MainWindow(ctx, ops)
    qtbot.addWidget(window)
    ops.jobs.clear()  # the initial refresh
    window.open_customer(first.id)
    window.open_customer(second.id)
    ops.finish(1)  # the second answer comes first ...
    ops.finish(0)  # ... and the first one arrives late
    assert window.customer.name.text() == "Second Caller"
    ctx.close()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_the_dialog(
    qtbot: QtBot, app_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reporter = ErrorReporter(app_home.log_file)
    reporter.install()

    def broken_slot() -> None:
        raise LookupError("no such order #1042")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert "no such order #1042" in reporter.dialog.informativeText()
