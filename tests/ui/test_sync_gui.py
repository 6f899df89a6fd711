"""Sync from the GUI: in the background with progress and Stop, the report, the status bar's
freshness per source and the details of a failure."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, TypeVar

import pytest
from PySide6.QtCore import QObject, Qt, QThread, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.paths import AppPaths
from agent_desk.settings import Settings
from agent_desk.sync.engine import Progress
from agent_desk.ui.confirm import ConfirmDialog
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.ops import Ops, SyncOps
from agent_desk.ui.status import SourceDetailsDialog
from agent_desk.ui.sync_view import SyncReportDialog
from connectors.base import Cancelled, CheckResult, ConnectorError, Page, PersonRecord

WAIT_MS = 15_000
T = TypeVar("T", bound=QObject)


def child(window: MainWindow, kind: type[T], name: str) -> T:
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name}"
    return found


def person(n: int, family: str = "Nowak") -> PersonRecord:
    return PersonRecord(
        entity="customer",
        external_id=str(n),
        given_name="Anna",
        family_name=f"{family}{n}",
        email=f"anna{n}@example.com",
        country="GB",
        birth_date=date(1980, 1, 1 + n % 28),
    )


@dataclass
class Gated:
    """A connector whose pages wait for the test: page ``i`` (after the first) is read only
    once ``gate`` is set; it stops when the sync is cancelled, as real connectors do."""

    name: str
    pages_per_stream: int = 3
    fail: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    gate: threading.Event = field(default_factory=threading.Event)
    type_name: ClassVar[str] = "scripted"

    def streams(self) -> list[str]:
        return ["customers"]

    def pages(self, stream: str, bookmark: dict[str, Any] | None) -> Iterator[Page]:
        start = int(bookmark["n"]) if bookmark else 0
        for i in range(start, self.pages_per_stream):
            if i > start and not self.gate.wait(WAIT_MS / 1000):
                raise ConnectorError(self.name, "the test never opened the gate")
            if self.cancel.is_set():
                raise Cancelled()
            if self.fail:
                raise ConnectorError(self.name, self.fail)
            yield Page(stream, {"n": i + 1}, persons=(person(10 * i + 1), person(10 * i + 2)))

    def check(self) -> CheckResult:
        return CheckResult(True, "ok")


def use_connectors(window: MainWindow, *connectors: Gated) -> None:
    by_name = {c.name: c for c in connectors}
    window.ctx.settings = Settings(sources={c.name: {"type": "scripted"} for c in connectors})

    def build(_settings: Settings, name: str, cancel: threading.Event, _stack: object) -> Gated:
        by_name[name].cancel = cancel
        return by_name[name]

    window.sync.build = build


@pytest.fixture
def context(app_home: AppPaths) -> Iterator[AppContext]:
    ctx = open_context(app_home)
    yield ctx
    ctx.close()


def make_window(qtbot: QtBot, context: AppContext, ops: Ops) -> MainWindow:
    window = MainWindow(context, ops)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


class ThreadRecorder(QObject):
    """Records on which thread each progress event arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.on_gui_thread: list[bool] = []

    @Slot(object)
    def record(self, _event: Progress) -> None:
        app = QApplication.instance()
        assert app is not None
        self.on_gui_thread.append(QThread.currentThread() is app.thread())


def test_sync_runs_in_the_background_shows_progress_and_stops_on_cancel(
    qtbot: QtBot, context: AppContext
) -> None:
    ops = Ops()
    window = make_window(qtbot, context, ops)
    crm = Gated("crm")
    use_connectors(window, crm)
    recorder = ThreadRecorder()
    window.sync.progressed.connect(recorder.record)

    action = child(window, QAction, "actionSync")
    assert action.shortcut() == QKeySequence("F5")
    action.trigger()
    progress = window.sync_progress
    assert progress.objectName() == "syncProgress" and progress.isVisible()
    qtbot.waitUntil(lambda: "crm · customers: 2 records" in progress.text.text(), timeout=WAIT_MS)

    # the worker waits at the gate: the window keeps working meanwhile
    assert window.sync.running
    qtbot.keyClicks(window.search.box, "Nowak")
    assert window.search.box.text() == "Nowak"
    child(window, QAction, "actionSync").trigger()
    assert "already running" in window.statusBar().currentMessage()

    qtbot.mouseClick(progress.stop, Qt.MouseButton.LeftButton)
    assert "stopping" in progress.text.text()
    crm.gate.set()
    qtbot.waitUntil(lambda: not window.sync.running, timeout=WAIT_MS)

    (report,) = window.sync.reports
    assert report.status == "cancelled"
    assert report.counts.fetched == 2, "the page read before Stop is kept, none after it"
    assert not progress.isVisible()
    assert "Sync stopped: crm cancelled" in window.statusBar().currentMessage()
    assert recorder.on_gui_thread and all(recorder.on_gui_thread)
    qtbot.waitUntil(lambda: not window._search_timer.isActive())
    assert ops.wait()


