"""The Zendesk connector against the loopback fake serving the demo generator's tickets."""

from __future__ import annotations

import base64
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests

from agent_desk.demo import generate
from agent_desk.demo.servers.zendesk import ZendeskFake, decode_cursor
from agent_desk.demo.tickets import FIELD_ORDER
from connectors.base import (
    AuthenticationError,
    Cancelled,
    ConfigurationError,
    ConnectorContext,
    ConnectorError,
    EventRecord,
    Page,
)
from connectors.zendesk import ZendeskConnector, excerpt

API_TOKEN = "zd-api-token-4f7b1c9e"
OAUTH_TOKEN = "zd-oauth-access-8d2e6a0b"
EMAIL = "admin@agentdesk-demo.example"
SECRETS = {"zendesk-token": API_TOKEN, "zendesk-oauth": OAUTH_TOKEN}


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    generate(out, 300, seed=5, as_of=date(2026, 11, 20))
    return out / "tickets"


@pytest.fixture
def fake(demo: Path) -> Iterator[ZendeskFake]:
    with ZendeskFake(demo, token=API_TOKEN, email=EMAIL, oauth_token=OAUTH_TOKEN) as server:
        yield server  # type: ignore[misc]


def connect(
    fake: ZendeskFake,
    *,
    secrets: dict[str, str] | None = None,
    wait: Callable[[float], None] | None = None,
    real_waits: bool = False,
    clock: Callable[[], float] | None = None,
    context: ConnectorContext | None = None,
    **config: Any,
) -> ZendeskConnector:
    settings: dict[str, Any] = {
        "type": "zendesk",
        "url": fake.url,
        "auth": "oauth",
        "credential": "zendesk-oauth",
        "per_page": 25,
        "export_requests_per_minute": 100_000,
        **config,
    }
    if context is None:
        context = ConnectorContext(
            get_secret=(secrets or SECRETS).get, logger=logging.getLogger("connectors.zendesk")
        )
    extra: dict[str, Any] = {} if real_waits else {"wait": wait or (lambda _s: None)}
    if clock is not None:
        extra["clock"] = clock
    return ZendeskConnector("zendesk", settings, context, **extra)


def events(pages: list[Page]) -> list[EventRecord]:
    return [e for p in pages for e in p.events]


def opened_ids(pages: list[Page]) -> list[str]:
    return [e.reference or "" for e in events(pages) if e.kind == "ticket_opened"]


def export_requests(fake: ZendeskFake) -> list[dict[str, str]]:
    return [r.query for r in fake.requests if r.path.startswith("/api/v2/incremental/")]


# --- the whole demo ---------------------------------------------------------------------------


