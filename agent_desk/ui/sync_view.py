"""Sync from the desktop: the runner on the long-jobs pool, its progress in the status bar
with a Stop button, and the report of the last run.

The engine calls back on its worker thread after every committed page; :class:`SyncRunner`
re-emits that as the ``progressed`` signal, which Qt queues to the GUI thread. Nothing here
touches a widget from the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.services.sync import sync_engine
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.sync.engine import (
    BUSY,
    CANCELLED,
    FAILED,
    SUCCEEDED,
    ConnectorBuilder,
    Progress,
    SourceReport,
)
from agent_desk.sync.report import render
from agent_desk.ui.ops import Ops

# what a person reads for the status of a source's run
STATUS_LABELS = {
    SUCCEEDED: QT_TRANSLATE_NOOP("sync_view", "succeeded"),
    FAILED: QT_TRANSLATE_NOOP("sync_view", "failed"),
    CANCELLED: QT_TRANSLATE_NOOP("sync_view", "cancelled"),
    BUSY: QT_TRANSLATE_NOOP("sync_view", "busy"),
}


def status_label(status: str | None) -> str:
    """The status of a run in the user's language (one this version does not know: as is)."""
    label = STATUS_LABELS.get(status or "")
    return translate("sync_view", label) if label else str(status)


class SyncRunner(QObject):
    """Runs one sync at a time; ``cancel()`` stops it after the current page."""

    started = Signal(int)  # how many sources will run
    progressed = Signal(object)  # Progress, on the GUI thread
    finished = Signal(object)  # list[SourceReport]
    failed = Signal(object)  # the exception that stopped the whole run

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.build: ConnectorBuilder | None = None  # None: the configured connectors
        self.cancel_event: threading.Event | None = None
        self.full = False
        self.finished_at: datetime | None = None
        self.reports: list[SourceReport] = []

    @property
    def running(self) -> bool:
        return self.cancel_event is not None

    def start(
        self,
        db: Database,
        settings: Settings,
        *,
        full: bool = False,
        only: Sequence[str] | None = None,
    ) -> bool:
        """Start a sync in the background; False if one is already running."""
        if self.running:
            return False
        cancel = self.cancel_event = threading.Event()
        self.full = full
        # emitted on the worker thread: Qt queues it to this object's (the GUI) thread
        engine = sync_engine(
            db, settings, cancel=cancel, progress=self.progressed.emit, build=self.build
        )
        sources = engine.sources(only)
        self.started.emit(len(sources))
        self.ops.long(lambda: engine.run(sources, full=full), self._done, self._failed)
        return True

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()

    def _done(self, reports: list[SourceReport]) -> None:
        self.cancel_event = None
        self.reports = reports
        self.finished_at = datetime.now().astimezone()
        self.finished.emit(reports)

    def _failed(self, exc: BaseException) -> None:
        self.cancel_event = None
        self.failed.emit(exc)


def summary(reports: list[SourceReport]) -> str:
    """One line for the status bar: "Sync finished: erp succeeded, shop failed"."""
    if not reports:
        return translate("sync_view", "Sync stopped before any source ran.")
    parts = ", ".join(f"{r.source} {status_label(r.status)}" for r in reports)
    if any(r.status == CANCELLED for r in reports):
        text = translate(
            "sync_view", "Sync stopped: {sources}. Details: Sync report (Ctrl+Shift+F5)."
        )
    elif any(r.status == FAILED for r in reports):
        text = translate(
            "sync_view",
            "Sync finished with failures: {sources}. Details: Sync report (Ctrl+Shift+F5).",
        )
    else:
        text = translate(
            "sync_view", "Sync finished: {sources}. Details: Sync report (Ctrl+Shift+F5)."
        )
    return text.format(sources=parts)


class SyncProgress(QWidget):
    """Status-bar progress: source · stream · records so far, and Stop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProgress")
        self.setAccessibleName(translate("SyncProgress", "Sync progress"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("syncProgressText")
        self.bar = QProgressBar()
        self.bar.setObjectName("syncProgressBar")
        self.bar.setAccessibleName(translate("SyncProgress", "Sources done"))
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        self.stop = QPushButton(translate("SyncProgress", "Stop"))
        self.stop.setObjectName("syncCancel")
        self.stop.setAccessibleName(translate("SyncProgress", "Stop the sync"))
        self.stop.setToolTip(
            translate(
                "SyncProgress", "Stop after the page being read now (Shift+F5); nothing is lost"
            )
        )
        for widget in (self.text, self.bar, self.stop):
            layout.addWidget(widget)
        self.total = 0
        self.done = 0
        self.hide()

    def begin(self, sources: int) -> None:
        self.total, self.done = sources, 0
        self.bar.setRange(0, max(sources, 1))
        self.bar.setValue(0)
        self.stop.setEnabled(True)
        self.stop.setText(translate("SyncProgress", "Stop"))
        self._say(translate("SyncProgress", "Sync starting…"))
        self.show()

    @Slot(object)
    def update_progress(self, event: Progress) -> None:
        if event.done:
            self.done += 1
            self.bar.setValue(self.done)
            self._say(f"{event.source}: {status_label(event.status)}")
        elif event.stream is None:
            self._say(
                translate("SyncProgress", "{source}: connecting…").format(source=event.source)
            )
        else:
            self._say(
                translate(
                    "SyncProgress", "{source} · {stream}: {records} records (page {page})"
                ).format(
                    source=event.source,
                    stream=event.stream,
                    records=fmt().number(event.counts.fetched),
                    page=fmt().number(event.pages),
                )
            )

    def stopping(self) -> None:
        self.stop.setEnabled(False)
        self.stop.setText(translate("SyncProgress", "Stopping…"))
        self._say(
            translate("SyncProgress", "{progress}  — stopping after this page").format(
                progress=self.text.text()
            )
        )

    def _say(self, text: str) -> None:
        position = f"[{min(self.done + 1, self.total)}/{self.total}] " if self.total else ""
        self.text.setText(position + text)
        self.setAccessibleDescription(text)


class SyncReportDialog(QDialog):
    """The report of the last sync, one block per source (as ``agent-desk sync`` prints it)."""

    def __init__(self, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncReport")
        self.setAccessibleName(translate("SyncReportDialog", "Sync report"))
        self.setWindowTitle(translate("SyncReportDialog", "Sync report"))
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit()
        self.text.setObjectName("syncReportText")
        self.text.setAccessibleName(translate("SyncReportDialog", "Sync report"))
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_report(runner)

    def show_report(self, runner: SyncRunner) -> None:
        if runner.finished_at is None:
            self.text.setPlainText(
                translate(
                    "SyncReportDialog",
                    "No sync has run from this window yet. Press F5 to sync now; the status bar "
                    "shows when each source last synced (a team sync service may sync for you).",
                )
            )
            return
        if runner.full:
            head = translate("SyncReportDialog", "Sync (full) finished {when}")
        else:
            head = translate("SyncReportDialog", "Sync (incremental) finished {when}")
        when = fmt().date_time(runner.finished_at, seconds=True)
        lines = [head.format(when=when), ""]
        for report in runner.reports:
            lines += render(report)
            lines.append("")
        if not runner.reports:
            lines.append(
                translate("SyncReportDialog", "No source ran (stopped before the first one).")
            )
        self.text.setPlainText("\n".join(lines))
