"""The team lead's view: every agent's open, overdue and broken commitments by age, and how
each agent keeps promises over the last 30 days.

Roles: on a shared PostgreSQL database (team mode) an agent's role is the ``agents`` table's;
on a desktop's own SQLite store it is the settings' ``work.role``. Only a lead sees other
agents' commitments and gives them to someone else.

Everything a lead first sees is counted in the database (one grouped query for the agents and
their age buckets, one read of the last 30 days' due commitments for the figures); the
commitments themselves are read for the agent and bucket the lead opens.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, translate
from agent_desk.services import commitments
from agent_desk.services.commitments import CommitmentView
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Commitment, Customer
from agent_desk.store.types import utcnow

agents_t = cast(sa.Table, Agent.__table__)
commitments_t = cast(sa.Table, Commitment.__table__)
customers_t = cast(sa.Table, Customer.__table__)

# the buckets are keys (and the SQL's values); shown, they are translate("team", bucket)
AGES = (
    QT_TRANSLATE_NOOP("team", "not due"),
    QT_TRANSLATE_NOOP("team", "due today"),
    QT_TRANSLATE_NOOP("team", "1–2 days late"),
    QT_TRANSLATE_NOOP("team", "3–7 days late"),
    QT_TRANSLATE_NOOP("team", "older"),
)
LATE_BUCKETS = AGES[1:]
# counts: by age (open and broken alike), and broken among them
BUCKETS = (*AGES, QT_TRANSLATE_NOOP("team", "broken"))
WINDOW = timedelta(days=30)
NOBODY = QT_TRANSLATE_NOOP("team", "(nobody)")


def team_mode(db: Database) -> bool:
    return db.dialect == "postgresql"


def role_of(db: Database, username: str, settings: Settings) -> str:
    """ "lead" or "agent": the agents table's in team mode, else the settings'."""
    if not team_mode(db):
        return settings.role
    with db.engine.connect() as conn:
        role = conn.execute(
            sa.select(agents_t.c.role).where(agents_t.c.username == username)
        ).scalar()
    return str(role or "agent")


def require_lead(db: Database, username: str, settings: Settings) -> None:
    if role_of(db, username, settings) != "lead":
        if team_mode(db):
            text = translate(
                "team",
                "{username} is not a team lead: the team's commitments are for leads "
                "(the agents table (agent-desk agents role))",
            )
        else:
            text = translate(
                "team",
                "{username} is not a team lead: the team's commitments are for leads (settings)",
            )
        raise AgentDeskError(text.format(username=username))


@dataclass(frozen=True)
class LeadFilter:
    team: str | None = None
    kind: str | None = None
    tier: str | None = None  # the customer's value tier

    def where(self) -> list[Any]:
        out: list[Any] = []
        if self.team:
            out.append(agents_t.c.team == self.team)
        if self.kind:
            out.append(commitments_t.c.kind == self.kind)
        if self.tier:
            out.append(customers_t.c.value_tier == self.tier)
        return out


@dataclass
class AgentLine:
    """One agent's row in the lead's view."""

    agent_id: int | None
    name: str
    username: str | None
    team: str | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    due_30d: int = 0
    kept_on_time_30d: int = 0
    median_delay_hours: float | None = None  # over the last 30 days' due commitments

    @property
    def open(self) -> int:
        """Open promises, late or not (broken ones are closed)."""
        return sum(self.counts[b] for b in AGES) - self.counts["broken"]

    @property
    def overdue(self) -> int:
        """Late promises, open or broken (the age columns)."""
        return sum(self.counts[b] for b in LATE_BUCKETS)

    @property
    def kept_on_time_rate(self) -> float | None:
        return self.kept_on_time_30d / self.due_30d if self.due_30d else None


@dataclass(frozen=True)
class LeadView:
    now: datetime
    agents: list[AgentLine]
    teams: list[str]
    tiers: list[str]

    @property
    def totals(self) -> dict[str, int]:
        out = dict.fromkeys(BUCKETS, 0)
        for line in self.agents:
            for b, n in line.counts.items():
                out[b] += n
        return out


def _bucket_case(now: datetime) -> Any:
    """How late a promise is, as :func:`agent_desk.services.commitments.age_bucket` says."""
    c = commitments_t.c
    return sa.case(
        (c.due_at >= now, "not due"),
        (c.due_at > now - timedelta(days=1), "due today"),
        (c.due_at > now - timedelta(days=3), "1–2 days late"),
        (c.due_at > now - timedelta(days=7), "3–7 days late"),
        else_="older",
    )


def _joined() -> Any:
    return commitments_t.outerjoin(agents_t, agents_t.c.id == commitments_t.c.owner_id).join(
        customers_t, customers_t.c.id == commitments_t.c.customer_id
    )


def lead_view(
    db: Database, *, now: datetime | None = None, flt: LeadFilter = LeadFilter()
) -> LeadView:
    """Per agent: open commitments by age bucket, broken ones, and the last 30 days' figures
    (kept on time among those due, median delay: how late they were kept, or are so far)."""
    now = now or utcnow()
    c = commitments_t.c
    bucket = _bucket_case(now).label("bucket")
    lines: dict[int | None, AgentLine] = {}
    with db.engine.connect() as conn:
        for row in conn.execute(
            sa.select(agents_t.c.id, agents_t.c.display_name, agents_t.c.username, agents_t.c.team)
            .where(agents_t.c.active.is_(True))
            .where(*([agents_t.c.team == flt.team] if flt.team else []))
        ):
            lines[row.id] = AgentLine(row.id, row.display_name, row.username, row.team)
        broken = sa.func.sum(sa.case((c.state == "broken", 1), else_=0))
        counted = conn.execute(
            sa.select(c.owner_id, bucket, sa.func.count(), broken)
            .select_from(_joined())
            .where(c.state.in_(("open", "broken")), *flt.where())
            .group_by(c.owner_id, bucket)
        ).all()
        for owner, name, n, n_broken in counted:
            line = lines.get(owner) or lines.setdefault(owner, _unknown(conn, owner))
            line.counts[name] += n
            line.counts["broken"] += int(n_broken or 0)
        delays: dict[int | None, list[float]] = defaultdict(list)
        for owner, state, due, closed in conn.execute(
            sa.select(c.owner_id, c.state, c.due_at, c.closed_at)
            .select_from(_joined())
            .where(c.due_at > now - WINDOW, c.due_at <= now, c.state != "cancelled", *flt.where())
        ):
            line = lines.get(owner) or lines.setdefault(owner, _unknown(conn, owner))
            line.due_30d += 1
            done = closed if state == "kept" else now
            if state == "kept" and closed is not None and closed <= due:
                line.kept_on_time_30d += 1
            delays[owner].append(max(0.0, (done - due) / timedelta(hours=1)))
        for owner, hours in delays.items():
            lines[owner].median_delay_hours = statistics.median(hours)
        teams = sorted(
            t for t in conn.execute(sa.select(agents_t.c.team).distinct()).scalars() if t
        )
        tiers = sorted(
            t
            for t in conn.execute(
                sa.select(customers_t.c.value_tier)
                .where(customers_t.c.value_tier.is_not(None))
                .distinct()
            ).scalars()
            if t
        )
    agents = sorted(lines.values(), key=lambda a: (-a.overdue, -a.counts["broken"], a.name))
    return LeadView(now, agents, teams, tiers)


def _unknown(conn: Connection, owner: int | None) -> AgentLine:
    """An owner outside the filter's agents (inactive, or none): still counted."""
    if owner is None:
        return AgentLine(None, translate("team", NOBODY), None, None)
    row = conn.execute(
        sa.select(agents_t.c.display_name, agents_t.c.username, agents_t.c.team).where(
            agents_t.c.id == owner
        )
    ).first()
    if row is None:
        return AgentLine(owner, translate("team", "agent #{id}").format(id=owner), None, None)
    return AgentLine(owner, row.display_name, row.username, row.team)


