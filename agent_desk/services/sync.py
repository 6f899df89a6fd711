"""The sync engine as the GUI starts it: identity resolution wired in, as the CLI does."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from agent_desk.i18n import QT_TRANSLATE_NOOP, translate
from agent_desk.identity.resolver import resolve_pending
from agent_desk.services import commitments
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.sync.engine import ConnectorBuilder, Progress, SyncEngine

log = logging.getLogger(__name__)


def resolve_summary(db: Database, grace: timedelta = commitments.DEFAULT_GRACE) -> str:
    """Identity resolution for the records a sync touched, then the commitments' review (a
    synced refund keeps the promise of one), as one line for the report."""
    summary = str(resolve_pending(db))
    try:
        review = commitments.review(db, grace=grace)
    except Exception as exc:  # the sync and its resolution stand; the next review catches up
        log.warning("commitments review after the sync failed: %s", exc)
        return translate(
            "sync", "{summary}; commitments not reviewed ({error}); the app's next review does it"
        ).format(summary=summary, error=exc)
    if not review:
        return summary
    return translate("sync", "{summary}; commitments: {review}").format(
        summary=summary, review=review
    )


NOT_MINED = QT_TRANSLATE_NOOP("sync", "cross-sell rules not mined again")


def mine_after_sync(db: Database, settings: Settings) -> str:
    """The cross-sell rules, mined again if the sync changed the orders or the customers; a
    failure is reported, never raised (the sync stands; the next run catches up)."""
    from agent_desk.services import mining
    from agent_desk.services.catalog import load_catalog

    try:
        return str(mining.refresh(db, load_catalog(settings.catalog_dir or None)))
    except Exception as exc:
        log.warning("mining the cross-sell rules after the sync failed: %s", exc)
        return f"{translate('sync', NOT_MINED)}: {exc}"


def after_sync(settings: Settings) -> Callable[[Database], str]:
    """:func:`resolve_summary` with the settings' grace period."""
    return functools.partial(resolve_summary, grace=timedelta(hours=settings.grace_hours))


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
        db, settings, build=build, resolve=after_sync(settings), cancel=cancel, progress=progress
    )
