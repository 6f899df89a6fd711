"""Finding and reading customers.

:func:`find_customers` is a plain indexed look-up (name prefix, exact e-mail, trailing phone
digits, customer id). The search issue puts full-text search (SQLite FTS5 / PostgreSQL trigram)
behind this same function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from agent_desk.store.models import Agent, Customer, Note, Task

MAX_ID = 2**31 - 1  # customers.id is INTEGER on PostgreSQL


@dataclass(frozen=True)
class CustomerHit:
    id: int
    display_name: str
    email: str | None
    phone: str | None
    city: str | None
    value_tier: str | None
    last_contact_at: datetime | None


@dataclass(frozen=True)
class CustomerCard:
    id: int
    display_name: str
    company: str | None
    email: str | None
    phone: str | None
    address: str
    value_tier: str | None
    lifecycle_stage: str | None
    opted_out: list[str]
    special_handling: list[str]


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    due_at: datetime | None
    customer_id: int | None
    priority: str


def _hit(c: Customer) -> CustomerHit:
    return CustomerHit(
        c.id, c.display_name, c.email, c.phone_e164, c.city, c.value_tier, c.last_contact_at
    )


def find_customers(session: Session, query: str, limit: int = 50) -> list[CustomerHit]:
    """Customers whose name starts with, e-mail equals, or phone ends with ``query``."""
    text = query.strip()
    if not text:
        return []
    live = Customer.merged_into_id.is_(None)
    conditions: list[ColumnElement[bool]] = [
        func.lower(Customer.display_name).like(_prefix(text.lower()), escape="\\"),
        func.lower(Customer.family_name).like(_prefix(text.lower()), escape="\\"),
    ]
    if "@" in text:
        conditions.append(func.lower(Customer.email) == text.lower())
    digits = _phone_tail(text)
    if len(digits) >= 4 and len(digits) >= len(text.replace(" ", "")) - 4:
        conditions.append(Customer.phone_e164.like("%" + digits))
    if text.isdigit() and 0 < int(text) <= MAX_ID:  # a phone number is not an id
        conditions.append(Customer.id == int(text))
    rows = session.scalars(
        select(Customer).where(live, or_(*conditions)).order_by(Customer.display_name).limit(limit)
    ).all()
    return [_hit(c) for c in rows]


def _phone_tail(text: str) -> str:
    """The digits an E.164 number ends with: without a ``00`` international prefix or the
    trunk ``0`` of a full national number (``07700 900123`` -> ``7700900123``)."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0") and len(digits) >= 9:
        return digits[1:]
    return digits


def _prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def customer_card(session: Session, customer_id: int) -> CustomerCard | None:
    """The header card of one customer; a merged-away id resolves to the survivor."""
    customer = session.get(Customer, customer_id)
    seen = set()
    while customer is not None and customer.merged_into_id is not None and customer.id not in seen:
        seen.add(customer.id)
        customer = session.get(Customer, customer.merged_into_id)
    if customer is None:
        return None
    address = ", ".join(
        p
        for p in (
            customer.street,
            " ".join(p for p in (customer.postcode, customer.city) if p),
            customer.country,
        )
        if p
    )
    alerts = session.scalars(
        select(Note.body)
        .where(
            Note.customer_id == customer.id,
            Note.kind == "special_handling",
            Note.deleted_at.is_(None),
        )
        .order_by(Note.created_at)
    ).all()
    return CustomerCard(
        id=customer.id,
        display_name=customer.display_name,
        company=customer.company,
        email=customer.email,
        phone=customer.phone_e164,
        address=address,
        value_tier=customer.value_tier,
        lifecycle_stage=customer.lifecycle_stage,
        opted_out=[p.channel for p in customer.preferences if p.opted_out],
        special_handling=list(alerts),
    )


def open_tasks_for(session: Session, assignee_username: str, limit: int = 200) -> list[TaskRow]:
    """The agent's open tasks, overdue first, then by due time."""

    rows = session.execute(
        select(Task.id, Task.title, Task.due_at, Task.customer_id, Task.priority)
        .join(Agent, Agent.id == Task.assignee_id)
        .where(Agent.username == assignee_username, Task.status == "open")
        .order_by(Task.due_at.is_(None), Task.due_at)
        .limit(limit)
    ).all()
    return [TaskRow(*row) for row in rows]
