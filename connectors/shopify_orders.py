"""Shopify orders -> Agent Desk records: one mapping for both the REST and the GraphQL API.

The input is an order in the REST Admin API shape (``orders.json``); the GraphQL connector
converts its nodes to that shape first (:mod:`connectors.shopify_graphql`), so the rules below
exist once.

Person
    The order's ``customer`` becomes a :class:`PersonRecord` with entity ``customer`` and the
    customer id, built from the customer object and its default address only, so that every
    order of one customer yields the same record (order-level phones and addresses vary from
    checkout to checkout). Protected customer data may be redacted (``null``) field by field;
    a missing field stays ``None``, except the e-mail, which falls back to the order's contact
    e-mail (for an account holder that is the account e-mail). A guest checkout
    (no customer) becomes entity ``order`` with the order id, from the order's e-mail, phone and
    billing (else shipping) address. The ERP customer number comes from the note attribute
    ``erp_customer_no`` (configurable).
Events (ids are stable, so re-reading an order is idempotent)
    ``order/{id}/placed`` (total, currency), ``order/{id}/paid`` when the financial status says
    the money arrived (paid, partially paid, partially refunded, refunded; at the processing
    time: orders carry no payment time), ``order/{id}/fulfillment/{fid}`` (kind
    ``order_shipped``, tracking in the body; a cancelled or failed fulfillment is sent with
    ``deleted=True`` so an earlier "shipped" is withdrawn), ``order/{id}/refund/{rid}``
    (negative amount), ``order/{id}/cancelled``. All carry the order name (``#1001``) as
    reference and ``{shop}/admin/orders/{id}`` as link.
Order lines
    One per line item, with the refunded quantity (``current_quantity`` where the API gives it,
    else the refunds' line items) and cancellation folded into the status.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.base import (
    Bookmark,
    ConnectorError,
    EventRecord,
    OrderLineRecord,
    PersonRecord,
    PersonRef,
    Rejection,
)
from connectors.mentions import key as business_key
from connectors.values import text_or_none as _text

ERP_ATTRIBUTE = "erp_customer_no"
PAID_STATUSES = frozenset({"paid", "partially_paid", "partially_refunded", "refunded"})
WITHDRAWN_FULFILLMENTS = frozenset({"cancelled", "error", "failure"})


class OrderError(ValueError):
    """The order cannot be mapped (no id, a bad timestamp, a bad amount)."""


# -- small parsers --------------------------------------------------------------------------
def parse_time(value: Any, what: str = "timestamp") -> datetime | None:
    """An ISO-8601 timestamp with offset (``2008-01-10T11:00:00-05:00``, ``…Z``) -> UTC."""
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise OrderError(f"{what}: not an ISO-8601 time: {value!r}") from None
    if parsed.tzinfo is None:
        raise OrderError(f"{what}: no UTC offset in {value!r}")
    return parsed.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """``2025-01-29T06:46:27Z``: the form both APIs accept in filters."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def money(value: Any, what: str = "amount") -> Decimal | None:
    """Shopify sends money as strings (``"409.94"``); floats are read through ``str``."""
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise OrderError(f"{what}: not an amount: {value!r}") from None
    if not amount.is_finite():
        raise OrderError(f"{what}: not an amount: {value!r}")
    return amount


def _quantity(value: Any) -> Decimal:
    try:
        return Decimal(int(value or 0))
    except (TypeError, ValueError):
        raise OrderError(f"line quantity: not a number: {value!r}") from None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


# -- the mapping ----------------------------------------------------------------------------
@dataclass
class OrderRecords:
    person: PersonRecord
    events: list[EventRecord]
    lines: list[OrderLineRecord]
    updated_at: datetime | None


def _erp_number(order: Mapping[str, Any], attribute: str) -> str | None:
    for item in _list(order.get("note_attributes")):
        item = _dict(item)
        if str(item.get("name", "")).strip().lower() == attribute.lower():
            return _text(item.get("value"))
    return None


def _first(*values: Any) -> str | None:
    for value in values:
        text = _text(value)
        if text:
            return text
    return None


