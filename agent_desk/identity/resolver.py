"""Identity resolution in the store: links, clusters, customers, and the merge journal.

The pure matching core (:mod:`agent_desk.identity.scoring`) decides pairs inside *groups* of
records that share a key (ERP number, e-mail, phone, a blocking key). This module runs it
against ``source_records`` and keeps the store consistent:

1. **Links.** For the records a sync touched (``resolve_pending``) it recomputes every group
   they are in, and every group of the records in those groups, and replaces the automatic
   ``match_links`` of those records by the best decision per pair (``same`` or ``possible``,
   with the rule, the score and a reason a person can read). Pinned links (a person's decision)
   are never replaced.
2. **Clusters.** The connected records (over ``same`` links, pinned ones included) are
   clustered again with union-find: pinned ``same`` first, then deterministic rules, then fuzzy
   links by score; a union that would put contradicting records (different given names or
   birth dates) into one customer is refused unless a person pinned it, and a union across a
   pinned ``different`` pair is always refused.
3. **Customers.** Each cluster keeps the customer most of its records had; customers left
   without records are *merged* into the cluster that took most of them (``merged_into_id``,
   so the old id keeps resolving), clusters that broke away get a new customer (*split*).
   Every merge and split is written to the merge journal with what moved and why, and the
   surviving customer's values are recomputed with their provenance (ERP first, then the
   newest record). Events and order lines follow their records.

A person can merge two customers, split a record out, confirm or reject a "possible same
person", and undo any journal entry; these decisions are pinned links and survive every later
sync and every rebuild. See ``docs/identity.md``... the module docstrings of scoring/normalize
say how pairs are decided.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.identity.normalize import MatchKeys, name_key
from agent_desk.identity.scoring import (
    POSSIBLE,
    SAME,
    Evidence,
    MatchSettings,
    PairDecision,
    contradicts,
    group_decisions,
)
from agent_desk.store import search
from agent_desk.store.database import Database
from agent_desk.store.models import (
    Commitment,
    ContactPreference,
    Customer,
    MatchLink,
    MergeJournalEntry,
    Note,
    Offer,
    OrderLine,
    RecordKey,
    SourceRecord,
    Task,
    TimelineEvent,
)
from agent_desk.store.sources import MATCH_COLUMNS, record_key_join
from agent_desk.store.types import utcnow

records_t = cast(sa.Table, SourceRecord.__table__)
keys_t = cast(sa.Table, RecordKey.__table__)
links_t = cast(sa.Table, MatchLink.__table__)
customers_t = cast(sa.Table, Customer.__table__)
journal_t = cast(sa.Table, MergeJournalEntry.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)
lines_t = cast(sa.Table, OrderLine.__table__)
prefs_t = cast(sa.Table, ContactPreference.__table__)
# what an agent attached to a customer: it moves with a merge and back with its undo
OWNED = {
    "tasks": cast(sa.Table, Task.__table__),
    "commitments": cast(sa.Table, Commitment.__table__),
    "offers": cast(sa.Table, Offer.__table__),
    "notes": cast(sa.Table, Note.__table__),
}

# what _move_owned may have moved, by the name the journal keeps (undo moves them back)
MOVABLE = {**OWNED, "desk_events": events_t}

_KEY_JOIN = record_key_join()
CHUNK = 500
ALIGN_SLICE = 200_000  # events per statement of align_events
REBUILD_AT = 20_000  # pending records from which a mostly-new store is rebuilt instead
DETERMINISTIC = ("erp_number", "email", "phone", "reference")
REFERENCE = "reference"  # the group kind of shared business keys (record_keys, not a column)
KEY_COLUMNS = {
    "erp_number": ("erp_customer_number",),
    "email": ("match_email",),
    "phone": ("match_phone",),
    "block": ("block_a", "block_b"),
}
RECORD_COLUMNS = (
    "id",
    "source",
    "source_type",
    "entity",
    "external_id",
    "customer_id",
    "display_name",
    *MATCH_COLUMNS,
    "source_updated_at",
)


# -- small helpers ------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_AT = {name: i for i, name in enumerate(RECORD_COLUMNS)}
_KEY_POSITIONS = tuple(
    _AT[name]
    for name in (
        "match_email", "match_phone", "match_given_name", "match_family_name", "match_postcode",
        "match_birth_date", "erp_customer_number", "match_street", "match_city",
        "match_country", "match_company", "block_a", "block_b",
    )
)  # fmt: skip
_ENTITY, _EXTERNAL, _ERP = _AT["entity"], _AT["external_id"], _AT["erp_customer_number"]


def keys_of(row: Any) -> MatchKeys:
    """The match keys of a ``source_records`` row (as the sync engine stored them).

    ``row`` holds :data:`RECORD_COLUMNS` first, in that order (every query of this module and
    of the rebuild selects them so): the values are read by position, which is several times
    faster than by name and this runs for every member of every candidate group."""
    erp = row[_ERP]
    e, ph, gn, fn, pc, bd, en, st, ci, co, cm, ba, bb = _KEY_POSITIONS
    return MatchKeys(
        row[e], row[ph], row[gn], row[fn], row[pc], row[bd], row[en], row[st], row[ci],
        row[co], row[cm], row[ba], row[bb],
        erp is not None and row[_ENTITY] == "customer" and erp == row[_EXTERNAL],
    )  # fmt: skip


def _rank(d: PairDecision) -> tuple[int, int, float]:
    """Higher is stronger: same over possible, a rule over a fuzzy score, then the score."""
    return (d.decision == SAME, d.rule in DETERMINISTIC, d.score)


def describe_record(row: Any) -> str:
    name = row.display_name or "(no name)"
    return f"{row.source} {row.entity} {row.external_id} ({name})"


@dataclass
class Actor:
    """Who decides: a rule (automatic) or an agent (manual)."""

    agent_id: int | None = None
    rule: str | None = "auto"

    @property
    def manual(self) -> bool:
        return self.agent_id is not None or self.rule == "manual"


@dataclass
class ResolveReport:
    records: int = 0
    links: int = 0
    possible: int = 0
    created: int = 0
    merged: int = 0
    split: int = 0
    journal: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self) -> str:
        if not self.records:
            return "nothing to resolve"
        return (
            f"{self.records:,} records: {self.created:,} new customers, {self.merged:,} merged, "
            f"{self.split:,} split; {self.possible:,} possible same persons to review "
            f"({self.seconds:.1f} s)"
        )

    def add(self, other: ResolveReport) -> None:
        self.records += other.records
        self.links += other.links
        self.possible += other.possible
        self.created += other.created
        self.merged += other.merged
        self.split += other.split
        self.journal += other.journal


# -- union-find with guards ---------------------------------------------------------------------


class _Clusters:
    """Union-find whose roots keep their members' name/birth profiles and cannot-links."""

    def __init__(self, keys: dict[int, MatchKeys], cannot: Iterable[tuple[int, int]]) -> None:
        self.parent = {i: i for i in keys}
        self.members: dict[int, list[int]] = {i: [i] for i in keys}
        self.keys = keys
        self.cannot: dict[int, set[int]] = defaultdict(set)
        for a, b in cannot:
            if a in keys and b in keys:
                self.cannot[a].add(b)
                self.cannot[b].add(a)
        self.refused = 0

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int, *, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma, mb = self.members[ra], self.members[rb]
        if len(ma) > len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        set_b = set(mb)
        if any(self.cannot[x] & set_b for x in ma if x in self.cannot):
            self.refused += 1
            return False
        if not forced and self._contradict(ma, mb):
            self.refused += 1
            return False
        self.parent[ra] = rb
        mb.extend(ma)
        del self.members[ra]
        return True

    def _contradict(self, ma: list[int], mb: list[int]) -> bool:
        seen_a = {
            (k.given_name, k.family_name, k.birth_date): k for k in map(self.keys.get, ma) if k
        }
        seen_b = {
            (k.given_name, k.family_name, k.birth_date): k for k in map(self.keys.get, mb) if k
        }
        return any(
            contradicts(x, y)
            for x in seen_a.values()
            if x.given_name or x.birth_date
            for y in seen_b.values()
            if y.given_name or y.birth_date
        )

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


