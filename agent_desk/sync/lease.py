"""One sync of a source at a time, across processes and machines sharing one database.

A lease row in ``sync_leases`` names the holder (host, pid, a random token) and an expiry the
holder keeps pushing forward: every page it commits checks and renews the lease *in the page's
own transaction* (a holder that lost its lease writes nothing), and a heartbeat thread renews it
while a connector waits (rate limits). A lease may be taken over when it expired, or at once when
its holder ran on this host and its process no longer exists (killed, crashed).

On PostgreSQL a session advisory lock on a connection held for the whole run guards the source
too: the server releases it the moment the holder's connection drops, so a dead holder on
another machine frees the source immediately, not only after the expiry.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.store.database import Database
from agent_desk.store.models import SyncLease
from agent_desk.store.types import utcnow

leases_t = cast(sa.Table, SyncLease.__table__)
log = logging.getLogger(__name__)
HOST = socket.gethostname()[:200]


class SourceBusy(AgentDeskError):
    """Another live process is syncing this source."""


class LeaseLost(AgentDeskError):
    """The lease ran out and another process took the source over: stop writing."""


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SourceLease:
    def __init__(
        self,
        db: Database,
        source: str,
        *,
        seconds: float = 120.0,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.source = source
        self.seconds = seconds
        self.now = now
        self.pid = os.getpid()
        self.holder = f"{HOST} {self.pid} {secrets.token_hex(4)}"[:200]
        self._advisory: Connection | None = None
        self._advisory_key = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.lost = False

    # -- acquire / release --------------------------------------------------------------------
    def acquire(self) -> None:
        """Take the source or raise :class:`SourceBusy` saying who has it."""
        if self.db.dialect == "postgresql":
            self._advisory_lock()
        try:
            with self.db.write() as conn:
                row = conn.execute(
                    sa.select(leases_t).where(leases_t.c.source == self.source).with_for_update()
                ).first()
                now = self.now()
                values = {
                    "holder": self.holder,
                    "host": HOST,
                    "pid": self.pid,
                    "acquired_at": now,
                    "expires_at": now + timedelta(seconds=self.seconds),
                }
                if row is None:
                    conn.execute(leases_t.insert().values(source=self.source, **values))
                elif self._may_take(row, now):
                    conn.execute(
                        leases_t.update().where(leases_t.c.source == self.source).values(values)
                    )
                else:
                    raise SourceBusy(
                        f"{self.source}: being synced by process {row.pid} on {row.host} "
                        f"since {row.acquired_at:%Y-%m-%d %H:%M:%S} UTC"
                    )
        except BaseException:
            self._drop_advisory()
            raise
        self._thread = threading.Thread(
            target=self._heartbeat, name=f"lease:{self.source}", daemon=True
        )
        self._thread.start()

    def _may_take(self, row: sa.Row[tuple[object, ...]], now: datetime) -> bool:
        if row.holder == self.holder or row.expires_at <= now:
            return True
        if self._advisory is not None:
            return True  # the server says the old holder's connection is gone
        return row.host == HOST and not _process_alive(int(row.pid))

    def _advisory_lock(self) -> None:
        conn = self.db.engine.connect()
        try:
            # advisory locks are per database: the schema keeps two stores in one apart
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar()
            key = zlib.crc32(f"agent-desk sync {schema} {self.source}".encode()) - 2**31
            self._advisory_key = key
            got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            conn.commit()
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            holder = self._describe_holder()
            raise SourceBusy(f"{self.source}: being synced by {holder}")
        self._advisory = conn

    def _describe_holder(self) -> str:
        with self.db.engine.connect() as conn:
            row = conn.execute(sa.select(leases_t).where(leases_t.c.source == self.source)).first()
        if row is None:
            return "another process"
        return f"process {row.pid} on {row.host} since {row.acquired_at:%Y-%m-%d %H:%M:%S} UTC"

    def _drop_advisory(self) -> None:
        if self._advisory is not None:
            conn, self._advisory = self._advisory, None
            try:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": self._advisory_key})
                conn.commit()
            except Exception:  # a broken connection: the server dropped the lock with it
                conn.invalidate()
            finally:
                conn.close()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            with self.db.write() as conn:
                conn.execute(
                    leases_t.delete().where(
                        leases_t.c.source == self.source, leases_t.c.holder == self.holder
                    )
                )
        except Exception:  # the lease expires on its own; never mask the run's outcome
            log.warning("%s: could not release the sync lease", self.source, exc_info=True)
        finally:
            self._drop_advisory()

    def __enter__(self) -> SourceLease:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    # -- keeping it ---------------------------------------------------------------------------
    def confirm(self, conn: Connection) -> None:
        """In a page's transaction: still ours? Renew it, or raise :class:`LeaseLost`."""
        done = conn.execute(
            leases_t.update()
            .where(leases_t.c.source == self.source, leases_t.c.holder == self.holder)
            .values(expires_at=self.now() + timedelta(seconds=self.seconds))
        )
        if done.rowcount != 1:
            self.lost = True
            raise LeaseLost(
                f"{self.source}: another process took over this sync (the lease ran out); "
                "stopped without writing the last page"
            )

    def _heartbeat(self) -> None:
        interval = max(1.0, self.seconds / 4)
        while not self._stop.wait(interval):
            try:
                with self.db.write() as conn:
                    self.confirm(conn)
            except LeaseLost:
                log.warning("%s: the sync lease was taken over", self.source)
                return
            except Exception:  # a busy database: try again at the next beat
                log.debug("%s: lease renewal failed", self.source, exc_info=True)
