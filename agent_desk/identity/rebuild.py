"""A full identity rebuild, set-based and streaming.

It reaches the end state of :meth:`Resolver.rebuild` (forget the automatic links, mark every
record pending, run the incremental path) without running the incremental path record by
record:

1. **Links.** For each group kind (ERP number, e-mail, phone, both blocking keys) one streamed
   ``SELECT`` returns the live records whose key value at least two live records share, ordered
   by the value; consecutive rows form a group and go through
   :func:`~agent_desk.identity.scoring.group_decisions`. The best decision per pair is kept as
   the resolver keeps it (:func:`~agent_desk.identity.resolver._rank`; on a tie the first group
   in the order ERP number, e-mail, phone, ``block_a``, ``block_b``, as the resolver meets
   them), compactly (an integer key and a tuple of interned strings). The automatic links are
   then replaced in one transaction (pinned pairs keep their pinned link), and every record is
   marked pending, so a crash later leaves the rest to the incremental path.
2. **Components.** An integer union-find over "same" links (automatic and pinned) and shared
   customers (the closure :meth:`Resolver._component` walks) gives the components.
3. **Customers.** Components of two or more records are clustered in batches exactly as
   :meth:`Resolver._recluster` clusters them (:class:`~agent_desk.identity.resolver._Clusters`,
   same link order, same guards) and assigned with :meth:`Resolver._assign` (majority vote,
   merges and splits journaled, values recomputed). A live record alone in its component that
   has no customer gets a new one (bulk insert, values from
   :func:`~agent_desk.identity.resolver.golden_record`); one that has its own customer keeps it
   untouched.
4. ``resolve_pending`` is cleared for every record.

Clusters, links and kept customers are the incremental path's; customer ids can differ from
it only where the incremental path, which clusters with links that are not all recomputed yet,
would have split and merged customers back and forth on its way.
"""

from __future__ import annotations

import logging
import sys
import time
from array import array
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.identity.normalize import MatchKeys
from agent_desk.identity.resolver import (
    DETERMINISTIC,
    RECORD_COLUMNS,
    REFERENCE,
    Actor,
    Resolver,
    ResolveReport,
    _chunks,
    align_events,
    customers_t,
    golden_record,
    keys_of,
    keys_t,
    links_t,
    records_t,
)
from agent_desk.identity.scoring import POSSIBLE, SAME, MatchSettings, group_decisions
from agent_desk.store import search
from agent_desk.store.database import Database
from agent_desk.store.models import SyncState
from agent_desk.store.types import utcnow

log = logging.getLogger(__name__)

# the groups in the order the resolver meets them (ties between equal decisions: first wins)
GROUP_COLUMNS = (
    ("erp_number", "erp_customer_number"),
    ("email", "match_email"),
    ("phone", "match_phone"),
    ("block", "block_a"),
    ("block", "block_b"),
)
YIELD_PER = 5000
INSERT_BATCH = 10_000
sync_state_t = cast(sa.Table, SyncState.__table__)
BATCH_RECORDS = 5000  # records of multi-record components per transaction
_SHIFT = 32  # pair key: id_a << 32 | id_b

# (same, deterministic, score, decision, rule, reason): the first three are the resolver's rank
Best = tuple[bool, bool, float, str, str, str]


def rebuild(
    db: Database,
    settings: MatchSettings,
    *,
    progress: Callable[[int, int], None] | None = None,
    now: Callable[[], datetime] = utcnow,
    batch: int = BATCH_RECORDS,
) -> ResolveReport:
    """Forget every automatic link and resolve all records again (pinned decisions stay)."""
    started = time.monotonic()
    report = ResolveReport()
    best = best_decisions(db, settings)
    log.info("rebuild: %d pairs scored in %.1f s", len(best), time.monotonic() - started)
    with db.write() as conn:
        same_pairs = _replace_links(conn, best, report, now())
        conn.execute(records_t.update().values(resolve_pending=True))
        set_events_aligned(conn, False, now())  # until the last pass: see align_if_interrupted
    del best
    log.info("rebuild: links replaced at %.1f s", time.monotonic() - started)
    with db.engine.connect() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(records_t)).scalar_one())
        roots, sizes = _components(conn, same_pairs)
    del same_pairs
    log.info("rebuild: components of %d records at %.1f s", total, time.monotonic() - started)
    report.records = total
    done = 0
    resolver = Resolver(db, settings, now=now)
    resolver.defer_events = True  # aligned once at the end, in one pass
    for ids in _batches(roots, sizes, batch):
        with db.write() as conn:
            part = ResolveReport()
            _resolve_batch(resolver, conn, ids, part)
        report.add(part)
        done += len(ids)
        if progress is not None:
            progress(done, total)
    log.info("rebuild: multi-record components assigned at %.1f s", time.monotonic() - started)
    with db.write() as conn:
        report.created += _singletons(conn, roots, sizes, now())
        log.info("rebuild: lone records given customers at %.1f s", time.monotonic() - started)
        aligned = align_events(conn)
        set_events_aligned(conn, True, now())
        log.info(
            "rebuild: %d events and order lines aligned at %.1f s",
            aligned,
            time.monotonic() - started,
        )
        conn.execute(
            records_t.update()
            .where(records_t.c.resolve_pending.is_(True))
            .values(resolve_pending=False)
        )
    if progress is not None:
        progress(total, total)
    report.seconds = time.monotonic() - started
    return report


