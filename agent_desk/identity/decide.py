"""A person's identity decisions: merge two customers, split a record out, confirm or reject a
"possible same person", undo a journal entry.

Each decision is stored as *pinned* match links (``origin = "manual"``): a pinned ``same`` link
joins two records, a pinned ``different`` link keeps two records apart. Identity resolution never
replaces pinned links, so the decision survives every later sync and every rebuild. Every merge
and split, automatic or manual, is a merge-journal entry that can be undone; undoing writes an
``undo`` entry and pins what the undo decided.

Every operation has a preview (what moves, what survives) that changes nothing.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.identity.resolver import (
    MOVABLE,
    OWNED,
    Actor,
    Resolver,
    ResolveReport,
    customers_t,
    events_t,
    journal_t,
    lines_t,
    links_t,
    records_t,
)
from agent_desk.store import search
from agent_desk.store.models import Agent, AuditEntry
from agent_desk.store.types import utcnow

agents_t = cast(sa.Table, Agent.__table__)
audit_t = cast(sa.Table, AuditEntry.__table__)
MAX_CHAIN = 100


class IdentityError(AgentDeskError):
    """A decision that cannot be made as asked (unknown id, already merged, ...)."""


@dataclass(frozen=True)
class RecordLine:
    id: int
    source: str
    entity: str
    external_id: str
    name: str | None

    def __str__(self) -> str:
        name = self.name or "no name"
        return f"record {self.id}: {self.source} {self.entity} {self.external_id} ({name})"


@dataclass
class Preview:
    """What a decision would do, for a person to confirm."""

    action: str  # merge | split | undo
    survivor: tuple[int, str] | None  # (customer id, name) that keeps its id
    other: tuple[int, str] | None  # the customer that is merged away / split from
    records: list[RecordLine] = field(default_factory=list)  # the records that move
    events: int = 0
    order_lines: int = 0
    owned: dict[str, int] = field(default_factory=dict)  # tasks, notes... that move along

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.action == "merge" and self.survivor and self.other:
            out.append(
                f"merge customer {self.other[0]} ({self.other[1]}) into customer "
                f"{self.survivor[0]} ({self.survivor[1]}); {self.other[0]} will keep resolving "
                f"to {self.survivor[0]}"
            )
        elif self.action == "split" and self.other:
            out.append(
                f"split {len(self.records)} record(s) out of customer {self.other[0]} "
                f"({self.other[1]}) into a new customer"
            )
        else:
            out.append(f"{self.action}:")
        out += [f"  moves {r}" for r in self.records]
        out.append(f"  with {self.events:,} timeline events and {self.order_lines:,} order lines")
        for name, count in sorted(self.owned.items()):
            out.append(f"  and {count:,} {name}")
        return out


def agent_id(conn: Connection, username: str | None = None) -> int:
    """The id of the agent (made on first use): the settings' agent name or the OS user."""
    name = (username or getpass.getuser() or "agent")[:120]
    found = conn.execute(sa.select(agents_t.c.id).where(agents_t.c.username == name)).scalar()
    if found is not None:
        return int(found)
    now = utcnow()
    return int(
        conn.execute(
            agents_t.insert()
            .values(
                username=name,
                display_name=name,
                role="agent",
                active=True,
                created_at=now,
                updated_at=now,
            )
            .returning(agents_t.c.id)
        ).scalar_one()
    )


def current_customer(conn: Connection, customer: int) -> int:
    """``customer`` or, when it was merged, the customer it now resolves to."""
    seen: list[int] = []
    cid = customer
    while len(seen) < MAX_CHAIN:
        row = conn.execute(
            sa.select(customers_t.c.id, customers_t.c.merged_into_id).where(customers_t.c.id == cid)
        ).first()
        if row is None:
            raise IdentityError(f"there is no customer {customer}")
        if row.merged_into_id is None or row.merged_into_id in seen:
            return int(row.id)
        seen.append(cid)
        cid = int(row.merged_into_id)
    raise IdentityError(f"customer {customer}: the merge chain is too long")


def _name(conn: Connection, customer: int) -> str:
    return str(
        conn.execute(
            sa.select(customers_t.c.display_name).where(customers_t.c.id == customer)
        ).scalar()
        or "?"
    )


