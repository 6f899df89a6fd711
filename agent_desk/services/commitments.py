"""Commitments: promises made to a customer, kept, broken or renegotiated, never lost.

A commitment has a kind, a description, a due time, an owner and the channel the customer
wants to be told on. Its stored ``state`` is open, kept, broken or cancelled; what an agent
sees (:func:`status_of`) also says *overdue* (open, past due) and *kept late*.

The clock and the syncs move commitments on their own, in :func:`review`:

- **evidence**: a commitment may expect a source event (a refund on order #1042, a shipment of
  it, ticket 311 solved). When that event arrives through a sync, for the same customer and
  after the promise was made, the commitment is kept, with the event as evidence (kept late
  when the event came after the due time, even after it was marked broken);
- **broken**: an open commitment past its due time by more than the grace period;
- **cadence**: an open commitment with ``update_every_days`` gets a "tell the customer where
  things stand" task for its owner every N days until it is kept.

Every change goes into the commitment's history (state and date changes, with the reason) and
the audit log (who, when, before, after). A save names the version it edited and is refused
with :class:`~agent_desk.services.audit.Conflict` when another desktop saved first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.identity.decide import agent_id
from agent_desk.services import audit
from agent_desk.services.timeline import require_live_customer
from agent_desk.store.database import Database
from agent_desk.store.models import (
    Agent,
    Commitment,
    CommitmentChange,
    Customer,
    Task,
    TimelineEvent,
)
from agent_desk.store.people import CHANNELS
from agent_desk.store.types import utcnow
from agent_desk.store.work import COMMITMENT_KINDS

commitments_t = cast(sa.Table, Commitment.__table__)
history_t = cast(sa.Table, CommitmentChange.__table__)
customers_t = cast(sa.Table, Customer.__table__)
agents_t = cast(sa.Table, Agent.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)
tasks_t = cast(sa.Table, Task.__table__)

ENTITY = "commitment"
REVIEW_LOCK = 0x6164_7276  # pg_advisory_xact_lock key of the review ("adrv")
DEFAULT_GRACE = timedelta(hours=24)
FIELDS = (
    "customer_id", "kind", "description", "due_at", "owner_id", "channel", "state",
    "expected_event_kind", "expected_reference", "evidence_event_id", "update_every_days",
    "closed_at", "evidence_after_id",
)  # fmt: skip
KIND_LABELS = {
    "call_back": QT_TRANSLATE_NOOP("CommitmentKind", "Call back"),
    "refund": QT_TRANSLATE_NOOP("CommitmentKind", "Refund"),
    "replacement": QT_TRANSLATE_NOOP("CommitmentKind", "Replacement"),
    "credit": QT_TRANSLATE_NOOP("CommitmentKind", "Credit"),
    "visit": QT_TRANSLATE_NOOP("CommitmentKind", "Visit"),
    "status_update": QT_TRANSLATE_NOOP("CommitmentKind", "Status update"),
    "other": QT_TRANSLATE_NOOP("CommitmentKind", "Other"),
}
# the source events that prove a promise kept, as the connectors name them
EVIDENCE_KINDS = {
    "order_refunded": QT_TRANSLATE_NOOP("EvidenceKind", "a refund on order {ref}"),
    "order_shipped": QT_TRANSLATE_NOOP("EvidenceKind", "a shipment of order {ref}"),
    "order_cancelled": QT_TRANSLATE_NOOP("EvidenceKind", "the cancellation of order {ref}"),
    "ticket_solved": QT_TRANSLATE_NOOP("EvidenceKind", "ticket {ref} solved"),
    "credit_note": QT_TRANSLATE_NOOP("EvidenceKind", "a credit note on {ref}"),
    "payment_received": QT_TRANSLATE_NOOP("EvidenceKind", "a payment on {ref}"),
}
# what a kind of promise usually waits for (the dialog's suggestion)
EVIDENCE_FOR_KIND = {
    "refund": "order_refunded",
    "replacement": "order_shipped",
    "credit": "credit_note",
    "status_update": "ticket_solved",
}


@dataclass(frozen=True)
class Expectation:
    """The source event that keeps a commitment: its kind and reference (order or ticket)."""

    kind: str
    reference: str

    def describe(self) -> str:
        text = EVIDENCE_KINDS.get(self.kind)
        return (
            translate("EvidenceKind", text).format(ref=self.reference)
            if text
            else f"{self.kind} {self.reference}"
        )


def status_of(state: str, due_at: datetime, closed_at: datetime | None, now: datetime) -> str:
    """open, overdue, kept, kept late, broken or cancelled."""
    if state == "open":
        return "overdue" if due_at <= now else "open"
    if state == "kept" and closed_at is not None and closed_at > due_at:
        return "kept late"
    return state


# what a person reads for each status_of() value and each task priority (stored in English)
STATUS_LABELS = {
    "open": QT_TRANSLATE_NOOP("CommitmentStatus", "open"),
    "overdue": QT_TRANSLATE_NOOP("CommitmentStatus", "overdue"),
    "kept": QT_TRANSLATE_NOOP("CommitmentStatus", "kept"),
    "kept late": QT_TRANSLATE_NOOP("CommitmentStatus", "kept late"),
    "broken": QT_TRANSLATE_NOOP("CommitmentStatus", "broken"),
    "cancelled": QT_TRANSLATE_NOOP("CommitmentStatus", "cancelled"),
}
PRIORITY_LABELS = {
    "low": QT_TRANSLATE_NOOP("TaskPriority", "low"),
    "normal": QT_TRANSLATE_NOOP("TaskPriority", "normal"),
    "high": QT_TRANSLATE_NOOP("TaskPriority", "high"),
    "urgent": QT_TRANSLATE_NOOP("TaskPriority", "urgent"),
}


def status_label(status: str) -> str:
    """A commitment's status (or state) in the user's language."""
    label = STATUS_LABELS.get(status)
    return translate("CommitmentStatus", label) if label else status


def priority_label(priority: str) -> str:
    """A task's priority in the user's language."""
    label = PRIORITY_LABELS.get(priority)
    return translate("TaskPriority", label) if label else priority


def age_bucket(due_at: datetime, now: datetime) -> str:
    """How late a promise is: not due, due today (under a day), 1–2 days late, 3–7, older
    (the lead view's SQL says the same: :func:`agent_desk.services.team._bucket_case`)."""
    late = now - due_at
    if late <= timedelta(0):
        return "not due"
    if late < timedelta(days=1):
        return "due today"
    if late < timedelta(days=3):
        return "1–2 days late"
    if late < timedelta(days=7):
        return "3–7 days late"
    return "older"


@dataclass(frozen=True)
class CommitmentView:
    id: int
    version: int
    customer_id: int
    customer_name: str
    kind: str
    description: str
    due_at: datetime
    owner: str | None  # display name
    owner_username: str | None
    channel: str | None
    state: str
    status: str
    expected: Expectation | None
    evidence_event_id: int | None
    update_every_days: int | None
    created_at: datetime
    closed_at: datetime | None
    team: str | None = None
    value_tier: str | None = None

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "customer": self.customer_name,
            "kind": self.kind,
            "description": self.description,
            "due_at": self.due_at.isoformat(),
            "owner": self.owner_username,
            "channel": self.channel,
            "state": self.state,
            "status": self.status,
            "expects": self.expected.describe() if self.expected else None,
            "evidence_event_id": self.evidence_event_id,
            "update_every_days": self.update_every_days,
            "created_at": self.created_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "version": self.version,
        }


