"""Follow-up work: tasks, commitments (promises to a customer) with their history, offers and
the association rules that suggest them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agent_desk.store.base import Base, CreatedMixin, TimestampMixin, VersionedMixin, one_of
from agent_desk.store.types import JSONDoc, UTCDateTime

TASK_STATUSES = ("open", "done", "cancelled")
# who made the task: an agent, or the clock asking for a commitment's status update
TASK_ORIGINS = ("agent", "cadence")
PRIORITIES = ("low", "normal", "high", "urgent")
COMMITMENT_KINDS = (
    "call_back",
    "refund",
    "replacement",
    "credit",
    "visit",
    "status_update",
    "other",
)
COMMITMENT_STATES = ("open", "kept", "broken", "cancelled")
OFFER_OUTCOMES = ("pending", "accepted", "declined", "later")


class Task(Base, TimestampMixin, VersionedMixin):
    __tablename__ = "tasks"
    __table_args__ = (
        one_of("status", TASK_STATUSES, "status"),
        one_of("priority", PRIORITIES, "priority"),
        one_of("origin", TASK_ORIGINS, "origin"),
        Index("ix_tasks_assignee_status_due", "assignee_id", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    details: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    status: Mapped[str] = mapped_column(String(12), default="open")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_events.id", ondelete="SET NULL")
    )
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="SET NULL"), index=True
    )
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    origin: Mapped[str] = mapped_column(String(12), default="agent", server_default="agent")
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the reminder was shown


class Commitment(Base, TimestampMixin, VersionedMixin):
    """A promise made to the customer, with an owner and a deadline.

    ``expected_event_kind``/``expected_reference`` describe the source event that proves it was
    kept (e.g. a refund on order #1042); when sync delivers it, the commitment is kept and
    ``evidence_event_id`` points at the event.
    """

    __tablename__ = "commitments"
    __table_args__ = (
        one_of("kind", COMMITMENT_KINDS, "kind"),
        one_of("state", COMMITMENT_STATES, "state"),
        Index("ix_commitments_owner_state_due", "owner_id", "state", "due_at"),
        Index("ix_commitments_expected", "expected_reference", "expected_event_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(1000))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    channel: Mapped[str | None] = mapped_column(String(16))  # how the customer wants to hear
    state: Mapped[str] = mapped_column(String(12), default="open")
    expected_event_kind: Mapped[str | None] = mapped_column(String(40))
    expected_reference: Mapped[str | None] = mapped_column(String(120))
    evidence_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_events.id", ondelete="SET NULL")
    )
    update_every_days: Mapped[int | None]
    # reopened by a person: only events synced after this one count as evidence again
    evidence_after_id: Mapped[int | None]
    source_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_events.id", ondelete="SET NULL")
    )  # the call or ticket the promise was made in
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    history: Mapped[list[CommitmentChange]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="CommitmentChange.id"
    )


class CommitmentChange(Base, CreatedMixin):
    """A renegotiated date or a change of state, with who and why."""

    __tablename__ = "commitment_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    actor_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    old_state: Mapped[str | None] = mapped_column(String(12))
    new_state: Mapped[str | None] = mapped_column(String(12))
    old_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    new_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(String(1000))

    commitment: Mapped[Commitment] = relationship(back_populates="history")


class Offer(Base, TimestampMixin, VersionedMixin):
    """A cross-sell suggestion that an agent made to a customer, and its outcome."""

    __tablename__ = "offers"
    __table_args__ = (
        one_of("outcome", OFFER_OUTCOMES, "outcome"),
        Index("ix_offers_customer_sku", "customer_id", "sku"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    sku: Mapped[str] = mapped_column(String(80))
    rule: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(1000))
    channel: Mapped[str | None] = mapped_column(String(16))
    offered_by_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(String(12), default="pending")
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_events.id", ondelete="SET NULL")
    )
    details: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)


class AssociationRule(Base):
    """ "Customers who bought ``antecedent`` also bought ``consequent``", mined from every order
    line (:mod:`agent_desk.services.mining`); replaced as a whole by each mining run."""

    __tablename__ = "association_rules"
    __table_args__ = (UniqueConstraint("antecedent", "consequent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    antecedent: Mapped[str] = mapped_column(String(80))
    consequent: Mapped[str] = mapped_column(String(80))
    customers: Mapped[int]  # customers who bought both
    antecedent_customers: Mapped[int]  # customers who bought the antecedent
    support: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    lift: Mapped[float] = mapped_column(Float)
    mined_at: Mapped[datetime] = mapped_column(UTCDateTime)
