"""The demo's team: every follow-up view has something true to show."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from agent_desk.demo.team import LEAD, seed_team
from agent_desk.services import commitments, mining, offers, tasks, team
from agent_desk.services.catalog import load_catalog
from agent_desk.store.database import Database
from agent_desk.store.models import TimelineEvent
from agent_desk.store.types import utcnow


def test_the_demo_team_has_kept_late_open_overdue_and_broken_promises(
    demo_store_url: str,
) -> None:
    db = Database(demo_store_url)
    try:
        now = utcnow()
        mining.refresh(db, load_catalog())  # as `demo load` does after the sync
        summary = seed_team(db, "demo.user", now, seed=3)
        assert summary.agents == 8 and summary.commitments >= 12
        statuses = Counter(
            c.status
            for c in commitments.listing(
                db, now=now, states=("open", "kept", "broken", "cancelled")
            )
        )
        for status in ("open", "overdue", "broken", "kept", "kept late"):
            assert statuses[status] >= 1, (status, statuses)
        # the kept ones were kept by the synced events themselves
        kept = [
            c for c in commitments.listing(db, now=now, states=("kept",)) if c.expected is not None
        ]
        assert kept and all(c.evidence_event_id is not None for c in kept)
        with db.engine.connect() as conn:
            kinds = set(
                conn.execute(
                    sa.select(TimelineEvent.__table__.c.kind).where(
                        TimelineEvent.__table__.c.id.in_([c.evidence_event_id for c in kept])
                    )
                ).scalars()
            )
        assert kinds <= {"order_refunded", "ticket_solved"}
        queue = tasks.my_day(db, "demo.user", now=now)
        assert {"overdue", "today", "upcoming"} <= {t.bucket for t in queue}
        assert any(t.commitment for t in queue)  # a follow-up knows what was promised
        assert tasks.due_reminders(db, "demo.user", now=now + timedelta(minutes=11))
        view = team.lead_view(db, now=now)
        assert {a.team for a in view.agents} >= {"Service North", "Service South"}
        assert sum(a.overdue for a in view.agents) >= 1
        # offers the agents made from the engine's suggestions, most of them answered
        assert summary.offers >= 5
        rates = offers.acceptance(db)
        assert sum(r.offered for r in rates) == summary.offers
        assert sum(r.answered for r in rates) >= summary.offers // 2
        assert seed_team(db, "demo.user", now).skipped  # once
        assert LEAD[0] in {a.username for a in view.agents}
    finally:
        db.dispose()
