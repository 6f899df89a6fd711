"""The WooCommerce orders connector against its loopback fake (the demo's shop orders)."""

from __future__ import annotations

import base64
import csv
import json
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from agent_desk.demo import generate
from agent_desk.demo.servers.base import FakeRequest, FakeResponse
from agent_desk.demo.servers.woocommerce import WooCommerceFake, woo_order, woo_status
from connectors.base import (
    AuthenticationError,
    ConfigurationError,
    ConnectorContext,
    ConnectorError,
    Page,
)
from connectors.woocommerce import WooCommerceConnector

KEY = "ck_4f1c0ffee4f1c0ffee4f1c0ffee4f1c0ffee0001"
SECRET = "cs_9d2bad5eed9d2bad5eed9d2bad5eed9d2bad0002"
LATER = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)  # after every demo order (as_of below)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    generate(out, 300, seed=5, as_of=date(2025, 3, 20))
    return out


@pytest.fixture(scope="module")
def shop_orders(demo: Path) -> dict[int, dict[str, Any]]:
    with open(demo / "shop" / "orders.jsonl", encoding="utf-8") as fh:
        return {o["id"]: o for o in map(json.loads, fh)}


@pytest.fixture
def fake(demo: Path) -> Iterator[WooCommerceFake]:
    server = WooCommerceFake(demo, key=KEY, secret=SECRET)
    with server:
        yield server


def context(secret: str | None = f"{KEY}:{SECRET}") -> ConnectorContext:
    return ConnectorContext(
        get_secret=lambda name: secret if name == "woo" else None,
        logger=logging.getLogger("test.woo"),
    )


def connector(
    url: str,
    secret: str | None = f"{KEY}:{SECRET}",
    waits: list[float] | None = None,
    **config: Any,
) -> WooCommerceConnector:
    section = {"type": "woocommerce", "url": url, "credential": "woo", **config}
    return WooCommerceConnector(
        "woo", section, context(secret), wait=(waits.append if waits is not None else None)
    )


def read(conn: WooCommerceConnector, stream: str = "orders", bookmark: Any = None) -> list[Page]:
    return list(conn.pages(stream, bookmark))


def order_ids(pages: list[Page]) -> list[int]:
    return [
        int(e.external_id.split("/")[1])
        for p in pages
        for e in p.events
        if e.kind == "order_placed"
    ]


def api(
    fake: WooCommerceFake, auth: tuple[str, str] | None = (KEY, SECRET), **params: Any
) -> requests.Response:
    return requests.get(f"{fake.url}/wp-json/wc/v3/orders", params=params, auth=auth, timeout=10)


# --- the fake ---------------------------------------------------------------------------------


def test_fake_converts_shopify_orders_to_the_woocommerce_shape(
    fake: WooCommerceFake, shop_orders: dict[int, dict[str, Any]]
) -> None:
    body = api(fake, per_page=100, page=1, orderby="id", order="asc").json()
    assert [o["id"] for o in body] == sorted(shop_orders)[:100]
    for order in body:
        shop = shop_orders[order["id"]]
        assert order["number"] == str(shop["order_number"])
        assert order["customer_id"] == (shop["customer"]["id"] if shop["customer"] else 0)
        assert order["billing"]["email"] == shop["email"]
        assert isinstance(order["total"], str) and order["total"] == shop["total_price"]
        created = datetime.fromisoformat(shop["created_at"])
        assert order["date_created"] == created.strftime("%Y-%m-%dT%H:%M:%S")  # site-local
        assert order["date_created_gmt"] == created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        assert order["date_created"] != order["date_created_gmt"]  # the site is not on UTC
        assert all(isinstance(li["price"], float) for li in order["line_items"])
        assert all(r["total"].startswith("-") for r in order["refunds"])
        assert order["_links"]["self"][0]["href"].startswith(fake.url)
    statuses = Counter(o["status"] for o in body)
    assert statuses["completed"] and statuses["refunded"]


def test_fake_status_mapping() -> None:
    assert woo_status("refunded", "fulfilled", False) == "refunded"
    assert woo_status("voided", None, True) == "cancelled"
    assert woo_status("partially_refunded", "partial", False) == "completed"
    assert woo_status("paid", None, False) == "processing"
    assert woo_status("pending", None, False) == "pending"
    guest = woo_order(
        {
            "id": 7,
            "order_number": 1007,
            "created_at": "2025-01-02T10:00:00+01:00",
            "updated_at": "2025-01-03T10:00:00+01:00",
            "financial_status": "refunded",
            "customer": None,
            "email": "g@example.org",
            "refunds": [{"id": 9, "note": None, "transactions": [{"amount": "12.50"}]}],
        }
    )
    assert guest["customer_id"] == 0
    assert guest["refunds"] == [{"id": 9, "reason": "", "total": "-12.50"}]
    assert guest["date_paid_gmt"] == "2025-01-02T09:00:00"


