"""Why records belong to a customer, read from the store: for ``agent-desk explain``, the GUI's
"merged because" and the case report; plus the journal, the open "possible same person" pairs
and the ``links --csv`` export."""

from __future__ import annotations

import csv
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.identity.decide import current_customer
from agent_desk.identity.resolver import customers_t, journal_t, links_t, records_t
from agent_desk.store.database import Database
from agent_desk.store.models import Agent

agents_t = cast(sa.Table, Agent.__table__)


@dataclass(frozen=True)
class Member:
    record_id: int
    source: str
    entity: str
    external_id: str
    name: str | None
    link: str | None
    deleted: bool
    via: int | None  # the record it joined through (None: the first)
    because: str | None  # the reason of that link
    score: float | None
    decided: str | None  # "auto (rule)" or "pinned by NAME"

    def line(self) -> str:
        head = f"{self.source} {self.entity} {self.external_id} ({self.name or 'no name'})"
        if self.deleted:
            head += " [deleted at source]"
        if self.via is None:
            return f"{head}: the first record"
        score = f", score {self.score:.1f}" if self.score else ""
        return f"{head}: {self.because} (with record {self.via}; {self.decided}{score})"


@dataclass(frozen=True)
class Possible:
    link_id: int
    record_id: int
    other_record_id: int
    other_customer_id: int | None
    other_name: str | None
    reason: str
    score: float


@dataclass(frozen=True)
class JournalLine:
    id: int
    at: datetime
    action: str
    by: str
    from_customer: int | None
    into_customer: int | None
    records: int
    reason: str | None
    undone_by: int | None

    def line(self) -> str:
        what = {
            "merge": f"merged customer {self.from_customer} into {self.into_customer}",
            "split": f"split {self.records} record(s) from customer {self.from_customer} "
            f"into {self.into_customer}",
            "undo": f"undid an entry: records back from {self.from_customer} to "
            f"{self.into_customer}",
        }.get(self.action, self.action)
        why = f" because {self.reason}" if self.reason else ""
        undone = f" [undone by #{self.undone_by}]" if self.undone_by else ""
        return f"#{self.id} {self.at:%Y-%m-%d %H:%M} {what} ({self.by}){why}{undone}"


@dataclass
class Explanation:
    asked: int
    customer_id: int
    name: str
    members: list[Member] = field(default_factory=list)
    possible: list[Possible] = field(default_factory=list)
    journal: list[JournalLine] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.asked != self.customer_id:
            out.append(f"customer {self.asked} was merged into customer {self.customer_id}")
        out.append(f"customer {self.customer_id}: {self.name}, {len(self.members)} record(s)")
        out += [f"  {m.line()}" for m in self.members]
        if self.possible:
            out.append("possible same person (confirm or reject with `agent-desk possible`):")
            for p in self.possible:
                out.append(
                    f"  link {p.link_id}: record {p.record_id} and record {p.other_record_id} "
                    f"of customer {p.other_customer_id} ({p.other_name or 'no name'}): "
                    f"{p.reason} (score {p.score:.1f})"
                )
        if self.journal:
            out.append("journal:")
            out += [f"  {j.line()}" for j in self.journal]
        return out


def _decided(row: Any, agents: dict[int, str]) -> str:
    if row.pinned:
        who = agents.get(row.decided_by_id or -1, "a person")
        return f"pinned by {who}"
    return f"auto ({row.rule})"


