"""The timeline service on SQLite and PostgreSQL: keyset pages, filters, detail, logging a call
or a note, and the stale-source warning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from agent_desk.errors import AgentDeskError
from agent_desk.identity.resolver import Resolver
from agent_desk.services import timeline
from agent_desk.services.overview import SourceFreshness
from agent_desk.services.timeline import TimelineFilter
from agent_desk.store.database import Database
from agent_desk.store.models import Customer, TimelineEvent
from connectors.base import EventRecord, PersonRef
from tests.services.test_search import customer_of, desk, person, put  # noqa: F401

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def _bulk(db: Database, customer: int, n: int) -> None:
    """n events, three per timestamp (ties must page right), in three sources and categories."""
    now = datetime.now(UTC)
    rows = [
        {
            "source": ("erp", "shop", "tickets")[i % 3],
            "source_type": "test",
            "external_id": f"bulk/{i}",
            "customer_id": customer,
            "kind": ("invoice_issued", "order_placed", "ticket_reply")[i % 3],
            "category": ("change", "commercial", "interaction")[i % 3],
            "occurred_at": T0 + timedelta(minutes=i // 3),
            "title": f"event {i}" + (" parcel" if i % 50 == 0 else ""),
            "content_hash": "",
            "payload": {},
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]
    with db.write() as conn:
        conn.execute(TimelineEvent.__table__.insert(), rows)


def _all_pages(conn: sa.Connection, customer: int, flt: TimelineFilter) -> list[int]:
    seen: list[int] = []
    after = None
    while True:
        rows = timeline.page(conn, customer, flt, after, limit=97)
        seen.extend(r.id for r in rows)
        if len(rows) < 97:
            return seen
        after = rows[-1].key


def test_pages_are_newest_first_and_cover_every_event_once(desk: Database) -> None:  # noqa: F811
    bristol = customer_of(desk, "erp", "100007")
    _bulk(desk, bristol, 1000)
    with desk.engine.connect() as conn:
        ids = _all_pages(conn, bristol, TimelineFilter())
        assert len(ids) == len(set(ids)) == timeline.count(conn, bristol) == 1000
        first = timeline.page(conn, bristol, limit=5)
        assert [r.key for r in first] == sorted((r.key for r in first), reverse=True)
        assert first[0].occurred_at == T0 + timedelta(minutes=333)


def test_filters_by_source_category_text_and_dates(desk: Database) -> None:  # noqa: F811
    bristol = customer_of(desk, "erp", "100007")
    _bulk(desk, bristol, 300)
    with desk.engine.connect() as conn:
        assert timeline.count(conn, bristol, TimelineFilter(sources=frozenset({"shop"}))) == 100
        assert (
            timeline.count(conn, bristol, TimelineFilter(categories=frozenset({"interaction"})))
            == 100
        )
        assert timeline.count(conn, bristol, TimelineFilter(text="PARCEL")) == 6
        assert (
            timeline.count(conn, bristol, TimelineFilter(kinds=frozenset({"order_placed"}))) == 100
        )
        assert timeline.kinds_of(conn, bristol) == [
            "invoice_issued",
            "order_placed",
            "ticket_reply",
        ]
        assert timeline.count(conn, bristol, TimelineFilter(text="%")) == 0
        window = TimelineFilter(since=T0 + timedelta(minutes=10), until=T0 + timedelta(minutes=20))
        assert timeline.count(conn, bristol, window) == 30
        assert timeline.sources_of(conn, bristol) == ["erp", "shop", "tickets"]


def test_the_order_and_ticket_of_a_merged_record_are_on_the_survivors_timeline(
    desk: Database,  # noqa: F811
) -> None:
    leeds = customer_of(desk, "erp", "100004")
    with desk.engine.connect() as conn:
        rows = timeline.page(conn, leeds)
        assert [r.title for r in rows] == ["Where is my parcel?", "Order #1004"]
        detail = timeline.detail(conn, rows[0].id)
    assert detail is not None and detail.row.reference == "#777"


def test_logging_a_call_and_a_note(desk: Database) -> None:  # noqa: F811
    leeds = customer_of(desk, "erp", "100004")
    call = timeline.log_interaction(
        desk,
        leeds,
        "agent.smith",
        kind=timeline.CALL,
        reason="parcel late",
        outcome="Callback promised",
        text="Promised a call back by Friday.",
    )
    timeline.log_interaction(desk, leeds, "agent.smith", kind=timeline.NOTE, reason="", text="VIP")
    with desk.engine.connect() as conn:
        newest = timeline.page(conn, leeds, limit=2)
        assert [r.kind for r in newest] == [timeline.NOTE, timeline.CALL]
        assert newest[1].title == "Call: parcel late" and newest[1].status == "Callback promised"
        detail = timeline.detail(conn, call)
        last = conn.execute(
            sa.select(Customer.__table__.c.last_contact_at).where(Customer.__table__.c.id == leeds)
        ).scalar()
    assert detail is not None and detail.author == "agent.smith"
    assert last is not None
    with pytest.raises(AgentDeskError, match="what the call was about"):
        timeline.log_interaction(desk, leeds, "agent.smith", kind=timeline.CALL, reason=" ")
    with pytest.raises(AgentDeskError, match="the note is empty"):
        timeline.log_interaction(desk, leeds, "agent.smith", kind=timeline.NOTE, reason="")
    with pytest.raises(AgentDeskError, match="does not exist"):
        timeline.log_interaction(desk, 99_999, "agent.smith", kind=timeline.CALL, reason="x")


def test_stale_and_failing_sources_behind_the_customer(desk: Database) -> None:  # noqa: F811
    leeds = customer_of(desk, "erp", "100004")
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

    def src(name: str, good: datetime | None, error: str | None = None) -> SourceFreshness:
        attempt = now - timedelta(minutes=5) if error else good
        return SourceFreshness(name, "test", True, good, attempt, error)

    fresh = [src("erp", now - timedelta(minutes=3)), src("shop", now - timedelta(hours=1))]
    with desk.engine.connect() as conn:
        assert timeline.stale_sources(conn, leeds, fresh, now) == []
        lines = timeline.stale_sources(
            conn,
            leeds,
            [
                src("erp", now - timedelta(days=3)),
                src("shop", now - timedelta(hours=2), error="HTTP 500"),
                src("tickets", None, error="down"),  # no record of this customer comes from it
            ],
            now,
        )
    assert lines == [
        "erp: last good sync 3 days ago; what you see may be out of date",
        "shop: failing, last good sync 2 h ago; what you see may be out of date",
    ]


def test_stories_fold_an_order_its_shipment_and_the_ticket_about_it(
    desk: Database,  # noqa: F811
) -> None:
    leeds = customer_of(desk, "erp", "100004")
    who = PersonRef("customer", "6812001")
    put(
        desk,
        "shop",
        events=(
            EventRecord(
                external_id="order/2001/placed",
                kind="order_placed",
                occurred_at=T0,
                title="Order #2001",
                person=who,
                reference="#2001",
                owns="order:2001",
            ),
            EventRecord(
                external_id="order/2001/shipped",
                kind="order_shipped",
                occurred_at=T0 + timedelta(days=2),
                title="Shipped #2001",
                person=who,
                reference="#2001",
            ),
        ),
    )
    put(
        desk,
        "tickets",
        person("u1", "Maria", "Garcia", email="maria.garcia@example.com"),
        events=(
            EventRecord(
                external_id="ticket/5/opened",
                kind="ticket_opened",
                occurred_at=T0 + timedelta(days=5),
                title="Parcel arrived broken",
                person=PersonRef("customer", "u1"),
                reference="#5",
                mentions=("order:2001",),
            ),
        ),
    )
    Resolver(desk).resolve_pending()
    assert customer_of(desk, "tickets", "u1") == leeds
    with desk.engine.connect() as conn:
        stories = timeline.stories(conn, leeds)
        rows = timeline.rows_by_id(conn, [e for s in stories for e in s.events])
    titled = {s.title: [rows[e].title for e in s.events] for s in stories}
    assert titled["Order #2001 (3 events)"] == [
        "Parcel arrived broken",
        "Shipped #2001",
        "Order #2001",
    ]
    assert stories[0].last_at >= stories[-1].last_at
    # an event without a reference is a story of its own
    assert all(len(s.events) == 1 for s in stories if s.key.startswith("event:"))


def test_text_filter_folds_case_beyond_ascii(desk: Database) -> None:  # noqa: F811
    leeds = customer_of(desk, "erp", "100004")
    timeline.log_interaction(
        desk, leeds, "agent.smith", kind=timeline.NOTE, reason="RÜCKSENDUNG angekündigt"
    )
    with desk.engine.connect() as conn:
        assert timeline.count(conn, leeds, TimelineFilter(text="rücksendung")) == 1
        assert timeline.count(conn, leeds, TimelineFilter(text="ANGEKÜNDIGT")) == 1
