"""The demo's team and its follow-up work, so that every view has something true to show.

After the demo sources are synced, :func:`seed_team` adds a team lead and six agents in two
teams, and promises made to real demo customers, through the same services an agent uses:

- promises that the synced data proves kept: a refund promised before an ``order_refunded``
  event, a resolution promised before a ``ticket_solved`` one, some due after the event (kept
  on time), some before it (kept late); the review finds the evidence and keeps them;
- promises still open, overdue (within the grace period) and past it (the review breaks
  them), some with an update cadence (the review creates their update tasks);
- tasks for the person running the demo: overdue, due today, upcoming, one with a reminder;
- cross-sell offers the agents made over the last weeks from the engine's own suggestions for
  customers it found satisfied then, answered as customers tend to (refills and warranties
  accepted more often than upgrades), so the lead's acceptance table has something to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from agent_desk.identity.decide import agent_id
from agent_desk.services import commitments, tasks
from agent_desk.services.commitments import Expectation
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Customer, TimelineEvent

LEAD = ("lena.fischer", "Lena Fischer", "Service North")
AGENTS = (
    ("omar.haddad", "Omar Haddad", "Service North"),
    ("sofia.ricci", "Sofia Ricci", "Service North"),
    ("jan.kowalski", "Jan Kowalski", "Service North"),
    ("amara.okafor", "Amara Okafor", "Service South"),
    ("li.wei", "Li Wei", "Service South"),
    ("tom.byrne", "Tom Byrne", "Service South"),
)
agents_t = cast(sa.Table, Agent.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)
customers_t = cast(sa.Table, Customer.__table__)


@dataclass
class TeamSummary:
    agents: int = 0
    commitments: int = 0
    tasks: int = 0
    offers: int = 0
    review: str = ""
    skipped: bool = False

    def __str__(self) -> str:
        if self.skipped:
            return "the demo team is already there"
        return (
            f"a team of {self.agents} agents with {self.commitments} promises and "
            f"{self.tasks} tasks, {self.offers} offers made; review: {self.review}"
        )


def seed_team(db: Database, me: str, now: datetime, seed: int = 1) -> TeamSummary:
    """Add the demo team and its work (once: a store that has it is left alone)."""
    rnd = random.Random(seed)
    summary = TeamSummary()
    with db.write() as conn:
        if conn.execute(sa.select(agents_t.c.id).where(agents_t.c.username == LEAD[0])).first():
            summary.skipped = True
            return summary
        for username, name, team in (LEAD, *AGENTS, (me, me, LEAD[2])):
            agent_id(conn, username)
            conn.execute(
                agents_t.update()
                .where(agents_t.c.username == username)
                .values(
                    display_name=name,
                    team=team,
                    role="lead" if username == LEAD[0] else "agent",
                    updated_at=now,
                )
            )
            summary.agents += 1
        evidence = conn.execute(
            sa.select(
                events_t.c.customer_id, events_t.c.kind, events_t.c.reference,
                events_t.c.occurred_at,
            )
            .where(
                events_t.c.kind.in_(("order_refunded", "ticket_solved")),
                events_t.c.customer_id.is_not(None),
                events_t.c.reference.is_not(None),
                events_t.c.deleted_at.is_(None),
                events_t.c.occurred_at > now - timedelta(days=25),
            )
            .order_by(events_t.c.id)
        ).all()  # fmt: skip
        customers = list(
            conn.execute(
                sa.select(customers_t.c.id)
                .where(customers_t.c.merged_into_id.is_(None))
                .order_by(customers_t.c.id)
            ).scalars()
        )
    if not customers:
        return summary
    owners = [a[0] for a in AGENTS] + [me]
    size = max(12, min(400, len(customers) // 8))
    made = 0

    def promise(customer: int, owner: str, **kw: Any) -> int:
        nonlocal made
        made += 1
        return commitments.create(db, customer, owner, owner=owner, **kw)

    # kept, proved by what the sources say happened: on time, or late
    for row in rnd.sample(evidence, min(len(evidence), size // 3)):
        refund = row.kind == "order_refunded"
        late = rnd.random() < 0.3
        promise(
            row.customer_id,
            rnd.choice(owners),
            kind="refund" if refund else "status_update",
            description=(
                f"Refund order {row.reference}" if refund else f"Resolve ticket {row.reference}"
            ),
            due_at=row.occurred_at + (timedelta(hours=-20) if late else timedelta(days=1)),
            expected=Expectation(row.kind, row.reference),
            now=row.occurred_at - timedelta(days=3),
        )
    open_kinds = (
        ("call_back", "Call back with the courier's answer"),
        ("replacement", "Send a replacement kettle"),
        ("visit", "Engineer visit to check the boiler"),
        ("credit", "£15 goodwill voucher for the delay"),
        ("status_update", "Keep the customer posted on the claim"),
        ("other", "Post the warranty form"),
    )
    for n in range(size - made):
        kind, text = open_kinds[n % len(open_kinds)]
        roll = rnd.random()
        if roll < 0.45:  # open, due in the coming days
            due = now + timedelta(hours=rnd.randint(2, 120))
        elif roll < 0.7:  # overdue, within the grace period
            due = now - timedelta(hours=rnd.randint(1, 20))
        else:  # past the grace period: the review breaks it
            due = now - timedelta(days=rnd.randint(2, 12), hours=rnd.randint(0, 12))
        promise(
            rnd.choice(customers),
            rnd.choice(owners),
            kind=kind,
            description=text,
            due_at=due,
            channel=rnd.choice((None, "phone", "email")),
            update_every_days=2 if kind == "status_update" else None,
            now=min(now, due) - timedelta(days=rnd.randint(2, 6)),
        )
    summary.commitments = made
    summary.review = str(commitments.review(db, now=now))
    mine = commitments.listing(db, agent=me, now=now)
    for n, (title, due, remind) in enumerate(
        (
            ("Confirm the refund reached the customer", now - timedelta(hours=3), None),
            ("Call back about the missing parcel", now + timedelta(hours=1), timedelta(minutes=10)),
            ("Check the engineer's report", now + timedelta(hours=4), None),
            ("Send the returns label", now + timedelta(days=2), None),
            ("Ask how the replacement works out", now + timedelta(days=5), None),
        )
    ):
        about = mine[n] if n < len(mine) else None
        tasks.create(
            db,
            LEAD[0] if n == 2 else me,
            title,
            customer_id=about.customer_id if about else rnd.choice(customers),
            due_at=due,
            remind_at=now + remind if remind else None,
            priority="high" if n == 0 else "normal",
            assignee=me,
            commitment_id=about.id if about else None,
            now=now - timedelta(hours=1),
        )
        summary.tasks += 1
    summary.offers = _offers(db, customers, owners, now, rnd, size)
    return summary


# how often a customer says yes, by the kind of suggestion (the rest: declined or later)
ACCEPTED = {
    "refill": 0.6,
    "contract": 0.5,
    "warranty": 0.4,
    "moved": 0.3,
    "bought together": 0.3,
    "accessory": 0.25,
    "service plan": 0.2,
    "upgrade": 0.15,
}


def _offers(
    db: Database, customers: list[int], owners: list[str], now: datetime, rnd: random.Random,
    size: int,
) -> int:  # fmt: skip
    """Offers made over the last four weeks, each the engine's top suggestion at the time."""
    from agent_desk.services import offers
    from agent_desk.services.catalog import load_catalog
    from agent_desk.services.suggest import suggest

    catalog = load_catalog()
    made = 0
    for customer in rnd.sample(customers, min(len(customers), size * 2)):
        when = now - timedelta(days=rnd.randint(1, 28), hours=rnd.randint(0, 8))
        with db.engine.connect() as conn:
            advice = suggest(conn, customer, catalog, now=when)
        if not advice.suggestions:
            continue
        chosen = advice.suggestions[0]
        who = rnd.choice(owners)
        offer = offers.make_offer(db, customer, chosen, who, now=when)
        r = rnd.random()
        if r < 0.85:  # most are answered on the call
            yes = ACCEPTED.get(chosen.kind, 0.2)
            outcome = (
                "accepted" if r < 0.85 * yes else rnd.choice(("declined", "declined", "later"))
            )
            offers.set_outcome(db, offer, outcome, who, now=when + timedelta(minutes=3))
        made += 1
        if made >= size:
            break
    return made
