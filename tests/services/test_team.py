"""The team lead's view on SQLite and PostgreSQL: agents by age bucket, the 30-day figures,
filters, the commitments behind a cell, and who may see them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from agent_desk.errors import AgentDeskError
from agent_desk.identity.decide import agent_id
from agent_desk.services import commitments, team
from agent_desk.services.team import LeadFilter
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Commitment
from tests.services.test_search import customer_of, desk  # noqa: F401

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


def staff(db: Database) -> None:
    with db.write() as conn:
        for name, role, team_name in (
            ("lena", "lead", "north"),
            ("alice", "agent", "north"),
            ("bob", "agent", "south"),
        ):
            agent_id(conn, name)
            conn.execute(
                sa.update(Agent.__table__)
                .where(Agent.__table__.c.username == name)
                .values(role=role, team=team_name, display_name=name.title())
            )


def promise(db: Database, customer: int, owner: str, due: datetime, kind: str = "call_back") -> int:
    return commitments.create(
        db, customer, "lena", kind=kind, description=f"{kind} {due:%d %H}", due_at=due,
        owner=owner, now=due - 10 * D,
    )  # fmt: skip


def test_agents_by_age_bucket_and_their_30_day_figures(desk: Database) -> None:  # noqa: F811
    staff(desk)
    maria = customer_of(desk, "erp", "100004")
    promise(desk, maria, "alice", NOW + D)  # not due
    promise(desk, maria, "alice", NOW - 2 * H)  # due today (late by hours)
    promise(desk, maria, "alice", NOW - 2 * D)  # 1-2 days
    promise(desk, maria, "alice", NOW - 5 * D, kind="refund")  # 3-7
    promise(desk, maria, "alice", NOW - 20 * D)  # older
    on_time = promise(desk, maria, "bob", NOW - 3 * D)
    late = promise(desk, maria, "bob", NOW - 4 * D)
    broken = promise(desk, maria, "bob", NOW - 6 * D)
    commitments.set_state(desk, on_time, None, "kept", "bob", now=NOW - 3 * D - H)
    commitments.set_state(desk, late, None, "kept", "bob", now=NOW - 4 * D + 10 * H)
    commitments.review(desk, now=NOW, grace=timedelta(hours=24))  # alice's old ones break too

    view = team.lead_view(desk, now=NOW)
    by = {a.username: a for a in view.agents}
    alice, bob = by["alice"], by["bob"]
    # broken ones still count by how late they are, and as broken
    assert alice.counts == {
        "not due": 1, "due today": 1, "1–2 days late": 1, "3–7 days late": 1, "older": 1,
        "broken": 3,
    }  # fmt: skip
    assert (alice.open, alice.overdue) == (2, 4)
    assert bob.counts["broken"] == 1 and bob.open == 0
    # bob: three due in the window, one kept on time; delays 0 h, 10 h and 6 days so far
    assert (bob.due_30d, bob.kept_on_time_30d) == (3, 1)
    assert bob.kept_on_time_rate == pytest.approx(1 / 3)
    assert bob.median_delay_hours == pytest.approx(10.0)
    assert view.agents[0].username == "alice"  # most overdue first
    assert view.totals["broken"] == 4 and by["lena"].open == 0
    # the SQL buckets and the Python ones agree, at the edges too
    for late in (timedelta(0), 23 * H, D, 3 * D - H, 3 * D, 7 * D - H, 7 * D):
        promise(desk, maria, "lena", NOW - late)
    with desk.engine.connect() as conn:
        rows = conn.execute(sa.select(Commitment.__table__.c.due_at, team._bucket_case(NOW))).all()
    assert len(rows) == 15
    assert all(commitments.age_bucket(due, NOW) == sql for due, sql in rows), rows
    assert view.teams == ["north", "south"]

    south = team.lead_view(desk, now=NOW, flt=LeadFilter(team="south"))
    assert {a.username for a in south.agents} == {"bob"}
    refunds = team.lead_view(desk, now=NOW, flt=LeadFilter(kind="refund"))
    assert sum(a.counts["broken"] for a in refunds.agents) == 1

    cell = team.commitments_of(desk, agent_ids=[bob.agent_id], now=NOW)
    assert [c.id for c in cell] == [broken]
    everything = team.commitments_of(desk, now=NOW, buckets=team.AGES)
    assert len(everything) == 6 + 7  # the ones above, and those at the edges


def test_only_a_lead_sees_the_team(desk: Database) -> None:  # noqa: F811
    staff(desk)
    if team.team_mode(desk):  # PostgreSQL: the agents table decides
        team.require_lead(desk, "lena", Settings())
        with pytest.raises(AgentDeskError, match="alice is not a team lead"):
            team.require_lead(desk, "alice", Settings(role="lead"))
    else:  # a desktop's own store: the settings decide
        team.require_lead(desk, "alice", Settings(role="lead"))
        with pytest.raises(AgentDeskError, match="lena is not a team lead"):
            team.require_lead(desk, "lena", Settings())