def kind_label(kind: str) -> str:
    """The kind of a commitment as a person reads it, in their language."""
    label = KIND_LABELS.get(kind)
    return translate("CommitmentKind", label) if label else kind


def _what(commitment_id: int) -> str:
    return translate("commitments", "Commitment #{id}").format(id=commitment_id)


def find_agent(conn: Connection, name: str) -> int:
    """An existing agent by user name or display name (case-insensitive)."""
    wanted = name.strip().casefold()
    for row in conn.execute(sa.select(agents_t.c.id, agents_t.c.username, agents_t.c.display_name)):
        if wanted in (row.username.casefold(), (row.display_name or "").casefold()):
            return int(row.id)
    raise AgentDeskError(
        translate("commitments", "there is no agent called {name}").format(name=repr(name))
    )


def agent_names(conn: Connection) -> list[str]:
    """The user names of the active agents (whom work can be given to)."""
    return list(
        conn.execute(
            sa.select(agents_t.c.username)
            .where(agents_t.c.active.is_(True))
            .order_by(agents_t.c.username)
        ).scalars()
    )


def _username(conn: Connection, agent: int | None) -> str | None:
    if agent is None:
        return None
    name = conn.execute(sa.select(agents_t.c.username).where(agents_t.c.id == agent)).scalar()
    return str(name) if name is not None else None