def test_fake_paging_headers_and_absolute_links(fake: WooCommerceFake) -> None:
    first = api(fake, per_page=40, orderby="modified", order="asc")
    total = int(first.headers["X-WP-Total"])
    assert total == len(fake.live)
    assert int(first.headers["X-WP-TotalPages"]) == -(-total // 40)
    assert first.links["next"]["url"].startswith(f"{fake.url}/wp-json/wc/v3/orders?")
    assert "prev" not in first.links
    second = requests.get(first.links["next"]["url"], auth=(KEY, SECRET), timeout=10)
    assert [o["id"] for o in second.json()] == [e[1] for e in fake.live[40:80]]
    assert second.links["prev"]
    past = api(fake, per_page=40, page=99)
    assert past.status_code == 200 and past.json() == []
    assert (
        api(fake, per_page=40).json()[0]["date_created_gmt"]
        >= api(fake, per_page=40, order="asc").json()[0]["date_created_gmt"]
    )  # default orderby=date, newest first


def test_fake_rejects_what_woocommerce_rejects(fake: WooCommerceFake) -> None:
    big = api(fake, per_page=101)
    assert big.status_code == 400 and big.json()["code"] == "rest_invalid_param"
    assert "per_page" in big.json()["data"]["params"]
    assert api(fake, modified_after="yesterday").status_code == 400
    nobody = api(fake, auth=None)
    assert nobody.status_code == 401 and nobody.json()["code"] == "woocommerce_rest_cannot_view"
    wrong = api(fake, auth=(KEY, "cs_wrong"))
    assert wrong.status_code == 401
    assert wrong.json() == {
        "code": "woocommerce_rest_authentication_error",
        "message": "Consumer secret is invalid.",
        "data": {"status": 401},
    }
    query = requests.get(
        f"{fake.url}/wp-json/wc/v3/orders",
        params={"consumer_key": KEY, "consumer_secret": SECRET, "per_page": 1},
        timeout=10,
    )
    assert query.status_code == 200 and "consumer_key" not in query.headers.get("Link", "")


def test_fake_reads_modified_after_in_site_time_unless_gmt(fake: WooCommerceFake) -> None:
    # the last order's modification, written as site-local wall time (Europe/Berlin, not UTC)
    newest = api(fake, per_page=1, orderby="modified", order="desc").json()[0]
    local, gmt = newest["date_modified"], newest["date_modified_gmt"]
    assert local != gmt
    just_before = (datetime.fromisoformat(local) - timedelta(seconds=1)).isoformat()
    as_local = api(fake, modified_after=just_before, orderby="modified", order="asc").json()
    assert newest["id"] in [o["id"] for o in as_local]
    # the same wall time read as UTC is an hour or two later: the order is not after it
    as_gmt = api(fake, modified_after=local, dates_are_gmt="true").json()
    assert newest["id"] not in [o["id"] for o in as_gmt]
    exclusive = api(fake, modified_after=gmt, dates_are_gmt="true").json()
    assert newest["id"] not in [o["id"] for o in exclusive]
    before = api(fake, modified_before=gmt, dates_are_gmt="true", per_page=100).headers
    assert int(before["X-WP-Total"]) < len(fake.live)


def test_fake_status_filter_and_trash(fake: WooCommerceFake) -> None:
    refunded = api(fake, status="refunded", per_page=100).json()
    assert refunded and all(o["status"] == "refunded" for o in refunded)
    victim = refunded[0]["id"]
    fake.trash(victim, LATER)
    assert victim not in [
        o["id"] for o in api(fake, per_page=100, orderby="modified", order="desc").json()
    ]
    trashed = api(fake, status="trash").json()
    assert [o["id"] for o in trashed] == [victim] and trashed[0]["status"] == "trash"
    single = requests.get(
        f"{fake.url}/wp-json/wc/v3/orders/{victim}", auth=(KEY, SECRET), timeout=10
    )
    assert single.json()["status"] == "trash"


# --- the connector: mapping -------------------------------------------------------------------


def test_reads_every_demo_order_with_gmt_times(
    fake: WooCommerceFake, demo: Path, shop_orders: dict[int, dict[str, Any]]
) -> None:
    pages = read(connector(fake.url))
    assert not any(p.rejections for p in pages)
    ids = order_ids(pages)
    assert sorted(ids) == sorted(shop_orders)  # each order exactly once
    events = {e.external_id: e for p in pages for e in p.events}
    for order_id, shop in shop_orders.items():
        placed = events[f"order/{order_id}/placed"]
        assert placed.occurred_at == datetime.fromisoformat(shop["created_at"])  # same instant
        assert placed.occurred_at.tzinfo is not None
        assert placed.reference == f"#{shop['order_number']}"
        assert placed.owns == f"order:{shop['order_number']}"
        assert placed.amount == Decimal(shop["total_price"]) and placed.currency == "EUR"
        assert placed.link == f"{fake.url}/wp-admin/post.php?post={order_id}&action=edit"
        if shop["fulfillments"]:
            shipped = events[f"order/{order_id}/shipped"]
            assert shipped.occurred_at == datetime.fromisoformat(
                shop["fulfillments"][0]["created_at"]
            )
        for refund in shop["refunds"]:
            event = events[f"order/{order_id}/refund/{refund['id']}"]
            assert event.kind == "order_refunded"
            assert event.amount == -Decimal(refund["transactions"][0]["amount"]) < 0
    kinds = Counter(e.kind for e in events.values())
    assert kinds["order_placed"] == len(shop_orders)
    assert kinds["order_paid"] and kinds["order_shipped"] and kinds["order_refunded"]
    assert kinds["order_cancelled"] == sum(
        1 for o in shop_orders.values() if o["cancelled_at"] and o["financial_status"] != "refunded"
    )
    lines = [line for p in pages for line in p.order_lines]
    assert len(lines) == sum(len(o["line_items"]) for o in shop_orders.values())
    assert all(line.unit_price is not None and line.unit_price > 0 for line in lines)
    assert all(line.order_reference and line.order_reference.startswith("#") for line in lines)


def test_customers_and_guests_are_the_truth_files_shop_records(
    fake: WooCommerceFake, demo: Path, shop_orders: dict[int, dict[str, Any]]
) -> None:
    pages = read(connector(fake.url))
    persons = {(r.entity, r.external_id): r for p in pages for r in p.persons}
    with open(demo / "truth.csv", encoding="utf-8") as fh:
        truth = {
            (r["entity"], r["external_id"]) for r in csv.DictReader(fh) if r["source"] == "shopify"
        }
    assert set(persons) == truth
    guests = [r for (entity, _), r in persons.items() if entity == "order"]
    assert guests and all(r.email for r in guests)
    for guest in guests:
        assert shop_orders[int(guest.external_id)]["customer"] is None
        assert guest.link and guest.link.endswith(f"post={guest.external_id}&action=edit")
    assert any(r.erp_customer_number for r in persons.values())
    assert all(r.updated_at and r.updated_at.tzinfo for r in persons.values())
    # every event and line points at a person of this source
    refs = {(e.person.entity, e.person.external_id) for p in pages for e in p.events if e.person}
    assert refs <= set(persons)


def test_malformed_orders_are_rejected_and_the_rest_loads(fake: WooCommerceFake) -> None:
    victim = fake.live[0][1]
    fake.touch(victim, LATER, date_created_gmt="someday", total="12,50")
    pages = read(connector(fake.url))
    rejections = [r for p in pages for r in p.rejections]
    assert len(rejections) == 1 and str(victim) in rejections[0].location
    assert "someday" in rejections[0].reason
    assert len(order_ids(pages)) == len(fake.live) - 1
    assert pages[-1].bookmark == {"modified_gmt": "2025-06-01T12:00:00Z"}  # still read past it


# --- the connector: paging and incremental reads ----------------------------------------------


def test_pages_ask_for_the_documented_window_and_bookmark_the_max(fake: WooCommerceFake) -> None:
    pages = read(connector(fake.url, per_page=30))
    sent = [r for r in fake.requests if r.path == "/wp-json/wc/v3/orders"]
    assert len(sent) == len(pages)
    # each window starts a second before the last order read: about one order read twice a page
    assert len(pages) <= -(-len(fake.live) // 29) + 1
    for request in sent:
        q = request.query
        assert (q["orderby"], q["order"], q["dates_are_gmt"], q["per_page"]) == (
            "modified",
            "asc",
            "true",
            "30",
        )
        assert q["status"] == "any"
    assert "modified_after" not in sent[0].query
    newest = datetime.fromtimestamp(fake.live[-1][0], UTC)
    assert pages[-1].bookmark == {"modified_gmt": newest.strftime("%Y-%m-%dT%H:%M:%SZ")}
    marks = [p.bookmark["modified_gmt"] for p in pages]
    assert marks == sorted(marks)
    assert (
        sent[0].headers["Authorization"]
        == "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    )


def test_an_incremental_run_reads_only_the_overlap_and_what_changed(fake: WooCommerceFake) -> None:
    conn = connector(fake.url, lookback_seconds=0)
    bookmark = read(conn)[-1].bookmark
    assert order_ids(read(conn, bookmark=bookmark)) == []
    changed = [fake.live[3][1], fake.live[10][1]]
    for order_id in changed:
        fake.touch(order_id, LATER, status="completed")
    fake.requests.clear()
    again = read(conn, bookmark=bookmark)
    assert sorted(order_ids(again)) == sorted(changed)
    assert fake.requests[0].query["modified_after"] == bookmark["modified_gmt"].rstrip("Z")
    assert again[-1].bookmark == {"modified_gmt": "2025-06-01T12:00:00Z"}
    overlap = read(connector(fake.url, lookback_seconds=3600), bookmark=again[-1].bookmark)
    assert sorted(order_ids(overlap)) == sorted(changed)  # re-read, idempotent ids


def test_no_order_is_lost_when_orders_change_during_a_run(fake: WooCommerceFake) -> None:
    """Offset paging skips an order when an earlier one is modified mid-run; windows do not."""
    per_page = 20
    # what plain offset paging would do: the order that slides onto page 1 is never read
    first = [
        o["id"]
        for o in api(fake, per_page=per_page, page=1, orderby="modified", order="asc").json()
    ]
    slid = fake.live[per_page][1]
    fake.touch(first[0], LATER)
    second = [
        o["id"]
        for o in api(fake, per_page=per_page, page=2, orderby="modified", order="asc").json()
    ]
    assert slid not in first + second  # the hazard is real in the fake

    fake.touch(first[0], LATER - timedelta(days=1))  # undo the position (older than LATER)
    expected = {e[1] for e in fake.live}
    conn = connector(fake.url, per_page=per_page)
    seen: list[int] = []
    for number, page in enumerate(conn.pages("orders", None)):
        seen.extend(order_ids([page]))
        if number in (0, 3):  # a write lands on an order already read
            fake.touch(seen[0 if number == 0 else -5], LATER + timedelta(minutes=number))
    assert set(seen) == expected
    assert len(seen) == len(expected) + 2  # the two modified orders come again, as updates


def test_resuming_from_a_page_bookmark_loses_nothing(fake: WooCommerceFake) -> None:
    conn = connector(fake.url, per_page=25, lookback_seconds=120)
    pages = read(conn)
    everything = set(order_ids(pages))
    crashed_after = 4
    done = set(order_ids(pages[: crashed_after + 1]))
    resumed = read(conn, bookmark=pages[crashed_after].bookmark)
    assert done | set(order_ids(resumed)) == everything
    assert len(order_ids(resumed)) < len(everything)


def test_more_than_a_page_modified_in_the_same_second(fake: WooCommerceFake) -> None:
    conn = connector(fake.url, per_page=10, lookback_seconds=0)
    bookmark = read(conn)[-1].bookmark
    burst = [e[1] for e in fake.live[:25]]
    for order_id in burst:
        fake.touch(order_id, LATER)  # a bulk status change: one second for 25 orders
    fake.requests.clear()
    pages = read(conn, bookmark=bookmark)
    assert sorted(order_ids(pages)) == sorted(burst)
    assert [r.query["page"] for r in fake.requests] == ["1", "2", "3"]


def test_trashed_orders_come_back_deleted(
    fake: WooCommerceFake, shop_orders: dict[int, dict[str, Any]]
) -> None:
    guest_order = next(i for i, o in shop_orders.items() if o["customer"] is None)
    fake.trash(guest_order, LATER)
    conn = connector(fake.url)
    assert guest_order not in order_ids(read(conn))
    trash = read(conn, "trash")
    events = [e for p in trash for e in p.events]
    assert events and all(e.deleted for e in events)
    assert {e.external_id.split("/")[1] for e in events} == {str(guest_order)}
    assert not any(p.order_lines for p in trash)
    (guest,) = [r for p in trash for r in p.persons]
    assert guest.entity == "order" and guest.deleted
    assert {r.query["status"] for r in fake.requests if r.query.get("status")} == {"any", "trash"}


def test_a_store_that_ignores_modified_after_still_works(
    demo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class OldStore(WooCommerceFake):
        def route(self, request: FakeRequest) -> FakeResponse:
            request.query.pop("modified_after", None)
            return super().route(request)

    with OldStore(demo, key=KEY, secret=SECRET) as old:
        conn = connector(old.url, per_page=50, lookback_seconds=0)
        bookmark = read(conn)[-1].bookmark
        with caplog.at_level(logging.WARNING):
            assert order_ids(read(conn, bookmark=bookmark)) == []
        assert "ignored modified_after" in caplog.text


def test_a_store_that_does_not_sort_by_modification_is_refused(demo: Path) -> None:
    class Unsorted(WooCommerceFake):
        def route(self, request: FakeRequest) -> FakeResponse:
            request.query["orderby"] = "date"
            return super().route(request)

    with (
        Unsorted(demo, key=KEY, secret=SECRET) as store,
        pytest.raises(ConnectorError, match="orderby=modified"),
    ):
        read(connector(store.url))


# --- the connector: errors, auth, configuration -----------------------------------------------


def test_rate_limit_mode_is_waited_out(fake: WooCommerceFake) -> None:
    waits: list[float] = []
    fake.set_rate_limit(retry_after="7", count=2)
    pages = read(connector(fake.url, waits=waits))
    assert waits == [7.0, 7.0]
    assert len(order_ids(pages)) == len(fake.live)
    assert sum(1 for r in fake.requests) == len(pages) + 2

    fake.set_rate_limit(retry_after="0")  # on until switched off
    with pytest.raises(ConnectorError, match="429"):
        read(connector(fake.url, waits=[]))
    fake.set_rate_limit(False)
    assert read(connector(fake.url, per_page=100))


def test_wrong_secret_is_an_authentication_error_without_the_secret(fake: WooCommerceFake) -> None:
    with pytest.raises(AuthenticationError) as caught:
        read(connector(fake.url, secret=f"{KEY}:cs_wrong"))
    message = str(caught.value)
    assert "Consumer secret is invalid" in message and "woo" in message
    assert "cs_wrong" not in message and SECRET not in message


def test_query_string_auth(fake: WooCommerceFake) -> None:
    pages = read(connector(fake.url, auth="query", per_page=100))
    assert len(order_ids(pages)) == len(fake.live)
    assert all("Authorization" not in r.headers for r in fake.requests)
    assert fake.requests[0].query["consumer_key"] == KEY


def test_html_instead_of_json_names_the_likely_cause(fake: WooCommerceFake) -> None:
    fake.inject(200, "<html>Welcome</html>", content_type="text/html")
    with pytest.raises(ConnectorError, match="permalinks"):
        read(connector(fake.url))


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"url": ""}, "'url'"),
        ({"url": "http://shop.example.com"}, "https://"),
        ({"url": "ftp://shop.example.com"}, "https://"),
        ({"credential": ""}, "'credential'"),
        ({"per_page": 101}, "'per_page'"),
        ({"per_page": 0}, "'per_page'"),
        ({"auth": "oauth"}, "'auth'"),
        ({"start": "soon"}, "'start'"),
    ],
)
def test_bad_configuration(config: dict[str, Any], message: str) -> None:
    section = {"type": "woocommerce", "url": "https://shop.example.com", "credential": "woo"}
    with pytest.raises(ConfigurationError, match=message):
        WooCommerceConnector("woo", {**section, **config}, context())


