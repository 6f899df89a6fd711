"""The customer 360 header: who the customer is to us, read from the timeline and the store.

- **ids** in every source, each with the link back to that system;
- **value**: lifetime revenue (invoices and orders, less credit notes, refunds, cancelled
  invoices and voided orders) in the customer's main currency, and the value tier it gives;
- **lifecycle stage** from the purchase cadence: ``new`` (one purchase, recent), ``active``,
  ``loyal`` (five purchases or more over a year or longer, and still buying), ``lapsing`` (no
  purchase for longer than usual), ``lost`` (no purchase for much longer than usual);
- **defection risk** with its reasons: an open complaint, a broken or overdue promise, several
  contacts in seven days about one thing, purchases stopping, a bad satisfaction rating;
- **contact preferences** per channel (editable through :func:`set_preferences`, audited);
- open tickets, open and overdue commitments, and **last time**: the last contact's reason and
  outcome, so the customer never has to repeat it.

Everything is computed when the customer is opened, from indexed reads of one customer's rows
(a few milliseconds even for thousands of events); nothing here can go stale.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.identity.decide import agent_id
from agent_desk.services.changes import announce
from agent_desk.services.overview import describe_age
from agent_desk.services.timeline import require_live_customer
from agent_desk.store.database import Database
from agent_desk.store.models import (
    Agent,
    AuditEntry,
    Commitment,
    ContactPreference,
    Customer,
    SourceRecord,
    TimelineEvent,
)
from agent_desk.store.people import CHANNELS
from agent_desk.store.types import utcnow

events_t = cast(sa.Table, TimelineEvent.__table__)
records_t = cast(sa.Table, SourceRecord.__table__)
commitments_t = cast(sa.Table, Commitment.__table__)
prefs_t = cast(sa.Table, ContactPreference.__table__)
customers_t = cast(sa.Table, Customer.__table__)
agents_t = cast(sa.Table, Agent.__table__)
audit_t = cast(sa.Table, AuditEntry.__table__)

# revenue: what the customer bought, less what went back
PURCHASES = {"invoice_issued": ("cancelled",), "order_placed": ("voided",)}
RETURNS = ("credit_note", "order_refunded")
# tiers by lifetime revenue in the customer's main currency
TIERS: tuple[tuple[str, Decimal], ...] = (
    ("platinum", Decimal(20_000)),
    ("gold", Decimal(5_000)),
    ("silver", Decimal(1_000)),
    ("bronze", Decimal("0.01")),
)
OPEN_TICKET = ("new", "open", "pending", "hold")
CONTACTS = ("ticket_opened", "call_logged", "ticket_reply", "chat_started", "email_received")
REPEAT_WINDOW = timedelta(days=7)
REPEAT_CONTACTS = 3
BAD_RATING_WINDOW = timedelta(days=180)
BROKEN_WINDOW = timedelta(days=90)  # a promise broken this recently still needs repair
INTERACTIONS = 500  # the newest interactions read for the header
CHANNEL_NAMES = {
    "phone": QT_TRANSLATE_NOOP("ContactChannel", "phone"),
    "email": QT_TRANSLATE_NOOP("ContactChannel", "e-mail"),
    "sms": QT_TRANSLATE_NOOP("ContactChannel", "SMS"),
    "post": QT_TRANSLATE_NOOP("ContactChannel", "post"),
    "chat": QT_TRANSLATE_NOOP("ContactChannel", "chat"),
}


@dataclass(frozen=True)
class SourceId:
    source: str
    entity: str
    external_id: str
    link: str | None


@dataclass(frozen=True)
class Preference:
    channel: str
    opted_out: bool
    preferred: bool
    note: str | None = None


@dataclass(frozen=True)
class Profile:
    customer_id: int
    ids: list[SourceId]
    revenue: Decimal | None
    currency: str | None
    other_currencies: list[str]
    tier: str | None
    purchases: int
    last_purchase_at: datetime | None
    stage: str | None
    stage_reason: str
    risk: str  # "low", "medium", "high"
    risk_reasons: list[str]
    preferences: list[Preference]
    open_tickets: int
    open_commitments: int
    overdue_commitments: int
    last_time: str | None
    contact_summary: str = field(default="")


def tier_for(revenue: Decimal | None) -> str | None:
    if revenue is None:
        return None
    for name, floor in TIERS:
        if revenue >= floor:
            return name
    return None


def _main_revenue(rows: Iterable[Any]) -> tuple[Decimal | None, str | None, list[str]]:
    """Revenue in the customer's main currency (the one most purchases were in), that currency,
    and the others. Rows have kind, currency, status, amount and, when grouped, a count ``n``."""
    by_currency: dict[str, Decimal] = defaultdict(Decimal)
    counts: Counter[str] = Counter()
    for r in rows:
        if r.amount is None:
            continue
        currency = r.currency or ""
        if r.kind in PURCHASES and r.status not in PURCHASES[r.kind]:
            by_currency[currency] += Decimal(r.amount)
            counts[currency] += int(getattr(r, "n", 1))
        elif r.kind in RETURNS:
            by_currency[currency] -= abs(Decimal(r.amount))
    if not counts:
        return None, None, []
    main = counts.most_common(1)[0][0]
    return by_currency[main], main or None, sorted(c for c in by_currency if c != main and c)


def _purchase_dates(rows: Iterable[Any]) -> list[datetime]:
    return sorted(
        r.occurred_at
        for r in rows
        if r.amount is not None and r.kind in PURCHASES and r.status not in PURCHASES[r.kind]
    )


def tiers(conn: Connection, customer_ids: Sequence[int]) -> dict[int, str | None]:
    """The value tier of each customer (for search hits): one grouped query."""
    if not customer_ids:
        return {}
    rows: dict[int, list[Any]] = defaultdict(list)
    for r in conn.execute(
        sa.select(
            events_t.c.customer_id,
            events_t.c.kind,
            events_t.c.currency,
            events_t.c.status,
            sa.func.sum(events_t.c.amount).label("amount"),
            sa.func.count().label("n"),
        )
        .where(
            events_t.c.customer_id.in_(list(customer_ids)),
            events_t.c.deleted_at.is_(None),
            events_t.c.kind.in_([*PURCHASES, *RETURNS]),
            events_t.c.amount.is_not(None),
        )
        .group_by(events_t.c.customer_id, events_t.c.kind, events_t.c.currency, events_t.c.status)
    ):
        rows[r.customer_id].append(r)
    return {cid: tier_for(_main_revenue(rows.get(cid, ()))[0]) for cid in customer_ids}


def lifecycle(dates: Sequence[datetime], now: datetime) -> tuple[str | None, str]:
    """The stage from purchase dates (oldest first) and why."""
    if not dates:
        return None, translate("profile", "no purchases yet")
    since = now - dates[-1]
    days = since.days
    if len(dates) == 1:
        if since <= timedelta(days=90):
            return "new", translate("profile", "first purchase {days} days ago").format(days=days)
        usual = timedelta(days=120)  # one purchase says little: a year without is "lost"
    else:
        gaps = [(b - a).total_seconds() / 86400 for a, b in itertools.pairwise(dates)]
        usual = timedelta(days=max(30.0, statistics.median(gaps)))
    if since > max(timedelta(days=120), 1.5 * usual):
        stage = "lost" if since > max(timedelta(days=365), 3 * usual) else "lapsing"
        return stage, translate(
            "profile", "no purchase for {days} days (usually every {usual} days)"
        ).format(days=days, usual=usual.days)
    if len(dates) >= 5 and dates[-1] - dates[0] >= timedelta(days=365):
        return "loyal", translate("profile", "{count} purchases since {since}").format(
            count=len(dates), since=fmt().month_year(dates[0])
        )
    return "active", translate("profile", "last purchase {days} days ago").format(days=days)


def profile(conn: Connection, customer_id: int, now: datetime | None = None) -> Profile:
    now = now or utcnow()
    ids = [
        SourceId(r.source, r.entity, r.external_id, r.link)
        for r in conn.execute(
            sa.select(
                records_t.c.source, records_t.c.entity, records_t.c.external_id, records_t.c.link
            )
            .where(records_t.c.customer_id == customer_id, records_t.c.deleted_at.is_(None))
            .order_by(records_t.c.source, records_t.c.external_id)
        )
    ]
    commercial = conn.execute(
        sa.select(
            events_t.c.kind,
            events_t.c.amount,
            events_t.c.currency,
            events_t.c.status,
            events_t.c.occurred_at,
        ).where(
            events_t.c.customer_id == customer_id,
            events_t.c.deleted_at.is_(None),
            events_t.c.kind.in_([*PURCHASES, *RETURNS]),
        )
    ).all()
    revenue, currency, others = _main_revenue(commercial)
    dates = _purchase_dates(commercial)
    stage, stage_reason = lifecycle(dates, now)
    interactions = interactions_of(conn, customer_id)
    promises = promises_of(conn, customer_id)
    prefs = [
        Preference(p.channel, bool(p.opted_out), bool(p.preferred), p.note)
        for p in conn.execute(
            sa.select(prefs_t.c.channel, prefs_t.c.opted_out, prefs_t.c.preferred, prefs_t.c.note)
            .where(prefs_t.c.customer_id == customer_id)
            .order_by(prefs_t.c.channel)
        )
    ]
    open_tickets = [r for r in interactions if _open_ticket(r)]
    open_promises = [p for p in promises if p.state == "open"]
    overdue = [p for p in open_promises if p.due_at < now]
    reasons = unhappy(interactions, promises, now)
    if stage in ("lapsing", "lost"):
        reasons.append(
            translate("profile", "purchases stopping: {reason}").format(reason=stage_reason)
        )
    risk = "high" if len(reasons) >= 2 else "medium" if reasons else "low"
    return Profile(
        customer_id=customer_id,
        ids=ids,
        revenue=revenue,
        currency=currency,
        other_currencies=others,
        tier=tier_for(revenue),
        purchases=len(dates),
        last_purchase_at=dates[-1] if dates else None,
        stage=stage,
        stage_reason=stage_reason,
        risk=risk,
        risk_reasons=reasons,
        preferences=prefs,
        open_tickets=len(open_tickets),
        open_commitments=len(open_promises),
        overdue_commitments=len(overdue),
        last_time=_last_time(interactions, now),
        contact_summary=contact_summary(prefs),
    )


def interactions_of(conn: Connection, customer_id: int) -> list[Any]:
    """The customer's newest interactions (calls, tickets, ratings, …), newest first."""
    return list(
        conn.execute(
            sa.select(
                events_t.c.id,
                events_t.c.kind,
                events_t.c.status,
                events_t.c.title,
                events_t.c.reference,
                events_t.c.occurred_at,
                events_t.c.payload,
            )
            .where(
                events_t.c.customer_id == customer_id,
                events_t.c.deleted_at.is_(None),
                events_t.c.category == "interaction",
            )
            .order_by(events_t.c.occurred_at.desc(), events_t.c.id.desc())
            .limit(INTERACTIONS)
        )
    )