def _person(
    order: Mapping[str, Any], order_id: str, shop: str, erp: str | None, updated: datetime | None
) -> PersonRecord:
    customer = _dict(order.get("customer"))
    billing = _dict(order.get("billing_address")) or _dict(order.get("shipping_address"))
    customer_id = _text(customer.get("id"))
    if customer_id:
        # only the customer object, so that every order of a customer gives the same record;
        # the one exception: a withheld e-mail is taken from the order's contact e-mail
        home = _dict(customer.get("default_address"))
        given = _first(customer.get("first_name"), home.get("first_name"))
        family = _first(customer.get("last_name"), home.get("last_name"))
        email = _first(customer.get("email"), order.get("email"), order.get("contact_email"))
        phone = _first(customer.get("phone"), home.get("phone"))
        entity, external_id = "customer", customer_id
        link = f"{shop}/admin/customers/{customer_id}"
        changed = parse_time(customer.get("updated_at"), "customer.updated_at") or updated
        payload: dict[str, Any] = {"customer": dict(customer), "order_id": order_id}
    else:
        home = billing
        given, family = _text(home.get("first_name")), _text(home.get("last_name"))
        email = _first(order.get("email"), order.get("contact_email"))
        phone = _first(order.get("phone"), home.get("phone"))
        entity, external_id = "order", order_id
        link = f"{shop}/admin/orders/{order_id}"
        changed = updated
        payload = {"guest": True, "order_id": order_id, "billing_address": dict(home)}
    street = ", ".join(p for p in (_text(home.get("address1")), _text(home.get("address2"))) if p)
    display = " ".join(p for p in (given, family) if p) or _text(home.get("company")) or email
    return PersonRecord(
        entity=entity,
        external_id=external_id,
        display_name=display or f"Shopify {entity} {external_id}",
        given_name=given,
        family_name=family,
        company=_text(home.get("company")),
        email=email,
        phone=phone,
        street=street or None,
        postcode=_text(home.get("zip")),
        city=_text(home.get("city")),
        country=(_text(home.get("country_code")) or "").upper() or None,
        erp_customer_number=erp,
        link=link,
        updated_at=changed,
        payload=payload,
    )


def _item_name(item: Mapping[str, Any]) -> str:
    return _first(item.get("name"), item.get("title"), item.get("sku")) or "item"


def _items_text(items: Iterable[tuple[Any, str]]) -> str | None:
    parts = [f"{qty} × {name}" for qty, name in items if name]
    return ", ".join(parts) or None


def map_order(
    order: Mapping[str, Any], shop: str, erp_attribute: str = ERP_ATTRIBUTE
) -> OrderRecords:
    """The records of one order; raises :class:`OrderError` when it cannot be read."""
    order_id = _text(order.get("id"))
    if not order_id:
        raise OrderError("order without an id")
    name = _text(order.get("name")) or f"#{order.get('order_number') or order_id}"
    created = parse_time(order.get("created_at"), "created_at")
    if created is None:
        raise OrderError("created_at is missing")
    updated = parse_time(order.get("updated_at"), "updated_at")
    processed = parse_time(order.get("processed_at"), "processed_at") or created
    currency = _text(order.get("currency")) or _text(order.get("presentment_currency"))
    total = money(order.get("total_price"), "total_price")
    financial = _text(order.get("financial_status"))
    fulfillment_status = _text(order.get("fulfillment_status"))
    cancelled = parse_time(order.get("cancelled_at"), "cancelled_at")
    link = f"{shop}/admin/orders/{order_id}"
    person = _person(order, order_id, shop, _erp_number(order, erp_attribute), updated)
    ref = PersonRef(person.entity, person.external_id)
    items = [_dict(i) for i in _list(order.get("line_items"))]
    item_names = {_text(i.get("id")): _item_name(i) for i in items}

    def event(suffix: str, kind: str, when: datetime, title: str, **extra: Any) -> EventRecord:
        return EventRecord(
            external_id=f"order/{order_id}/{suffix}",
            person=ref,
            kind=kind,
            occurred_at=when,
            title=title,
            category="commercial",
            reference=name,
            link=link,
            **extra,
        )

    summary = {
        "order_id": order_id,
        "financial_status": financial,
        "fulfillment_status": fulfillment_status,
        "tags": order.get("tags"),
    }
    events = [
        event(
            "placed",
            "order_placed",
            created,
            f"Order {name} placed",
            body=_items_text((i.get("quantity"), _item_name(i)) for i in items),
            amount=total,
            currency=currency,
            status=financial,
            payload=summary,
            owns=business_key("order", name),
        )
    ]
    if financial in PAID_STATUSES:
        events.append(
            event(
                "paid",
                "order_paid",
                processed,
                f"Order {name} paid",
                amount=total if financial != "partially_paid" else None,
                currency=currency,
                status=financial,
            )
        )
    for raw in _list(order.get("fulfillments")):
        events.append(_fulfillment_event(event, _dict(raw), name, created))
    refunded_qty: dict[str | None, int] = {}
    for raw in _list(order.get("refunds")):
        refund = _dict(raw)
        for rli in _list(refund.get("refund_line_items")):
            rli = _dict(rli)
            key = _text(rli.get("line_item_id"))
            refunded_qty[key] = refunded_qty.get(key, 0) + int(rli.get("quantity") or 0)
        events.append(_refund_event(event, refund, name, currency, item_names, created))
    if cancelled is not None:
        reason = _text(order.get("cancel_reason"))
        events.append(
            event(
                "cancelled",
                "order_cancelled",
                cancelled,
                f"Order {name} cancelled" + (f" ({reason})" if reason else ""),
                status=reason,
            )
        )
    lines = [
        _line(
            i, order_id, name, ref, created, currency, cancelled, refunded_qty, fulfillment_status
        )
        for i in items
    ]
    return OrderRecords(person, events, lines, updated)