# -- crash safety ----------------------------------------------------------------------------
ALIGN_SOURCE, ALIGN_STREAM = "identity", "rebuild"


def set_events_aligned(conn: Connection, aligned: bool, at: datetime) -> None:
    """Whether every event and order line follows its record's customer. A rebuild moves
    records without their events until its last pass; this flag, cleared in its first
    transaction and set in its last, tells a later run that one was cut short."""
    t = sync_state_t
    bookmark = {"events_aligned": aligned, "at": at.isoformat()}
    done = conn.execute(
        t.update()
        .where(t.c.source == ALIGN_SOURCE, t.c.stream == ALIGN_STREAM)
        .values(bookmark=bookmark, updated_at=at)
    ).rowcount
    if not done:
        conn.execute(
            t.insert().values(
                source=ALIGN_SOURCE, stream=ALIGN_STREAM, bookmark=bookmark,
                created_at=at, updated_at=at,
            )
        )  # fmt: skip


def align_if_interrupted(db: Database) -> int:
    """After a rebuild that stopped before its last pass (a crash, a kill): give every event
    its record's customer now. Returns how many rows changed (0: nothing to repair)."""
    t = sync_state_t
    with db.engine.connect() as conn:
        bookmark = conn.execute(
            sa.select(t.c.bookmark).where(t.c.source == ALIGN_SOURCE, t.c.stream == ALIGN_STREAM)
        ).scalar()
    if not bookmark or bookmark.get("events_aligned", True):
        return 0
    log.warning("a rebuild stopped before its last pass: aligning every event with its record")
    with db.write() as conn:
        changed = align_events(conn)
        set_events_aligned(conn, True, utcnow())
    return changed


# -- 1. links -----------------------------------------------------------------------------------


def _copy_records(conn: Connection) -> sa.Table:
    """The live records' matching columns, copied into a temporary table in one scan in id
    order and indexed by every group column and by the person a business key names.

    The group queries then read this compact copy instead of looking each member up in
    ``source_records`` in the order of a key's index, which at a million customers means a
    random read of a large page (the record's payload sits beside its keys) per member and
    group kind."""
    tmp = sa.Table(
        "rebuild_records",
        sa.MetaData(),
        *(sa.Column(n, records_t.c[n].type, primary_key=n == "id") for n in RECORD_COLUMNS),
        prefixes=["TEMPORARY"],
    )
    conn.exec_driver_sql("DROP TABLE IF EXISTS rebuild_records")  # left by a failed attempt
    tmp.create(conn)
    conn.execute(
        tmp.insert().from_select(
            list(RECORD_COLUMNS),
            sa.select(*(records_t.c[n] for n in RECORD_COLUMNS))
            .where(records_t.c.deleted_at.is_(None))
            .order_by(records_t.c.id),
        )
    )
    for _kind, column in GROUP_COLUMNS:
        sa.Index(f"rebuild_records_{column}", tmp.c[column]).create(conn)
    sa.Index("rebuild_records_person", tmp.c.source, tmp.c.entity, tmp.c.external_id).create(conn)
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("ANALYZE rebuild_records"))
    return tmp