def _validate(kind: str, description: str, channel: str | None, every: int | None) -> str:
    if kind not in COMMITMENT_KINDS:
        raise AgentDeskError(
            translate(
                "commitments", "unknown kind of commitment {kind}: use one of {kinds}"
            ).format(kind=repr(kind), kinds=", ".join(COMMITMENT_KINDS))
        )
    if channel is not None and channel not in CHANNELS:
        raise AgentDeskError(
            translate("commitments", "unknown channel {channel}: use one of {channels}").format(
                channel=repr(channel), channels=", ".join(CHANNELS)
            )
        )
    if every is not None and not 1 <= every <= 90:
        raise AgentDeskError(translate("commitments", "an update cadence is between 1 and 90 days"))
    text = " ".join(description.split())
    if not text:
        raise AgentDeskError(
            translate("commitments", "say what was promised (the description is empty)")
        )
    return text[:1000]


def create(
    db: Database,
    customer_id: int,
    actor: str,
    *,
    kind: str,
    description: str,
    due_at: datetime,
    owner: str | None = None,
    channel: str | None = None,
    expected: Expectation | None = None,
    update_every_days: int | None = None,
    source_event_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """A new open commitment (owner: the actor unless named). Returns its id."""
    text = _validate(kind, description, channel, update_every_days)
    if due_at.tzinfo is None:
        raise AgentDeskError(translate("commitments", "a due time needs its time zone"))
    now = now or utcnow()
    with db.write() as conn:
        require_live_customer(conn, customer_id)
        actor_id = agent_id(conn, actor)
        owner_id = find_agent(conn, owner) if owner else actor_id
        values = {
            "customer_id": customer_id,
            "kind": kind,
            "description": text,
            "due_at": due_at,
            "owner_id": owner_id,
            "created_by_id": actor_id,
            "channel": channel,
            "state": "open",
            "expected_event_kind": expected.kind if expected else None,
            "expected_reference": expected.reference.strip()[:120] if expected else None,
            "update_every_days": update_every_days,
            "source_event_id": source_event_id,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        new_id = audit.create(
            conn, commitments_t, values, entity=ENTITY, fields=FIELDS, actor=actor,
            actor_id=actor_id, now=now,
        )  # fmt: skip
        conn.execute(
            history_t.insert().values(
                commitment_id=new_id,
                actor_agent_id=actor_id,
                old_state=None,
                new_state="open",
                old_due_at=None,
                new_due_at=due_at,
                reason=translate("commitments", "promised"),
                created_at=now,
            )
        )
        # the customer's header shows it at once (an open copy sees a new version)
        conn.execute(
            customers_t.update()
            .where(customers_t.c.id == customer_id)
            .values(version=customers_t.c.version + 1)
        )
    return new_id


def _change(
    conn: Connection,
    commitment_id: int,
    version: int | None,
    actor: str,
    actor_id: int | None,
    action: str,
    values: dict[str, Any],
    now: datetime,
    reason: str | None = None,
    still: Callable[[Any], bool] | None = None,
) -> bool:
    """Change one commitment under its row lock; ``still``: the clock's condition, checked
    again on the locked row (an agent may have changed it since the review read it).
    Returns whether it changed."""

    def owners_by_name(before: dict[str, Any], after: dict[str, Any]) -> None:
        if after["owner_id"] != before["owner_id"]:  # the trail names people, not ids
            before["owner"] = _username(conn, before["owner_id"])
            after["owner"] = _username(conn, after["owner_id"])

    row = audit.save(
        conn, commitments_t, commitment_id, version, values, what=_what(commitment_id),
        entity=ENTITY, fields=FIELDS, actor=actor, actor_id=actor_id, action=action, now=now,
        still=still, annotate=owners_by_name,
    )  # fmt: skip
    if row is None:
        return False
    new_state = values.get("state", row.state)
    new_due = values.get("due_at", row.due_at)
    if new_state != row.state or new_due != row.due_at:
        conn.execute(
            history_t.insert().values(
                commitment_id=commitment_id,
                actor_agent_id=actor_id,
                old_state=row.state,
                new_state=new_state,
                old_due_at=row.due_at,
                new_due_at=new_due,
                reason=(reason or action)[:1000],
                created_at=now,
            )
        )
    conn.execute(
        customers_t.update()
        .where(customers_t.c.id == row.customer_id)
        .values(version=customers_t.c.version + 1)
    )
    if row.state == "open" and new_state != "open":
        _close_update_tasks(conn, commitment_id, actor, actor_id, now)
    return True


def _close_update_tasks(
    conn: Connection, commitment_id: int, actor: str, actor_id: int | None, now: datetime
) -> None:
    """A promise no longer open needs no more status updates: its open update task goes."""
    from agent_desk.services import tasks

    t = tasks_t
    for task_id in conn.execute(
        sa.select(t.c.id).where(
            t.c.commitment_id == commitment_id, t.c.origin == tasks.CADENCE, t.c.status == "open"
        )
    ).scalars():
        audit.save(
            conn, t, task_id, None, {"status": "cancelled", "completed_at": now},
            what=translate("commitments", "Task #{id}").format(id=task_id), entity=tasks.ENTITY,
            fields=tasks.FIELDS, actor=actor, actor_id=actor_id, action="cancel", now=now,
        )  # fmt: skip


def set_state(
    db: Database,
    commitment_id: int,
    version: int | None,
    state: str,
    actor: str,
    *,
    reason: str | None = None,
    now: datetime | None = None,
) -> None:
    """Kept, cancelled (with a reason), broken, or open again (reopened)."""
    if state not in ("open", "kept", "broken", "cancelled"):
        raise AgentDeskError(
            translate(
                "commitments", "a commitment is open, kept, broken or cancelled, not {state}"
            ).format(state=repr(state))
        )
    if state == "cancelled" and not (reason or "").strip():
        raise AgentDeskError(
            translate("commitments", "say why the commitment is cancelled (the customer will ask)")
        )
    now = now or utcnow()
    with db.write() as conn:
        actor_id = agent_id(conn, actor)
        values: dict[str, Any] = {"state": state, "closed_at": None if state == "open" else now}
        if state == "open":  # what was evidence so far is not: only later events count
            values["evidence_event_id"] = None
            values["evidence_after_id"] = conn.execute(
                sa.select(sa.func.max(events_t.c.id))
            ).scalar()
        action = {"open": "reopen", "kept": "keep", "broken": "break", "cancelled": "cancel"}
        _change(conn, commitment_id, version, actor, actor_id, action[state], values, now, reason)


def renegotiate(
    db: Database,
    commitment_id: int,
    version: int | None,
    due_at: datetime,
    reason: str,
    actor: str,
    *,
    now: datetime | None = None,
) -> None:
    """A new due time agreed with the customer; the old one stays in the history with the
    reason. A broken commitment renegotiated is open again."""
    if not reason.strip():
        raise AgentDeskError(
            translate(
                "commitments", "say why the date moves (it stays in the commitment's history)"
            )
        )
    if due_at.tzinfo is None:
        raise AgentDeskError(translate("commitments", "a due time needs its time zone"))
    now = now or utcnow()
    with db.write() as conn:
        actor_id = agent_id(conn, actor)
        row = audit.locked_row(
            conn, commitments_t, commitment_id, version, _what(commitment_id), ENTITY
        )
        if row.state == "kept":
            raise AgentDeskError(
                translate("commitments", "Commitment #{id} is kept: reopen it first").format(
                    id=commitment_id
                )
            )
        if row.state == "cancelled":
            raise AgentDeskError(
                translate("commitments", "Commitment #{id} is cancelled: reopen it first").format(
                    id=commitment_id
                )
            )
        values = {"due_at": due_at, "state": "open", "closed_at": None}
        _change(
            conn, commitment_id, row.version, actor, actor_id, "renegotiate", values, now, reason
        )


def reassign(
    db: Database,
    items: Sequence[tuple[int, int | None]],
    owner: str,
    actor: str,
    *,
    now: datetime | None = None,
) -> int:
    """Give the commitments ``items`` ((id, version it was read at) each) to ``owner``, all or
    none (a team lead's bulk action). Returns how many changed hands."""
    now = now or utcnow()
    changed = 0
    with db.write() as conn:
        actor_id = agent_id(conn, actor)
        owner_id = find_agent(conn, owner)
        for commitment_id, version in items:
            row = audit.locked_row(
                conn, commitments_t, commitment_id, version, _what(commitment_id), ENTITY
            )
            if row.owner_id == owner_id:
                continue
            _change(
                conn,
                commitment_id,
                row.version,
                actor,
                actor_id,
                "reassign",
                {"owner_id": owner_id},
                now,
            )
            changed += 1
    return changed


# -- the clock and the syncs ----------------------------------------------------------------------


@dataclass
class ReviewReport:
    kept: list[int] = field(default_factory=list)
    broken: list[int] = field(default_factory=list)
    update_tasks: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.kept or self.broken or self.update_tasks)

    def __str__(self) -> str:
        return translate(
            "ReviewReport",
            "{kept} kept by synced evidence, {broken} broken, {tasks} status-update tasks",
        ).format(kept=len(self.kept), broken=len(self.broken), tasks=len(self.update_tasks))


def review(
    db: Database, *, now: datetime | None = None, grace: timedelta = DEFAULT_GRACE
) -> ReviewReport:
    """Keep commitments whose evidence was synced, break those past due by more than
    ``grace``, and create the status-update tasks that are due. Safe to run at any time and
    from several desktops (each change is made once, under the row's version)."""
    now = now or utcnow()
    report = ReviewReport()
    with db.write() as conn:
        if conn.dialect.name == "postgresql":  # one review at a time (SQLite: the write lock)
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(REVIEW_LOCK)))
        _keep_from_evidence(conn, now, report)
        _break_overdue(conn, now, grace, report)
        _cadence(conn, now, report)
    return report