# -- the resolver ---------------------------------------------------------------------------------


class Resolver:
    def __init__(
        self,
        db: Database,
        settings: MatchSettings | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.settings = settings or MatchSettings()
        self.now = now
        self._created: set[int] = set()  # customers inserted and not yet filled in
        # set by the rebuild: moved records leave their events and order lines to
        # align_events (one pass at the end instead of one random update per record); a
        # rebuild cut short before that pass is repaired by the next resolution
        # (rebuild.align_if_interrupted)
        self.defer_events = False

    # -- entry points -------------------------------------------------------------------------
    def record_count(self) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(records_t)).scalar_one())

    def pending_count(self) -> int:
        with self.db.engine.connect() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.count()).where(records_t.c.resolve_pending.is_(True))
                ).scalar_one()
            )

    def resolve_pending(
        self, *, batch: int = 2000, progress: Callable[[int, int], None] | None = None
    ) -> ResolveReport:
        """Resolve every record a sync touched, ``batch`` records per transaction."""
        started = time.monotonic()
        report = ResolveReport()
        from agent_desk.identity.rebuild import align_if_interrupted

        align_if_interrupted(self.db)  # a rebuild cut short before its last pass
        total = self.pending_count()
        if total >= REBUILD_AT and total * 2 > self.record_count():
            # a first sync: most records are new, and the set-based rebuild reaches the same
            # end state several times faster than record-by-record groups
            return self.rebuild(progress=progress)
        while True:
            with self.db.write() as conn:
                seeds = list(
                    conn.execute(
                        sa.select(records_t.c.id)
                        .where(records_t.c.resolve_pending.is_(True))
                        .order_by(records_t.c.id)
                        .limit(batch)
                    ).scalars()
                )
                if not seeds:
                    break
                part = self._resolve(conn, set(seeds), Actor())
                align_events(conn, seeds)  # also what an interrupted rebuild left behind
                conn.execute(
                    records_t.update()
                    .where(records_t.c.id.in_(sa.bindparam("ids", expanding=True)))
                    .values(resolve_pending=False),
                    {"ids": seeds},
                )
            report.add(part)
            if progress is not None:
                progress(min(report.records, total), total)
        report.possible = self.open_possible_count()
        report.seconds = time.monotonic() - started
        return report

    def open_possible_count(self) -> int:
        """ "Possible same person" pairs waiting for a person (both records live)."""
        a, b = records_t.alias("a"), records_t.alias("b")
        with self.db.engine.connect() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(links_t)
                    .join(a, a.c.id == links_t.c.record_a_id)
                    .join(b, b.c.id == links_t.c.record_b_id)
                    .where(
                        links_t.c.decision == POSSIBLE,
                        links_t.c.pinned.is_(False),
                        a.c.deleted_at.is_(None),
                        b.c.deleted_at.is_(None),
                        a.c.customer_id != b.c.customer_id,
                    )
                ).scalar_one()
            )

    def rebuild(self, *, progress: Callable[[int, int], None] | None = None) -> ResolveReport:
        """Forget every automatic link and resolve all records again (pinned decisions stay):
        set-based and streaming (:mod:`agent_desk.identity.rebuild`), same end state as the
        incremental path."""
        from agent_desk.identity.rebuild import rebuild

        report = rebuild(self.db, self.settings, progress=progress, now=self.now)
        report.possible = self.open_possible_count()
        return report

    def rebuild_incremental(
        self, *, progress: Callable[[int, int], None] | None = None
    ) -> ResolveReport:
        """The same as :meth:`rebuild` through the incremental path (every record pending):
        slower; the reference the streaming rebuild is tested against."""
        with self.db.write() as conn:
            conn.execute(links_t.delete().where(links_t.c.pinned.is_(False)))
            conn.execute(records_t.update().values(resolve_pending=True))
        return self.resolve_pending(progress=progress, batch=5000)

    # -- the core -----------------------------------------------------------------------------
    def _resolve(self, conn: Connection, seeds: set[int], actor: Actor) -> ResolveReport:
        report = ResolveReport()
        self._created.clear()  # ids of a rolled-back attempt mean nothing
        evaluated = self._relink(conn, seeds, report)
        self._recluster(conn, evaluated | seeds, actor, report, seeds)
        report.records = len(seeds)
        return report

    def _load(self, conn: Connection, ids: Iterable[int]) -> dict[int, Any]:
        found: dict[int, Any] = {}
        cols = [records_t.c[n] for n in RECORD_COLUMNS]
        for chunk in _chunks(sorted(set(ids))):
            for row in conn.execute(sa.select(*cols).where(records_t.c.id.in_(chunk))):
                found[row.id] = row
        return found

    def _members(self, conn: Connection, kind: str, values: set[str]) -> dict[str, list[Any]]:
        """key value -> the live records holding it."""
        groups: dict[str, list[Any]] = defaultdict(list)
        cols = [records_t.c[n] for n in RECORD_COLUMNS]
        for column in KEY_COLUMNS[kind]:
            wanted = sorted(v for v in values if v)
            for chunk in _chunks(wanted):
                rows = conn.execute(
                    sa.select(*cols)
                    .where(records_t.c[column].in_(chunk), records_t.c.deleted_at.is_(None))
                    .order_by(records_t.c.id)  # the same order on every database
                )
                for row in rows:
                    groups[getattr(row, column)].append(row)
        return groups

    def _key_counts(
        self, conn: Connection, rows: Iterable[Any], *, deleted_too: bool = False
    ) -> Counter[tuple[str, str]]:
        """(kind, value) -> how many of the live ``rows`` (``deleted_too``: of all) hold it,
        for the key columns and the business keys alike."""
        held = [row for row in rows if deleted_too or row.deleted_at is None]
        counts: Counter[tuple[str, str]] = Counter()
        for row in held:
            for kind, columns in KEY_COLUMNS.items():
                for column in columns:
                    value = getattr(row, column)
                    if value:
                        counts[(kind, value)] += 1
        for key, n in self._refs_of(conn, held).items():
            counts[(REFERENCE, key)] = n
        return counts

    def _groups_of(
        self, conn: Connection, wanted: Iterable[tuple[str, str]], owners: dict[str, set[int]]
    ) -> dict[tuple[str, str], list[Any]]:
        """The live members of the ``wanted`` groups that have two or more (a business key's
        owners go into ``owners``)."""
        by_kind: dict[str, set[str]] = defaultdict(set)
        for kind, value in wanted:
            by_kind[kind].add(value)
        out: dict[tuple[str, str], list[Any]] = {}
        for kind, values in by_kind.items():
            found = (
                self._ref_members(conn, values, owners)
                if kind == REFERENCE
                else self._members(conn, kind, values)
            )
            out.update({(kind, v): rows for v, rows in found.items() if len(rows) > 1})
        return out

    def _refs_of(self, conn: Connection, rows: Iterable[Any]) -> dict[str, int]:
        """business key -> how many of ``rows`` hold it."""
        held: set[tuple[int, str]] = set()
        for chunk in _chunks(sorted(row.id for row in rows)):
            for rid, key in conn.execute(
                sa.select(records_t.c.id, keys_t.c.key)
                .select_from(keys_t.join(records_t, _KEY_JOIN))
                .where(records_t.c.id.in_(chunk))
            ):
                held.add((rid, key))
        return dict(Counter(key for _, key in held))

    def _ref_members(
        self, conn: Connection, values: Iterable[str], owners: dict[str, set[int]]
    ) -> dict[str, list[Any]]:
        """business key -> the live records owning or mentioning it (each once, by id); the
        owners' ids go into ``owners``."""
        groups: dict[str, list[Any]] = defaultdict(list)
        cols = [records_t.c[n] for n in RECORD_COLUMNS]
        for chunk in _chunks(sorted(set(values))):
            rows = conn.execute(
                sa.select(*cols, keys_t.c.key.label("_key"), keys_t.c.role.label("_role"))
                .select_from(keys_t.join(records_t, _KEY_JOIN))
                .where(keys_t.c.key.in_(chunk), records_t.c.deleted_at.is_(None))
                .order_by(records_t.c.id)
            )
            for row in rows:
                members = groups[row._key]
                if row._role == "owns":
                    owners.setdefault(row._key, set()).add(row.id)
                if not members or members[-1].id != row.id:
                    members.append(row)
        return groups

    def _relink(self, conn: Connection, seeds: set[int], report: ResolveReport) -> set[int]:
        """Recompute the automatic links the seeds changed; returns the records whose cluster
        may change (the seeds and the ends of "same" links that came or went).

        The pairs to decide again are those sharing a *touched* group (one holding a seed:
        its members, and so the guards' view of it, changed). Each such pair is decided over
        every group it shares, touched or not; other pairs keep their links. The seeds' other
        links go (the seeds no longer share a group with those records).
        """
        seed_rows = self._load(conn, seeds)
        owners: dict[str, set[int]] = {}
        # a deleted seed's groups too: the records left in them are decided again without it
        seed_keys = self._key_counts(conn, seed_rows.values(), deleted_too=True)
        touched = self._groups_of(conn, seed_keys, owners)
        ring: dict[int, Any] = dict(seed_rows)
        in_touched: dict[int, set[int]] = defaultdict(set)  # record -> touched group numbers
        for number, rows in enumerate(touched.values()):
            for row in rows:
                ring[row.id] = row
                in_touched[row.id].add(number)
        # the other groups two ring records share (a pair's decision needs all its groups)
        around = self._key_counts(conn, ring.values())
        shared = [g for g, n in around.items() if n > 1 and g not in touched]
        groups = {**touched, **self._groups_of(conn, shared, owners)}

        def redecided(a: int, b: int) -> bool:
            return bool(in_touched.get(a, set()) & in_touched.get(b, set()))

        order = {kind: i for i, kind in enumerate((*KEY_COLUMNS, REFERENCE))}
        best: dict[tuple[int, int], PairDecision] = {}
        keys: dict[int, MatchKeys] = {}
        weighed: dict[tuple[int, int], Evidence] = {}
        for kind, value in sorted(groups, key=lambda g: (order[g[0]], g[1])):
            members = []
            for row in groups[(kind, value)]:
                k = keys.get(row.id)
                if k is None:
                    k = keys[row.id] = keys_of(row)
                members.append((row.id, k))
            owned = frozenset(owners.get(value, ())) if kind == REFERENCE else None
            for d in group_decisions(
                kind, members, self.settings, value, weighed, owned, only=redecided
            ):
                pair = (d.id_a, d.id_b)
                old = best.get(pair)
                if old is None or _rank(d) > _rank(old):
                    best[pair] = d
        # out with the seeds' automatic links and those of the pairs decided again
        doomed: list[int] = []
        pinned: set[tuple[int, int]] = set()
        was_same: set[tuple[int, int]] = set()
        ring_ids = sorted(ring)
        for chunk in _chunks(ring_ids):
            for link in conn.execute(
                sa.select(
                    links_t.c.id,
                    links_t.c.record_a_id,
                    links_t.c.record_b_id,
                    links_t.c.pinned,
                    links_t.c.decision,
                ).where(sa.or_(links_t.c.record_a_id.in_(chunk), links_t.c.record_b_id.in_(chunk)))
            ):
                a, b = link.record_a_id, link.record_b_id
                if link.pinned:
                    pinned.add((a, b))
                elif a in seeds or b in seeds or redecided(a, b):
                    doomed.append(link.id)
                    if link.decision == SAME:
                        was_same.add((a, b))
        for chunk in _chunks(sorted(set(doomed))):
            conn.execute(links_t.delete().where(links_t.c.id.in_(chunk)))
        now = self.now()
        rows_out = [
            {
                "record_a_id": d.id_a,
                "record_b_id": d.id_b,
                "rule": d.rule[:40],
                "score": float(d.score),
                "reason": d.reason[:500],
                "origin": "auto",
                "decision": d.decision,
                "pinned": False,
                "created_at": now,
                "updated_at": now,
            }
            for pair, d in sorted(best.items())
            if pair not in pinned
        ]
        if rows_out:
            conn.execute(links_t.insert(), rows_out)
        report.links += len(rows_out)
        report.possible += sum(1 for r in rows_out if r["decision"] == POSSIBLE)
        # whose cluster may change: the seeds, and the ends of a "same" link that came or went
        now_same = {pair for pair, d in best.items() if d.decision == SAME and pair not in pinned}
        moved = seeds | {r for pair in was_same ^ now_same for r in pair}
        return moved

    def _component(self, conn: Connection, start: set[int]) -> set[int]:
        """``start`` plus everything connected to it by "same" links or by sharing a customer."""
        seen = set(start)
        frontier = set(start)
        customers_seen: set[int] = set()
        while frontier:
            found: set[int] = set()
            ordered = sorted(frontier)
            for chunk in _chunks(ordered):
                for a, b in conn.execute(
                    sa.select(links_t.c.record_a_id, links_t.c.record_b_id).where(
                        links_t.c.decision == SAME,
                        sa.or_(links_t.c.record_a_id.in_(chunk), links_t.c.record_b_id.in_(chunk)),
                    )
                ):
                    found.add(a)
                    found.add(b)
                customers = (
                    set(
                        conn.execute(
                            sa.select(records_t.c.customer_id).where(
                                records_t.c.id.in_(chunk), records_t.c.customer_id.is_not(None)
                            )
                        ).scalars()
                    )
                    - customers_seen
                )
                customers_seen |= customers
                for cchunk in _chunks(sorted(customers)):
                    found |= set(
                        conn.execute(
                            sa.select(records_t.c.id).where(records_t.c.customer_id.in_(cchunk))
                        ).scalars()
                    )
            frontier = found - seen
            seen |= found
        return seen

    def _recluster(
        self,
        conn: Connection,
        touched: set[int],
        actor: Actor,
        report: ResolveReport,
        fresh: set[int],
    ) -> None:
        component = self._component(conn, touched)
        rows = self._load(conn, component)
        self._cluster_rows(conn, rows, actor, report, fresh)

    def _cluster_rows(
        self,
        conn: Connection,
        rows: dict[int, Any],
        actor: Actor,
        report: ResolveReport,
        fresh: set[int],
    ) -> None:
        """Cluster whole components (``rows``) over their links and assign their customers."""
        live = {i: r for i, r in rows.items() if r.deleted_at is None}
        keys = {i: keys_of(r) for i, r in live.items()}
        same: list[tuple[tuple[int, int, float], int, int]] = []
        cannot: list[tuple[int, int]] = []
        reasons: dict[tuple[int, int], tuple[str, str]] = {}
        for chunk in _chunks(sorted(live)):
            for link in conn.execute(
                sa.select(
                    links_t.c.record_a_id,
                    links_t.c.record_b_id,
                    links_t.c.decision,
                    links_t.c.pinned,
                    links_t.c.rule,
                    links_t.c.score,
                    links_t.c.reason,
                ).where(links_t.c.record_a_id.in_(chunk))
            ):
                a, b = link.record_a_id, link.record_b_id
                if a not in live or b not in live:
                    continue
                if link.decision == "different" and link.pinned:
                    cannot.append((a, b))
                elif link.decision == SAME:
                    tier = 0 if link.pinned else 1 if link.rule in DETERMINISTIC else 2
                    same.append(((tier, 0, -float(link.score)), a, b))
                    reasons[(a, b)] = (link.rule, link.reason)
        same.sort()
        uf = _Clusters(keys, cannot)
        for (tier, _, _), a, b in same:
            uf.union(a, b, forced=tier == 0)
        self._assign(conn, uf.groups(), rows, reasons, actor, report, fresh)

    # -- customers ----------------------------------------------------------------------------
    def _assign(
        self,
        conn: Connection,
        clusters: list[list[int]],
        rows: dict[int, Any],
        reasons: dict[tuple[int, int], tuple[str, str]],
        actor: Actor,
        report: ResolveReport,
        fresh: set[int],
    ) -> None:
        """``fresh``: records whose content changed (their customer's values are redone)."""
        now = self.now()
        votes: list[tuple[int, int, int]] = []  # (-count, customer, cluster index)
        for index, members in enumerate(clusters):
            counts = Counter(rows[i].customer_id for i in members if rows[i].customer_id)
            votes.extend((-n, cid, index) for cid, n in counts.items())
        votes.sort()
        owner: dict[int, int] = {}  # cluster index -> customer id
        taken: set[int] = set()
        for _, cid, index in votes:
            if index not in owner and cid not in taken:
                owner[index] = cid
                taken.add(cid)
        old_customers = {r.customer_id for r in rows.values() if r.customer_id}
        # clusters nobody owns get a new customer
        for index, members in enumerate(clusters):
            if index not in owner:
                owner[index] = self._new_customer(conn, [rows[i] for i in members], now)
                report.created += 1
        # records move to their cluster's customer
        moves: dict[tuple[int | None, int], list[int]] = defaultdict(list)
        for index, members in enumerate(clusters):
            target = owner[index]
            for i in members:
                if rows[i].customer_id != target:
                    moves[(rows[i].customer_id, target)].append(i)
        # customers that lost every live record are merged into where most of them went
        losers = old_customers - taken
        merged_into: dict[int, int] = {}
        for loser in losers:
            went = Counter(t for (f, t), ids in moves.items() if f == loser for _ in ids)
            if went:
                merged_into[loser] = went.most_common(1)[0][0]
        for (source_customer, target), ids in sorted(moves.items(), key=lambda kv: str(kv[0])):
            self._move_records(conn, ids, target)
            if source_customer is None:
                continue
            # into a customer that existed: a merge; into one made now: a split
            action = "merge" if target in old_customers else "split"
            entry = self._journal(
                conn,
                action,
                actor,
                source_customer,
                target,
                [rows[i] for i in ids],
                reasons,
                now,
            )
            report.journal.append(entry)
            if action == "merge":
                report.merged += 1
            else:
                report.split += 1
        for loser, target in merged_into.items():
            moved = self._move_owned(conn, loser, target)
            conn.execute(
                customers_t.update()
                .where(customers_t.c.id == loser)
                .values(
                    merged_into_id=target,
                    updated_at=now,
                    version=customers_t.c.version + 1,
                )
            )
            if moved and report.journal:
                self._note_owned(conn, loser, target, moved)
        search.write_docs(conn, dict.fromkeys(merged_into))  # found as the survivor from now on
        # deleted records follow their customer when it was merged away
        for row in rows.values():
            if row.deleted_at is not None and row.customer_id in merged_into:
                self._move_records(conn, [row.id], merged_into[row.customer_id])
        entries = set(report.journal)
        changed = {owner[i] for i, m in enumerate(clusters) if any(x in fresh for x in m)}
        changed |= {t for (_f, t) in moves} | set(merged_into.values())
        # a customer a record left, or whose record was deleted, has other values now (and
        # another search document)
        changed |= {f for (f, _t) in moves if f is not None and f not in merged_into}
        changed |= {
            row.customer_id
            for i in fresh
            if (row := rows.get(i)) is not None
            and row.deleted_at is not None
            and row.customer_id is not None
            and row.customer_id not in merged_into
        }
        provenances = self._refresh_customers(conn, changed, now)
        if report.journal:  # the surviving values' provenance goes into the journal entries
            for row in conn.execute(
                sa.select(journal_t.c.id, journal_t.c.into_customer_id, journal_t.c.details).where(
                    journal_t.c.id.in_(sorted(entries))
                )
            ).all():
                if row.into_customer_id in provenances:
                    details = dict(row.details or {})
                    details["provenance"] = provenances[row.into_customer_id]
                    conn.execute(
                        journal_t.update().where(journal_t.c.id == row.id).values(details=details)
                    )

    def _new_customer(self, conn: Connection, members: list[Any], now: datetime) -> int:
        name = next((m.display_name for m in members if m.display_name), None) or "(no name)"
        created = int(
            conn.execute(
                customers_t.insert()
                .values(display_name=name[:300], created_at=now, updated_at=now, version=1)
                .returning(customers_t.c.id)
            ).scalar_one()
        )
        self._created.add(created)  # always filled in by _refresh_customers (version 2)
        return created

    def _move_records(self, conn: Connection, ids: Sequence[int], customer: int) -> None:
        for chunk in _chunks(list(ids)):
            conn.execute(
                records_t.update().where(records_t.c.id.in_(chunk)).values(customer_id=customer)
            )
            if self.defer_events:
                continue
            for table in (events_t, lines_t):
                conn.execute(
                    table.update()
                    .where(table.c.source_record_id.in_(chunk))
                    .values(customer_id=customer)
                )

    def _move_owned(self, conn: Connection, loser: int, target: int) -> dict[str, list[int]]:
        """Tasks, commitments, offers and notes of a merged customer go to the survivor;
        contact preferences are merged so that an opt-out is never lost."""
        moved: dict[str, list[int]] = {}
        for name, table in OWNED.items():
            ids = list(
                conn.execute(sa.select(table.c.id).where(table.c.customer_id == loser)).scalars()
            )
            if ids:
                conn.execute(table.update().where(table.c.id.in_(ids)).values(customer_id=target))
                moved[name] = ids
        # calls and notes agents logged (events of no source record) go along too
        desk = list(
            conn.execute(
                sa.select(events_t.c.id).where(
                    events_t.c.customer_id == loser, events_t.c.source_record_id.is_(None)
                )
            ).scalars()
        )
        if desk:
            conn.execute(
                events_t.update().where(events_t.c.id.in_(desk)).values(customer_id=target)
            )
            moved["desk_events"] = desk
        last = conn.execute(
            sa.select(sa.func.max(customers_t.c.last_contact_at)).where(
                customers_t.c.id.in_([loser, target])
            )
        ).scalar()
        if last is not None:
            conn.execute(
                customers_t.update().where(customers_t.c.id == target).values(last_contact_at=last)
            )
        prefs = {
            p.channel: p
            for p in conn.execute(sa.select(prefs_t).where(prefs_t.c.customer_id == target))
        }
        for p in conn.execute(sa.select(prefs_t).where(prefs_t.c.customer_id == loser)).all():
            mine = prefs.get(p.channel)
            if mine is None:
                conn.execute(
                    prefs_t.update().where(prefs_t.c.id == p.id).values(customer_id=target)
                )
                moved.setdefault("contact_preferences", []).append(p.id)
            elif p.opted_out and not mine.opted_out:
                conn.execute(
                    prefs_t.update()
                    .where(prefs_t.c.id == mine.id)
                    .values(opted_out=True, note=p.note or mine.note)
                )
        return moved

    def _note_owned(
        self, conn: Connection, loser: int, target: int, moved: dict[str, list[int]]
    ) -> None:
        entry = conn.execute(
            sa.select(journal_t.c.id, journal_t.c.details)
            .where(journal_t.c.from_customer_id == loser, journal_t.c.into_customer_id == target)
            .order_by(journal_t.c.id.desc())
            .limit(1)
        ).first()
        if entry is not None:
            details = dict(entry.details or {})
            details["owned_moved"] = moved
            conn.execute(
                journal_t.update().where(journal_t.c.id == entry.id).values(details=details)
            )

    def _journal(
        self,
        conn: Connection,
        action: str,
        actor: Actor,
        source_customer: int,
        target: int,
        moved: list[Any],
        reasons: dict[tuple[int, int], tuple[str, str]],
        now: datetime,
    ) -> int:
        ids = {m.id for m in moved}
        why = [
            {"records": [a, b], "rule": rule, "reason": reason}
            for (a, b), (rule, reason) in sorted(reasons.items())
            if (a in ids) != (b in ids)
        ][:20]
        rule = actor.rule if not actor.manual else None
        if rule == "auto" and why:
            rule = f"auto:{why[0]['rule']}"
        details = {
            "records": [
                {
                    "id": m.id,
                    "source": m.source,
                    "entity": m.entity,
                    "external_id": m.external_id,
                    "name": m.display_name,
                }
                for m in moved
            ],
            "links": why,
        }
        return int(
            conn.execute(
                journal_t.insert()
                .values(
                    action=action,
                    actor_agent_id=actor.agent_id,
                    actor_rule=(rule or "manual")[:80],
                    from_customer_id=source_customer,
                    into_customer_id=target,
                    details=details,
                    created_at=now,
                )
                .returning(journal_t.c.id)
            ).scalar_one()
        )

    def _refresh_customers(
        self, conn: Connection, customers: set[int], now: datetime
    ) -> dict[int, dict[str, str]]:
        """Each customer's values from its records, with where each one came from."""
        cols = (
            "id", "customer_id", "source", "entity", "external_id", "erp_customer_number",
            "match_phone", "payload", "source_updated_at", "deleted_at", "display_name",
            "match_email",
        )  # fmt: skip
        members: dict[int, list[Any]] = defaultdict(list)
        for chunk in _chunks(sorted(customers)):
            for row in conn.execute(
                sa.select(*(records_t.c[c] for c in cols)).where(records_t.c.customer_id.in_(chunk))
            ):
                members[row.customer_id].append(row)
        current: dict[int, Any] = {}
        golden_cols = [customers_t.c[n] for n in GOLDEN_FIELDS]
        for chunk in _chunks(sorted(members)):
            for row in conn.execute(
                sa.select(customers_t.c.id, customers_t.c.merged_into_id, *golden_cols).where(
                    customers_t.c.id.in_(chunk)
                )
            ):
                current[row.id] = row
        updates: list[dict[str, Any]] = []
        provenance: dict[int, dict[str, str]] = {}
        # the search documents: a customer left without records has none
        documents: dict[int, dict[str, Any] | None] = dict.fromkeys(customers - members.keys())
        for customer, rows in members.items():
            values, provenance[customer] = golden_record(rows)
            documents[customer] = values
            old = current.get(customer)
            if (
                customer not in self._created
                and old is not None
                and old.merged_into_id is None
                and all(getattr(old, n) == values[n] for n in GOLDEN_FIELDS)
            ):
                continue  # unchanged: no write, and no new version for an agent's open copy
            values["_id"] = customer
            updates.append(values)
        self._created -= customers
        if updates:
            names = [k for k in updates[0] if k != "_id"]
            setters: dict[str, Any] = {n: sa.bindparam(n) for n in names}
            setters.update(merged_into_id=None, updated_at=now, version=customers_t.c.version + 1)
            conn.execute(
                customers_t.update().where(customers_t.c.id == sa.bindparam("_id")).values(setters),
                updates,
            )
        search.index_customers(conn, documents, members)
        return provenance


