"""The customer's timeline: every event from every source, newest first, filtered, paged.

Pages are read by keyset (``occurred_at``, ``id``) on the ``(customer_id, occurred_at)`` index,
so the 200th page of a customer with 50,000 events costs what the first one does. Calls and
notes an agent logs are events too (source ``desk``), visible to every agent on the shared
database at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, translate
from agent_desk.identity.decide import agent_id
from agent_desk.services.changes import announce
from agent_desk.services.overview import SourceFreshness, describe_age
from agent_desk.store.database import Database
from agent_desk.store.models import (
    Agent,
    Customer,
    Note,
    RecordKey,
    SourceRecord,
    TimelineEvent,
)
from agent_desk.store.types import utcnow

events_t = cast(sa.Table, TimelineEvent.__table__)
customers_t = cast(sa.Table, Customer.__table__)
records_t = cast(sa.Table, SourceRecord.__table__)
agents_t = cast(sa.Table, Agent.__table__)
notes_t = cast(sa.Table, Note.__table__)

DESK = "desk"  # the source of what agents log in Agent Desk
CATEGORIES = {
    "interaction": QT_TRANSLATE_NOOP("TimelineCategory", "Interactions"),
    "commercial": QT_TRANSLATE_NOOP("TimelineCategory", "Commercial"),
    "change": QT_TRANSLATE_NOOP("TimelineCategory", "Changes"),
}
CALL, NOTE = "call_logged", "note_added"
# a call's outcome as stored (the event's status): shown with translate("CallOutcome", outcome)
OUTCOMES = (
    QT_TRANSLATE_NOOP("CallOutcome", "Resolved"),
    QT_TRANSLATE_NOOP("CallOutcome", "Follow-up needed"),
    QT_TRANSLATE_NOOP("CallOutcome", "Callback promised"),
    QT_TRANSLATE_NOOP("CallOutcome", "Escalated"),
    QT_TRANSLATE_NOOP("CallOutcome", "No answer"),
)
PAGE = 200
# what a person reads for each kind of event the connectors and the desk write
KIND_LABELS = {
    "invoice_issued": QT_TRANSLATE_NOOP("EventKind", "Invoice issued"),
    "credit_note": QT_TRANSLATE_NOOP("EventKind", "Credit note"),
    "payment_received": QT_TRANSLATE_NOOP("EventKind", "Payment received"),
    "contract_started": QT_TRANSLATE_NOOP("EventKind", "Contract started"),
    "order_placed": QT_TRANSLATE_NOOP("EventKind", "Order placed"),
    "order_paid": QT_TRANSLATE_NOOP("EventKind", "Order paid"),
    "order_shipped": QT_TRANSLATE_NOOP("EventKind", "Order shipped"),
    "order_cancelled": QT_TRANSLATE_NOOP("EventKind", "Order cancelled"),
    "order_refunded": QT_TRANSLATE_NOOP("EventKind", "Order refunded"),
    "ticket_opened": QT_TRANSLATE_NOOP("EventKind", "Ticket opened"),
    "ticket_reply": QT_TRANSLATE_NOOP("EventKind", "Ticket reply"),
    "ticket_note": QT_TRANSLATE_NOOP("EventKind", "Ticket note"),
    "ticket_status_changed": QT_TRANSLATE_NOOP("EventKind", "Ticket status changed"),
    "ticket_solved": QT_TRANSLATE_NOOP("EventKind", "Ticket solved"),
    "satisfaction_rated": QT_TRANSLATE_NOOP("EventKind", "Satisfaction rated"),
    "call_logged": QT_TRANSLATE_NOOP("EventKind", "Call logged"),
    "note_added": QT_TRANSLATE_NOOP("EventKind", "Note added"),
    "offer_made": QT_TRANSLATE_NOOP("EventKind", "Offer made"),
    "address_changed": QT_TRANSLATE_NOOP("EventKind", "Address changed"),
}
STALE_AFTER = timedelta(hours=24)


def kind_label(kind: str) -> str:
    """The kind of an event as a person reads it, in their language (a kind this version does
    not know, from a newer connector, as its name with spaces)."""
    label = KIND_LABELS.get(kind)
    return translate("EventKind", label) if label else kind.replace("_", " ").capitalize()


def status_label(status: str | None) -> str:
    """An event's status as a person reads it: a call's outcome (kept in English in the store)
    in their language, a source system's own status as the source wrote it."""
    if status in OUTCOMES:
        return translate("CallOutcome", status)
    return status or ""