def _records(conn: Connection, customer: int, *, live: bool = True) -> list[RecordLine]:
    query = sa.select(
        records_t.c.id,
        records_t.c.source,
        records_t.c.entity,
        records_t.c.external_id,
        records_t.c.display_name,
    ).where(records_t.c.customer_id == customer)
    if live:
        query = query.where(records_t.c.deleted_at.is_(None))
    return [RecordLine(*row) for row in conn.execute(query.order_by(records_t.c.id))]


def _counts(
    conn: Connection, record_ids: list[int], customer: int | None
) -> tuple[int, int, dict[str, int]]:
    events = lines = 0
    if record_ids:
        events = int(
            conn.execute(
                sa.select(sa.func.count()).where(
                    events_t.c.source_record_id.in_(record_ids), events_t.c.deleted_at.is_(None)
                )
            ).scalar_one()
        )
        lines = int(
            conn.execute(
                sa.select(sa.func.count()).where(lines_t.c.source_record_id.in_(record_ids))
            ).scalar_one()
        )
    owned: dict[str, int] = {}
    if customer is not None:
        for name, table in OWNED.items():
            n = int(
                conn.execute(
                    sa.select(sa.func.count()).where(table.c.customer_id == customer)
                ).scalar_one()
            )
            if n:
                owned[name] = n
    return events, lines, owned


def find_record(conn: Connection, text: str) -> int:
    """A record by its id, or by ``SOURCE:EXTERNAL_ID`` (``SOURCE:ENTITY:EXTERNAL_ID``)."""
    text = text.strip()
    if text.isdigit():
        found = conn.execute(sa.select(records_t.c.id).where(records_t.c.id == int(text))).scalar()
        if found is None:
            raise IdentityError(f"there is no source record {text}")
        return int(found)
    parts = text.split(":", 2)
    if len(parts) < 2:
        raise IdentityError(
            f"not a record: {text!r} (give its id, or SOURCE:EXTERNAL_ID such as erp:100004)"
        )
    query = sa.select(records_t.c.id).where(records_t.c.source == parts[0])
    if len(parts) == 3:
        query = query.where(records_t.c.entity == parts[1], records_t.c.external_id == parts[2])
    else:
        query = query.where(records_t.c.external_id == parts[1])
    found_ids = list(conn.execute(query).scalars())
    if not found_ids:
        raise IdentityError(f"there is no source record {text}")
    if len(found_ids) > 1:
        raise IdentityError(f"{text} is ambiguous: say SOURCE:ENTITY:EXTERNAL_ID")
    return int(found_ids[0])


