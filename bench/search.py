"""Search latency (quoted in the README): p50/p95 of ``search_customers`` over a mix of queries.

    .venv/bin/python bench/search.py --url sqlite:////path/to/store.sqlite3 [--queries 2000]

The queries come from the store itself, drawn with a fixed seed from live customers: a full
name, a name fragment (the first letters of the family name and of the given name), a typo
(the full name, two letters of the family name swapped), the last four digits of a phone
number, an e-mail address, and an order number as a caller reads it (``1004``). Besides the
times it counts the queries whose customer is not among the first 20 hits (a fragment or a
phone tail can match more than 20 customers at a million). The store is upgraded first (the
search index is built by migration 0004, whose duration is printed when it runs here).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

KINDS = ("name", "fragment", "typo", "phone tail", "e-mail", "order")


def queries(conn: sa.Connection, n: int, seed: int) -> list[tuple[str, str, int]]:
    from agent_desk.store.models import Customer, TimelineEvent

    c, e = Customer.__table__, TimelineEvent.__table__
    top = conn.execute(sa.select(sa.func.max(c.c.id))).scalar_one()
    rng = random.Random(seed)
    out: list[tuple[str, str, int]] = []
    while len(out) < n:
        row = conn.execute(
            sa.select(c.c.id, c.c.given_name, c.c.family_name, c.c.email, c.c.phone_e164)
            .where(c.c.id >= rng.randint(1, top), c.c.merged_into_id.is_(None))
            .order_by(c.c.id)
            .limit(1)
        ).first()
        if row is None or not row.family_name:
            continue
        kind = KINDS[len(out) % len(KINDS)]
        given, family = row.given_name or "", row.family_name
        if kind == "name":
            q = f"{given} {family}".strip()
        elif kind == "fragment":
            q = f"{family[:4]} {given[:2]}".strip()
        elif kind == "typo" and len(family) >= 5:
            i = rng.randint(1, len(family) - 3)
            q = f"{given} {family[:i] + family[i + 1] + family[i] + family[i + 2 :]}".strip()
        elif kind == "phone tail" and row.phone_e164:
            q = row.phone_e164[-4:]
        elif kind == "e-mail" and row.email:
            q = row.email
        elif kind == "order":
            event = conn.execute(
                sa.select(e.c.reference, e.c.customer_id)
                .where(e.c.id >= rng.randint(1, 10_000_000), e.c.kind == "order_placed")
                .order_by(e.c.id)
                .limit(1)
            ).first()
            if event is None or not event.reference or event.customer_id is None:
                continue
            q = event.reference.lstrip("#")
            out.append((kind, q, event.customer_id))
            continue
        else:
            continue
        out.append((kind, q, row.id))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--queries", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    from agent_desk.services.search import search_customers
    from agent_desk.store.database import Database

    db = Database(args.url)
    started = time.perf_counter()
    result = db.upgrade()
    if result.changed:
        print(
            f"upgraded {result.before} -> {result.after} in {time.perf_counter() - started:.1f} s"
        )
    with db.engine.connect() as conn:
        customers = conn.execute(sa.text("SELECT count(*) FROM customers")).scalar_one()
        mix = queries(conn, args.queries, args.seed)
        for _, q, _ in mix[:50]:  # warm the caches as a running app has them
            search_customers(conn, q)
        times: dict[str, list[float]] = defaultdict(list)
        missed: dict[str, int] = defaultdict(int)
        for kind, q, target in mix:
            t = time.perf_counter()
            hits = search_customers(conn, q, limit=20, region="GB")
            times[kind].append((time.perf_counter() - t) * 1000)
            missed[kind] += target not in {h.id for h in hits}
    print(f"{customers:,} customers, {len(mix):,} queries ({db.display_url})")
    everything = [t for ts in times.values() for t in ts]
    for kind in (*KINDS, "all"):
        ts = sorted(everything if kind == "all" else times[kind])
        if not ts:
            continue
        p95 = ts[max(0, int(len(ts) * 0.95) - 1)]
        misses = sum(missed.values()) if kind == "all" else missed[kind]
        print(
            f"  {kind:11} n={len(ts):5}  p50 {statistics.median(ts):6.1f} ms  p95 {p95:6.1f} ms"
            f"  max {ts[-1]:7.1f} ms  customer not in the first 20: {misses}"
        )
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    db.dispose()


if __name__ == "__main__":
    main()