def _fulfillment_event(
    event: Any, fulfillment: Mapping[str, Any], name: str, created: datetime
) -> EventRecord:
    fid = _text(fulfillment.get("id"))
    if not fid:
        raise OrderError("fulfillment without an id")
    status = (_text(fulfillment.get("status")) or "").lower() or None
    company = _text(fulfillment.get("tracking_company"))
    numbers = [str(n) for n in _list(fulfillment.get("tracking_numbers")) if n]
    if not numbers and _text(fulfillment.get("tracking_number")):
        numbers = [str(fulfillment["tracking_number"])]
    urls = [str(u) for u in _list(fulfillment.get("tracking_urls")) if u]
    if not urls and _text(fulfillment.get("tracking_url")):
        urls = [str(fulfillment["tracking_url"])]
    body = None
    if numbers or company:
        body = "Tracking: " + " ".join(p for p in (company, ", ".join(numbers)) if p)
        if urls:
            body += f" ({urls[0]})"
    when = parse_time(fulfillment.get("created_at"), f"fulfillment {fid} created_at") or created
    result: EventRecord = event(
        f"fulfillment/{fid}",
        "order_shipped",
        when,
        f"Order {name} shipped" + (f" with {company}" if company else ""),
        body=body,
        status=status,
        deleted=status in WITHDRAWN_FULFILLMENTS,
        payload={"tracking_company": company, "tracking_numbers": numbers, "tracking_urls": urls},
    )
    return result


def _refund_event(
    event: Any,
    refund: Mapping[str, Any],
    name: str,
    currency: str | None,
    item_names: Mapping[str | None, str],
    created: datetime,
) -> EventRecord:
    rid = _text(refund.get("id"))
    if not rid:
        raise OrderError("refund without an id")
    amount: Decimal | None = None
    refund_currency = currency
    for raw in _list(refund.get("transactions")):
        tx = _dict(raw)
        if _text(tx.get("kind")) not in (None, "refund"):
            continue
        if _text(tx.get("status")) not in (None, "success"):
            continue
        value = money(tx.get("amount"), f"refund {rid} amount")
        if value is not None:
            amount = (amount or Decimal(0)) + value
            refund_currency = _text(tx.get("currency")) or refund_currency
    lines = [_dict(r) for r in _list(refund.get("refund_line_items"))]
    if amount is None:
        subtotals = [money(r.get("subtotal"), f"refund {rid} subtotal") for r in lines]
        if any(s is not None for s in subtotals):
            amount = sum((s for s in subtotals if s is not None), Decimal(0))
    note = _text(refund.get("note"))
    items = _items_text(
        (r.get("quantity"), item_names.get(_text(r.get("line_item_id")), "item")) for r in lines
    )
    body = "; ".join(p for p in (note, items) if p) or None
    when = parse_time(
        refund.get("processed_at") or refund.get("created_at"), f"refund {rid} created_at"
    )
    result: EventRecord = event(
        f"refund/{rid}",
        "order_refunded",
        when or created,
        f"Order {name} refunded",
        body=body,
        amount=-abs(amount) if amount is not None else None,
        currency=refund_currency,
        payload={"note": note},
    )
    return result


