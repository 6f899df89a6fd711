"""The set-based rebuild reaches the incremental path's end state, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from agent_desk.demo import generate
from agent_desk.demo.load import demo_sources
from agent_desk.identity.rebuild import rebuild
from agent_desk.identity.resolver import (
    Resolver,
    customers_t,
    events_t,
    journal_t,
    lines_t,
    links_t,
    records_t,
)
from agent_desk.identity.scoring import MatchSettings
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.sync.engine import SyncEngine

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
Snapshot = tuple[frozenset[frozenset[int]], frozenset[tuple[Any, ...]]]


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rebuild") / "demo"
    generate(out, 180, 7, as_of=date(2026, 11, 20))
    return out


@pytest.fixture
def store(database: Database, demo_out: Path) -> Database:
    """A 180-person demo, synced and resolved by the incremental path."""
    SyncEngine(database, Settings(sources=demo_sources(demo_out))).run()
    Resolver(database).resolve_pending()
    return database


NICKNAME = re.compile(r"nickname \(([^()/]*) / ([^()/]*)\)")


def _nickname_sorted(match: re.Match[str]) -> str:
    return "nickname ({} / {})".format(*sorted(match.groups()))


def snapshot(db: Database) -> Snapshot:
    """Records grouped by customer (ids aside) and the links (ids and times aside).

    On PostgreSQL the incremental path meets a group's members in the table's physical order,
    and the reason of a nickname names the pair in the order it met them: the two names are
    compared sorted there (the rebuild always meets them by id, as SQLite returns them)."""
    postgres = db.dialect == "postgresql"
    with db.engine.connect() as conn:
        by_customer: dict[int | None, set[int]] = defaultdict(set)
        for rid, cid in conn.execute(sa.select(records_t.c.id, records_t.c.customer_id)):
            by_customer[cid].add(rid)
        assert None not in by_customer, "every record has a customer"
        links = frozenset(
            (*row[:5], NICKNAME.sub(_nickname_sorted, row[5]) if postgres else row[5], *row[6:])
            for row in conn.execute(
                sa.select(
                    links_t.c.record_a_id,
                    links_t.c.record_b_id,
                    links_t.c.decision,
                    links_t.c.rule,
                    links_t.c.score,
                    links_t.c.reason,
                    links_t.c.pinned,
                    links_t.c.origin,
                )
            )
        )
        pending = conn.execute(
            sa.select(sa.func.count()).where(records_t.c.resolve_pending.is_(True))
        ).scalar_one()
        assert pending == 0
    return frozenset(frozenset(s) for s in by_customer.values()), links


def assignment(db: Database) -> dict[int, int]:
    with db.engine.connect() as conn:
        return dict(conn.execute(sa.select(records_t.c.id, records_t.c.customer_id)).all())


def journal_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(journal_t)).scalar_one())


def test_rebuild_of_a_resolved_store_changes_nothing(store: Database) -> None:
    before = snapshot(store)
    ids_before = assignment(store)
    partition, links = before
    assert len(partition) > 100 and any(len(s) > 1 for s in partition)
    assert any(link[2] == "possible" for link in links) and any(link[2] == "same" for link in links)
    journal = journal_count(store)
    calls: list[tuple[int, int]] = []

    report = rebuild(
        store, MatchSettings(), progress=lambda d, t: calls.append((d, t)), now=lambda: T0
    )

    assert snapshot(store) == before
    assert misplaced(store) == 0
    assert assignment(store) == ids_before  # every customer kept
    assert (report.created, report.merged, report.split) == (0, 0, 0)
    assert journal_count(store) == journal
    assert report.records == len(ids_before)
    assert report.links == len(links)
    assert report.possible == sum(1 for link in links if link[2] == "possible")
    assert calls and calls[-1] == (len(ids_before), len(ids_before))
    with store.engine.connect() as conn:  # the links are new rows
        assert conn.execute(sa.select(sa.func.min(links_t.c.created_at))).scalar_one() == T0


def misplaced(db: Database) -> int:
    """Events and order lines whose customer is not their record's."""
    n = 0
    with db.engine.connect() as conn:
        for table in (events_t, lines_t):
            n += conn.execute(
                sa.select(sa.func.count())
                .select_from(table.join(records_t, records_t.c.id == table.c.source_record_id))
                .where(table.c.customer_id.is_distinct_from(records_t.c.customer_id))
            ).scalar_one()
    return n


def corrupt(db: Database) -> None:
    """Delete every link and scramble the customers: some records lose theirs, two customers'
    records are swapped into one, a customer is cut in two, one record is moved out."""
    with db.write() as conn:
        conn.execute(links_t.delete().where(links_t.c.pinned.is_(False)))
        customers: dict[int, list[int]] = defaultdict(list)
        for rid, cid in conn.execute(
            sa.select(records_t.c.id, records_t.c.customer_id).order_by(records_t.c.id)
        ):
            customers[cid].append(rid)
        multi = [c for c, rids in customers.items() if len(rids) > 1]
        single = [c for c, rids in customers.items() if len(rids) == 1]
        assert len(multi) >= 6 and len(single) >= 4

        def move(rids: list[int], cid: int | None) -> None:
            conn.execute(records_t.update().where(records_t.c.id.in_(rids)).values(customer_id=cid))

        move(customers[single[0]] + customers[single[1]], None)  # no customer at all
        move(customers[multi[0]], multi[1])  # two persons in one customer
        spare = conn.execute(
            customers_t.insert()
            .values(display_name="spare", created_at=T0, updated_at=T0, version=1)
            .returning(customers_t.c.id)
        ).scalar_one()
        move(customers[multi[2]][:1], spare)  # one person in two customers
        move(customers[multi[3]][:1], multi[4])  # one record in the wrong customer
        move(customers[single[2]], single[3])


