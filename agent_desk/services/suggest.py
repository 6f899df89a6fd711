"""The next offer for one customer, with its reason, or the reason there is none.

**Satisfy first.** No suggestion at all while the customer has an open ticket (an open
complaint), an overdue or broken promise, three contacts in seven days about one thing, or rated
the service bad lately (:func:`agent_desk.services.profile.unhappy`, which also raises the
defection risk in the header); nor when they opted out of every channel. The advice then
carries those reasons instead, for the panel to show.

**Where suggestions come from** (each with a plain-words reason):

- *refill*: a consumable they buy, from shortly before it should run out (the catalog's
  replenishment interval times the quantity) until the customer has most likely stopped;
- *warranty*: the extended warranty of a device bought within the policy's window;
- *bought together*: association rules mined from everyone's purchases
  (:mod:`agent_desk.services.mining`) from what they bought;
- *accessory*, *service plan*, *upgrade*: the catalog's links from a device they own (an
  upgrade once they have had the device for a while);
- *moved*: a change of address seen in a source raises what a new home needs;
- *contract ending*: a warranty or service plan about to end raises its renewal (a plan) or the
  device's care plan (a warranty).

**Ranking**: the strength of the rule (a rule's confidence; a fixed weight per catalog link),
raised when the product it follows was bought lately, and weighed by the product's margin and
by whether its price suits what the customer usually spends (a value tier of gold or platinum
lifts the cap). What they own (refills aside) and what they declined or were offered within the
cool-down are never suggested.

:func:`rank` is pure (the offline quality bench calls it on histories held out in memory);
:func:`suggest` reads one customer's history with a few indexed queries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import fmt, translate
from agent_desk.services import mining
from agent_desk.services.catalog import Catalog, CatalogProduct
from agent_desk.services.overview import describe_age
from agent_desk.services.profile import interactions_of, promises_of, tiers, unhappy
from agent_desk.store.models import (
    ContactPreference,
    Customer,
    Offer,
    OrderLine,
    TimelineEvent,
)
from agent_desk.store.people import CHANNELS
from agent_desk.store.types import utcnow

lines_t = cast(sa.Table, OrderLine.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)
prefs_t = cast(sa.Table, ContactPreference.__table__)
offers_t = cast(sa.Table, Offer.__table__)
customers_t = cast(sa.Table, Customer.__table__)

TOP = 3
RECENT = timedelta(days=90)  # a purchase this recent makes what goes with it likelier
# weights of the catalog's links (an association rule weighs its confidence)
WEIGHTS = {
    "refill": 0.9,
    "contract": 0.8,
    "warranty": 0.7,
    "moved": 0.45,
    "accessory": 0.3,
    "service plan": 0.3,
    "upgrade": 0.25,
}
# the channel an offer goes through: what the customer prefers, else the call they are on
CHANNEL_ORDER = ("phone", "email", "sms", "chat", "post")
HIGH_TIERS = ("gold", "platinum")
KEPT_OUTCOMES = ("accepted",)


@dataclass(frozen=True)
class Bought:
    sku: str
    quantity: Decimal
    at: datetime


@dataclass(frozen=True)
class LifeEvent:
    kind: str  # "moved" or "contract"
    at: datetime
    source: str = ""
    reference: str = ""
    sku: str = ""
    ends: date | None = None
    status: str = ""  # a contract's: active, expired, cancelled (notice given)


@dataclass(frozen=True)
class PastOffer:
    sku: str
    outcome: str
    at: datetime  # when it was offered, or when its outcome was set


@dataclass
class History:
    """What the ranking needs to know of one customer."""

    bought: list[Bought] = field(default_factory=list)  # kept lines, any order
    life: list[LifeEvent] = field(default_factory=list)
    offers: list[PastOffer] = field(default_factory=list)
    tier: str | None = None


@dataclass(frozen=True)
class Suggestion:
    sku: str
    name: str
    price: Decimal
    currency: str
    kind: str  # refill, warranty, bought together, accessory, service plan, upgrade, moved, …
    rule: str  # what an acceptance rate is kept for, e.g. "bought together CM-100 → CAP-INT-50"
    reason: str
    score: float
    channel: str | None = None  # the channel to offer it through
    channels: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "name": self.name,
            "price": str(self.price),
            "currency": self.currency,
            "kind": self.kind,
            "rule": self.rule,
            "reason": self.reason,
            "score": round(self.score, 4),
            "channel": self.channel,
            "channels": list(self.channels),
        }


@dataclass(frozen=True)
class Advice:
    customer_id: int
    suggestions: list[Suggestion]
    held: list[str]  # why there is no suggestion (satisfy first, do not contact)
    channels: tuple[str, ...]  # where an offer may go

    def as_json(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "suggestions": [s.as_json() for s in self.suggestions],
            "held": self.held,
            "channels": list(self.channels),
        }


# -- ranking (pure) -------------------------------------------------------------------------------


@dataclass
class _Candidate:
    product: CatalogProduct
    kind: str
    rule: str
    reason: str
    strength: float
    recent: bool = False


def rank(
    history: History,
    rules: Iterable[mining.Rule],
    catalog: Catalog,
    now: datetime,
    limit: int = TOP,
    tz: tzinfo = UTC,
) -> list[Suggestion]:
    """The customer's best ``limit`` suggestions, strongest first (no satisfy-first check);
    dates in the reasons are in ``tz``."""
    policy = catalog.policy
    last: dict[str, Bought] = {}
    first: dict[str, datetime] = {}
    for b in sorted(history.bought, key=lambda b: b.at):
        b = Bought(b.sku, b.quantity, b.at.astimezone(tz))
        last[b.sku] = b
        first.setdefault(b.sku, b.at)
    now = now.astimezone(tz)
    today = now.date()
    owned = {s for s in last if (p := catalog.get(s)) is None or p.kind != "consumable"}
    # a plan or warranty they hold under a running contract, and what they said yes to
    contracts = [e for e in history.life if e.kind == "contract" and e.sku]
    owned.update(e.sku for e in contracts if e.ends is not None and e.ends >= today)
    owned.update(
        o.sku
        for o in history.offers
        if o.outcome in KEPT_OUTCOMES
        and (p := catalog.get(o.sku)) is not None
        and p.kind != "consumable"
    )
    blocked = set(owned)  # what they have, and consumables not yet running out
    found: dict[str, _Candidate] = {}

    def eligible(product: CatalogProduct) -> bool:
        """Whatever suggests it: a warranty only within its device's window, an upgrade only
        once the device it replaces has been theirs long enough."""
        if product.kind == "warranty":
            device = last.get(product.warranty_for)
            return device is not None and now <= device.at + timedelta(days=policy.warranty_days)
        if product.upgrade_of in first:
            return now - first[product.upgrade_of] >= timedelta(days=policy.upgrade_after_days)
        return True

    def add(sku: str, kind: str, rule: str, reason: str, strength: float, recent: bool) -> None:
        product = catalog.get(sku)
        if product is None or strength <= 0 or not eligible(product):
            return
        old = found.get(sku)
        if old is None or strength > old.strength:
            found[sku] = _Candidate(product, kind, rule, reason, strength, recent)

    # refills: a consumable they buy, around when it runs out
    for sku, b in last.items():
        p = catalog.get(sku)
        if p is None or p.kind != "consumable":
            continue
        if not p.replenish_days:  # how long it lasts is not known: not again so soon
            if now - b.at <= timedelta(days=policy.offered_days):
                blocked.add(sku)
            continue
        lasts = timedelta(days=p.replenish_days * max(float(b.quantity), 1.0))
        due = b.at + lasts
        if (
            due - timedelta(days=policy.refill_early_days)
            <= now
            <= due + timedelta(days=policy.refill_late_days)
        ):
            qty = _qty(b.quantity)
            reason = translate(
                "suggest",
                "Runs out around {due}: bought {quantity} on {bought}; one lasts about {days} days",
            ).format(
                due=fmt().day_month(due), quantity=qty, bought=fmt().date(b.at),
                days=p.replenish_days,
            )  # fmt: skip
            add(sku, "refill", f"refill {sku}", reason, WEIGHTS["refill"], True)
        else:
            blocked.add(sku)
    # what goes with a device they own
    for sku in sorted(s for s in owned if s in last):  # bought (not only under contract)
        device = catalog.get(sku)
        if device is None:
            continue
        since = first[sku]
        recent = now - last[sku].at <= RECENT
        for w in catalog.warranties.get(sku, []):
            until = last[sku].at + timedelta(days=policy.warranty_days)
            if now <= until:
                reason = translate(
                    "suggest",
                    "Extended warranty for the {device} bought on {bought}: can be added until "
                    "{until}",
                ).format(
                    device=device.name, bought=fmt().day_month(last[sku].at),
                    until=fmt().day_month(until),
                )  # fmt: skip
                add(w, "warranty", f"warranty for {sku}", reason, WEIGHTS["warranty"], True)
        month = fmt().month_year(since)
        for a in catalog.accessories.get(sku, []):
            if catalog.products[a].kind == "consumable":
                text = translate(
                    "suggest", "Consumable for the {device} they have had since {since}"
                )
            else:
                text = translate(
                    "suggest", "Accessory for the {device} they have had since {since}"
                )
            add(
                a, "accessory", f"accessory of {sku}", text.format(device=device.name, since=month),
                WEIGHTS["accessory"], recent,
            )  # fmt: skip
        for plan in catalog.plans.get(sku, []):
            reason = translate(
                "suggest", "Service plan for the {device} they have had since {since}"
            ).format(device=device.name, since=month)
            add(
                plan, "service plan", f"service plan for {sku}", reason,
                WEIGHTS["service plan"], recent,
            )  # fmt: skip
        if now - since >= timedelta(days=policy.upgrade_after_days):
            for u in catalog.upgrades.get(sku, []):
                reason = _upgrade(device.name, (now - since).days / 365.25)
                add(u, "upgrade", f"upgrade of {sku}", reason, WEIGHTS["upgrade"], False)
    # bought together: the mined rules from what they bought
    names = {s: catalog.products[s].name if s in catalog.products else s for s in last}
    for r in rules:
        if r.antecedent not in last:
            continue
        target = catalog.get(r.consequent)
        if target is None:
            continue
        reason = translate(
            "suggest",
            "{share} of customers who bought the {bought} also bought the {product}; lift {lift}",
        ).format(
            share=fmt().percent(r.confidence), bought=names[r.antecedent], product=target.name,
            lift=fmt().number(r.lift, 1),
        )  # fmt: skip
        add(
            r.consequent, "bought together", f"bought together {r.antecedent} → {r.consequent}",
            reason, r.confidence, now - last[r.antecedent].at <= RECENT,
        )  # fmt: skip
    # life events
    for ev in history.life:
        if ev.kind == "moved" and now - ev.at <= timedelta(days=policy.moved_days):
            if ev.source:
                text = translate(
                    "suggest",
                    "Moved {age} (new address in {source} on {day}): the {product} for the new "
                    "home",
                )
            else:
                text = translate(
                    "suggest", "Moved {age} (new address on {day}): the {product} for the new home"
                )
            for sku in policy.moved_skus:
                p = catalog.products.get(sku)
                if p is not None:
                    reason = text.format(
                        age=describe_age(ev.at, now), source=ev.source,
                        day=fmt().day_month(ev.at), product=p.name,
                    )  # fmt: skip
                    add(sku, "moved", "moved", reason, WEIGHTS["moved"], True)
        elif ev.kind == "contract" and ev.ends is not None:
            if ev.status.lower() == "cancelled" or any(
                other.sku == ev.sku and other.ends is not None and other.ends > ev.ends
                for other in contracts
            ):
                continue  # notice given, or a newer contract took over
            days_left = (ev.ends - today).days
            if not -policy.contract_after_days <= days_left <= policy.contract_before_days:
                continue
            contract = catalog.get(ev.sku)
            if contract is None:
                continue
            if days_left < 0:
                text = translate("suggest", "Their {contract} ({reference}) ended on {day}")
            else:
                text = translate("suggest", "Their {contract} ({reference}) ends on {day}")
            ending = text.format(
                contract=contract.name, reference=ev.reference, day=fmt().date(ev.ends)
            )
            if contract.kind == "service_plan":
                blocked.discard(contract.sku)  # a renewal of what they have
                reason = translate("suggest", "{ending}: renewal").format(ending=ending)
                add(contract.sku, "contract", "contract renewal", reason, WEIGHTS["contract"], True)
            elif contract.warranty_for:
                reason = translate(
                    "suggest", "{ending}: the care plan keeps the device covered"
                ).format(ending=ending)
                for plan in catalog.plans.get(contract.warranty_for, []):
                    add(plan, "contract", "contract ending", reason, WEIGHTS["contract"], True)
    # never again within the cool-down: declined, or offered and not answered yet
    for o in history.offers:
        age = now - o.at
        if (o.outcome == "declined" and age <= timedelta(days=policy.declined_days)) or (
            o.outcome in ("pending", "later") and age <= timedelta(days=policy.offered_days)
        ):
            blocked.add(o.sku)
        elif o.outcome in KEPT_OUTCOMES and age <= timedelta(days=policy.offered_days):
            blocked.add(o.sku)  # bought: the order line shows it once it is synced
    spend = max((catalog.products[s].price for s in last if s in catalog.products), default=None)
    scored = [
        _suggestion(c, _score(c, spend, history.tier))
        for sku, c in found.items()
        if sku not in blocked
    ]
    scored.sort(key=lambda s: (-s.score, s.price, s.sku))
    return scored[:limit]


def _score(c: _Candidate, spend: Decimal | None, tier: str | None) -> float:
    score = c.strength * (1.25 if c.recent else 1.0)
    margin = float(c.product.margin_pct or 0) / 100
    score *= 0.8 + 0.4 * margin
    if spend is not None and tier not in HIGH_TIERS and c.product.price > 3 * spend:
        score *= 0.5  # well above anything they ever bought
    return score


def _suggestion(c: _Candidate, score: float) -> Suggestion:
    p = c.product
    return Suggestion(p.sku, p.name, p.price, p.currency, c.kind, c.rule, c.reason, score)


def _qty(quantity: Decimal) -> str:
    decimals = f"{float(quantity):g}".partition(".")[2]
    return fmt().number(quantity, len(decimals))


def _upgrade(device: str, years: float) -> str:
    if years < 2:
        text = translate("suggest", "Upgrade of the {device}, which they have had for over a year")
    else:
        text = translate(
            "suggest", "Upgrade of the {device}, which they have had for {years} years"
        )
    return text.format(device=device, years=math.floor(years))


# -- one customer from the store ------------------------------------------------------------------


def holds(conn: Connection, customer_id: int, now: datetime) -> list[str]:
    """Why no offer may be made now: what needs repair first (empty: none). The same reasons
    raise the defection risk in the header (:func:`agent_desk.services.profile.unhappy`)."""
    reasons = unhappy(interactions_of(conn, customer_id), promises_of(conn, customer_id), now)
    return [r[:1].upper() + r[1:] for r in reasons]


def allowed_channels(conn: Connection, customer_id: int) -> tuple[str, ...]:
    """The channels an offer may go through: not opted out; preferred ones first."""
    prefs = {
        p.channel: p
        for p in conn.execute(
            sa.select(prefs_t.c.channel, prefs_t.c.opted_out, prefs_t.c.preferred).where(
                prefs_t.c.customer_id == customer_id
            )
        )
    }
    open_ = [c for c in CHANNEL_ORDER if c in CHANNELS and not (c in prefs and prefs[c].opted_out)]
    return tuple(sorted(open_, key=lambda c: (not (c in prefs and prefs[c].preferred),)))


def read_history(conn: Connection, customer_id: int, now: datetime, policy: Any) -> History:
    bought = [
        Bought(r.sku, Decimal(r.quantity or 1), r.ordered_at)
        for r in conn.execute(
            sa.select(lines_t.c.sku, lines_t.c.quantity, lines_t.c.ordered_at).where(
                lines_t.c.customer_id == customer_id,
                lines_t.c.sku.is_not(None),
                lines_t.c.deleted_at.is_(None),
                sa.or_(lines_t.c.status.is_(None), lines_t.c.status.not_in(mining.NOT_KEPT)),
            )
        )
    ]
    horizon = now - timedelta(days=max(policy.moved_days, 1))
    life: list[LifeEvent] = []
    for e in conn.execute(
        sa.select(
            events_t.c.kind,
            events_t.c.source,
            events_t.c.occurred_at,
            events_t.c.reference,
            events_t.c.payload,
            events_t.c.status,
        ).where(
            events_t.c.customer_id == customer_id,
            events_t.c.deleted_at.is_(None),
            sa.or_(
                sa.and_(events_t.c.kind == "address_changed", events_t.c.occurred_at >= horizon),
                events_t.c.kind == "contract_started",
            ),
        )
    ):
        payload = e.payload if isinstance(e.payload, dict) else {}
        if e.kind == "address_changed":
            life.append(LifeEvent("moved", e.occurred_at, e.source))
            continue
        ends = _date(payload.get("end_date"))
        if ends is not None:
            life.append(
                LifeEvent(
                    "contract", e.occurred_at, e.source, e.reference or "",
                    str(payload.get("sku") or ""), ends, str(e.status or ""),
                )
            )  # fmt: skip
    offers = [
        PastOffer(o.sku, o.outcome, o.outcome_at or o.created_at)
        for o in conn.execute(
            sa.select(
                offers_t.c.sku, offers_t.c.outcome, offers_t.c.outcome_at, offers_t.c.created_at
            ).where(offers_t.c.customer_id == customer_id)
        )
    ]
    tier = tiers(conn, [customer_id]).get(customer_id)
    return History(bought, life, offers, tier)


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def suggest(
    conn: Connection,
    customer_id: int,
    catalog: Catalog,
    now: datetime | None = None,
    limit: int = TOP,
    tz: tzinfo = UTC,
) -> Advice:
    """The customer's top suggestions, or why there are none (dates in ``tz``)."""
    now = now or utcnow()
    row = conn.execute(
        sa.select(customers_t.c.merged_into_id).where(customers_t.c.id == customer_id)
    ).first()
    if row is None:
        raise AgentDeskError(
            translate("suggest", "customer #{id} does not exist").format(id=customer_id)
        )
    if row.merged_into_id is not None:
        raise AgentDeskError(
            translate(
                "suggest", "customer #{id} was merged into #{other}: ask for that one"
            ).format(id=customer_id, other=row.merged_into_id)
        )
    channels = allowed_channels(conn, customer_id)
    held = holds(conn, customer_id, now)
    if not channels:
        held.append(translate("suggest", "Do not contact: opted out of every channel"))
    if held:
        return Advice(customer_id, [], held, channels)
    history = read_history(conn, customer_id, now, catalog.policy)
    rules = mining.rules_from(conn, sorted({b.sku for b in history.bought}))
    found = rank(history, rules, catalog, now, limit, tz)
    return Advice(
        customer_id,
        [_with_channel(s, channels) for s in found],
        [],
        channels,
    )


def _with_channel(s: Suggestion, channels: Sequence[str]) -> Suggestion:
    return Suggestion(
        s.sku, s.name, s.price, s.currency, s.kind, s.rule, s.reason, s.score,
        channels[0] if channels else None, tuple(channels),
    )  # fmt: skip
