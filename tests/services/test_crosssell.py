"""Cross-sell on SQLite and PostgreSQL: mining (support, confidence, lift), the catalog rules,
life-event triggers, ranking, satisfy first, opt-outs, cool-downs, and one-click offers with
their outcomes. Data goes in through the sync's page writer and identity resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from agent_desk.errors import AgentDeskError
from agent_desk.identity.resolver import Resolver
from agent_desk.services import audit, commitments, mining, offers, tasks
from agent_desk.services.catalog import CatalogError, load_catalog, parse_policy, parse_products
from agent_desk.services.profile import Preference, set_preferences
from agent_desk.services.suggest import Advice, suggest
from agent_desk.store.database import Database
from agent_desk.store.models import Offer, OrderLine, Product, TimelineEvent
from agent_desk.sync.writer import PageWriter
from connectors.base import EventRecord, OrderLineRecord, Page, PersonRecord, PersonRef
from tests.services.test_search import customer_of

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
CATALOG = load_catalog()


def person(n: str, given: str = "Ann", family: str = "Lee", **kw: Any) -> PersonRecord:
    return PersonRecord(
        entity="customer",
        external_id=n,
        given_name=given,
        family_name=family,
        email=f"{given}.{family}.{n}@example.com".lower(),
        country="GB",
        **kw,
    )


def line(n: str, order: str, sku: str, at: datetime, qty: int = 1, status: str = "fulfilled"):
    return OrderLineRecord(
        order_external_id=order,
        line_external_id=f"{order}-{sku}",
        person=PersonRef("customer", n),
        name=CATALOG.products[sku].name,
        quantity=Decimal(qty),
        ordered_at=at,
        sku=sku,
        unit_price=CATALOG.products[sku].price,
        currency="EUR",
        order_reference=f"#{order}",
        status=status,
    )


def write(
    db: Database,
    source: str = "shop",
    persons: tuple[PersonRecord, ...] = (),
    events: tuple[EventRecord, ...] = (),
    lines: tuple[OrderLineRecord, ...] = (),
    now: datetime = T0,
) -> None:
    writer = PageWriter(source, "test", default_region="GB", now=lambda: now)
    with db.write() as conn:
        writer.write(conn, Page("main", {}, persons, events, lines))
    Resolver(db).resolve_pending()


def buyer(db: Database, n: str, *bought: tuple[str, datetime], given: str = "Ann") -> int:
    write(
        db,
        persons=(person(n, given),),
        lines=tuple(line(n, f"{n}{i}", sku, at) for i, (sku, at) in enumerate(bought)),
    )
    return customer_of(db, "shop", n)


def advice(db: Database, customer: int, now: datetime = T0) -> Advice:
    with db.engine.connect() as conn:
        return suggest(conn, customer, CATALOG, now=now)


def skus(result: Advice) -> list[str]:
    return [s.sku for s in result.suggestions]


# -- mining -------------------------------------------------------------------------------------


def test_mining_counts_support_confidence_and_lift_exactly() -> None:
    baskets = [(1, "A"), (1, "B"), (2, "A"), (2, "B"), (3, "A"), (3, "A"), (4, "C"), (5, "B")]
    mined = mining.mine(baskets, min_customers=2, min_confidence=0.1, min_lift=1.0)
    assert mined.baskets == 5 and mined.items == {"A": 3, "B": 3, "C": 1}
    rules = {(r.antecedent, r.consequent): r for r in mined.rules}
    assert set(rules) == {("A", "B"), ("B", "A")}  # C never came with anything
    ab = rules[("A", "B")]
    assert ab.customers == 2 and ab.antecedent_customers == 3
    assert ab.support == pytest.approx(2 / 5)
    assert ab.confidence == pytest.approx(2 / 3)
    assert ab.lift == pytest.approx((2 / 3) / (3 / 5))
    # thresholds: too few customers together, or too weak a lift, is no rule
    assert not mining.mine(baskets, min_customers=3).rules
    assert not mining.mine(baskets, min_customers=2, min_lift=1.2).rules


def test_refresh_loads_the_catalog_mines_and_skips_when_nothing_changed(database: Database) -> None:
    for i in range(25):  # 25 coffee machine buyers, 20 of whom bought capsules too
        bought = [("CM-100", T0 - timedelta(days=60))]
        if i < 20:
            bought.append(("CAP-INT-50", T0 - timedelta(days=60)))
        buyer(database, f"90{i:02}", *bought)
    for i in range(25):
        buyer(database, f"80{i:02}", ("PR-100", T0 - timedelta(days=60)))

    report = mining.refresh(database, CATALOG)

    assert (
        report.mined and report.baskets == 50 and report.products_changed == len(CATALOG.products)
    )
    with database.engine.connect() as conn:
        rules = mining.rules_from(conn, ["CM-100"])
        linked = conn.execute(
            sa.select(sa.func.count()).where(OrderLine.__table__.c.product_id.is_not(None))
        ).scalar()
        price = conn.execute(
            sa.select(Product.__table__.c.price).where(Product.__table__.c.sku == "CM-100")
        ).scalar()
    assert linked == 70 and Decimal(price) == Decimal("99.00")
    assert [(r.consequent, r.customers) for r in rules] == [("CAP-INT-50", 20)]
    assert rules[0].confidence == pytest.approx(0.8) and rules[0].lift == pytest.approx(
        0.8 / (20 / 50)
    )
    again = mining.refresh(database, CATALOG)
    assert not again.mined and again.rules == 2
    buyer(database, "7000", ("PR-100", T0))  # a new order: mined again
    assert mining.refresh(database, CATALOG).mined


# -- the catalog's rules ------------------------------------------------------------------------


def test_a_new_device_gets_its_warranty_and_accessories_never_itself(database: Database) -> None:
    bought = T0 - timedelta(days=10)
    ann = buyer(database, "1001", ("CM-200", bought))

    found = advice(database, ann)

    assert "CM-200" not in skus(found)
    first = found.suggestions[0]
    assert first.sku == "WAR-CM200-3Y" and first.kind == "warranty"
    assert first.reason == (
        "Extended warranty for the Barista Pro espresso machine bought on 23 Oct: can be added "
        "until 22 Nov"
    )
    assert first.channel == "phone" and first.price == Decimal("49.00")
    assert {"CUP-SET-4"} <= set(skus(advice(database, ann, T0 + timedelta(days=25))))
    # past the window the warranty is no longer offered
    assert "WAR-CM200-3Y" not in skus(advice(database, ann, bought + timedelta(days=31)))


def test_a_consumable_comes_back_when_it_runs_out_and_not_before(database: Database) -> None:
    ann = buyer(database, "1002", ("WJ-100", T0 - timedelta(days=400)),
                ("WJ-CART-3", T0 - timedelta(days=80)))  # fmt: skip

    due = advice(database, ann)  # 3-pack lasts 84 days: due in 4 days
    refill = next(s for s in due.suggestions if s.sku == "WJ-CART-3")
    assert refill.kind == "refill" and due.suggestions[0].sku == "WJ-CART-3"
    assert refill.reason == (
        "Runs out around 06 Nov: bought 1 on 14 Aug 2026; one lasts about 84 days"
    )
    early = advice(database, ann, T0 - timedelta(days=40))
    assert "WJ-CART-3" not in skus(early)
    long_gone = advice(database, ann, T0 + timedelta(days=120))  # stopped using it
    assert "WJ-CART-3" not in skus(long_gone)


def test_an_upgrade_only_after_a_year_and_a_mined_rule_says_why(database: Database) -> None:
    for i in range(30):  # printer buyers: most bought the colour ink too
        bought = [("PR-100", T0 - timedelta(days=200))]
        if i < 24:
            bought.append(("INK-21-CL", T0 - timedelta(days=200)))
        buyer(database, f"50{i:02}", *bought)
        buyer(database, f"60{i:02}", ("TV-50", T0 - timedelta(days=200)), given="Tv")
    bob = buyer(database, "1003", ("PR-100", T0 - timedelta(days=400)), given="Bob")
    mining.refresh(database, CATALOG)

    found = advice(database, bob)

    by_sku = {s.sku: s for s in found.suggestions}
    assert by_sku["INK-21-CL"].kind == "bought together"
    # 24 of the 31 printer buyers (Bob too) bought it: 77%; 24 of all 61 customers: lift 2.0
    assert by_sku["INK-21-CL"].reason == (
        "77% of customers who bought the InkJet Home 2100 printer also bought the Ink cartridge "
        "21 colour; lift 2.0"
    )
    with database.engine.connect() as conn:
        more = suggest(conn, bob, CATALOG, now=T0, limit=10)
    assert "PR-200" in skus(more)  # the upgrade, after more than a year
    young = buyer(database, "1004", ("PR-100", T0 - timedelta(days=30)), given="Cy")
    with database.engine.connect() as conn:
        assert "PR-200" not in skus(suggest(conn, young, CATALOG, now=T0, limit=10))


def test_a_move_seen_in_the_erp_raises_new_home_offers(database: Database) -> None:
    old = person("2001", street="1 Old Road", postcode="LS1 1AA", city="Leeds")
    write(
        database,
        "erp",
        persons=(old,),
        lines=(line("2001", "o1", "TV-50", T0 - timedelta(days=300)),),
    )
    new = person("2001", street="9 New Street", postcode="M1 1AA", city="Manchester",
                 updated_at=T0 - timedelta(days=3))  # fmt: skip
    write(database, "erp", persons=(new,))
    write(database, "erp", persons=(new,))  # the same again: no second event
    cid = customer_of(database, "erp", "2001")
    with database.engine.connect() as conn:
        moves = conn.execute(
            sa.select(TimelineEvent.__table__.c.title).where(
                TimelineEvent.__table__.c.customer_id == cid,
                TimelineEvent.__table__.c.kind == "address_changed",
            )
        ).scalars().all()  # fmt: skip
    assert moves == ["Address changed: 9 New Street, M1 1AA Manchester"]

    found = advice(database, cid)

    moved = [s for s in found.suggestions if s.kind == "moved"]
    assert moved and moved[0].reason.startswith("Moved 3 days ago (new address in erp on 30 Oct)")
    assert "MOUNT-TV" in skus(found)  # a TV owner who moved: the wall mount first
    later = advice(database, cid, T0 + timedelta(days=100))
    assert not [s for s in later.suggestions if s.kind == "moved"]


def test_a_contract_about_to_end_raises_its_renewal(database: Database) -> None:
    contract = EventRecord(
        external_id="contract/CT0000001",
        person=PersonRef("customer", "3001"),
        kind="contract_started",
        category="commercial",
        occurred_at=T0 - timedelta(days=340),
        title="Contract CT0000001 (SVC-HOME-12M)",
        reference="CT0000001",
        payload={"sku": "SVC-HOME-12M", "end_date": (T0 + timedelta(days=25)).date().isoformat()},
    )
    write(database, "erp", persons=(person("3001"),), events=(contract,),
          lines=(line("3001", "o1", "TH-100", T0 - timedelta(days=340)),))  # fmt: skip
    cid = customer_of(database, "erp", "3001")

    found = advice(database, cid)

    assert found.suggestions[0].sku == "SVC-HOME-12M"
    assert found.suggestions[0].reason == (
        "Their Smart home protect plan (12 months) (CT0000001) ends on 27 Nov 2026: renewal"
    )
    early = advice(database, cid, T0 - timedelta(days=200))  # 225 days left: no renewal yet
    assert not [s for s in early.suggestions if s.kind == "contract"]


# -- satisfy first, opt-outs, cool-down ---------------------------------------------------------


def ticket(n: str, status: str, at: datetime = T0 - timedelta(days=2)) -> EventRecord:
    return EventRecord(
        external_id=f"ticket/{n}/opened",
        person=PersonRef("customer", n),
        kind="ticket_opened",
        occurred_at=at,
        title="Machine leaks water",
        status=status,
        reference=f"T-{n}",
    )


def test_an_open_complaint_holds_every_offer_and_says_why(database: Database) -> None:
    ann = buyer(database, "4001", ("CM-200", T0 - timedelta(days=10)))
    assert advice(database, ann).suggestions
    write(database, persons=(person("4001"),), events=(ticket("4001", "open"),))

    held = advice(database, ann)

    assert held.suggestions == []
    assert held.held == ["Open complaint: Machine leaks water (T-4001, 2 days ago)"]
    good = next(iter(advice(database, buyer(database, "4002", ("CM-200", T0))).suggestions))
    with pytest.raises(AgentDeskError, match="No offer now: Open complaint"):
        offers.make_offer(database, ann, good, "alice", now=T0)
    # solved: offers come back
    write(database, persons=(person("4001"),), events=(ticket("4001", "solved"),))
    assert advice(database, ann).suggestions


def test_a_broken_or_overdue_promise_or_a_bad_rating_holds_offers(database: Database) -> None:
    ann = buyer(database, "4101", ("CM-200", T0 - timedelta(days=10)))
    promise = commitments.create(
        database, ann, "alice", kind="call_back", description="Call back about the leak",
        due_at=T0 - timedelta(days=1), now=T0 - timedelta(days=3),
    )  # fmt: skip
    assert advice(database, ann).held == [
        "Promise overdue since 1 day ago: Call back about the leak"
    ]
    commitments.review(database, now=T0 + timedelta(days=1))  # past the grace: broken
    assert advice(database, ann, T0 + timedelta(days=1)).held == [
        "Broken promise: Call back about the leak"
    ]
    assert commitments.get(database, promise, now=T0).state == "broken"

    bob = buyer(database, "4102", ("CM-200", T0 - timedelta(days=10)), given="Bob")
    rating = EventRecord(
        external_id="ticket/4102/satisfaction",
        person=PersonRef("customer", "4102"),
        kind="satisfaction_rated",
        occurred_at=T0 - timedelta(days=20),
        title="Rated bad: late delivery",
        status="bad",
    )
    write(database, persons=(person("4102", "Bob"),), events=(rating,))
    assert advice(database, bob).held == ["Rated the service bad 20 days ago"]
    assert advice(database, bob, T0 + timedelta(days=200)).suggestions  # long ago now


def test_opt_outs_choose_the_channel_and_do_not_contact_holds(database: Database) -> None:
    ann = buyer(database, "4201", ("CM-200", T0 - timedelta(days=10)))
    set_preferences(database, ann, "alice", {
        "phone": Preference("phone", True, False), "email": Preference("email", False, True),
    })  # fmt: skip
    found = advice(database, ann)
    assert found.channels[0] == "email" and "phone" not in found.channels
    assert {s.channel for s in found.suggestions} == {"email"}
    with pytest.raises(AgentDeskError, match="opted out of phone"):
        offers.make_offer(database, ann, found.suggestions[0], "alice", channel="phone", now=T0)

    every = ("phone", "email", "sms", "post", "chat")
    set_preferences(database, ann, "alice", {c: Preference(c, True, False) for c in every})
    assert advice(database, ann).held == ["Do not contact: opted out of every channel"]


def test_declined_is_not_offered_again_within_the_cool_down(database: Database) -> None:
    ann = buyer(database, "4301", ("CM-200", T0 - timedelta(days=10)))
    warranty = advice(database, ann).suggestions[0]
    offer = offers.make_offer(database, ann, warranty, "alice", now=T0)
    assert "WAR-CM200-3Y" not in skus(advice(database, ann, T0 + timedelta(hours=1)))  # pending
    offers.set_outcome(database, offer, "declined", "alice", now=T0 + timedelta(hours=1))

    cups = "CUP-SET-4"
    with database.engine.connect() as conn:
        soon = suggest(conn, ann, CATALOG, now=T0 + timedelta(days=5), limit=10)
    assert "WAR-CM200-3Y" not in skus(soon) and cups in skus(soon)
    first_cups = next(s for s in soon.suggestions if s.sku == cups)
    declined = offers.make_offer(database, ann, first_cups, "alice", now=T0 + timedelta(days=5))
    offers.set_outcome(database, declined, "declined", "alice", now=T0 + timedelta(days=5))
    with database.engine.connect() as conn:
        in_cool_down = suggest(conn, ann, CATALOG, now=T0 + timedelta(days=60), limit=10)
        after = suggest(conn, ann, CATALOG, now=T0 + timedelta(days=96), limit=10)
    assert cups not in skus(in_cool_down)
    assert cups in skus(after)  # 90 days on, it may be offered again


# -- one click: the offer, its event and task, the outcome, the rates ---------------------------


def test_one_click_offer_logs_the_event_task_and_outcome(database: Database) -> None:
    ann = buyer(database, "4401", ("CM-200", T0 - timedelta(days=10)))
    warranty = advice(database, ann).suggestions[0]

    offer_id = offers.make_offer(database, ann, warranty, "alice", follow_up_days=3, now=T0)

    view = offers.get(database, offer_id)
    assert (view.sku, view.outcome, view.channel, view.offered_by) == (
        "WAR-CM200-3Y",
        "pending",
        "phone",
        "alice",
    )
    ev = TimelineEvent.__table__
    with database.engine.connect() as conn:
        event = conn.execute(sa.select(ev).where(ev.c.id == view.event_id)).one()
    assert event.kind == "offer_made" and event.customer_id == ann
    assert event.title == "Offered Extended warranty 3 years for Barista Pro (49.00 EUR) by phone"
    assert event.body == warranty.reason and event.status == "pending"
    follow = tasks.of_customer(database, ann, now=T0)
    assert [(t.title, t.due_at) for t in follow] == [
        (
            "Follow up on the offer: Extended warranty 3 years for Barista Pro",
            T0 + timedelta(days=3),
        )
    ]

    offers.set_outcome(database, offer_id, "later", "bob", version=view.version)
    with pytest.raises(audit.Conflict):  # alice saw the version before bob's answer: refused
        offers.set_outcome(database, offer_id, "accepted", "alice", version=view.version)
    offers.set_outcome(database, offer_id, "accepted", "alice", now=T0 + timedelta(minutes=5))
    with database.engine.connect() as conn:
        assert conn.execute(sa.select(ev.c.status).where(ev.c.id == view.event_id)).scalar() == (
            "accepted"
        )
    assert [t.status for t in tasks.of_customer(database, ann, now=T0)] == ["done"]
    with pytest.raises(AgentDeskError, match="accepted, declined or later"):
        offers.set_outcome(database, offer_id, "maybe", "alice")

    bob = buyer(database, "4402", ("CM-200", T0 - timedelta(days=10)), given="Bob")
    other = offers.make_offer(database, bob, advice(database, bob).suggestions[0], "bob", now=T0)
    offers.set_outcome(database, other, "declined", "bob", now=T0)
    rates = {r.rule: r for r in offers.acceptance(database)}
    assert (rates["warranty"].offered, rates["warranty"].accepted) == (2, 1)
    assert rates["warranty"].declined == 1 and rates["warranty"].rate == pytest.approx(0.5)
    per_rule = offers.acceptance(database, by="rule")
    assert [r.rule for r in per_rule] == ["warranty for CM-200"]
    with database.engine.connect() as conn:
        rows = conn.execute(sa.select(Offer.__table__.c.outcome)).scalars().all()
    assert sorted(rows) == ["accepted", "declined"]


# -- the catalog files --------------------------------------------------------------------------


def test_catalog_mistakes_name_the_file_line_and_field(tmp_path: Path) -> None:
    header = (
        "sku,name,category,kind,price,currency,margin_pct,replenish_days,warranty_for_sku,"
        "accessory_of_sku,upgrade_of_sku\n"
    )
    with pytest.raises(CatalogError, match=r"products.csv line 3, price: 'twelve' is not a price"):
        parse_products(header + "A,a,x,device,1,EUR,10,,,,\nB,b,x,device,twelve,EUR,,,,,\n",
                       "products.csv")  # fmt: skip
    with pytest.raises(CatalogError, match=r"B accessory_of_sku .ZZ. is not in the catalog"):
        parse_products(header + "B,b,x,accessory,1,EUR,,,,ZZ,\n", "products.csv")
    with pytest.raises(CatalogError, match="lacks the column"):
        parse_products("sku,name\nA,a\n", "products.csv")
    with pytest.raises(CatalogError, match=r"warranty.within_days = -3 is not a number of days"):
        parse_policy("[warranty]\nwithin_days = -3\n", "cross_sell.toml")
    with pytest.raises(CatalogError, match="is not valid TOML"):
        parse_policy("[warranty\n", "cross_sell.toml")
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "products.csv").write_text(header + "A,Alpha,x,device,10,EUR,20,,,,\n")
    (folder / "cross_sell.toml").write_text("[triggers.moved]\nskus = ['NOPE']\n")
    with pytest.raises(CatalogError, match=r"names .NOPE., which is not in products\.csv"):
        load_catalog(folder)
    (folder / "cross_sell.toml").write_text("[warranty]\nwithin_days = 10\n")
    own = load_catalog(folder)
    assert own.policy.warranty_days == 10 and list(own.products) == ["A"]
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(tmp_path / "missing")


def test_mining_after_a_sync_reports_a_broken_catalog_and_never_raises(
    database: Database, tmp_path: Path
) -> None:
    from agent_desk.services.sync import mine_after_sync
    from agent_desk.settings import Settings

    message = mine_after_sync(database, Settings(catalog_dir=str(tmp_path / "gone")))
    assert message.startswith("cross-sell rules not mined again: catalog file ")
    assert "does not exist" in message
    assert mine_after_sync(database, Settings()).startswith("cross-sell rules: 0 from 0")


# -- what the independent review found ----------------------------------------------------------


def test_a_rule_cannot_bring_back_a_warranty_or_an_upgrade_out_of_their_window() -> None:
    from agent_desk.services.suggest import Bought, History, rank

    rules = [
        mining.Rule("CM-200", "WAR-CM200-3Y", 50, 100, 0.1, 0.5, 5.0),
        mining.Rule("CM-200", "CM-300", 40, 100, 0.1, 0.4, 4.0),
    ]
    old = History([Bought("CM-200", Decimal(1), T0 - timedelta(days=700))])
    young = History([Bought("CM-200", Decimal(1), T0 - timedelta(days=20))])
    assert "WAR-CM200-3Y" not in skus_of(rank(old, rules, CATALOG, T0, 10))
    assert "CM-300" in skus_of(rank(old, rules, CATALOG, T0, 10))  # had it two years
    young_top = skus_of(rank(young, rules, CATALOG, T0, 10))
    assert "WAR-CM200-3Y" in young_top and "CM-300" not in young_top  # upgrade too soon


def skus_of(found: list[Any]) -> list[str]:
    return [s.sku for s in found]


def test_a_cancelled_or_replaced_contract_raises_no_renewal() -> None:
    from agent_desk.services.suggest import Bought, History, LifeEvent, rank

    ends = (T0 + timedelta(days=20)).date()
    bought = [Bought("TH-100", Decimal(1), T0 - timedelta(days=340))]

    def contract(status: str, until: Any = ends, ref: str = "CT1") -> LifeEvent:
        return LifeEvent("contract", T0 - timedelta(days=340), "erp", ref, "SVC-HOME-12M",
                         until, status)  # fmt: skip

    def kinds(*life: LifeEvent) -> list[str]:
        return [s.kind for s in rank(History(bought, list(life)), [], CATALOG, T0, 10)]

    assert "contract" in kinds(contract("active"))
    assert "contract" not in kinds(contract("cancelled"))  # notice given
    renewed = contract("active", (T0 + timedelta(days=385)).date(), "CT2")
    assert "contract" not in kinds(contract("active"), renewed)
    # a plan held under a running contract is owned: not offered as a "service plan" either
    assert "SVC-HOME-12M" not in skus_of(rank(History(bought, [renewed]), [], CATALOG, T0, 10))


def test_an_open_freshdesk_ticket_and_repeated_calls_hold_offers(database: Database) -> None:
    ann = buyer(database, "4501", ("CM-200", T0 - timedelta(days=10)))
    write(database, persons=(person("4501"),), events=(ticket("4501", "Open"),))
    assert advice(database, ann).held[0].startswith("Open complaint: Machine leaks water")

    bob = buyer(database, "4502", ("CM-200", T0 - timedelta(days=10)), given="Bob")
    calls = tuple(
        EventRecord(
            external_id=f"ticket/4502-{i}/opened", person=PersonRef("customer", "4502"),
            kind="ticket_opened", occurred_at=T0 - timedelta(days=i + 1), title="Where is it?",
            status="solved", reference="#7001",
        )
        for i in range(3)
    )  # fmt: skip
    write(database, persons=(person("4502", "Bob"),), events=calls)
    assert advice(database, bob).held == ["3 contacts in 7 days about #7001"]


def test_mining_again_when_the_policy_or_a_refund_changes_the_counts(database: Database) -> None:
    for i in range(4):
        buyer(database, f"46{i:02}", ("CM-100", T0), ("CAP-INT-50", T0))
        buyer(database, f"47{i:02}", ("PR-100", T0))
    assert mining.refresh(database, CATALOG).rules == 0  # 4 customers: below 20
    assert not mining.refresh(database, CATALOG).mined
    from dataclasses import replace

    looser = replace(CATALOG, policy=replace(CATALOG.policy, min_customers=4))
    report = mining.refresh(database, looser)
    assert report.mined and report.rules == 2
    # a line refunded later: the next refresh counts again
    write(database, persons=(person("4600"),),
          lines=(line("4600", "46001", "CAP-INT-50", T0, status="refunded"),))  # fmt: skip
    again = mining.refresh(database, looser)
    assert again.mined and again.rules == 0  # 3 customers left with both: below 4
    with database.engine.connect() as conn:
        assert mining.rules_from(conn, ["CM-100"]) == []


def test_the_same_offer_twice_is_refused_and_a_street_spelt_anew_is_no_move(
    database: Database,
) -> None:
    ann = buyer(database, "4801", ("CM-200", T0 - timedelta(days=10)))
    first = advice(database, ann).suggestions[0]
    offers.make_offer(database, ann, first, "alice", now=T0)
    with pytest.raises(AgentDeskError, match=r"was already offered to this customer \(alice"):
        offers.make_offer(database, ann, first, "bob", now=T0 + timedelta(minutes=1))

    write(database, "erp", persons=(person("4802", street="1 High St", postcode="LS1 1AA",
                                           city="Leeds"),))  # fmt: skip
    write(database, "erp", persons=(person("4802", street="1 High Street", postcode="LS1 1AA",
                                           city="Leeds"),))  # fmt: skip
    ev = TimelineEvent.__table__
    with database.engine.connect() as conn:
        moves = conn.execute(
            sa.select(sa.func.count()).where(ev.c.kind == "address_changed")
        ).scalar()
    assert moves == 0
