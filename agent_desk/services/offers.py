"""Offers an agent made from the suggestions, their outcomes, and the acceptance rate per rule.

One click "Offer" (:func:`make_offer`) checks again that the customer may be offered anything
now (satisfy first, the channel not opted out: the situation may have changed since the panel
was drawn), then saves, in one transaction: the offer, an ``offer_made`` event on the timeline
(every agent sees it) and, when asked, a follow-up task linked to it. The outcome, "accepted",
"declined" or "later" (:func:`set_outcome`), is a versioned, audited change that the timeline
event shows too; a final answer closes the follow-up task. Declined offers are held back for the
cool-down (:mod:`agent_desk.services.suggest`); :func:`acceptance` gives team leads the rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.identity.decide import agent_id
from agent_desk.services import audit, tasks
from agent_desk.services.catalog import Catalog, products_t
from agent_desk.services.changes import announce
from agent_desk.services.suggest import Advice, Suggestion, allowed_channels, holds, suggest
from agent_desk.services.timeline import insert_desk_event, require_live_customer
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Customer, Offer, Task, TimelineEvent
from agent_desk.store.types import utcnow
from agent_desk.store.work import OFFER_OUTCOMES

offers_t = cast(sa.Table, Offer.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)
tasks_t = cast(sa.Table, Task.__table__)
agents_t = cast(sa.Table, Agent.__table__)
customers_t = cast(sa.Table, Customer.__table__)

ENTITY = "offer"
FIELDS = ("customer_id", "sku", "rule", "channel", "outcome", "outcome_at", "event_id")
OFFER_KIND = "offer_made"
OUTCOME_WORDS = {
    "pending": QT_TRANSLATE_NOOP("OfferOutcome", "offered"),
    "accepted": QT_TRANSLATE_NOOP("OfferOutcome", "accepted"),
    "declined": QT_TRANSLATE_NOOP("OfferOutcome", "declined"),
    "later": QT_TRANSLATE_NOOP("OfferOutcome", "wants to think about it"),
}
FINAL = ("accepted", "declined")


@dataclass(frozen=True)
class OfferView:
    id: int
    customer_id: int
    sku: str
    name: str
    price: Decimal | None
    currency: str | None
    rule: str
    reason: str
    channel: str | None
    outcome: str
    offered_at: datetime
    outcome_at: datetime | None
    offered_by: str | None
    event_id: int | None
    version: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "sku": self.sku,
            "name": self.name,
            "price": None if self.price is None else str(self.price),
            "currency": self.currency,
            "rule": self.rule,
            "reason": self.reason,
            "channel": self.channel,
            "outcome": self.outcome,
            "offered_at": self.offered_at.isoformat(),
            "outcome_at": self.outcome_at.isoformat() if self.outcome_at else None,
            "offered_by": self.offered_by,
        }


def _what(offer_id: int) -> str:
    return translate("offers", "Offer #{id}").format(id=offer_id)


def make_offer(
    db: Database,
    customer_id: int,
    suggestion: Suggestion,
    actor: str,
    *,
    channel: str | None = None,
    follow_up_days: int | None = None,
    cool_down: timedelta = timedelta(days=14),
    now: datetime | None = None,
) -> int:
    """Record that ``actor`` offered ``suggestion`` to the customer; returns the offer's id.
    Refused while the same product waits for an answer or was put off within ``cool_down`` (a
    double click, or two agents at once)."""
    now = now or utcnow()
    with db.write() as conn:
        require_live_customer(conn, customer_id)
        if conn.dialect.name == "postgresql":  # two desktops offering the same: one wins
            conn.execute(
                sa.select(sa.literal(1))
                .select_from(customers_t)
                .where(customers_t.c.id == customer_id)
                .with_for_update()
            )
        earlier = conn.execute(
            sa.select(offers_t.c.id, offers_t.c.created_at, agents_t.c.username)
            .outerjoin(agents_t, agents_t.c.id == offers_t.c.offered_by_id)
            .where(
                offers_t.c.customer_id == customer_id,
                offers_t.c.sku == suggestion.sku,
                offers_t.c.outcome.in_(("pending", "later")),
                offers_t.c.created_at > now - cool_down,
            )
        ).first()
        if earlier is not None:
            raise AgentDeskError(
                translate(
                    "offers",
                    "{product} was already offered to this customer ({agent}, offer #{id}): "
                    "record their answer to that one",
                ).format(
                    product=suggestion.name,
                    agent=earlier.username or translate("offers", "someone"),
                    id=earlier.id,
                )
            )
        held = holds(conn, customer_id, now)
        if held:
            raise AgentDeskError(
                translate("offers", "No offer now: {reasons}").format(reasons="; ".join(held))
            )
        channels = allowed_channels(conn, customer_id)
        channel = channel or suggestion.channel or (channels[0] if channels else None)
        if channel is None:
            raise AgentDeskError(
                translate("offers", "The customer opted out of any channel: no offer through it")
            )
        if channel not in channels:
            raise AgentDeskError(
                translate(
                    "offers", "The customer opted out of {channel}: no offer through it"
                ).format(channel=channel)
            )
        actor_id = agent_id(conn, actor)
        title = translate("offers", "Offered {product} ({price}) by {channel}").format(
            product=suggestion.name,
            price=fmt().money(suggestion.price, suggestion.currency),
            channel=channel,
        )
        event_id = insert_desk_event(
            conn, customer_id, OFFER_KIND, title, actor_id, now,
            body=suggestion.reason, amount=suggestion.price, currency=suggestion.currency,
            status="pending",
            payload={"sku": suggestion.sku, "rule": suggestion.rule, "kind": suggestion.kind,
                     "channel": channel, "offered_by": actor},
        )  # fmt: skip
        values = {
            "customer_id": customer_id,
            "product_id": _product_id(conn, suggestion.sku),
            "sku": suggestion.sku,
            "rule": suggestion.rule[:120],
            "reason": suggestion.reason[:1000],
            "channel": channel,
            "offered_by_id": actor_id,
            "outcome": "pending",
            "outcome_at": None,
            "event_id": event_id,
            "details": {
                "kind": suggestion.kind,
                "name": suggestion.name,
                "price": str(suggestion.price),
                "currency": suggestion.currency,
                "score": round(suggestion.score, 4),
            },
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        offer_id = audit.create(
            conn, offers_t, values, entity=ENTITY, fields=FIELDS, actor=actor,
            actor_id=actor_id, now=now,
        )  # fmt: skip
        if follow_up_days is not None:
            tasks.insert(
                conn,
                actor=actor,
                actor_id=actor_id,
                title=translate("offers", "Follow up on the offer: {product}").format(
                    product=suggestion.name
                )[:300],
                customer_id=customer_id,
                details=suggestion.reason,
                due_at=now + timedelta(days=max(follow_up_days, 0)),
                assignee_id=actor_id,
                event_id=int(event_id),
                now=now,
            )
        announce(conn, f"customer:{customer_id}:offer")
    return offer_id


def _product_id(conn: Connection, sku: str) -> int | None:
    return conn.execute(sa.select(products_t.c.id).where(products_t.c.sku == sku)).scalar()


def set_outcome(
    db: Database,
    offer_id: int,
    outcome: str,
    actor: str,
    *,
    version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Accepted, declined or later. ``version``: what the agent saw (refused if it moved)."""
    if outcome not in OFFER_OUTCOMES or outcome == "pending":
        raise AgentDeskError(
            translate("offers", "an offer's outcome is accepted, declined or later")
        )
    now = now or utcnow()
    with db.write() as conn:
        actor_id = agent_id(conn, actor)
        row = audit.save(
            conn, offers_t, offer_id, version, {"outcome": outcome, "outcome_at": now},
            what=_what(offer_id), entity=ENTITY, fields=FIELDS, actor=actor,
            actor_id=actor_id, action=outcome, now=now,
        )  # fmt: skip
        if row is None:
            return
        if row.event_id is not None:
            conn.execute(
                events_t.update()
                .where(events_t.c.id == row.event_id)
                .values(status=outcome, updated_at=now)
            )
        if outcome in FINAL and row.event_id is not None:
            open_tasks = conn.execute(
                sa.select(tasks_t.c.id, tasks_t.c.version).where(
                    tasks_t.c.event_id == row.event_id, tasks_t.c.status == "open"
                )
            ).all()
            for t in open_tasks:
                audit.save(
                    conn, tasks_t, t.id, t.version, {"status": "done", "completed_at": now},
                    what=translate("offers", "Task #{id}").format(id=t.id), entity=tasks.ENTITY,
                    fields=tasks.FIELDS, actor=actor,
                    actor_id=actor_id, action="complete", now=now,
                )  # fmt: skip
        announce(conn, f"customer:{row.customer_id}:offer")


