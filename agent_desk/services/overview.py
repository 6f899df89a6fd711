"""What is in the store and how fresh each source is: the status bar, empty states, doctor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
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
COUNT_TEXTS = {
    "fetched": QT_TRANSLATE_NOOP("overview", "fetched {count}"),
    "inserted": QT_TRANSLATE_NOOP("overview", "inserted {count}"),
    "updated": QT_TRANSLATE_NOOP("overview", "updated {count}"),
    "unchanged": QT_TRANSLATE_NOOP("overview", "unchanged {count}"),
    "deleted": QT_TRANSLATE_NOOP("overview", "deleted {count}"),
    "rejected": QT_TRANSLATE_NOOP("overview", "rejected {count}"),
}
RUN_STATUSES = {
    "running": QT_TRANSLATE_NOOP("overview", "running"),
    "succeeded": QT_TRANSLATE_NOOP("overview", "succeeded"),
    "failed": QT_TRANSLATE_NOOP("overview", "failed"),
    "cancelled": QT_TRANSLATE_NOOP("overview", "cancelled"),
}


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
        return translate("overview", "never")
    seconds = max(0, int(((now or utcnow()) - when).total_seconds()))
    if seconds < 60:
        return translate("overview", "just now")
    if seconds < 3600:
        return translate("overview", "{minutes} min ago").format(minutes=seconds // 60)
    if seconds < 86400:
        return translate("overview", "{hours} h ago").format(hours=seconds // 3600)
    return translate("overview", "%n day(s) ago", None, seconds // 86400)


def describe_source(src: SourceFreshness, now: datetime | None = None) -> str:
    """The status-bar text for one source, e.g. "Tickets: 3 min ago" or "ERP: failed 09:12"."""
    if src.syncing_on is not None:
        if src.last_success_at is None:
            return translate("overview", "{name}: syncing now (first sync)").format(name=src.name)
        return translate("overview", "{name}: syncing now (last good {age})").format(
            name=src.name, age=describe_age(src.last_success_at, now)
        )
    if src.state == "never":
        return translate("overview", "{name}: not synced yet").format(name=src.name)
    if src.state == "failed" and src.failed_at is not None:
        return translate("overview", "{name}: failed {time}").format(
            name=src.name, time=fmt().time(src.failed_at)
        )
    return f"{src.name}: {describe_age(src.last_success_at, now)}"


def _when(at: datetime | None) -> str:
    return fmt().date_time(at) if at else translate("overview", "never")


def source_details(src: SourceFreshness, now: datetime | None = None) -> list[str]:
    """What a person sees on asking about one source: state, last error, last run's counts."""
    lines = [describe_source(src, now)]
    if src.configured:
        lines.append(translate("overview", "Type: {type}").format(type=src.source_type))
    else:
        lines.append(
            translate("overview", "Type: {type}, no longer configured").format(type=src.source_type)
        )
    if src.syncing_on is not None:
        lines.append(translate("overview", "Syncing now on {host}").format(host=src.syncing_on))
    lines.append(
        translate("overview", "Last success: {when}").format(when=_when(src.last_success_at))
    )
    lines.append(
        translate("overview", "Last attempt: {when}").format(when=_when(src.last_attempt_at))
    )
    if src.state == "failed" and src.last_error:
        lines.append(translate("overview", "Last error: {error}").format(error=src.last_error))
    run = src.last_run
    if run is None:
        lines.append(translate("overview", "No sync run recorded yet."))
        return lines
    kind = translate("overview", "full") if run.full else translate("overview", "incremental")
    finished = _when(run.finished_at) if run.finished_at else translate("overview", "not yet")
    if run.host:
        text = translate(
            "overview",
            "Last run ({kind} on {host}): {status}, started {started}, finished {finished}",
        )
    else:
        text = translate(
            "overview", "Last run ({kind}): {status}, started {started}, finished {finished}"
        )
    status = RUN_STATUSES.get(run.status)
    lines.append(
        text.format(
            kind=kind,
            host=run.host,
            status=translate("overview", status) if status else run.status,
            started=_when(run.started_at),
            finished=finished,
        )
    )
    lines.append(
        "  "
        + ", ".join(
            translate("overview", COUNT_TEXTS[name]).format(count=fmt().number(run.counts[name]))
            for name in COUNT_NAMES
        )
    )
    if run.last_error and run.last_error != src.last_error:
        lines.append("  " + translate("overview", "error: {error}").format(error=run.last_error))
    return lines