class Decisions:
    """The decisions a person makes; each one in one transaction, with a journal entry."""

    def __init__(self, resolver: Resolver, username: str | None = None) -> None:
        self.resolver = resolver
        self.db = resolver.db
        self.username = username

    # -- merge --------------------------------------------------------------------------------
    def _merge_sides(
        self, conn: Connection, a: int, b: int
    ) -> tuple[int, int, list[RecordLine], list[RecordLine]]:
        a, b = current_customer(conn, a), current_customer(conn, b)
        if a == b:
            raise IdentityError(f"customers {a} and {b} are already one customer ({a})")
        ra, rb = _records(conn, a), _records(conn, b)
        if not ra or not rb:
            empty = a if not ra else b
            raise IdentityError(f"customer {empty} has no source records to merge")
        # the customer with more records keeps its id (as automatic merges do)
        if (len(rb), -b) > (len(ra), -a):
            a, b, ra, rb = b, a, rb, ra
        return a, b, ra, rb

    def preview_merge(self, a: int, b: int) -> Preview:
        with self.db.engine.connect() as conn:
            keep, other, _ra, rb = self._merge_sides(conn, a, b)
            events, lines, owned = _counts(conn, [r.id for r in rb], other)
            return Preview(
                "merge",
                (keep, _name(conn, keep)),
                (other, _name(conn, other)),
                rb,
                events,
                lines,
                owned,
            )

    def merge(self, a: int, b: int) -> ResolveReport:
        with self.db.write() as conn:
            _keep, _other, ra, rb = self._merge_sides(conn, a, b)
            actor = Actor(agent_id(conn, self.username), "manual")
            ids_a, ids_b = [r.id for r in ra], [r.id for r in rb]
            # a person's earlier "different" between these two customers gives way
            conn.execute(
                links_t.delete().where(
                    links_t.c.pinned.is_(True),
                    links_t.c.decision == "different",
                    sa.or_(
                        sa.and_(links_t.c.record_a_id.in_(ids_a), links_t.c.record_b_id.in_(ids_b)),
                        sa.and_(links_t.c.record_a_id.in_(ids_b), links_t.c.record_b_id.in_(ids_a)),
                    ),
                )
            )
            # every record of both is pinned to one of them: the person said "one customer",
            # so no guard may later split off a record that belonged to either
            anchor = min(ids_a + ids_b)
            reason = f"merged by {self.who(conn, actor)}"
            pins = [
                self._pin(conn, min(anchor, r), max(anchor, r), "same", actor, reason)
                for r in ids_a + ids_b
                if r != anchor
            ]
            report = ResolveReport()
            self.resolver._recluster(conn, set(ids_a) | set(ids_b), actor, report, set())
            self._attach(conn, pins, report)
            return report

    # -- split --------------------------------------------------------------------------------
    def _split_sides(
        self, conn: Connection, record: int
    ) -> tuple[int, RecordLine, list[RecordLine]]:
        row = conn.execute(
            sa.select(records_t.c.customer_id, records_t.c.deleted_at).where(
                records_t.c.id == record
            )
        ).first()
        if row is None:
            raise IdentityError(f"there is no source record {record}")
        if row.customer_id is None:
            raise IdentityError(
                f"record {record} belongs to no customer yet (run `agent-desk resolve`)"
            )
        members = _records(conn, int(row.customer_id))
        me = next((r for r in members if r.id == record), None)
        if me is None:
            raise IdentityError(
                f"record {record} was deleted at its source; there is nothing to split"
            )
        others = [r for r in members if r.id != record]
        if not others:
            raise IdentityError(
                f"record {record} is the only record of customer {row.customer_id}: "
                "nothing to split"
            )
        return int(row.customer_id), me, others

    def preview_split(self, record: int) -> Preview:
        with self.db.engine.connect() as conn:
            customer, me, _others = self._split_sides(conn, record)
            events, lines, _ = _counts(conn, [me.id], None)
            return Preview("split", None, (customer, _name(conn, customer)), [me], events, lines)

    def split(self, record: int) -> ResolveReport:
        with self.db.write() as conn:
            _customer, me, others = self._split_sides(conn, record)
            actor = Actor(agent_id(conn, self.username), "manual")
            conn.execute(
                links_t.delete().where(
                    links_t.c.pinned.is_(True),
                    links_t.c.decision == "same",
                    sa.or_(links_t.c.record_a_id == me.id, links_t.c.record_b_id == me.id),
                )
            )
            reason = f"split by {self.who(conn, actor)}"
            pins = [
                self._pin(conn, min(me.id, o.id), max(me.id, o.id), "different", actor, reason)
                for o in others
            ]
            report = ResolveReport()
            touched = {me.id} | {o.id for o in others}
            evaluated = self.resolver._relink(conn, {me.id}, report)  # pins it had are gone
            self.resolver._recluster(conn, touched | evaluated, actor, report, set())
            self._attach(conn, pins, report)
            return report

    # -- possible same persons ----------------------------------------------------------------
    def confirm(self, link_id: int) -> ResolveReport:
        """A "possible same person" is the same person: merge their customers."""
        with self.db.engine.connect() as conn:
            row = self._possible(conn, link_id)
            a = conn.execute(
                sa.select(records_t.c.customer_id).where(records_t.c.id == row.record_a_id)
            ).scalar()
            b = conn.execute(
                sa.select(records_t.c.customer_id).where(records_t.c.id == row.record_b_id)
            ).scalar()
        if a is None or b is None:
            raise IdentityError(
                f"link {link_id}: a record has no customer yet (run `agent-desk resolve`)"
            )
        report = self.merge(int(a), int(b))
        with self.db.write() as conn:
            conn.execute(
                links_t.update()
                .where(links_t.c.id == link_id)
                .values(decision="same", pinned=True, origin="manual", updated_at=utcnow())
            )
        return report

    def reject(self, link_id: int) -> None:
        """Not the same person: pinned "different", never proposed again."""
        with self.db.write() as conn:
            self._possible(conn, link_id)
            actor = Actor(agent_id(conn, self.username), "manual")
            now = utcnow()
            conn.execute(
                links_t.update()
                .where(links_t.c.id == link_id)
                .values(
                    decision="different",
                    pinned=True,
                    origin="manual",
                    decided_by_id=actor.agent_id,
                    updated_at=now,
                )
            )
            conn.execute(
                audit_t.insert().values(
                    actor_agent_id=actor.agent_id,
                    actor=self.who(conn, actor)[:120],
                    entity_type="match_link",
                    entity_id=str(link_id),
                    action="rejected_possible_match",
                    before={"decision": "possible"},
                    after={"decision": "different"},
                    created_at=now,
                )
            )

    @staticmethod
    def _possible(conn: Connection, link_id: int) -> Any:
        row = conn.execute(sa.select(links_t).where(links_t.c.id == link_id)).first()
        if row is None:
            raise IdentityError(f"there is no match link {link_id}")
        if row.decision != "possible" or row.pinned:
            raise IdentityError(
                f'link {link_id} is not an open "possible same person" ({row.decision})'
            )
        return row

    # -- undo ---------------------------------------------------------------------------------
    def preview_undo(self, entry_id: int) -> Preview:
        with self.db.engine.connect() as conn:
            entry = self._entry(conn, entry_id)
            moved = [int(r["id"]) for r in (entry.details or {}).get("records", [])]
            lines = [
                RecordLine(int(r["id"]), r["source"], r["entity"], r["external_id"], r.get("name"))
                for r in (entry.details or {}).get("records", [])
            ]
            events, order_lines, _ = _counts(conn, moved, None)
            back = entry.from_customer_id
            return Preview(
                "undo",
                (back, _name(conn, back)) if back else None,
                (entry.into_customer_id, _name(conn, entry.into_customer_id))
                if entry.into_customer_id
                else None,
                lines,
                events,
                order_lines,
            )

    def undo(self, entry_id: int) -> int:
        """Undo a merge or split: its records go back, and it stays undone. Returns the undo
        entry's id."""
        with self.db.write() as conn:
            entry = self._entry(conn, entry_id)
            actor = Actor(agent_id(conn, self.username), "manual")
            who = self.who(conn, actor)
            now = utcnow()
            details = entry.details or {}
            moved = [int(r["id"]) for r in details.get("records", [])]
            back, went = entry.from_customer_id, entry.into_customer_id
            if back is None or went is None:
                raise IdentityError(
                    f"journal entry {entry_id} lost a customer; it cannot be undone"
                )
            # the pins the entry made give way
            conn.execute(links_t.delete().where(links_t.c.journal_entry_id == entry_id))
            live_moved = [
                r for r in moved
                if conn.execute(
                    sa.select(records_t.c.customer_id).where(records_t.c.id == r)
                ).scalar() is not None
            ]  # fmt: skip
            pins: list[int] = []
            if entry.action == "merge":
                # keep them apart from now on: what linked the moved records to the rest
                rest = [r.id for r in _records(conn, went) if r.id not in set(moved)]
                bridges = (
                    conn.execute(
                        sa.select(links_t.c.id).where(
                            links_t.c.decision == "same",
                            sa.or_(
                                sa.and_(
                                    links_t.c.record_a_id.in_(moved),
                                    links_t.c.record_b_id.in_(rest),
                                ),
                                sa.and_(
                                    links_t.c.record_a_id.in_(rest),
                                    links_t.c.record_b_id.in_(moved),
                                ),
                            ),
                        )
                    )
                    .scalars()
                    .all()
                )
                for link in bridges:
                    conn.execute(
                        links_t.update()
                        .where(links_t.c.id == link)
                        .values(
                            decision="different",
                            pinned=True,
                            origin="manual",
                            decided_by_id=actor.agent_id,
                            reason=f"merge #{entry_id} undone by {who}"[:500],
                            updated_at=now,
                        )
                    )
                    pins.append(int(link))
            # the records (and what an agent attached) go back
            conn.execute(
                customers_t.update()
                .where(customers_t.c.id == back)
                .values(merged_into_id=None, updated_at=now, version=customers_t.c.version + 1)
            )
            self.resolver._move_records(conn, live_moved, back)
            for name, ids in (details.get("owned_moved") or {}).items():
                table = MOVABLE.get(name)
                if table is not None and ids:
                    conn.execute(table.update().where(table.c.id.in_(ids)).values(customer_id=back))
            undo_id = int(
                conn.execute(
                    journal_t.insert()
                    .values(
                        action="undo",
                        actor_agent_id=actor.agent_id,
                        actor_rule="manual",
                        from_customer_id=went,
                        into_customer_id=back,
                        details={"undoes": entry_id, "records": details.get("records", [])},
                        created_at=now,
                    )
                    .returning(journal_t.c.id)
                ).scalar_one()
            )
            conn.execute(
                journal_t.update()
                .where(journal_t.c.id == entry_id)
                .values(undone_at=now, undone_by_entry_id=undo_id)
            )
            if pins:
                conn.execute(
                    links_t.update().where(links_t.c.id.in_(pins)).values(journal_entry_id=undo_id)
                )
            # an emptied split-off customer resolves to the one it came from
            if entry.action == "split" and not _records(conn, went, live=False):
                conn.execute(
                    customers_t.update()
                    .where(customers_t.c.id == went)
                    .values(merged_into_id=back, updated_at=now, version=customers_t.c.version + 1)
                )
            report = ResolveReport()
            touched = (
                set(live_moved)
                | {r.id for r in _records(conn, back)}
                | {r.id for r in _records(conn, went)}
            )
            # links the entry's pins had replaced are computed again
            evaluated = self.resolver._relink(conn, touched, report)
            self.resolver._recluster(conn, touched | evaluated, actor, report, touched)
            search.reindex(conn, {back, went})
            return undo_id

    @staticmethod
    def _entry(conn: Connection, entry_id: int) -> Any:
        entry = conn.execute(sa.select(journal_t).where(journal_t.c.id == entry_id)).first()
        if entry is None:
            raise IdentityError(f"there is no journal entry {entry_id}")
        if entry.action not in ("merge", "split"):
            raise IdentityError(
                f"journal entry {entry_id} is an {entry.action}; undo the merge or split itself"
            )
        if entry.undone_at is not None:
            raise IdentityError(
                f"journal entry {entry_id} was already undone (by entry {entry.undone_by_entry_id})"
            )
        return entry

    # -- helpers ------------------------------------------------------------------------------
    def who(self, conn: Connection, actor: Actor) -> str:
        if actor.agent_id is None:
            return "a rule"
        return str(
            conn.execute(
                sa.select(agents_t.c.username).where(agents_t.c.id == actor.agent_id)
            ).scalar()
        )

    def _pin(
        self, conn: Connection, a: int, b: int, decision: str, actor: Actor, reason: str
    ) -> int:
        now = utcnow()
        existing = conn.execute(
            sa.select(links_t.c.id).where(links_t.c.record_a_id == a, links_t.c.record_b_id == b)
        ).scalar()
        values = {
            "rule": "manual",
            "score": 0.0,
            "reason": reason[:500],
            "origin": "manual",
            "decision": decision,
            "pinned": True,
            "decided_by_id": actor.agent_id,
            "updated_at": now,
        }
        if existing is not None:
            conn.execute(links_t.update().where(links_t.c.id == existing).values(values))
            return int(existing)
        return int(
            conn.execute(
                links_t.insert()
                .values(record_a_id=a, record_b_id=b, created_at=now, **values)
                .returning(links_t.c.id)
            ).scalar_one()
        )

    @staticmethod
    def _attach(conn: Connection, links: list[int], report: ResolveReport) -> None:
        """The pins belong to the journal entry the decision made (so its undo removes them)."""
        if report.journal and links:
            conn.execute(
                links_t.update()
                .where(links_t.c.id.in_(links))
                .values(journal_entry_id=report.journal[0])
            )