def _groups(conn: Connection, live: sa.Table, column: str) -> Iterator[list[Any]]:
    """The live records of every value of ``column`` that two or more live records share,
    one list per value (members by id), streamed. ``live``: :func:`_copy_records`."""
    col = live.c[column]
    shared = (
        sa.select(col).where(col.is_not(None), col != "").group_by(col).having(sa.func.count() > 1)
    )
    query = (
        sa.select(*(live.c[n] for n in RECORD_COLUMNS))
        .where(col.in_(shared))
        .order_by(col, live.c.id)
    )
    group: list[Any] = []
    value: Any = None
    for row in conn.execute(query, execution_options={"yield_per": YIELD_PER}):
        current = getattr(row, column)
        if group and current != value:
            yield group
            group = []
        value = current
        group.append(row)
    if group:
        yield group


def _reference_groups(
    conn: Connection, live: sa.Table
) -> Iterator[tuple[str, list[Any], frozenset[int]]]:
    """(business key, its live records by id, the owners' ids) for every key two or more
    records hold, streamed in key order (after the column groups, as the resolver meets
    them; in code-point order on every database)."""
    shared = sa.select(keys_t.c.key).group_by(keys_t.c.key).having(sa.func.count() > 1)
    order = keys_t.c.key.collate("C") if conn.dialect.name == "postgresql" else keys_t.c.key
    join = sa.and_(
        live.c.source == keys_t.c.source,
        live.c.entity == keys_t.c.entity,
        live.c.external_id == keys_t.c.external_id,
    )
    query = (
        sa.select(
            *(live.c[n] for n in RECORD_COLUMNS),
            keys_t.c.key.label("_key"),
            keys_t.c.role.label("_role"),
        )
        .select_from(keys_t.join(live, join))
        .where(keys_t.c.key.in_(shared))
        .order_by(order, live.c.id)
    )
    group: list[Any] = []
    owners: set[int] = set()
    value: str | None = None
    for row in conn.execute(query, execution_options={"yield_per": YIELD_PER}):
        if group and row._key != value:
            yield value or "", group, frozenset(owners)
            group, owners = [], set()
        value = row._key
        if row._role == "owns":
            owners.add(row.id)
        if not group or group[-1].id != row.id:
            group.append(row)
    if group:
        yield value or "", group, frozenset(owners)


def _all_groups(
    conn: Connection, live: sa.Table
) -> Iterator[tuple[str, str | None, list[Any], frozenset[int] | None]]:
    """(kind, business key or None, members, owners of the key) of every candidate group."""
    for kind, column in GROUP_COLUMNS:
        for rows in _groups(conn, live, column):
            yield kind, None, rows, None
    for value, rows, owners in _reference_groups(conn, live):
        if len(rows) > 1:
            yield REFERENCE, value, rows, owners


def best_decisions(db: Database, settings: MatchSettings) -> dict[int, Best]:
    """pair key (``id_a << 32 | id_b``) -> the best decision of the pair over all its groups."""
    best: dict[int, Best] = {}
    interned: dict[str, str] = {}
    intern = interned.setdefault
    with db.engine.connect() as conn:
        live = _copy_records(conn)
        try:
            for kind, value, rows, owners in _all_groups(conn, live):
                members: list[tuple[int, MatchKeys]] = [(row.id, keys_of(row)) for row in rows]
                for d in group_decisions(kind, members, settings, value, owners=owners):
                    key = d.id_a << _SHIFT | d.id_b
                    same = d.decision == SAME
                    det = d.rule in DETERMINISTIC
                    old = best.get(key)
                    if old is None or (same, det, d.score) > old[:3]:
                        best[key] = (
                            same,
                            det,
                            d.score,
                            sys.intern(d.decision),
                            sys.intern(d.rule),
                            intern(d.reason, d.reason),
                        )
        except BaseException:
            conn.rollback()  # the copy goes with the transaction; the first error is the one
            raise
        live.drop(conn)
        conn.commit()
    return best


def _replace_links(
    conn: Connection, best: dict[int, Best], report: ResolveReport, now: datetime
) -> array[int]:
    """Replace the automatic links by ``best`` (pairs with a pinned link keep it). Returns the
    "same" pairs (automatic and pinned) as a flat array a0, b0, a1, b1, ..."""
    conn.execute(links_t.delete().where(links_t.c.pinned.is_(False)))
    same_pairs = array("q")
    pinned: set[int] = set()
    for a, b, decision in conn.execute(
        sa.select(links_t.c.record_a_id, links_t.c.record_b_id, links_t.c.decision).where(
            links_t.c.pinned.is_(True)
        )
    ):
        pinned.add(a << _SHIFT | b)
        if decision == SAME:
            same_pairs.extend((a, b))
    mask = (1 << _SHIFT) - 1
    rows: list[dict[str, Any]] = []
    for key in sorted(best):
        if key in pinned:
            continue
        _same, _det, score, decision, rule, reason = best[key]
        a, b = key >> _SHIFT, key & mask
        if decision == SAME:
            same_pairs.extend((a, b))
        elif decision == POSSIBLE:
            report.possible += 1
        rows.append(
            {
                "record_a_id": a,
                "record_b_id": b,
                "rule": rule[:40],
                "score": float(score),
                "reason": reason[:500],
                "origin": "auto",
                "decision": decision,
                "pinned": False,
                "created_at": now,
                "updated_at": now,
            }
        )
        if len(rows) >= INSERT_BATCH:
            conn.execute(links_t.insert(), rows)
            report.links += len(rows)
            rows = []
    if rows:
        conn.execute(links_t.insert(), rows)
        report.links += len(rows)
    return same_pairs


