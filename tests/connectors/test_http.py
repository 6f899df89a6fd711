"""The shared HTTP client against a real loopback server: retries, Retry-After, auth, errors."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from connectors.base import AuthenticationError, Cancelled, ConnectorError
from connectors.http import HttpClient, parse_retry_after, safe_url
from tests.connectors.scripted_server import Reply, scripted_server

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("2.0", 2.0),
        ("93", 93.0),
        ("0.25", 0.25),
        ("  7 ", 7.0),
        ("100000", 300.0),
        ("-3", 0.0),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_in_every_form(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def client(**kwargs: object) -> HttpClient:
    kwargs.setdefault("wait", lambda _s: None)  # record waits without sleeping
    return HttpClient("shop", timeout=(2.0, 1.0), **kwargs)  # type: ignore[arg-type]


def test_429_with_a_float_retry_after_is_waited_out() -> None:
    with scripted_server(
        Reply(
            429, '{"errors":"Exceeded 2 calls per second for api client."}', {"Retry-After": "2.0"}
        ),
        Reply(200, '{"orders": []}'),
    ) as server:
        http = client()
        assert http.get_json(server.url + "/admin/api/orders.json") == {"orders": []}
    assert http.waited == [2.0]


def test_plain_text_429_and_503_with_a_date() -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    with scripted_server(
        Reply(
            429,
            "Number of allowed API requests per minute exceeded",
            {"Retry-After": "1"},
            content_type="text/plain",
        ),
        Reply(503, "", {"Retry-After": soon}),
        Reply(200, "[]"),
    ) as server:
        http = client()
        assert http.get_json(server.url + "/x") == []
    assert http.waited[0] == 1.0 and 3.0 <= http.waited[1] <= 5.0


def test_a_500_that_succeeds_on_retry_backs_off_with_jitter() -> None:
    with scripted_server(Reply(500, "oops"), Reply(502, "bad gateway"), Reply(200, "{}")) as server:
        http = client(backoff_base=0.5)
        assert http.get_json(server.url + "/x") == {}
    assert len(http.waited) == 2
    assert 0 <= http.waited[0] <= 0.5 and 0 <= http.waited[1] <= 1.0


def test_gives_up_after_the_last_attempt_with_a_clear_message() -> None:
    with (
        scripted_server(*[Reply(500, "down")] * 3) as server,
        pytest.raises(
            ConnectorError,
            match=r"^shop: gave up after 3 attempts: HTTP 500 on http://127\.0\.0\.1",
        ),
    ):
        client(max_attempts=3).get(server.url + "/x?token=abc")


def test_wrong_token_is_an_authentication_error_without_the_secret() -> None:
    with scripted_server(
        Reply(401, '{"errors":"[API] Invalid API key or access token"}')
    ) as server:
        http = client(headers={"X-Shopify-Access-Token": "shpat_SECRET123"})
        with pytest.raises(AuthenticationError) as info:
            http.get(server.url + "/admin/orders.json?access_token=shpat_SECRET123")
    message = str(info.value)
    assert message.startswith("shop: HTTP 401") and "Invalid API key" in message
    assert "SECRET123" not in message and "credentials set" in message
    assert server.seen[0].headers["X-Shopify-Access-Token"] == "shpat_SECRET123"  # it was sent


def test_other_4xx_fail_fast_with_the_vendor_message() -> None:
    with (
        scripted_server(
            Reply(404, '{"error":{"title":"Not found","message":"No such ticket"}}')
        ) as server,
        pytest.raises(ConnectorError, match=r"HTTP 404 .*No such ticket"),
    ):
        client().get(server.url + "/api/v2/tickets/9.json")
    assert len(server.seen) == 1  # no retry


def test_malformed_json_names_the_source_and_url() -> None:
    with (
        scripted_server(Reply(200, '{"orders": [{"id": 1}, ')) as server,
        pytest.raises(
            ConnectorError, match=r"^shop: malformed JSON from http://127\.0\.0\.1:\d+/page"
        ),
    ):
        client().get_json(server.url + "/page?page_info=abc")


def test_read_timeouts_are_retried() -> None:
    with scripted_server(Reply(200, "{}", delay=1.5), Reply(200, '{"ok": true}')) as server:
        http = client()
        assert http.get_json(server.url + "/slow") == {"ok": True}
    assert len(http.waited) == 1


def test_connection_refused_gives_up_clearly() -> None:
    with scripted_server() as server:
        url = server.url
    with pytest.raises(ConnectorError, match="gave up after 2 attempts: ConnectionError"):
        client(max_attempts=2).get(url + "/x")


def test_cancel_interrupts_a_long_retry_after_wait() -> None:
    cancel = threading.Event()
    with scripted_server(Reply(429, "", {"Retry-After": "120"})) as server:
        http = HttpClient("tickets", cancel=cancel, timeout=(2.0, 2.0))
        threading.Timer(0.2, cancel.set).start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            http.get(server.url + "/x")
    assert time.monotonic() - started < 5


def test_safe_url_drops_query_and_userinfo() -> None:
    assert (
        safe_url("https://me:pw@shop.example:8443/a/b.json?token=x")
        == "https://shop.example:8443/a/b.json"
    )


def test_a_redirect_to_another_host_is_refused_and_the_token_stays_home() -> None:
    with scripted_server(Reply(200, '{"stolen": true}')) as elsewhere:
        other = elsewhere.url.replace("127.0.0.1", "localhost")  # a different host name
        with scripted_server(Reply(301, "", {"Location": other + "/grab"})) as shop:
            http = client(headers={"X-Shopify-Access-Token": "shpat_SECRET42"})
            with pytest.raises(ConnectorError, match="redirects to another host") as info:
                http.get(shop.url + "/admin/orders.json")
    assert elsewhere.seen == []  # nothing, and so no token, reached the other host
    assert "SECRET42" not in str(info.value)


def test_a_redirect_on_the_same_host_is_followed() -> None:
    with scripted_server() as server:
        server.script.extend([Reply(302, "", {"Location": "/new/place"}), Reply(200, '{"ok": 1}')])
        assert client().get_json(server.url + "/old") == {"ok": 1}
    assert [s.path for s in server.seen] == ["/old", "/new/place"]


def test_tls_failures_do_not_repeat_the_url_query(monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise requests.exceptions.SSLError(
            "HTTPSConnectionPool(host='shop.example', port=443): Max retries exceeded with url: "
            "/wp-json/wc/v3/orders?consumer_key=ck_X&consumer_secret=cs_TOPSECRET "
            "(CERTIFICATE_VERIFY_FAILED)"
        )

    http = client()
    monkeypatch.setattr(http.session, "request", refuse)
    with pytest.raises(ConnectorError, match="TLS verification failed") as info:
        http.get("https://shop.example/wp-json/wc/v3/orders?consumer_secret=cs_TOPSECRET")
    assert "TOPSECRET" not in str(info.value)


def test_errors_carry_the_http_status() -> None:
    with scripted_server(
        Reply(404, '{"error":"RecordNotFound"}'),
        Reply(401, '{"error":"Couldn\'t authenticate you"}'),
        Reply(403, '{"error":"Forbidden"}'),
        Reply(422, '{"error":"Unprocessable"}'),
    ) as server:
        http = client()
        with pytest.raises(ConnectorError) as missing:
            http.get(server.url + "/api/v2/tickets/9/comments.json")
        with pytest.raises(AuthenticationError) as refused:
            http.get_json(server.url + "/api/v2/tickets.json")
        with pytest.raises(AuthenticationError) as forbidden:
            http.get(server.url + "/x")
        with pytest.raises(ConnectorError) as invalid:
            http.post_json(server.url + "/x", {"a": 1})
    assert type(missing.value) is ConnectorError and missing.value.status == 404
    assert refused.value.status == 401 and forbidden.value.status == 403
    assert invalid.value.status == 422


def test_errors_without_an_answer_have_no_status() -> None:
    with (
        scripted_server(*[Reply(500, "down")] * 2) as server,
        pytest.raises(ConnectorError) as info,
    ):
        client(max_attempts=2).get(server.url + "/x")
    assert info.value.status is None  # gave up: no single answer to blame
    assert ConnectorError("shop", "bad").status is None
    assert AuthenticationError("shop", "no", status=401).status == 401


def test_per_request_headers_are_sent_and_do_not_stick() -> None:
    with scripted_server(Reply(200, "{}"), Reply(200, "{}")) as server:
        http = client(headers={"Authorization": "Bearer old"})
        http.get_json(server.url + "/a", {"q": "1"}, headers={"Authorization": "Bearer new"})
        http.get_json(server.url + "/b")
    assert server.seen[0].headers["Authorization"] == "Bearer new"
    assert server.seen[1].headers["Authorization"] == "Bearer old"
