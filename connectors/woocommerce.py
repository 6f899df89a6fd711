"""WooCommerce orders through the REST API v3 (``/wp-json/wc/v3/orders``).

Configuration (a TOML section)::

    [sources.woo]
    type = "woocommerce"
    url = "https://shop.example.com"   # the store's root (a pasted …/wp-json/wc/v3 is accepted)
    credential = "woo"                 # keyring entry holding "ck_…:cs_…" (key, colon, secret)
    per_page = 100                     # 1..100 (WooCommerce's maximum)
    lookback_seconds = 300             # overlap at the start of each run
    start = "2024-01-01"               # optional: first run reads orders modified after this
    auth = "basic"                     # or "query" for servers that drop the Authorization header

**Credentials.** One keyring entry holds ``consumer_key:consumer_secret`` (``ck_…:cs_…``, as
WooCommerce shows them side by side; a key never contains a colon), set with
``agent-desk credentials set woo``. They go out as HTTP Basic auth, which WooCommerce accepts
only over HTTPS: on plain HTTP it demands OAuth 1.0a signatures instead, so an ``http://`` URL
is refused unless it names this machine (127.0.0.1, localhost, ::1: the demo's loopback fake).
``auth = "query"`` sends ``consumer_key``/``consumer_secret`` as query parameters, the
documented fallback for hosts that strip the Authorization header: still HTTPS only, and this
app's messages never show a query string, but the store's access log records it, so prefer
Basic.

**Streams.** ``orders`` (status ``any``) and ``trash`` (status ``trash``, which ``any`` leaves
out): a trashed order's events and its guest come back with ``deleted = True`` (a registered
customer is not sent from there: it outlives the order), and no lines. An order
deleted for good is invisible to the API (a reconciliation by id would find it; not done here).

**Incremental reads.** Bookmark ``{"modified_gmt": "…Z"}``: the largest ``date_modified_gmt``
seen. A run asks for ``modified_after = bookmark - lookback_seconds`` with
``dates_are_gmt=true`` (otherwise WooCommerce reads the value in the site's time zone) and
``orderby=modified&order=asc``. WooCommerce pages by offset (``page``/``per_page``), and offsets
shift when an order is modified mid-run: it jumps to the end, and the order that slid onto an
already-read page would be skipped for good. So each next page is asked for as page 1 of a new
window that starts one second before the last modification read (``modified_after`` is
exclusive and has one-second resolution); orders read twice at the window's edge are dropped by
``(id, date_modified_gmt)``. ``page`` only grows inside a run of more than ``per_page`` orders
modified in the same second. A run ends on a short page or when ``page`` reaches
``X-WP-TotalPages``. Every page's bookmark is the maximum seen so far, so a crash resumes with
the overlap, and records are idempotent by id (``order/{id}/placed``, line ids, ...), so the
re-read orders change nothing. A store that ignores ``modified_after`` (older than WooCommerce
5.8) still works, only slowly (orders before the window are skipped, with a warning); one that
ignores ``orderby=modified`` is refused, since no bookmark could be trusted.

**Mapping.** All times come from the ``*_gmt`` fields (the others are site-local wall time
without an offset). A registered buyer (``customer_id`` > 0) is a person ``customer/{id}``; a
guest (``customer_id`` 0) is known only by the order's billing e-mail, phone and name, as the
person ``order/{id}``. The ERP customer number comes from the ``erp_customer_no`` meta entry.
Events per order, all with ``reference`` ``#{number}`` and the admin link
``{url}/wp-admin/post.php?post={id}&action=edit`` (stores with HPOS redirect it to their order
screen): ``order_placed`` (``date_created_gmt``, the total), ``order_paid``
(``date_paid_gmt``), ``order_shipped`` (``date_completed_gmt``: WooCommerce's "completed"),
``order_refunded`` for each refund summary (its ``total`` is negative, and so is the event's
amount) and ``order_cancelled``. The summaries and the cancellation carry no time of their own
(it is in ``/orders/{id}/refunds`` and the order notes, one more request per order), so both are
dated at the order's ``date_modified_gmt``, which is when it last changed. Order lines are
:class:`OrderLineRecord` with the order's status.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar
from urllib.parse import urlsplit

from connectors.base import (
    Bookmark,
    CheckResult,
    ConfigurationError,
    ConnectorContext,
    ConnectorError,
    EventRecord,
    OrderLineRecord,
    Page,
    PersonRecord,
    PersonRef,
    Rejection,
)
from connectors.http import HttpClient
from connectors.mentions import key as business_key
from connectors.values import text_or_none as _text

ORDERS_PATH = "/wp-json/wc/v3/orders"
MAX_PER_PAGE = 100
ONE_SECOND = timedelta(seconds=1)
STREAM_STATUS = {"orders": "any", "trash": "trash"}
ERP_META_KEYS = ("erp_customer_no", "_erp_customer_no")
_LOOPBACK_NAMES = ("localhost",)


class _BadOrder(ValueError):
    pass


def _loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_gmt(value: Any, field: str) -> datetime | None:
    """A WooCommerce ``*_gmt`` time (UTC without an offset) as an aware datetime."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise _BadOrder(f"{field}: bad time {value!r}") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _gmt_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _decimal(value: Any, field: str) -> Decimal:
    try:
        # line-item ``price`` is a JSON number: go through str() so 29.99 stays 29.99
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _BadOrder(f"{field}: bad amount {value!r}") from None
    if not result.is_finite():
        raise _BadOrder(f"{field}: bad amount {value!r}")
    return result


