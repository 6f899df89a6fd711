"""The Freshdesk connector against its loopback fake (the demo's tickets, as Freshdesk has them)."""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from agent_desk.demo import generate
from agent_desk.demo.servers.freshdesk import FreshdeskFake, fd_ticket
from connectors.base import (
    AuthenticationError,
    ConfigurationError,
    ConnectorContext,
    ConnectorError,
    Page,
)
from connectors.freshdesk import FreshdeskConnector

KEY = "fdKey0123456789abcdef"
LATER = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)  # after every demo ticket


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    generate(out, 300, seed=7, as_of=date(2025, 3, 20))
    return out


@pytest.fixture(scope="module")
def zendesk(demo: Path) -> dict[str, list[dict[str, Any]]]:
    data = {}
    for name in ("users", "tickets", "comments"):
        with open(demo / "tickets" / f"{name}.jsonl", encoding="utf-8") as fh:
            data[name] = [json.loads(line) for line in fh]
    return data


@pytest.fixture
def fake(demo: Path) -> Iterator[FreshdeskFake]:
    server = FreshdeskFake(demo, api_key=KEY)
    with server:
        yield server


def connector(
    url: str, key: str | None = KEY, waits: list[float] | None = None, **config: Any
) -> FreshdeskConnector:
    context = ConnectorContext(
        get_secret=lambda name: key if name == "helpdesk" else None,
        logger=logging.getLogger("test.freshdesk"),
    )
    section = {"type": "freshdesk", "url": url, "credential": "helpdesk", **config}
    return FreshdeskConnector(
        "helpdesk", section, context, wait=(waits.append if waits is not None else None)
    )


def read(conn: FreshdeskConnector, stream: str, bookmark: Any = None) -> list[Page]:
    return list(conn.pages(stream, bookmark))


def ticket_ids(pages: list[Page]) -> list[int]:
    return [
        int(e.external_id.split("/")[1])
        for p in pages
        for e in p.events
        if e.kind == "ticket_opened"
    ]


def api(fake: FreshdeskFake, path: str = "tickets", **params: Any) -> requests.Response:
    return requests.get(f"{fake.url}/api/v2/{path}", params=params, auth=(KEY, "X"), timeout=10)


# --- the fake ---------------------------------------------------------------------------------


def test_fake_follows_the_documented_list_rules(fake: FreshdeskFake) -> None:
    recent = api(fake)  # no updated_since: only tickets created in the last 30 days
    floor = fake.now - timedelta(days=30)
    assert all(datetime.fromisoformat(t["created_at"]) >= floor for t in recent.json())
    every = api(fake, updated_since="2000-01-01T00:00:00Z", per_page=100)
    assert len(every.json()) == 100 and len(recent.json()) < 100
    assert every.links["next"]["url"].startswith(f"{fake.url}/api/v2/tickets?")
    assert every.headers["X-RateLimit-Total"] and every.headers["X-RateLimit-Remaining"]
    last = api(fake, updated_since="2000-01-01T00:00:00Z", per_page=100, page=3)
    assert "Link" not in last.headers  # no next page: no header
    big = api(fake, per_page=101)
    assert big.status_code == 400 and big.json()["errors"][0]["field"] == "per_page"
    assert api(fake, page=301).status_code == 400  # the 300-page cap
    denied = requests.get(f"{fake.url}/api/v2/tickets", auth=("wrong", "X"), timeout=10)
    assert denied.status_code == 401 and denied.json()["code"] == "invalid_credentials"
    contacts = api(fake, "contacts", _updated_since="2025-01-01T00:00:00Z", per_page=100).json()
    assert contacts and all(c["updated_at"] >= "2025-01-01" for c in contacts)
    assert api(fake, "contacts", updated_since="2025-01-01T00:00:00Z", per_page=100).json() == (
        contacts
    )


def test_fake_converts_zendesk_tickets(
    fake: FreshdeskFake, zendesk: dict[str, list[dict[str, Any]]]
) -> None:
    ticket = zendesk["tickets"][0]
    converted = fd_ticket(ticket)
    assert converted["id"] == ticket["id"] and converted["requester_id"] == ticket["requester_id"]
    assert converted["status"] in (2, 3, 4, 5) and converted["priority"] in (1, 2, 3, 4)
    assert converted["description_text"] == ticket["description"]
    conversations = api(fake, f"tickets/{ticket['id']}/conversations").json()
    comments = [c["comment"] for c in zendesk["comments"] if c["ticket_id"] == ticket["id"]]
    assert len(conversations) == len(comments) - 1  # the first comment is the description
    assert {c["incoming"] for c in conversations} <= {True, False}