def promises_of(conn: Connection, customer_id: int) -> list[Any]:
    return list(
        conn.execute(
            sa.select(
                commitments_t.c.state, commitments_t.c.due_at, commitments_t.c.description
            ).where(commitments_t.c.customer_id == customer_id)
        )
    )


def _open_ticket(r: Any) -> bool:
    return bool(r.kind == "ticket_opened" and (r.status or "").lower() in OPEN_TICKET)


def unhappy(interactions: Sequence[Any], promises: Sequence[Any], now: datetime) -> list[str]:
    """What the customer has reason to be unhappy about now: open complaints (tickets; Freshdesk
    says "Open"), a promise broken in the last 90 days or overdue, three contacts in seven days
    about one thing, a bad rating in the last 180 days. The header's risk reasons, and what
    holds back every offer (:mod:`agent_desk.services.suggest`). ``interactions``: the newest
    first (kind, status, title, reference, occurred_at); ``promises``: state, due_at,
    description."""
    reasons: list[str] = []
    for t in [r for r in interactions if _open_ticket(r)][:2]:
        if t.reference:
            text = translate("profile", "open complaint: {title} ({reference}, {age})")
        else:
            text = translate("profile", "open complaint: {title} (ticket, {age})")
        age = describe_age(t.occurred_at, now)
        reasons.append(text.format(title=t.title, reference=t.reference, age=age))
    broken = [p for p in promises if p.state == "broken" and p.due_at > now - BROKEN_WINDOW]
    for p in sorted(broken, key=lambda p: p.due_at, reverse=True)[:1]:
        reasons.append(
            translate("profile", "broken promise: {promise}").format(promise=p.description)
        )
    overdue = [p for p in promises if p.state == "open" and p.due_at < now]
    for p in sorted(overdue, key=lambda p: p.due_at)[:1]:
        reasons.append(
            translate("profile", "promise overdue since {age}: {promise}").format(
                age=describe_age(p.due_at, now), promise=p.description
            )
        )
    recent = [
        r
        for r in interactions
        if r.kind in CONTACTS and timedelta(0) <= now - r.occurred_at <= REPEAT_WINDOW
    ]
    about = Counter(r.reference or r.title for r in recent)
    if about:
        topic, n = about.most_common(1)[0]
        if n >= REPEAT_CONTACTS:
            reasons.append(
                translate("profile", "{count} contacts in 7 days about {topic}").format(
                    count=n, topic=topic
                )
            )
    rating = next((r for r in interactions if r.kind == "satisfaction_rated"), None)
    if (
        rating is not None
        and rating.status == "bad"
        and now - rating.occurred_at <= BAD_RATING_WINDOW
    ):
        reasons.append(
            translate("profile", "rated the service bad {age}").format(
                age=describe_age(rating.occurred_at, now)
            )
        )
    return reasons


