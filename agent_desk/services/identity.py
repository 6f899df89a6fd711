"""Why records are one customer, and the decisions a person makes about it, for the GUI.

Thin wrappers over :mod:`agent_desk.identity`: everything returned is plain data.
"""

from __future__ import annotations

from agent_desk.identity.decide import Decisions, Preview
from agent_desk.identity.explain import Explanation, JournalLine, explain
from agent_desk.identity.resolver import Resolver
from agent_desk.store.database import Database

__all__ = ["Explanation", "IdentityDesk", "JournalLine", "Preview", "can_undo"]


def can_undo(entry: JournalLine) -> bool:
    """Merges and splits can be undone once; an undo entry is undone by undoing its target."""
    return entry.action in ("merge", "split") and entry.undone_by is None


class IdentityDesk:
    """One agent's view of identity: explain a customer, preview and make decisions.

    Every method reads or writes the store: call them off the GUI thread.
    """

    def __init__(self, db: Database, username: str | None) -> None:
        self.db = db
        self.decisions = Decisions(Resolver(db), username)

    def explain(self, customer_id: int) -> Explanation:
        return explain(self.db, customer_id)

    def preview_merge(self, a: int, b: int) -> Preview:
        return self.decisions.preview_merge(a, b)

    def merge(self, a: int, b: int) -> list[int]:
        """Merge two customers; returns the journal entries made."""
        return list(self.decisions.merge(a, b).journal)

    def preview_split(self, record_id: int) -> Preview:
        return self.decisions.preview_split(record_id)

    def split(self, record_id: int) -> list[int]:
        return list(self.decisions.split(record_id).journal)

    def confirm(self, link_id: int) -> list[int]:
        return list(self.decisions.confirm(link_id).journal)

    def reject(self, link_id: int) -> None:
        self.decisions.reject(link_id)

    def preview_undo(self, entry_id: int) -> Preview:
        return self.decisions.preview_undo(entry_id)

    def undo(self, entry_id: int) -> int:
        return self.decisions.undo(entry_id)