# --- the connector ----------------------------------------------------------------------------


def test_reads_contacts_tickets_and_conversations(
    fake: FreshdeskFake, demo: Path, zendesk: dict[str, list[dict[str, Any]]]
) -> None:
    conn = connector(fake.url, per_page=25)
    contacts = [r for p in read(conn, "contacts") for r in p.persons]
    with open(demo / "truth.csv", encoding="utf-8") as fh:
        truth = {r["external_id"] for r in csv.DictReader(fh) if r["source"] == "zendesk"}
    assert {r.external_id for r in contacts} == truth
    assert all(r.entity == "contact" for r in contacts)
    assert any(r.erp_customer_number for r in contacts)

    tickets = read(conn, "tickets")
    assert sorted(ticket_ids(tickets)) == sorted(t["id"] for t in zendesk["tickets"])
    events = {e.external_id: e for p in tickets for e in p.events}
    for ticket in zendesk["tickets"]:
        opened = events[f"ticket/{ticket['id']}/opened"]
        assert opened.occurred_at == datetime.fromisoformat(ticket["created_at"])
        assert opened.reference == f"#{ticket['id']}"
        assert opened.person and opened.person.external_id == str(ticket["requester_id"])
        assert opened.link == f"{fake.url}/a/tickets/{ticket['id']}"
        status = events.get(f"ticket/{ticket['id']}/status")
        if ticket["status"] in ("solved", "closed"):
            assert status and status.kind == "ticket_solved" and not status.deleted
    newest = max(t["updated_at"] for t in zendesk["tickets"])
    assert tickets[-1].bookmark == {"updated_at": newest}
    for request in (r for r in fake.requests if r.path == "/api/v2/tickets"):
        assert request.query["order_by"] == "updated_at" and request.query["order_type"] == "asc"
        assert request.query["updated_since"]  # never the 30-day default

    conversations = [e for p in read(conn, "conversations") for e in p.events]
    kinds = Counter(e.kind for e in conversations)
    assert sum(kinds.values()) == len(zendesk["comments"]) - len(zendesk["tickets"])
    assert kinds["ticket_reply"] and kinds["ticket_note"]
    assert all(e.status == "internal" for e in conversations if e.kind == "ticket_note")
    assert any(e.title.startswith("Customer replied") for e in conversations)


def test_ticket_windows_lose_nothing_when_tickets_change_mid_run(fake: FreshdeskFake) -> None:
    expected = {e[1] for e in fake.tickets.entries}
    conn = connector(fake.url, per_page=20)
    seen: list[int] = []
    for number, page in enumerate(conn.pages("tickets", None)):
        seen.extend(ticket_ids([page]))
        if number in (0, 2):
            fake.touch_ticket(seen[0], LATER + timedelta(minutes=number), status=2)
    assert set(seen) == expected
    assert len(seen) == len(expected) + 1  # the first ticket, changed twice, comes once more
    assert all(r.query["page"] == "1" for r in fake.requests)  # windows, not deep offsets


def test_incremental_runs_and_a_burst_in_one_second(fake: FreshdeskFake) -> None:
    conn = connector(fake.url, per_page=10, lookback_seconds=0)
    mark = read(conn, "tickets")[-1].bookmark
    burst = [e[1] for e in fake.tickets.entries[:25]]
    for ticket_id in burst:
        fake.touch_ticket(ticket_id, LATER, status=4)
    fake.requests.clear()
    pages = read(conn, "tickets", mark)
    # the tickets at the bookmark's second come again (inclusive), then the burst, paged
    at_mark = datetime.fromisoformat(mark["updated_at"]).timestamp()
    again = set(ticket_ids(pages)) - set(burst)
    assert again and all(fake.tickets.by_id[t][0] == at_mark for t in again)
    assert sorted(set(ticket_ids(pages)) & set(burst)) == sorted(burst)
    assert len(ticket_ids(pages)) == len(again) + len(burst)  # each once
    assert [r.query["page"] for r in fake.requests] == ["1", "1", "2", "3"]
    assert pages[-1].bookmark == {"updated_at": "2025-06-01T12:00:00Z"}
    solved = [e for p in pages for e in p.events if e.kind == "ticket_solved"]
    assert len(solved) >= 25