def explain(db: Database, customer: int) -> Explanation:
    with db.engine.connect() as conn:
        cid = current_customer(conn, customer)
        name = conn.execute(
            sa.select(customers_t.c.display_name).where(customers_t.c.id == cid)
        ).scalar_one()
        rows = conn.execute(
            sa.select(records_t).where(records_t.c.customer_id == cid).order_by(records_t.c.id)
        ).all()
        ids = [r.id for r in rows]
        agents = {
            a.id: a.username for a in conn.execute(sa.select(agents_t.c.id, agents_t.c.username))
        }
        links = (
            conn.execute(
                sa.select(links_t).where(
                    links_t.c.decision == "same",
                    links_t.c.record_a_id.in_(ids),
                    links_t.c.record_b_id.in_(ids),
                )
            ).all()
            if ids
            else []
        )
        by_record: dict[int, list[Any]] = {}
        for link in sorted(links, key=lambda k: (not k.pinned, -k.score)):
            by_record.setdefault(link.record_a_id, []).append(link)
            by_record.setdefault(link.record_b_id, []).append(link)
        # a spanning tree from the customer's ERP record (else its first record)
        order = sorted(
            rows,
            key=lambda r: (
                not (r.entity == "customer" and r.erp_customer_number == r.external_id),
                r.id,
            ),
        )
        info = {r.id: r for r in rows}
        joined: dict[int, tuple[int | None, Any]] = {}
        for start in order:
            if start.id in joined:
                continue
            joined[start.id] = (None, None)
            queue = deque([start.id])
            while queue:
                at = queue.popleft()
                for link in by_record.get(at, []):
                    other = link.record_b_id if link.record_a_id == at else link.record_a_id
                    if other not in joined:
                        joined[other] = (at, link)
                        queue.append(other)
        members = []
        for rid, (via, link) in joined.items():
            r = info[rid]
            members.append(
                Member(
                    r.id, r.source, r.entity, r.external_id, r.display_name, r.link,
                    r.deleted_at is not None, via,
                    link.reason if link is not None else None,
                    float(link.score) if link is not None and link.score else None,
                    _decided(link, agents) if link is not None else None,
                )
            )  # fmt: skip
        possible = []
        if ids:
            for link in conn.execute(
                sa.select(links_t).where(
                    links_t.c.decision == "possible",
                    links_t.c.pinned.is_(False),
                    sa.or_(links_t.c.record_a_id.in_(ids), links_t.c.record_b_id.in_(ids)),
                )
            ):
                mine, other = (
                    (link.record_a_id, link.record_b_id)
                    if link.record_a_id in info
                    else (link.record_b_id, link.record_a_id)
                )
                if other in info:
                    continue
                other_row = conn.execute(
                    sa.select(records_t.c.customer_id).where(records_t.c.id == other)
                ).first()
                other_customer = other_row.customer_id if other_row else None
                other_name = (
                    conn.execute(
                        sa.select(customers_t.c.display_name).where(
                            customers_t.c.id == other_customer
                        )
                    ).scalar()
                    if other_customer
                    else None
                )
                possible.append(
                    Possible(
                        link.id,
                        mine,
                        other,
                        other_customer,
                        other_name,
                        link.reason,
                        float(link.score),
                    )
                )
        journal = journal_lines(conn, customer=cid, agents=agents, also=customer)
        return Explanation(customer, cid, name, members, possible, journal)


def journal_lines(
    conn: Connection,
    *,
    customer: int | None = None,
    agents: dict[int, str] | None = None,
    also: int | None = None,
    limit: int = 50,
) -> list[JournalLine]:
    if agents is None:
        agents = {
            a.id: a.username for a in conn.execute(sa.select(agents_t.c.id, agents_t.c.username))
        }
    query = sa.select(journal_t).order_by(journal_t.c.id.desc()).limit(limit)
    if customer is not None:
        wanted = {customer} | ({also} if also else set())
        query = query.where(
            sa.or_(
                journal_t.c.from_customer_id.in_(wanted), journal_t.c.into_customer_id.in_(wanted)
            )
        )
    out = []
    for e in conn.execute(query):
        details = e.details or {}
        links = details.get("links") or []
        by = agents.get(e.actor_agent_id or -1) or (e.actor_rule or "rule")
        out.append(
            JournalLine(
                e.id, e.created_at, e.action, by, e.from_customer_id, e.into_customer_id,
                len(details.get("records") or []), links[0]["reason"] if links else None,
                e.undone_by_entry_id,
            )
        )  # fmt: skip
    return out


def open_possible(db: Database, limit: int = 50) -> list[tuple[Possible, int | None, str | None]]:
    """ "Possible same person" pairs still open, strongest first: (pair, customer, name)."""
    with db.engine.connect() as conn:
        a = records_t.alias("a")
        b = records_t.alias("b")
        query = (
            sa.select(links_t, a.c.customer_id.label("ca"), b.c.customer_id.label("cb"),
                      a.c.display_name.label("na"), b.c.display_name.label("nb"))
            .join(a, a.c.id == links_t.c.record_a_id)
            .join(b, b.c.id == links_t.c.record_b_id)
            .where(
                links_t.c.decision == "possible",
                links_t.c.pinned.is_(False),
                a.c.customer_id != b.c.customer_id,
                a.c.deleted_at.is_(None),
                b.c.deleted_at.is_(None),
            )
            .order_by(links_t.c.score.desc(), links_t.c.id)
            .limit(limit)
        )  # fmt: skip
        return [
            (
                Possible(r.id, r.record_a_id, r.record_b_id, r.cb, r.nb, r.reason, float(r.score)),
                r.ca,
                r.na,
            )
            for r in conn.execute(query)
        ]


def write_links_csv(db: Database, out: IO[str]) -> int:
    """``source,external_id,customer_id`` (and the entity, as external ids are unique per
    source and entity) for every source record; returns the count."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "external_id", "customer_id", "entity"])
    n = 0
    with db.engine.connect() as conn:
        result = conn.execution_options(yield_per=5000).execute(
            sa.select(
                records_t.c.source,
                records_t.c.entity,
                records_t.c.external_id,
                records_t.c.customer_id,
            ).order_by(records_t.c.source, records_t.c.entity, records_t.c.external_id)
        )
        for row in result:
            writer.writerow([row.source, row.external_id, row.customer_id or "", row.entity])
            n += 1
    return n
