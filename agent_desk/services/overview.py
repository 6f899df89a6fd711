"""What is in the store and how fresh each source is: the status bar, empty states, doctor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent_desk.store.models import Commitment, Customer, SyncState, Task, TimelineEvent
from agent_desk.store.types import utcnow


@dataclass(frozen=True)
class SourceFreshness:
    name: str
    source_type: str
    configured: bool
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None

    @property
    def state(self) -> str:
        """``never`` synced, ``ok``, or ``failed`` (the latest attempt did not succeed)."""
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


def source_freshness(
    session: Session, configured: dict[str, dict[str, Any]]
) -> list[SourceFreshness]:
    """One line per source: every configured one, plus any the store has synced before."""
    rows = session.execute(
        select(
            SyncState.source,
            func.max(SyncState.last_success_at),
            func.max(SyncState.last_attempt_at),
        ).group_by(SyncState.source)
    ).all()
    seen = {name: (ok, attempt) for name, ok, attempt in rows}
    errors = dict(
        session.execute(
            select(SyncState.source, SyncState.last_error)
            .where(SyncState.last_error.is_not(None))
            .order_by(SyncState.last_attempt_at)
        ).all()
    )  # ordered, so the newest error of each source wins
    names = sorted(set(configured) | set(seen))
    return [
        SourceFreshness(
            name=name,
            source_type=str(configured.get(name, {}).get("type", "unknown")),
            configured=name in configured,
            last_success_at=seen.get(name, (None, None))[0],
            last_attempt_at=seen.get(name, (None, None))[1],
            last_error=errors.get(name),
        )
        for name in names
    ]


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
    if src.state == "never":
        return f"{src.name}: not synced yet"
    if src.state == "failed" and src.last_attempt_at is not None:
        return f"{src.name}: failed {src.last_attempt_at.astimezone().strftime('%H:%M')}"
    return f"{src.name}: {describe_age(src.last_success_at, now)}"
