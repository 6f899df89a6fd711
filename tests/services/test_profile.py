"""The customer 360 values (SQLite and PostgreSQL): revenue and tier, lifecycle, defection risk
with reasons, last time, contact preferences (audited)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from agent_desk.errors import AgentDeskError
from agent_desk.services import timeline
from agent_desk.services.profile import (
    Preference,
    contact_summary,
    lifecycle,
    profile,
    set_preferences,
    tiers,
)
from agent_desk.store.database import Database
from agent_desk.store.models import AuditEntry, Commitment, TimelineEvent
from tests.services.test_search import customer_of, desk  # noqa: F401  (the fixture)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _events(db: Database, customer: int, *rows: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    with db.write() as conn:
        conn.execute(
            TimelineEvent.__table__.insert(),
            [
                {
                    "source": "t",
                    "source_type": "t",
                    "external_id": f"e/{customer}/{i}",
                    "customer_id": customer,
                    "category": "commercial",
                    "title": r.get("kind", ""),
                    "content_hash": "",
                    "payload": {},
                    "created_at": now,
                    "updated_at": now,
                    "status": None,
                    "reference": None,
                    "amount": None,
                    "currency": None,
                    **r,
                }
                for i, r in enumerate(rows)
            ],
        )


def test_revenue_tier_and_stage(desk: Database) -> None:  # noqa: F811
    bristol = customer_of(desk, "erp", "100007")
    _events(
        desk,
        bristol,
        *(
            {
                "kind": "invoice_issued",
                "amount": Decimal(1500),
                "currency": "EUR",
                "status": "paid",
                "occurred_at": NOW - timedelta(days=60 * i + 10),
            }
            for i in range(8)
        ),
        {"kind": "invoice_issued", "amount": Decimal(9000), "currency": "EUR",
         "status": "cancelled", "occurred_at": NOW - timedelta(days=5)},
        {"kind": "credit_note", "amount": Decimal(-1000), "currency": "EUR",
         "occurred_at": NOW - timedelta(days=4)},
        {"kind": "order_placed", "amount": Decimal(50), "currency": "GBP", "status": "paid",
         "occurred_at": NOW - timedelta(days=3)},
        {"kind": "order_refunded", "amount": Decimal(20), "currency": "GBP",
         "occurred_at": NOW - timedelta(days=2)},
    )  # fmt: skip
    with desk.engine.connect() as conn:
        p = profile(conn, bristol, NOW)
        assert (p.revenue, p.currency, p.other_currencies) == (Decimal(11000), "EUR", ["GBP"])
        assert p.tier == "gold" and tiers(conn, [bristol]) == {bristol: "gold"}
        assert p.purchases == 9 and p.stage == "loyal"
        assert [i.source for i in p.ids] == ["erp"]


@pytest.mark.parametrize(
    ("ages", "stage"),
    [
        ([], None),
        ([20], "new"),
        ([400], "lost"),
        ([200, 100, 10], "active"),
        ([300, 250, 200, 150], "lapsing"),  # every 50 days, none for 150
        ([1500, 1300, 1100], "lost"),
        ([900, 700, 500], "lapsing"),  # every 200 days, none for 500
        ([500, 400, 300, 200, 100, 5], "loyal"),
    ],
)
def test_lifecycle_from_purchase_cadence(ages: list[int], stage: str | None) -> None:
    dates = sorted(NOW - timedelta(days=d) for d in ages)
    assert lifecycle(dates, NOW)[0] == stage


def test_risk_reasons_and_last_time(desk: Database) -> None:  # noqa: F811
    leeds = customer_of(desk, "erp", "100004")
    _events(
        desk,
        leeds,
        {"kind": "ticket_opened", "category": "interaction", "status": "open",
         "title": "Broken lid", "reference": "#900", "occurred_at": NOW - timedelta(days=3)},
        {"kind": "ticket_reply", "category": "interaction", "status": "public",
         "title": "Customer replied: Broken lid", "reference": "#900",
         "occurred_at": NOW - timedelta(days=2)},
        {"kind": "ticket_reply", "category": "interaction", "status": "public",
         "title": "Customer replied: Broken lid", "reference": "#900",
         "occurred_at": NOW - timedelta(days=1)},
        {"kind": "satisfaction_rated", "category": "interaction", "status": "bad",
         "title": "Rated bad", "occurred_at": NOW - timedelta(days=20)},
    )  # fmt: skip
    with desk.write() as conn:
        conn.execute(
            Commitment.__table__.insert().values(
                customer_id=leeds,
                kind="call_back",
                description="call back about the lid",
                due_at=NOW - timedelta(hours=5),
                state="open",
                created_at=NOW - timedelta(days=2),
                updated_at=NOW - timedelta(days=2),
                version=1,
            )
        )
    with desk.engine.connect() as conn:
        p = profile(conn, leeds, NOW)
    assert p.risk == "high"
    text = " | ".join(p.risk_reasons)
    assert "open complaint: Broken lid (#900" in text
    assert "promise overdue since 5 h ago: call back about the lid" in text
    assert "3 contacts in 7 days about #900" in text
    assert "rated the service bad 20 days ago" in text
    assert (p.open_tickets, p.open_commitments, p.overdue_commitments) == (1, 1, 1)
    assert p.last_time == "Ticket #900 3 days ago: Broken lid (open)"
    timeline.log_interaction(
        desk, leeds, "agent.smith", kind=timeline.CALL, reason="lid", outcome="Escalated"
    )
    with desk.engine.connect() as conn:
        assert profile(conn, leeds).last_time == "Call just now: lid. Outcome: Escalated"


def test_preferences_are_saved_audited_and_summarised(desk: Database) -> None:  # noqa: F811
    leeds = customer_of(desk, "erp", "100004")
    wanted = {
        "phone": Preference("phone", True, False, "asked 2026-11-01"),
        "email": Preference("email", False, True),
    }
    set_preferences(desk, leeds, "lead", wanted)
    set_preferences(desk, leeds, "lead", wanted)  # no change: no second audit entry
    with desk.engine.connect() as conn:
        p = profile(conn, leeds)
        audit = conn.execute(
            sa.select(AuditEntry.__table__.c.actor, AuditEntry.__table__.c.after).where(
                AuditEntry.__table__.c.entity_type == "contact_preferences"
            )
        ).all()
    assert p.contact_summary == "Do not call; Prefers e-mail"
    assert [(a.actor, sorted(a.after)) for a in audit] == [("lead", ["email", "phone"])]
    assert (
        contact_summary(
            [
                Preference(c, c != "email", c == "email")
                for c in ("phone", "email", "sms", "post", "chat")
            ]
        )
        == "Do not call; No SMS, post, chat; Only e-mail"
    )
    with pytest.raises(AgentDeskError, match="unknown channel: fax"):
        set_preferences(desk, leeds, "lead", {"fax": Preference("fax", True, False)})
