"""One page of connector records into the store, in the caller's transaction.

Records are upserted by their key in the source: persons by (source, entity, external id),
events by (source, external id), order lines by (source, order, line). A record whose content
hash is unchanged is not written at all; a changed one is updated in place; one the source
reports as deleted gets ``deleted_at`` (it leaves the timeline) and, for events, an audit row.

Persons get their normalized match keys here (:func:`agent_desk.identity.normalize.match_keys`);
an inserted person, or one whose match keys changed, is flagged ``resolve_pending`` for identity
resolution. Events and order lines point at their person record through ``person_key``
(``entity/external_id``), so one that arrives before its person is linked when the person comes.

The work is set-based (a lookup per 500 keys, ``executemany`` inserts and updates) because a
first sync writes millions of rows: see bench/sync.py for the figures.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from agent_desk.identity.normalize import match_keys
from agent_desk.store.models import (
    AuditEntry,
    OrderLine,
    Product,
    RecordKey,
    SourceRecord,
    SyncState,
    TimelineEvent,
)
from agent_desk.store.sources import MATCH_COLUMNS, record_key_join
from agent_desk.store.types import Money, UTCDateTime
from connectors.base import EventRecord, OrderLineRecord, Page, PersonRecord, PersonRef

CHUNK = 500
MAX_REJECTIONS_KEPT = 1000  # per run; the count is always complete

records_t = cast(sa.Table, SourceRecord.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)
lines_t = cast(sa.Table, OrderLine.__table__)
state_t = cast(sa.Table, SyncState.__table__)
audit_t = cast(sa.Table, AuditEntry.__table__)
products_t = cast(sa.Table, Product.__table__)
keys_t = cast(sa.Table, RecordKey.__table__)


@dataclass
class Counts:
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, PersonRef):
        return f"{value.entity}/{value.external_id}"
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


_NATIVE = frozenset({str, int, float, bool, dict, list, type(None)})


def _plain(value: Any) -> Any:
    """A record field as JSON holds it, without the (slow) ``default`` callback."""
    if type(value) in _NATIVE:
        return value
    return _json_default(value)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _record_text(record: Any) -> str:
    """A record as canonical JSON: what is hashed (and stored, for persons)."""
    kind = type(record)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(record))
    return _dumps({n: _plain(getattr(record, n)) for n in names})


def _event_text(event: EventRecord, key: str | None, payload: str) -> str:
    """What an event's content hash covers: every field (cheaper than a JSON document)."""
    return "\x1f".join(
        (
            event.external_id,
            key or "",
            event.kind,
            event.occurred_at.isoformat(),
            event.title,
            event.category,
            event.body or "",
            "" if event.amount is None else str(event.amount),
            event.currency or "",
            event.status or "",
            event.reference or "",
            event.link or "",
            "1" if event.deleted else "0",
            payload,
        )
    )


def _dumps(doc: Any) -> str:
    return json.dumps(
        doc, sort_keys=True, default=_json_default, separators=(",", ":"), ensure_ascii=False
    )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _json_param(name: str, dialect: str) -> Any:
    """A bind parameter for JSON text made once by the writer (not serialized again)."""
    if dialect == "postgresql":
        return sa.cast(sa.bindparam(name, type_=sa.Text), JSONB)
    return sa.bindparam(name, type_=sa.Text)


