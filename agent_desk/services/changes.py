"""What one desktop changes, the others see within seconds; and who has which customer open.

**Changes.** Every audited change (tasks, commitments, preferences) and every call or note an
agent logs is announced: on PostgreSQL with ``NOTIFY agent_desk_changes`` in the transaction
that makes it (delivered when it commits), and on every database by the rows it leaves (the
audit log's and the desk events' highest ids), which :class:`ChangeListener` also polls, so a
lost connection or SQLite still gets there, a few seconds later.

**Presence.** An open customer tab leaves a heartbeat row (agent, customer, time) that the
desktop renews; :func:`others_on` lists the other agents whose heartbeat is recent, so two
agents do not call the same customer back about the same promise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.identity.decide import agent_id
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, AgentPresence, AuditEntry, TimelineEvent
from agent_desk.store.types import utcnow

log = logging.getLogger(__name__)
CHANNEL = "agent_desk_changes"
DESK = "desk"
PRESENCE_FRESH = timedelta(seconds=90)  # a heartbeat older than this: the tab was closed
audit_t = cast(sa.Table, AuditEntry.__table__)
events_t = cast(sa.Table, TimelineEvent.__table__)
presence_t = cast(sa.Table, AgentPresence.__table__)
agents_t = cast(sa.Table, Agent.__table__)


def announce(conn: Connection, what: str) -> None:
    """Tell the other desktops (PostgreSQL: on commit; elsewhere their polling finds it)."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_notify(CHANNEL, what[:200])))


def watermark(conn: Connection) -> tuple[int, int]:
    """The newest audited change and the newest call or note: a change moves either."""
    audit = conn.execute(sa.select(sa.func.max(audit_t.c.id))).scalar() or 0
    desk = (
        conn.execute(
            sa.select(sa.func.max(events_t.c.id)).where(events_t.c.source == DESK)
        ).scalar()
        or 0
    )
    return int(audit), int(desk)


class ChangeListener:
    """Calls ``on_change`` (on its own thread) when another desktop changed something: at
    once on PostgreSQL (LISTEN: every notification heard counts), else within ``poll``
    seconds (the watermark moved). ``stop`` asks it to end and returns at once."""

    def __init__(self, db: Database, on_change: Callable[[], None], *, poll: float = 3.0) -> None:
        self.db, self.on_change, self.poll = db, on_change, poll
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-listener", daemon=True)
        self._seen: tuple[int, int] | None = None  # read on the thread, never the GUI's

    def start(self) -> None:
        self._thread.start()

    def stop(self, wait: float = 0.0) -> None:
        """Stop listening; ``wait``: how long to wait for the thread (it ends on its own
        within ``poll`` seconds and calls nothing after this)."""
        self._stop.set()
        if wait:
            self._thread.join(timeout=wait)

    def _changed(self) -> bool:
        """Whether the watermark moved since the last look (the first look sets it)."""
        try:
            with self.db.engine.connect() as conn:
                now = watermark(conn)
        except Exception:  # the database is away for a moment: try again next round
            log.debug("change poll failed", exc_info=True)
            return False
        before, self._seen = self._seen, now
        return before is not None and now != before

    def _tell(self) -> None:
        if self._stop.is_set():
            return
        try:
            self.on_change()
        except RuntimeError:  # the receiver is gone (the window closed meanwhile)
            self._stop.set()

    def _run(self) -> None:
        self._changed()  # the starting point
        listener = self._listen() if self.db.dialect == "postgresql" else None
        try:
            while not self._stop.is_set():
                heard = False
                if listener is not None:
                    try:
                        heard = any(
                            True for _ in listener.notifies(timeout=self.poll, stop_after=1)
                        )
                        if heard:  # a burst of changes is one refresh
                            for _ in listener.notifies(timeout=0.2):
                                pass
                    except Exception:
                        log.info("change notifications lost; polling instead", exc_info=True)
                        listener.close()
                        listener = None
                else:
                    self._stop.wait(self.poll)
                if self._stop.is_set():
                    break
                # a notification is a change even when the ids say nothing (transactions
                # commit out of id order); the ids catch what no notification told
                if self._changed() or heard:
                    self._tell()
        finally:
            if listener is not None:
                listener.close()

    def _listen(self) -> Any:
        try:
            import psycopg

            url = self.db.engine.url.set(drivername="postgresql")
            conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
            conn.execute(f"LISTEN {CHANNEL}")
            return conn
        except Exception:
            log.info("cannot LISTEN for changes; polling instead", exc_info=True)
            return None


# -- presence -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Presence:
    agent: str  # display name
    username: str
    since: datetime  # the first heartbeat of this stretch


def heartbeat(
    db: Database, username: str, customers: Iterable[int], now: datetime | None = None
) -> None:
    """This agent has exactly these customers open now (the others' rows go)."""
    now = now or utcnow()
    wanted = sorted(set(customers))
    with db.write() as conn:
        me = agent_id(conn, username)
        conn.execute(
            presence_t.delete().where(
                presence_t.c.agent_id == me,
                sa.or_(
                    presence_t.c.customer_id.not_in(wanted),
                    presence_t.c.seen_at < now - PRESENCE_FRESH,
                ),
            )
            if wanted
            else presence_t.delete().where(presence_t.c.agent_id == me)
        )
        have = set(
            conn.execute(
                sa.select(presence_t.c.customer_id).where(presence_t.c.agent_id == me)
            ).scalars()
        )
        if have:
            conn.execute(
                presence_t.update()
                .where(presence_t.c.agent_id == me, presence_t.c.customer_id.in_(sorted(have)))
                .values(seen_at=now)
            )
        new = [c for c in wanted if c not in have]
        if new:
            conn.execute(
                presence_t.insert(),
                [
                    {"agent_id": me, "customer_id": c, "seen_at": now, "created_at": now}
                    for c in new
                ],
            )


def others_on(
    db: Database, customer_id: int, username: str, now: datetime | None = None
) -> list[Presence]:
    """The other agents who have this customer open right now."""
    now = now or utcnow()
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(agents_t.c.display_name, agents_t.c.username, presence_t.c.created_at)
            .select_from(presence_t.join(agents_t, agents_t.c.id == presence_t.c.agent_id))
            .where(
                presence_t.c.customer_id == customer_id,
                presence_t.c.seen_at >= now - PRESENCE_FRESH,
                agents_t.c.username != username,
            )
            .order_by(presence_t.c.created_at)
        ).all()
    return [Presence(r.display_name, r.username, r.created_at) for r in rows]
