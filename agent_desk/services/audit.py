"""The audit trail of agents' work items, and the optimistic lock that guards them.

Every change to a task or a commitment writes one ``audit_log`` row (who, when, the fields
before and after) in the transaction that makes it. A save names the version it was based
on; when another desktop saved first, the save is refused with :class:`Conflict` ("changed
by X at 10:42, reload?") instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import fmt, translate
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, AuditEntry

audit_t = cast(sa.Table, AuditEntry.__table__)
agents_t = cast(sa.Table, Agent.__table__)
SYSTEM = "system"  # the actor of changes the clock or a sync makes


class Conflict(AgentDeskError):
    """Somebody else saved the item after this copy of it was read."""

    def __init__(self, what: str, by: str | None, at: datetime | None) -> None:
        self.what, self.by, self.at = what, by, at
        who = by or translate("Conflict", "somebody else")
        if at is None:
            text = translate(
                "Conflict",
                "{what} was changed by {who} after you opened it: "
                "reload it to see the change, then make yours again",
            ).format(what=what, who=who)
        else:
            text = translate(
                "Conflict",
                "{what} was changed by {who} at {time} on {day} after you opened it: "
                "reload it to see the change, then make yours again",
            ).format(what=what, who=who, time=fmt().time(at), day=fmt().day_month(at))
        super().__init__(text)


def plain(value: Any) -> Any:
    """A value as the audit log keeps it (JSON)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(row: Row[Any] | Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    data = row._mapping if isinstance(row, Row) else row
    return {f: plain(data.get(f)) for f in fields}


def write(
    conn: Connection,
    *,
    actor: str,
    actor_id: int | None,
    entity: str,
    entity_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: datetime,
) -> None:
    """One audit row; ``before``/``after`` keep only the fields that changed (all on create)."""
    if before is not None and after is not None:
        changed = [k for k in after if before.get(k) != after[k]]
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    from agent_desk.services.changes import announce

    announce(conn, f"{entity}:{entity_id}:{action}")
    conn.execute(
        audit_t.insert().values(
            actor_agent_id=actor_id,
            actor=actor[:120],
            entity_type=entity,
            entity_id=str(entity_id),
            action=action,
            before=before,
            after=after,
            created_at=at,
        )
    )


def last_change(
    conn: Connection, entity: str, entity_id: int
) -> tuple[str | None, datetime | None]:
    """Who made the latest audited change to the item, and when."""
    row = conn.execute(
        sa.select(audit_t.c.actor_agent_id, audit_t.c.actor, audit_t.c.created_at)
        .where(audit_t.c.entity_type == entity, audit_t.c.entity_id == str(entity_id))
        .order_by(audit_t.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    name = row.actor
    if row.actor_agent_id is not None:
        name = (
            conn.execute(
                sa.select(agents_t.c.display_name).where(agents_t.c.id == row.actor_agent_id)
            ).scalar()
            or name
        )
    return name, row.created_at


def locked_row(
    conn: Connection, table: sa.Table, row_id: int, version: int | None, what: str, entity: str
) -> Row[Any]:
    """The item as stored, refused with :class:`Conflict` when it is no longer at ``version``
    (None: the caller does not edit a copy, e.g. the clock or a bulk action on fresh ids)."""
    query = sa.select(table).where(table.c.id == row_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()  # the check and the update see the same row
    row = conn.execute(query).first()
    if row is None:
        raise AgentDeskError(
            translate("audit", "{what} no longer exists (deleted by somebody else?)").format(
                what=what
            )
        )
    if version is not None and row.version != version:
        by, at = last_change(conn, entity, row_id)
        raise Conflict(what, by, at)
    return row


def create(
    conn: Connection,
    table: sa.Table,
    values: Mapping[str, Any],
    *,
    entity: str,
    fields: tuple[str, ...],
    actor: str,
    actor_id: int | None,
    now: datetime,
) -> int:
    """Insert one row and audit its creation, in the caller's transaction. Returns its id."""
    new_id = int(conn.execute(table.insert().values(values).returning(table.c.id)).scalar_one())
    write(
        conn, actor=actor, actor_id=actor_id, entity=entity, entity_id=new_id, action="create",
        before=None, after=snapshot(values, fields), at=now,
    )  # fmt: skip
    return new_id


def save(
    conn: Connection,
    table: sa.Table,
    row_id: int,
    version: int | None,
    values: Mapping[str, Any],
    *,
    what: str,
    entity: str,
    fields: tuple[str, ...],
    actor: str,
    actor_id: int | None,
    action: str,
    now: datetime,
    still: Callable[[Row[Any]], bool] | None = None,
    annotate: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
) -> Row[Any] | None:
    """Change one versioned row and audit it, in the caller's transaction: refused with
    :class:`Conflict` when it is no longer at ``version``. ``still``: a condition checked
    again on the locked row (the clock's own changes); ``annotate`` adds to the audit's before
    and after. Returns the row as it was, or None when nothing changed."""
    row = locked_row(conn, table, row_id, version, what, entity)
    if still is not None and not still(row):
        return None
    before = snapshot(row, fields)
    after = {**before, **{k: plain(v) for k, v in values.items()}}
    if after == before:
        return None
    if annotate is not None:
        annotate(before, after)
    result = conn.execute(
        table.update()
        .where(table.c.id == row_id, table.c.version == row.version)
        .values(**values, updated_at=now, version=row.version + 1)
    )
    if result.rowcount != 1:  # another desktop got in between (SQLite: cannot, it queues)
        by, at = last_change(conn, entity, row_id)
        raise Conflict(what, by, at)
    write(
        conn, actor=actor, actor_id=actor_id, entity=entity, entity_id=row_id, action=action,
        before=before, after=after, at=now,
    )  # fmt: skip
    return row


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def describe(self) -> str:
        """``due_at: 2026-11-27T17:00 → 2026-11-30T17:00; state: open → kept``"""
        if self.before is None:
            return ", ".join(f"{k}: {v}" for k, v in (self.after or {}).items() if v is not None)
        return "; ".join(
            f"{k}: {(self.before or {}).get(k)} → {v}" for k, v in (self.after or {}).items()
        )


def trail(db: Database, entity: str, entity_id: int) -> list[AuditLine]:
    """Every audited change of one item, oldest first (shown per item in the app)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                audit_t.c.created_at,
                audit_t.c.actor,
                audit_t.c.action,
                audit_t.c.before,
                audit_t.c.after,
                agents_t.c.display_name,
            )
            .select_from(audit_t.outerjoin(agents_t, agents_t.c.id == audit_t.c.actor_agent_id))
            .where(audit_t.c.entity_type == entity, audit_t.c.entity_id == str(entity_id))
            .order_by(audit_t.c.id)
        ).all()
    return [
        AuditLine(r.created_at, r.display_name or r.actor, r.action, r.before, r.after)
        for r in rows
    ]
