"""The sync engine on SQLite and PostgreSQL: upserts, deletions, failures, resume, leases."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa

from agent_desk.demo import generate
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.store.models import (
    AuditEntry,
    OrderLine,
    SourceRecord,
    SyncLease,
    SyncRun,
    SyncState,
    TimelineEvent,
)
from agent_desk.sync.engine import BUSY, FAILED, SUCCEEDED, SyncEngine
from agent_desk.sync.lease import HOST, LeaseLost, SourceBusy, SourceLease
from connectors.base import (
    AuthenticationError,
    CheckResult,
    ConnectorError,
    EventRecord,
    OrderLineRecord,
    Page,
    PersonRecord,
    PersonRef,
    Rejection,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def person(n: int, **changes: Any) -> PersonRecord:
    values: dict[str, Any] = {
        "entity": "customer",
        "external_id": str(n),
        "given_name": "Anna",
        "family_name": f"Nowak{n}",
        "email": f"anna{n}@example.com",
        "phone": "+44 20 7946 0000",
        "country": "GB",
        "birth_date": date(1980, 1, 1 + n % 28),
    }
    values.update(changes)
    return PersonRecord(**values)


def event(n: int, who: int, **changes: Any) -> EventRecord:
    values: dict[str, Any] = {
        "external_id": f"ticket/{n}/opened",
        "person": PersonRef("customer", str(who)),
        "kind": "ticket_opened",
        "occurred_at": T0 + timedelta(hours=n),
        "title": f"Ticket {n}",
        "reference": f"#{n}",
    }
    values.update(changes)
    return EventRecord(**values)


@dataclass
class Scripted:
    """A connector that yields prepared pages per stream (and may fail after some)."""

    name: str
    script: dict[str, list[Page]]
    fail_after: dict[str, int] = field(default_factory=dict)
    error: Exception | None = None
    seen: list[tuple[str, Any]] = field(default_factory=list)
    type_name: ClassVar[str] = "scripted"

    def streams(self) -> list[str]:
        return list(self.script)

    def pages(self, stream: str, bookmark: dict[str, Any] | None) -> Iterator[Page]:
        self.seen.append((stream, bookmark))
        start = int(bookmark["n"]) if bookmark else 0
        for i, page in enumerate(self.script[stream][start:], start=start):
            if stream in self.fail_after and i >= self.fail_after[stream]:
                raise self.error or ConnectorError(self.name, "HTTP 500 from the server")
            yield page

    def check(self) -> CheckResult:
        return CheckResult(True, "ok")


def pages_of(stream: str, *pages: dict[str, Any]) -> list[Page]:
    return [Page(stream, {"n": i + 1}, **p) for i, p in enumerate(pages)]


class Harness:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.connectors: dict[str, Scripted] = {}
        self.settings = Settings(sources={})

    def add(self, connector: Scripted) -> Scripted:
        self.connectors[connector.name] = connector
        self.settings.sources[connector.name] = {"type": "scripted"}
        return connector

    def engine(self, **kwargs: Any) -> SyncEngine:
        def build(
            _settings: Settings, name: str, _cancel: threading.Event, _stack: object
        ) -> Scripted:
            return self.connectors[name]

        return SyncEngine(self.db, self.settings, build=build, **kwargs)

    def rows(self, model: Any, *columns: str, **where: Any) -> list[tuple[Any, ...]]:
        table = model.__table__
        order = table.c.id if "id" in table.c else table.c[columns[0]]
        query = sa.select(*(table.c[c] for c in columns)).order_by(order)
        for key, value in where.items():
            query = query.where(table.c[key] == value)
        with self.db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]


@pytest.fixture
def h(database: Database) -> Harness:
    return Harness(database)


# -- upserts ---------------------------------------------------------------------------------


def test_first_sync_inserts_and_an_unchanged_resync_writes_nothing(h: Harness) -> None:
    script = pages_of(
        "main",
        {"persons": (person(1), person(2)), "events": (event(1, 1), event(2, 2))},
        {"persons": (person(3),), "events": (event(3, 3),)},
    )
    h.add(Scripted("crm", {"main": script}))
    (first,) = h.engine().run()
    assert first.status == SUCCEEDED
    assert first.counts.as_dict() == {
        "fetched": 6, "inserted": 6, "updated": 0, "unchanged": 0, "deleted": 0, "rejected": 0,
    }  # fmt: skip
    stamps = h.rows(SourceRecord, "updated_at")
    (again,) = h.engine().run(full=True)
    assert again.counts.inserted == 0 and again.counts.updated == 0
    assert again.counts.unchanged == 6
    assert h.rows(SourceRecord, "updated_at") == stamps, "unchanged rows are not rewritten"
    events = h.rows(TimelineEvent, "external_id", "source_record_id", "person_key")
    records = dict(h.rows(SourceRecord, "external_id", "id"))
    assert [(e, rid) for e, rid, _ in events] == [
        ("ticket/1/opened", records["1"]),
        ("ticket/2/opened", records["2"]),
        ("ticket/3/opened", records["3"]),
    ]


def test_match_keys_are_normalized_and_new_records_wait_for_resolution(h: Harness) -> None:
    record = person(1, email="  Anna.Nowak+shop@GoogleMail.com ", phone="020 7946 0018")
    h.add(Scripted("crm", {"main": pages_of("main", {"persons": (record,)})}))
    h.engine().run()
    ((email, phone, pending),) = h.rows(
        SourceRecord, "match_email", "match_phone", "resolve_pending"
    )
    assert email == "annanowak@gmail.com"
    assert phone == "+442079460018"
    assert pending is True


def test_a_changed_record_is_updated_in_place(h: Harness) -> None:
    crm = h.add(Scripted("crm", {"main": pages_of("main", {"persons": (person(1),)})}))
    h.engine().run()
    with h.db.write() as conn:  # as if identity resolution had run
        conn.execute(sa.update(SourceRecord.__table__).values(resolve_pending=False))
    (row_id,) = h.rows(SourceRecord, "id")[0]
    crm.script["main"] = pages_of("main", {"persons": (person(1, city="Leeds"),)})
    (report,) = h.engine().run(full=True)
    assert (report.counts.updated, report.counts.inserted) == (1, 0)
    ((same_id, pending, payload),) = h.rows(SourceRecord, "id", "resolve_pending", "payload")
    assert same_id == row_id and payload["city"] == "Leeds"
    assert pending is True  # the city is a match key

    crm.script["main"] = pages_of(
        "main", {"persons": (person(1, city="Leeds", link="https://crm/1"),)}
    )
    with h.db.write() as conn:
        conn.execute(sa.update(SourceRecord.__table__).values(resolve_pending=False))
    (report,) = h.engine().run(full=True)
    assert report.counts.updated == 1
    assert h.rows(SourceRecord, "resolve_pending") == [(False,)], "a link is no match key"


def test_a_deleted_ticket_leaves_the_timeline_and_an_audit_row_remains(h: Harness) -> None:
    crm = h.add(
        Scripted(
            "crm", {"main": pages_of("main", {"persons": (person(1),), "events": (event(1, 1),)})}
        )
    )
    h.engine().run()
    crm.script["main"] = pages_of("main", {"events": (event(1, 1, deleted=True),)})
    (report,) = h.engine().run(full=True)
    assert report.counts.deleted == 1
    ((deleted_at,),) = h.rows(TimelineEvent, "deleted_at")
    assert deleted_at is not None
    ((actor, action, before),) = h.rows(AuditEntry, "actor", "action", "before")
    assert (actor, action) == ("sync:crm", "deleted_at_source")
    assert before["title"] == "Ticket 1" and before["external_id"] == "ticket/1/opened"
    (report,) = h.engine().run(full=True)  # deleted again: nothing new
    assert report.counts.deleted == 0 and len(h.rows(AuditEntry, "id")) == 1


def test_an_event_that_comes_before_its_person_is_linked_when_the_person_comes(
    h: Harness,
) -> None:
    line = OrderLineRecord(
        order_external_id="o1",
        line_external_id="l1",
        person=PersonRef("customer", "7"),
        name="Kettle",
        quantity=Decimal("1"),
        ordered_at=T0,
        sku="KT-1",
        unit_price=Decimal("19.99"),
        currency="eur",
    )
    h.add(
        Scripted(
            "shop",
            {
                "orders": pages_of("orders", {"events": (event(1, 7),), "order_lines": (line,)}),
                "customers": pages_of("customers", {"persons": (person(7),)}),
            },
        )
    )
    h.engine().run()
    (rid,) = h.rows(SourceRecord, "id")[0]
    assert h.rows(TimelineEvent, "source_record_id", "person_key") == [(rid, "customer/7")]
    assert h.rows(OrderLine, "source_record_id", "currency", "unit_price") == [
        (rid, "EUR", Decimal("19.99"))
    ]


def test_rejections_are_counted_and_kept_with_their_reason(h: Harness) -> None:
    bad = Rejection("customers.csv line 17", "bad date '31.02.2024'")
    h.add(
        Scripted("erp", {"main": pages_of("main", {"persons": (person(1),), "rejections": (bad,)})})
    )
    (report,) = h.engine().run()
    assert report.counts.rejected == 1
    ((rejections, status),) = h.rows(SyncRun, "rejections", "status")
    assert status == SUCCEEDED
    assert rejections == [
        {"stream": "main", "where": "customers.csv line 17", "reason": "bad date '31.02.2024'"}
    ]


# -- failures ----------------------------------------------------------------------------------


def test_a_failing_source_does_not_stop_the_others(h: Harness) -> None:
    h.add(
        Scripted(
            "erp",
            {"main": pages_of("main", {"persons": (person(1),)})},
            fail_after={"main": 0},
            error=AuthenticationError("erp", "the server refused the password (HTTP 401)"),
        )
    )
    h.add(Scripted("tickets", {"main": pages_of("main", {"persons": (person(2),)})}))
    reports = {r.source: r for r in h.engine().run()}
    assert reports["erp"].status == FAILED
    assert reports["erp"].last_error is not None
    assert "refused the password" in reports["erp"].last_error
    assert reports["tickets"].status == SUCCEEDED
    runs = dict(h.rows(SyncRun, "source", "status"))
    assert runs == {"erp": FAILED, "tickets": SUCCEEDED}
    states = {s: e for s, e in h.rows(SyncState, "source", "last_error")}
    assert "refused the password" in (states["erp"] or "") and states["tickets"] is None


def test_a_connector_bug_is_a_failed_source_not_a_crash(h: Harness) -> None:
    h.add(
        Scripted(
            "erp",
            {"main": pages_of("main", {"persons": (person(1),)})},
            fail_after={"main": 0},
            error=KeyError("boom"),
        )
    )
    (report,) = h.engine().run()
    assert report.status == FAILED and "unexpected error (KeyError" in (report.last_error or "")


def test_a_failure_mid_stream_keeps_the_saved_pages_and_the_next_run_resumes(
    h: Harness,
) -> None:
    script = pages_of(
        "main",
        {"persons": (person(1),)},
        {"persons": (person(2),)},
        {"persons": (person(3),)},
    )
    crm = h.add(Scripted("crm", {"main": script}, fail_after={"main": 2}))
    (report,) = h.engine().run()
    assert report.status == FAILED and report.counts.inserted == 2
    assert "(stream main)" in (report.last_error or "")
    crm.fail_after = {}
    (report,) = h.engine().run()
    assert report.status == SUCCEEDED and report.counts.inserted == 1
    assert crm.seen[-1] == ("main", {"n": 2})
    assert [r for (r,) in h.rows(SourceRecord, "external_id")] == ["1", "2", "3"]


def test_an_interrupted_run_is_marked_when_the_next_one_starts(h: Harness) -> None:
    h.add(Scripted("crm", {"main": pages_of("main", {"persons": (person(1),)})}))
    now = datetime.now(UTC)
    with h.db.write() as conn:
        conn.execute(
            sa.insert(SyncRun.__table__).values(
                source="crm", started_at=now, status="running", rejections=[], details={}
            )
        )
    h.engine().run()
    statuses = h.rows(SyncRun, "status", "last_error")
    assert statuses[0][0] == FAILED and "interrupted" in statuses[0][1]
    assert statuses[1] == (SUCCEEDED, None)


def test_unknown_source_names_are_refused_before_anything_runs(h: Harness) -> None:
    h.add(Scripted("crm", {"main": []}))
    with pytest.raises(Exception, match="no source named 'nope' \\(configured: crm\\)"):
        h.engine().run(["nope"])


# -- leases ------------------------------------------------------------------------------------


def test_one_holder_at_a_time_and_the_second_is_told_who(h: Harness) -> None:
    first = SourceLease(h.db, "crm")
    first.acquire()
    try:
        with pytest.raises(SourceBusy, match=f"crm: being synced by .*{os.getpid()}"):
            SourceLease(h.db, "crm").acquire()
        h.add(Scripted("crm", {"main": pages_of("main", {"persons": (person(1),)})}))
        (report,) = h.engine().run()
        assert report.status == BUSY and h.rows(SourceRecord, "id") == []
    finally:
        first.release()
    assert h.rows(SyncLease, "source") == []
    (report,) = h.engine().run()
    assert report.status == SUCCEEDED


def test_a_lease_of_a_dead_process_or_past_its_expiry_is_taken_over(h: Harness) -> None:
    now = datetime.now(UTC)
    with h.db.write() as conn:
        conn.execute(
            sa.insert(SyncLease.__table__).values(
                source="dead", holder="x", host=HOST, pid=2**22 + 12345,  # no such process
                acquired_at=now, expires_at=now + timedelta(hours=1),
            )
        )  # fmt: skip
        conn.execute(
            sa.insert(SyncLease.__table__).values(
                source="expired", holder="y", host="elsewhere", pid=1,
                acquired_at=now - timedelta(hours=2), expires_at=now - timedelta(hours=1),
            )
        )  # fmt: skip
        conn.execute(
            sa.insert(SyncLease.__table__).values(
                source="alive", holder="z", host="elsewhere", pid=1,
                acquired_at=now, expires_at=now + timedelta(hours=1),
            )
        )  # fmt: skip
    for source in ("dead", "expired"):
        lease = SourceLease(h.db, source)
        lease.acquire()
        lease.release()
    if h.db.dialect == "postgresql":
        # no live connection holds the advisory lock: the server says the holder is gone
        lease = SourceLease(h.db, "alive")
        lease.acquire()
        lease.release()
    else:
        with pytest.raises(SourceBusy, match="process 1 on elsewhere"):
            SourceLease(h.db, "alive").acquire()


def test_a_holder_that_lost_its_lease_writes_nothing_more(h: Harness) -> None:
    lease = SourceLease(h.db, "crm")
    lease.acquire()
    try:
        with h.db.write() as conn:
            conn.execute(sa.update(SyncLease.__table__).values(holder="someone else"))
        with pytest.raises(LeaseLost, match="another process took over"), h.db.write() as conn:
            lease.confirm(conn)
    finally:
        lease.release()


# -- the real flat-file connector on the demo export -------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    generate(out, 300, seed=11, as_of=date(2026, 11, 20))
    return out


def test_the_demo_erp_export_syncs_and_resyncs_to_no_change(database: Database, demo: Path) -> None:
    settings = Settings(
        sources={
            "erp": {
                "type": "erp-flatfile",
                "path": str(demo / "erp"),
                "layout": "agent-desk-demo",
                "encoding": "cp1252",
                "page_size": 100,
            }
        }
    )
    (first,) = SyncEngine(database, settings).run()
    assert first.status == SUCCEEDED, first.last_error
    lines = sum(
        len((demo / "erp" / f).read_text(encoding="cp1252").splitlines()) - 1
        for f in ("customers.csv", "invoices.csv", "payments.csv", "contracts.csv")
    )
    assert first.counts.fetched + first.counts.rejected == lines
    assert first.counts.inserted == first.counts.fetched
    (second,) = SyncEngine(database, settings).run()
    assert second.counts.fetched == 0, "an unchanged export is not read again"
    (full,) = SyncEngine(database, settings).run(full=True)
    assert full.counts.unchanged == first.counts.fetched and full.counts.inserted == 0
    with database.engine.connect() as conn:
        orphans = conn.execute(
            sa.select(sa.func.count()).where(TimelineEvent.__table__.c.source_record_id.is_(None))
        ).scalar()
    assert orphans == 0, "every invoice, payment and contract points at its customer"


@pytest.mark.postgres
def test_two_stores_in_one_postgresql_database_do_not_block_each_other(
    pg_schema_url: str,
) -> None:
    """Advisory locks are per database; the lease key includes the schema."""
    from tests.conftest import PG_ADMIN_URL

    other = f"t_{os.getpid()}_other"
    admin = sa.create_engine(PG_ADMIN_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{other}"'))
    first = Database(pg_schema_url)
    second = Database(f"{PG_ADMIN_URL}?options=-csearch_path%3D{other}")
    try:
        for db in (first, second):
            db.upgrade()
        one, two = SourceLease(first, "erp"), SourceLease(second, "erp")
        one.acquire()
        try:
            two.acquire()  # another store: not busy
            two.release()
            with pytest.raises(SourceBusy):
                SourceLease(first, "erp").acquire()  # the same store: busy
        finally:
            one.release()
    finally:
        first.dispose()
        second.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{other}" CASCADE'))
        admin.dispose()
