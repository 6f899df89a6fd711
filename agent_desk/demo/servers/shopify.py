"""A loopback Shopify Admin API serving ``shop/orders.jsonl`` in the REST and GraphQL shapes.

Follows ``shared/reference/vendor-apis.md`` §3: ``X-Shopify-Access-Token`` or a 401 with
Shopify's body; optional client-credentials grant with expiring tokens. REST ``orders.json``:
``status`` (default ``open``), ``updated_at_min``/``_max``, ``created_at_min``/``_max``,
``limit`` (50, at most 250), ``fields``; sorted by ``updated_at`` then id; absolute ``Link``
URLs (next, previous) whose opaque ``page_info`` freezes the filters (any other parameter
beside it is a 400); ``X-Shopify-Shop-Api-Call-Limit`` always, and in
:attr:`ShopifyFake.rate_limited` mode a full bucket (40 calls, 2/s) is a 429 with
``Retry-After: 2.0``. GraphQL: only the connector's two queries (``orders``, one order's
``lineItems``), read from ``variables`` and the ``first:`` sizes in the text, no parser;
``updated_at:>='…'`` search, ``sortKey: UPDATED_AT``, keyset cursors, GIDs, money bags,
enums, UTC; ``extensions.cost`` by Shopify's rules (objects 1, connections 2 + first × node),
the 1,000-point query limit and a 2,000-point bucket (100/s) that :meth:`ShopifyFake.drain`
empties, answered with ``THROTTLED``.

Memory: the file is indexed once (updated time, id, byte offset, length per order, in
``array`` columns sorted by updated time then id); orders are read from disk when served.
Time: a monotonic clock that tests move with :meth:`ShopifyFake.advance`, so a connector that
"waits" through the fake's clock drains the buckets without sleeping.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import threading
import time
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from agent_desk.demo.servers.base import FakeRequest, FakeResponse, FakeVendorServer

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
EXCEEDED = (
    "Exceeded 2 calls per second for api client. "
    "Reduce request rates to resume uninterrupted service."
)
STATUSES = ("open", "closed", "cancelled", "any")
REST_PATH = re.compile(r"^/admin/api/([^/]+)/orders\.json$")
GRAPHQL_PATH = re.compile(r"^/admin/api/([^/]+)/graphql\.json$")
MAX_QUERY_COST = 1000


def epoch(text: Any) -> int | None:
    if not text:
        return None
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        raise ValueError(f"no UTC offset: {text}")
    return int(moment.timestamp())


def utc_text(text: Any) -> str | None:
    stamp = epoch(text)
    return None if stamp is None else f"{datetime.fromtimestamp(stamp, UTC):%Y-%m-%dT%H:%M:%SZ}"


def _header(request: FakeRequest, name: str) -> str | None:
    return next((v for k, v in request.headers.items() if k.lower() == name.lower()), None)


def _b64(data: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()


def _cursor(text: Any, *keys: str, error: str = "Invalid cursor.") -> list[Any]:
    """The ``keys`` of an opaque cursor; a ValueError with Shopify's wording when it is bad."""
    try:
        data = json.loads(base64.urlsafe_b64decode(str(text).encode() + b"=" * (-len(text) % 4)))
        return [data[k] for k in keys]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise ValueError(error) from None


def gql_decimal(amount: Any) -> str | None:
    """GraphQL's ``Decimal``: ``"59.90"`` is sent as ``"59.9"``, ``"100.00"`` as ``"100.0"``."""
    if amount is None:
        return None
    whole, _, fraction = format(Decimal(str(amount)), "f").partition(".")
    return f"{whole}.{fraction.rstrip('0') or '0'}"