def test_deleted_tickets_and_vanished_conversations(fake: FreshdeskFake) -> None:
    conn = connector(fake.url)
    mark = read(conn, "conversations")[-1].bookmark
    victim = fake.tickets.entries[5][1]
    fake.delete_ticket(victim, LATER)
    gone = read(conn, "deleted")
    events = [e for p in gone for e in p.events]
    assert events and all(e.deleted for e in events)
    assert ticket_ids(gone) == [victim]
    assert victim not in ticket_ids(read(conn, "tickets", mark))
    # a ticket deleted between the listing and its conversations: a rejection, not a failure
    other = fake.tickets.entries[0][1]
    fake.touch_ticket(other, LATER + timedelta(seconds=1))
    fake.inject(404, {"code": "not_found"}, path_prefix=f"/api/v2/tickets/{other}/conversations")
    pages = read(conn, "conversations", mark)
    assert [r.location for p in pages for r in p.rejections] == [f"ticket {other}"]
    assert pages[-1].bookmark == {"updated_at": "2025-06-01T12:00:01Z"}


def test_contacts_resume_mid_run_and_respect_the_page_cap(
    fake: FreshdeskFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connector(fake.url, per_page=20)
    pages = read(conn, "contacts")
    everyone = {r.external_id for p in pages for r in p.persons}
    assert pages[1].bookmark["page"] == 3 and "updated_at" not in pages[1].bookmark
    resumed = read(conn, "contacts", pages[1].bookmark)
    got = {r.external_id for p in pages[:2] for r in p.persons}
    got |= {r.external_id for p in resumed for r in p.persons}
    assert got == everyone
    assert resumed[-1].bookmark == pages[-1].bookmark

    monkeypatch.setattr(FreshdeskConnector, "page_cap", 2)
    capped: list[Page] = []
    with pytest.raises(ConnectorError, match="more than 2 pages of contacts changed"):
        for page in conn.pages("contacts", {"updated_at": "2020-01-01T00:00:00Z"}):
            capped.append(page)  # what was read is delivered, then the stream fails loudly
    assert len(capped) == 2
    assert capped[-1].bookmark == {"updated_at": "2020-01-01T00:00:00Z"}  # not advanced


def test_rate_limit_and_auth(fake: FreshdeskFake) -> None:
    waits: list[float] = []
    fake.set_rate_limit(retry_after="3", count=2)
    assert read(connector(fake.url, waits=waits), "tickets")
    assert waits == [3.0, 3.0]
    with pytest.raises(AuthenticationError) as caught:
        read(connector(fake.url, key="not-the-key"), "tickets")
    assert "not-the-key" not in str(caught.value)
    header = fake.requests[-1].headers["Authorization"]
    assert header.startswith("Basic ")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"url": ""}, "'url'"),
        ({"url": "http://acme.freshdesk.com"}, "https://"),
        ({"credential": ""}, "'credential'"),
        ({"per_page": 101}, "'per_page'"),
        ({"start": "someday"}, "'start'"),
    ],
)
def test_bad_configuration(config: dict[str, Any], message: str) -> None:
    section = {"type": "freshdesk", "url": "https://acme.freshdesk.com", "credential": "hd"}
    context = ConnectorContext(get_secret=lambda _: None, logger=logging.getLogger("test"))
    with pytest.raises(ConfigurationError, match=message):
        FreshdeskConnector("helpdesk", {**section, **config}, context)


def test_domain_and_check(fake: FreshdeskFake) -> None:
    assert connector("", domain="acme").url == "https://acme.freshdesk.com"
    assert connector("https://acme.freshdesk.com/api/v2").url == "https://acme.freshdesk.com"
    result = connector(fake.url).check()
    assert result.ok and result.counts["contacts"] == 10 and result.counts["tickets"] > 0


def test_the_order_field_and_invoice_numbers_become_mentions(
    fake: FreshdeskFake, zendesk: dict[str, list[dict[str, Any]]]
) -> None:
    conn = connector(
        fake.url,
        order_field="cf_order_number",
        mention_patterns={"invoice": r"\b(20\d{9})\b"},
    )
    opened = {
        int(e.external_id.split("/")[1]): e
        for p in read(conn, "tickets")
        for e in p.events
        if e.kind == "ticket_opened"
    }
    orders = 0
    for ticket in zendesk["tickets"]:
        order = next(f["value"] for f in ticket["custom_fields"] if f["id"] == 360_011_112_221)
        text = f"{ticket['subject']} {ticket['description']}"
        expected = ([f"order:{order.lstrip('#')}"] if order else []) + [
            f"invoice:{n}" for n in dict.fromkeys(re.findall(r"\b(20\d{9})\b", text))
        ]
        assert list(opened[ticket["id"]].mentions) == expected, ticket["id"]
        orders += bool(order)
    assert orders > 20
