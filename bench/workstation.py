"""Screen pop to paint, and the running app's memory (quoted in the README).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/workstation.py --url sqlite:////path/store.sqlite3

Opens the real main window (offscreen) on the store, then pops customers by id the way
``agent-desk pop --customer`` does and times each pop until the header shows the customer and
the first timeline rows are painted. The customers are the ones with the most events, and one
customer with 5,000 events: if the store has none, ``--inject`` gives the busiest one synthetic
events up to 5,000 first (in the store you point it at: use a copy). Prints p50/p95 per kind and
the process's peak RSS, which includes a search for each popped customer.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlalchemy as sa

TARGET = 5000


def busiest(conn: sa.Connection, n: int) -> list[tuple[int, int]]:
    return [
        (int(c), int(k))
        for c, k in conn.execute(
            sa.text(
                "SELECT customer_id, count(*) FROM timeline_events WHERE customer_id IS NOT NULL "
                "GROUP BY customer_id ORDER BY count(*) DESC LIMIT :n"
            ),
            {"n": n},
        )
    ]


def inject(db: object, customer: int, have: int) -> None:
    from agent_desk.store.models import TimelineEvent

    now = datetime.now(UTC)
    rows = [
        {
            "source": "bench",
            "source_type": "bench",
            "external_id": f"bench/{customer}/{i}",
            "customer_id": customer,
            "kind": ("ticket_reply", "order_placed", "invoice_issued")[i % 3],
            "category": ("interaction", "commercial", "change")[i % 3],
            "occurred_at": now - timedelta(hours=i),
            "title": f"Synthetic event {i}",
            "content_hash": "",
            "payload": {},
            "created_at": now,
            "updated_at": now,
        }
        for i in range(TARGET - have)
    ]
    with db.write() as conn:  # type: ignore[attr-defined]
        conn.execute(TimelineEvent.__table__.insert(), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--pops", type=int, default=40)
    parser.add_argument("--inject", action="store_true")
    args = parser.parse_args()

    from agent_desk.app import open_context
    from agent_desk.paths import AppPaths
    from agent_desk.services.pop import PopRequest
    from agent_desk.ui.app import create_application
    from agent_desk.ui.main_window import MainWindow
    from agent_desk.ui.ops import Ops

    app = create_application()
    home = Path(os.environ.get("AGENT_DESK_HOME") or "/tmp/agent-desk-bench-home")
    os.environ["AGENT_DESK_HOME"] = str(home)
    ctx = open_context(AppPaths.from_environment(), db_url=args.url)
    with ctx.database.engine.connect() as conn:
        customers = conn.execute(sa.text("SELECT count(*) FROM customers")).scalar_one()
        top = busiest(conn, args.pops)
    if top and top[0][1] < TARGET:
        if not args.inject:
            most = top[0][1]
            raise SystemExit(f"no customer has {TARGET:,} events ({most:,} at most): use --inject")
        inject(ctx.database, top[0][0], top[0][1])
        top[0] = (top[0][0], TARGET)
    ops = Ops(app)
    window = MainWindow(ctx, ops)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    rss_open = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def pop(customer: int) -> float:
        while window.customer_tabs.count():  # nothing on screen: each pop loads afresh
            window.close_customer_tab()
        app.processEvents()
        started = time.perf_counter()
        window.pop(PopRequest("customer", str(customer)))
        deadline = started + 30
        while time.perf_counter() < deadline:
            app.processEvents()
            current = window.customer.current
            if (
                current is not None
                and current.id == customer
                and window.customer.timeline.model.rowCount() > 0
                and window.customer.fields["value"].text() != "…"
            ):
                window.customer.repaint()  # paint the header and the first rows now
                return (time.perf_counter() - started) * 1000
            time.sleep(0.0005)
        raise SystemExit(f"pop of customer {customer} did not finish within 30 s")

    pop(top[-1][0])  # warm-up: imports, first queries
    big = [pop(top[0][0]) for _ in range(5)]
    others = [pop(c) for c, _ in top[1:]]
    window.close()
    app.processEvents()
    ops.wait(5000)
    ctx.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{customers:,} customers ({ctx.database.display_url})")

    def line(label: str, ms: list[float]) -> str:
        ms = sorted(ms)
        p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
        return f"  {label:34} n={len(ms):3}  p50 {statistics.median(ms):6.1f} ms  p95 {p95:6.1f} ms"

    print(line(f"pop to paint, {top[0][1]:,} events", big))
    print(line(f"pop to paint, {top[1][1]:,}-{top[-1][1]:,} events", others))
    print(f"  RSS after opening {rss_open:,.0f} MB, peak {rss:,.0f} MB", flush=True)
    os._exit(0)  # skip interpreter teardown of the Qt objects (a bench, not the app)


if __name__ == "__main__":
    main()