class ShopifyFake(FakeVendorServer):
    def __init__(
        self,
        folder: str | Path,
        token: str = "shpat_fake_token",
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        bucket_size: int = 40,
        leak_rate: float = 2.0,
        graphql_maximum: float = 2000.0,
        graphql_restore_rate: float = 100.0,
    ) -> None:
        super().__init__()
        top = Path(folder)
        found = [
            p for p in (top / "shop" / "orders.jsonl", top / "orders.jsonl", top) if p.is_file()
        ]
        if not found:
            raise FileNotFoundError(f"no shop/orders.jsonl under {folder}")
        self.path = path = found[0]
        self.token = token
        self.client_id, self.client_secret = client_id, client_secret
        self.issued: dict[str, float] = {}  # token -> expiry on the fake's clock (clear() = expire)
        self.rate_limited = False
        self.throttle_status = 200  # HTTP status of a THROTTLED answer (Shopify sends 200 or 429)
        self.bucket_size, self.leak_rate = bucket_size, leak_rate
        self.graphql_maximum, self.graphql_restore_rate = graphql_maximum, graphql_restore_rate
        self._offset = 0.0
        self._state = threading.Lock()
        self._used, self._used_at = 0.0, self.now()
        self._points, self._points_at = graphql_maximum, self.now()
        self._file = path.open("rb")
        self._overlay: dict[int, dict[str, Any]] = {}
        self._index()

    # -- clock, buckets, tokens (for tests) ---------------------------------------------------
    def now(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock on: buckets drain and tokens age as if time had passed."""
        self._offset += seconds

    def drain(self, points: float | None = None) -> None:
        """Empty the GraphQL cost bucket (or leave ``points`` in it)."""
        with self._state:
            self._points, self._points_at = points or 0.0, self.now()

    def fill(self, calls: float) -> None:
        """Put ``calls`` into the REST leaky bucket."""
        with self._state:
            self._used, self._used_at = float(calls), self.now()

    def serve_forever(self, poll_interval: float = 0.05) -> None:
        super().serve_forever(poll_interval)  # stop() returns within 50 ms, not 500

    def stop(self) -> None:
        super().stop()
        self._file.close()

    # -- the index ----------------------------------------------------------------------------
    def _index(self) -> None:
        upd, ids, offs, lens = array("q"), array("q"), array("q"), array("q")
        offset = 0
        with self.path.open("rb") as f:
            for raw in f:
                if raw.strip():
                    order = json.loads(raw)
                    upd.append(epoch(order.get("updated_at")) or 0)
                    ids.append(int(order["id"]))
                    offs.append(offset)
                    lens.append(len(raw))
                offset += len(raw)
        order_of = sorted(range(len(ids)), key=lambda i: (upd[i] << 64) | ids[i])
        self._upd, self._ids, self._offs, self._lens = (
            array("q", (column[i] for i in order_of)) for column in (upd, ids, offs, lens)
        )

    def _columns(self) -> tuple[array[int], ...]:
        return self._upd, self._ids, self._offs, self._lens

    def __len__(self) -> int:
        return len(self._ids)

    def _load(self, pos: int) -> dict[str, Any]:
        if self._offs[pos] < 0:
            return self._overlay[self._ids[pos]]
        with self._state:
            self._file.seek(self._offs[pos])
            data = self._file.read(self._lens[pos])
        return json.loads(data)

    def put_order(self, order: Mapping[str, Any]) -> None:
        """Add or replace an order (kept in memory), re-sorted by its ``updated_at``."""
        oid = int(order["id"])
        with self._state:
            if oid in self._ids:
                pos = self._ids.index(oid)
                for column in self._columns():
                    del column[pos]
            key = epoch(order.get("updated_at")) or 0
            pos = bisect_left(self._upd, key)
            while pos < len(self._ids) and self._upd[pos] == key and self._ids[pos] < oid:
                pos += 1
            for column, value in zip(self._columns(), (key, oid, -1, 0), strict=True):
                column.insert(pos, value)
            self._overlay[oid] = dict(order)

    def _seek(self, key: tuple[int, int], past: bool) -> int:
        """The first position at (``past``: after) the keyset ``(updated, id)``."""
        pos = bisect_left(self._upd, key[0])
        while pos < len(self._ids) and self._upd[pos] == key[0]:
            if self._ids[pos] > key[1] or (self._ids[pos] == key[1] and not past):
                break
            pos += 1
        return pos

    def _forward(
        self, key: tuple[int, int] | None, low: int | None, high: int | None, keep: Any, n: int
    ) -> list[int]:
        """Up to ``n`` positions after ``key``, at or above ``low``, up to ``high``."""
        pos = max(
            bisect_left(self._upd, low) if low is not None else 0,
            self._seek(key, True) if key else 0,
        )
        return list(islice(self._scan(pos, 1, high, keep), n))

    def _scan(
        self, pos: int, step: int, high: int | None, keep: Callable[[Any], bool] | None
    ) -> Iterator[int]:
        while 0 <= pos < len(self._ids):
            if step > 0 and high is not None and self._upd[pos] > high:
                return
            if keep is None or keep(self._load(pos)):
                yield pos
            pos += step

    # -- routing ------------------------------------------------------------------------------
    def _authorised(self, request: FakeRequest) -> bool:
        given = _header(request, "X-Shopify-Access-Token") or ""
        return given == self.token or self.now() < self.issued.get(given, -1.0)

    def route(self, request: FakeRequest) -> FakeResponse:
        if request.path == "/admin/oauth/access_token" and request.method == "POST":
            return self._token_grant(request)
        rest = REST_PATH.match(request.path)
        graphql = GRAPHQL_PATH.match(request.path)
        if not (rest or graphql):
            return FakeResponse(404, {"errors": "Not Found"})
        version = (rest or graphql).group(1)  # type: ignore[union-attr]
        if not self._authorised(request):
            return FakeResponse(401, {"errors": INVALID_TOKEN})
        if rest and request.method == "GET":
            response = self._rest(request, version)
        elif graphql and request.method == "POST":
            response = self._graphql(request)
        else:
            return FakeResponse(406, {"errors": "Not Acceptable"})
        response.headers.setdefault("X-Shopify-API-Version", version)
        return response

    def _token_grant(self, request: FakeRequest) -> FakeResponse:
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}  # form-encoded
        if form.get("grant_type") != "client_credentials":
            return FakeResponse(400, {"error": "unsupported_grant_type"})
        pair = (form.get("client_id"), form.get("client_secret"))
        if not self.client_id or pair != (self.client_id, self.client_secret):
            return FakeResponse(400, {"error": "invalid_client"})
        token = f"shpat_cc_{len(self.issued) + 1:04d}_{int(self.now() * 1000) % 10**6:06d}"
        self.issued[token] = self.now() + 86_399
        body = {"access_token": token, "scope": "read_orders,read_all_orders", "expires_in": 86399}
        return FakeResponse(200, body)

    # -- REST ---------------------------------------------------------------------------------
    def _take_call(self) -> tuple[bool, str]:
        with self._state:
            now = self.now()
            self._used = max(0.0, self._used - (now - self._used_at) * self.leak_rate)
            self._used_at = now
            if self.rate_limited and self._used + 1 > self.bucket_size:
                return False, f"{self.bucket_size}/{self.bucket_size}"
            self._used = min(self._used + 1, float(self.bucket_size))
            return True, f"{round(self._used)}/{self.bucket_size}"

    def _rest(self, request: FakeRequest, version: str) -> FakeResponse:
        allowed, used = self._take_call()
        limit_header = {"X-Shopify-Shop-Api-Call-Limit": used}
        if not allowed:
            return FakeResponse(429, {"errors": EXCEEDED}, {**limit_header, "Retry-After": "2.0"})
        try:
            response = self._rest_page(request, version)
        except ValueError as exc:
            response = FakeResponse(400, {"errors": str(exc)})
        response.headers.update(limit_header)
        return response

    def _rest_page(self, request: FakeRequest, version: str) -> FakeResponse:
        q = request.query
        limit_text = q.get("limit", "50")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 250:
            raise ValueError("limit: must be between 1 and 250")
        limit = int(limit_text)
        direction, key = 1, None
        if "page_info" in q:
            extra = sorted(set(q) - {"page_info", "limit", "fields"})
            if extra:
                raise ValueError(f"{extra[0]} cannot be passed when page_info is present")
            error = "page_info - Invalid value."
            direction, u, i, filters = _cursor(q["page_info"], "d", "u", "i", "f", error=error)
            key = (int(u), int(i))
        else:
            filters = {"status": q.get("status", "open")}
            if filters["status"] not in STATUSES:
                raise ValueError(f"status: must be one of {', '.join(STATUSES)}")
            for name in ("updated_at_min", "updated_at_max", "created_at_min", "created_at_max"):
                if q.get(name):
                    filters[name] = epoch(q[name])  # a bad date: ValueError, a 400
        keep = self._rest_filter(filters)
        low, high = filters.get("updated_at_min"), filters.get("updated_at_max")
        if direction > 0:
            found = self._forward(key, low, high, keep, limit + 1)
            more_before, more_after, page = key is not None, len(found) > limit, found[:limit]
        else:  # the previous page: the matches just before ``key``
            back = self._scan(self._seek(key, False) - 1, -1, None, keep)  # type: ignore[arg-type]
            found = [p for p in islice(back, limit + 1) if low is None or self._upd[p] >= low]
            more_before, more_after, page = len(found) > limit, True, sorted(found[:limit])
        orders = [self._load(p) for p in page]
        if q.get("fields"):
            wanted = [f.strip() for f in q["fields"].split(",") if f.strip()]
            orders = [{k: o.get(k) for k in wanted if k in o} for o in orders]
        base = f"{self.url}/admin/api/{version}/orders.json?"
        fields = {"fields": q["fields"]} if q.get("fields") else {}
        links = []
        for d, pos, rel, show in ((-1, 0, "previous", more_before), (1, -1, "next", more_after)):
            if page and show:
                at = {"u": self._upd[page[pos]], "i": self._ids[page[pos]]}
                query = urlencode(
                    {"limit": limit, **fields, "page_info": _b64({"d": d, **at, "f": filters})}
                )
                links.append(f'<{base}{query}>; rel="{rel}"')
        headers = {"Link": ", ".join(links)} if links else {}
        return FakeResponse(200, {"orders": orders}, headers)

    @staticmethod
    def _rest_filter(filters: Mapping[str, Any]) -> Callable[[dict[str, Any]], bool]:
        status = filters.get("status", "any")
        low, high = filters.get("created_at_min") or 0, filters.get("created_at_max") or 2**62

        def keep(order: dict[str, Any]) -> bool:
            closed, cancelled = order.get("closed_at"), order.get("cancelled_at")
            wanted = {"open": not (closed or cancelled), "closed": closed, "cancelled": cancelled}
            created = epoch(order.get("created_at")) or 0
            return bool(wanted.get(status, True)) and low <= created <= high

        return keep

    # -- GraphQL ------------------------------------------------------------------------------
    def _graphql(self, request: FakeRequest) -> FakeResponse:
        body = request.json()  # a body that is not JSON: an exception, so a 500 from the base
        query, variables = str(body.get("query") or ""), dict(body.get("variables") or {})
        sizes = {n: int(v) for n, v in re.findall(r"(\w+)\(first:\s*(\d+)", query)}
        wants_orders = bool(re.search(r"\borders\s*\(", query))
        if wants_orders:
            first = variables.get("first")
            if not isinstance(first, int) or not 1 <= first <= 250:
                return _gql_error("Variable $first must be between 1 and 250", "BAD_USER_INPUT")
            requested = 3 + first * _order_cost(sizes, None)
        elif re.search(r"\border\s*\(", query):
            requested = 1 + 3 + 3 * sizes.get("lineItems", 0)
        else:
            return _gql_error("the fake answers only the connector's queries", "UNSUPPORTED")
        if requested > MAX_QUERY_COST:
            limit = f"exceeds the single query max cost limit ({MAX_QUERY_COST})."
            return _gql_error(f"Query cost is {requested}, which {limit}", "MAX_COST_EXCEEDED")
        with self._state:
            now = self.now()
            rate = self.graphql_restore_rate
            self._points = min(self.graphql_maximum, self._points + (now - self._points_at) * rate)
            self._points_at = now
            if self._points < requested:
                throttled = {"message": "Throttled", "extensions": {"code": "THROTTLED"}}
                body = {"errors": [throttled], "extensions": self._cost(requested, None)}
                # with 429 the fake also says when (its own choice: Shopify's THROTTLED
                # answers are documented with the cost, not with a Retry-After)
                wait = f"{math.ceil((requested - self._points) / rate * 10) / 10:.1f}"
                retry = {"Retry-After": wait} if self.throttle_status == 429 else {}
                return FakeResponse(self.throttle_status, body, retry)
            self._points -= requested
        try:
            if wants_orders:
                data, actual = self._orders(variables, query, sizes, int(first))  # type: ignore[arg-type]
            else:
                data, actual = self._order_lines(variables, sizes)
        except ValueError as exc:
            with self._state:
                self._points += requested
            return _gql_error(str(exc), "BAD_USER_INPUT")
        with self._state:
            self._points = min(self.graphql_maximum, self._points + requested - actual)
            cost = self._cost(requested, actual)
        return FakeResponse(200, {"data": data, "extensions": cost})

    def _cost(self, requested: int, actual: int | None) -> dict[str, Any]:
        status = {
            "maximumAvailable": self.graphql_maximum,
            "restoreRate": self.graphql_restore_rate,
        }
        status["currentlyAvailable"] = (
            math.floor(self._points * 10) / 10
        )  # never more than there is
        cost = {"requestedQueryCost": requested, "actualQueryCost": actual}
        return {"cost": {**cost, "throttleStatus": status}}

    def _orders(
        self, variables: Mapping[str, Any], query: str, sizes: Mapping[str, int], first: int
    ) -> tuple[dict[str, Any], int]:
        if not re.search(r"sortKey:\s*UPDATED_AT", query):
            raise ValueError("the fake sorts only by sortKey: UPDATED_AT")
        low, high = _search_bounds(str(variables.get("query") or ""))
        key = None
        if variables.get("after"):
            u, i = _cursor(variables["after"], "u", "i")
            key = (int(u), int(i))
        found = self._forward(key, low, high, None, first + 1)
        page = found[:first]
        nodes = [gql_order(self._load(p), sizes) for p in page]
        end = _b64({"u": self._upd[page[-1]], "i": self._ids[page[-1]]}) if page else None
        info = {"hasNextPage": len(found) > first, "hasPreviousPage": key is not None}
        connection = {"pageInfo": {**info, "endCursor": end}, "nodes": nodes}
        actual = 3 + sum(_order_cost(sizes, node) for node in nodes)
        return {"orders": connection}, actual

    def _order_lines(
        self, variables: Mapping[str, Any], sizes: Mapping[str, int]
    ) -> tuple[dict[str, Any], int]:
        gid = str(variables.get("id") or "")
        try:
            order = self._load(self._ids.index(int(gid.rsplit("/", 1)[-1])))
        except ValueError:
            return {"order": None}, 1
        start = int(_cursor(variables["after"], "line")[0]) if variables.get("after") else 0
        connection = _lines(order, start, sizes.get("lineItems", 0))
        return {"order": {"lineItems": connection}}, 1 + 3 + 3 * len(connection["nodes"])


def _gql_error(message: str, code: str) -> FakeResponse:
    return FakeResponse(200, {"errors": [{"message": message, "extensions": {"code": code}}]})


def _search_bounds(search: str) -> tuple[int | None, int | None]:
    """``updated_at:>='2025-01-01T00:00:00Z'`` (and >, <, <=) -> inclusive epoch bounds."""
    low = high = None
    for op, value in re.findall(r"updated_at:(>=|<=|>|<)?['\"]?([^'\"\s]+)['\"]?", search):
        stamp = epoch(value) or 0  # a bad time is a ValueError: an error answer
        if op in (">=", ">"):
            low = stamp + (op == ">")
        elif op:
            high = stamp - (op == "<")
        else:
            low = high = stamp
    return low, high


def _order_cost(sizes: Mapping[str, int], node: Mapping[str, Any] | None) -> int:
    """Requested cost of one order node (``node`` None) or the actual cost of a served one."""
    lines, tracking = sizes.get("lineItems", 0), sizes.get("trackingInfo", 0)
    fulfillments, refunds = sizes.get("fulfillments", 0), sizes.get("refunds", 0)
    if node is not None:
        lines = len(node["lineItems"]["nodes"])
        fulfillments, refunds = len(node["fulfillments"]), len(node["refunds"])
        tracking = max((len(f["trackingInfo"]) for f in node["fulfillments"]), default=0)
    return 10 + 3 + 3 * lines + fulfillments * (1 + tracking) + 3 * refunds


def _money(amount: Any, currency: Any) -> dict[str, Any] | None:
    money = {"amount": gql_decimal(amount), "currencyCode": currency}
    return None if amount is None else {"shopMoney": money}


_ADDRESS = {
    "firstName": "first_name", "lastName": "last_name", "company": "company",
    "address1": "address1", "address2": "address2", "city": "city", "zip": "zip",
    "provinceCode": "province_code", "countryCodeV2": "country_code", "phone": "phone",
}  # fmt: skip


def _address(a: Any) -> dict[str, Any] | None:
    return {g: a.get(r) for g, r in _ADDRESS.items()} if isinstance(a, dict) else None


def _refunded(order: Mapping[str, Any]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for refund in order.get("refunds") or []:
        for rli in refund.get("refund_line_items") or []:
            line = int(rli.get("line_item_id") or 0)
            counts[line] = counts.get(line, 0) + int(rli.get("quantity") or 0)
    return counts


def _lines(order: Mapping[str, Any], start: int, first: int) -> dict[str, Any]:
    items = order.get("line_items") or []
    refunded = _refunded(order)
    currency = order.get("currency")
    nodes = [
        {
            "id": f"gid://shopify/LineItem/{i['id']}",
            "sku": i.get("sku"),
            "name": i.get("name") or i.get("title"),
            "title": i.get("title"),
            "variantTitle": i.get("variant_title"),
            "quantity": i.get("quantity"),
            "currentQuantity": int(i.get("quantity") or 0) - refunded.get(int(i["id"]), 0),
            "originalUnitPriceSet": _money(i.get("price"), currency),
        }
        for i in items[start : start + first]
    ]
    end = _b64({"line": start + len(nodes)}) if nodes else None
    info = {"hasNextPage": start + first < len(items), "endCursor": end}
    return {"pageInfo": info, "nodes": nodes}


_FULFILLMENT = {"fulfilled": "FULFILLED", "partial": "PARTIALLY_FULFILLED", None: "UNFULFILLED"}


def gql_order(o: Mapping[str, Any], sizes: Mapping[str, int]) -> dict[str, Any]:
    """A REST order as the connector's GraphQL query would receive it."""
    currency = o.get("currency")
    c = o.get("customer")
    customer = None
    if isinstance(c, dict):
        customer = {
            "id": f"gid://shopify/Customer/{c['id']}",
            "firstName": c.get("first_name"),
            "lastName": c.get("last_name"),
            "updatedAt": utc_text(c.get("updated_at")),
            "defaultEmailAddress": {"emailAddress": c["email"]} if c.get("email") else None,
            "defaultPhoneNumber": {"phoneNumber": c["phone"]} if c.get("phone") else None,
            "defaultAddress": _address(c.get("default_address")),
        }
    fulfillments = []
    for f in (o.get("fulfillments") or [])[: sizes.get("fulfillments", 0)]:
        numbers = f.get("tracking_numbers") or [f.get("tracking_number")]
        urls = [*(f.get("tracking_urls") or []), *[None] * len(numbers)]
        info = [
            {"number": n, "company": f.get("tracking_company"), "url": urls[k]}
            for k, n in enumerate(numbers)
            if n or f.get("tracking_company")
        ]
        fulfillments.append(
            {
                "id": f"gid://shopify/Fulfillment/{f['id']}",
                "status": str(f.get("status") or "success").upper(),
                "createdAt": utc_text(f.get("created_at")),
                "trackingInfo": info[: sizes.get("trackingInfo", 0)],
            }
        )
    refunds = []
    for r in (o.get("refunds") or [])[: sizes.get("refunds", 0)]:
        money = [t["amount"] for t in r.get("transactions") or [] if t.get("kind") == "refund"]
        total = sum((Decimal(str(m)) for m in money), Decimal(0))
        refunds.append(
            {
                "id": f"gid://shopify/Refund/{r['id']}",
                "createdAt": utc_text(r.get("created_at")),
                "note": r.get("note"),
                "totalRefundedSet": _money(total, currency),
            }
        )
    tags = [t.strip() for t in str(o.get("tags") or "").split(",") if t.strip()]
    return {
        "id": f"gid://shopify/Order/{o['id']}",
        "legacyResourceId": str(o["id"]),
        "name": o.get("name"),
        "email": o.get("email"),
        "phone": o.get("phone"),
        "createdAt": utc_text(o.get("created_at")),
        "updatedAt": utc_text(o.get("updated_at")),
        "processedAt": utc_text(o.get("processed_at")),
        "cancelledAt": utc_text(o.get("cancelled_at")),
        "cancelReason": str(o["cancel_reason"]).upper() if o.get("cancel_reason") else None,
        "closedAt": utc_text(o.get("closed_at")),
        "currencyCode": currency,
        "displayFinancialStatus": str(o.get("financial_status") or "pending").upper(),
        "displayFulfillmentStatus": _FULFILLMENT.get(
            o.get("fulfillment_status"), str(o.get("fulfillment_status")).upper()
        ),
        "tags": tags,
        "totalPriceSet": _money(o.get("total_price"), currency),
        "customAttributes": [
            {"key": a.get("name"), "value": a.get("value")} for a in o.get("note_attributes") or []
        ],
        "customer": customer,
        "billingAddress": _address(o.get("billing_address")),
        "shippingAddress": _address(o.get("shipping_address")),
        "lineItems": _lines(o, 0, sizes.get("lineItems", 0)),
        "fulfillments": fulfillments,
        "refunds": refunds,
    }