class WooCommerceConnector:
    type_name: ClassVar[str] = "woocommerce"

    def __init__(
        self,
        name: str,
        config: Mapping[str, Any],
        context: ConnectorContext,
        *,
        wait: Callable[[float], None] | None = None,
    ) -> None:
        self.name = name
        self.context = context
        url = str(config.get("url") or "").strip().rstrip("/")
        if not url:
            raise ConfigurationError(name, "'url' (the store's address) is not set")
        for suffix in ("/wp-json/wc/v3/orders", "/wp-json/wc/v3", "/wp-json"):
            if url.endswith(suffix):
                url = url[: -len(suffix)]
                break
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigurationError(name, f"'url' must be an https:// address, not {url!r}")
        if parts.scheme == "http" and not _loopback(parts.hostname):
            raise ConfigurationError(
                name,
                "WooCommerce accepts consumer keys over plain http only with OAuth 1.0a "
                "signatures: use the store's https:// address",
            )
        self.url = url
        self.credential = str(config.get("credential") or "").strip()
        if not self.credential:
            raise ConfigurationError(
                name, "'credential' (the keyring entry holding 'ck_…:cs_…') is not set"
            )
        self.per_page = self._int(config, "per_page", MAX_PER_PAGE, 1, MAX_PER_PAGE)
        self.lookback = timedelta(seconds=self._int(config, "lookback_seconds", 300, 0, 7 * 86400))
        self.auth_mode = str(config.get("auth", "basic"))
        if self.auth_mode not in ("basic", "query"):
            raise ConfigurationError(name, '\'auth\' must be "basic" or "query"')
        self.start = self._start(config.get("start"))
        self._wait = wait
        self._http: HttpClient | None = None
        self._query_auth: dict[str, str] = {}
        self.last_total: int | None = None  # X-WP-Total of the last listing, for check()

    def _int(self, config: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
        raw = config.get(key, default)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ConfigurationError(self.name, f"'{key}' must be a whole number") from None
        if isinstance(raw, bool) or not low <= value <= high:
            raise ConfigurationError(self.name, f"'{key}' must be between {low} and {high}")
        return value

    def _start(self, raw: Any) -> datetime | None:
        if raw in (None, ""):
            return None
        if isinstance(raw, datetime):
            return raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw.astimezone(UTC)
        if isinstance(raw, date):
            return datetime(raw.year, raw.month, raw.day, tzinfo=UTC)
        try:
            return parse_gmt(str(raw), "start")
        except _BadOrder:
            raise ConfigurationError(
                self.name, f"'start' must be a date such as 2024-01-01, not {raw!r}"
            ) from None

    # -- HTTP ---------------------------------------------------------------------------------
    @property
    def http(self) -> HttpClient:
        """The HTTP client, built on first use (the keyring is read then, not at start-up)."""
        if self._http is None:
            secret = self.context.require_secret(self.name, self.credential)
            key, sep, consumer_secret = secret.strip().partition(":")
            if not sep or not key or not consumer_secret:
                raise ConfigurationError(
                    self.name,
                    f"the credential '{self.credential}' must be the consumer key and secret "
                    "joined by a colon: ck_…:cs_…",
                )
            auth: tuple[str, str] | None = None
            if self.auth_mode == "basic":
                auth = (key, consumer_secret)
            else:
                self._query_auth = {"consumer_key": key, "consumer_secret": consumer_secret}
            self._http = HttpClient(
                self.name,
                auth=auth,
                cancel=self.context.cancel,
                logger=self.context.logger,
                wait=self._wait,
            )
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _list(self, params: dict[str, Any]) -> tuple[list[Any], int | None]:
        http = self.http
        response = http.get(self.url + ORDERS_PATH, {**params, **self._query_auth})
        try:
            body = response.json()
        except ValueError:
            raise ConnectorError(
                self.name,
                f"the store did not answer JSON (starts with {response.text[:80]!r}); "
                "are pretty permalinks on, and is the URL the store's root?",
            ) from None
        if not isinstance(body, list):
            raise ConnectorError(self.name, f"expected a JSON array of orders, got {body!r:.120}")
        total_pages = None
        try:
            total_pages = int(response.headers["X-WP-TotalPages"])
            self.last_total = int(response.headers["X-WP-Total"])
        except (KeyError, ValueError):
            pass
        return body, total_pages

    # -- protocol -----------------------------------------------------------------------------
    def streams(self) -> list[str]:
        return list(STREAM_STATUS)

    def pages(self, stream: str, bookmark: Bookmark | None) -> Iterator[Page]:
        if stream not in STREAM_STATUS:
            raise ConfigurationError(self.name, f"no stream {stream!r} (streams: orders, trash)")
        yield from self._pages(stream, bookmark, self.per_page, None)

    def _pages(
        self, stream: str, bookmark: Bookmark | None, per_page: int, limit: int | None
    ) -> Iterator[Page]:
        seen_max: datetime | None = None
        if bookmark and bookmark.get("modified_gmt"):
            try:
                seen_max = parse_gmt(bookmark["modified_gmt"], "bookmark")
            except _BadOrder:
                raise ConnectorError(self.name, f"unreadable bookmark {bookmark!r}") from None
        cursor = seen_max - self.lookback if seen_max else self.start
        if cursor is not None:
            cursor = cursor.replace(microsecond=0)  # the API's resolution
        page_no = 1
        delivered: set[tuple[int, datetime]] = set()
        skipped = 0
        requests = 0
        while limit is None or requests < limit:
            if self.context.cancel.is_set():
                return
            params: dict[str, Any] = {
                "status": STREAM_STATUS[stream],
                "orderby": "modified",
                "order": "asc",
                "dates_are_gmt": "true",
                "per_page": per_page,
                "page": page_no,
            }
            if cursor is not None:
                params["modified_after"] = _gmt_text(cursor)
            orders, total_pages = self._list(params)
            requests += 1
            fresh: list[Mapping[str, Any]] = []
            rejections: list[Rejection] = []
            first: datetime | None = None
            last: datetime | None = None
            for raw in orders:
                try:
                    order_id, modified = self._key(raw)
                except _BadOrder as exc:
                    rejections.append(Rejection(f"{stream} page {page_no}", str(exc)))
                    continue
                if first is None:
                    first = modified
                if last is not None and modified < last:
                    raise ConnectorError(
                        self.name,
                        "the store ignored orderby=modified (an old WooCommerce, or a plug-in "
                        "that overrides the order): incremental reads are impossible",
                    )
                last = modified
                if cursor is not None and modified <= cursor:
                    skipped += 1  # the store ignored modified_after
                    continue
                if (order_id, modified) in delivered:
                    continue  # read again at the window's edge
                delivered.add((order_id, modified))
                fresh.append(raw)
                if seen_max is None or modified > seen_max:
                    seen_max = modified
            persons, events, lines, bad = self._records(fresh, deleted=stream == "trash")
            rejections.extend(bad)
            yield Page(
                stream,
                {"modified_gmt": _gmt_text(seen_max) + "Z"} if seen_max else dict(bookmark or {}),
                tuple(persons),
                tuple(events),
                tuple(lines),
                tuple(rejections),
            )
            if len(orders) < per_page or (total_pages is not None and page_no >= total_pages):
                break
            window = last - ONE_SECOND if last is not None else None
            if window is None or (cursor is not None and window <= cursor):
                page_no += 1  # more than a page of orders modified in one second
            else:
                # a first page all in one second is also page 1 of the new window: skip it
                page_no = 2 if page_no == 1 and first == last else 1
                cursor = window
                delivered = {k for k in delivered if k[1] > window}
        if skipped:
            self.context.logger.warning(
                "%s: the store ignored modified_after: %d orders before the window were "
                "skipped (WooCommerce 5.8 or later filters them on the server)",
                self.name,
                skipped,
            )

    @staticmethod
    def _key(raw: Any) -> tuple[int, datetime]:
        if not isinstance(raw, Mapping):
            raise _BadOrder(f"not an order object: {raw!r:.80}")
        try:
            order_id = int(raw["id"])
        except (KeyError, TypeError, ValueError):
            raise _BadOrder(f"order without a usable id: {raw.get('id')!r}") from None
        modified = parse_gmt(raw.get("date_modified_gmt"), f"order {order_id}: date_modified_gmt")
        if modified is None:
            raise _BadOrder(f"order {order_id}: no date_modified_gmt")
        return order_id, modified

    def check(self) -> CheckResult:
        counts: dict[str, int] = {}
        totals: dict[str, int | None] = {}
        for stream in self.streams():
            first = next(iter(self._pages(stream, None, min(self.per_page, 20), 1)), None)
            counts[stream] = first.size if first else 0
            totals[stream] = self.last_total
        store_total = totals.get("orders")
        verdict = f"signed in to {self.url}"
        if store_total is not None:
            verdict += f"; {store_total:,} orders"
            if totals.get("trash"):
                verdict += f" and {totals['trash']:,} in the trash"
        return CheckResult(True, verdict, counts)

    # -- mapping ------------------------------------------------------------------------------
    def _records(
        self, orders: list[Mapping[str, Any]], *, deleted: bool
    ) -> tuple[list[PersonRecord], list[EventRecord], list[OrderLineRecord], list[Rejection]]:
        persons: dict[tuple[str, str], PersonRecord] = {}
        events: list[EventRecord] = []
        lines: list[OrderLineRecord] = []
        rejections: list[Rejection] = []
        for raw in orders:
            try:
                person, order_events, order_lines = self._order(raw, deleted)
            except _BadOrder as exc:
                rejections.append(Rejection(f"order {raw.get('id')}", str(exc)))
                continue
            if person is not None and not (deleted and person.entity == "customer"):
                # the newest wins; a registered customer outlives a trashed order, and its
                # billing details there are no news
                persons[(person.entity, person.external_id)] = person
            events.extend(order_events)
            lines.extend(order_lines)
        return list(persons.values()), events, lines, rejections

    def link(self, order_id: int) -> str:
        return f"{self.url}/wp-admin/post.php?post={order_id}&action=edit"

    def _person(
        self, raw: Mapping[str, Any], order_id: int, modified: datetime, deleted: bool
    ) -> PersonRecord | None:
        billing = raw.get("billing") or {}
        if not isinstance(billing, Mapping):
            raise _BadOrder("billing is not an object")
        try:
            customer_id = int(raw.get("customer_id") or 0)
        except (TypeError, ValueError):
            raise _BadOrder(f"bad customer_id {raw.get('customer_id')!r}") from None
        given, family = _text(billing.get("first_name")), _text(billing.get("last_name"))
        company = _text(billing.get("company"))
        email, phone = _text(billing.get("email")), _text(billing.get("phone"))
        erp = None
        for meta in raw.get("meta_data") or []:
            if isinstance(meta, Mapping) and meta.get("key") in ERP_META_KEYS:
                erp = _text(meta.get("value"))
        if customer_id <= 0 and not (email or phone):
            return None  # a guest with neither: nobody to attach the order to
        street = ", ".join(
            p for p in (_text(billing.get("address_1")), _text(billing.get("address_2"))) if p
        )
        display = " ".join(p for p in (given, family) if p) or company or email or phone
        guest = customer_id <= 0
        return PersonRecord(
            entity="order" if guest else "customer",
            external_id=str(order_id if guest else customer_id),
            display_name=display,
            given_name=given,
            family_name=family,
            company=company,
            email=email,
            phone=phone,
            street=street or None,
            postcode=_text(billing.get("postcode")),
            city=_text(billing.get("city")),
            country=(_text(billing.get("country")) or "").upper() or None,
            erp_customer_number=erp,
            link=(
                self.link(order_id)
                if guest
                else f"{self.url}/wp-admin/user-edit.php?user_id={customer_id}"
            ),
            updated_at=modified,
            deleted=deleted,
            payload={"order_id": order_id, "customer_id": customer_id, "billing": dict(billing)},
        )

    def _order(
        self, raw: Mapping[str, Any], deleted: bool
    ) -> tuple[PersonRecord | None, list[EventRecord], list[OrderLineRecord]]:
        order_id, modified = self._key(raw)
        created = parse_gmt(raw.get("date_created_gmt"), "date_created_gmt")
        if created is None:
            raise _BadOrder("no date_created_gmt")
        paid = parse_gmt(raw.get("date_paid_gmt"), "date_paid_gmt")
        completed = parse_gmt(raw.get("date_completed_gmt"), "date_completed_gmt")
        number = _text(raw.get("number")) or str(order_id)
        reference = f"#{number}"
        status = _text(raw.get("status"))
        currency = (_text(raw.get("currency")) or "").upper() or None
        total = _decimal(raw.get("total") or "0", "total")
        link = self.link(order_id)
        person = self._person(raw, order_id, modified, deleted)
        ref = PersonRef(person.entity, person.external_id) if person else None
        items = raw.get("line_items") or []
        if not isinstance(items, list):
            raise _BadOrder("line_items is not a list")
        lines: list[OrderLineRecord] = []
        summary: list[str] = []
        for item in items:
            if not isinstance(item, Mapping) or item.get("id") is None:
                raise _BadOrder("a line item without an id")
            quantity = _decimal(item.get("quantity") or 0, f"line {item['id']}: quantity")
            price = item.get("price")
            unit = _decimal(price, f"line {item['id']}: price") if price is not None else None
            if unit is None and item.get("total") is not None and quantity:
                unit = _decimal(item["total"], f"line {item['id']}: total") / quantity
            name = _text(item.get("name")) or _text(item.get("sku")) or f"line {item['id']}"
            summary.append(f"{quantity.normalize():f} × {name}")
            if not deleted:
                lines.append(
                    OrderLineRecord(
                        order_external_id=str(order_id),
                        line_external_id=str(item["id"]),
                        person=ref,
                        name=name,
                        quantity=quantity,
                        ordered_at=created,
                        sku=_text(item.get("sku")),
                        unit_price=unit,
                        currency=currency,
                        order_reference=reference,
                        status=status,
                    )
                )
        payload = {
            "order_id": order_id,
            "number": number,
            "status": status,
            "customer_id": raw.get("customer_id"),
            "payment_method_title": raw.get("payment_method_title"),
            "date_modified_gmt": raw.get("date_modified_gmt"),
        }

        def event(key: str, kind: str, when: datetime, title: str, **extra: Any) -> EventRecord:
            return EventRecord(
                external_id=f"order/{order_id}/{key}",
                person=ref,
                kind=kind,
                occurred_at=when,
                title=title,
                category="commercial",
                currency=currency,
                status=status,
                reference=reference,
                link=link,
                deleted=deleted,
                payload=payload,
                **extra,
            )

        events = [
            event(
                "placed",
                "order_placed",
                created,
                f"Order {reference} placed",
                body=", ".join(summary) or None,
                amount=total,
                owns=business_key("order", reference),
            )
        ]
        if paid is not None:
            method = _text(raw.get("payment_method_title"))
            events.append(
                event(
                    "paid",
                    "order_paid",
                    paid,
                    f"Order {reference} paid",
                    body=f"Paid by {method}" if method else None,
                    amount=total,
                )
            )
        if completed is not None:
            events.append(
                event("shipped", "order_shipped", completed, f"Order {reference} shipped")
            )
        for refund in raw.get("refunds") or []:
            if not isinstance(refund, Mapping) or refund.get("id") is None:
                raise _BadOrder("a refund without an id")
            amount = _decimal(refund.get("total") or "0", f"refund {refund['id']}: total")
            amount = -abs(amount)  # the summary's total is negative; never let it count twice
            events.append(
                event(
                    f"refund/{refund['id']}",
                    "order_refunded",
                    modified,
                    f"Order {reference} refunded",
                    body=_text(refund.get("reason")),
                    amount=amount,
                )
            )
        if status == "cancelled":
            events.append(
                event("cancelled", "order_cancelled", modified, f"Order {reference} cancelled")
            )
        return person, events, lines
