"""Kill ``agent-desk sync`` with SIGKILL at random moments: the store ends as a clean run's.

The sources are the demo's ERP flat-file export and its Zendesk tickets served by the loopback
fake, so the bookmarks of both a file and a cursor API are exercised. The property: after any
number of kills and one run to the end, the store holds exactly the rows (same keys, same
content, same deletions) that a single uninterrupted run writes, with no duplicate.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from agent_desk.demo import generate
from agent_desk.demo.servers.zendesk import ZendeskFake
from agent_desk.identity.resolver import Resolver
from agent_desk.paths import AppPaths
from agent_desk.settings import Settings, save_settings
from agent_desk.store.database import Database
from agent_desk.store.models import OrderLine, SourceRecord, SyncRun, TimelineEvent
from agent_desk.sync.engine import SUCCEEDED, SyncEngine
from tests.keyring_backend import InMemoryKeyring

TOKEN = "zd-oauth-crash-test-7c1d"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    generate(out, 400, seed=23, as_of=date(2026, 11, 20))
    return out


@pytest.fixture
def zendesk(demo: Path) -> Iterator[ZendeskFake]:
    with ZendeskFake(
        demo / "tickets", token="unused-api-token", email="admin@example.com", oauth_token=TOKEN
    ) as server:
        yield server  # type: ignore[misc]


def sources(demo: Path, zendesk: ZendeskFake) -> dict[str, dict[str, Any]]:
    return {
        "erp": {
            "type": "erp-flatfile",
            "path": str(demo / "erp"),
            "layout": "agent-desk-demo",
            "encoding": "cp1252",
            "page_size": 40,
        },
        "tickets": {
            "type": "zendesk",
            "url": zendesk.url,
            "auth": "oauth",
            "credential": "tickets",
            "per_page": 50,
            "tickets_per_comment_page": 10,
            "export_requests_per_minute": 100_000,
        },
    }


def _groups(rows: list[Any]) -> list[set[tuple[str, str]]]:
    found: dict[Any, set[tuple[str, str]]] = {}
    for customer, source, external in rows:
        assert customer is not None, f"{source} {external} has no customer"
        found.setdefault(customer, set()).add((source, external))
    return list(found.values())


def snapshot(url: str) -> dict[str, set[tuple[Any, ...]]]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            rec = SourceRecord.__table__
            ev = TimelineEvent.__table__
            ln = OrderLine.__table__
            return {
                "records": {
                    (r.source, r.entity, r.external_id, r.content_hash, r.deleted_at is None)
                    for r in conn.execute(sa.select(rec))
                },
                "events": {
                    (e.source, e.external_id, e.content_hash, e.deleted_at is None, e.person_key)
                    for e in conn.execute(sa.select(ev))
                },
                "lines": {
                    (x.source, x.order_external_id, x.line_external_id, x.content_hash)
                    for x in conn.execute(sa.select(ln))
                },
                "customers": {  # who is one person: the partition of records, not the ids
                    frozenset(group)
                    for group in _groups(
                        conn.execute(
                            sa.select(rec.c.customer_id, rec.c.source, rec.c.external_id)
                        ).all()
                    )
                },
                "counts": {
                    (
                        conn.execute(sa.select(sa.func.count()).select_from(rec)).scalar(),
                        conn.execute(sa.select(sa.func.count()).select_from(ev)).scalar(),
                        conn.execute(
                            sa.select(sa.func.count()).where(
                                ev.c.source_record_id.is_(None), ev.c.person_key.is_not(None)
                            )
                        ).scalar(),
                    )
                },
            }
    finally:
        db.dispose()


def stored_rows(url: str) -> int:
    """Rows written so far (0 while the schema does not exist yet); a cheap progress probe."""
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return sum(
                conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0
                for table in (SourceRecord.__table__, TimelineEvent.__table__, OrderLine.__table__)
            )
    except sa.exc.DBAPIError:
        return 0
    finally:
        db.dispose()


def test_sigkill_at_random_moments_then_resume_equals_a_clean_run(
    db_url: str,
    demo: Path,
    zendesk: ZendeskFake,
    app_home: AppPaths,
    memory_keyring: InMemoryKeyring,
    tmp_path: Path,
) -> None:
    configured = sources(demo, zendesk)

    # the reference: one uninterrupted run, in this process, into a database of its own
    memory_keyring.set_password("agent-desk", "tickets", TOKEN)
    clean_url = f"sqlite:///{tmp_path / 'clean.sqlite3'}"
    clean = Database(clean_url)
    clean.upgrade()
    reports = SyncEngine(
        clean, Settings(sources=configured), resolve=lambda db: str(Resolver(db).resolve_pending())
    ).run()
    clean.dispose()
    assert [r.status for r in reports] == [SUCCEEDED, SUCCEEDED], [r.last_error for r in reports]
    expected = snapshot(clean_url)
    assert len(expected["records"]) > 300 and len(expected["events"]) > 2000

    # the same sources, synced by `agent-desk sync` processes killed at random moments
    save_settings(app_home.settings_file, Settings(sources=configured))
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.keyring_backend.EnvKeyring",
        "AGENT_DESK_TEST_SECRETS": json.dumps({"tickets": TOKEN}),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "agent_desk", "--db-url", db_url, "sync"]
    rng = random.Random(int(os.environ.get("AGENT_DESK_CRASH_SEED", "7")))
    # Kill at random points of the work, not of the clock: a fast machine must not finish the
    # sync before the kills land. Each process is killed once the store holds a random share of
    # the final rows, plus a random few milliseconds so the kill falls anywhere inside a page.
    total = sum(len(expected[part]) for part in ("records", "events", "lines"))
    marks = sorted(rng.uniform(0.05, 0.95) for _ in range(5))
    kills = 0
    for mark in marks:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if stored_rows(db_url) >= mark * total:
                time.sleep(rng.uniform(0.0, 0.05))
                break
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
    final = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr + final.stdout
    assert kills >= 4, "the sync finished before most kills: make the sources bigger"

    got = snapshot(db_url)
    for part in ("records", "events", "lines", "customers", "counts"):
        missing = expected[part] - got[part]
        extra = got[part] - expected[part]
        assert not missing and not extra, f"{part}: {len(missing)} missing, {len(extra)} extra"
    db = Database(db_url)
    try:
        with db.engine.connect() as conn:
            runs = conn.execute(sa.select(SyncRun.__table__.c.status)).scalars().all()
    finally:
        db.dispose()
    assert "running" not in runs, "killed runs are marked as interrupted by the next run"