def of_customer(db: Database, customer_id: int, limit: int = 20) -> list[OfferView]:
    """The customer's offers, newest first (open ones, "later" ones, and recent answers)."""
    with db.engine.connect() as conn:
        return _views(conn, [offers_t.c.customer_id == customer_id], limit)


def get(db: Database, offer_id: int) -> OfferView:
    with db.engine.connect() as conn:
        found = _views(conn, [offers_t.c.id == offer_id], 1)
    if not found:
        raise AgentDeskError(translate("offers", "offer #{id} does not exist").format(id=offer_id))
    return found[0]


def _views(conn: Connection, where: list[Any], limit: int) -> list[OfferView]:
    rows = conn.execute(
        sa.select(offers_t, agents_t.c.username)
        .outerjoin(agents_t, agents_t.c.id == offers_t.c.offered_by_id)
        .where(*where)
        .order_by(offers_t.c.created_at.desc(), offers_t.c.id.desc())
        .limit(limit)
    ).all()
    out = []
    for r in rows:
        details = r.details if isinstance(r.details, dict) else {}
        price = details.get("price")
        out.append(
            OfferView(
                id=r.id,
                customer_id=r.customer_id,
                sku=r.sku,
                name=str(details.get("name") or r.sku),
                price=Decimal(price) if price else None,
                currency=details.get("currency"),
                rule=r.rule,
                reason=r.reason,
                channel=r.channel,
                outcome=r.outcome,
                offered_at=r.created_at,
                outcome_at=r.outcome_at,
                offered_by=r.username,
                event_id=r.event_id,
                version=r.version,
            )
        )
    return out


