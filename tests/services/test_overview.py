"""Source freshness as the status bar shows it: "syncing now" while a live lease is held."""

from __future__ import annotations

from datetime import timedelta

from agent_desk.services.overview import describe_source, source_details, source_freshness
from agent_desk.store.database import Database
from agent_desk.store.models import SyncState
from agent_desk.store.types import utcnow
from agent_desk.sync.lease import HOST, SourceLease


def _tickets(db: Database) -> str:
    with db.session() as s:
        (src,) = [f for f in source_freshness(s, {"tickets": {"type": "zendesk"}})]
    return describe_source(src)


def test_a_source_shows_syncing_now_while_a_live_lease_is_held(database: Database) -> None:
    now = utcnow()
    with database.session() as s:
        s.add(
            SyncState(
                source="tickets",
                stream="tickets",
                last_success_at=now - timedelta(minutes=3),
                last_attempt_at=now - timedelta(minutes=3),
            )
        )
    assert _tickets(database) == "tickets: 3 min ago"
    lease = SourceLease(database, "tickets")
    lease.acquire()
    try:
        assert _tickets(database) == "tickets: syncing now (last good 3 min ago)"
        with database.session() as s:
            (src,) = source_freshness(s, {"tickets": {"type": "zendesk"}})
        assert f"Syncing now on {HOST}" in source_details(src)
    finally:
        lease.release()
    assert _tickets(database) == "tickets: 3 min ago"

    # a holder that died leaves a lease that expired: not "syncing now"
    stale = SourceLease(database, "tickets", seconds=60, now=lambda: now - timedelta(hours=1))
    stale.acquire()
    try:
        assert _tickets(database) == "tickets: 3 min ago"
    finally:
        stale.release()
