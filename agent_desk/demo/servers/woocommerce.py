"""A loopback WooCommerce store: ``GET /wp-json/wc/v3/orders`` over the demo's shop orders.

The demo generator writes Shopify-shaped orders (``shop/orders.jsonl``); this fake serves the
same orders converted to the WooCommerce REST API v3 order shape (:func:`woo_order`), so the
WooCommerce connector can be tested and demonstrated on the same people as the Shopify one. Ids
are kept (an order's ``id``, a customer's ``customer_id``, line ids), so ``truth.csv``'s
``shopify`` rows name the same records; guests (Shopify ``customer: null``) get
``customer_id: 0``.

What it follows from the documented contract (vendor-apis.md §4):

- **Auth**: HTTP Basic ``consumer_key:consumer_secret``, or ``consumer_key``/``consumer_secret``
  query parameters. Real WooCommerce accepts Basic only over HTTPS (plain HTTP needs OAuth 1.0a
  signatures); this fake accepts it over http because it only ever listens on 127.0.0.1. No
  credentials, or an unknown key, answer 401 ``woocommerce_rest_cannot_view``; a known key with
  the wrong secret 401 ``woocommerce_rest_authentication_error`` "Consumer secret is invalid."
  (what core's ``perform_basic_authentication`` sets).
- **Listing**: a JSON array; ``page`` (from 1) and ``per_page`` (1..100, default 10; anything
  else is 400 ``rest_invalid_param``); headers ``X-WP-Total``, ``X-WP-TotalPages`` and a ``Link``
  with absolute ``rel="prev"``/``rel="next"`` URLs. A page past the end is an empty array.
- **Filters**: ``modified_after``/``modified_before`` compare with the modification time,
  exclusively (WordPress ``date_query`` ``after``/``before``); with ``dates_are_gmt=true`` the
  value is UTC, otherwise site-local time (the demo shop's Europe/Berlin offsets, taken from
  each order). A value with an explicit offset is honoured as such. ``status`` is ``any``
  (default; leaves ``trash`` out), ``trash`` or one status.
- **Order**: ``orderby=modified`` (ties by id) as the incremental recipe asks
  (``orderby=modified&order=asc``), ``id``, or ``date`` (the default: created, newest first).
- **Rate limiting**: WooCommerce core has none, hosts and WAFs do; :meth:`set_rate_limit`
  switches a mode that answers 429 with ``Retry-After`` (for a number of requests, or until
  switched off). One-off faults come from :meth:`FakeVendorServer.inject`.

The index holds ``(modified UTC seconds, id, byte offset, status)`` per order, sorted, and
reads a page's lines from the file on demand, so a million-order file is served without holding
its orders in memory. Tests change the store with :meth:`touch` (an order modified now: it
moves to the end of ``orderby=modified``, shifting every later offset page, as a concurrent
write does on a real store) and :meth:`trash`.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import json
import math
import os
import re
import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from agent_desk.demo.servers.base import FakeRequest, FakeResponse, FakeVendorServer

API = "/wp-json/wc/v3"
ORDERS = f"{API}/orders"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
STATUSES = ("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed")
_ID = re.compile(rb'"id":(\d+)')
_UPDATED = re.compile(rb'"updated_at":"([^"]+)"')
_CREATED = re.compile(rb'"created_at":"([^"]+)"')
_FINANCIAL = re.compile(rb'"financial_status":"([a-z_]+)"')
_FULFILMENT = re.compile(rb'"fulfillment_status":(null|"[a-z_]+")')
_CANCELLED = re.compile(rb'"cancelled_at":(null|")')
_TRASH = "trash"

Entry = tuple[int, int, int, str]  # (modified UTC epoch seconds, order id, byte offset, status)


# --- conversion ------------------------------------------------------------------------------


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"time without offset: {text!r}")
    return value


def _local(text: str | None) -> str | None:
    """Site-local wall time without offset, as WooCommerce writes ``date_created``."""
    return None if text is None else _instant(text).replace(tzinfo=None).isoformat("T", "seconds")


def _gmt(text: str | None) -> str | None:
    """The same instant in UTC without offset, as WooCommerce writes ``date_created_gmt``."""
    if text is None:
        return None
    value = _instant(text)
    offset = value.utcoffset()
    assert offset is not None
    return (value.replace(tzinfo=None) - offset).isoformat("T", "seconds")


def woo_status(financial: str | None, fulfilment: str | None, cancelled: bool) -> str:
    """The WooCommerce status of a Shopify order.

    A full refund wins (WooCommerce sets ``refunded`` itself when the refunds reach the total),
    then a cancellation; any fulfilment is ``completed`` (WooCommerce has no partial shipping:
    a shop marks the order completed when its parcel leaves); paid is ``processing``.
    """
    if financial == "refunded":
        return "refunded"
    if cancelled:
        return "cancelled"
    if fulfilment in ("fulfilled", "partial"):
        return "completed"
    if financial in ("paid", "partially_refunded"):
        return "processing"
    return "pending"


def _address(
    addr: Mapping[str, Any] | None, email: str | None, phone: str | None
) -> dict[str, str]:
    a = addr or {}
    out = {
        "first_name": a.get("first_name") or "",
        "last_name": a.get("last_name") or "",
        "company": a.get("company") or "",
        "address_1": a.get("address1") or "",
        "address_2": a.get("address2") or "",
        "city": a.get("city") or "",
        "state": a.get("province_code") or "",
        "postcode": a.get("zip") or "",
        "country": a.get("country_code") or "",
    }
    if email is not None:
        out["email"] = email
    out["phone"] = phone or ""
    return out


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def woo_order(shop: Mapping[str, Any], base_url: str = "") -> dict[str, Any]:
    """One Shopify REST order (the demo's shape) as a WooCommerce REST API v3 order."""
    order_id = int(shop["id"])
    fulfilments = [f for f in shop.get("fulfillments") or [] if f]
    refunds = [r for r in shop.get("refunds") or [] if r]
    status = woo_status(
        shop.get("financial_status"), shop.get("fulfillment_status"), bool(shop.get("cancelled_at"))
    )
    paid = (
        shop.get("processed_at") or shop["created_at"]
        if shop.get("financial_status") in ("paid", "partially_refunded", "refunded")
        else None
    )
    completed = fulfilments[0]["created_at"] if fulfilments else None
    customer = shop.get("customer")
    customer_id = int(customer["id"]) if customer else 0
    bill = shop.get("billing_address") or {}
    ship = shop.get("shipping_address") or {}
    phone = shop.get("phone") or bill.get("phone") or None
    lines: list[dict[str, Any]] = []
    for item in shop.get("line_items") or []:
        price = Decimal(str(item.get("price") or "0"))
        quantity = int(item.get("quantity") or 0)
        total = _money(price * quantity)
        lines.append(
            {
                "id": int(item["id"]),
                "name": item.get("title") or "",
                "product_id": int(item.get("product_id") or 0),
                "variation_id": 0,
                "quantity": quantity,
                "tax_class": "",
                "subtotal": total,
                "subtotal_tax": "0.00",
                "total": total,
                "total_tax": "0.00",
                "taxes": [],
                "meta_data": [],
                "sku": item.get("sku") or "",
                "price": float(price),  # a number in WooCommerce, unlike every other amount
            }
        )
    refund_summaries = []
    for refund in reversed(refunds):  # newest first, as core lists them
        amount = sum(
            (
                Decimal(str(t.get("amount") or "0"))
                for t in refund.get("transactions") or []
                if t.get("kind", "refund") == "refund"
            ),
            Decimal(0),
        )
        refund_summaries.append(
            {"id": int(refund["id"]), "reason": refund.get("note") or "", "total": f"-{amount:.2f}"}
        )
    meta = [
        {"id": order_id % 100_000 * 10 + i, "key": str(n.get("name")), "value": n.get("value")}
        for i, n in enumerate(shop.get("note_attributes") or [])
        if n
    ]
    order_key = "wc_order_" + hashlib.sha1(str(order_id).encode()).hexdigest()[:13]
    links: dict[str, Any] = {
        "self": [{"href": f"{base_url}{ORDERS}/{order_id}"}],
        "collection": [{"href": f"{base_url}{ORDERS}"}],
    }
    if customer_id:
        links["customer"] = [{"href": f"{base_url}{API}/customers/{customer_id}"}]
    return {
        "id": order_id,
        "parent_id": 0,
        "number": str(shop.get("order_number") or order_id),
        "order_key": order_key,
        "created_via": "checkout",
        "version": "9.4.0",
        "status": status,
        "currency": shop.get("currency") or "EUR",
        "date_created": _local(shop["created_at"]),
        "date_created_gmt": _gmt(shop["created_at"]),
        "date_modified": _local(shop["updated_at"]),
        "date_modified_gmt": _gmt(shop["updated_at"]),
        "discount_total": "0.00",
        "discount_tax": "0.00",
        "shipping_total": "0.00",
        "shipping_tax": "0.00",
        "cart_tax": shop.get("total_tax") or "0.00",
        "total": shop.get("total_price") or "0.00",
        "total_tax": shop.get("total_tax") or "0.00",
        "prices_include_tax": True,
        "customer_id": customer_id,
        "customer_ip_address": "",
        "customer_user_agent": "",
        "customer_note": "",
        "billing": _address(bill, shop.get("email") or "", phone),
        "shipping": _address(ship, None, ship.get("phone")),
        "payment_method": "stripe" if paid else "",
        "payment_method_title": "Credit card (Stripe)" if paid else "",
        "transaction_id": "",
        "date_paid": _local(paid),
        "date_paid_gmt": _gmt(paid),
        "date_completed": _local(completed),
        "date_completed_gmt": _gmt(completed),
        "cart_hash": "",
        "meta_data": meta,
        "line_items": lines,
        "tax_lines": [],
        "shipping_lines": [],
        "fee_lines": [],
        "coupon_lines": [],
        "refunds": refund_summaries,
        "_links": links,
    }


def _status_of_line(line: bytes) -> str:
    """The WooCommerce status of a raw order line, without parsing the whole JSON."""
    financial = _FINANCIAL.search(line)
    fulfilment = _FULFILMENT.search(line)
    cancelled = _CANCELLED.search(line)
    ful = fulfilment.group(1).decode().strip('"') if fulfilment else None
    return woo_status(
        financial.group(1).decode() if financial else None,
        None if ful == "null" else ful,
        bool(cancelled and cancelled.group(1) == b'"'),
    )


# --- errors ----------------------------------------------------------------------------------


def _error(status: int, code: str, message: str, **data: Any) -> FakeResponse:
    return FakeResponse(
        status, {"code": code, "message": message, "data": {"status": status, **data}}
    )


def _invalid(param: str, reason: str) -> FakeResponse:
    return _error(
        400,
        "rest_invalid_param",
        f"Invalid parameter(s): {param}",
        params={param: reason},
        details={param: {"code": "rest_invalid_param", "message": reason, "data": None}},
    )


class _BadParam(Exception):
    def __init__(self, response: FakeResponse) -> None:
        super().__init__(response.body)
        self.response = response


# --- the server ------------------------------------------------------------------------------


class WooCommerceFake(FakeVendorServer):
    """``WooCommerceFake(folder, key=..., secret=...)``: ``folder`` is the demo output (holding
    ``shop/orders.jsonl``) or the ``shop`` folder itself."""

    def __init__(
        self,
        folder: Path | str,
        *,
        key: str = "ck_demo0000000000000000000000000000000000",
        secret: str = "cs_demo0000000000000000000000000000000000",
    ) -> None:
        super().__init__()
        folder = Path(folder)
        path = folder / "shop" / "orders.jsonl"
        if not path.exists():
            path = folder / "orders.jsonl"
        self.path = path
        self.key = key
        self.secret = secret
        self._fd = os.open(path, os.O_RDONLY)
        self._docs: dict[int, dict[str, Any]] = {}  # orders changed by touch()/trash()
        self._store_lock = threading.Lock()
        self._by_created: list[Entry] | None = None
        self._rate_limit_left: float = 0
        self.retry_after = "1"
        self.live: list[Entry] = []
        self.trashed: list[Entry] = []
        self._offsets: set[int] = set()  # the site's UTC offsets, in seconds
        try:
            self._index()
        except BaseException:
            os.close(self._fd)
            self.server_close()
            raise

    # -- index --------------------------------------------------------------------------------
    def _index(self) -> None:
        entries: list[Entry] = []
        offset = 0
        with open(self.path, "rb") as fh:
            for line in fh:
                start, offset = offset, offset + len(line)
                if not line.strip():
                    continue
                found_id = _ID.search(line)
                found_updated = _UPDATED.search(line)
                if found_id is None or found_updated is None:
                    raise ValueError(f"{self.path}: no id or updated_at at byte {start}")
                updated = _instant(found_updated.group(1).decode())
                self._offsets.add(int((updated.utcoffset() or timedelta(0)).total_seconds()))
                entries.append(
                    (int(updated.timestamp()), int(found_id.group(1)), start, _status_of_line(line))
                )
        entries.sort()
        self.live = entries
        if not self._offsets:
            self._offsets.add(0)

    def _line(self, start: int) -> bytes:
        chunks: list[bytes] = []
        at = start
        while True:
            chunk = os.pread(self._fd, 65536, at)
            if not chunk:
                break
            end = chunk.find(b"\n")
            if end >= 0:
                chunks.append(chunk[:end])
                break
            chunks.append(chunk)
            at += len(chunk)
        return b"".join(chunks)

    def order(self, entry: Entry) -> dict[str, Any]:
        """The WooCommerce order of an index entry."""
        order_id, start = entry[1], entry[2]
        if start < 0:
            return json.loads(json.dumps(self._docs[order_id]))  # a copy
        return woo_order(json.loads(self._line(start)), self.url)

    def _created_at(self, entry: Entry) -> float:
        """Created, in UTC epoch seconds (a regex on the line: no JSON parse, no conversion)."""
        if entry[2] < 0:
            created = self._docs[entry[1]]["date_created_gmt"]
            return datetime.fromisoformat(created).replace(tzinfo=UTC).timestamp()
        found = _CREATED.search(self._line(entry[2]))
        return _instant(found.group(1).decode()).timestamp() if found else 0.0

    def find(self, order_id: int) -> Entry | None:
        for entries in (self.live, self.trashed):
            for entry in entries:
                if entry[1] == order_id:
                    return entry
        return None

    # -- changes, for tests -------------------------------------------------------------------
    def touch(self, order_id: int, when: datetime, **changes: Any) -> dict[str, Any]:
        """Modify an order at ``when`` (aware): ``changes`` are WooCommerce fields to set."""
        with self._store_lock:
            entry = self.find(order_id)
            if entry is None:
                raise KeyError(order_id)
            doc = self.order(entry)
            local_offset = datetime.fromisoformat(doc["date_modified"]) - datetime.fromisoformat(
                doc["date_modified_gmt"]
            )
            when = when.astimezone(UTC)
            doc.update(changes)
            doc["date_modified_gmt"] = when.strftime("%Y-%m-%dT%H:%M:%S")
            doc["date_modified"] = (when + local_offset).strftime("%Y-%m-%dT%H:%M:%S")
            self._docs[order_id] = doc
            (self.trashed if entry[3] == _TRASH else self.live).remove(entry)
            status = str(doc.get("status"))
            new = (int(when.timestamp()), order_id, -1, status)
            bisect.insort(self.trashed if status == _TRASH else self.live, new)
            self._by_created = None
            return doc

    def trash(self, order_id: int, when: datetime) -> dict[str, Any]:
        """Move an order to the trash at ``when``, as ``DELETE /orders/{id}`` does."""
        return self.touch(order_id, when, status=_TRASH)

    def set_rate_limit(
        self, on: bool = True, *, retry_after: str = "1", count: int | None = None
    ) -> None:
        """Answer every API request with 429 and ``Retry-After`` while on; with ``count``, for
        that many requests only."""
        self.retry_after = retry_after
        self._rate_limit_left = (count if count is not None else math.inf) if on else 0

    def stop(self) -> None:
        super().stop()
        os.close(self._fd)

    # -- routing ------------------------------------------------------------------------------
    def route(self, request: FakeRequest) -> FakeResponse:
        if not request.path.startswith("/wp-json/"):
            return FakeResponse(
                404, "<html><body>Not found</body></html>", content_type="text/html"
            )
        with self._store_lock:
            if self._rate_limit_left > 0:
                self._rate_limit_left -= 1
                return FakeResponse(
                    429,
                    {
                        "code": "rest_too_many_requests",
                        "message": "Too many requests.",
                        "data": {"status": 429},
                    },
                    {"Retry-After": self.retry_after},
                )
        denied = self._authenticate(request)
        if denied is not None:
            return denied
        if request.method != "GET":
            return _error(
                404, "rest_no_route", "No route was found matching the URL and request method."
            )
        path = request.path.rstrip("/")
        try:
            if path == ORDERS:
                return self._list(request)
            match = re.fullmatch(re.escape(ORDERS) + r"/(\d+)", path)
            if match:
                with self._store_lock:
                    entry = self.find(int(match.group(1)))
                if entry is None:
                    return _error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
                return FakeResponse(200, self.order(entry))
        except _BadParam as exc:
            return exc.response
        return _error(
            404, "rest_no_route", "No route was found matching the URL and request method."
        )

    def _authenticate(self, request: FakeRequest) -> FakeResponse | None:
        key = secret = ""
        header = request.headers.get("Authorization") or request.headers.get("authorization") or ""
        if header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                decoded = ""
            key, _, secret = decoded.partition(":")
        elif "consumer_key" in request.query:
            key = request.query.get("consumer_key", "")
            secret = request.query.get("consumer_secret", "")
        if key and hmac.compare_digest(key.encode(), self.key.encode()):
            if hmac.compare_digest(secret.encode(), self.secret.encode()):
                return None
            return _error(
                401, "woocommerce_rest_authentication_error", "Consumer secret is invalid."
            )
        return _error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")

    # -- listing ------------------------------------------------------------------------------
    @staticmethod
    def _int(request: FakeRequest, name: str, default: int, low: int, high: int) -> int:
        raw = request.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise _BadParam(_invalid(name, f"{name} is not of type integer.")) from None
        if not low <= value <= high:
            raise _BadParam(
                _invalid(name, f"{name} must be between {low} (inclusive) and {high} (inclusive)")
            )
        return value

    def _when(self, request: FakeRequest, name: str) -> tuple[datetime, bool] | None:
        """A date filter: (value, True when it is UTC) or None; naive means site-local."""
        raw = request.query.get(name)
        if not raw:
            return None
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise _BadParam(_invalid(name, "Invalid date.")) from None
        if value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None), True
        gmt = request.query.get("dates_are_gmt", "false").lower() in ("1", "true", "yes")
        return value, gmt

    def _modified_local(self, entry: Entry) -> datetime:
        return datetime.fromisoformat(self.order(entry)["date_modified"])

    def _after(self, entries: list[Entry], bound: tuple[datetime, bool]) -> list[int] | range:
        """Positions in ``entries`` (sorted by modified) strictly after ``bound``."""
        value, gmt = bound
        epoch = int(value.replace(tzinfo=UTC).timestamp())
        if gmt:
            return range(bisect.bisect_right(entries, (epoch, math.inf)), len(entries))
        # site-local: the order's own offset decides near the bound (daylight saving moves it)
        lo = bisect.bisect_right(entries, (epoch - max(self._offsets), math.inf))
        hi = bisect.bisect_right(entries, (epoch - min(self._offsets), math.inf))
        band = [i for i in range(lo, hi) if self._modified_local(entries[i]) > value]
        return band + list(range(hi, len(entries))) if band else range(hi, len(entries))

    def _before(self, entries: list[Entry], bound: tuple[datetime, bool]) -> set[int] | int:
        """The positions strictly before ``bound``: a count (prefix) or an explicit set."""
        value, gmt = bound
        epoch = int(value.replace(tzinfo=UTC).timestamp())
        if gmt:
            return bisect.bisect_left(entries, (epoch, -1))
        lo = bisect.bisect_left(entries, (epoch - max(self._offsets), -1))
        hi = bisect.bisect_left(entries, (epoch - min(self._offsets), -1))
        return set(range(lo)) | {
            i for i in range(lo, hi) if self._modified_local(entries[i]) < value
        }

    def _select(self, request: FakeRequest) -> list[Entry] | _Slice:
        status = request.query.get("status", "any") or "any"
        for part in status.split(","):
            if part not in ("any", _TRASH, *STATUSES):
                raise _BadParam(
                    _invalid(
                        "status", f"status[0] is not one of any, {', '.join(STATUSES)}, trash."
                    )
                )
        entries = self.trashed if status == _TRASH else self.live
        positions: Iterable[int] = range(len(entries))
        after = self._when(request, "modified_after")
        if after is not None:
            positions = self._after(entries, after)
        before = self._when(request, "modified_before")
        if before is not None:
            cut = self._before(entries, before)
            if isinstance(cut, int) and isinstance(positions, range):
                positions = range(positions.start, max(positions.start, min(positions.stop, cut)))
            elif isinstance(cut, int):
                positions = [i for i in positions if i < cut]
            else:
                positions = [i for i in positions if i in cut]
        if status not in ("any", _TRASH):
            wanted = set(status.split(","))
            positions = [i for i in positions if entries[i][3] in wanted]
        orderby = request.query.get("orderby", "date")
        if orderby not in ("date", "id", "modified", "include", "title", "slug"):
            raise _BadParam(
                _invalid(
                    "orderby", "orderby is not one of date, id, include, title, slug, modified."
                )
            )
        descending = request.query.get("order", "desc") != "asc"
        if orderby == "modified":
            if isinstance(positions, range) and not descending:
                return _Slice(entries, positions)
            chosen = [entries[i] for i in positions]
            return chosen[::-1] if descending else chosen
        chosen = [entries[i] for i in positions]
        if orderby == "id":
            chosen.sort(key=lambda e: e[1], reverse=descending)
        else:  # date, and the slug/title/include orders this fake does not model
            created = {e[1]: rank for rank, e in enumerate(self._created())}
            chosen.sort(key=lambda e: created[e[1]], reverse=descending)
        return chosen

    def _created(self) -> list[Entry]:
        """Every live and trashed entry by created time then id (cached until a change)."""
        if self._by_created is None:
            keyed = [(self._created_at(e), e[1], e) for e in (*self.live, *self.trashed)]
            keyed.sort()
            self._by_created = [e for _, _, e in keyed]
        return self._by_created

    def _list(self, request: FakeRequest) -> FakeResponse:
        page = self._int(request, "page", 1, 1, 10**9)
        per_page = self._int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        with self._store_lock:
            selection = self._select(request)
            total = len(selection)
            chosen = selection[(page - 1) * per_page : page * per_page]
            body = [self.order(e) for e in chosen]
        pages = max(1, -(-total // per_page)) if total else 0
        headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
        links = []
        query = {
            k: v for k, v in request.query.items() if k not in ("consumer_key", "consumer_secret")
        }
        if page > 1 and total:
            previous = urlencode({**query, "page": min(page - 1, pages)})
            links.append(f'<{self.url}{ORDERS}?{previous}>; rel="prev"')
        if page < pages:
            links.append(
                f'<{self.url}{ORDERS}?{urlencode({**query, "page": page + 1})}>; rel="next"'
            )
        if links:
            headers["Link"] = ", ".join(links)
        return FakeResponse(200, body, headers)


class _Slice:
    """A contiguous range of a sorted index, sliced without copying the index."""

    def __init__(self, entries: list[Entry], positions: range) -> None:
        self.entries = entries
        self.positions = positions

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, window: slice) -> list[Entry]:
        return [self.entries[i] for i in self.positions[window]]