def test_a_finished_sync_shows_its_report_and_refreshes_the_views(
    qtbot: QtBot, context: AppContext
) -> None:
    window = make_window(qtbot, context, SyncOps())
    crm = Gated("crm")
    crm.gate.set()
    use_connectors(window, crm)
    qtbot.keyClicks(window.search.box, "Nowak")
    qtbot.waitUntil(lambda: not window._search_timer.isActive())
    assert window.search.results.count() == 0

    assert window.sync_now()
    assert window.sync.reports[0].status == "succeeded"
    assert "Sync finished: crm succeeded" in window.statusBar().currentMessage()
    assert window.search.results.count() == 6, "the search ran again over the new customers"
    assert "crm: just now" in window.freshness.text()
    assert "6 customers" in window.freshness.text()

    assert window.sync_report_button.isVisible()
    window.sync_report_button.click()
    dialog = child(window, SyncReportDialog, "syncReport")
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "crm: succeeded" in text and "fetched 6" in text and "inserted 6" in text
    assert "identity resolution: 6 records: 6 new customers" in text


def test_sync_all_from_the_start_asks_first(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context, SyncOps())
    crm = Gated("crm")
    crm.gate.set()
    use_connectors(window, crm)
    window.sync_now()
    assert window.sync.reports[0].counts.fetched == 6

    window.sync_now()  # incremental: nothing new after the last bookmark
    assert window.sync.reports[0].counts.fetched == 0

    child(window, QAction, "actionSyncFull").trigger()
    dialog = child(window, ConfirmDialog, "confirmFullSync")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert window.sync.reports[0].counts.fetched == 0, "cancelled: nothing ran"

    dialog = window.sync_full()
    dialog.action_button.click()
    assert window.sync.full
    assert window.sync.reports[0].counts.fetched == 6
    assert window.sync.reports[0].counts.unchanged == 6


def test_a_failing_source_shows_in_the_status_bar_with_its_details(
    qtbot: QtBot, context: AppContext
) -> None:
    window = make_window(qtbot, context, SyncOps())
    good, bad = Gated("tickets"), Gated("erp", fail="HTTP 503 from the server")
    good.gate.set()
    use_connectors(window, good, bad)
    window.sync_now()

    assert [r.status for r in window.sync.reports] == ["failed", "succeeded"], (
        "the ERP failing never stops the tickets"
    )
    assert "Sync finished with failures" in window.statusBar().currentMessage()
    text = window.freshness.text()
    assert "tickets: just now" in text
    assert "erp: failed" in text and "see details" in text
    assert window.freshness.property("state") == "failed"

    button = child(window, QToolButton, "sourceStatus_erp")
    assert button.property("state") == "failed"
    assert "HTTP 503" in button.toolTip()
    button.click()
    dialog = child(window, SourceDetailsDialog, "sourceDetails")
    assert dialog is not None and dialog.isVisible()
    details = dialog.text.toPlainText()
    assert "Last error: erp: HTTP 503 from the server" in details
    assert "Last run (incremental" in details and ": failed, started" in details
    assert "fetched 0, inserted 0" in details

    bad.fail = None
    bad.gate.set()
    dialog.sync_button.click()  # "Sync this source now": only the ERP runs
    assert [r.source for r in window.sync.reports] == ["erp"]
    assert window.sync.reports[0].status == "succeeded"
    assert "erp: just now" in window.freshness.text()
    assert window.freshness.property("state") == "ok"
    child(window, QToolButton, "sourceStatus_erp").click()
    details = window.findChildren(SourceDetailsDialog)[-1].text.toPlainText()
    assert "succeeded" in details and "fetched 6, inserted 6" in details


def test_freshness_is_reloaded_every_minute_for_a_team_sync_service(
    qtbot: QtBot, context: AppContext
) -> None:
    window = make_window(qtbot, context, SyncOps())
    assert window._refresh_timer.isActive()
    assert window._refresh_timer.interval() == 60_000
    assert "No sources connected yet" in window.freshness.text()
    # another process (agent-desk sync --watch) syncs into the shared store
    from agent_desk.services.sync import sync_engine

    crm = Gated("crm")
    crm.gate.set()
    settings = Settings(sources={"crm": {"type": "scripted"}})
    sync_engine(context.database, settings, cancel=threading.Event(), build=lambda *_a: crm).run()
    window._refresh_timer.timeout.emit()
    assert "crm: just now" in window.freshness.text()