def commitments_of(
    db: Database,
    *,
    agent_ids: Sequence[int | None] | None = None,
    buckets: Sequence[str] = LATE_BUCKETS,
    flt: LeadFilter = LeadFilter(),
    now: datetime | None = None,
    limit: int = 2000,
) -> list[CommitmentView]:
    """The commitments behind a cell of the view: of these agents (None: all), open or
    broken, in these age buckets, oldest due first."""
    now = now or utcnow()
    c = commitments_t.c
    where: list[Any] = [c.state.in_(("open", "broken")), _bucket_case(now).in_(list(buckets))]
    where += flt.where()
    if agent_ids is not None:
        ids = [a for a in agent_ids if a is not None]
        owner = c.owner_id.in_(ids)
        where.append(sa.or_(owner, c.owner_id.is_(None)) if None in agent_ids else owner)
    with db.engine.connect() as conn:
        return commitments._views(conn, where, now, limit=limit)


@dataclass(frozen=True)
class AgentInfo:
    username: str
    display_name: str
    role: str
    team: str | None
    active: bool


def agents(db: Database) -> list[AgentInfo]:
    with db.engine.connect() as conn:
        return [
            AgentInfo(r.username, r.display_name, r.role, r.team, bool(r.active))
            for r in conn.execute(
                sa.select(
                    agents_t.c.username,
                    agents_t.c.display_name,
                    agents_t.c.role,
                    agents_t.c.team,
                    agents_t.c.active,
                ).order_by(agents_t.c.username)
            )
        ]


def set_agent(
    db: Database,
    username: str,
    actor: str,
    *,
    role: str | None = None,
    team: str | None = None,
    display_name: str | None = None,
    active: bool | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Change an agent (made on first use); audited. Returns the fields before and after."""
    from agent_desk.identity.decide import agent_id
    from agent_desk.services import audit

    if role is not None and role not in ("agent", "lead"):
        raise AgentDeskError(
            translate("team", "a role is agent or lead, not {role}").format(role=repr(role))
        )
    now = utcnow()
    with db.write() as conn:
        the_id = agent_id(conn, username)
        actor_id = agent_id(conn, actor)
        row = conn.execute(sa.select(agents_t).where(agents_t.c.id == the_id)).one()
        fields = ("role", "team", "display_name", "active")
        before = {f: getattr(row, f) for f in fields}
        wanted = {"role": role, "team": team, "display_name": display_name, "active": active}
        after = {**before, **{k: v for k, v in wanted.items() if v is not None}}
        if after != before:
            conn.execute(
                agents_t.update().where(agents_t.c.id == the_id).values(**after, updated_at=now)
            )
            audit.write(
                conn, actor=actor, actor_id=actor_id, entity="agent", entity_id=the_id,
                action="update", before=before, after=after, at=now,
            )  # fmt: skip
    return before, after