GOLDEN_FIELDS = (
    "given_name", "family_name", "company", "email", "phone_e164", "street", "postcode",
    "city", "country", "birth_date", "display_name",
)  # fmt: skip
NAME_FIELDS = frozenset({"given_name", "family_name", "company", "city", "street"})
CUSTOMER_LIMITS = {
    "given_name": 150, "family_name": 150, "company": 300, "email": 320, "phone_e164": 20,
    "street": 300, "postcode": 20, "city": 150, "country": 2, "display_name": 300,
}  # fmt: skip


def align_events(conn: Connection, ids: Sequence[int] | None = None) -> int:
    """Give the events and order lines of the records ``ids`` (all records: None) their
    record's customer where they have another one. Returns how many rows changed.

    Every record's are set when it moves (:meth:`Resolver._move_records`); this is the one
    pass the rebuild makes instead, and the repair of a rebuild cut short before it."""
    changed = 0
    if ids is not None:
        for chunk in _chunks(sorted(set(ids))):
            for table in (events_t, lines_t):
                owner = (
                    sa.select(records_t.c.customer_id)
                    .where(records_t.c.id == table.c.source_record_id)
                    .scalar_subquery()
                )
                changed += conn.execute(
                    table.update()
                    .where(
                        table.c.source_record_id.in_(chunk),
                        table.c.customer_id.is_distinct_from(owner),
                    )
                    .values(customer_id=owner)
                ).rowcount
        return changed
    if conn.dialect.name == "sqlite":
        # the records' customers in a small table of their own, and every events row read
        # once in table order ("+" keeps SQLite from walking the source_record_id index,
        # which would rewrite the table's pages in random order)
        conn.exec_driver_sql("DROP TABLE IF EXISTS temp.align_owner")
        conn.exec_driver_sql(
            "CREATE TEMPORARY TABLE align_owner (id INTEGER PRIMARY KEY, customer_id INTEGER)"
        )
        conn.exec_driver_sql(
            "INSERT INTO temp.align_owner SELECT id, customer_id FROM source_records ORDER BY id"
        )
        for name in (events_t.name, lines_t.name):
            of_record = (
                "(SELECT o.customer_id FROM temp.align_owner o"
                f" WHERE o.id = {name}.source_record_id)"
            )
            statement = (
                f"UPDATE {name} SET customer_id = {of_record} WHERE id > ? AND id <= ?"
                f" AND +{name}.source_record_id IS NOT NULL AND customer_id IS NOT {of_record}"
            )
            top = conn.exec_driver_sql(f"SELECT max(id) FROM {name}").scalar() or 0
            # a slice of the table per statement: SQLite keeps the rows an UPDATE will
            # change in memory until it changes them, gigabytes for a whole large table
            for low in range(0, top, ALIGN_SLICE):
                changed += conn.exec_driver_sql(statement, (low, low + ALIGN_SLICE)).rowcount
        conn.exec_driver_sql("DROP TABLE temp.align_owner")
        return changed
    for table in (events_t, lines_t):
        top = conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
        for low in range(0, top, ALIGN_SLICE):
            changed += conn.execute(
                table.update()
                .where(
                    table.c.id > low,
                    table.c.id <= low + ALIGN_SLICE,
                    table.c.source_record_id == records_t.c.id,
                    table.c.customer_id.is_distinct_from(records_t.c.customer_id),
                )
                .values(customer_id=records_t.c.customer_id)
            ).rowcount
    return changed


