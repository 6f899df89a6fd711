"""All mapped classes in one import (``from agent_desk.store.models import Customer``)."""

import agent_desk.store.search  # noqa: F401  (keeps the search index in step with ORM writes)
from agent_desk.store.base import Base
from agent_desk.store.ops import AuditEntry, SyncLease, SyncRun, SyncState
from agent_desk.store.people import Agent, AgentPresence, ContactPreference, Customer, Note
from agent_desk.store.sources import (
    MatchLink,
    MergeJournalEntry,
    OrderLine,
    Product,
    RecordKey,
    SourceRecord,
    TimelineEvent,
)
from agent_desk.store.work import AssociationRule, Commitment, CommitmentChange, Offer, Task

__all__ = [
    "Agent",
    "AgentPresence",
    "AssociationRule",
    "AuditEntry",
    "Base",
    "Commitment",
    "CommitmentChange",
    "ContactPreference",
    "Customer",
    "MatchLink",
    "MergeJournalEntry",
    "Note",
    "Offer",
    "OrderLine",
    "Product",
    "RecordKey",
    "SourceRecord",
    "SyncLease",
    "SyncRun",
    "SyncState",
    "Task",
    "TimelineEvent",
]