def test_reads_every_ticket_of_the_demo_over_many_pages(fake: ZendeskFake, demo: Path) -> None:
    tickets = jsonl(demo / "tickets.jsonl")
    pages = list(connect(fake).pages("tickets", None))
    assert len(pages) == -(-len(tickets) // 25) >= 8
    assert sorted(opened_ids(pages)) == sorted(f"#{t['id']}" for t in tickets)
    assert all(not p.rejections for p in pages)
    requesters = {str(t["requester_id"]) for t in tickets}
    persons = {r.external_id for p in pages for r in p.persons}
    assert persons == requesters  # agents (submitters, assignees) are not customers
    scored = [t for t in tickets if t["satisfaction_rating"]["score"] in ("good", "bad")]
    ratings = [e for e in events(pages) if e.kind == "satisfaction_rated"]
    assert len(ratings) == len(scored) and {e.status for e in ratings} == {"good", "bad"}
    solved = [t for t in tickets if t["status"] in ("solved", "closed")]
    assert sum(e.kind == "ticket_solved" for e in events(pages)) == len(solved)
    first = next(e for e in events(pages) if e.kind == "ticket_opened")
    assert first.link == f"{fake.url}/agent/tickets/{first.reference.lstrip('#')}"  # type: ignore[union-attr]
    assert first.occurred_at.tzinfo is not None and first.person is not None
    assert pages[-1].bookmark.keys() == {"cursor"}


def test_requester_contact_details_and_erp_number(fake: ZendeskFake, demo: Path) -> None:
    users = jsonl(demo / "users.jsonl")
    known = next(u for u in users if u["phone"] and u["external_id"])
    foreign = next(u for u in users if any(ord(ch) > 127 for ch in u["name"]))
    pages = list(connect(fake).pages("tickets", None))
    persons = {r.external_id: r for p in pages for r in p.persons}
    person = persons[str(known["id"])]
    assert (person.email, person.phone, person.erp_customer_number) == (
        known["email"],
        known["phone"],
        known["external_id"],
    )
    assert person.entity == "user" and person.display_name == known["name"]
    assert person.link == f"{fake.url}/agent/users/{known['id']}"
    assert persons[str(foreign["id"])].display_name == foreign["name"]  # non-ASCII intact
    without = next(u for u in users if not u["external_id"])
    assert persons[str(without["id"])].erp_customer_number is None


def test_comments_become_replies_and_internal_notes(fake: ZendeskFake, demo: Path) -> None:
    comments = jsonl(demo / "comments.jsonl")
    tickets = {t["id"]: t for t in jsonl(demo / "tickets.jsonl")}
    conn = connect(fake, comments_page_size=2, tickets_per_comment_page=10)
    pages = list(conn.pages("comments", None))
    got = {e.external_id: e for e in events(pages)}
    assert len(got) == len(events(pages))
    # the first comment of each ticket is its description (the body of ticket_opened)
    assert len(got) == len(comments) - len(tickets)
    for line in comments:
        c, tid = line["comment"], line["ticket_id"]
        event = got.get(f"ticket/{tid}/comment/{c['id']}")
        if event is None:
            assert c["body"] == tickets[tid]["description"]
            continue
        assert event.reference == f"#{tid}" and event.occurred_at.tzinfo is not None
        if not c["public"]:
            assert (event.kind, event.status, event.category) == (
                "ticket_note",
                "internal",
                "interaction",
            )
        elif c["author_id"] == tickets[tid]["requester_id"]:
            assert event.kind == "ticket_reply" and event.title.startswith("Customer replied")
        else:
            assert event.kind == "ticket_reply" and event.title.startswith("Agent replied")
    assert any("page[after]" in r.query for r in fake.requests), "cursor pagination used"
    assert all(r.query.get("page[size]") == "2" for r in fake.requests if "comments" in r.path)


# --- auth -------------------------------------------------------------------------------------


@pytest.mark.parametrize("auth", ["oauth", "token"])
def test_both_auth_modes(fake: ZendeskFake, auth: str) -> None:
    config: dict[str, Any] = {"auth": auth}
    if auth == "token":
        config.update(email=EMAIL, credential="zendesk-token")
    page = next(iter(connect(fake, **config).pages("tickets", None)))
    assert len(page.events) > 25
    sent = fake.requests[-1].headers["Authorization"]
    if auth == "oauth":
        assert sent == f"Bearer {OAUTH_TOKEN}"
    else:
        user, _, secret = base64.b64decode(sent.split()[1]).decode().partition(":")
        assert (user, secret) == (f"{EMAIL}/token", API_TOKEN)


@pytest.mark.parametrize("auth", ["oauth", "token"])
def test_a_wrong_token_is_a_clear_error_that_leaks_nothing(
    fake: ZendeskFake, auth: str, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "zd-wrong-secret-31337"
    caplog.set_level(logging.DEBUG)
    config: dict[str, Any] = {"auth": auth}
    if auth == "token":
        config["email"] = EMAIL
    conn = connect(fake, secrets={"zendesk-oauth": wrong}, credential="zendesk-oauth", **config)
    delivered: list[Page] = []
    with pytest.raises(AuthenticationError) as failure:
        delivered.extend(conn.pages("tickets", None))
    assert not delivered  # nothing to write
    message = str(failure.value)
    assert message.startswith("zendesk: HTTP 401") and "Couldn't authenticate you" in message
    assert "credentials set" in message
    for text in (message, caplog.text):
        assert wrong not in text and API_TOKEN not in text and OAUTH_TOKEN not in text
    with pytest.raises(AuthenticationError):
        conn.check()


def test_configuration_errors_say_what_to_fix(fake: ZendeskFake) -> None:
    with pytest.raises(ConfigurationError, match="credentials set nowhere"):
        next(iter(connect(fake, credential="nowhere").pages("tickets", None)))
    with pytest.raises(ConfigurationError, match="needs 'email'"):
        connect(fake, auth="token")
    with pytest.raises(ConfigurationError, match="https://"):
        connect(fake, url="http://acme.zendesk.com")
    with pytest.raises(ConfigurationError, match="'url' is not set"):
        connect(fake, url="")
    with pytest.raises(ConfigurationError, match="per_page"):
        connect(fake, per_page=5000)
    with pytest.raises(ConfigurationError, match="export_requests_per_minute"):
        connect(fake, export_requests_per_minute="ten")
    with pytest.raises(ConfigurationError, match="timeout"):
        connect(fake, timeout=0)
    with pytest.raises(ConfigurationError, match="start_time"):
        connect(fake, start_time="last tuesday")
    assert connect(fake, subdomain="acme", url="").base == "https://acme.zendesk.com"
    assert connect(fake, start_time="2024-01-31").start_time == 1706659200
    with pytest.raises(ConfigurationError, match="no stream"):
        connect(fake).pages("users", None)


# --- OAuth client credentials -----------------------------------------------------------------

CLIENT_ID = "agent-desk"
CLIENT_SECRET = "zd-client-secret-5c3a9f17"
TOKEN_PATH = "/oauth/tokens"


@pytest.fixture
def cc_fake(demo: Path) -> Iterator[ZendeskFake]:
    with ZendeskFake(
        demo,
        token=API_TOKEN,
        email=EMAIL,
        oauth_token=OAUTH_TOKEN,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    ) as server:
        yield server  # type: ignore[misc]


def connect_cc(fake: ZendeskFake, *, client_secret: str = CLIENT_SECRET, **config: Any) -> Any:
    config.setdefault("client_id", CLIENT_ID)
    return connect(
        fake,
        secrets={"zendesk-client": client_secret},
        auth="client_credentials",
        credential="zendesk-client",
        **config,
    )


def token_requests(fake: ZendeskFake) -> list[dict[str, Any]]:
    return [r.json() for r in fake.requests if r.path == TOKEN_PATH]


def api_bearers(fake: ZendeskFake) -> list[str]:
    """The bearer token of every API call, in order."""
    return [
        r.headers.get("Authorization", "").removeprefix("Bearer ")
        for r in fake.requests
        if r.path.startswith("/api/")
    ]


def test_client_credentials_obtains_a_token_and_sends_it(
    cc_fake: ZendeskFake, demo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pages = list(connect_cc(cc_fake).pages("tickets", None))
    assert sorted(opened_ids(pages)) == sorted(f"#{t['id']}" for t in jsonl(demo / "tickets.jsonl"))
    asked = token_requests(cc_fake)
    assert asked == [
        {
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scope": "read",
        }
    ]
    assert cc_fake.requests[0].path == TOKEN_PATH  # the token comes first
    bearers = api_bearers(cc_fake)
    assert len(bearers) == len(pages) and len(set(bearers)) == 1
    assert bearers[0] in cc_fake.issued and bearers[0] != OAUTH_TOKEN
    assert all(
        r.headers["Authorization"].startswith("Bearer ")
        for r in cc_fake.requests
        if r.path.startswith("/api/")
    )
    assert "obtained an OAuth access token" in caplog.text
    assert CLIENT_SECRET not in caplog.text and bearers[0] not in caplog.text
    assert connect_cc(cc_fake, scope="read write").scope == "read write"


def test_a_token_expiring_mid_run_is_renewed_once_and_the_run_completes(
    cc_fake: ZendeskFake, demo: Path
) -> None:
    conn = connect_cc(cc_fake)
    pages: list[Page] = []
    for page in conn.pages("tickets", None):
        pages.append(page)
        if len(pages) == 3:
            cc_fake.expire_tokens()  # the next export call is refused with 401
    ids = opened_ids(pages)
    assert len(ids) == len(set(ids)), "no ticket twice"
    assert sorted(ids) == sorted(f"#{t['id']}" for t in jsonl(demo / "tickets.jsonl"))
    assert len(token_requests(cc_fake)) == 2
    exports = export_requests(cc_fake)
    assert len(exports) == len(pages) + 1  # the refused call, then the same call again
    assert exports[3] == exports[4] and "cursor" in exports[3]
    bearers = api_bearers(cc_fake)
    assert bearers[3] == bearers[2] != bearers[4]  # the old token was refused, the new sent
    assert len(set(bearers[4:])) == 1


def test_the_comments_stream_renews_an_expired_token_too(cc_fake: ZendeskFake) -> None:
    conn = connect_cc(cc_fake, per_page=100, tickets_per_comment_page=30)
    first = list(
        connect_cc(cc_fake, per_page=100, tickets_per_comment_page=30).pages("comments", None)
    )
    pages = []
    for page in conn.pages("comments", None):
        pages.append(page)
        if len(pages) == 2:
            cc_fake.expire_tokens()  # a comments call is refused next
    assert [e.external_id for e in events(pages)] == [e.external_id for e in events(first)]
    assert [p.bookmark for p in pages] == [p.bookmark for p in first]


def test_the_token_is_renewed_before_it_expires(cc_fake: ZendeskFake) -> None:
    now = [1000.0]
    conn = connect_cc(cc_fake, clock=lambda: now[0])
    pages = conn.pages("tickets", None)
    next(pages)
    next(pages)
    assert len(token_requests(cc_fake)) == 1
    now[0] += 1800 - 300 - 1  # still more than RENEW_BEFORE (300 s) left
    next(pages)
    assert len(token_requests(cc_fake)) == 1
    now[0] += 2  # now less than 300 s left: a new token before the next call
    next(pages)
    assert len(token_requests(cc_fake)) == 2
    bearers = api_bearers(cc_fake)
    assert len(bearers) == 4, "no call was refused: the token was renewed in time"
    assert bearers[0] == bearers[1] == bearers[2] != bearers[3]
    rest = list(pages)
    assert rest and len(token_requests(cc_fake)) == 2


def test_a_short_lived_token_is_not_fetched_for_every_call(demo: Path) -> None:
    server = ZendeskFake(
        demo,
        token=API_TOKEN,
        email=EMAIL,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_lifetime=301,
    )
    with server:
        now = [0.0]
        conn = connect_cc(server, clock=lambda: now[0])
        pages = 0
        for _ in conn.pages("tickets", None):
            pages += 1
            now[0] += 10  # 301 s minus RENEW_BEFORE would renew before every call
        assert pages > 5 and now[0] < 150
        assert len(token_requests(server)) == 1
        now[0] = 151  # past half its lifetime: renewed
        next(iter(conn.pages("tickets", None)))
        assert len(token_requests(server)) == 2


def test_a_token_refused_again_after_renewal_is_an_error_not_a_loop(
    cc_fake: ZendeskFake,
) -> None:
    for _ in range(2):
        cc_fake.inject(
            401, {"error": "Couldn't authenticate you"}, path_prefix="/api/v2/incremental/"
        )
    with pytest.raises(AuthenticationError) as failure:
        list(connect_cc(cc_fake).pages("tickets", None))
    assert failure.value.status == 401
    assert len(token_requests(cc_fake)) == 2 and len(export_requests(cc_fake)) == 2


def test_a_403_is_not_answered_with_a_new_token(cc_fake: ZendeskFake) -> None:
    cc_fake.inject(403, {"error": "Forbidden"}, path_prefix="/api/v2/incremental/")
    with pytest.raises(AuthenticationError) as failure:
        list(connect_cc(cc_fake).pages("tickets", None))
    assert failure.value.status == 403 and len(token_requests(cc_fake)) == 1


@pytest.mark.parametrize(
    ("client_id", "client_secret"),
    [(CLIENT_ID, "zd-wrong-client-secret-31337"), ("someone-else", CLIENT_SECRET)],
)
def test_a_refused_client_is_a_clear_error_that_leaks_nothing(
    cc_fake: ZendeskFake,
    client_id: str,
    client_secret: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    conn = connect_cc(cc_fake, client_id=client_id, client_secret=client_secret)
    delivered: list[Page] = []
    with pytest.raises(AuthenticationError) as failure:
        delivered.extend(conn.pages("tickets", None))
    assert not delivered
    message = str(failure.value)
    assert message.startswith("zendesk: ") and failure.value.status == 401
    assert "OAuth client id" in message and "refused" in message
    assert "credentials set zendesk-client" in message and repr(client_id) in message
    for text in (message, caplog.text):
        assert client_secret not in text and CLIENT_SECRET not in text
    assert not [r for r in cc_fake.requests if r.path.startswith("/api/")]  # nothing else tried
    with pytest.raises(AuthenticationError, match="OAuth client id"):
        conn.check()


def test_client_credentials_configuration_errors(cc_fake: ZendeskFake) -> None:
    with pytest.raises(ConfigurationError, match="needs 'client_id'"):
        connect_cc(cc_fake, client_id="")
    with pytest.raises(ConfigurationError, match="needs 'client_id'") as failure:
        connect(cc_fake, auth="client_credentials", credential="zendesk-client")
    assert failure.value.source == "zendesk"
    with pytest.raises(ConfigurationError, match="client_credentials"):
        connect(cc_fake, auth="password")
    conn = connect(cc_fake, auth="client_credentials", client_id=CLIENT_ID, credential="nowhere")
    with pytest.raises(ConfigurationError, match="credentials set nowhere"):
        next(iter(conn.pages("tickets", None)))
    assert cc_fake.requests == []  # nothing sent without a secret


def test_sources_test_check_with_client_credentials(cc_fake: ZendeskFake) -> None:
    result = connect_cc(cc_fake, per_page=100).check()
    assert result.ok and "OAuth client 'agent-desk' (client credentials)" in result.message
    assert result.counts["tickets"] == 100 and result.counts["comments"] >= 1
    assert len(token_requests(cc_fake)) == 1


# --- incremental ------------------------------------------------------------------------------


def test_resume_from_a_bookmark_continues_after_that_page(fake: ZendeskFake) -> None:
    conn = connect(fake)
    full = list(conn.pages("tickets", None))
    resumed = list(conn.pages("tickets", full[2].bookmark))
    assert opened_ids(resumed) == opened_ids(full[3:])
    assert resumed[-1].bookmark == full[-1].bookmark


def test_the_cursor_saved_at_end_of_stream_fetches_only_what_changed(
    fake: ZendeskFake, demo: Path
) -> None:
    conn = connect(fake)
    first = list(conn.pages("tickets", None))
    assert export_requests(fake)[0]["start_time"] == "0"
    bookmark = first[-1].bookmark
    assert decode_cursor(bookmark["cursor"])[0] <= fake.now - 60

    # nothing changed: one request with the saved cursor, no events
    again = list(conn.pages("tickets", bookmark))
    assert events(again) == [] and export_requests(fake)[-1]["cursor"] == bookmark["cursor"]

    tickets = jsonl(demo / "tickets.jsonl")
    reopened = next(t for t in tickets if t["status"] == "open")
    fake.update_ticket(
        reopened["id"],
        status="solved",
        updated_at="2026-11-21T09:00:00Z",
        satisfaction_rating={"score": "bad", "comment": "Took   a week\nto answer."},
    )
    new = dict(tickets[0], id=99_001, subject="Where is my refund?", status="new")
    fake.put_ticket(new)
    fake.advance(120)  # out of the 60-second window
    changed = list(conn.pages("tickets", bookmark))
    assert sorted(opened_ids(changed)) == [f"#{reopened['id']}", "#99001"]
    kinds = {(e.reference, e.kind): e for e in events(changed)}
    rating = kinds[(f"#{reopened['id']}", "satisfaction_rated")]
    assert (rating.status, rating.body) == ("bad", "Took a week to answer.")
    assert kinds[(f"#{reopened['id']}", "ticket_solved")].status == "solved"
    assert "start_time" not in export_requests(fake)[-1]
    assert changed[-1].bookmark != bookmark


def test_a_change_inside_the_last_minute_waits_for_the_next_run(fake: ZendeskFake) -> None:
    conn = connect(fake)
    bookmark = list(conn.pages("tickets", None))[-1].bookmark
    fake.put_ticket(
        {"id": 99_002, "subject": "Ünïcode ticket", "status": "new", "requester_id": None}
        | {"created_at": "2026-11-21T10:00:00Z", "updated_at": "2026-11-21T10:00:00Z"},
        at=fake.now - 10,
    )
    pages = list(conn.pages("tickets", bookmark))
    assert events(pages) == []
    fake.advance(61)
    later = list(conn.pages("tickets", pages[-1].bookmark))
    assert opened_ids(later) == ["#99002"]
    assert events(later)[0].person is None and events(later)[0].title == "Ünïcode ticket"


def test_a_deleted_ticket_is_delivered_as_deleted(fake: ZendeskFake, demo: Path) -> None:
    tickets = jsonl(demo / "tickets.jsonl")
    victim = next(t for t in tickets if t["satisfaction_rating"]["score"] == "good")
    conn = connect(fake)
    bookmarks = {s: list(conn.pages(s, None))[-1].bookmark for s in ("tickets", "comments")}
    fake.delete_ticket(victim["id"])
    fake.advance(120)
    gone = events(list(conn.pages("tickets", bookmarks["tickets"])))
    assert {e.external_id for e in gone} == {
        f"ticket/{victim['id']}/{part}" for part in ("opened", "status", "satisfaction")
    }
    assert all(e.deleted for e in gone)
    before = len(fake.requests)
    comment_pages = list(conn.pages("comments", bookmarks["comments"]))
    assert events(comment_pages) == []
    assert not any("/comments" in r.path for r in fake.requests[before:])


def test_tickets_without_a_known_requester(fake: ZendeskFake) -> None:
    conn = connect(fake)
    bookmark = list(conn.pages("tickets", None))[-1].bookmark
    when = {"created_at": "2026-11-21T10:00:00Z", "updated_at": "2026-11-21T10:00:00Z"}
    fake.put_ticket({"id": 99_003, "subject": "Anonymous", "status": "new", **when})
    fake.put_ticket({"id": 99_004, "subject": "Ghost", "requester_id": 12345, **when})
    fake.put_ticket({"id": 99_005, "subject": "Broken", "created_at": "yesterday"})
    fake.advance(120)
    pages = list(conn.pages("tickets", bookmark))
    people = {e.reference: e.person for e in events(pages)}
    assert people["#99003"] is None and people["#99004"].external_id == "12345"  # type: ignore[union-attr]
    assert not any(p.persons for p in pages)
    assert [r.location for p in pages for r in p.rejections] == ["ticket 99005"]


# --- failures the HTTP layer absorbs ----------------------------------------------------------


def test_a_plain_text_429_is_waited_out(fake: ZendeskFake) -> None:
    waits: list[float] = []
    fake.inject(
        429,
        "Number of allowed API requests per minute exceeded",
        headers={"Retry-After": "7"},
        path_prefix="/api/v2/incremental/",
        content_type="text/plain; charset=utf-8",
    )
    pages = list(connect(fake, wait=waits.append).pages("tickets", None))
    assert waits == [7.0] and len(opened_ids(pages)) > 200


def test_rate_limit_mode_with_real_waits(fake: ZendeskFake) -> None:
    fake.limit_export(3, window=1.0)
    conn = connect(fake, per_page=50, real_waits=True)
    pages = list(conn.pages("tickets", None))
    assert len(pages) >= 5 and len(opened_ids(pages)) > 200
    assert conn.http.waited and all(w == 1.0 for w in conn.http.waited)


def test_a_500_succeeds_on_retry(fake: ZendeskFake) -> None:
    waits: list[float] = []
    fake.inject(500, {"error": "InternalError"}, path_prefix="/api/v2/incremental/")
    fake.inject(503, "", path_prefix="/api/v2/tickets/")
    conn = connect(fake, wait=waits.append, per_page=50)
    assert len(opened_ids(list(conn.pages("tickets", None)))) > 200
    assert len(list(conn.pages("comments", None))) > 1
    assert len(waits) == 2 and all(0 <= w <= 0.5 for w in waits)


def test_a_malformed_page_stops_the_run_and_the_bookmark_resumes(fake: ZendeskFake) -> None:
    conn = connect(fake)
    pages = conn.pages("tickets", None)
    first = next(pages)
    fake.inject(200, '{"tickets": [{"id": 1', path_prefix="/api/v2/incremental/")
    with pytest.raises(ConnectorError, match=r"^zendesk: malformed JSON"):
        next(pages)
    rest = list(conn.pages("tickets", first.bookmark))
    full = list(connect(fake).pages("tickets", None))
    assert opened_ids([first, *rest]) == opened_ids(full)


def test_a_slow_answer_times_out_and_is_retried(fake: ZendeskFake) -> None:
    waits: list[float] = []
    fake.inject(200, {"tickets": []}, path_prefix="/api/v2/incremental/", delay=1.5)
    conn = connect(fake, timeout=0.5, wait=waits.append)
    assert len(opened_ids(list(conn.pages("tickets", None)))) > 200
    assert len(waits) == 1


def test_a_comment_404_is_a_rejection_not_a_stuck_stream(fake: ZendeskFake) -> None:
    fake.inject(
        404, {"error": "RecordNotFound", "description": "Not found"}, path_prefix="/api/v2/tickets/"
    )
    pages = list(connect(fake, per_page=100).pages("comments", None))
    rejections = [r for p in pages for r in p.rejections]
    assert len(rejections) == 1 and "deleted since the export" in rejections[0].reason
    assert len(events(pages)) > 400


# --- pacing, checkpoints, cancel --------------------------------------------------------------


def test_the_export_is_paced_to_the_configured_rate(fake: ZendeskFake) -> None:
    now = [1000.0]

    def wait(seconds: float) -> None:
        now[0] += seconds

    conn = connect(fake, export_requests_per_minute=2, per_page=50, wait=wait, clock=lambda: now[0])
    stamps: list[float] = []
    original = conn._get

    def recording_get(path: str, params: Any, pacer: Any) -> dict[str, Any]:
        body = original(path, params, pacer)
        if "incremental" in path:
            stamps.append(now[0])
        return body

    conn._get = recording_get  # type: ignore[method-assign]
    assert len(list(conn.pages("tickets", None))) == 5
    assert len(stamps) == 5 and stamps[-1] - stamps[0] >= 120
    for i, stamp in enumerate(stamps):
        assert sum(stamp <= s < stamp + 60 for s in stamps[i:]) <= 2
    assert conn.export_pacer.waited and conn.pacer.waited == []  # comments are not export calls


def test_comments_checkpoint_inside_an_export_page_and_resume(fake: ZendeskFake) -> None:
    conn = connect(fake, per_page=100, tickets_per_comment_page=30)
    full = list(conn.pages("comments", None))
    inner = next(i for i, p in enumerate(full) if "done" in p.bookmark)
    assert "start_time" in full[inner].bookmark or "cursor" in full[inner].bookmark
    for cut in (inner, inner + 1, len(full) - 2):
        resumed = list(conn.pages("comments", full[cut].bookmark))
        before = {e.external_id for e in events(full[: cut + 1])}
        after = [e.external_id for e in events(resumed)]
        assert not before & set(after)
        assert before | set(after) == {e.external_id for e in events(full)}


def test_comments_checkpoint_does_not_rely_on_the_order_inside_a_page(fake: ZendeskFake) -> None:
    """Zendesk orders the export by time only: tickets of one second come in any id order.

    Here every export page arrives reversed; a checkpoint that assumed "everything up to the
    last (time, id) is done" would skip the tickets after it on resume.
    """
    conn = connect(fake, per_page=100, tickets_per_comment_page=7)
    real_get = conn._get

    def reversed_pages(path: str, params: Any, pacer: Any) -> dict[str, Any]:
        body = real_get(path, params, pacer)
        if path.startswith("/api/v2/incremental/"):
            body["tickets"] = list(reversed(body["tickets"]))
        return body

    conn._get = reversed_pages  # type: ignore[method-assign]
    full = list(conn.pages("comments", None))
    everything = {e.external_id for e in events(full)}
    inner = [i for i, p in enumerate(full) if "done" in p.bookmark]
    assert len(inner) >= 3
    for cut in inner[:3]:
        resumed = list(conn.pages("comments", full[cut].bookmark))
        before = {e.external_id for e in events(full[: cut + 1])}
        after = [e.external_id for e in events(resumed)]
        assert not before & set(after), "nothing twice"
        assert before | set(after) == everything, "nothing skipped"


def test_cancel_stops_between_pages_and_interrupts_waits(fake: ZendeskFake) -> None:
    context = ConnectorContext(get_secret=SECRETS.get, logger=logging.getLogger("t"))
    conn = connect(fake, context=context)
    pages = conn.pages("tickets", None)
    next(pages)
    context.cancel.set()
    assert list(pages) == []
    paced = connect(fake, context=context, export_requests_per_minute=1, real_waits=True)
    paced.export_pacer.acquire()
    with pytest.raises(Cancelled):
        paced.export_pacer.acquire()


def test_sources_test_check(fake: ZendeskFake) -> None:
    result = connect(fake, per_page=100).check()
    assert result.ok and "OAuth token" in result.message and "more follow" in result.message
    assert result.counts["tickets"] == 100 and result.counts["comments"] >= 1
    assert result.counts["users"] > 0 and result.counts["events"] > 100


def test_excerpt_is_short_and_folds_whitespace() -> None:
    assert excerpt("  Hello \n\n world ") == "Hello world"
    long = excerpt("word " * 100)
    assert long is not None and len(long) <= 200 and long.endswith("…")
    assert excerpt("") is None and excerpt(None) is None


# --- the fake's own contract ------------------------------------------------------------------


def test_fake_follows_the_documented_contract(fake: ZendeskFake, demo: Path) -> None:
    bearer = {"Authorization": f"Bearer {OAUTH_TOKEN}"}
    export = f"{fake.url}/api/v2/incremental/tickets/cursor.json"

    denied = requests.get(export, params={"start_time": 0}, timeout=5)
    assert denied.status_code == 401 and denied.json() == {"error": "Couldn't authenticate you"}
    for params in ({}, {"start_time": 0, "cursor": "x"}, {"cursor": "bm90IGEgY3Vyc29y"}):
        assert requests.get(export, params=params, headers=bearer, timeout=5).status_code == 400
    too_recent = {"start_time": fake.now - 30}
    assert requests.get(export, params=too_recent, headers=bearer, timeout=5).status_code == 400

    body = requests.get(
        export,
        params={"start_time": 0, "per_page": 5, "include": "users"},
        headers=bearer,
        timeout=5,
    ).json()
    assert len(body["tickets"]) == 5 and body["end_of_stream"] is False
    assert body["after_url"].startswith(export + "?") and "cursor=" in body["after_url"]
    stamps = [(t["generated_timestamp"], t["id"]) for t in body["tickets"]]
    assert stamps == sorted(stamps)
    side = {u["id"]: u for u in body["users"]}
    for t in body["tickets"]:
        assert t["requester_id"] in side and t["url"].startswith(fake.url)
        assert t["assignee_id"] is None or side[t["assignee_id"]]["role"] == "agent"
    following = requests.get(body["after_url"], headers=bearer, timeout=5).json()
    assert following["before_cursor"] == body["after_cursor"]
    assert (following["tickets"][0]["generated_timestamp"], following["tickets"][0]["id"]) > stamps[
        -1
    ]

    victim = body["tickets"][0]["id"]
    fake.delete_ticket(victim)
    fake.advance(120)
    tail = {"cursor": following["after_cursor"], "per_page": 1000}
    with_deleted = requests.get(export, params=tail, headers=bearer, timeout=5).json()
    assert with_deleted["end_of_stream"] is True
    assert [t["status"] for t in with_deleted["tickets"] if t["id"] == victim] == ["deleted"]
    without = requests.get(
        export, params={**tail, "exclude_deleted": "true"}, headers=bearer, timeout=5
    ).json()
    assert victim not in {t["id"] for t in without["tickets"]}
    gone = requests.get(
        f"{fake.url}/api/v2/tickets/{victim}/comments.json", headers=bearer, timeout=5
    )
    assert gone.status_code == 404

    # comments: offset and cursor pagination
    counts = Counter(c["ticket_id"] for c in jsonl(demo / "comments.jsonl"))
    busy = next(tid for tid, n in counts.items() if n >= 3 and tid != victim)
    comments = f"{fake.url}/api/v2/tickets/{busy}/comments.json"
    offset = requests.get(comments, params={"per_page": 2}, headers=bearer, timeout=5).json()
    assert offset["count"] == counts[busy] and offset["next_page"].startswith(comments)
    cursor = requests.get(comments, params={"page[size]": 2}, headers=bearer, timeout=5).json()
    assert cursor["meta"]["has_more"] is True and cursor["links"]["next"].startswith(comments)
    rest = requests.get(cursor["links"]["next"], headers=bearer, timeout=5).json()
    assert [c["id"] for c in cursor["comments"] + rest["comments"]][:3] == [
        c["id"] for c in offset["comments"] + fake.comments(busy)[2:3]
    ]
    assert (
        requests.get(comments, params={"page[size]": 101}, headers=bearer, timeout=5).status_code
        == 400
    )

    fake.limit_export(1, window=30)
    assert requests.get(export, params={"start_time": 0}, headers=bearer, timeout=5).ok
    limited = requests.get(export, params={"start_time": 0}, headers=bearer, timeout=5)
    assert limited.status_code == 429 and limited.headers["Content-Type"].startswith("text/plain")
    assert 1 <= int(limited.headers["Retry-After"]) <= 30
    assert "per minute exceeded" in limited.text


def test_fake_indexes_any_key_order(tmp_path: Path) -> None:
    """The index reads the generator's key order fast and parses any other order."""
    usual = {"id": 7, "subject": "Usual", "status": "open", "requester_id": 70,
             "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-02T00:00:00Z",
             "generated_timestamp": 1704153600}  # fmt: skip
    odd = {"generated_timestamp": 1704067200, "subject": 'Says "id":1', "id": 8,
           "status": "new", "requester_id": 80, "created_at": "2024-01-01T00:00:00Z"}  # fmt: skip
    (tmp_path / "tickets.jsonl").write_text(f"{json.dumps(usual)}\n\n{json.dumps(odd)}\n")
    (tmp_path / "users.jsonl").write_text(
        '{"name": "Zoë", "id": 80, "email": "zoe@example.com"}\n{"id":70,"name":"Al"}\n'
    )
    (tmp_path / "comments.jsonl").write_text(
        '{"comment": {"id": 2, "created_at": "2024-01-01T00:00:00Z", "public": true}, '
        '"ticket_id": 8}\n'
    )
    with ZendeskFake(tmp_path, token=API_TOKEN, email=EMAIL) as server:
        assert server.now == 1704153600 + 3600
        assert [c["id"] for c in server.comments(8)] == [2] and server.comments(7) == []
        conn = connect(server, auth="token", email=EMAIL, credential="zendesk-token")
        pages = list(conn.pages("tickets", None))
    assert opened_ids(pages) == ["#8", "#7"]  # generated_timestamp order, not file order
    assert sorted(p.display_name or "" for p in pages[0].persons) == ["Al", "Zoë"]


def test_fake_grants_expiring_client_credentials_tokens(cc_fake: ZendeskFake) -> None:
    grant = f"{cc_fake.url}/oauth/tokens"
    export = f"{cc_fake.url}/api/v2/incremental/tickets/cursor.json"
    good = {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scope": "read",
    }
    answer = requests.post(grant, json=good, timeout=5)
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "bearer" and body["scope"] == "read"
    assert body["expires_in"] == 1800 and body["access_token"]
    again = requests.post(grant, json={**good, "expires_in": 600}, timeout=5).json()
    assert again["expires_in"] == 600 and again["access_token"] != body["access_token"]

    for wrong in ({**good, "client_secret": "nope"}, {**good, "client_id": "nobody"}):
        refused = requests.post(grant, json=wrong, timeout=5)
        assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"
    for bad in ({**good, "grant_type": "password"}, {**good, "expires_in": 300}):
        assert requests.post(grant, json=bad, timeout=5).status_code == 400
    assert requests.post(grant, data="grant_type=client_credentials", timeout=5).status_code == 400

    bearer = {"Authorization": f"Bearer {body['access_token']}"}
    static = {"Authorization": f"Bearer {OAUTH_TOKEN}"}
    params = {"start_time": 0, "per_page": 1}
    assert requests.get(export, params=params, headers=bearer, timeout=5).ok
    cc_fake.expire_tokens()
    assert requests.get(export, params=params, headers=bearer, timeout=5).status_code == 401
    assert requests.get(export, params=params, headers=static, timeout=5).ok  # still accepted

    plain = ZendeskFake(cc_fake.folder, token=API_TOKEN, email=EMAIL)  # no OAuth client
    with plain:
        assert requests.post(f"{plain.url}/oauth/tokens", json=good, timeout=5).status_code == 401


# --- business keys a ticket mentions ------------------------------------------------------------

MENTIONS = {
    "order_field": FIELD_ORDER,
    "mention_patterns": {"invoice": r"\b(20\d{9})\b", "contract": r"\b(CT\d{7})\b"},
}


def test_the_order_field_and_invoice_numbers_become_mentions(fake: ZendeskFake, demo: Path) -> None:
    tickets = {f"#{t['id']}": t for t in jsonl(demo / "tickets.jsonl")}
    pages = list(connect(fake, **MENTIONS).pages("tickets", None))
    opened = [e for e in events(pages) if e.kind == "ticket_opened"]
    assert all(not e.mentions for e in events(pages) if e.kind != "ticket_opened")
    about_orders = 0
    for event in opened:
        ticket = tickets[event.reference or ""]
        order = next(f["value"] for f in ticket["custom_fields"] if f["id"] == FIELD_ORDER)
        text = f"{ticket['subject']} {ticket['description']}"
        expected = ([f"order:{order.lstrip('#')}"] if order else []) + [
            f"invoice:{n}" for n in dict.fromkeys(re.findall(r"\b(20\d{9})\b", text))
        ]
        expected += [f"contract:{n}" for n in dict.fromkeys(re.findall(r"\b(CT\d{7})\b", text))]
        assert list(event.mentions) == expected, event.reference
        about_orders += bool(order)
    assert about_orders > 20 and any(m.startswith("invoice:") for e in opened for m in e.mentions)
    # without the settings no ticket mentions anything
    assert all(not e.mentions for e in events(list(connect(fake).pages("tickets", None))))


def test_bad_mention_settings_say_what_to_fix(fake: ZendeskFake) -> None:
    with pytest.raises(ConfigurationError, match=r"mention_patterns.invoice: .* not a regular"):
        connect(fake, mention_patterns={"invoice": "(20\\d{9"})
    with pytest.raises(ConfigurationError, match="at most one capturing group"):
        connect(fake, mention_patterns={"invoice": "(20)(\\d{9})"})
    with pytest.raises(ConfigurationError, match="not a key kind"):
        connect(fake, mention_patterns={"Invoice No": "\\d+"})
    with pytest.raises(ConfigurationError, match="must be a table"):
        connect(fake, mention_patterns="\\d+")
