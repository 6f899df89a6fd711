"""Team mode: a change on one desktop reaches the others (LISTEN/NOTIFY on PostgreSQL, polling
on SQLite), a second save from another process is refused, and presence."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from agent_desk.services import audit, changes, commitments
from agent_desk.store.database import Database
from tests.services.test_search import customer_of, desk  # noqa: F401

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_a_change_reaches_a_listening_desktop(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    heard = threading.Event()
    postgres = desk.dialect == "postgresql"
    # on PostgreSQL the notification must arrive long before a 60 s poll would
    listener = changes.ChangeListener(desk, heard.set, poll=60.0 if postgres else 0.2)
    listener.start()
    try:
        time.sleep(0.5)  # listening
        assert not heard.is_set()
        started = time.monotonic()
        commitments.create(desk, maria, "bob", kind="call_back", description="Ring back", due_at=T0)
        assert heard.wait(10), "the change was not seen"
        assert time.monotonic() - started < 5
    finally:
        listener.stop()


SECOND_DESKTOP = """
import sys
from datetime import datetime, timedelta, UTC
from agent_desk.services import commitments
from agent_desk.store.database import Database
db = Database(sys.argv[1])
commitments.renegotiate(db, int(sys.argv[2]), int(sys.argv[3]),
    datetime(2026, 12, 1, 17, tzinfo=UTC), "customer asked for next week", "bob")
"""


def test_a_second_desktop_saving_first_makes_this_save_refused(
    desk: Database,  # noqa: F811
    db_url: str,
) -> None:
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk, maria, "alice", kind="refund", description="Refund £20", due_at=T0
    )
    mine = commitments.get(desk, cid)  # alice's screen shows version 1
    result = subprocess.run(
        [sys.executable, "-c", SECOND_DESKTOP, db_url, str(cid), str(mine.version)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with pytest.raises(audit.Conflict) as refused:
        commitments.set_state(desk, cid, mine.version, "kept", "alice")
    assert refused.value.by == "bob"
    assert "changed by bob at" in str(refused.value) and "reload" in str(refused.value)
    after = commitments.get(desk, cid)
    assert (after.state, after.due_at) == ("open", datetime(2026, 12, 1, 17, tzinfo=UTC))


def test_presence_shows_the_other_agents_with_the_customer_open(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    bristol = customer_of(desk, "erp", "100007")
    changes.heartbeat(desk, "bob", [maria, bristol], now=T0)
    changes.heartbeat(desk, "alice", [maria], now=T0 + timedelta(seconds=10))
    assert [p.username for p in changes.others_on(desk, maria, "alice", now=T0)] == ["bob"]
    seen_by_bob = changes.others_on(desk, maria, "bob", now=T0 + timedelta(seconds=10))
    assert [p.username for p in seen_by_bob] == ["alice"]
    # bob closes one tab; a desktop that stopped beating is gone after 90 s
    changes.heartbeat(desk, "bob", [bristol], now=T0 + timedelta(seconds=30))
    assert changes.others_on(desk, maria, "alice", now=T0 + timedelta(seconds=30)) == []
    assert [
        p.username for p in changes.others_on(desk, bristol, "x", now=T0 + timedelta(seconds=60))
    ] == ["bob"]
    assert changes.others_on(desk, bristol, "x", now=T0 + timedelta(minutes=3)) == []