@dataclass(frozen=True)
class TimelineFilter:
    """Empty sets mean "all"; ``text`` is searched in title, body and reference."""

    sources: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""


@dataclass(frozen=True)
class TimelineRow:
    id: int
    source: str
    source_type: str
    kind: str
    category: str
    occurred_at: datetime
    title: str
    body: str | None
    amount: Decimal | None
    currency: str | None
    status: str | None
    reference: str | None
    link: str | None

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.occurred_at, self.id)


@dataclass(frozen=True)
class EventDetail:
    row: TimelineRow
    author: str | None
    fields: dict[str, Any] = field(default_factory=dict)  # the source's payload, as sent


_COLUMNS = (
    "id", "source", "source_type", "kind", "category", "occurred_at", "title", "body",
    "amount", "currency", "status", "reference", "link",
)  # fmt: skip


def _where(customer_id: int, flt: TimelineFilter, dialect: str = "postgresql") -> list[Any]:
    clauses: list[Any] = [events_t.c.customer_id == customer_id, events_t.c.deleted_at.is_(None)]
    if flt.sources:
        clauses.append(events_t.c.source.in_(sorted(flt.sources)))
    if flt.categories:
        clauses.append(events_t.c.category.in_(sorted(flt.categories)))
    if flt.kinds:
        clauses.append(events_t.c.kind.in_(sorted(flt.kinds)))
    if flt.since is not None:
        clauses.append(events_t.c.occurred_at >= flt.since)
    if flt.until is not None:
        clauses.append(events_t.c.occurred_at < flt.until)
    text = flt.text.strip().casefold()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # SQLite's lower() folds ASCII only: the store registers casefold() (store/engine.py)
        fold = sa.func.casefold if dialect == "sqlite" else sa.func.lower
        clauses.append(
            sa.or_(
                fold(events_t.c.title).like(pattern, escape="\\"),
                fold(events_t.c.body).like(pattern, escape="\\"),
                fold(events_t.c.reference).like(pattern, escape="\\"),
            )
        )
    return clauses


def page(
    conn: Connection,
    customer_id: int,
    flt: TimelineFilter = TimelineFilter(),
    after: tuple[datetime, int] | None = None,
    limit: int = PAGE,
) -> list[TimelineRow]:
    """Up to ``limit`` events, newest first, older than ``after`` (the last row's key)."""
    clauses = _where(customer_id, flt, conn.dialect.name)
    if after is not None:
        when, last = after
        clauses.append(
            sa.or_(
                events_t.c.occurred_at < when,
                sa.and_(events_t.c.occurred_at == when, events_t.c.id < last),
            )
        )
    rows = conn.execute(
        sa.select(*(events_t.c[c] for c in _COLUMNS))
        .where(*clauses)
        .order_by(events_t.c.occurred_at.desc(), events_t.c.id.desc())
        .limit(limit)
    )
    return [TimelineRow(*row) for row in rows]


@dataclass(frozen=True)
class Story:
    """Events that belong together: an order placed, paid, shipped, refunded, and the ticket
    about it; an invoice and its payment. ``events`` are ids, newest first."""

    key: str
    title: str
    last_at: datetime
    events: tuple[int, ...]