@dataclass(frozen=True)
class Acceptance:
    rule: str  # a rule ("bought together CM-100 → CAP-INT-50"), or a kind ("refill")
    offered: int
    accepted: int
    declined: int
    later: int
    pending: int

    @property
    def answered(self) -> int:
        """Offers with a yes or a no ("later" is neither, yet)."""
        return self.accepted + self.declined

    @property
    def rate(self) -> float | None:
        """Accepted of the offers answered yes or no (None before any)."""
        return self.accepted / self.answered if self.answered else None

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "offered": self.offered,
            "accepted": self.accepted,
            "declined": self.declined,
            "later": self.later,
            "pending": self.pending,
            "rate": None if self.rate is None else round(self.rate, 4),
        }


def acceptance(
    db: Database, *, by: str = "kind", since: datetime | None = None
) -> list[Acceptance]:
    """Offers and their outcomes per rule kind (``by="kind"``) or per rule (``by="rule"``),
    most offered first."""
    counts: dict[str, dict[str, int]] = {}
    query = sa.select(offers_t.c.rule, offers_t.c.details, offers_t.c.outcome)
    if since is not None:
        query = query.where(offers_t.c.created_at >= since)
    with db.engine.connect() as conn:
        for r in conn.execute(query):
            details = r.details if isinstance(r.details, dict) else {}
            key = str(details.get("kind") or r.rule) if by == "kind" else r.rule
            bucket = counts.setdefault(key, dict.fromkeys(OFFER_OUTCOMES, 0))
            bucket[r.outcome] = bucket.get(r.outcome, 0) + 1
    out = [
        Acceptance(rule, sum(c.values()), c["accepted"], c["declined"], c["later"], c["pending"])
        for rule, c in counts.items()
    ]
    out.sort(key=lambda a: (-a.offered, a.rule))
    return out


def advice(db: Database, customer_id: int, catalog: Catalog, tz: tzinfo = UTC) -> Advice:
    """The customer's suggestions as the panel shows them, or why there are none."""
    with db.engine.connect() as conn:
        return suggest(conn, customer_id, catalog, tz=tz)
