"""The team lead's view at size: 100,000 open commitments over 200 agents (goal: opens in
under a second).

    .venv/bin/python bench/team.py                       # SQLite, in a temporary folder
    .venv/bin/python bench/team.py --postgres            # PostgreSQL (a new schema)
    .venv/bin/python bench/team.py --open 100000 --agents 200 --closed 50000

Fills a fresh store with agents in 8 teams, customers, open commitments due from 60 days ago
to 30 days ahead (a share of them broken) and commitments closed over the last 30 days, then
times what the lead's window does when it opens: the per-agent, per-bucket counts with the
30-day figures (:func:`agent_desk.services.team.lead_view`), and the commitments behind the
first agent's overdue cell; the median of 5 runs each, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from agent_desk.services import team
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Commitment, Customer
from agent_desk.store.work import COMMITMENT_KINDS

PG_URL = os.environ.get(
    "AGENT_DESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BATCH = 10_000


def fill(db: Database, agents: int, customers: int, open_: int, closed: int, seed: int) -> None:
    rnd = random.Random(seed)
    a, cu, co = Agent.__table__, Customer.__table__, Commitment.__table__
    with db.write() as conn:
        conn.execute(
            a.insert(),
            [
                {
                    "username": f"agent{i:03}",
                    "display_name": f"Agent {i:03}",
                    "role": "lead" if i % 25 == 0 else "agent",
                    "team": f"team {i % 8}",
                    "active": True,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for i in range(agents)
            ],
        )
        agent_ids = list(conn.execute(sa.select(a.c.id)).scalars())
        tiers = ("bronze", "silver", "gold", "platinum")
        for start in range(0, customers, BATCH):
            conn.execute(
                cu.insert(),
                [
                    {
                        "display_name": f"Customer {i}",
                        "value_tier": tiers[i % 4],
                        "created_at": NOW,
                        "updated_at": NOW,
                        "version": 1,
                    }
                    for i in range(start, min(customers, start + BATCH))
                ],
            )
        customer_ids = list(conn.execute(sa.select(cu.c.id)).scalars())

    def row(state: str, due: datetime, closed_at: datetime | None) -> dict[str, Any]:
        return {
            "customer_id": rnd.choice(customer_ids),
            "kind": rnd.choice(COMMITMENT_KINDS),
            "description": "promised on a call",
            "due_at": due,
            "owner_id": rnd.choice(agent_ids),
            "state": state,
            "closed_at": closed_at,
            "created_at": due - timedelta(days=3),
            "updated_at": NOW,
            "version": 1,
        }

    rows: list[dict[str, Any]] = []
    for _ in range(open_):
        due = NOW + timedelta(minutes=rnd.randint(-60 * 24 * 60, 30 * 24 * 60))
        broken = due < NOW - timedelta(days=2) and rnd.random() < 0.5
        rows.append(row("broken" if broken else "open", due, NOW if broken else None))
    for _ in range(closed):
        due = NOW - timedelta(minutes=rnd.randint(0, 30 * 24 * 60))
        kept_at = due + timedelta(hours=rnd.choice((-30, -5, -1, 2, 20, 70)))
        rows.append(row("kept" if rnd.random() < 0.9 else "cancelled", due, min(kept_at, NOW)))
    with db.write() as conn:
        for start in range(0, len(rows), BATCH):
            conn.execute(co.insert(), rows[start : start + BATCH])


def timed(work: Callable[[], Any], runs: int = 5) -> tuple[float, Any]:
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000, help="open commitments")
    parser.add_argument("--closed", type=int, default=50_000, help="closed in the last 30 days")
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="agent-desk-team-") as tmp:
        schema = None
        if args.postgres:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            with sa.create_engine(PG_URL).begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            url = f"{PG_URL}?options=-csearch_path%3D{schema}"
        else:
            url = f"sqlite:///{Path(tmp) / 'team.sqlite3'}"
        db = Database(url)
        try:
            db.upgrade()
            started = time.perf_counter()
            fill(db, args.agents, args.customers, args.open, args.closed, args.seed)
            print(
                f"store: {'PostgreSQL' if args.postgres else 'SQLite'}; {args.open:,} open and "
                f"{args.closed:,} closed commitments, {args.agents} agents, {args.customers:,} "
                f"customers, filled in {time.perf_counter() - started:.1f} s"
            )
            if args.postgres:
                with db.engine.begin() as conn:
                    conn.execute(sa.text("ANALYZE"))
            seconds, view = timed(lambda: team.lead_view(db, now=NOW))
            print(
                f"  lead view (counts by agent and age, 30-day figures): {seconds * 1000:.0f} ms "
                f"median of 5; {len(view.agents)} agents, {view.totals}"
            )
            worst = view.agents[0]
            seconds, cell = timed(
                lambda: team.commitments_of(db, agent_ids=[worst.agent_id], now=NOW)
            )
            print(
                f"  one agent's overdue and broken commitments ({len(cell):,} rows): "
                f"{seconds * 1000:.0f} ms median of 5"
            )
            flt = team.LeadFilter(team="team 3", tier="gold")
            seconds, _ = timed(lambda: team.lead_view(db, now=NOW, flt=flt))
            print(f"  lead view filtered by team and customer tier: {seconds * 1000:.0f} ms")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  peak RSS {peak:.0f} MB")
        finally:
            db.dispose()
            if schema:
                with sa.create_engine(PG_URL).begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