def _last_time(interactions: Iterable[Any], now: datetime) -> str | None:
    """The last contact's reason and outcome: a logged call, or a ticket."""
    for r in interactions:
        if r.kind == "call_logged":
            payload = r.payload if isinstance(r.payload, dict) else {}
            reason = payload.get("reason") or r.title
            outcome = (
                translate("CallOutcome", r.status)
                if r.status
                else translate("profile", "no outcome recorded")
            )
            return translate("profile", "Call {age}: {reason}. Outcome: {outcome}").format(
                age=describe_age(r.occurred_at, now), reason=reason, outcome=outcome
            )
        if r.kind == "ticket_opened":
            if r.reference:
                text = translate("profile", "Ticket {reference} {age}: {title} ({status})")
            else:
                text = translate("profile", "Ticket {age}: {title} ({status})")
            return text.format(
                reference=r.reference,
                age=describe_age(r.occurred_at, now),
                title=r.title,
                status=r.status or translate("profile", "open", "a ticket's status"),
            )
    return None


def contact_summary(prefs: Sequence[Preference]) -> str:
    """What an agent must see first: "Do not call", "E-mail only", …"""
    out = [p.channel for p in prefs if p.opted_out]
    preferred = [p.channel for p in prefs if p.preferred and not p.opted_out]
    parts = []
    if "phone" in out:
        parts.append(translate("profile", "Do not call"))
    others = [c for c in out if c != "phone"]
    if others:
        names = ", ".join(_channel(c) for c in others)
        parts.append(translate("profile", "No {channels}").format(channels=names))
    if preferred:
        either = _channel(preferred[0])
        for c in preferred[1:]:
            either = translate("profile", "{channels} or {channel}").format(
                channels=either, channel=_channel(c)
            )
        if set(CHANNELS) - set(out) == set(preferred):
            parts.append(translate("profile", "Only {channels}").format(channels=either))
        else:
            parts.append(translate("profile", "Prefers {channels}").format(channels=either))
    return "; ".join(parts) or translate("profile", "No preferences recorded")


