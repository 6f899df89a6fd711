"""Finding and reading customers: :func:`find_customers` is the search of
:mod:`agent_desk.services.search`; :func:`customer_card` is the header of one customer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import translate
from agent_desk.identity.normalize import normalize_email, normalize_phone
from agent_desk.services.search import SearchHit, search_customers
from agent_desk.store.database import Database
from agent_desk.store.models import Customer, Note

MAX_ID = 2**31 - 1  # customers.id is INTEGER on PostgreSQL


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


def find_customers(
    session: Session, query: str, limit: int = 50, region: str | None = None
) -> list[SearchHit]:
    """The search box's hits (see :func:`agent_desk.services.search.search_customers`)."""
    return search_customers(session.connection(), query, limit=limit, region=region)


def create_customer(db: Database, values: Mapping[str, str], region: str | None) -> int:
    """A customer created in Agent Desk (a new caller): given and family name, phone (stored
    as E.164 with the default region), e-mail. Returns the new id."""
    given = (values.get("given_name") or "").strip()[:150]
    family = (values.get("family_name") or "").strip()[:150]
    if not (given or family):
        raise AgentDeskError(
            translate("customers", "enter the caller's name before creating the customer")
        )
    raw_phone = (values.get("phone") or "").strip()
    phone = normalize_phone(raw_phone, default_region=region) if raw_phone else None
    if raw_phone and phone is None:
        raise AgentDeskError(
            translate("customers", "{phone} is not a phone number (check the digits)").format(
                phone=repr(raw_phone)
            )
        )
    raw_email = (values.get("email") or "").strip()
    if raw_email and normalize_email(raw_email) is None:
        raise AgentDeskError(
            translate("customers", "{email} is not an e-mail address").format(email=repr(raw_email))
        )
    with db.session() as session:
        customer = Customer(
            display_name=" ".join(x for x in (given, family) if x),
            given_name=given or None,
            family_name=family or None,
            phone_e164=phone,
            email=raw_email or None,
        )
        session.add(customer)
        session.flush()
        return int(customer.id)


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