def test_rebuild_repairs_what_the_incremental_path_repairs(store: Database) -> None:
    expected = snapshot(store)
    corrupt(store)
    journal = journal_count(store)

    with (
        store.write() as conn
    ):  # and events lost their customer (as a cut-short rebuild leaves them)
        conn.execute(events_t.update().values(customer_id=None).where(events_t.c.id % 3 == 0))
        conn.execute(lines_t.update().values(customer_id=None))
    assert misplaced(store) > 100

    report = rebuild(store, MatchSettings())

    assert snapshot(store) == expected
    assert misplaced(store) == 0
    assert report.created >= 2 and report.merged >= 1 and report.split >= 1
    assert journal_count(store) == journal + report.merged + report.split
    with store.engine.connect() as conn:
        merged = conn.execute(
            sa.select(sa.func.count()).where(customers_t.c.merged_into_id.is_not(None))
        ).scalar_one()
        assert merged >= 1  # the spare customer lost its record
    # and the incremental rebuild, run after it, finds the same
    Resolver(store).rebuild_incremental()
    assert snapshot(store) == expected


def test_pinned_links_survive_and_steer_the_clusters(store: Database) -> None:
    with store.write() as conn:
        pairs = conn.execute(
            sa.select(links_t.c.record_a_id, links_t.c.record_b_id)
            .where(links_t.c.decision == "same", links_t.c.rule != "erp_number")
            .order_by(links_t.c.record_a_id)
            .limit(1)
        ).all()
        ((a, b),) = pairs
        possible = conn.execute(
            sa.select(links_t.c.record_a_id, links_t.c.record_b_id)
            .where(links_t.c.decision == "possible")
            .order_by(links_t.c.record_a_id)
            .limit(1)
        ).one()
        lone = (
            conn.execute(sa.select(records_t.c.id).order_by(records_t.c.id.desc()).limit(2))
            .scalars()
            .all()
        )
        conn.execute(
            links_t.delete().where(
                sa.tuple_(links_t.c.record_a_id, links_t.c.record_b_id).in_(
                    [(a, b), tuple(possible)]
                )
            )
        )
        pinned = [
            (a, b, "different"),  # a person said: not the same
            (possible[0], possible[1], "same"),  # a person confirmed it
            (min(lone), max(lone), "same"),  # and forced two others together
        ]
        for x, y, decision in pinned:
            conn.execute(
                links_t.delete().where(links_t.c.record_a_id == x, links_t.c.record_b_id == y)
            )
            conn.execute(
                links_t.insert().values(
                    record_a_id=x,
                    record_b_id=y,
                    rule="manual",
                    score=0.0,
                    reason="agent decision",
                    origin="manual",
                    decision=decision,
                    pinned=True,
                    created_at=T0,
                    updated_at=T0,
                )
            )
    Resolver(store).rebuild_incremental()  # the incremental path's answer with the pins
    expected = snapshot(store)
    ids = assignment(store)
    assert ids[a] != ids[b]
    assert ids[possible[0]] == ids[possible[1]]
    assert ids[min(lone)] == ids[max(lone)]
    corrupt(store)

    rebuild(store, MatchSettings())

    assert snapshot(store) == expected
    with store.engine.connect() as conn:
        kept = set(
            conn.execute(
                sa.select(links_t.c.record_a_id, links_t.c.record_b_id, links_t.c.decision).where(
                    links_t.c.pinned.is_(True)
                )
            ).all()
        )
    assert kept == set(pinned)


def test_records_resolved_again_take_their_events_along(store: Database) -> None:
    """What a rebuild cut short between its batches and its last pass leaves (records pending,
    events not yet following them) is repaired by the next incremental run."""
    with store.write() as conn:
        rids = list(
            conn.execute(
                sa.select(events_t.c.source_record_id)
                .where(events_t.c.source_record_id.is_not(None))
                .distinct()
                .order_by(events_t.c.source_record_id)
                .limit(5)
            ).scalars()
        )
        conn.execute(
            events_t.update().where(events_t.c.source_record_id.in_(rids)).values(customer_id=None)
        )
        conn.execute(
            records_t.update().where(records_t.c.id.in_(rids)).values(resolve_pending=True)
        )
    assert misplaced(store) > 0

    Resolver(store).resolve_pending()

    assert misplaced(store) == 0


def test_a_rebuild_cut_short_before_its_last_pass_is_repaired_by_the_next_run(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent_desk.identity import rebuild as module

    corrupt(store)
    with store.write() as conn:
        conn.execute(events_t.update().values(customer_id=None))

    def killed(_conn: object, _ids: object = None) -> int:
        raise KeyboardInterrupt  # the process dies before the events follow their records

    monkeypatch.setattr(module, "align_events", killed)
    with pytest.raises(KeyboardInterrupt):
        rebuild(store, MatchSettings())
    monkeypatch.undo()
    assert misplaced(store) > 100

    Resolver(store).resolve_pending()  # the next sync's resolution

    assert misplaced(store) == 0
    assert module.align_if_interrupted(store) == 0  # and the flag says so


def test_events_are_aligned_a_slice_at_a_time(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agent_desk.identity import resolver as module

    with store.write() as conn:
        conn.execute(events_t.update().values(customer_id=None).where(events_t.c.id % 2 == 0))
        conn.execute(lines_t.update().values(customer_id=None))
    broken = misplaced(store)
    assert broken > 100
    monkeypatch.setattr(module, "ALIGN_SLICE", 37)  # many slices, one of them the last part
    with store.write() as conn:
        assert module.align_events(conn) == broken
    assert misplaced(store) == 0
