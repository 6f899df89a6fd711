"""Identity resolution in the store, on SQLite and PostgreSQL: links, guards, customers, the
journal, a person's pinned decisions, incremental runs equal to a rebuild."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from agent_desk.identity.decide import Decisions, IdentityError, find_record
from agent_desk.identity.explain import explain, open_possible, write_links_csv
from agent_desk.identity.resolver import Resolver
from agent_desk.store.database import Database
from agent_desk.store.models import (
    Customer,
    MatchLink,
    MergeJournalEntry,
    RecordKey,
    SourceRecord,
    Task,
)
from agent_desk.sync.writer import PageWriter
from connectors.base import EventRecord, Page, PersonRecord, PersonRef

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def put(
    db: Database, source: str, *records: PersonRecord, events: tuple[EventRecord, ...] = ()
) -> None:
    writer = PageWriter(source, "test", default_region="GB", now=lambda: NOW)
    with db.write() as conn:
        writer.write(conn, Page("main", {}, tuple(records), events))


def erp(n: str, given: str, family: str, **kw: Any) -> PersonRecord:
    return PersonRecord(
        entity="customer",
        external_id=n,
        given_name=given,
        family_name=family,
        erp_customer_number=n,
        country="GB",
        **kw,
    )


def shop(n: str, given: str, family: str, **kw: Any) -> PersonRecord:
    return PersonRecord(
        entity="customer", external_id=n, given_name=given, family_name=family, country="GB", **kw
    )


def customer_of(db: Database, source: str, external_id: str) -> int | None:
    with db.engine.connect() as conn:
        return conn.execute(
            sa.select(SourceRecord.__table__.c.customer_id).where(
                SourceRecord.__table__.c.source == source,
                SourceRecord.__table__.c.external_id == external_id,
            )
        ).scalar()


def partition(db: Database) -> set[frozenset[tuple[str, str]]]:
    groups: dict[int | None, set[tuple[str, str]]] = {}
    with db.engine.connect() as conn:
        t = SourceRecord.__table__
        for row in conn.execute(sa.select(t.c.source, t.c.external_id, t.c.customer_id)):
            groups.setdefault(row.customer_id, set()).add((row.source, row.external_id))
    assert None not in groups, "every record has a customer"
    return {frozenset(g) for g in groups.values()}


@pytest.fixture
def anna(database: Database) -> Database:
    """One person in three systems, spelled three ways."""
    put(
        database,
        "erp",
        erp(
            "100004",
            "ANNA",
            "NOWAK",
            birth_date=date(1984, 5, 2),
            street="Mill Lane 4",
            postcode="LS1 4AB",
            city="Leeds",
            phone="0113 496 0000",
        ),
    )
    put(
        database,
        "shop",
        shop(
            "6812001",
            "Anna",
            "Nowak",
            email="Anna.Nowak+shop@gmail.com",
            phone="+44 113 496 0000",
            street="4 Mill Lane",
            postcode="LS1 4AB",
            city="Leeds",
        ),
    )
    put(
        database,
        "tickets",
        PersonRecord(
            entity="user",
            external_id="380001",
            display_name="Anna Nowak",
            email="annanowak@gmail.com",
            erp_customer_number="100004",
        ),
    )
    Resolver(database).resolve_pending()
    return database


def test_one_person_in_three_systems_is_one_customer_with_reasons(anna: Database) -> None:
    ids = {
        customer_of(anna, s, x)
        for s, x in [("erp", "100004"), ("shop", "6812001"), ("tickets", "380001")]
    }
    assert len(ids) == 1 and None not in ids
    (cid,) = ids
    assert cid is not None
    why = explain(anna, cid)
    assert why.name == "Anna Nowak"  # names from the ERP record, not its upper case
    assert why.members[0].source == "erp" and why.members[0].via is None
    assert sorted(m.source for m in why.members) == ["erp", "shop", "tickets"]
    assert all(m.because and m.decided and m.decided.startswith("auto (") for m in why.members[1:])
    assert any("ERP customer number" in (m.because or "") for m in why.members), why.lines()
    with anna.engine.connect() as conn:
        customer = conn.execute(
            sa.select(Customer.__table__).where(Customer.__table__.c.id == cid)
        ).one()
    assert customer.phone_e164 == "+441134960000" and customer.birth_date == date(1984, 5, 2)
    out = io.StringIO()
    assert write_links_csv(anna, out) == 3
    lines = out.getvalue().splitlines()
    assert lines[0] == "source,external_id,customer_id,entity"
    assert f"erp,100004,{cid},customer" in lines


def test_a_household_email_and_a_switchboard_do_not_glue_people(database: Database) -> None:
    put(
        database,
        "shop",
        shop(
            "1",
            "Luca",
            "Gatti",
            email="famiglia.gatti@example.com",
            street="Via Roma 1",
            postcode="00100",
        ),
        shop(
            "2",
            "Margherita",
            "Gatti",
            email="famiglia.gatti@example.com",
            street="Via Roma 1",
            postcode="00100",
        ),
        *[
            shop(str(10 + i), g, f, phone="+44 20 7946 0000", company="Acme Ltd")
            for i, (g, f) in enumerate(
                [
                    ("John", "Smith"),
                    ("Priya", "Patel"),
                    ("Tom", "Brown"),
                    ("Mary", "Jones"),
                    ("Ahmed", "Khan"),
                    ("Lucy", "Wilson"),
                ]
            )
        ],
    )
    Resolver(database).resolve_pending()
    groups = partition(database)
    assert len(groups) == 8, "eight different people"


def test_an_incremental_run_equals_a_rebuild_and_keeps_customer_ids(anna: Database) -> None:
    put(anna, "shop", shop("6812002", "Bill", "Turner", email="bill@example.com"))
    put(anna, "erp", erp("100005", "William", "Turner", email="BILL@example.com"))
    Resolver(anna).resolve_pending()
    before = partition(anna)
    ids = {s: customer_of(anna, *s) for g in before for s in g}
    versions = customer_versions(anna)
    Resolver(anna).rebuild()
    assert partition(anna) == before
    assert {s: customer_of(anna, *s) for g in before for s in g} == ids
    # nothing changed, so nothing was written: an agent's open copy of a customer stays current
    assert customer_versions(anna) == versions
    put(anna, "erp", erp("100005", "William", "Turner", email="BILL@example.com", city="Leeds"))
    Resolver(anna).resolve_pending()
    turner = customer_of(anna, "erp", "100005")
    assert {c for c, v in customer_versions(anna).items() if v != versions[c]} == {turner}


def customer_versions(db: Database) -> dict[int, int]:
    with db.engine.connect() as conn:
        t = Customer.__table__
        return dict(conn.execute(sa.select(t.c.id, t.c.version)).all())  # type: ignore[arg-type]


def test_a_bridging_record_merges_two_customers_with_a_journal_entry_and_undo(
    database: Database,
) -> None:
    put(
        database,
        "erp",
        erp("200001", "Joanna", "Kowalska", postcode="00-950", birth_date=date(1990, 1, 2)),
    )
    put(
        database,
        "shop",
        shop("7001", "Joanna", "Kowalska", email="jk@example.pl", postcode="31-000"),
    )
    Resolver(database).resolve_pending()
    a, b = customer_of(database, "erp", "200001"), customer_of(database, "shop", "7001")
    assert a != b
    # a ticket requester carries both the ERP number and the shop's e-mail
    put(
        database,
        "tickets",
        PersonRecord(
            entity="user",
            external_id="9",
            display_name="Joanna Kowalska",
            email="jk@example.pl",
            erp_customer_number="200001",
        ),
    )
    report = Resolver(database).resolve_pending()
    assert report.merged == 1
    survivor = customer_of(database, "erp", "200001")
    assert (
        customer_of(database, "shop", "7001") == survivor == customer_of(database, "tickets", "9")
    )
    gone = b if survivor == a else a
    assert gone is not None
    why = explain(database, gone)
    assert why.customer_id == survivor and why.lines()[0].startswith(f"customer {gone} was merged")
    entry = report.journal[0]
    with database.engine.connect() as conn:
        row = conn.execute(
            sa.select(MergeJournalEntry.__table__).where(MergeJournalEntry.__table__.c.id == entry)
        ).one()
    assert row.action == "merge" and row.actor_rule.startswith("auto:")
    assert row.details["records"] and row.details["provenance"]["family_name"]

    Decisions(Resolver(database), "lead").undo(entry)
    assert customer_of(database, "erp", "200001") != customer_of(database, "shop", "7001")
    Resolver(database).rebuild()  # the undo is pinned: a rebuild does not redo the merge
    assert customer_of(database, "erp", "200001") != customer_of(database, "shop", "7001")
    with pytest.raises(IdentityError, match="already undone"):
        Decisions(Resolver(database), "lead").undo(entry)


def test_a_manual_merge_survives_rebuild_and_sync_and_undo_restores(anna: Database) -> None:
    put(anna, "shop", shop("6812009", "Ann", "Smith", email="ann.smith@example.com"))
    Resolver(anna).resolve_pending()
    a = customer_of(anna, "erp", "100004")
    b = customer_of(anna, "shop", "6812009")
    assert a is not None and b is not None and a != b
    with anna.write() as conn:  # an agent's task on the customer that goes away
        conn.execute(
            sa.insert(Task.__table__).values(
                customer_id=b,
                title="Call back",
                status="open",
                created_at=NOW,
                updated_at=NOW,
                version=1,
            )
        )
    decisions = Decisions(Resolver(anna), "agent.smith")
    preview = decisions.preview_merge(a, b)
    assert preview.survivor is not None and preview.survivor[0] == a  # three records beat one
    assert [r.external_id for r in preview.records] == ["6812009"] and preview.owned == {"tasks": 1}
    report = decisions.merge(a, b)
    assert customer_of(anna, "shop", "6812009") == a
    with anna.engine.connect() as conn:
        assert conn.execute(sa.select(Task.__table__.c.customer_id)).scalar() == a
    Resolver(anna).rebuild()
    put(anna, "shop", shop("6812009", "Ann", "Smith", email="ann.smith@example.com", city="York"))
    Resolver(anna).resolve_pending()
    assert customer_of(anna, "shop", "6812009") == a, "pinned: survives rebuild and sync"
    decisions.undo(report.journal[0])
    assert customer_of(anna, "shop", "6812009") == b
    with anna.engine.connect() as conn:
        assert conn.execute(sa.select(Task.__table__.c.customer_id)).scalar() == b, (
            "the task goes back"
        )
        assert (
            conn.execute(
                sa.select(Customer.__table__.c.merged_into_id).where(Customer.__table__.c.id == b)
            ).scalar()
            is None
        )


def test_a_split_is_pinned_and_survives_rebuild(anna: Database) -> None:
    cid = customer_of(anna, "erp", "100004")
    with anna.engine.connect() as conn:
        record = find_record(conn, "tickets:380001")
    decisions = Decisions(Resolver(anna), "agent.smith")
    preview = decisions.preview_split(record)
    assert preview.other is not None and preview.other[0] == cid
    report = decisions.split(record)
    assert report.split == 1
    new = customer_of(anna, "tickets", "380001")
    assert new not in (None, cid)
    Resolver(anna).rebuild()
    assert customer_of(anna, "tickets", "380001") == new
    assert customer_of(anna, "shop", "6812001") == cid
    with pytest.raises(IdentityError, match="only record"):
        decisions.split(record)


def test_possible_pairs_are_confirmed_or_rejected_by_a_person(database: Database) -> None:
    put(
        database,
        "erp",
        erp(
            "300001",
            "Katarzyna",
            "Wiśniewska",
            street="ul. Długa 5",
            postcode="80-001",
            city="Gdańsk",
        ),
    )
    put(
        database,
        "shop",
        shop(
            "8001",
            "Kasia",
            "Wisniewska",
            street="Dluga 5",
            postcode="80-001",
            city="Gdansk",
            email="kasia.w@example.pl",
        ),
    )
    Resolver(database).resolve_pending()
    pending = open_possible(database)
    if not pending:
        pytest.fail("expected a possible same person: nickname, no shared e-mail or phone")
    pair, _customer, _name = pending[0]
    decisions = Decisions(Resolver(database), "agent.smith")
    decisions.reject(pair.link_id)
    assert open_possible(database) == []
    Resolver(database).rebuild()
    assert open_possible(database) == [], "a rejected pair is never proposed again"
    with database.engine.connect() as conn:
        row = conn.execute(
            sa.select(MatchLink.__table__).where(MatchLink.__table__.c.id == pair.link_id)
        ).one()
    assert (row.decision, row.pinned) == ("different", True)


def test_a_deleted_person_leaves_matching(anna: Database) -> None:
    cid = customer_of(anna, "erp", "100004")
    put(
        anna,
        "tickets",
        PersonRecord(
            entity="user",
            external_id="380001",
            display_name="Anna Nowak",
            email="annanowak@gmail.com",
            erp_customer_number="100004",
            deleted=True,
        ),
    )
    Resolver(anna).resolve_pending()
    with anna.engine.connect() as conn:
        t = MatchLink.__table__
        rid = find_record(conn, "tickets:380001")
        assert (
            conn.execute(
                sa.select(sa.func.count()).where(
                    sa.or_(t.c.record_a_id == rid, t.c.record_b_id == rid)
                )
            ).scalar()
            == 0
        )
    assert customer_of(anna, "erp", "100004") == cid


def _order(n: str, customer: str) -> EventRecord:
    return EventRecord(
        external_id=f"order/{n}/placed",
        person=PersonRef("customer", customer),
        kind="order_placed",
        occurred_at=NOW,
        title=f"Order #{n} placed",
        category="commercial",
        reference=f"#{n}",
        owns=f"order:{n}",
    )


def zuser(n: str, name: str, email: str) -> PersonRecord:
    return PersonRecord(entity="user", external_id=n, display_name=name, email=email)


def _ticket(n: str, user: str, *mentions: str) -> EventRecord:
    return EventRecord(
        external_id=f"ticket/{n}/opened",
        person=PersonRef("user", user),
        kind="ticket_opened",
        occurred_at=NOW,
        title="Where is my order?",
        reference=f"#{n}",
        mentions=mentions,
    )


def test_a_ticket_about_an_order_links_its_requester_to_the_orders_customer(
    database: Database,
) -> None:
    # the shop customer and the ticket's requester share no e-mail, phone or address: only
    # the order the ticket is about (the ticket may arrive before the order, or after)
    put(
        database,
        "tickets",
        zuser("380001", "Olivia Kelly", "o.kelly@outlook.com"),
        zuser("380002", "Mark Stone", "mstone@example.org"),
        events=(_ticket("7001", "380001", "order:1004"), _ticket("7002", "380002", "order:1005")),
    )
    put(
        database,
        "shop",
        shop("51", "Olivia", "Kelly", email="oliviakelly75@example.com", postcode="M14 0PE"),
        shop("52", "Sarah", "Brown", email="sbrown@example.com"),
        events=(_order("1004", "51"), _order("1005", "52")),
    )
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "380001") == customer_of(database, "shop", "51")
    # a requester whose name contradicts the order's customer is not merged on the order alone
    assert customer_of(database, "tickets", "380002") != customer_of(database, "shop", "52")
    with database.engine.connect() as conn:
        t = MatchLink.__table__
        rule, reason, decision = conn.execute(
            sa.select(t.c.rule, t.c.reason, t.c.decision).where(
                t.c.record_a_id == find_record(conn, "tickets:380001")
            )
        ).one()
    assert (rule, decision) == ("reference", "same") and "both refer to order 1004" in reason
    lines = explain(database, customer_of(database, "shop", "51") or 0)
    assert any("order 1004" in (m.because or "") for m in lines.members)

    # the keys are stored once however often the pages come again; a rebuild agrees
    put(
        database,
        "tickets",
        zuser("380001", "Olivia Kelly", "o.kelly@outlook.com"),
        events=(_ticket("7001", "380001", "order:1004"),),
    )
    with database.engine.connect() as conn:
        k = RecordKey.__table__
        assert conn.execute(sa.select(sa.func.count()).select_from(k)).scalar() == 4
    before = partition(database)
    Resolver(database).rebuild()
    assert partition(database) == before


def test_a_key_learnt_later_flags_the_record_and_merges_incrementally(database: Database) -> None:
    put(
        database,
        "shop",
        shop("61", "Lena", "Krause", email="l.krause@web.de"),
        events=(_order("2001", "61"),),
    )
    put(database, "tickets", zuser("390001", "Lena Krause", "lena.k@gmx.de"))
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "390001") != customer_of(database, "shop", "61")
    # the requester's next ticket is about that order: the record is resolved again
    put(database, "tickets", events=(_ticket("7101", "390001", "order:2001"),))
    with database.engine.connect() as conn:
        r = SourceRecord.__table__
        assert conn.execute(
            sa.select(r.c.resolve_pending).where(r.c.external_id == "390001")
        ).scalar()
    report = Resolver(database).resolve_pending()
    assert report.records == 1 and report.merged == 1
    assert customer_of(database, "tickets", "390001") == customer_of(database, "shop", "61")


def test_a_key_owned_twice_or_named_only_by_family_gives_no_evidence(database: Database) -> None:
    # two shops numbering orders alike: order 3001 has two owners, so it ties nobody
    put(database, "shop", shop("71", "Thomas", "Muller", email="t.m@a.example"),
        events=(_order("3001", "71"),))  # fmt: skip
    put(database, "woo", shop("81", "Thomas", "Muller", email="tm@b.example"),
        events=(_order("3001", "81"),))  # fmt: skip
    put(database, "tickets", zuser("390101", "Thomas Muller", "thomas@c.example"),
        events=(_ticket("7201", "390101", "order:3001"),))  # fmt: skip
    # a requester known by the family name only, about a gift order: no merge on that alone
    put(database, "shop", shop("72", "Greta", "Schmidt", email="greta@d.example"),
        events=(_order("3002", "72"),))  # fmt: skip
    put(database, "tickets", zuser("390102", "Schmidt", "schmidt.family@e.example"),
        events=(_ticket("7202", "390102", "order:3002"),))  # fmt: skip
    Resolver(database).resolve_pending()
    customers = {customer_of(database, s, x) for s, x in (("shop", "71"), ("woo", "81"),
                 ("tickets", "390101"))}  # fmt: skip
    assert len(customers) == 3
    assert customer_of(database, "tickets", "390102") != customer_of(database, "shop", "72")


def test_a_ticket_moved_to_another_requester_takes_its_key_along(database: Database) -> None:
    put(database, "shop", shop("91", "Nina", "Berg", email="nina@x.example"),
        events=(_order("4001", "91"),))  # fmt: skip
    put(database, "tickets", zuser("390201", "Nina Berg", "n.berg@y.example"),
        zuser("390202", "Nina Berg", "nb@z.example"),
        events=(_ticket("7301", "390201", "order:4001"),))  # fmt: skip
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "390201") == customer_of(database, "shop", "91")
    assert customer_of(database, "tickets", "390202") != customer_of(database, "shop", "91")
    # the help desk corrects the ticket's requester: the key moves, both records are redone
    put(database, "tickets", events=(_ticket("7301", "390202", "order:4001"),))
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "390201") != customer_of(database, "shop", "91")
    assert customer_of(database, "tickets", "390202") == customer_of(database, "shop", "91")
    # the ticket is deleted: its key goes, and so does the link
    deleted = _ticket("7301", "390202", "order:4001")
    put(database, "tickets", events=(replace(deleted, deleted=True),))
    with database.engine.connect() as conn:
        k = RecordKey.__table__
        assert conn.execute(sa.select(k.c.key).where(k.c.source == "tickets")).all() == []
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "390202") != customer_of(database, "shop", "91")
    before = partition(database)
    Resolver(database).rebuild()
    assert partition(database) == before


def test_a_second_owner_going_away_lets_the_key_count_again(database: Database) -> None:
    # two shops own order 5001, so the ticket about it ties nobody ...
    put(database, "shop", shop("101", "Ida", "Lund", email="ida@a.example"),
        events=(_order("5001", "101"),))  # fmt: skip
    put(database, "woo", shop("201", "Ida", "Lund", email="lund@b.example"),
        events=(_order("5001", "201"),))  # fmt: skip
    put(database, "tickets", zuser("390301", "Ida Lund", "i.lund@c.example"),
        events=(_ticket("7401", "390301", "order:5001"),))  # fmt: skip
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "390301") != customer_of(database, "shop", "101")
    # ... until the second shop's order turns out to be a test order and is deleted
    gone = replace(_order("5001", "201"), deleted=True)
    put(database, "woo", events=(gone,))
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "390301") == customer_of(database, "shop", "101")
    before = partition(database)
    Resolver(database).rebuild()
    assert partition(database) == before


def test_a_deleted_record_leaves_its_groups_decided_again(database: Database) -> None:
    # a household mailbox: Anna and Ben share it, so the nameless ticket user is not merged
    put(database, "erp", erp("100201", "Anna", "Roth", email="roth.home@example.com"),
        erp("100202", "Ben", "Roth", email="roth.home@example.com"))  # fmt: skip
    put(database, "tickets", PersonRecord(entity="user", external_id="390401",
        email="roth.home@example.com"))  # fmt: skip
    Resolver(database).resolve_pending()
    assert customer_of(database, "tickets", "390401") != customer_of(database, "erp", "100201")
    # Ben's account is deleted: the mailbox is Anna's alone, as a rebuild would find
    put(database, "erp", replace(erp("100202", "Ben", "Roth", email="roth.home@example.com"),
        deleted=True))  # fmt: skip
    Resolver(database).resolve_pending()
    after = partition(database)
    Resolver(database).rebuild()
    assert partition(database) == after
