"""Report figures (quoted in the README): the case report of a customer with many events.

    .venv/bin/python bench/reports.py                 # 5,000 and 20,000 events
    .venv/bin/python bench/reports.py --events 50000

For each size, a fresh SQLite store gets one customer (synced through the page writer and
identity resolution, as a sync writes them) with that many timeline events from three sources
(titles as long as the demo's: 30 characters on average, one in four wrapping onto a second
line), a promise and a task; then, in a child process of its own (so that its peak memory is
its own), the whole case report is written to a PDF: wall time, pages, and peak RSS. Memory
should stay flat as the events grow: the timeline streams from the store a page at a time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def title(kind: str, i: int) -> str:
    """Titles as the demo's sources write them: 30 characters on average, one in four longer
    than the timeline's title column holds on one line (it then wraps)."""
    if i % 4 == 3:
        return f"Customer replied: Delivery status of order #{100000 + i} - still waiting"
    return {
        "order_placed": f"Order #{100000 + i} placed",
        "ticket_reply": f"Agent replied: Where is my order #{100000 + i}?",
        "invoice_issued": f"Invoice 2025{100000 + i} issued",
    }[kind]


def build(url: str, events: int) -> int:
    from agent_desk.identity.resolver import Resolver
    from agent_desk.services import commitments, tasks
    from agent_desk.store.database import Database
    from agent_desk.sync.writer import PageWriter
    from connectors.base import EventRecord, Page, PersonRecord, PersonRef

    db = Database(url)
    db.upgrade()
    person = PersonRecord(
        entity="customer", external_id="1", given_name="Małgorzata", family_name="Wiśniewska",
        email="m.wisniewska@example.com", phone="+48 22 123 45 67", street="ul. Długa 5",
        postcode="00-238", city="Warszawa", country="PL",
    )  # fmt: skip
    kinds = (("shop", "order_placed", "commercial"), ("tickets", "ticket_reply", "interaction"),
             ("erp", "invoice_issued", "commercial"))  # fmt: skip
    for source, kind, category in kinds:
        writer = PageWriter(source, "bench", default_region="PL", now=lambda: NOW)
        share = events // len(kinds)
        for start in range(0, share, 2000):
            batch = tuple(
                EventRecord(
                    external_id=f"{kind}/{i}", person=PersonRef("customer", "1"), kind=kind,
                    category=category, occurred_at=NOW - timedelta(hours=3 * (events - i)),
                    title=title(kind, i),
                    amount=Decimal("19.90") if category == "commercial" else None,
                    currency="EUR", reference=f"#{100000 + i}", status="done",
                )
                for i in range(start, min(start + 2000, share))
            )  # fmt: skip
            with db.write() as conn:
                writer.write(conn, Page("main", {}, (person,), batch))
    Resolver(db).resolve_pending()
    from agent_desk.store.models import SourceRecord

    with db.engine.connect() as conn:
        import sqlalchemy as sa

        cid = int(conn.execute(sa.select(SourceRecord.__table__.c.customer_id)).scalar())
    commitments.create(
        db, cid, "bench", kind="refund", description="Refund the second invoice",
        due_at=NOW + timedelta(days=2), now=NOW,
    )  # fmt: skip
    tasks.create(db, "bench", "Call back with the courier's answer", customer_id=cid, now=NOW)
    db.dispose()
    return cid


def child(url: str, customer: int, out: str) -> None:
    from agent_desk.reports.case import case_report
    from agent_desk.store.database import Database

    db = Database(url)
    started = time.perf_counter()
    result = case_report(db, customer, out, company="Bench", printed_by="bench", now=NOW)
    wall = time.perf_counter() - started
    db.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = Path(out).stat().st_size
    print(json.dumps({"pages": result.pages, "events": result.events, "seconds": wall,
                      "rss_mb": peak, "pdf_mb": size / 2**20}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, nargs="*", default=[5000, 20000])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return
    with tempfile.TemporaryDirectory(prefix="agent-desk-bench-") as tmp:
        for n in args.events:
            url = f"sqlite:///{Path(tmp) / f'store-{n}.sqlite3'}"
            started = time.perf_counter()
            cid = build(url, n)
            made = time.perf_counter() - started
            out = str(Path(tmp) / f"case-{n}.pdf")
            run = subprocess.run(
                [sys.executable, __file__, "--child", url, str(cid), out],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            r = json.loads(run.stdout.strip().splitlines()[-1])
            print(
                f"{r['events']:>7,} events: {r['seconds']:.2f} s, {r['pages']:,} pages, "
                f"PDF {r['pdf_mb']:.1f} MB, peak RSS {r['rss_mb']:.0f} MB "
                f"(store built in {made:.0f} s)"
            )


if __name__ == "__main__":
    main()
