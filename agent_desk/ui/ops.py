"""The one way to do background work in the GUI.

``ops.run(work, on_done, on_error)`` runs ``work()`` on a thread pool and calls ``on_done`` with
its result (or ``on_error`` with the exception) on the GUI thread. Work returns plain data, never
ORM objects bound to a session and never widgets. Writes go through ``ops.write``, a pool with a
single thread, so they never race each other (SQLite has one writer anyway). Long jobs that
commit in many small transactions of their own (a sync) go through ``ops.long``, a third
one-thread pool, so a sync of several minutes never queues an agent's quick writes. Tests use
:class:`SyncOps`, which runs everything at once on the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry a worker's outcome back to it."""

    finished = Signal(object, object)  # callback, result
    failed = Signal(object, object)  # callback, exception

    @Slot(object, object)
    def _call(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


class _Job(QRunnable):
    def __init__(
        self, work: Callable[[], Any], relay: _Relay, on_done: Done, on_error: Failed
    ) -> None:
        super().__init__()
        self.work, self.relay, self.on_done, self.on_error = work, relay, on_done, on_error

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self.relay.failed.emit(self.on_error, exc)
        else:
            self.relay.finished.emit(self.on_done, result)


def _log_error(exc: BaseException) -> None:
    log.error("background work failed", exc_info=exc)


class Ops:
    def __init__(self, parent: QObject | None = None) -> None:
        self._relay = _Relay(parent)
        self._relay.finished.connect(self._relay._call)
        self._relay.failed.connect(self._relay._call)
        self.reads = QThreadPool(parent)
        self.reads.setMaxThreadCount(4)
        self.writes = QThreadPool(parent)
        self.writes.setMaxThreadCount(1)
        self.long_jobs = QThreadPool(parent)
        self.long_jobs.setMaxThreadCount(1)

    def run(self, work: Callable[[], Any], on_done: Done, on_error: Failed = _log_error) -> None:
        self.reads.start(_Job(work, self._relay, on_done, on_error))

    def write(self, work: Callable[[], Any], on_done: Done, on_error: Failed = _log_error) -> None:
        self.writes.start(_Job(work, self._relay, on_done, on_error))

    def long(self, work: Callable[[], Any], on_done: Done, on_error: Failed = _log_error) -> None:
        """A job of minutes that commits as it goes (a sync); one at a time."""
        self.long_jobs.start(_Job(work, self._relay, on_done, on_error))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until all work is done (shutdown and tests only)."""
        return (
            self.reads.waitForDone(msecs)
            and self.writes.waitForDone(msecs)
            and self.long_jobs.waitForDone(msecs)
        )


class SyncOps(Ops):
    """Runs work immediately on the calling thread: deterministic GUI tests."""

    def run(self, work: Callable[[], Any], on_done: Done, on_error: Failed = _log_error) -> None:
        try:
            result = work()
        except Exception as exc:
            on_error(exc)
        else:
            on_done(result)

    write = run
    long = run