def stories(
    conn: Connection, customer_id: int, flt: TimelineFilter = TimelineFilter()
) -> list[Story]:
    """The customer's events folded into stories, the most recently active first.

    Events of one source with one reference form a story; an event that *mentions* another
    event's business key (a ticket naming order 1004, see ``record_keys``) joins the story of the
    event that owns it. An event without a reference is a story of its own. Reads the customer's
    event heads once (id, time, source, reference: small rows, tens of milliseconds at 50,000
    events); the rows themselves are fetched per page with :func:`rows_by_id`.
    """
    heads = conn.execute(
        sa.select(
            events_t.c.id,
            events_t.c.occurred_at,
            events_t.c.source,
            events_t.c.external_id,
            events_t.c.reference,
            events_t.c.title,
        )
        .where(*_where(customer_id, flt, conn.dialect.name))
        .order_by(events_t.c.occurred_at.desc(), events_t.c.id.desc())
    ).all()
    if not heads:
        return []
    keys_t = cast(sa.Table, RecordKey.__table__)
    mine = events_t.alias("mine")
    owner = events_t.alias("owner")
    owned_keys = keys_t.alias("owned")
    # a mentioned key -> the story of the event owning it (when that event is on this timeline)
    mentions: dict[tuple[str, str], tuple[str, str]] = {}
    for row in conn.execute(
        sa.select(mine.c.source, mine.c.external_id, owner.c.source, owner.c.reference)
        .select_from(
            mine.join(
                keys_t,
                sa.and_(
                    keys_t.c.source == mine.c.source,
                    keys_t.c.event_external_id == mine.c.external_id,
                    keys_t.c.role == "mentions",
                ),
            )
            .join(
                owned_keys, sa.and_(owned_keys.c.key == keys_t.c.key, owned_keys.c.role == "owns")
            )
            .join(
                owner,
                sa.and_(
                    owner.c.source == owned_keys.c.source,
                    owner.c.external_id == owned_keys.c.event_external_id,
                ),
            )
        )
        .where(
            mine.c.customer_id == customer_id,
            owner.c.customer_id == customer_id,
            owner.c.reference.is_not(None),
        )
    ):
        mentions.setdefault((row[0], row[1]), (row[2], row[3]))
    grouped: dict[str, list[Any]] = {}
    for h in heads:
        source, reference = mentions.get((h.source, h.external_id), (h.source, h.reference))
        key = f"{source}:{reference}" if reference else f"event:{h.id}"
        grouped.setdefault(key, []).append(h)  # heads come newest first
    out = []
    for key, members in grouped.items():
        oldest = members[-1]
        title = (
            oldest.title
            if len(members) == 1
            else translate("timeline", "{title} ({count} events)").format(
                title=oldest.title, count=len(members)
            )
        )
        out.append(Story(key, title, members[0].occurred_at, tuple(m.id for m in members)))
    out.sort(key=lambda st: (st.last_at, st.events[0]), reverse=True)
    return out


def rows_by_id(conn: Connection, ids: Sequence[int]) -> dict[int, TimelineRow]:
    found: dict[int, TimelineRow] = {}
    for start in range(0, len(ids), 500):
        for row in conn.execute(
            sa.select(*(events_t.c[c] for c in _COLUMNS)).where(
                events_t.c.id.in_(list(ids[start : start + 500]))
            )
        ):
            found[row.id] = TimelineRow(*row)
    return found


def count(conn: Connection, customer_id: int, flt: TimelineFilter = TimelineFilter()) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(events_t)
            .where(*_where(customer_id, flt, conn.dialect.name))
        ).scalar_one()
    )


def kinds_of(conn: Connection, customer_id: int) -> list[str]:
    """The kinds of event on this customer's timeline (for the kind filter)."""
    return sorted(
        conn.execute(
            sa.select(events_t.c.kind)
            .where(events_t.c.customer_id == customer_id, events_t.c.deleted_at.is_(None))
            .distinct()
        ).scalars()
    )


def sources_of(conn: Connection, customer_id: int) -> list[str]:
    """The sources with events on this customer's timeline (for the source filter)."""
    return sorted(
        conn.execute(
            sa.select(events_t.c.source)
            .where(events_t.c.customer_id == customer_id, events_t.c.deleted_at.is_(None))
            .distinct()
        ).scalars()
    )


def detail(conn: Connection, event_id: int) -> EventDetail | None:
    row = conn.execute(
        sa.select(*(events_t.c[c] for c in _COLUMNS), events_t.c.payload, agents_t.c.display_name)
        .select_from(events_t.outerjoin(agents_t, agents_t.c.id == events_t.c.author_agent_id))
        .where(events_t.c.id == event_id)
    ).first()
    if row is None:
        return None
    payload = row.payload if isinstance(row.payload, dict) else {}
    return EventDetail(TimelineRow(*row[: len(_COLUMNS)]), row.display_name, dict(payload))