def _channel(channel: str) -> str:
    name = CHANNEL_NAMES.get(channel)
    return translate("ContactChannel", name) if name else channel


def set_preferences(
    db: Database, customer_id: int, agent_username: str, wanted: Mapping[str, Preference]
) -> None:
    """Replace the customer's contact preferences; the change is audited (who, before, after)."""
    unknown = sorted(set(wanted) - set(CHANNELS))
    if unknown:
        raise AgentDeskError(
            translate("profile", "unknown channel: {channels}").format(channels=", ".join(unknown))
        )
    now = utcnow()
    with db.write() as conn:
        require_live_customer(conn, customer_id)
        agent = agent_id(conn, agent_username)
        old = {
            r.channel: {
                "opted_out": bool(r.opted_out),
                "preferred": bool(r.preferred),
                "note": r.note,
            }
            for r in conn.execute(
                sa.select(
                    prefs_t.c.channel, prefs_t.c.opted_out, prefs_t.c.preferred, prefs_t.c.note
                ).where(prefs_t.c.customer_id == customer_id)
            )
        }
        new = {
            c: {"opted_out": p.opted_out, "preferred": p.preferred, "note": p.note}
            for c, p in wanted.items()
            if p.opted_out or p.preferred or p.note
        }
        if new == old:
            return
        conn.execute(prefs_t.delete().where(prefs_t.c.customer_id == customer_id))
        if new:
            conn.execute(
                prefs_t.insert(),
                [
                    {
                        "customer_id": customer_id,
                        "channel": c,
                        "opted_out": v["opted_out"],
                        "preferred": v["preferred"],
                        "note": v["note"],
                        "updated_by_id": agent,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for c, v in sorted(new.items())
                ],
            )
        conn.execute(
            audit_t.insert().values(
                actor_agent_id=agent,
                actor=agent_username,
                entity_type="contact_preferences",
                entity_id=str(customer_id),
                action="update",
                before=old,
                after=new,
                created_at=now,
            )
        )
        announce(conn, f"customer:{customer_id}:preferences")
        conn.execute(
            customers_t.update()
            .where(customers_t.c.id == customer_id)
            .values(updated_at=now, version=customers_t.c.version + 1)
        )
