"""The Shopify orders connector against the loopback fake: REST and GraphQL, paging, bookmarks,
rate limits, auth, and the order -> records mapping they share."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from agent_desk.demo import generate
from agent_desk.demo.servers.shopify import ShopifyFake
from connectors.base import (
    AuthenticationError,
    Cancelled,
    ConfigurationError,
    ConnectorContext,
    ConnectorError,
    Page,
)
from connectors.http import HttpClient
from connectors.shopify import ShopifyConnector
from connectors.shopify_graphql import max_page_size, query_cost, to_rest
from connectors.shopify_orders import Batch, map_order
from tests.connectors.scripted_server import Reply, scripted_server

TOKEN = "shpat_test_token"
SHOP = "https://example.myshopify.com"

# Shopify's own SDK fixture (shopify_python_api test/fixtures/order.json, refund.json), trimmed
SDK_ORDER: dict[str, Any] = {
    "id": 450789469,
    "name": "#1001",
    "order_number": 1001,
    "email": "bob.norman@hostmail.com",
    "phone": None,
    "created_at": "2008-01-10T11:00:00-05:00",
    "updated_at": "2008-01-10T11:00:00-05:00",
    "processed_at": "2008-01-10T11:00:00-05:00",
    "cancelled_at": None,
    "currency": "USD",
    "financial_status": "authorized",
    "fulfillment_status": None,
    "total_price": "409.94",
    "billing_address": {
        "first_name": "Bob",
        "last_name": "Norman",
        "address1": "Chestnut Street 92",
        "city": "Louisville",
        "province_code": "KY",
        "country_code": "US",
        "zip": "40202",
        "phone": "555-625-1199",
    },
    "customer": {
        "id": 207119551,
        "email": "bob.norman@hostmail.com",
        "first_name": "Bob",
        "last_name": "Norman",
        "updated_at": "2008-01-10T11:00:00-05:00",
        "default_address": {"phone": "555-625-1199", "country_code": "US", "default": True},
    },
    "line_items": [
        {
            "id": 466157049,
            "sku": "IPOD2008GREEN",
            "title": "IPod Nano - 8gb",
            "variant_title": "green",
            "name": "IPod Nano - 8gb - green",
            "quantity": 1,
            "price": "199.00",
        }
    ],
    "fulfillments": [
        {
            "id": 255858046,
            "status": "failure",
            "tracking_company": None,
            "tracking_number": "1Z2345",
            "tracking_numbers": ["1Z2345"],
            "tracking_urls": ["http://www.google.com/search?q=1Z2345"],
            "created_at": "2008-01-10T11:00:00-05:00",
        }
    ],
    "refunds": [
        {
            "id": 509562969,
            "created_at": "2016-06-20T13:35:06-04:00",
            "note": "it broke during shipping",
            "refund_line_items": [{"id": 104689539, "line_item_id": 703073504, "quantity": 1}],
            "transactions": [
                {"amount": "209.00", "kind": "refund", "status": "success", "currency": "USD"}
            ],
        }
    ],
    "note_attributes": [{"name": "colour", "value": "green"}],
}


def order(**changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(SDK_ORDER)), **changes}


def context(secret: str | None = TOKEN) -> ConnectorContext:
    return ConnectorContext(get_secret=lambda _n: secret, logger=logging.getLogger("test.shop"))


def connector(
    url: str, api: str = "rest", fake: ShopifyFake | None = None, **config: Any
) -> ShopifyConnector:
    http = HttpClient("shop", timeout=(2.0, 10.0), wait=fake.advance if fake else lambda _s: None)
    ctx = config.pop("context", None) or context()
    settings = {"type": "shopify", "url": url, "credential": "shop", "api": api, **config}
    return ShopifyConnector("shop", settings, ctx, http=http)


def everything(pages: list[Page]) -> tuple[list[Any], list[Any], list[Any]]:
    persons = [r for p in pages for r in p.persons]
    events = [r for p in pages for r in p.events]
    lines = [r for p in pages for r in p.order_lines]
    return persons, events, lines


def write_orders(folder: Path, orders: list[dict[str, Any]]) -> Path:
    (folder / "shop").mkdir(parents=True, exist_ok=True)
    path = folder / "shop" / "orders.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in orders), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    generate(out, 250, seed=5, as_of=date(2026, 11, 20))
    return out


@pytest.fixture
def fake(demo: Path) -> Iterator[ShopifyFake]:
    with ShopifyFake(demo, token=TOKEN) as server:
        yield server  # type: ignore[misc]


def demo_orders(demo: Path) -> list[dict[str, Any]]:
    lines = (demo / "shop" / "orders.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# -- the mapping ----------------------------------------------------------------------------
def test_the_sdk_fixture_order_becomes_a_customer_events_and_lines() -> None:
    records = map_order(SDK_ORDER, SHOP)
    person = records.person
    assert (person.entity, person.external_id) == ("customer", "207119551")
    assert (person.given_name, person.family_name) == ("Bob", "Norman")
    assert person.email == "bob.norman@hostmail.com"
    assert person.phone == "555-625-1199"  # from the default address
    assert person.country == "US"
    assert person.link == f"{SHOP}/admin/customers/207119551"
    kinds = {e.kind: e for e in records.events}
    assert set(kinds) == {"order_placed", "order_shipped", "order_refunded"}  # authorized: unpaid
    placed = kinds["order_placed"]
    assert placed.external_id == "order/450789469/placed"
    assert (placed.amount, placed.currency, placed.reference) == (Decimal("409.94"), "USD", "#1001")
    assert placed.owns == "order:1001"  # the key a ticket about this order mentions
    assert all(e.owns is None for e in records.events if e is not placed)
    assert placed.occurred_at == datetime(2008, 1, 10, 16, 0, tzinfo=UTC)
    assert placed.link == f"{SHOP}/admin/orders/450789469"
    assert placed.body == "1 × IPod Nano - 8gb - green"
    shipped = kinds["order_shipped"]
    assert shipped.deleted  # a failed fulfillment withdraws "shipped"
    assert shipped.body is not None and "1Z2345" in shipped.body
    refund = kinds["order_refunded"]
    assert refund.amount == Decimal("-209.00")
    assert refund.occurred_at == datetime(2016, 6, 20, 17, 35, 6, tzinfo=UTC)
    assert refund.body is not None and refund.body.startswith("it broke during shipping")
    assert all(e.person is not None and e.person.external_id == "207119551" for e in records.events)
    [line] = records.lines
    assert (line.order_external_id, line.line_external_id) == ("450789469", "466157049")
    assert (line.sku, line.unit_price, line.quantity) == ("IPOD2008GREEN", Decimal("199.00"), 1)
    assert line.order_reference == "#1001" and line.status == "unfulfilled"


def test_a_guest_checkout_is_a_person_of_its_own_order() -> None:
    guest = order(customer=None, phone=None, email="guest@example.org")
    records = map_order(guest, SHOP)
    person = records.person
    assert (person.entity, person.external_id) == ("order", "450789469")
    assert (person.given_name, person.family_name) == ("Bob", "Norman")
    assert person.email == "guest@example.org"
    assert person.phone == "555-625-1199"  # from the billing address
    assert (person.street, person.postcode, person.city) == (
        "Chestnut Street 92",
        "40202",
        "Louisville",
    )
    assert person.link == f"{SHOP}/admin/orders/450789469"
    assert {e.person.entity for e in records.events if e.person} == {"order"}


def test_redacted_customer_fields_stay_empty_except_the_contact_email() -> None:
    redacted = {"id": 5, "email": None, "first_name": "Ann", "last_name": None, "phone": None}
    person = map_order(order(customer={**redacted, "default_address": None}), SHOP).person
    assert person.external_id == "5" and person.given_name == "Ann"
    assert (person.family_name, person.phone, person.city) == (None, None, None)  # not billing
    assert person.email == "bob.norman@hostmail.com"  # the order's contact e-mail
    other_order = order(
        id=8,
        phone="+1 555 0100",
        email="bob.norman@hostmail.com",
        billing_address={"last_name": "Gift", "city": "Elsewhere"},
    )
    again = map_order({**other_order, "customer": {**redacted, "default_address": None}}, SHOP)
    assert again.person == replace(person, payload=again.person.payload)  # same record
    bare = order(customer={"id": 6}, email=None, phone=None, billing_address=None)
    person = map_order(bare, SHOP).person
    assert (person.email, person.phone, person.given_name, person.family_name) == (None,) * 4
    assert person.display_name == "Shopify customer 6"


def test_erp_number_cancellation_payment_and_partial_refunds() -> None:
    paid = order(
        financial_status="partially_refunded",
        cancelled_at="2008-01-12T09:00:00+01:00",
        cancel_reason="customer",
        note_attributes=[{"name": "erp_customer_no", "value": " 10042 "}],
        line_items=[{**SDK_ORDER["line_items"][0], "quantity": 2}],
        refunds=[
            {
                "id": 9,
                "created_at": "2008-01-11T10:00:00Z",
                "refund_line_items": [{"line_item_id": 466157049, "quantity": 1, "subtotal": "5"}],
            }
        ],
    )
    records = map_order(paid, SHOP)
    assert records.person.erp_customer_number == "10042"
    kinds = {e.kind: e for e in records.events}
    assert kinds["order_paid"].amount == Decimal("409.94")
    assert kinds["order_refunded"].amount == Decimal("-5")  # no transactions: line subtotals
    assert kinds["order_cancelled"].title == "Order #1001 cancelled (customer)"
    assert kinds["order_cancelled"].occurred_at == datetime(2008, 1, 12, 8, 0, tzinfo=UTC)
    assert records.lines[0].status == "cancelled"
    records = map_order({**paid, "cancelled_at": None}, SHOP)
    assert records.lines[0].status == "partially_refunded"


def test_a_broken_order_is_rejected_and_the_rest_of_the_page_loads() -> None:
    batch = Batch()
    batch.add(order(id=1, total_price="12,50"), SHOP)
    batch.add(order(id=2, created_at="yesterday"), SHOP)
    batch.add({"name": "#9"}, SHOP)
    batch.add("not an order", SHOP)
    batch.add(order(id=3), SHOP)
    assert [r.location for r in batch.rejections] == [
        "order #1001 (id 1)",
        "order #1001 (id 2)",
        "order #9",
        "order no. 4 of the page",
    ]
    assert "total_price" in batch.rejections[0].reason
    assert len({e.external_id for e in batch.events}) == len(batch.events) == 3
    assert batch.max_updated == datetime(2008, 1, 10, 16, 0, tzinfo=UTC)


def test_graphql_nodes_convert_to_the_rest_shape() -> None:
    node = {
        "id": "gid://shopify/Order/450789469",
        "legacyResourceId": "450789469",
        "name": "#1001",
        "createdAt": "2008-01-10T16:00:00Z",
        "updatedAt": "2008-01-10T16:00:00Z",
        "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "PARTIALLY_FULFILLED",
        "totalPriceSet": {"shopMoney": {"amount": "409.9", "currencyCode": "USD"}},
        "customer": {
            "id": "gid://shopify/Customer/207119551",
            "firstName": "Bob",
            "defaultEmailAddress": {"emailAddress": "bob@example.com"},
            "defaultPhoneNumber": None,
            "defaultAddress": {"countryCodeV2": "US", "phone": "+15556251199"},
        },
        "customAttributes": [{"key": "erp_customer_no", "value": "K-1"}],
        "tags": ["B2B", "vip"],
        "lineItems": {
            "nodes": [
                {
                    "id": "gid://shopify/LineItem/466157049",
                    "name": "IPod",
                    "quantity": 2,
                    "currentQuantity": 0,
                    "originalUnitPriceSet": {"shopMoney": {"amount": "199.0"}},
                }
            ]
        },
        "fulfillments": [
            {
                "id": "gid://shopify/Fulfillment/1",
                "status": "SUCCESS",
                "createdAt": "2008-01-11T16:00:00Z",
                "trackingInfo": [{"number": "1Z2345", "company": "UPS", "url": None}],
            }
        ],
        "refunds": [
            {
                "id": "gid://shopify/Refund/2",
                "createdAt": "2008-01-12T16:00:00Z",
                "totalRefundedSet": {"shopMoney": {"amount": "398.0", "currencyCode": "USD"}},
            }
        ],
    }
    rest = to_rest(node)
    assert rest["id"] == "450789469" and rest["customer"]["id"] == "207119551"
    assert (rest["total_price"], rest["currency"]) == ("409.9", "USD")
    assert rest["fulfillment_status"] == "partial" and rest["tags"] == "B2B, vip"
    records = map_order(rest, SHOP)
    assert records.person.email == "bob@example.com" and records.person.phone == "+15556251199"
    assert records.person.erp_customer_number == "K-1"
    kinds = {e.kind: e for e in records.events}
    assert (
        kinds["order_shipped"].body == "Tracking: UPS 1Z2345" and not kinds["order_shipped"].deleted
    )
    assert kinds["order_refunded"].amount == Decimal("-398.0")
    assert kinds["order_paid"].amount == Decimal("409.9")
    assert (
        records.lines[0].status == "refunded" and records.lines[0].line_external_id == "466157049"
    )


# -- REST -----------------------------------------------------------------------------------
def test_rest_reads_the_demo_shop_following_only_the_next_links(
    fake: ShopifyFake, demo: Path
) -> None:
    orders = demo_orders(demo)
    conn = connector(fake.url, "rest", fake, page_size=40)
    pages = list(conn.pages("orders", None))
    persons, events, lines = everything(pages)
    assert len(pages) == -(-len(orders) // 40)
    assert sum(e.kind == "order_placed" for e in events) == len(orders)
    assert len(lines) == sum(len(o["line_items"]) for o in orders)
    assert not any(p.rejections for p in pages)
    guests = {str(o["id"]) for o in orders if o["customer"] is None}
    assert guests and guests <= {p.external_id for p in persons if p.entity == "order"}
    assert any(p.erp_customer_number for p in persons)
    newest = max(datetime.fromisoformat(o["updated_at"]) for o in orders).astimezone(UTC)
    assert pages[-1].bookmark == {"api": "rest", "updated_at": f"{newest:%Y-%m-%dT%H:%M:%SZ}"}
    first, *rest = [r for r in fake.requests if r.path.endswith("orders.json")]
    assert first.query == {"status": "any", "limit": "40"}
    assert rest and all(set(r.query) == {"limit", "page_info"} for r in rest)
    assert all(r.headers.get("X-Shopify-Access-Token") == TOKEN for r in fake.requests)
    assert all(TOKEN not in r.path + json.dumps(r.query) for r in fake.requests)


def test_rest_mid_sweep_bookmarks_resume_at_the_next_link_and_commit_at_the_end(
    fake: ShopifyFake, demo: Path
) -> None:
    conn = connector(fake.url, "rest", fake, page_size=50)
    pages = conn.pages("orders", None)
    first = next(pages)
    pages.close()  # the app stopped here
    assert first.bookmark["updated_at"] is None and "page_info=" in first.bookmark["next"]
    assert first.bookmark["max_seen"]
    rest = list(conn.pages("orders", first.bookmark))
    placed = [e for p in (first, *rest) for e in p.events if e.kind == "order_placed"]
    assert len(placed) == len({e.external_id for e in placed}) == len(demo_orders(demo))
    assert "next" not in rest[-1].bookmark and rest[-1].bookmark["updated_at"]


def test_rest_commits_no_later_than_the_sweep_started(fake: ShopifyFake) -> None:
    conn = connector(fake.url, "rest", fake, page_size=100)
    conn.session.now = lambda: datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    pages = list(conn.pages("orders", None))
    assert pages[0].bookmark["started"] == "2026-06-01T12:00:00Z"
    # orders updated after the sweep began may have been read in an older version
    assert pages[-1].bookmark == {"api": "rest", "updated_at": "2026-06-01T12:00:00Z"}


def test_rest_a_refused_saved_link_starts_the_sweep_again(fake: ShopifyFake, demo: Path) -> None:
    conn = connector(fake.url, "rest", fake)
    stale = {
        "api": "rest",
        "updated_at": None,
        "next": f"{fake.url}/admin/api/2025-07/orders.json?limit=250&page_info=bm90LWEtY3Vyc29y",
    }
    pages = list(conn.pages("orders", stale))
    assert sum(e.kind == "order_placed" for e in everything(pages)[1]) == len(demo_orders(demo))
    assert fake.requests[0].query["page_info"] == "bm90LWEtY3Vyc29y"
    assert fake.requests[1].query["status"] == "any"


def test_rest_a_saved_link_to_another_shop_is_not_followed(
    fake: ShopifyFake, caplog: pytest.LogCaptureFixture
) -> None:
    moved = {"api": "rest", "updated_at": None, "next": "https://old.example/orders.json?x=1"}
    pages = list(connector(fake.url, "rest", fake).pages("orders", moved))
    assert pages and fake.requests[0].query["status"] == "any"
    assert "another shop" in caplog.text


def test_a_fallen_forward_api_version_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    answer = Reply(200, '{"orders": []}', {"X-Shopify-API-Version": "2025-10"})
    with scripted_server(answer) as server:
        pages = list(connector(server.url, "rest", api_version="2023-01").pages("orders", None))
    assert pages[0].bookmark == {"api": "rest", "updated_at": None}
    assert "2023-01 is not served any more" in caplog.text


def test_rest_incremental_run_reads_the_overlap_and_the_changed_order(
    fake: ShopifyFake, demo: Path
) -> None:
    conn = connector(fake.url, "rest", fake, overlap_seconds=120)
    done = list(conn.pages("orders", None))[-1].bookmark
    assert list(conn.pages("orders", done))[-1].bookmark == done  # nothing new: same bookmark
    changed = demo_orders(demo)[3]
    changed.update(updated_at="2026-11-21T10:00:00+01:00", cancelled_at="2026-11-21T10:00:00+01:00")
    fake.put_order(changed)
    fake.requests.clear()
    pages = list(conn.pages("orders", done))
    committed = datetime.fromisoformat(done["updated_at"])
    since = datetime.fromisoformat(fake.requests[0].query["updated_at_min"])
    assert (committed - since).total_seconds() == 120
    events = everything(pages)[1]
    assert f"order/{changed['id']}/cancelled" in {e.external_id for e in events}
    assert pages[-1].bookmark["updated_at"] == "2026-11-21T09:00:00Z"


def test_rest_429_with_a_float_retry_after_and_call_limit_pacing(
    fake: ShopifyFake, demo: Path
) -> None:
    fake.rate_limited = True
    fake.fill(40)
    conn = connector(fake.url, "rest", fake, page_size=100)
    pages = list(conn.pages("orders", None))
    assert sum(e.kind == "order_placed" for e in everything(pages)[1]) == len(demo_orders(demo))
    waited = conn.session.http.waited
    assert waited[0] == 2.0  # Retry-After: 2.0 from the 429
    statuses = [r for r in fake.requests if r.path.endswith("orders.json")]
    assert len(statuses) == len(pages) + 1
    # after the 429 the bucket was nearly full: the connector spaced the next pages out
    assert len(waited) > 1 and all(0 < w <= 20 for w in waited[1:])


def test_the_fake_enforces_shopifys_rest_rules(fake: ShopifyFake) -> None:
    url = f"{fake.url}/admin/api/2025-07/orders.json"
    headers = {"X-Shopify-Access-Token": TOKEN}
    first = requests.get(url, params={"limit": 5, "status": "any"}, headers=headers, timeout=5)
    assert first.status_code == 200 and len(first.json()["orders"]) == 5
    assert first.headers["X-Shopify-Shop-Api-Call-Limit"].endswith("/40")
    nxt = first.links["next"]["url"]
    assert nxt.startswith(fake.url) and "page_info=" in nxt and "previous" not in first.links
    second = requests.get(nxt, headers=headers, timeout=5)
    assert "previous" in second.links
    back = requests.get(second.links["previous"]["url"], headers=headers, timeout=5)
    assert back.json()["orders"] == first.json()["orders"]
    mixed = requests.get(nxt + "&status=any", headers=headers, timeout=5)
    assert mixed.status_code == 400
    assert mixed.json() == {"errors": "status cannot be passed when page_info is present"}
    assert requests.get(url, params={"limit": 251}, headers=headers, timeout=5).status_code == 400
    every = requests.get(url, params={"limit": 250, "status": "any"}, headers=headers, timeout=5)
    default = requests.get(url, params={"limit": 250}, headers=headers, timeout=5)
    assert any(o["cancelled_at"] for o in every.json()["orders"])
    assert not any(o["cancelled_at"] for o in default.json()["orders"])  # default: open only
    denied = requests.get(url, headers={"X-Shopify-Access-Token": "nope"}, timeout=5)
    assert (
        denied.status_code == 401 and "Invalid API key or access token" in denied.json()["errors"]
    )
    assert not fake._overlay and len(fake) > 250  # indexed, read from disk when served


def test_a_wrong_token_and_a_missing_credential(fake: ShopifyFake) -> None:
    with pytest.raises(AuthenticationError, match="Invalid API key or access token"):
        list(connector(fake.url, "rest", context=context("wrong")).pages("orders", None))
    with pytest.raises(ConfigurationError, match="agent-desk credentials set shop"):
        connector(fake.url, "graphql", context=context(None)).check()


def test_a_next_link_to_another_host_is_not_followed() -> None:
    link = '<https://evil.example/admin/api/2025-07/orders.json?page_info=x>; rel="next"'
    with scripted_server(Reply(200, '{"orders": []}', {"Link": link})) as server:
        pages = connector(server.url, "rest").pages("orders", None)
        with pytest.raises(ConnectorError, match="points away"):
            list(pages)


# -- GraphQL --------------------------------------------------------------------------------
def key(event: Any) -> tuple[Any, ...]:
    return (
        event.external_id,
        event.kind,
        event.occurred_at,
        event.amount,
        event.currency,
        event.reference,
        event.status,
        event.deleted,
        event.person,
    )


def test_graphql_reads_the_same_records_as_rest(fake: ShopifyFake, demo: Path) -> None:
    rest = everything(list(connector(fake.url, "rest", fake).pages("orders", None)))
    fake.requests.clear()
    graphql_pages = list(connector(fake.url, "graphql", fake).pages("orders", None))
    graphql = everything(graphql_pages)
    assert sorted(map(key, graphql[1])) == sorted(map(key, rest[1]))
    assert sorted(graphql[2], key=repr) == sorted(rest[2], key=repr)
    people = {(p.entity, p.external_id): p for p in rest[0]}
    per_order = {"payload": None, "updated_at": None, "erp_customer_number": None}
    for person in graphql[0]:  # the same customer from any of its orders, through either API
        twin = people[(person.entity, person.external_id)]
        assert person.__dict__ | per_order == twin.__dict__ | per_order
    newest = max(datetime.fromisoformat(o["updated_at"]) for o in demo_orders(demo))
    assert (
        graphql_pages[-1].bookmark["updated_at"] == f"{newest.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    )
    posts = [r.json() for r in fake.requests if r.path.endswith("graphql.json")]
    assert all("sortKey: UPDATED_AT" in p["query"] for p in posts)
    assert posts[0]["variables"] == {"first": max_page_size(), "after": None, "query": None}
    assert [p["variables"]["after"] for p in posts[1:3]] != [None, None]
    assert query_cost(max_page_size()) <= 1000 < query_cost(max_page_size() + 1)


def test_graphql_incremental_query_and_page_size_cap(fake: ShopifyFake) -> None:
    conn = connector(fake.url, "graphql", fake, page_size=250, overlap_seconds=60)
    bookmark = {"api": "graphql", "updated_at": "2026-11-01T00:00:00Z"}
    pages = list(conn.pages("orders", bookmark))
    variables = fake.requests[0].json()["variables"]
    assert variables["query"] == "updated_at:>='2026-10-31T23:59:00Z'"
    assert variables["first"] == max_page_size()
    stamps = [e.occurred_at for p in pages for e in p.events if e.kind == "order_placed"]
    assert pages and stamps
    marks = [p.bookmark["updated_at"] for p in pages]
    assert marks == sorted(marks)  # oldest change first: each page may commit its newest


def test_graphql_waits_out_throttled_and_spends_within_the_budget(fake: ShopifyFake) -> None:
    fake.drain(0)
    conn = connector(fake.url, "graphql", fake)
    pages = list(conn.pages("orders", None))
    waited = conn.session.http.waited
    assert waited[0] == pytest.approx(query_cost(max_page_size()) / 100, abs=0.5)
    bodies = [r for r in fake.requests if r.path.endswith("graphql.json")]
    assert len(bodies) == len(pages) + 1  # one THROTTLED answer, then no more
    assert sum(waited) > 0


def test_graphql_throttled_as_http_429(fake: ShopifyFake, demo: Path) -> None:
    fake.throttle_status = 429
    fake.drain(0)
    pages = list(connector(fake.url, "graphql", fake).pages("orders", None))
    assert sum(e.kind == "order_placed" for e in everything(pages)[1]) == len(demo_orders(demo))


def test_graphql_fetches_the_lines_past_the_first_page(tmp_path: Path) -> None:
    items = [
        {"id": 1000 + n, "sku": f"SKU-{n}", "title": f"Item {n}", "quantity": 1, "price": "1.00"}
        for n in range(23)
    ]
    folder = write_orders(tmp_path, [order(line_items=items), order(id=7, name="#1002")])
    with ShopifyFake(folder, token=TOKEN) as server:
        pages = list(connector(server.url, "graphql", server).pages("orders", None))  # type: ignore[arg-type]
        follow_ups = [r for r in server.requests if "AgentDeskOrderLines" in r.body.decode()]
    lines = everything(pages)[2]
    assert sorted(line.sku for line in lines if line.order_external_id == "450789469") == sorted(
        f"SKU-{n}" for n in range(23)
    )
    assert len(follow_ups) == 1  # 10 lines came with the page, the other 13 in one query


def test_graphql_errors_access_denied_and_partial_data() -> None:
    denied = {
        "errors": [
            {"message": "Access denied for orders field.", "extensions": {"code": "ACCESS_DENIED"}}
        ]
    }
    with (
        scripted_server(Reply(200, json.dumps(denied))) as server,
        pytest.raises(AuthenticationError, match="read_orders"),
    ):
        list(connector(server.url, "graphql").pages("orders", None))
    node = {
        "id": "gid://shopify/Order/1",
        "name": "#1",
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-02T00:00:00Z",
        "customer": None,
        "email": None,
    }
    partial = {
        "data": {
            "orders": {"pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": [node]}
        },
        "errors": [{"message": "This app is not approved to access the Customer object."}],
    }
    with scripted_server(Reply(200, json.dumps(partial))) as server:
        pages = list(connector(server.url, "graphql").pages("orders", None))
    assert [p.external_id for p in everything(pages)[0]] == ["1"]
    broken = {"errors": [{"message": "Field 'x' doesn't exist on type 'Order'"}]}
    with (
        scripted_server(Reply(200, json.dumps(broken))) as server,
        pytest.raises(ConnectorError, match="doesn't exist"),
    ):
        list(connector(server.url, "graphql").pages("orders", None))


# -- auth, cancel, settings -----------------------------------------------------------------
@pytest.mark.parametrize("api", ["rest", "graphql"])
def test_client_credentials_tokens_are_obtained_and_renewed(demo: Path, api: str) -> None:
    with ShopifyFake(
        demo, token="static-not-used", client_id="cid", client_secret="csecret"
    ) as server:
        settings = {"auth": "client_credentials", "client_id": "cid", "context": context("csecret")}
        conn = connector(server.url, api, server, **settings)  # type: ignore[arg-type]
        pages = conn.pages("orders", None)
        next(pages)
        server.issued.clear()  # type: ignore[attr-defined]  # every issued token expires
        rest = list(pages)
        grants = [r for r in server.requests if r.path == "/admin/oauth/access_token"]
        assert len(grants) == 2 and rest
        assert b"grant_type=client_credentials" in grants[0].body
        assert all("csecret" not in r.path + json.dumps(r.query) for r in server.requests)
        used = {
            r.headers.get("X-Shopify-Access-Token") for r in server.requests if "/api/" in r.path
        }
        assert len(used) == 2 and all(t and t.startswith("shpat_cc_") for t in used)
    with ShopifyFake(demo, client_id="cid", client_secret="csecret") as server:
        wrong = connector(
            server.url, api, auth="client_credentials", client_id="cid", context=context("x")
        )
        with pytest.raises(ConnectorError, match="invalid_client"):
            wrong.check()


def test_cancel_stops_paging_and_waits(fake: ShopifyFake) -> None:
    ctx = context()
    conn = ShopifyConnector(
        "shop",
        {"url": fake.url, "credential": "shop"},
        ctx,
        http=HttpClient("shop", cancel=ctx.cancel),
    )
    fake.drain(0)  # the first answer is THROTTLED: a real, cancellable wait of ~9 s
    threading.Timer(0.3, ctx.cancel.set).start()
    started = datetime.now(UTC)
    with pytest.raises(Cancelled):
        list(conn.pages("orders", None))
    assert (datetime.now(UTC) - started).total_seconds() < 5


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"url": ""}, "'url'"),
        ({"url": "http://shop.example.com"}, "https"),
        ({"url": "https://shop.example.com/admin"}, "address only"),
        ({"credential": ""}, "'credential'"),
        ({"api": "soap"}, "'api'"),
        ({"api_version": "latest"}, "api_version"),
        ({"api": "rest", "page_size": 500}, "page_size"),
        ({"auth": "client_credentials"}, "client_id"),
        ({"start_date": "soon"}, "start_date"),
    ],
)
def test_settings_are_checked(config: dict[str, Any], message: str) -> None:
    settings = {"url": SHOP, "credential": "shop", **config}
    with pytest.raises(ConfigurationError, match=message):
        ShopifyConnector("shop", settings, context())


def test_defaults_and_start_date() -> None:
    conn = ShopifyConnector(
        "shop",
        {"url": "example.myshopify.com/", "credential": "shop", "start_date": "2024-01-01"},
        context(),
    )
    assert conn.api == "graphql" and conn.streams() == ["orders"]
    assert conn.session.api_base == "https://example.myshopify.com/admin/api/2025-07"
    assert conn.options.start == datetime(2024, 1, 1, tzinfo=UTC)
    assert conn.options.page_size == max_page_size()
