"""Cross-sell figures (quoted in the README): offline quality, mining time, time to suggest.

    .venv/bin/python bench/crosssell.py                       # 300,000 persons, about 1M lines
    .venv/bin/python bench/crosssell.py --persons 50000 --store-url sqlite:////path/store.sqlite3

The purchases are the demo generator's own (``agent_desk.demo.purchases``: the model that
writes the shop's orders and the ERP's invoices), for ``--persons`` persons, cancelled and
refunded lines left out as the mining leaves them out.

1. **Quality.** Every customer's last order is held out; the rules are mined from everything
   else; for each customer with an earlier order the engine ranks its suggestions from that
   history as of the moment before the held-out order (:func:`agent_desk.services.suggest.rank`,
   the function the app uses; contracts from earlier warranty and plan purchases included,
   satisfy-first not applied: this measures the ranking). Hit-rate@3: the share of customers of
   whom one of the top three is in the held-out order. The baseline suggests the three products
   most customers bought, less what the customer already owns.
2. **Mining time.** The lines go into a fresh SQLite store (customers and order lines only) and
   :func:`agent_desk.services.mining.refresh` runs as after a sync: catalog into ``products``,
   lines linked to their products, the fingerprint, the read in customer order, the counting,
   the rules written. The counting alone (in memory) is timed too.
3. **Time to suggest** for one customer (:func:`agent_desk.services.suggest.suggest`, every
   query included) on ``--store-url`` (a store synced from the demo sources through the real
   connectors) when given, else on the store of step 2 (which has no tickets or promises).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from agent_desk.demo.formats import Clock
from agent_desk.demo.people import PersonFactory
from agent_desk.demo.pools import load_pools
from agent_desk.demo.purchases import life_cycle, plan_purchases
from agent_desk.services import mining
from agent_desk.services.catalog import load_catalog
from agent_desk.services.suggest import Bought, History, LifeEvent, rank, suggest
from agent_desk.store.database import Database
from agent_desk.store.models import Customer, OrderLine

AS_OF = date(2026, 11, 20)

# (person, order number, when, [(sku, quantity)]) per kept purchase
Order = tuple[int, int, datetime, list[tuple[str, int]]]


def purchases(persons: int, seed: int) -> tuple[list[Order], dict[str, int]]:
    pools = load_pools()
    clock = Clock(AS_OF)
    rng = random.Random(f"bench-crosssell-{seed}")
    factory = PersonFactory(pools, rng, clock, persons)
    terms = {p.sku: p.term_days for p in pools.catalog.products}
    orders: list[Order] = []
    number = 0
    for idx in range(persons):
        p = factory.next(idx)
        for pu in plan_purchases(p, pools.catalog, rng, clock):
            life_cycle(pu, rng, clock.now)
            number += 1
            if pu.cancelled_ts:
                continue
            gone = {id(line) for line in pu.refund_lines}
            kept = [(ln.product.sku, ln.qty) for ln in pu.lines if id(ln) not in gone]
            if kept:
                orders.append((idx, number, datetime.fromtimestamp(pu.ts, UTC), kept))
    return orders, terms


def quality(orders: list[Order], terms: dict[str, int]) -> None:
    catalog = load_catalog()
    by_person: dict[int, list[Order]] = defaultdict(list)
    for o in orders:
        by_person[o[0]].append(o)
    held: dict[int, Order] = {}
    training: list[tuple[int, str]] = []
    for person, own in by_person.items():
        own.sort(key=lambda o: (o[2], o[1]))
        if len(own) >= 2:
            held[person] = own[-1]
            own = own[:-1]
        training.extend((person, sku) for o in own for sku, _q in o[3])
    training.sort(key=lambda pair: pair[0])
    started = time.perf_counter()
    mined = mining.mine_with(catalog.policy, training)
    print(
        f"mined {len(mined.rules):,} rules from {mined.baskets:,} customers "
        f"({len(training):,} lines) in {time.perf_counter() - started:.2f} s (in memory)"
    )
    rules_by: dict[str, list[mining.Rule]] = defaultdict(list)
    for r in mined.rules:
        rules_by[r.antecedent].append(r)
    popular = [sku for sku, _n in mined.items.most_common()]
    hits = base_hits = n = 0
    hit_kinds: Counter[str] = Counter()
    times: list[float] = []
    for person, last in held.items():
        earlier = [o for o in by_person[person] if o is not last]
        now = last[2] - timedelta(minutes=1)
        bought = [Bought(sku, Decimal(q), o[2]) for o in earlier for sku, q in o[3]]
        life = [
            LifeEvent("contract", b.at, "erp", f"CT{person}", b.sku,
                      (b.at + timedelta(days=terms[b.sku])).date())
            for b in bought
            if terms.get(b.sku) and catalog.products[b.sku].kind in ("warranty", "service_plan")
        ]  # fmt: skip
        history = History(bought, life, [], None)
        rules = [r for sku in {b.sku for b in bought} for r in rules_by.get(sku, ())]
        t = time.perf_counter()
        top = rank(history, rules, catalog, now, 3)
        times.append(time.perf_counter() - t)
        wanted = {sku for sku, _q in last[3]}
        n += 1
        hit = next((s for s in top if s.sku in wanted), None)
        if hit is not None:
            hits += 1
            hit_kinds[hit.kind] += 1
        owned = {b.sku for b in bought if catalog.products[b.sku].kind != "consumable"}
        base = [sku for sku in popular if sku not in owned][:3]
        base_hits += bool(wanted & set(base))
    print(f"hold-out: {n:,} customers with an earlier order; their last order held out")
    print(f"  engine   hit-rate@3 {hits / n:.3f}  ({hits:,} of {n:,})")
    print(f"  baseline hit-rate@3 {base_hits / n:.3f}  (the 3 most popular they do not own)")
    print("  hits by kind: " + ", ".join(f"{k} {v:,}" for k, v in hit_kinds.most_common()))
    print(
        f"  ranking alone: {statistics.median(times) * 1e3:.2f} ms p50, "
        f"{sorted(times)[int(len(times) * 0.95)] * 1e3:.2f} ms p95"
    )


def store_lines(url: str, orders: list[Order], limit: int) -> int:
    db = Database(url)
    db.upgrade()
    c, ln = Customer.__table__, OrderLine.__table__
    now = datetime.now(UTC)
    rows, people = [], set()
    for person, number, at, kept in orders:
        for sku, qty in kept:
            people.add(person)
            rows.append(
                {
                    "source": "bench", "order_external_id": str(number),
                    "line_external_id": f"{number}-{sku}", "order_reference": f"#{number}",
                    "customer_id": person + 1, "sku": sku, "name": sku, "quantity": qty,
                    "currency": "EUR", "ordered_at": at, "status": "fulfilled",
                    "created_at": now,
                }
            )  # fmt: skip
        if len(rows) >= limit:
            break
    with db.write() as conn:
        ids = sorted(people)
        for i in range(0, len(ids), 50_000):
            conn.execute(
                c.insert(),
                [{"id": p + 1, "display_name": f"Customer {p + 1}", "created_at": now,
                  "updated_at": now, "version": 1} for p in ids[i : i + 50_000]],
            )  # fmt: skip
        for i in range(0, len(rows), 50_000):
            conn.execute(ln.insert(), rows[i : i + 50_000])
    db.dispose()
    return len(rows)


def mining_time(url: str) -> None:
    db = Database(url)
    try:
        started = time.perf_counter()
        report = mining.refresh(db, load_catalog(), force=True)
        wall = time.perf_counter() - started
        print(
            f"mining.refresh: {report.lines:,} customer-products of {report.baskets:,} customers "
            f"-> {report.rules:,} rules in {wall:.1f} s (catalog, linking, read, count, write)"
        )
        again = time.perf_counter()
        mining.refresh(db, load_catalog())
        print(f"  again with nothing changed: {time.perf_counter() - again:.2f} s (skipped)")
    finally:
        db.dispose()


def suggest_time(url: str, queries: int, seed: int) -> None:
    db = Database(url)
    catalog = load_catalog()
    try:
        if mining.last_run(db) is None:
            mining.refresh(db, catalog)
        c = Customer.__table__
        with db.engine.connect() as conn:
            top = conn.execute(sa.select(sa.func.max(c.c.id))).scalar_one()
            rng = random.Random(seed)
            times, shown, held = [], 0, 0
            for _ in range(queries):
                cid = conn.execute(
                    sa.select(c.c.id)
                    .where(c.c.id >= rng.randint(1, top), c.c.merged_into_id.is_(None))
                    .order_by(c.c.id)
                    .limit(1)
                ).scalar()
                if cid is None:
                    continue
                t = time.perf_counter()
                advice = suggest(conn, cid, catalog)
                times.append(time.perf_counter() - t)
                shown += bool(advice.suggestions)
                held += bool(advice.held)
        times.sort()
        print(
            f"suggest() on {url.rsplit('/', 1)[-1]}: {statistics.median(times) * 1e3:.1f} ms p50, "
            f"{times[int(len(times) * 0.95)] * 1e3:.1f} ms p95, {times[-1] * 1e3:.1f} ms max "
            f"over {len(times)} customers ({shown} with suggestions, {held} held: satisfy first)"
        )
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines for the mining time")
    parser.add_argument("--store-url", help="a synced store to time suggest() on")
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    started = time.perf_counter()
    orders, terms = purchases(args.persons, args.seed)
    lines = sum(len(o[3]) for o in orders)
    print(
        f"{args.persons:,} persons: {len(orders):,} kept orders, {lines:,} kept lines "
        f"({time.perf_counter() - started:.0f} s to generate)"
    )
    quality(orders, terms)
    with tempfile.TemporaryDirectory(prefix="agent-desk-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'lines.sqlite3'}"
        t = time.perf_counter()
        stored = store_lines(url, orders, args.lines)
        print(f"{stored:,} order lines stored in {time.perf_counter() - t:.0f} s")
        mining_time(url)
        suggest_time(args.store_url or url, args.queries, args.seed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