def log_interaction(
    db: Database,
    customer_id: int,
    agent_username: str,
    *,
    kind: str,
    reason: str,
    outcome: str | None = None,
    text: str = "",
    alert: bool = False,
    follow_up: str = "",
    follow_up_due: datetime | None = None,
) -> int:
    """A call or a note logged by an agent: on the timeline at once, for every agent. A note
    with ``alert`` also becomes a special-handling alert shown above everything ("hard of
    hearing, speak slowly"). ``follow_up``: the title of a task for the agent, linked to the
    call, saved with it (both or neither)."""
    if kind not in (CALL, NOTE):
        raise AgentDeskError(
            translate("timeline", "an agent logs a call or a note, not {kind}").format(
                kind=repr(kind)
            )
        )
    reason = " ".join(reason.split())[:300]
    text = text.strip()[:20_000]
    if kind == CALL and not reason:
        raise AgentDeskError(translate("timeline", "say what the call was about (the reason)"))
    if kind == NOTE and not (reason or text):
        raise AgentDeskError(translate("timeline", "the note is empty"))
    now = utcnow()
    with db.write() as conn:
        require_live_customer(conn, customer_id)
        agent = agent_id(conn, agent_username)
        if kind == CALL:
            title = translate("timeline", "Call: {reason}").format(reason=reason)
        else:
            title = reason or text.splitlines()[0]
        event_id = insert_desk_event(
            conn, customer_id, kind, title, agent, now,
            body=text or None, status=outcome or None,
            payload={"reason": reason, "outcome": outcome, "logged_by": agent_username},
        )  # fmt: skip
        announce(conn, f"customer:{customer_id}:{kind}")
        if follow_up.strip():
            from agent_desk.services import tasks

            tasks.insert(
                conn,
                actor=agent_username,
                actor_id=agent,
                title=" ".join(follow_up.split())[:300],
                customer_id=customer_id,
                due_at=follow_up_due or now + timedelta(days=1),
                assignee_id=agent,
                event_id=event_id,
                now=now,
            )
        if alert:
            conn.execute(
                notes_t.insert().values(
                    customer_id=customer_id,
                    author_id=agent,
                    kind="special_handling",
                    body=" ".join(x for x in (reason, text) if x)[:2000],
                    pinned=True,
                    internal=True,
                    created_at=now,
                    updated_at=now,
                )
            )
        if kind == CALL:
            conn.execute(
                customers_t.update()
                .where(customers_t.c.id == customer_id)
                .values(last_contact_at=now)
            )
    return int(event_id)


def insert_desk_event(
    conn: Connection,
    customer_id: int,
    kind: str,
    title: str,
    agent: int | None,
    now: datetime,
    **fields: Any,
) -> int:
    """An event logged in Agent Desk (a call, a note, an offer) on the customer's timeline, in
    the caller's transaction; ``fields``: body, status, amount, currency, payload, …"""
    return int(
        conn.execute(
            events_t.insert()
            .values(
                source=DESK,
                source_type=DESK,
                external_id=f"{kind}/{uuid.uuid4()}",
                customer_id=customer_id,
                kind=kind,
                category="interaction",
                occurred_at=now,
                title=title[:500],
                author_agent_id=agent,
                content_hash="",
                created_at=now,
                updated_at=now,
                **fields,
            )
            .returning(events_t.c.id)
        ).scalar_one()
    )


def require_live_customer(conn: Connection, customer_id: int) -> None:
    """An agent's write goes to a customer that exists and was not merged away."""
    row = conn.execute(
        sa.select(customers_t.c.merged_into_id).where(customers_t.c.id == customer_id)
    ).first()
    if row is None:
        raise AgentDeskError(
            translate("timeline", "customer #{id} does not exist").format(id=customer_id)
        )
    if row.merged_into_id is not None:
        raise AgentDeskError(
            translate("timeline", "customer #{id} was merged into #{other}: open that one").format(
                id=customer_id, other=row.merged_into_id
            )
        )


def stale_sources(
    conn: Connection,
    customer_id: int,
    freshness: Sequence[SourceFreshness],
    now: datetime | None = None,
) -> list[str]:
    """One line per source behind this customer that is failing or has not synced for a day."""
    now = now or utcnow()
    behind = set(
        conn.execute(
            sa.select(records_t.c.source).where(records_t.c.customer_id == customer_id).distinct()
        ).scalars()
    )
    lines = []
    for src in freshness:
        if src.name not in behind:
            continue
        good = src.last_success_at
        if src.state == "failed":
            if good:
                text = translate(
                    "timeline",
                    "{source}: failing, last good sync {age}; what you see may be out of date",
                )
            else:
                text = translate(
                    "timeline", "{source}: failing, never synced; what you see may be out of date"
                )
        elif good is None:
            text = translate("timeline", "{source}: never synced; what you see may be out of date")
        elif now - good > STALE_AFTER:
            text = translate(
                "timeline", "{source}: last good sync {age}; what you see may be out of date"
            )
        else:
            continue
        lines.append(text.format(source=src.name, age=describe_age(good, now)))
    return lines
