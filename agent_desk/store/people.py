"""Agents, customers, their contact preferences and notes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agent_desk.store.base import Base, CreatedMixin, TimestampMixin, VersionedMixin, one_of
from agent_desk.store.types import Money, UTCDateTime

ROLES = ("agent", "lead", "admin")
CHANNELS = ("phone", "email", "sms", "post", "chat")
VALUE_TIERS = ("platinum", "gold", "silver", "bronze")
LIFECYCLE_STAGES = ("new", "active", "loyal", "lapsing", "lost")
NOTE_KINDS = ("note", "special_handling")


class Agent(Base, TimestampMixin):
    """A person who uses Agent Desk; leads see the whole team's commitments."""

    __tablename__ = "agents"
    __table_args__ = (one_of("role", ROLES, "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16), default="agent")
    team: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)


class Customer(Base, TimestampMixin, VersionedMixin):
    """One person (or company contact) as Agent Desk knows them, merged from all sources.

    ``merged_into_id`` is set when this customer was merged into another: the old id keeps
    resolving to the survivor, and the merge journal can undo it.
    """

    __tablename__ = "customers"
    __table_args__ = (
        one_of("value_tier", VALUE_TIERS, "value_tier", nullable=True),
        one_of("lifecycle_stage", LIFECYCLE_STAGES, "lifecycle", nullable=True),
        Index("ix_customers_family_given", "family_name", "given_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300))
    given_name: Mapped[str | None] = mapped_column(String(150))
    family_name: Mapped[str | None] = mapped_column(String(150))
    company: Mapped[str | None] = mapped_column(String(300))
    birth_date: Mapped[date | None]
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone_e164: Mapped[str | None] = mapped_column(String(20), index=True)
    street: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(150))
    country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str | None] = mapped_column(String(16))
    value_tier: Mapped[str | None] = mapped_column(String(16))
    lifetime_revenue: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str | None] = mapped_column(String(3))
    lifecycle_stage: Mapped[str | None] = mapped_column(String(16))
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )

    preferences: Mapped[list[ContactPreference]] = relationship(
        back_populates="customer",
        cascade="all, delete-orphan",
        order_by="ContactPreference.channel",
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )


class ContactPreference(Base, TimestampMixin):
    """Per channel: may we contact the customer there, and is it the one they prefer?"""

    __tablename__ = "contact_preferences"
    __table_args__ = (
        UniqueConstraint("customer_id", "channel"),
        one_of("channel", CHANNELS, "channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    opted_out: Mapped[bool] = mapped_column(default=False)
    preferred: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(500))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))

    customer: Mapped[Customer] = relationship(back_populates="preferences")


class Note(Base, TimestampMixin):
    """A note on a customer; ``special_handling`` notes are pinned above everything else."""

    __tablename__ = "notes"
    __table_args__ = (
        one_of("kind", NOTE_KINDS, "kind"),
        Index("ix_notes_customer_created", "customer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24), default="note")
    body: Mapped[str] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(default=False)
    internal: Mapped[bool] = mapped_column(default=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer: Mapped[Customer] = relationship(back_populates="notes")


class AgentPresence(Base, CreatedMixin):
    """Which agent has which customer open right now (team mode), refreshed by a heartbeat."""

    __tablename__ = "agent_presence"
    __table_args__ = (UniqueConstraint("agent_id", "customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