def _line(
    item: Mapping[str, Any],
    order_id: str,
    name: str,
    ref: PersonRef,
    created: datetime,
    currency: str | None,
    cancelled: datetime | None,
    refunded_qty: Mapping[str | None, int],
    order_fulfillment: str | None,
) -> OrderLineRecord:
    line_id = _text(item.get("id"))
    if not line_id:
        raise OrderError("line item without an id")
    quantity = _quantity(item.get("quantity"))
    if item.get("current_quantity") is not None:
        refunded = quantity - _quantity(item.get("current_quantity"))
    else:
        refunded = Decimal(refunded_qty.get(line_id, 0))
    if cancelled is not None:
        status: str | None = "cancelled"
    elif quantity and refunded >= quantity:
        status = "refunded"
    elif refunded > 0:
        status = "partially_refunded"
    else:
        status = _text(item.get("fulfillment_status")) or order_fulfillment or "unfulfilled"
    return OrderLineRecord(
        order_external_id=order_id,
        line_external_id=line_id,
        person=ref,
        name=_item_name(item),
        quantity=quantity,
        ordered_at=created,
        sku=_text(item.get("sku")),
        unit_price=money(item.get("price"), f"line {line_id} price"),
        currency=currency,
        order_reference=name,
        status=status,
    )


# -- pages ----------------------------------------------------------------------------------
@dataclass
class Batch:
    """The records of one API page, persons de-duplicated (the newest version wins)."""

    persons: dict[tuple[str, str], PersonRecord] = field(default_factory=dict)
    events: list[EventRecord] = field(default_factory=list)
    lines: list[OrderLineRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    max_updated: datetime | None = None
    orders: int = 0

    def add(self, order: Any, shop: str, erp_attribute: str = ERP_ATTRIBUTE) -> None:
        self.orders += 1
        raw = _dict(order)
        name, oid = _text(raw.get("name")), _text(raw.get("id"))
        where = f"order {name or oid or f'no. {self.orders} of the page'}"
        if name and oid:
            where += f" (id {oid})"
        if not isinstance(order, Mapping):
            self.rejections.append(Rejection(where, "not a JSON object"))
            return
        try:
            records = map_order(order, shop, erp_attribute)
        except OrderError as exc:
            self.rejections.append(Rejection(where, str(exc)))
            # a broken order still moves the bookmark if its updated_at is readable
            with contextlib.suppress(OrderError):
                self.see(parse_time(order.get("updated_at")))
            return
        key = (records.person.entity, records.person.external_id)
        known = self.persons.get(key)
        if known is None or _newer(records.person, known):
            self.persons[key] = records.person
        self.events.extend(records.events)
        self.lines.extend(records.lines)
        self.see(records.updated_at)

    def see(self, moment: datetime | None) -> None:
        if moment is not None and (self.max_updated is None or moment > self.max_updated):
            self.max_updated = moment


def _newer(candidate: PersonRecord, known: PersonRecord) -> bool:
    if candidate.updated_at is None or known.updated_at is None:
        return True
    return candidate.updated_at >= known.updated_at


# -- sweeps ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Options:
    """A connector's paging settings, shared by the GraphQL and the REST paging."""

    stream: str
    page_size: int
    overlap: timedelta
    start: datetime | None
    erp_attribute: str = ERP_ATTRIBUTE


def committed(bookmark: Bookmark | None, source: str) -> datetime | None:
    """The bookmark's ``updated_at``: every order updated before it has been delivered."""
    if not bookmark or not bookmark.get("updated_at"):
        return None
    try:
        return parse_time(bookmark["updated_at"], "bookmark updated_at")
    except OrderError as exc:
        raise ConnectorError(source, f"unreadable bookmark: {exc}") from None


def lower_bound(done: datetime | None, options: Options) -> datetime | None:
    """Where a sweep starts: the committed time minus the overlap, else the configured start.

    Orders updated in the overlap are read twice; their records have the same ids, so the
    second copy is an idempotent upsert. The overlap absorbs orders whose ``updated_at`` equals
    the bookmark and clocks that disagree by a little.
    """
    if done is not None:
        return done - options.overlap
    return options.start


def later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)
