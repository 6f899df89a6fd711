"""Run the configured sources into the store: page by page, resumable, one source never
stopping another.

For each source: take its lease (:mod:`agent_desk.sync.lease`), open a ``sync_runs`` row, and
read every stream from its bookmark. Each page is written in **one transaction** together with
its bookmark, the run's counters and the lease check, so a process killed at any moment leaves
the store as it was after some whole page, and the next run resumes right after it. Then the
records the run touched go through identity resolution (``resolve``), and the run row gets its
outcome. A source that fails (wrong password, server down, a bug in a connector) is reported
and the next source runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa

from agent_desk.errors import AgentDeskError
from agent_desk.settings import Settings, switched_off
from agent_desk.store.database import Database
from agent_desk.store.models import SyncRun, SyncState
from agent_desk.store.types import utcnow
from agent_desk.sync.lease import HOST, LeaseLost, SourceBusy, SourceLease
from agent_desk.sync.writer import MAX_REJECTIONS_KEPT, Counts, PageWriter
from connectors.base import Cancelled, Connector, ConnectorError, Page

log = logging.getLogger(__name__)
runs_t = cast(sa.Table, SyncRun.__table__)
state_t = cast(sa.Table, SyncState.__table__)

SUCCEEDED, FAILED, CANCELLED, BUSY = "succeeded", "failed", "cancelled", "busy"


@dataclass
class SourceReport:
    """What one run did for one source (also stored as its ``sync_runs`` row)."""

    source: str
    status: str = "running"
    counts: Counts = field(default_factory=Counts)
    rejections: list[dict[str, str]] = field(default_factory=list)
    streams: dict[str, dict[str, int]] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    duration: float = 0.0
    last_error: str | None = None
    run_id: int | None = None
    resolved: str | None = None  # identity resolution's one-line summary


@dataclass(frozen=True)
class Progress:
    """Reported after every committed page (and once when a source starts and ends)."""

    source: str
    stream: str | None
    counts: Counts
    pages: int
    done: bool = False
    status: str | None = None


ConnectorBuilder = Callable[[Settings, str, threading.Event, contextlib.ExitStack], Connector]
Resolver = Callable[[Database], str | None]


def _default_builder(
    settings: Settings, name: str, cancel: threading.Event, stack: contextlib.ExitStack
) -> Connector:
    from agent_desk.services.sources import build_connector

    return build_connector(settings, name, cancel=cancel, stack=stack)


class SyncEngine:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        build: ConnectorBuilder | None = None,
        resolve: Resolver | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[Progress], None] | None = None,
        lease_seconds: float = 120.0,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.settings = settings
        self.build = build or _default_builder
        self.resolve = resolve
        self.cancel = cancel or threading.Event()
        self.progress = progress
        self.lease_seconds = lease_seconds
        self.now = now

    def sources(self, only: Sequence[str] | None = None) -> list[str]:
        configured = sorted(self.settings.sources)
        if not only:
            return configured
        unknown = [n for n in only if n not in self.settings.sources]
        if unknown and (off := switched_off(self.settings, unknown[0])):
            raise off
        if unknown:
            known = ", ".join(configured) or "none configured"
            raise AgentDeskError(f"no source named '{unknown[0]}' (configured: {known})")
        return list(dict.fromkeys(only))

    def run(self, only: Sequence[str] | None = None, *, full: bool = False) -> list[SourceReport]:
        reports = []
        for name in self.sources(only):
            if self.cancel.is_set():
                break
            reports.append(self.run_source(name, full=full))
        return reports

    # -- one source ---------------------------------------------------------------------------
    def run_source(self, name: str, *, full: bool = False) -> SourceReport:
        report = SourceReport(name)
        lease = SourceLease(self.db, name, seconds=self.lease_seconds, now=self.now)
        try:
            lease.acquire()
        except SourceBusy as exc:
            report.status, report.last_error = BUSY, str(exc)
            self._tell(Progress(name, None, report.counts, 0, done=True, status=BUSY))
            return report
        try:
            self._start_run(report, full)
            self._tell(Progress(name, None, report.counts, 0))
            try:
                self._read(name, report, lease, full)
                report.status = CANCELLED if self.cancel.is_set() else SUCCEEDED
            except Cancelled:
                report.status = CANCELLED
            except (ConnectorError, AgentDeskError) as exc:
                report.status, report.last_error = FAILED, str(exc)
            except Exception as exc:  # a bug in a connector must not stop the other sources
                log.exception("sync of %s failed", name)
                report.status = FAILED
                report.last_error = f"{name}: unexpected error ({type(exc).__name__}: {exc})"
            if self.resolve is not None and not lease.lost:
                try:
                    report.resolved = self.resolve(self.db)
                except Exception as exc:
                    log.exception("identity resolution after %s failed", name)
                    report.status = FAILED
                    report.last_error = f"identity resolution failed: {exc}"
            self._finish_run(report)
        finally:
            lease.release()
        self._tell(Progress(name, None, report.counts, 0, done=True, status=report.status))
        return report

    def _read(self, name: str, report: SourceReport, lease: SourceLease, full: bool) -> None:
        with contextlib.ExitStack() as stack:  # whatever the connector needs while it runs
            connector = self.build(self.settings, name, self.cancel, stack)
            self._read_streams(connector, name, report, lease, full)

    def _read_streams(
        self, connector: Connector, name: str, report: SourceReport, lease: SourceLease, full: bool
    ) -> None:
        writer = PageWriter(
            name,
            connector.type_name,
            default_region=self.settings.default_region,
            now=self.now,
        )
        pages = 0
        for stream in connector.streams():
            if self.cancel.is_set():
                return
            stream_counts = Counts()
            report.streams[stream] = stream_counts.as_dict()
            bookmark = None if full else self._bookmark(name, stream)
            try:
                for page in connector.pages(stream, bookmark):
                    if lease.lost:
                        raise LeaseLost(f"{name}: another process took over this sync")
                    counts = self._commit(writer, lease, report, stream, page)
                    stream_counts.add(counts)
                    report.streams[stream] = stream_counts.as_dict()
                    pages += 1
                    self._tell(Progress(name, stream, report.counts, pages))
            except (ConnectorError, AgentDeskError) as exc:
                self._stream_failed(name, stream, str(exc))
                message = str(exc)
                if not message.startswith(f"{name}:"):
                    message = f"{name}: {message}"
                raise AgentDeskError(f"{message} (stream {stream})") from exc
            if self.cancel.is_set():
                return  # stopped part-way: not a success of this stream
            self._stream_succeeded(name, stream)

    def _commit(
        self, writer: PageWriter, lease: SourceLease, report: SourceReport, stream: str, page: Page
    ) -> Counts:
        for rejection in page.rejections:
            log.info(
                "%s/%s rejected %s: %s", writer.source, stream, rejection.location, rejection.reason
            )
        with self.db.write() as conn:
            lease.confirm(conn)
            counts = writer.write(conn, page)
            writer.save_bookmark(conn, stream, dict(page.bookmark))
            kept = [
                {"stream": stream, "where": r.location, "reason": r.reason} for r in page.rejections
            ]
            room = MAX_REJECTIONS_KEPT - len(report.rejections)
            rejections = report.rejections + kept[: max(0, room)]
            total = Counts(**report.counts.as_dict())
            total.add(counts)
            streams = dict(report.streams)
            merged = Counts(**streams.get(stream, {}))
            merged.add(counts)
            streams[stream] = merged.as_dict()
            conn.execute(
                runs_t.update()
                .where(runs_t.c.id == report.run_id)
                .values(**total.as_dict(), rejections=rejections, details={"streams": streams})
            )
        # only once the transaction is committed does the report count the page
        report.counts = total
        report.rejections = rejections
        return counts

    # -- bookkeeping --------------------------------------------------------------------------
    def _tell(self, event: Progress) -> None:
        if self.progress is not None:
            self.progress(event)

    def _bookmark(self, source: str, stream: str) -> dict[str, Any] | None:
        with self.db.engine.connect() as conn:
            mark = conn.execute(
                sa.select(state_t.c.bookmark).where(
                    state_t.c.source == source, state_t.c.stream == stream
                )
            ).scalar()
        return dict(mark) if mark else None

    def _start_run(self, report: SourceReport, full: bool) -> None:
        now = self.now()
        with self.db.write() as conn:
            # we hold the lease: a run still "running" is one whose process died
            conn.execute(
                runs_t.update()
                .where(runs_t.c.source == report.source, runs_t.c.status == "running")
                .values(
                    status=FAILED,
                    finished_at=now,
                    last_error="interrupted: the process stopped before the run finished "
                    "(the next run resumed from the last saved page)",
                )
            )
            report.run_id = conn.execute(
                runs_t.insert()
                .values(
                    source=report.source,
                    started_at=now,
                    status="running",
                    full=full,
                    host=f"{HOST} {os.getpid()}"[:200],
                    rejections=[],
                    details={},
                )
                .returning(runs_t.c.id)
            ).scalar_one()

    def _finish_run(self, report: SourceReport) -> None:
        report.duration = time.monotonic() - report.started
        details = {"streams": report.streams, "duration": round(report.duration, 3)}
        if report.resolved:
            details["resolved"] = report.resolved
        with self.db.write() as conn:
            conn.execute(
                runs_t.update()
                .where(runs_t.c.id == report.run_id)
                .values(
                    status=report.status,
                    finished_at=self.now(),
                    last_error=report.last_error,
                    details=details,
                )
            )

    def _stream_succeeded(self, source: str, stream: str) -> None:
        now = self.now()
        with self.db.write() as conn:
            done = conn.execute(
                state_t.update()
                .where(state_t.c.source == source, state_t.c.stream == stream)
                .values(last_success_at=now, last_attempt_at=now, last_error=None, updated_at=now)
            )
            if not done.rowcount:  # a stream with no page at all still succeeded
                conn.execute(
                    state_t.insert().values(
                        source=source,
                        stream=stream,
                        bookmark={},
                        last_success_at=now,
                        last_attempt_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                )

    def _stream_failed(self, source: str, stream: str, message: str) -> None:
        now = self.now()
        try:
            with self.db.write() as conn:
                done = conn.execute(
                    state_t.update()
                    .where(state_t.c.source == source, state_t.c.stream == stream)
                    .values(last_attempt_at=now, last_error=message, updated_at=now)
                )
                if not done.rowcount:
                    conn.execute(
                        state_t.insert().values(
                            source=source,
                            stream=stream,
                            bookmark={},
                            last_attempt_at=now,
                            last_error=message,
                            created_at=now,
                            updated_at=now,
                        )
                    )
        except Exception:
            log.warning("could not record the failure of %s/%s", source, stream, exc_info=True)
