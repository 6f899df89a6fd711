"""Store round-trips on SQLite and PostgreSQL: the same behaviour on both."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from agent_desk.store.database import Database
from agent_desk.store.models import (
    Agent,
    AuditEntry,
    Commitment,
    CommitmentChange,
    ContactPreference,
    Customer,
    MatchLink,
    MergeJournalEntry,
    Note,
    Offer,
    OrderLine,
    Product,
    SourceRecord,
    SyncRun,
    SyncState,
    Task,
    TimelineEvent,
)

T0 = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


def _customer(**extra: object) -> Customer:
    return Customer(
        display_name="Łukasz Żółć-Brzęczyszczykiewicz",
        given_name="Łukasz",
        family_name="Żółć",
        email="lukasz@example.pl",
        phone_e164="+48601234567",
        birth_date=date(1984, 2, 29),
        country="PL",
        **extra,
    )


def test_whole_domain_round_trip(database: Database) -> None:
    with database.session() as s:
        lead = Agent(username="lead", display_name="Team Lead", role="lead", team="North")
        agent = Agent(username="ana", display_name="Ana", role="agent", team="North")
        c = _customer(lifetime_revenue=Decimal("1234567.8912"), currency="EUR", value_tier="gold")
        c.preferences = [
            ContactPreference(channel="phone", opted_out=True, note="Do not call"),
            ContactPreference(channel="email", preferred=True),
        ]
        c.notes = [Note(kind="special_handling", body="Hard of hearing: speak slowly", pinned=True)]
        s.add_all([lead, agent, c])
        s.flush()
        rec_a = SourceRecord(
            source="erp",
            source_type="erp-flatfile",
            entity="customer",
            external_id="100234",
            customer_id=c.id,
            match_email="lukasz@example.pl",
            erp_customer_number="100234",
            payload={"NAME": "Zolc", "ÄÖÜ": "ß"},
            content_hash="a" * 64,
        )
        rec_b = SourceRecord(
            source="tickets",
            source_type="zendesk",
            entity="user",
            external_id="9001",
            customer_id=c.id,
            match_phone="+48601234567",
            payload={"name": "Łukasz Żółć"},
            content_hash="b" * 64,
        )
        s.add_all([rec_a, rec_b])
        s.flush()
        s.add(
            MatchLink(
                record_a_id=rec_a.id,
                record_b_id=rec_b.id,
                rule="phone",
                score=0.97,
                reason="same phone, name 94% similar",
            )
        )
        s.add(
            MergeJournalEntry(
                action="merge",
                actor_rule="phone",
                into_customer_id=c.id,
                details={"moved": [rec_b.id]},
            )
        )
        event = TimelineEvent(
            source="shop",
            source_type="shopify",
            external_id="order/1/placed",
            customer_id=c.id,
            kind="order_placed",
            category="commercial",
            occurred_at=T0,
            title="Order #1001",
            amount=Decimal("-12.50"),
            currency="EUR",
            reference="#1001",
            content_hash="c" * 64,
        )
        s.add(event)
        s.add(Product(sku="CAM-200", name="Camera X200", price=Decimal("499.00"), currency="EUR"))
        s.flush()
        s.add(
            OrderLine(
                source="shop",
                order_external_id="1",
                line_external_id="1",
                sku="CAM-200",
                name="Camera X200",
                quantity=Decimal(2),
                unit_price=Decimal("499.00"),
                currency="EUR",
                ordered_at=T0,
                customer_id=c.id,
            )
        )
        commitment = Commitment(
            customer_id=c.id,
            kind="refund",
            description="refund by Friday",
            due_at=T0 + timedelta(days=3),
            owner_id=agent.id,
            expected_event_kind="refund",
            expected_reference="#1001",
        )
        commitment.history = [CommitmentChange(new_state="open", reason="promised on the call")]
        s.add(commitment)
        s.flush()
        s.add(
            Task(
                customer_id=c.id,
                title="Call back",
                due_at=T0,
                assignee_id=agent.id,
                commitment_id=commitment.id,
                event_id=event.id,
            )
        )
        s.add(Offer(customer_id=c.id, sku="SD-64", rule="assoc", reason="68% also bought"))
        s.add(
            AuditEntry(
                actor="ana",
                entity_type="commitment",
                entity_id=str(commitment.id),
                action="create",
                before=None,
                after={"state": "open"},
            )
        )
        s.add(SyncState(source="erp", stream="customers", bookmark={"hash": "x", "line": 10}))
        s.add(
            SyncRun(
                source="erp",
                started_at=T0,
                status="succeeded",
                fetched=10,
                rejections=[{"line": 7, "reason": "bad date"}],
            )
        )
        customer_id = c.id

    with database.read_session() as s:
        c = s.get(Customer, customer_id)
        assert c is not None
        assert c.display_name == "Łukasz Żółć-Brzęczyszczykiewicz"
        assert c.birth_date == date(1984, 2, 29)
        assert c.lifetime_revenue == Decimal("1234567.8912")
        assert isinstance(c.lifetime_revenue, Decimal)
        assert [p.channel for p in c.preferences if p.opted_out] == ["phone"]
        assert c.notes[0].kind == "special_handling"
        assert c.created_at.tzinfo is not None and c.created_at.utcoffset() == timedelta(0)
        event = s.scalars(select(TimelineEvent)).one()
        assert event.occurred_at == T0 and event.occurred_at.tzinfo is not None
        assert event.amount == Decimal("-12.5000")
        rec = s.scalars(select(SourceRecord).where(SourceRecord.source == "erp")).one()
        assert rec.payload == {"NAME": "Zolc", "ÄÖÜ": "ß"}
        assert s.scalars(select(MatchLink.reason)).one() == "same phone, name 94% similar"
        assert s.scalars(select(Commitment)).one().history[0].reason == "promised on the call"
        assert s.scalars(select(SyncRun.rejections)).one() == [{"line": 7, "reason": "bad date"}]
        total = s.execute(select(func.sum(OrderLine.unit_price))).scalar_one()
        assert total == Decimal("499") and isinstance(total, Decimal)


def test_times_are_stored_in_utc_whatever_zone_they_arrive_in(database: Database) -> None:
    berlin_summer = timezone(timedelta(hours=2))
    with database.session() as s:
        s.add(
            TimelineEvent(
                source="x",
                source_type="x",
                external_id="1",
                kind="k",
                title="t",
                occurred_at=datetime(2026, 7, 1, 12, 0, tzinfo=berlin_summer),
                content_hash="h",
            )
        )
    with database.read_session() as s:
        stored = s.scalars(select(TimelineEvent.occurred_at)).one()
    assert stored == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert stored.tzinfo is not None and stored.utcoffset() == timedelta(0)


def test_naive_datetimes_and_float_money_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), database.session() as s:
        s.add(
            TimelineEvent(
                source="x",
                source_type="x",
                external_id="1",
                kind="k",
                title="t",
                occurred_at=datetime(2026, 1, 1),
                content_hash="h",
            )
        )
    with pytest.raises(StatementError, match="never a float"), database.session() as s:
        s.add(Product(sku="F", name="float", price=0.1))


def test_money_is_exact_to_four_places_and_rounds_half_even(database: Database) -> None:
    with database.session() as s:
        s.add_all(
            [
                Product(sku="A", name="a", price=Decimal("0.1") + Decimal("0.2")),
                Product(sku="B", name="b", price=Decimal("2.00005")),
                Product(sku="C", name="c", price="99999999999.9999"),
            ]
        )
    with database.read_session() as s:
        prices = dict(s.execute(select(Product.sku, Product.price)).all())
    assert prices == {"A": Decimal("0.3"), "B": Decimal("2.0000"), "C": Decimal("99999999999.9999")}


def _load_task(database: Database, task_id: int) -> tuple[Session, Task]:
    """How a desktop edits: load in one short transaction, keep the object, save later."""
    session = database.read_session()
    task = session.get(Task, task_id)
    session.commit()  # ends the read transaction; expire_on_commit=False keeps the values
    assert task is not None
    return session, task


def test_concurrent_edits_of_one_task_are_refused_not_overwritten(database: Database) -> None:
    with database.session() as s:
        task = Task(title="Send replacement", status="open")
        s.add(task)
    (my_session, mine), (their_session, theirs) = (
        _load_task(database, task.id),
        _load_task(database, task.id),
    )
    try:
        mine.title = "Send replacement today"
        my_session.commit()
        theirs.title = "Send refund instead"
        with pytest.raises(StaleDataError):
            their_session.commit()
    finally:
        my_session.close()
        their_session.close()
    with database.read_session() as s:
        saved = s.get(Task, task.id)
        assert saved is not None
        assert saved.title == "Send replacement today" and saved.version == 2


def test_a_write_from_an_outdated_open_transaction_is_refused(database: Database) -> None:
    """Even a session that kept its read transaction open cannot overwrite a newer save."""
    with database.session() as s:
        task = Task(title="v1", status="open")
        s.add(task)
    stale = database.read_session()
    try:
        old = stale.get(Task, task.id)
        assert old is not None
        with database.session() as s:
            newer = s.get(Task, task.id)
            assert newer is not None
            newer.title = "v2"
        old.title = "v1-edited"
        # PostgreSQL: the version check finds no row; SQLite: the stale snapshot cannot write
        with pytest.raises((StaleDataError, OperationalError)):
            stale.commit()
    finally:
        stale.close()
    with database.read_session() as s:
        saved = s.get(Task, task.id)
        assert saved is not None and saved.title == "v2"


def test_a_source_record_is_unique_per_source_entity_and_id(database: Database) -> None:
    def record() -> SourceRecord:
        return SourceRecord(
            source="erp", source_type="erp", entity="customer", external_id="1", content_hash="h"
        )

    with database.session() as s:
        s.add(record())
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(record())


def test_check_constraints_reject_unknown_values(database: Database) -> None:
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(Agent(username="x", display_name="X", role="superuser"))
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(_customer(value_tier="diamond"))


def test_deleting_a_customer_removes_preferences_and_notes_but_keeps_source_records(
    database: Database,
) -> None:
    with database.session() as s:
        c = _customer()
        c.preferences = [ContactPreference(channel="sms", opted_out=True)]
        c.notes = [Note(body="x")]
        s.add(c)
        s.flush()
        s.add(
            SourceRecord(
                source="erp",
                source_type="erp",
                entity="customer",
                external_id="7",
                customer_id=c.id,
                content_hash="h",
            )
        )
    with database.session() as s:
        s.delete(s.get(Customer, c.id))
    with database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(ContactPreference)) == 0
        assert s.scalar(select(func.count()).select_from(Note)) == 0
        assert s.scalars(select(SourceRecord.customer_id)).one() is None
