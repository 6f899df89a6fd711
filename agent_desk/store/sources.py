"""What the source systems delivered: source records, match links, the merge journal,
timeline events, products and order lines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, mapped_column

from agent_desk.store.base import Base, CreatedMixin, TimestampMixin, one_of
from agent_desk.store.types import JSONDoc, Money, UTCDateTime

LINK_ORIGINS = ("auto", "manual")
LINK_DECISIONS = ("same", "possible", "different")
JOURNAL_ACTIONS = ("merge", "split", "undo")


# the source_records columns identity resolution reads: a sync that changes one of them flags
# the record ``resolve_pending``
MATCH_COLUMNS = (
    "match_email",
    "match_phone",
    "match_given_name",
    "match_family_name",
    "match_postcode",
    "match_birth_date",
    "match_street",
    "match_city",
    "match_country",
    "match_company",
    "block_a",
    "block_b",
    "erp_customer_number",
    "deleted_at",
)


KEY_ROLES = ("owns", "mentions")


class SourceRecord(Base, TimestampMixin):
    """A person-bearing record from a source (ERP customer, shop customer, ticket requester).

    The ``match_*`` columns hold normalized keys for identity resolution; ``payload`` keeps the
    record as the source sent it, so the normalized columns can be rebuilt without re-fetching.
    """

    __tablename__ = "source_records"
    __table_args__ = (
        UniqueConstraint("source", "entity", "external_id"),
        Index("ix_source_records_match_name", "match_family_name", "match_given_name"),
        Index("ix_source_records_source_external", "source", "external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))  # the configured source's name
    source_type: Mapped[str] = mapped_column(String(40))  # connector type, e.g. "zendesk"
    entity: Mapped[str] = mapped_column(String(40))  # e.g. "customer", "user", "order"
    external_id: Mapped[str] = mapped_column(String(120))
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    display_name: Mapped[str | None] = mapped_column(String(300))
    match_email: Mapped[str | None] = mapped_column(String(320), index=True)
    match_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    match_given_name: Mapped[str | None] = mapped_column(String(150))
    match_family_name: Mapped[str | None] = mapped_column(String(150))
    match_postcode: Mapped[str | None] = mapped_column(String(20), index=True)
    match_birth_date: Mapped[date | None]
    match_street: Mapped[str | None] = mapped_column(String(300))
    match_city: Mapped[str | None] = mapped_column(String(150))
    match_country: Mapped[str | None] = mapped_column(String(2))
    match_company: Mapped[str | None] = mapped_column(String(300))
    block_a: Mapped[str | None] = mapped_column(String(80), index=True)  # fuzzy-pass blocks
    block_b: Mapped[str | None] = mapped_column(String(80), index=True)
    erp_customer_number: Mapped[str | None] = mapped_column(String(60), index=True)
    link: Mapped[str | None] = mapped_column(String(1000))  # deep link back to the source
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # set by a sync that inserted the record or changed its match keys, cleared by identity
    # resolution (in the same transaction as its result): a crash in between loses nothing
    resolve_pending: Mapped[bool] = mapped_column(default=False, index=True)


class RecordKey(Base, CreatedMixin):
    """A business key a source record's person owns or mentions, for identity resolution.

    ``key`` is ``kind:value``: a shop customer *owns* ``order:1004`` through the order's event,
    an ERP customer ``invoice:20260000022``; a help-desk requester whose ticket is about that
    order *mentions* it. Records sharing a key with exactly one owner form a candidate group
    (rule ``reference``). Each key belongs to the event that carried it and is replaced when
    that event changes (a corrected order field, another requester) or is deleted. The person
    is named as events name it (source, entity, external id), so a key can arrive before its
    record does.
    """

    __tablename__ = "record_keys"
    __table_args__ = (
        UniqueConstraint("source", "event_external_id", "key"),
        Index("ix_record_keys_person", "source", "entity", "external_id"),
        one_of("role", KEY_ROLES, "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    event_external_id: Mapped[str] = mapped_column(String(160))
    entity: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(120))
    key: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(8))  # owns | mentions


def record_key_join() -> ColumnElement[bool]:
    """The join of ``record_keys`` to the ``source_records`` row its key belongs to."""
    r, k = SourceRecord.__table__.c, RecordKey.__table__.c
    return and_(r.source == k.source, r.entity == k.entity, r.external_id == k.external_id)


class MatchLink(Base, TimestampMixin):
    """Why two source records are (or are not) the same person.

    ``decision`` is ``same`` (linked), ``possible`` (shown to an agent to confirm) or
    ``different``. A link with ``pinned`` set was decided by a person and survives every sync
    and rebuild. ``record_a_id`` is always the smaller id, so a pair is stored once.
    """

    __tablename__ = "match_links"
    __table_args__ = (
        UniqueConstraint("record_a_id", "record_b_id"),
        one_of("origin", LINK_ORIGINS, "origin"),
        one_of("decision", LINK_DECISIONS, "decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_a_id: Mapped[int] = mapped_column(ForeignKey("source_records.id", ondelete="CASCADE"))
    record_b_id: Mapped[int] = mapped_column(
        ForeignKey("source_records.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(40))  # e.g. "erp_number", "email", "phone", "fuzzy"
    score: Mapped[float] = mapped_column(default=1.0)
    reason: Mapped[str] = mapped_column(String(500))
    origin: Mapped[str] = mapped_column(String(8), default="auto")
    decision: Mapped[str] = mapped_column(String(12), default="same")
    pinned: Mapped[bool] = mapped_column(default=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    journal_entry_id: Mapped[int | None] = mapped_column(  # the merge/split that pinned it
        ForeignKey("merge_journal.id", ondelete="SET NULL"), index=True
    )


class MergeJournalEntry(Base, CreatedMixin):
    """One merge or split, automatic or manual, with what moved; it can be undone."""

    __tablename__ = "merge_journal"
    __table_args__ = (one_of("action", JOURNAL_ACTIONS, "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(8))
    actor_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    actor_rule: Mapped[str | None] = mapped_column(String(80))  # the rule, when automatic
    from_customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    into_customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[dict[str, Any]] = mapped_column(
        JSONDoc, default=dict
    )  # records moved, provenance
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("merge_journal.id", ondelete="SET NULL")
    )


class TimelineEvent(Base, TimestampMixin):
    """Something that happened to a customer, from any source or logged in Agent Desk."""

    __tablename__ = "timeline_events"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index("ix_timeline_events_customer_time", "customer_id", "occurred_at"),
        Index("ix_timeline_events_reference", "reference"),
        Index("ix_timeline_events_person", "source", "person_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))  # "desk" for events logged in Agent Desk
    source_type: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(160))
    source_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_records.id", ondelete="SET NULL"), index=True
    )
    # the source's "entity/external_id" of the person, kept to link the event to a person
    # record that arrives after it
    person_key: Mapped[str | None] = mapped_column(String(200))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))  # e.g. order_placed, ticket_opened, call_logged
    category: Mapped[str] = mapped_column(
        String(16), default="interaction"
    )  # or commercial, change
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str | None] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(120))  # order or ticket number
    link: Mapped[str | None] = mapped_column(String(1000))
    author_agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL")
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Product(Base, TimestampMixin):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24), default="product")
    price: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    margin_pct: Mapped[Decimal | None] = mapped_column(Money)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)


class OrderLine(Base, CreatedMixin):
    """One line of an order; the order itself is a timeline event (``reference`` = order)."""

    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("source", "order_external_id", "line_external_id"),
        Index("ix_order_lines_customer_ordered", "customer_id", "ordered_at"),
        Index("ix_order_lines_person", "source", "person_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80))
    order_external_id: Mapped[str] = mapped_column(String(120))
    line_external_id: Mapped[str] = mapped_column(String(120))
    order_reference: Mapped[str | None] = mapped_column(String(120))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    source_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_records.id", ondelete="SET NULL"), index=True
    )
    person_key: Mapped[str | None] = mapped_column(String(200))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    sku: Mapped[str | None] = mapped_column(String(80), index=True)
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(Money)
    unit_price: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    ordered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str | None] = mapped_column(String(40))  # e.g. refunded, cancelled
    content_hash: Mapped[str | None] = mapped_column(String(64))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