# -- 2. components ------------------------------------------------------------------------------


def _components(conn: Connection, same_pairs: array[int]) -> tuple[array[int], array[int]]:
    """Union-find over record ids: "same" links and records sharing a customer are connected.
    Returns each id's root and, per root, the component's size (index: record id)."""
    top = conn.execute(sa.select(sa.func.max(records_t.c.id))).scalar() or 0
    parent = array("q", range(top + 1))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb

    for k in range(0, len(same_pairs), 2):
        union(same_pairs[k], same_pairs[k + 1])
    query = (
        sa.select(records_t.c.id, records_t.c.customer_id)
        .where(records_t.c.customer_id.is_not(None))
        .order_by(records_t.c.customer_id, records_t.c.id)
    )
    previous: tuple[int, int] | None = None
    for rid, cid in conn.execute(query, execution_options={"yield_per": YIELD_PER * 4}):
        if previous is not None and previous[0] == cid:
            union(previous[1], rid)
        else:
            previous = (cid, rid)
    sizes = array("q", bytes(8 * (top + 1)))
    for i in range(top + 1):
        r = find(i)
        parent[i] = r
        sizes[r] += 1
    return parent, sizes


def _batches(roots: array[int], sizes: array[int], batch: int) -> Iterator[list[int]]:
    """The records of components of two or more records, whole components per batch."""
    multi = [i for i in range(len(roots)) if sizes[roots[i]] > 1]
    multi.sort(key=roots.__getitem__)
    out: list[int] = []
    for n, i in enumerate(multi):
        out.append(i)
        if len(out) >= batch and (n + 1 == len(multi) or roots[multi[n + 1]] != roots[i]):
            yield out
            out = []
    if out:
        yield out


# -- 3. customers -------------------------------------------------------------------------------


def _resolve_batch(
    resolver: Resolver, conn: Connection, ids: list[int], report: ResolveReport
) -> None:
    """:meth:`Resolver._recluster` for whole components (ids), every record fresh."""
    rows = resolver._load(conn, ids)
    resolver._cluster_rows(conn, rows, Actor(), report, set(rows))


def _singletons(conn: Connection, roots: array[int], sizes: array[int], now: datetime) -> int:
    """Live records alone in their component without a customer get a new customer each."""
    cols = [records_t.c[n] for n in RECORD_COLUMNS] + [records_t.c.payload]
    lonely = [
        row
        for row in conn.execute(
            sa.select(*cols).where(
                records_t.c.customer_id.is_(None), records_t.c.deleted_at.is_(None)
            )
        )
        if row.id >= len(roots) or sizes[roots[row.id]] <= 1
    ]
    created = 0
    for chunk in _chunks(lonely, INSERT_BATCH):
        values = []
        for row in chunk:
            golden, _provenance = golden_record([row])
            # as _new_customer + _refresh_customers leave it: inserted, then updated once
            values.append({**golden, "created_at": now, "updated_at": now, "version": 2})
        new_ids = list(
            conn.execute(
                customers_t.insert().returning(customers_t.c.id, sort_by_parameter_order=True),
                values,
            ).scalars()
        )
        moves = [{"_rid": row.id, "_cid": cid} for row, cid in zip(chunk, new_ids, strict=True)]
        search.index_customers(
            conn,
            dict(zip(new_ids, values, strict=True)),
            {cid: [row] for row, cid in zip(chunk, new_ids, strict=True)},
        )
        conn.execute(
            records_t.update()
            .where(records_t.c.id == sa.bindparam("_rid"))
            .values(customer_id=sa.bindparam("_cid")),
            moves,
        )  # their events and order lines follow in align_events
        created += len(chunk)
    return created