def _sqlite_value(column: sa.Column[Any]) -> Callable[[Any], Any]:
    """How the store's column types write a value on SQLite, done once per column instead of
    through SQLAlchemy's per-row processing (the first sync writes millions of rows)."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        last: list[Any] = [None, None]  # a page's created_at/updated_at repeat: keep the last

        def when(v: Any) -> Any:
            if v is None:
                return None
            if v is last[0]:
                return last[1]
            if v.tzinfo is not UTC:
                if v.tzinfo is None or v.utcoffset() is None:
                    raise ValueError(f"naive datetime {v!r}: store times in UTC with a timezone")
                v = v.astimezone(UTC)
            text = v.replace(tzinfo=None).isoformat(" ", "microseconds")
            last[0], last[1] = v, text
            return text

        return when
    if isinstance(kind, Money):
        return lambda v: None if v is None else kind.process_bind_param(v, _SQLITE)
    if isinstance(kind, sa.Boolean):
        return lambda v: None if v is None else int(bool(v))
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else v.isoformat()
    return _same


def _same(value: Any) -> Any:
    return value


_SQLITE = sqlite.dialect()
_INSERTS: dict[tuple[str, tuple[str, ...]], tuple[str, list[Callable[[Any], Any]]]] = {}


def insert_many(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (all with the same keys; ``payload_json`` is ready JSON text for the
    ``payload`` column). On SQLite straight to the driver's executemany; elsewhere through
    SQLAlchemy (whose PostgreSQL insertmanyvalues batches the rows)."""
    if not rows:
        return
    keys = tuple(rows[0])
    if conn.dialect.name != "sqlite":
        if "payload_json" in keys:
            payload = _json_param("payload_json", conn.dialect.name)
            conn.execute(table.insert().values(payload=payload), rows)
        else:
            conn.execute(table.insert(), rows)
        return
    plan = _INSERTS.get((table.name, keys))
    if plan is None:
        columns = ["payload" if k == "payload_json" else k for k in keys]
        sql = (
            f'INSERT INTO "{table.name}" ({", ".join(f"{c!s}" for c in columns)}) '
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        plan = _INSERTS[(table.name, keys)] = (
            sql,
            [(lambda v: v) if k == "payload_json" else _sqlite_value(table.c[k]) for k in keys],
        )
    sql, converters = plan
    convert = [(i, f) for i, f in enumerate(converters) if f is not _same]
    values = []
    for row in rows:
        line = [row[k] for k in keys]
        for i, f in convert:
            line[i] = f(line[i])
        values.append(tuple(line))
    conn.exec_driver_sql(sql, values)


def _cut(text: str | None, size: int) -> str | None:
    if text is None:
        return None
    return text if len(text) <= size else text[: size - 1] + "…"


ADDRESS = ("match_street", "match_postcode", "match_city")


def _new_address(old: Any, new: dict[str, Any]) -> bool:
    """A known address replaced by one in another postcode or town: a move (not an address
    filled in or emptied, nor a street spelt anew)."""
    before = tuple(getattr(old, c) for c in ADDRESS)
    after = tuple(new[c] for c in ADDRESS)
    return bool(before[0] and after[0]) and before[1:] != after[1:]


def _moved(record: PersonRecord, values: dict[str, Any], now: datetime) -> EventRecord:
    """The life event "moved" for the timeline (and the cross-sell triggers)."""
    where = ", ".join(p for p in (record.street, " ".join(
        x for x in (record.postcode, record.city) if x)) if p)  # fmt: skip
    digest = _digest("|".join(str(values[c]) for c in ADDRESS))[:16]
    return EventRecord(
        external_id=f"{record.entity}/{record.external_id}/address/{digest}"[:160],
        person=PersonRef(record.entity, record.external_id),
        kind="address_changed",
        category="change",
        occurred_at=record.updated_at or now,
        title=f"Address changed: {where}"[:500] if where else "Address changed",
        payload={"street": record.street, "postcode": record.postcode, "city": record.city,
                 "country": record.country},
    )  # fmt: skip


def person_key(ref: PersonRef | None) -> str | None:
    return f"{ref.entity}/{ref.external_id}"[:200] if ref else None


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PageWriter:
    """Writes the pages of one source; keeps the little it learns between pages (a cache of
    product ids, whether events may wait for their person)."""

    def __init__(
        self,
        source: str,
        source_type: str,
        *,
        default_region: str,
        now: Callable[[], datetime],
    ) -> None:
        self.source = source
        self.source_type = source_type
        self.default_region = default_region
        self.now = now
        self._products: dict[str, int] | None = None
        self._orphans: bool | None = None  # may events/lines be waiting for their person?
        self._has_keys: bool | None = None  # has this source stored business keys?
        self._moves: list[EventRecord] = []  # address changes seen in the page's persons

    # -- the page -----------------------------------------------------------------------------
    def write(self, conn: Connection, page: Page) -> Counts:
        counts = Counts(fetched=page.size, rejected=len(page.rejections))
        now = self.now()
        if self._orphans is None:
            self._orphans = self._has_orphans(conn)
        new_persons = self._persons(conn, page.persons, counts, now)
        events, self._moves = [*page.events, *self._moves], []
        refs = {person_key(e.person) for e in events} | {
            person_key(line.person) for line in page.order_lines
        }
        refs.discard(None)
        targets = self._lookup_persons(conn, [r for r in refs if r is not None])
        if new_persons and self._orphans:
            self._adopt_orphans(conn, new_persons)
        self._events(conn, events, targets, counts, now)
        self._order_lines(conn, page.order_lines, targets, counts)
        self._business_keys(conn, events, targets, now)
        return counts

    def save_bookmark(self, conn: Connection, stream: str, bookmark: dict[str, Any]) -> None:
        now = self.now()
        done = conn.execute(
            state_t.update()
            .where(state_t.c.source == self.source, state_t.c.stream == stream)
            .values(bookmark=bookmark, last_attempt_at=now, updated_at=now)
        )
        if not done.rowcount:
            conn.execute(
                state_t.insert().values(
                    source=self.source,
                    stream=stream,
                    bookmark=bookmark,
                    last_attempt_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )

    # -- persons ------------------------------------------------------------------------------
    def _person_values(self, record: PersonRecord, now: datetime) -> dict[str, Any]:
        keys = match_keys(record, self.default_region)
        text = _record_text(record)
        display = record.display_name or " ".join(
            p for p in (record.given_name, record.family_name) if p
        )
        return {
            "source": self.source,
            "source_type": self.source_type,
            "entity": record.entity[:40],
            "external_id": record.external_id[:120],
            "display_name": _cut(display or record.company or record.email, 300),
            "match_email": _cut(keys.email, 320),
            "match_phone": _cut(keys.phone, 20),
            "match_given_name": _cut(keys.given_name, 150),
            "match_family_name": _cut(keys.family_name, 150),
            "match_postcode": _cut(keys.postcode, 20),
            "match_birth_date": keys.birth_date,
            "match_street": _cut(keys.street, 300),
            "match_city": _cut(keys.city, 150),
            "match_country": _cut(keys.country, 2),
            "match_company": _cut(keys.company, 300),
            "block_a": _cut(keys.block_a, 80),
            "block_b": _cut(keys.block_b, 80),
            "erp_customer_number": _cut(keys.erp_customer_number, 60),
            "link": _cut(record.link, 1000),
            "payload_json": text,
            "content_hash": _digest(text),
            "source_updated_at": record.updated_at,
            "deleted_at": now if record.deleted else None,
        }

    def _persons(
        self,
        conn: Connection,
        records: Sequence[PersonRecord],
        counts: Counts,
        now: datetime,
    ) -> list[tuple[str, int]]:
        """Upsert; returns (person_key, id) of the records inserted."""
        if not records:
            return []
        latest: dict[tuple[str, str], PersonRecord] = {}
        for record in records:  # a page may carry one person twice: the last one wins
            latest[(record.entity, record.external_id)] = record
        counts.unchanged += len(records) - len(latest)
        existing: dict[tuple[str, str], Any] = {}
        wanted = sorted({external for _, external in latest})
        cols = [records_t.c[n] for n in ("id", "entity", "external_id", "content_hash")]
        cols += [records_t.c[n] for n in MATCH_COLUMNS]
        for chunk in _chunks(wanted):
            rows = conn.execute(
                sa.select(*cols).where(
                    records_t.c.source == self.source, records_t.c.external_id.in_(chunk)
                )
            )
            for row in rows:
                existing[(row.entity, row.external_id)] = row
        inserts: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for key, record in latest.items():
            values = self._person_values(record, now)
            old = existing.get(key)
            if old is None:
                values.update(resolve_pending=True, created_at=now, updated_at=now)
                inserts.append(values)
                continue
            if old.content_hash == values["content_hash"]:
                counts.unchanged += 1
                continue
            if record.deleted and old.deleted_at is None:
                counts.deleted += 1
            else:
                counts.updated += 1
            if old.deleted_at is not None and record.deleted:
                values["deleted_at"] = old.deleted_at  # deleted then, not again now
            moved = any(
                (getattr(old, c) is None) != (values[c] is None)
                or (c != "deleted_at" and getattr(old, c) != values[c])
                for c in MATCH_COLUMNS
            )
            values.update(_id=old.id, updated_at=now, resolve_pending=moved)
            changed.append(values)
            if not record.deleted and _new_address(old, values):
                self._moves.append(_moved(record, values, now))
        if inserts:
            insert_many(conn, records_t, inserts)
            counts.inserted += len(inserts)
        if changed:
            skip = ("_id", "resolve_pending", "source", "payload_json")
            names = [k for k in changed[0] if k not in skip]
            setters: dict[str, Any] = {n: sa.bindparam(n) for n in names}
            setters["payload"] = _json_param("payload_json", conn.dialect.name)
            setters["resolve_pending"] = sa.or_(
                records_t.c.resolve_pending, sa.bindparam("resolve_pending")
            )
            conn.execute(
                records_t.update().where(records_t.c.id == sa.bindparam("_id")).values(setters),
                changed,
            )
        if not inserts:
            return []
        found = self._lookup_persons(conn, [f"{v['entity']}/{v['external_id']}" for v in inserts])
        return [(k, rid) for k, (rid, _) in found.items()]

    def _lookup_persons(
        self, conn: Connection, keys: Sequence[str]
    ) -> dict[str, tuple[int, int | None]]:
        """person_key -> (source record id, customer id) for the records that exist."""
        if not keys:
            return {}
        split: dict[str, set[str]] = {}
        for key in keys:
            entity, _, external = key.partition("/")
            split.setdefault(external, set()).add(entity)
        found: dict[str, tuple[int, int | None]] = {}
        externals = sorted(split)
        for chunk in _chunks(externals):
            rows = conn.execute(
                sa.select(
                    records_t.c.id,
                    records_t.c.entity,
                    records_t.c.external_id,
                    records_t.c.customer_id,
                ).where(records_t.c.source == self.source, records_t.c.external_id.in_(chunk))
            )
            for row in rows:
                if row.entity in split.get(row.external_id, ()):
                    found[f"{row.entity}/{row.external_id}"] = (row.id, row.customer_id)
        return found

    def _has_orphans(self, conn: Connection) -> bool:
        for table in (events_t, lines_t):
            hit = conn.execute(
                sa.select(table.c.id)
                .where(
                    table.c.source_record_id.is_(None),
                    table.c.source == self.source,
                    table.c.person_key.is_not(None),
                )
                .limit(1)
            ).first()
            if hit:
                return True
        return False

    def _adopt_orphans(self, conn: Connection, persons: list[tuple[str, int]]) -> None:
        """Events and order lines that came before their person now point at it."""
        params = [{"_key": key, "_rid": rid} for key, rid in persons]
        for table in (events_t, lines_t):
            conn.execute(
                table.update()
                .where(
                    table.c.source == self.source,
                    table.c.person_key == sa.bindparam("_key"),
                    table.c.source_record_id.is_(None),
                )
                .values(source_record_id=sa.bindparam("_rid")),
                params,
            )

    # -- business keys ------------------------------------------------------------------------
    def _business_keys(
        self,
        conn: Connection,
        events: Sequence[EventRecord],
        targets: dict[str, tuple[int, int | None]],
        now: datetime,
    ) -> None:
        """Store the keys the page's persons own or mention (``order:1004``), per event: an
        event's keys replace what it carried before (a corrected order field, another
        requester), a deleted event takes its keys along. The records that gain or lose a key
        are flagged for identity resolution."""
        if self._has_keys is None:
            self._has_keys = (
                conn.execute(
                    sa.select(keys_t.c.id).where(keys_t.c.source == self.source).limit(1)
                ).first()
                is not None
            )
        latest = {e.external_id[:160]: e for e in events}
        wanted: dict[tuple[str, str], tuple[str, str, str]] = {}  # (event, key) -> person, role
        for external, event in latest.items():
            if event.person is None or event.deleted:
                continue
            person = (event.person.entity[:40], event.person.external_id[:120])
            if event.owns:
                wanted[(external, event.owns[:200])] = (*person, "owns")
            for key in event.mentions:
                wanted.setdefault((external, key[:200]), (*person, "mentions"))
        if not wanted and not self._has_keys:
            return
        have: dict[tuple[str, str], tuple[int, tuple[str, str, str]]] = {}
        if self._has_keys:
            for chunk in _chunks(sorted(latest)):
                for row in conn.execute(
                    sa.select(
                        keys_t.c.id,
                        keys_t.c.event_external_id,
                        keys_t.c.key,
                        keys_t.c.entity,
                        keys_t.c.external_id,
                        keys_t.c.role,
                    ).where(keys_t.c.source == self.source, keys_t.c.event_external_id.in_(chunk))
                ):
                    have[(row.event_external_id, row.key)] = (
                        row.id,
                        (row.entity, row.external_id, row.role),
                    )
        gone = [(rid, k[1], held) for k, (rid, held) in have.items() if wanted.get(k) != held]
        new = [(k, held) for k, held in wanted.items() if k not in have or have[k][1] != held]
        if not gone and not new:
            return
        for chunk in _chunks(sorted(rid for rid, _, _ in gone)):
            conn.execute(keys_t.delete().where(keys_t.c.id.in_(chunk)))
        if new:
            conn.execute(
                keys_t.insert(),
                [
                    {
                        "source": self.source,
                        "event_external_id": event,
                        "entity": entity,
                        "external_id": external,
                        "key": key,
                        "role": role,
                        "created_at": now,
                    }
                    for (event, key), (entity, external, role) in sorted(new)
                ],
            )
            self._has_keys = True
        # whoever still holds a key that went may now be alone with its one owner: their pairs
        # are decided again (a key that came flags its holder, whose groups are then redone)
        for chunk in _chunks(sorted({key for _, key, _ in gone})):
            holders = (
                sa.select(records_t.c.id)
                .select_from(keys_t.join(records_t, record_key_join()))
                .where(keys_t.c.key.in_(chunk), records_t.c.deleted_at.is_(None))
            )
            conn.execute(
                records_t.update()
                .where(records_t.c.id.in_(holders), records_t.c.resolve_pending.is_(False))
                .values(resolve_pending=True)
            )
        persons = {f"{e}/{x}" for _, _, (e, x, _r) in gone}
        persons |= {f"{e}/{x}" for _, (e, x, _r) in new}
        found = self._lookup_persons(conn, sorted(persons - targets.keys()))
        found.update({p: targets[p] for p in persons & targets.keys()})
        flagged = sorted({rid for rid, _customer in found.values()})
        for chunk in _chunks(flagged):
            conn.execute(
                records_t.update()
                .where(records_t.c.id.in_(chunk), records_t.c.resolve_pending.is_(False))
                .values(resolve_pending=True)
            )

    # -- events -------------------------------------------------------------------------------
    def _event_values(
        self, event: EventRecord, targets: dict[str, tuple[int, int | None]], now: datetime
    ) -> dict[str, Any]:
        key = person_key(event.person)
        target = targets.get(key) if key else None
        payload = _dumps(event.payload or {})
        return {
            "source": self.source,
            "source_type": self.source_type,
            "external_id": event.external_id[:160],
            "source_record_id": target[0] if target else None,
            "person_key": key,
            "customer_id": target[1] if target else None,
            "kind": event.kind[:40],
            "category": event.category[:16],
            "occurred_at": event.occurred_at,
            "title": _cut(event.title, 500) or "",
            "body": event.body,
            "amount": event.amount,
            "currency": (event.currency or "").upper()[:3] or None,
            "status": _cut(event.status, 40),
            "reference": _cut(event.reference, 120),
            "link": _cut(event.link, 1000),
            "payload_json": payload,
            "content_hash": _digest(_event_text(event, key, payload)),
            "deleted_at": now if event.deleted else None,
        }

    def _events(
        self,
        conn: Connection,
        records: Sequence[EventRecord],
        targets: dict[str, tuple[int, int | None]],
        counts: Counts,
        now: datetime,
    ) -> None:
        if not records:
            return
        latest = {e.external_id: e for e in records}
        counts.unchanged += len(records) - len(latest)
        existing: dict[str, Any] = {}
        wanted = sorted(latest)
        for chunk in _chunks(wanted):
            rows = conn.execute(
                sa.select(
                    events_t.c.id,
                    events_t.c.external_id,
                    events_t.c.content_hash,
                    events_t.c.deleted_at,
                    events_t.c.source_record_id,
                    events_t.c.kind,
                    events_t.c.title,
                    events_t.c.occurred_at,
                ).where(events_t.c.source == self.source, events_t.c.external_id.in_(chunk))
            )
            for row in rows:
                existing[row.external_id] = row
        inserts: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        for external, event in latest.items():
            values = self._event_values(event, targets, now)
            if values["person_key"] and values["source_record_id"] is None:
                self._orphans = True
            old = existing.get(external)
            if old is None:
                values.update(created_at=now, updated_at=now)
                inserts.append(values)
                continue
            if old.content_hash == values["content_hash"]:
                counts.unchanged += 1
                continue
            if event.deleted and old.deleted_at is None:
                counts.deleted += 1
                audits.append(
                    {
                        "actor": f"sync:{self.source}"[:120],
                        "entity_type": "timeline_event",
                        "entity_id": str(old.id),
                        "action": "deleted_at_source",
                        "before": {
                            "external_id": external,
                            "kind": old.kind,
                            "title": old.title,
                            "occurred_at": old.occurred_at.isoformat(),
                        },
                        "after": None,
                        "created_at": now,
                    }
                )
            else:
                counts.updated += 1
            if event.deleted and old.deleted_at is not None:
                values["deleted_at"] = old.deleted_at
            if values["source_record_id"] is None and old.source_record_id is not None:
                values["source_record_id"] = old.source_record_id  # keep a known link
                values.pop("customer_id")
            values.update(_id=old.id, updated_at=now)
            changed.append(values)
        if inserts:
            insert_many(conn, events_t, inserts)
            counts.inserted += len(inserts)
        for group in _same_shape(changed):
            names = [k for k in group[0] if k not in ("_id", "source", "payload_json")]
            setters: dict[str, Any] = {n: sa.bindparam(n) for n in names}
            setters["payload"] = _json_param("payload_json", conn.dialect.name)
            conn.execute(
                events_t.update().where(events_t.c.id == sa.bindparam("_id")).values(setters),
                group,
            )
        if audits:
            conn.execute(audit_t.insert(), audits)

    # -- order lines --------------------------------------------------------------------------
    def _product_ids(self, conn: Connection) -> dict[str, int]:
        if self._products is None:
            self._products = {
                row.sku: row.id
                for row in conn.execute(sa.select(products_t.c.id, products_t.c.sku))
            }
        return self._products

    def _order_lines(
        self,
        conn: Connection,
        records: Sequence[OrderLineRecord],
        targets: dict[str, tuple[int, int | None]],
        counts: Counts,
    ) -> None:
        if not records:
            return
        latest = {(r.order_external_id, r.line_external_id): r for r in records}
        counts.unchanged += len(records) - len(latest)
        products = self._product_ids(conn)
        existing: dict[tuple[str, str], Any] = {}
        orders = sorted({order for order, _ in latest})
        for chunk in _chunks(orders):
            rows = conn.execute(
                sa.select(
                    lines_t.c.id,
                    lines_t.c.order_external_id,
                    lines_t.c.line_external_id,
                    lines_t.c.content_hash,
                    lines_t.c.source_record_id,
                ).where(lines_t.c.source == self.source, lines_t.c.order_external_id.in_(chunk))
            )
            for row in rows:
                existing[(row.order_external_id, row.line_external_id)] = row
        inserts: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for key, line in latest.items():
            ref = person_key(line.person)
            target = targets.get(ref) if ref else None
            if ref and target is None:
                self._orphans = True
            content = _digest(_record_text(line))
            values: dict[str, Any] = {
                "source": self.source,
                "order_external_id": line.order_external_id[:120],
                "line_external_id": line.line_external_id[:120],
                "order_reference": _cut(line.order_reference, 120),
                "customer_id": target[1] if target else None,
                "source_record_id": target[0] if target else None,
                "person_key": ref,
                "product_id": products.get(line.sku or ""),
                "sku": _cut(line.sku, 80),
                "name": _cut(line.name, 300) or "",
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "currency": (line.currency or "").upper()[:3] or None,
                "ordered_at": line.ordered_at,
                "status": _cut(line.status, 40),
                "content_hash": content,
            }
            old = existing.get(key)
            if old is None:
                values["created_at"] = self.now()
                inserts.append(values)
            elif old.content_hash == content:
                counts.unchanged += 1
            else:
                counts.updated += 1
                if target is None and old.source_record_id is not None:
                    values["source_record_id"] = old.source_record_id
                    values.pop("customer_id")
                values["_id"] = old.id
                changed.append(values)
        if inserts:
            insert_many(conn, lines_t, inserts)
            counts.inserted += len(inserts)
        for group in _same_shape(changed):
            names = [k for k in group[0] if k not in ("_id", "source")]
            conn.execute(
                lines_t.update()
                .where(lines_t.c.id == sa.bindparam("_id"))
                .values({n: sa.bindparam(n) for n in names}),
                group,
            )


def _same_shape(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """executemany needs one set of keys per statement: group the rows by their keys."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())