def reference_variants(reference: str) -> list[str]:
    """A reference as the agent may type it and as sources write it: "#1004" and "1004" are
    one order."""
    bare = reference.strip().lstrip("#").strip()
    return sorted({reference.strip(), bare, f"#{bare}"} - {"", "#"})


def _keep_from_evidence(conn: Connection, now: datetime, report: ReviewReport) -> None:
    """One indexed look-up per promise that waits for evidence (by reference)."""
    c, e = commitments_t, events_t
    waiting = conn.execute(
        sa.select(
            c.c.id, c.c.customer_id, c.c.expected_event_kind, c.c.expected_reference,
            c.c.created_at, c.c.evidence_after_id,
        )
        .where(c.c.state.in_(("open", "broken")), c.c.expected_reference.is_not(None))
        .order_by(c.c.due_at, c.c.id)
    ).all()  # fmt: skip
    if not waiting:
        return
    used = set(
        conn.execute(
            sa.select(c.c.evidence_event_id).where(c.c.evidence_event_id.is_not(None))
        ).scalars()
    )  # one event proves one promise: two refunds promised need two refunds
    for row in waiting:
        candidates = conn.execute(
            sa.select(e.c.id, e.c.title, e.c.occurred_at)
            .where(
                e.c.reference.in_(reference_variants(row.expected_reference)),
                e.c.kind == row.expected_event_kind,
                e.c.customer_id == row.customer_id,
                e.c.deleted_at.is_(None),
                e.c.occurred_at >= row.created_at,
                e.c.id > (row.evidence_after_id or 0),
            )
            .order_by(e.c.occurred_at, e.c.id)
        ).all()
        event = next((x for x in candidates if x.id not in used), None)
        if event is None:
            continue
        if _change(
            conn,
            row.id,
            None,
            f"{audit.SYSTEM}:sync",
            None,
            "keep",
            {"state": "kept", "closed_at": event.occurred_at, "evidence_event_id": event.id},
            now,
            translate("commitments", "kept: {event}").format(event=event.title),
            still=lambda r: r.state in ("open", "broken"),
        ):
            used.add(event.id)
            report.kept.append(row.id)


