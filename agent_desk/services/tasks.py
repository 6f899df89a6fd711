"""Follow-up tasks and the agent's "My day" queue.

A task has a title, details, a due time, a priority, an assignee and an optional reminder; it
may belong to a customer, link to the timeline event it came from and to the commitment it
serves (so a follow-up call has substance). An agent completes, snoozes, reassigns
and reopens tasks; every change is audited and guarded by the row's version (see
:mod:`agent_desk.services.audit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import fmt, translate
from agent_desk.identity.decide import agent_id
from agent_desk.services import audit
from agent_desk.services.commitments import find_agent, kind_label
from agent_desk.services.timeline import require_live_customer
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Commitment, Customer, Task, TimelineEvent
from agent_desk.store.types import utcnow
from agent_desk.store.work import PRIORITIES

tasks_t = cast(sa.Table, Task.__table__)
agents_t = cast(sa.Table, Agent.__table__)
customers_t = cast(sa.Table, Customer.__table__)
commitments_t = cast(sa.Table, Commitment.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)

ENTITY = "task"
AGENT, CADENCE = "agent", "cadence"
FIELDS = (
    "customer_id", "title", "details", "due_at", "remind_at", "snoozed_until", "priority",
    "status", "assignee_id", "event_id", "commitment_id", "completed_at",
)  # fmt: skip
PRIORITY_RANK = {p: i for i, p in enumerate(reversed(PRIORITIES))}  # urgent first


def _what(task_id: int) -> str:
    return translate("tasks", "Task #{id}").format(id=task_id)


def insert(
    conn: Connection,
    *,
    actor: str,
    actor_id: int | None,
    title: str,
    customer_id: int | None = None,
    details: str | None = None,
    due_at: datetime | None = None,
    remind_at: datetime | None = None,
    priority: str = "normal",
    assignee_id: int | None = None,
    event_id: int | None = None,
    commitment_id: int | None = None,
    origin: str = AGENT,
    now: datetime,
) -> int:
    """A new open task in the caller's transaction (audited). Returns its id."""
    values: dict[str, Any] = {
        "customer_id": customer_id,
        "title": title,
        "details": details,
        "due_at": due_at,
        "remind_at": remind_at,
        "snoozed_until": None,
        "priority": priority,
        "status": "open",
        "assignee_id": assignee_id,
        "created_by_id": actor_id,
        "event_id": event_id,
        "commitment_id": commitment_id,
        "completed_at": None,
        "origin": origin,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    return audit.create(
        conn, tasks_t, values, entity=ENTITY, fields=FIELDS, actor=actor, actor_id=actor_id,
        now=now,
    )  # fmt: skip


def create(
    db: Database,
    actor: str,
    title: str,
    *,
    customer_id: int | None = None,
    details: str | None = None,
    due_at: datetime | None = None,
    remind_at: datetime | None = None,
    priority: str = "normal",
    assignee: str | None = None,
    event_id: int | None = None,
    commitment_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """A task for ``assignee`` (default: the actor). Returns its id."""
    title = " ".join(title.split())[:300]
    if not title:
        raise AgentDeskError(translate("tasks", "give the task a title (what is to be done)"))
    if priority not in PRIORITIES:
        raise AgentDeskError(
            translate("tasks", "priority is one of {priorities}, not {priority}").format(
                priorities=", ".join(PRIORITIES), priority=repr(priority)
            )
        )
    if due_at is not None and due_at.tzinfo is None:
        raise AgentDeskError(translate("tasks", "the due time needs its time zone"))
    if remind_at is not None and remind_at.tzinfo is None:
        raise AgentDeskError(translate("tasks", "the reminder needs its time zone"))
    now = now or utcnow()
    with db.write() as conn:
        if customer_id is not None:
            require_live_customer(conn, customer_id)
        actor_id = agent_id(conn, actor)
        assignee_id = find_agent(conn, assignee) if assignee else actor_id
        return insert(
            conn,
            actor=actor,
            actor_id=actor_id,
            title=title,
            customer_id=customer_id,
            details=(details or "").strip()[:20_000] or None,
            due_at=due_at,
            remind_at=remind_at,
            priority=priority,
            assignee_id=assignee_id,
            event_id=event_id,
            commitment_id=commitment_id,
            now=now,
        )


def _change(
    db: Database,
    task_id: int,
    version: int | None,
    actor: str,
    action: str,
    values: dict[str, Any],
    now: datetime | None,
) -> None:
    now = now or utcnow()
    with db.write() as conn:
        audit.save(
            conn, tasks_t, task_id, version, values, what=_what(task_id), entity=ENTITY,
            fields=FIELDS, actor=actor, actor_id=agent_id(conn, actor), action=action, now=now,
        )  # fmt: skip


def complete(
    db: Database, task_id: int, version: int | None, actor: str, *, now: datetime | None = None
) -> None:
    now = now or utcnow()
    _change(db, task_id, version, actor, "complete", {"status": "done", "completed_at": now}, now)


def reopen(
    db: Database, task_id: int, version: int | None, actor: str, *, now: datetime | None = None
) -> None:
    values = {"status": "open", "completed_at": None}
    _change(db, task_id, version, actor, "reopen", values, now)


def snooze(
    db: Database,
    task_id: int,
    version: int | None,
    until: datetime,
    actor: str,
    *,
    now: datetime | None = None,
) -> None:
    """Out of the queue until ``until``; its reminder, if any, comes again then."""
    now = now or utcnow()
    if until.tzinfo is None:
        raise AgentDeskError(translate("tasks", "the snooze time needs its time zone"))
    if until <= now:
        raise AgentDeskError(translate("tasks", "snooze to a time that is still ahead"))
    values = {"snoozed_until": until, "reminded_at": None}
    _change(db, task_id, version, actor, "snooze", values, now)


def reassign(
    db: Database,
    task_id: int,
    version: int | None,
    assignee: str,
    actor: str,
    *,
    now: datetime | None = None,
) -> None:
    with db.engine.connect() as conn:
        assignee_id = find_agent(conn, assignee)
    _change(db, task_id, version, actor, "reassign", {"assignee_id": assignee_id}, now)


# -- the queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskView:
    id: int
    version: int
    title: str
    details: str | None
    due_at: datetime | None
    remind_at: datetime | None
    snoozed_until: datetime | None
    priority: str
    status: str
    origin: str
    assignee: str | None
    customer_id: int | None
    customer_name: str | None
    event_id: int | None
    event_title: str | None  # what the task came from
    commitment_id: int | None
    commitment: str | None  # "Refund: €25 for the broken kettle, due Fri 27 Nov"
    completed_at: datetime | None
    bucket: str  # overdue, today, upcoming, someday, snoozed, done

    @property
    def context(self) -> str:
        """What the follow-up is about, in one line: the promise, else the event."""
        return self.commitment or self.event_title or ""


def _bucket(row: Any, now: datetime, tz: tzinfo) -> str:
    if row.status != "open":
        return "done"
    if row.snoozed_until is not None and row.snoozed_until > now:
        return "snoozed"
    if row.due_at is None:
        return "someday"
    if row.due_at < now:
        return "overdue"
    if row.due_at.astimezone(tz).date() == now.astimezone(tz).date():
        return "today"
    return "upcoming"


def _views(conn: Connection, where: Sequence[Any], now: datetime, tz: tzinfo) -> list[TaskView]:
    t, c = tasks_t, commitments_t
    rows = conn.execute(
        sa.select(
            t,
            agents_t.c.display_name.label("assignee_name"),
            customers_t.c.display_name.label("customer_name"),
            events_t.c.title.label("event_title"),
            c.c.kind.label("c_kind"),
            c.c.description.label("c_description"),
            c.c.due_at.label("c_due"),
        )
        .select_from(
            t.outerjoin(agents_t, agents_t.c.id == t.c.assignee_id)
            .outerjoin(customers_t, customers_t.c.id == t.c.customer_id)
            .outerjoin(events_t, events_t.c.id == t.c.event_id)
            .outerjoin(c, c.c.id == t.c.commitment_id)
        )
        .where(*where)
    ).all()
    out = []
    for r in rows:
        promise = None
        if r.commitment_id is not None and r.c_kind is not None:
            promise = translate("tasks", "{kind}: {promise}, due {due}").format(
                kind=kind_label(r.c_kind),
                promise=r.c_description,
                due=fmt().weekday_time(r.c_due, tz),
            )
        out.append(
            TaskView(
                id=r.id,
                version=r.version,
                title=r.title,
                details=r.details,
                due_at=r.due_at,
                remind_at=r.remind_at,
                snoozed_until=r.snoozed_until,
                priority=r.priority,
                status=r.status,
                origin=r.origin,
                assignee=r.assignee_name,
                customer_id=r.customer_id,
                customer_name=r.customer_name,
                event_id=r.event_id,
                event_title=r.event_title,
                commitment_id=r.commitment_id,
                commitment=promise,
                completed_at=r.completed_at,
                bucket=_bucket(r, now, tz),
            )
        )
    return out


ORDER = {"overdue": 0, "today": 1, "upcoming": 2, "someday": 3, "snoozed": 4, "done": 5}


def _sort_key(v: TaskView) -> tuple[int, float, int, int]:
    due = v.due_at.timestamp() if v.due_at else float("inf")
    return (ORDER[v.bucket], due, PRIORITY_RANK.get(v.priority, 9), v.id)


def my_day(
    db: Database,
    agent: str,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    done_since: timedelta = timedelta(hours=12),
) -> list[TaskView]:
    """The agent's open tasks (overdue, due today, upcoming, no date, snoozed) and what was
    done lately, in that order; within a bucket by due time, then priority."""
    now = now or utcnow()
    tz = tz or now.astimezone().tzinfo or now.tzinfo
    assert tz is not None
    t = tasks_t
    with db.engine.connect() as conn:
        me = conn.execute(sa.select(agents_t.c.id).where(agents_t.c.username == agent)).scalar()
        if me is None:
            return []
        views = _views(
            conn,
            [
                t.c.assignee_id == me,
                sa.or_(
                    t.c.status == "open",
                    sa.and_(t.c.status != "open", t.c.completed_at >= now - done_since),
                ),
            ],
            now,
            tz,
        )
    return sorted(views, key=_sort_key)


def of_customer(
    db: Database, customer_id: int, *, now: datetime | None = None, tz: tzinfo | None = None
) -> list[TaskView]:
    now = now or utcnow()
    tz = tz or now.astimezone().tzinfo
    assert tz is not None
    with db.engine.connect() as conn:
        views = _views(conn, [tasks_t.c.customer_id == customer_id], now, tz)
    return sorted(views, key=_sort_key)


def get(db: Database, task_id: int, *, now: datetime | None = None) -> TaskView:
    now = now or utcnow()
    tz = now.astimezone().tzinfo
    assert tz is not None
    with db.engine.connect() as conn:
        found = _views(conn, [tasks_t.c.id == task_id], now, tz)
    if not found:
        raise AgentDeskError(translate("tasks", "Task #{id} does not exist").format(id=task_id))
    return found[0]


def due_reminders(db: Database, agent: str, *, now: datetime | None = None) -> list[TaskView]:
    """The agent's open tasks whose reminder fell due and was not shown yet (not snoozed);
    they are marked as shown, so each reminder is raised once (on one desktop)."""
    now = now or utcnow()
    t = tasks_t
    with db.write() as conn:
        me = conn.execute(sa.select(agents_t.c.id).where(agents_t.c.username == agent)).scalar()
        if me is None:
            return []
        # claimed and marked in one statement: two desktops of one agent raise it once
        ids = list(
            conn.execute(
                t.update()
                .where(
                    t.c.assignee_id == me,
                    t.c.status == "open",
                    t.c.remind_at <= now,
                    t.c.reminded_at.is_(None),
                    sa.or_(t.c.snoozed_until.is_(None), t.c.snoozed_until <= now),
                )
                .values(reminded_at=now)
                .returning(t.c.id)
            ).scalars()
        )
        if not ids:
            return []
        tz = now.astimezone().tzinfo
        assert tz is not None
        return sorted(_views(conn, [t.c.id.in_(ids)], now, tz), key=_sort_key)
