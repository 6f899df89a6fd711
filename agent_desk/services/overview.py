"""What is in the store and how fresh each source is: the status bar, empty states, doctor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.store.models import (
    Commitment,
    Customer,
    SyncLease,
    SyncRun,
    SyncState,
    Task,
    TimelineEvent,
)
from agent_desk.store.types import utcnow

COUNT_NAMES = ("fetched", "inserted", "updated", "unchanged", "deleted", "rejected")


@dataclass(frozen=True)
class LastRun:
    """The newest ``sync_runs`` row of a source (by this desktop or a team sync service)."""

    status: str
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]
    last_error: str | None
    host: str | None
    full: bool

    @property
    def ended_at(self) -> datetime:
        return self.finished_at or self.started_at


@dataclass(frozen=True)
class SourceFreshness:
    name: str
    source_type: str
    configured: bool
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None
    last_run: LastRun | None = None
    syncing_on: str | None = None  # the host holding a live sync lease on the source right now

    @property
    def _run_failed(self) -> bool:
        """The newest run failed after the last success (e.g. the connector could not even
        start, so no stream recorded an attempt)."""
        run = self.last_run
        return (
            run is not None
            and run.status == "failed"
            and (self.last_success_at is None or run.ended_at > self.last_success_at)
        )

    @property
    def failed_at(self) -> datetime | None:
        run = self.last_run
        if (
            run is not None
            and self._run_failed
            and (self.last_attempt_at is None or run.ended_at > self.last_attempt_at)
        ):
            return run.ended_at
        return self.last_attempt_at

    @property
    def state(self) -> str:
        """``never`` synced, ``ok``, or ``failed`` (the latest attempt did not succeed)."""
        if self._run_failed:
            return "failed"
        if self.last_attempt_at is None and self.last_success_at is None:
            return "never"
        if self.last_error and (
            self.last_success_at is None
            or (self.last_attempt_at is not None and self.last_attempt_at > self.last_success_at)
        ):
            return "failed"
        return "ok"


@dataclass(frozen=True)
class StoreOverview:
    customers: int
    events: int
    open_tasks: int
    open_commitments: int
    sources: list[SourceFreshness]

    @property
    def empty(self) -> bool:
        return self.customers == 0 and self.events == 0


# rows of sync_state that are the app's own bookmarks, not sources: the rebuild's crash flag and
# the cross-sell mining's fingerprint
INTERNAL_STATE = ("identity", "cross_sell")


def source_freshness(
    session: Session, configured: dict[str, dict[str, Any]]
) -> list[SourceFreshness]:
    """One line per source: every configured one, plus any the store has synced before."""
    rows = session.execute(
        select(
            SyncState.source,
            func.max(SyncState.last_success_at),
            func.max(SyncState.last_attempt_at),
        )
        .where(SyncState.source.not_in(INTERNAL_STATE))
        .group_by(SyncState.source)
    ).all()
    seen = {name: (ok, attempt) for name, ok, attempt in rows}
    errors = dict(
        session.execute(
            select(SyncState.source, SyncState.last_error)
            .where(SyncState.last_error.is_not(None))
            .order_by(SyncState.last_attempt_at)
        ).all()
    )  # ordered, so the newest error of each source wins
    runs = last_runs(session)
    now = utcnow()
    syncing = dict(
        session.execute(
            select(SyncLease.source, SyncLease.host).where(SyncLease.expires_at > now)
        ).all()
    )
    names = sorted(set(configured) | set(seen) | set(runs))
    out = []
    for name in names:
        run = runs.get(name)
        error = errors.get(name)
        if error is None and run is not None and run.status == "failed":
            error = run.last_error
        out.append(
            SourceFreshness(
                name=name,
                source_type=str(configured.get(name, {}).get("type", "unknown")),
                configured=name in configured,
                last_success_at=seen.get(name, (None, None))[0],
                last_attempt_at=seen.get(name, (None, None))[1],
                last_error=error,
                last_run=run,
                syncing_on=syncing.get(name),
            )
        )
    return out


def last_runs(session: Session) -> dict[str, LastRun]:
    """The newest run of every source that ever ran (one indexed query)."""
    newest = select(func.max(SyncRun.id).label("id")).group_by(SyncRun.source).subquery("newest")
    rows = session.scalars(select(SyncRun).join(newest, newest.c.id == SyncRun.id)).all()
    return {
        run.source: LastRun(
            status=run.status,
            started_at=run.started_at,
            finished_at=run.finished_at,
            counts={name: int(getattr(run, name) or 0) for name in COUNT_NAMES},
            last_error=run.last_error,
            host=run.host,
            full=bool(run.full),
        )
        for run in rows
    }


def store_overview(session: Session, configured: dict[str, dict[str, Any]]) -> StoreOverview:
    def count(stmt: Any) -> int:
        return int(session.execute(stmt).scalar_one())

    return StoreOverview(
        customers=count(
            select(func.count()).select_from(Customer).where(Customer.merged_into_id.is_(None))
        ),
        events=count(
            select(func.count())
            .select_from(TimelineEvent)
            .where(TimelineEvent.deleted_at.is_(None))
        ),
        open_tasks=count(select(func.count()).select_from(Task).where(Task.status == "open")),
        open_commitments=count(
            select(func.count()).select_from(Commitment).where(Commitment.state == "open")
        ),
        sources=source_freshness(session, configured),
    )


def describe_age(when: datetime | None, now: datetime | None = None) -> str:
    """A short age for people: "just now", "3 min ago", "2 h ago", "5 days ago"."""
    if when is None:
        return "never"
    seconds = max(0, int(((now or utcnow()) - when).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return "1 day ago" if days == 1 else f"{days} days ago"


def describe_source(src: SourceFreshness, now: datetime | None = None) -> str:
    """The status-bar text for one source, e.g. "Tickets: 3 min ago" or "ERP: failed 09:12"."""
    if src.syncing_on is not None:
        before = (
            "first sync"
            if src.last_success_at is None
            else f"last good {describe_age(src.last_success_at, now)}"
        )
        return f"{src.name}: syncing now ({before})"
    if src.state == "never":
        return f"{src.name}: not synced yet"
    if src.state == "failed" and src.failed_at is not None:
        return f"{src.name}: failed {src.failed_at.astimezone().strftime('%H:%M')}"
    return f"{src.name}: {describe_age(src.last_success_at, now)}"


def _when(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else "never"


def source_details(src: SourceFreshness, now: datetime | None = None) -> list[str]:
    """What a person sees on asking about one source: state, last error, last run's counts."""
    lines = [describe_source(src, now)]
    kind = src.source_type if src.configured else f"{src.source_type}, no longer configured"
    lines.append(f"Type: {kind}")
    if src.syncing_on is not None:
        lines.append(f"Syncing now on {src.syncing_on}")
    lines.append(f"Last success: {_when(src.last_success_at)}")
    lines.append(f"Last attempt: {_when(src.last_attempt_at)}")
    if src.state == "failed" and src.last_error:
        lines.append(f"Last error: {src.last_error}")
    run = src.last_run
    if run is None:
        lines.append("No sync run recorded yet.")
        return lines
    kind = "full" if run.full else "incremental"
    by = f" on {run.host}" if run.host else ""
    lines.append(
        f"Last run ({kind}{by}): {run.status}, started {_when(run.started_at)}, "
        f"finished {_when(run.finished_at) if run.finished_at else 'not yet'}"
    )
    lines.append("  " + ", ".join(f"{name} {run.counts[name]:,}" for name in COUNT_NAMES))
    if run.last_error and run.last_error != src.last_error:
        lines.append(f"  error: {run.last_error}")
    return lines
