"""Figures for the sync engine and identity resolution (quoted in the README).

    .venv/bin/python bench/sync.py --customers 100000                 # into SQLite
    .venv/bin/python bench/sync.py --customers 100000 --postgres      # into PostgreSQL
    .venv/bin/python bench/sync.py --customers 1000000 --no-quality

Generates the demo sources (or reuses ``--data DIR``), then, each step in a fresh child process
so that its peak memory is its own:

1. **sync**: every demo source (ERP flat file; Shopify and Zendesk through their loopback
   servers, which run in a process of their own so that the sync's CPU time and memory are
   its own) into an empty store, without identity resolution: records, seconds, records/s
   per wall second and per CPU second of the sync, the servers' CPU seconds, peak RSS;
2. **resolve**: identity resolution of everything the sync wrote (the incremental path);
3. **rebuild**: ``Resolver.rebuild()`` over the whole store;
4. **incremental**: 1,000 records touched (flagged as a sync flags them), resolved again;
5. **quality**: pairwise precision and recall of "same person" against the generator's
   truth.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

AS_OF = date(2026, 11, 20)
TRUTH_SOURCES = {"erp": "erp", "shop": "shopify", "tickets": "zendesk"}
PG_URL = os.environ.get(
    "AGENT_DESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_serve(data: Path) -> None:
    """The demo's loopback servers in a process of their own, so that the sync's CPU time and
    memory are its own: prints where they listen, serves until stdin closes."""
    from agent_desk.demo.load import demo_sources
    from agent_desk.demo.servers.live import demo_server

    servers, out = [], {}
    for name, section in demo_sources(data).items():
        if not section.get("demo_server"):
            continue
        server, extra, token = demo_server(name, section)
        server.__enter__()
        servers.append(server)
        configured = {k: v for k, v in section.items() if k != "demo_server"}
        out[name] = {**configured, **extra, "url": server.url, "credential": name, "token": token}
    print(json.dumps(out), flush=True)
    sys.stdin.read()
    for server in servers:
        server.__exit__(None, None, None)


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def phase_sync(url: str, data: Path) -> dict[str, Any]:
    from agent_desk.demo.load import demo_sources
    from agent_desk.services import sources as source_service
    from agent_desk.settings import Settings
    from agent_desk.store.database import Database
    from agent_desk.sync.engine import SyncEngine

    serve = subprocess.Popen(
        [sys.executable, __file__, "--phase", "serve", "--data", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert serve.stdout is not None and serve.stdin is not None
        served = json.loads(serve.stdout.readline())
        sections = demo_sources(data)
        tokens = {}
        for name, section in served.items():
            tokens[name] = section.pop("token")
            sections[name] = section
        # the bench's tokens are not in the keyring: the sync asks this table instead
        source_service._secret = tokens.get  # type: ignore[assignment]
        db = Database(url)
        db.upgrade()
        out: dict[str, Any] = {"sources": {}}
        engine = SyncEngine(db, Settings(sources=sections))
        for name in ("erp", "shop", "tickets"):
            wall, cpu, server = time.perf_counter(), time.process_time(), cpu_of(serve.pid)
            (report,) = engine.run([name])
            if report.status != "succeeded":
                raise SystemExit(f"{name}: {report.status}: {report.last_error}")
            out["sources"][name] = {
                "records": report.counts.fetched,
                "wall": time.perf_counter() - wall,
                "cpu": time.process_time() - cpu,
                "server_cpu": cpu_of(serve.pid) - server,
            }
        out["peak_mb"] = peak_mb()
        db.dispose()
    finally:
        if serve.stdin:
            serve.stdin.close()
        serve.wait(timeout=30)
    return out


def phase_resolve(url: str, how: str) -> dict[str, Any]:
    from agent_desk.identity.resolver import Resolver
    from agent_desk.store.database import Database
    from agent_desk.store.models import SourceRecord

    db = Database(url)
    resolver = Resolver(db)
    t = SourceRecord.__table__
    if how == "incremental":  # as a sync touching 1,000 records leaves them
        with db.engine.connect() as conn:
            ids = list(conn.execute(sa.select(t.c.id)).scalars())
        touched = random.Random(7).sample(ids, min(1000, len(ids)))
        with db.write() as conn:
            conn.execute(
                t.update()
                .where(t.c.id.in_(sa.bindparam("ids", expanding=True)))
                .values(resolve_pending=True),
                {"ids": touched},
            )
    with db.engine.connect() as conn:
        records = conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
    wall, cpu = time.perf_counter(), time.process_time()
    import logging

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30 or done == total:
            last[0] = time.perf_counter()
            print(f"  {done:,} / {total:,} records", file=sys.stderr, flush=True)

    report = (
        resolver.rebuild(progress=progress)
        if how == "rebuild"
        else resolver.resolve_pending(progress=progress)
    )
    result = {
        "records": records,
        "resolved": report.records,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "summary": str(report),
    }
    db.dispose()
    return result


def phase_quality(url: str, data: Path) -> dict[str, Any]:
    from agent_desk.identity.evaluate import pair_metrics
    from agent_desk.store.database import Database
    from agent_desk.store.models import SourceRecord

    db = Database(url)
    t = SourceRecord.__table__
    with db.engine.connect() as conn:
        predicted = [
            ((TRUTH_SOURCES[r.source], r.entity, r.external_id), r.customer_id)
            for r in conn.execute(
                sa.select(t.c.source, t.c.entity, t.c.external_id, t.c.customer_id)
            )
        ]
    with (data / "truth.csv").open(encoding="utf-8") as handle:
        truth = [
            ((r["source"], r["entity"], r["external_id"]), r["person_id"])
            for r in csv.DictReader(handle)
        ]
    m = pair_metrics(predicted, truth)
    db.dispose()
    return {
        "precision": m.precision,
        "recall": m.recall,
        "true_pairs": m.true_pairs,
        "predicted_pairs": m.predicted_pairs,
        "correct_pairs": m.correct_pairs,
    }


def child(phase: str, url: str, data: Path, extra: str = "") -> dict[str, Any]:
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--url",
            url,
            "--data",
            str(data),
            "--how",
            extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{result.stderr[-4000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="reuse a generated demo folder")
    parser.add_argument("--postgres", action="store_true", help=f"into {PG_URL} (a new schema)")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument(
        "--no-first-resolve",
        action="store_true",
        help="skip resolving the new records one by one; the rebuild then resolves them all",
    )
    parser.add_argument(
        "--store",
        type=Path,
        help="keep the SQLite store here (for bench/search.py and bench/workstation.py)",
    )
    parser.add_argument(
        "--sync-only", action="store_true", help="stop after the sync (no resolution, no quality)"
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--how", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "serve":
        phase_serve(args.data)
        return
    if args.phase:
        run = {
            "sync": lambda: phase_sync(args.url, args.data),
            "resolve": lambda: phase_resolve(args.url, args.how or "pending"),
            "quality": lambda: phase_quality(args.url, args.data),
        }[args.phase]
        print(json.dumps(run()))
        return

    with tempfile.TemporaryDirectory(prefix="agent-desk-bench-") as tmp:
        data = args.data
        if data is None:
            from agent_desk.demo import generate

            data = Path(tmp) / "demo"
            started = time.perf_counter()
            generate(data, args.customers, args.seed, as_of=AS_OF)
            print(
                f"generated {args.customers:,} customers in {time.perf_counter() - started:.0f} s"
            )
        schema = None
        if args.postgres:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(PG_URL)
            with admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            url = f"{PG_URL}?options=-csearch_path%3D{schema}"
        else:
            store = args.store or Path(tmp) / "bench.sqlite3"
            if store.exists():
                raise SystemExit(f"{store} exists: the sync bench starts from an empty store")
            url = f"sqlite:///{store}"
        try:
            print(f"store: {'PostgreSQL' if args.postgres else 'SQLite'}, one process per step")
            sync = child("sync", url, data)
            total = sum(s["records"] for s in sync["sources"].values())
            wall = sum(s["wall"] for s in sync["sources"].values())
            cpu = sum(s["cpu"] for s in sync["sources"].values())
            for name, s in sync["sources"].items():
                per_cpu = s["records"] / s["cpu"]
                print(
                    f"  sync {name:8} {s['records']:>10,} records {s['wall']:7.1f} s "
                    f"{s['records'] / s['wall']:>9,.0f}/s  ({per_cpu:,.0f} per CPU s; "
                    f"the server used {s['server_cpu']:.1f} CPU s)"
                )
            print(
                f"  sync total    {total:>10,} records {wall:7.1f} s {total / wall:>9,.0f}/s  "
                f"({total / cpu:,.0f} per CPU s), peak RSS {sync['peak_mb']:,.0f} MB"
            )
            if args.sync_only:
                return
            for label, how in (("resolve (all new)", "pending"), ("rebuild", "rebuild"),
                               ("incremental 1,000", "incremental")):  # fmt: skip
                if (how == "rebuild" and args.no_rebuild) or (
                    how == "pending" and args.no_first_resolve
                ):
                    continue
                r = child("resolve", url, data, how)
                print(
                    f"  {label:18} {r['records']:>9,} records {r['wall']:7.1f} s, "
                    f"peak RSS {r['peak_mb']:,.0f} MB: {r['summary']}"
                )
            if not args.no_quality:
                q = child("quality", url, data)
                print(
                    f"  matching: precision {q['precision']:.4f}, recall {q['recall']:.4f} "
                    f"({q['correct_pairs']:,} of {q['predicted_pairs']:,} predicted pairs right, "
                    f"{q['true_pairs']:,} true pairs)"
                )
        finally:
            if schema:
                with admin.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
