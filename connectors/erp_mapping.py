"""How a legacy ERP row becomes a record: shared by the flat-file and the SQL connector.

A row is a mapping from field names (``external_id``, ``family_name``, ``amount``, ...) to the
cells the source holds for them. The flat-file connector hands over stripped strings; the SQL
connector hands over what the driver returned (``str``, ``int``, ``Decimal``, ``date``,
``datetime``, ``None``). Text fields are taken as they are; dates and amounts go through the
connector's :class:`Cells`, which knows how its source writes them (``dd.mm.yyyy`` and decimal
commas in a file, typed columns or text columns in a database).

A row that cannot be mapped raises :class:`BadRow` with a reason that names the field; the
connector turns it into a :class:`~connectors.base.Rejection` with the row's location.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal
from typing import Any

from connectors.base import EventRecord, PersonRecord, PersonRef
from connectors.mentions import key as business_key

ENTITIES = ("customer", "invoice", "payment", "contract")
"""The ERP entities, in the order they are synced (customers before what refers to them)."""

REQUIRED = {
    "customer": ("external_id",),
    "invoice": ("external_id", "customer", "date", "amount"),
    "payment": ("external_id", "customer", "date", "amount"),
    "contract": ("external_id", "customer", "start"),
}
"""The fields each entity's column mapping must name."""


class BadRow(ValueError):
    """The row cannot be mapped; the message names the field and what was wrong."""


@dataclass(frozen=True)
class Cells:
    """How a source's date and amount cells become values.

    Each callable gets a non-empty cell and raises :class:`ValueError` saying what it expected.
    ``date`` may return a :class:`~datetime.datetime`; a naive one is read in ``timezone``.
    """

    date: Callable[[Any], date]
    amount: Callable[[Any], Decimal]
    timezone: tzinfo = UTC


def to_record(
    entity: str,
    row: Mapping[str, Any],
    cells: Cells,
    *,
    currency: str,
    payload: Mapping[str, Any] | None = None,
) -> PersonRecord | EventRecord:
    """The customer's :class:`PersonRecord`, or the invoice's, payment's or contract's event.

    ``payload`` is what the record keeps of the source row (JSON-serialisable); by default the
    row itself.
    """
    kept = dict(row if payload is None else payload)
    external_id = _text(row, "external_id")
    if not external_id:
        raise BadRow("external_id is empty")
    if entity == "customer":
        given, family = _text(row, "given_name"), _text(row, "family_name")
        company = _text(row, "company")
        name = " ".join(p for p in (given, family) if p) or company or external_id
        changed = _date(row, "updated", cells)
        birth = _date(row, "birth_date", cells)
        return PersonRecord(
            entity="customer",
            external_id=external_id,
            display_name=name,
            given_name=given,
            family_name=family,
            company=company,
            email=_text(row, "email"),
            phone=_text(row, "phone"),
            street=_text(row, "street"),
            postcode=_text(row, "postcode"),
            city=_text(row, "city"),
            country=(_text(row, "country") or "").upper() or None,
            birth_date=birth.date() if isinstance(birth, datetime) else birth,
            erp_customer_number=external_id,
            updated_at=_moment(changed, cells) if changed else None,
            payload=kept,
        )
    customer = _text(row, "customer")
    if not customer:
        raise BadRow("customer is empty")
    person = PersonRef("customer", customer)
    currency = _text(row, "currency") or currency
    if entity == "invoice":
        amount = _amount(row, "amount", cells)
        credit = amount < 0
        return EventRecord(
            external_id=f"invoice/{external_id}",
            person=person,
            kind="credit_note" if credit else "invoice_issued",
            category="commercial",
            occurred_at=_moment(_required_date(row, "date", cells), cells),
            title=f"{'Credit note' if credit else 'Invoice'} {external_id}",
            amount=amount,
            currency=currency,
            status=_text(row, "status"),
            reference=external_id,
            payload=kept,
            owns=None if credit else business_key("invoice", external_id),
        )
    if entity == "payment":
        return EventRecord(
            external_id=f"payment/{external_id}",
            person=person,
            kind="payment_received",
            category="commercial",
            occurred_at=_moment(_required_date(row, "date", cells), cells),
            title=f"Payment {external_id}",
            amount=_amount(row, "amount", cells),
            currency=currency,
            status=_text(row, "method"),
            reference=_text(row, "reference") or external_id,
            payload=kept,
        )
    if entity != "contract":
        raise ValueError(f"unknown ERP entity {entity!r}")
    start = _required_date(row, "start", cells)
    end = _date(row, "end", cells)
    sku = _text(row, "sku")
    return EventRecord(
        external_id=f"contract/{external_id}",
        person=person,
        kind="contract_started",
        category="commercial",
        occurred_at=_moment(start, cells),
        title=f"Contract {external_id}" + (f" ({sku})" if sku else ""),
        status=_text(row, "status"),
        reference=external_id,
        payload={**kept, "end_date": end.isoformat() if end else None},
        owns=business_key("contract", external_id),
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(row: Mapping[str, Any], field: str) -> str | None:
    """A text field as a stripped string; None when absent or blank."""
    value = row.get(field)
    if _blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a customer number in a FLOAT column
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return str(value).strip() or None


def _date(row: Mapping[str, Any], field: str, cells: Cells) -> date | None:
    value = row.get(field)
    if _blank(value):
        return None
    try:
        return cells.date(value)
    except ValueError as exc:
        raise BadRow(f"{field}: {exc}") from None


def _required_date(row: Mapping[str, Any], field: str, cells: Cells) -> date:
    day = _date(row, field, cells)
    if day is None:
        raise BadRow(f"{field} is empty")
    return day


def _amount(row: Mapping[str, Any], field: str, cells: Cells) -> Decimal:
    value = row.get(field)
    if _blank(value):
        raise BadRow(f"{field}: empty amount")
    try:
        return cells.amount(value)
    except ValueError as exc:
        raise BadRow(f"{field}: {exc}") from None


def _moment(value: date, cells: Cells) -> datetime:
    """A date is midnight UTC; a naive datetime is read in the source's time zone."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=cells.timezone)
        return value.astimezone(UTC)
    return datetime.combine(value, time(0, 0), tzinfo=UTC)