def test_urls_and_credentials() -> None:
    pasted = connector("https://shop.example.com/wp-json/wc/v3/")
    assert pasted.url == "https://shop.example.com"
    assert connector("http://localhost:8080").url == "http://localhost:8080"  # loopback only
    with pytest.raises(ConfigurationError, match="ck_…:cs_…"):
        read(connector("https://shop.example.com", secret="ck_only"))
    with pytest.raises(ConfigurationError, match="credentials set woo"):
        read(connector("https://shop.example.com", secret=None))
    start = connector("https://shop.example.com", start="2024-01-01")
    assert start.start == datetime(2024, 1, 1, tzinfo=UTC)


def test_start_date_limits_the_first_run(fake: WooCommerceFake) -> None:
    pages = read(connector(fake.url, start="2025-01-01"))
    assert fake.requests[0].query["modified_after"] == "2025-01-01T00:00:00"
    cutoff = datetime(2025, 1, 1, tzinfo=UTC).timestamp()
    assert sorted(order_ids(pages)) == sorted(e[1] for e in fake.live if e[0] > cutoff)


def test_check_reads_one_small_page_per_stream(fake: WooCommerceFake) -> None:
    result = connector(fake.url).check()
    assert result.ok and f"{len(fake.live):,} orders" in result.message
    assert result.counts["orders"] > 0 and result.counts["trash"] == 0
    assert [r.query["per_page"] for r in fake.requests] == ["20", "20"]
