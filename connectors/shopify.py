"""Shopify orders: the GraphQL Admin API by default, the legacy REST Admin API on request.

Configuration (a TOML section; the token lives in the keyring under ``credential``)::

    [sources.shop]
    type = "shopify"
    url = "https://example.myshopify.com"   # the shop's admin host
    credential = "shop"             # keyring name of the access token (shpat_…)
    api = "graphql"                 # or "rest" for a shop that still runs a REST custom app
    api_version = "2025-07"
    page_size = 10                  # GraphQL: at most what fits the 1,000-point query cost;
                                    # REST: 1..250 (default 250)
    overlap_seconds = 300           # re-read window before the bookmark (idempotent ids)
    start_date = "2024-01-01"       # optional: the first run reads orders updated since then
    erp_customer_attribute = "erp_customer_no"   # note attribute carrying the ERP number

    # A Dev Dashboard app on the organisation's own store (tokens last ~24 h):
    auth = "client_credentials"
    client_id = "…"                 # not a secret; the client secret is the `credential`

Every request carries ``X-Shopify-Access-Token``. With ``auth = "client_credentials"`` the
connector trades the client id and secret for a token at ``/admin/oauth/access_token``,
renews it five minutes before it expires, and once more when a request is refused with 401.

One stream, ``orders``. The mapping to records is :mod:`connectors.shopify_orders`; paging,
bookmarks and rate limits are in :mod:`connectors.shopify_graphql` and
:mod:`connectors.shopify_rest`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

import requests

from connectors import shopify_graphql, shopify_rest
from connectors.base import (
    AuthenticationError,
    Bookmark,
    Cancelled,
    CheckResult,
    ConfigurationError,
    ConnectorContext,
    Page,
)
from connectors.http import HttpClient, parse_json
from connectors.shopify_orders import ERP_ATTRIBUTE, Options, OrderError, parse_time

TOKEN_HEADER = "X-Shopify-Access-Token"
DEFAULT_VERSION = "2025-07"
RENEW_BEFORE = 300.0  # seconds before a client-credentials token expires
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class ShopifySession:
    """The HTTP client plus the access token: the one way requests reach the shop."""

    def __init__(
        self,
        name: str,
        shop: str,
        api_version: str,
        context: ConnectorContext,
        credential: str,
        client_id: str | None,
        http: HttpClient,
    ) -> None:
        self.name = name
        self.shop = shop
        self.api_version = api_version
        self.api_base = f"{shop}/admin/api/{api_version}"
        self._version_noted = False
        self.context = context
        self.log = context.logger
        self.credential = credential
        self.client_id = client_id
        self.http = http
        self._token: str | None = None
        self._expires = 0.0
        self._clock = time.monotonic
        self.now = lambda: datetime.now(UTC)  # the sweep clock; tests replace it

    def _access_token(self) -> str:
        if self.client_id is None:
            return self.context.require_secret(self.name, self.credential)
        if self._token is None or self._clock() >= self._expires - RENEW_BEFORE:
            self._fetch_token()
        assert self._token is not None
        return self._token

    def _fetch_token(self) -> None:
        secret = self.context.require_secret(self.name, self.credential)
        response = self.http.request(
            "POST",
            f"{self.shop}/admin/oauth/access_token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": secret,
            },
        )
        body = parse_json(self.name, response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthenticationError(self.name, "the token endpoint returned no access_token")
        try:
            lifetime = float(body.get("expires_in") or 86_400)
        except (TypeError, ValueError):
            lifetime = 86_400.0
        self._token = str(token)
        self._expires = self._clock() + lifetime
        self.log.info("%s: obtained an access token for %.0f s", self.name, lifetime)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send with the token; a refused client-credentials token is renewed once."""
        for attempt in (0, 1):
            headers = {TOKEN_HEADER: self._access_token()}
            try:
                response = self.http.request(method, url, headers=headers, **kwargs)
            except AuthenticationError:
                if self.client_id is None or attempt:
                    raise
                self.log.info("%s: token refused, obtaining a new one", self.name)
                self._token = None
                continue
            served = response.headers.get("X-Shopify-API-Version")
            if served and served != self.api_version and not self._version_noted:
                self._version_noted = True  # Shopify "falls forward" from unsupported versions
                self.log.warning(
                    "%s: API version %s is not served any more; Shopify answered with %s "
                    "(set api_version)",
                    self.name,
                    self.api_version,
                    served,
                )
            return response
        raise AssertionError("unreachable")

    def pause(self, seconds: float) -> None:
        """Wait for a rate limit through the client: recorded, and cut short by Cancel."""
        if seconds > 0:
            self.http.pause(seconds)

    def check_cancel(self) -> None:
        if self.context.cancel.is_set():
            raise Cancelled(f"{self.name}: cancelled")


