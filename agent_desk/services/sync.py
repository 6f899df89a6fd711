"""The sync engine as the GUI starts it: identity resolution wired in, as the CLI does."""

from __future__ import annotations

import threading
from collections.abc import Callable

from agent_desk.identity.resolver import resolve_pending
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.sync.engine import ConnectorBuilder, Progress, SyncEngine


def resolve_summary(db: Database) -> str:
    """Identity resolution for the records a sync touched, as one line for the report."""
    return str(resolve_pending(db))


def sync_engine(
    db: Database,
    settings: Settings,
    *,
    cancel: threading.Event,
    progress: Callable[[Progress], None] | None = None,
    build: ConnectorBuilder | None = None,
) -> SyncEngine:
    """An engine that resolves identities after each source; ``cancel`` stops it after the
    current page. ``progress`` is called on the thread that runs the engine."""
    return SyncEngine(
        db, settings, build=build, resolve=resolve_summary, cancel=cancel, progress=progress
    )