def _break_overdue(conn: Connection, now: datetime, grace: timedelta, report: ReviewReport) -> None:
    c = commitments_t
    rows = conn.execute(
        sa.select(c.c.id, c.c.version).where(c.c.state == "open", c.c.due_at < now - grace)
    ).all()
    for row in rows:
        if _change(
            conn,
            row.id,
            None,
            audit.SYSTEM,
            None,
            "break",
            {"state": "broken", "closed_at": now},
            now,
            translate("commitments", "not kept within {span} of the due time").format(
                span=_describe(grace)
            ),
            still=lambda r: r.state == "open" and r.due_at < now - grace,
        ):
            report.broken.append(row.id)


def _describe(span: timedelta) -> str:
    hours = span / timedelta(hours=1)
    if hours >= 24 and hours % 24 == 0:
        return translate("commitments", "%n day(s)", None, int(hours // 24))
    if hours.is_integer():
        return translate("commitments", "%n hour(s)", None, int(hours))
    decimals = f"{hours:g}".partition(".")[2]
    return translate("commitments", "{hours} hours").format(
        hours=fmt().number(hours, len(decimals))
    )


def _cadence(conn: Connection, now: datetime, report: ReviewReport) -> None:
    from agent_desk.services import tasks  # tasks import this module's helpers

    c, t = commitments_t, tasks_t
    # the customer was last told when the last update task was done (or skipped)
    last_update = (
        sa.select(sa.func.max(t.c.completed_at))
        .where(t.c.commitment_id == c.c.id, t.c.origin == tasks.CADENCE, t.c.status != "open")
        .scalar_subquery()
    )
    open_update = (
        sa.select(t.c.id)
        .where(t.c.commitment_id == c.c.id, t.c.origin == tasks.CADENCE, t.c.status == "open")
        .exists()
    )
    rows = conn.execute(
        sa.select(
            c.c.id,
            c.c.customer_id,
            c.c.description,
            c.c.owner_id,
            c.c.channel,
            c.c.created_at,
            c.c.update_every_days,
            last_update.label("last_update"),
        ).where(c.c.state == "open", c.c.update_every_days.is_not(None), ~open_update)
    ).all()
    for row in rows:
        since = row.last_update or row.created_at
        if now < since + timedelta(days=row.update_every_days):
            continue
        if row.channel:
            title = translate("commitments", "Update the customer by {channel}: {promise}")
        else:
            title = translate("commitments", "Update the customer: {promise}")
        details = translate(
            "commitments",
            "Commitment #{id} asks for an update every {days} day(s) until it is kept. Tell the "
            "customer where things stand.",
        )
        report.update_tasks.append(
            tasks.insert(
                conn,
                actor=audit.SYSTEM,
                actor_id=None,
                customer_id=row.customer_id,
                title=title.format(channel=row.channel, promise=row.description)[:300],
                details=details.format(id=row.id, days=row.update_every_days),
                due_at=now,
                assignee_id=row.owner_id,
                commitment_id=row.id,
                origin=tasks.CADENCE,
                now=now,
            )
        )


# -- reading ----------------------------------------------------------------------------------


def _views(
    conn: Connection, where: Iterable[Any], now: datetime, limit: int | None = None
) -> list[CommitmentView]:
    c = commitments_t
    rows = conn.execute(
        sa.select(
            c,
            customers_t.c.display_name.label("customer_name"),
            customers_t.c.value_tier,
            agents_t.c.display_name.label("owner_name"),
            agents_t.c.username.label("owner_username"),
            agents_t.c.team,
        )
        .select_from(
            c.join(customers_t, customers_t.c.id == c.c.customer_id).outerjoin(
                agents_t, agents_t.c.id == c.c.owner_id
            )
        )
        .where(*where)
        .order_by(c.c.due_at, c.c.id)
        .limit(limit)
    ).all()
    return [
        CommitmentView(
            id=r.id,
            version=r.version,
            customer_id=r.customer_id,
            customer_name=r.customer_name,
            kind=r.kind,
            description=r.description,
            due_at=r.due_at,
            owner=r.owner_name,
            owner_username=r.owner_username,
            channel=r.channel,
            state=r.state,
            status=status_of(r.state, r.due_at, r.closed_at, now),
            expected=(
                Expectation(r.expected_event_kind, r.expected_reference)
                if r.expected_event_kind and r.expected_reference
                else None
            ),
            evidence_event_id=r.evidence_event_id,
            update_every_days=r.update_every_days,
            created_at=r.created_at,
            closed_at=r.closed_at,
            team=r.team,
            value_tier=r.value_tier,
        )
        for r in rows
    ]


def of_customer(
    db: Database, customer_id: int, *, now: datetime | None = None, closed: bool = True
) -> list[CommitmentView]:
    """The customer's commitments, by due time (open ones only unless ``closed``)."""
    where = [commitments_t.c.customer_id == customer_id]
    if not closed:
        where.append(commitments_t.c.state == "open")
    with db.engine.connect() as conn:
        return _views(conn, where, now or utcnow())


def get(db: Database, commitment_id: int, *, now: datetime | None = None) -> CommitmentView:
    with db.engine.connect() as conn:
        found = _views(conn, [commitments_t.c.id == commitment_id], now or utcnow())
    if not found:
        raise AgentDeskError(
            translate("commitments", "Commitment #{id} does not exist").format(id=commitment_id)
        )
    return found[0]


def listing(
    db: Database,
    *,
    now: datetime | None = None,
    overdue: bool = False,
    agent: str | None = None,
    states: Sequence[str] = ("open",),
) -> list[CommitmentView]:
    """Commitments in ``states`` (``overdue``: open and past due, and broken), optionally of
    one agent (user or display name): ``agent-desk commitments list``."""
    now = now or utcnow()
    c = commitments_t
    with db.engine.connect() as conn:
        where: list[Any] = []
        if overdue:
            where.append(
                sa.or_(sa.and_(c.c.state == "open", c.c.due_at <= now), c.c.state == "broken")
            )
        else:
            where.append(c.c.state.in_(list(states)))
        if agent:
            where.append(c.c.owner_id == find_agent(conn, agent))
        return _views(conn, where, now)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    old_state: str | None
    new_state: str | None
    old_due_at: datetime | None
    new_due_at: datetime | None
    reason: str | None


def history(db: Database, commitment_id: int) -> list[HistoryLine]:
    """States and dates the commitment went through, with who and why, oldest first."""
    h = history_t
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(h, agents_t.c.display_name)
            .select_from(h.outerjoin(agents_t, agents_t.c.id == h.c.actor_agent_id))
            .where(h.c.commitment_id == commitment_id)
            .order_by(h.c.id)
        ).all()
    return [
        HistoryLine(
            r.created_at,
            r.display_name or audit.SYSTEM,
            r.old_state,
            r.new_state,
            r.old_due_at,
            r.new_due_at,
            r.reason,
        )
        for r in rows
    ]