def _shop_url(name: str, value: Any) -> str:
    text = str(value or "").strip().rstrip("/")
    if not text:
        raise ConfigurationError(name, "'url' (e.g. https://example.myshopify.com) is not set")
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError(name, f"'url' is not a web address: {text!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise ConfigurationError(name, "'url' must use https (the access token is sent with it)")
    if parts.path not in ("", "/") or parts.query:
        raise ConfigurationError(name, f"'url' should be the shop's address only, not {text!r}")
    return f"{parts.scheme}://{parts.netloc}"


def _int(name: str, config: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = config.get(key, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConfigurationError(name, f"'{key}' must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise ConfigurationError(name, f"'{key}' must be between {low} and {high}")
    return number


class ShopifyConnector:
    type_name: ClassVar[str] = "shopify"

    def __init__(
        self,
        name: str,
        config: Mapping[str, Any],
        context: ConnectorContext,
        *,
        http: HttpClient | None = None,
    ) -> None:
        self.name = name
        self.context = context
        shop = _shop_url(name, config.get("url"))
        credential = str(config.get("credential") or "").strip()
        if not credential:
            raise ConfigurationError(
                name, "'credential' (the keyring name of the token) is not set"
            )
        version = str(config.get("api_version") or DEFAULT_VERSION)
        if not re.fullmatch(r"\d{4}-\d{2}|unstable", version):
            raise ConfigurationError(name, f"'api_version' must look like 2025-07, not {version!r}")
        self.api = str(config.get("api") or "graphql").lower()
        if self.api not in ("graphql", "rest"):
            raise ConfigurationError(name, '\'api\' must be "graphql" or "rest"')
        auth = str(config.get("auth") or "token")
        client_id: str | None = None
        if auth == "client_credentials":
            client_id = str(config.get("client_id") or "").strip()
            if not client_id:
                raise ConfigurationError(name, "auth = \"client_credentials\" needs 'client_id'")
        elif auth != "token":
            raise ConfigurationError(name, '\'auth\' must be "token" or "client_credentials"')
        if self.api == "rest":
            page_size = _int(name, config, "page_size", shopify_rest.MAX_LIMIT, 1, 250)
        else:
            most = shopify_graphql.max_page_size()
            page_size = _int(name, config, "page_size", most, 1, 250)
            if page_size > most:
                context.logger.info(
                    "%s: page_size %d exceeds Shopify's query-cost limit; using %d",
                    name,
                    page_size,
                    most,
                )
                page_size = most
        start = None
        if config.get("start_date"):
            text = str(config["start_date"])
            try:
                start = parse_time(text if "T" in text else f"{text}T00:00:00+00:00")
            except OrderError:
                raise ConfigurationError(name, f"'start_date' is not a date: {text!r}") from None
        self.options = Options(
            stream="orders",
            page_size=page_size,
            overlap=timedelta(seconds=_int(name, config, "overlap_seconds", 300, 0, 86_400)),
            start=start,
            erp_attribute=str(config.get("erp_customer_attribute") or ERP_ATTRIBUTE),
        )
        client = http or HttpClient(name, cancel=context.cancel, logger=context.logger)
        self.session = ShopifySession(name, shop, version, context, credential, client_id, client)

    def streams(self) -> list[str]:
        return [self.options.stream]

    def pages(self, stream: str, bookmark: Bookmark | None) -> Iterator[Page]:
        if stream != self.options.stream:
            raise ConfigurationError(self.name, f"no stream {stream!r} (only 'orders')")
        module = shopify_rest if self.api == "rest" else shopify_graphql
        yield from module.pages(self.session, self.options, bookmark)

    def check(self) -> CheckResult:
        module = shopify_rest if self.api == "rest" else shopify_graphql
        first = next(iter(module.pages(self.session, self.options, None, max_pages=1)), None)
        counts = {"persons": 0, "events": 0, "order_lines": 0, "rejected": 0}
        if first is not None:
            counts = {
                "persons": len(first.persons),
                "events": len(first.events),
                "order_lines": len(first.order_lines),
                "rejected": len(first.rejections),
            }
        label = "GraphQL" if self.api == "graphql" else "REST"
        verdict = (
            f"{label} Admin API at {self.session.api_base}: first page read "
            f"({counts['persons']} customers, {counts['events']} events, "
            f"{counts['order_lines']} order lines)"
        )
        if counts["rejected"]:
            verdict += f"; {counts['rejected']} orders rejected"
        return CheckResult(True, verdict, counts)