def golden_record(rows: Sequence[Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A customer's values from its records: the ERP's own record first, then the newest.
    Returns the values and, per field, the record it came from."""
    live = [r for r in rows if r.deleted_at is None] or list(rows)
    live.sort(
        key=lambda r: (
            not (r.entity == "customer" and r.erp_customer_number == r.external_id),
            -(r.source_updated_at.timestamp() if r.source_updated_at else 0.0),
            r.id,
        )
    )
    values: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    for name in GOLDEN_FIELDS:
        values[name] = None
        for r in live:
            value = r.match_phone if name == "phone_e164" else (r.payload or {}).get(name)
            if value not in (None, ""):
                values[name] = value
                provenance[name] = f"{r.source} {r.entity} {r.external_id}"
                break
        shouted = values[name]
        if name in NAME_FIELDS and isinstance(shouted, str) and shouted.isupper():
            # a legacy system's upper case: the same name as another system writes it
            key = name_key(shouted)
            for r in live:
                other = (r.payload or {}).get(name)
                if isinstance(other, str) and not other.isupper() and name_key(other) == key:
                    values[name] = other
                    provenance[name] = f"{r.source} {r.entity} {r.external_id}"
                    break
    display = " ".join(p for p in (values["given_name"], values["family_name"]) if p)
    values["display_name"] = (
        display or values["display_name"] or values["company"] or values["email"] or "(no name)"
    )
    if isinstance(values["birth_date"], str):
        try:
            values["birth_date"] = date.fromisoformat(values["birth_date"][:10])
        except ValueError:
            values["birth_date"] = None
    for name, size in CUSTOMER_LIMITS.items():
        if isinstance(values.get(name), str):
            values[name] = values[name][:size]
    return values, provenance


def resolve_pending(db: Database) -> ResolveReport:
    """What the sync engine calls after each source."""
    return Resolver(db).resolve_pending()


class ResolveError(AgentDeskError):
    pass
