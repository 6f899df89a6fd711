"""Commitments and tasks on SQLite and PostgreSQL: kept by synced evidence, overdue then broken
by the clock, renegotiated with history, cadence tasks, audit rows, version conflicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from agent_desk.errors import AgentDeskError
from agent_desk.identity.resolver import Resolver
from agent_desk.services import audit, commitments, tasks
from agent_desk.services.commitments import Expectation
from agent_desk.store.database import Database
from agent_desk.store.models import AuditEntry, Customer
from connectors.base import EventRecord, PersonRef
from tests.resolve.test_resolver import put
from tests.services.test_search import customer_of, desk, person  # noqa: F401

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday
LONDON = ZoneInfo("Europe/London")


def refund(
    at: datetime, ref: str = "#1004", external: str = "order/5551004/refund/1"
) -> EventRecord:
    return EventRecord(
        external_id=external,
        kind="order_refunded",
        occurred_at=at,
        title=f"Refund on order {ref}",
        person=PersonRef("customer", "6812001"),
        reference=ref,
        category="commercial",
    )


def sync_event(db: Database, event: EventRecord) -> None:
    put(
        db,
        "shop",
        person("6812001", "Maria", "García-López", email="Maria.Garcia@example.com"),
        events=(event,),
    )
    Resolver(db).resolve_pending()


def audit_actions(db: Database, entity: str, entity_id: int) -> list[str]:
    t = AuditEntry.__table__
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                sa.select(t.c.action)
                .where(t.c.entity_type == entity, t.c.entity_id == str(entity_id))
                .order_by(t.c.id)
            ).scalars()
        )


def test_a_synced_refund_keeps_the_promise_with_the_event_as_evidence(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk,
        maria,
        "alice",
        kind="refund",
        description="Refund €25 for the broken kettle",
        due_at=T0 + timedelta(days=4),
        channel="email",
        expected=Expectation("order_refunded", "#1004"),
        now=T0,
    )
    # a refund on another order, and one from before the promise, prove nothing
    sync_event(desk, refund(T0 - timedelta(days=1), external="order/5551004/refund/0"))
    sync_event(desk, refund(T0 + timedelta(hours=1), ref="#1005", external="order/5551005/r/1"))
    assert not commitments.review(desk, now=T0 + timedelta(hours=2))
    assert commitments.get(desk, cid, now=T0).status == "open"

    sync_event(desk, refund(T0 + timedelta(days=1)))
    report = commitments.review(desk, now=T0 + timedelta(days=1, hours=1))

    assert report.kept == [cid]
    view = commitments.get(desk, cid, now=T0 + timedelta(days=2))
    assert (view.state, view.status) == ("kept", "kept")
    assert view.closed_at == T0 + timedelta(days=1)
    assert view.evidence_event_id is not None
    lines = commitments.history(desk, cid)
    assert [(h.old_state, h.new_state) for h in lines] == [(None, "open"), ("open", "kept")]
    assert lines[-1].reason == "kept: Refund on order #1004" and lines[-1].actor == "system"
    assert audit_actions(desk, "commitment", cid) == ["create", "keep"]
    assert not commitments.review(desk, now=T0 + timedelta(days=3))  # kept once


def test_overdue_then_broken_by_the_clock_then_kept_late(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    due = T0 + timedelta(days=1)
    cid = commitments.create(
        desk,
        maria,
        "alice",
        kind="refund",
        description="Refund the delivery fee",
        due_at=due,
        expected=Expectation("order_refunded", "#1004"),
        now=T0,
    )
    assert commitments.get(desk, cid, now=due - timedelta(minutes=1)).status == "open"
    assert commitments.get(desk, cid, now=due + timedelta(minutes=1)).status == "overdue"
    assert [
        c.id for c in commitments.listing(desk, now=due + timedelta(hours=1), overdue=True)
    ] == [cid]
    grace = timedelta(hours=24)
    assert not commitments.review(desk, now=due + timedelta(hours=23), grace=grace)
    report = commitments.review(desk, now=due + timedelta(hours=25), grace=grace)
    assert report.broken == [cid]
    view = commitments.get(desk, cid, now=due + timedelta(hours=25))
    assert view.status == "broken"
    assert commitments.history(desk, cid)[-1].reason == "not kept within 1 day of the due time"
    # the refund comes after all: kept, late
    sync_event(desk, refund(due + timedelta(days=3)))
    assert commitments.review(desk, now=due + timedelta(days=3, hours=1)).kept == [cid]
    assert commitments.get(desk, cid, now=due + timedelta(days=4)).status == "kept late"


def test_renegotiating_keeps_the_old_date_and_the_reason(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk, maria, "alice", kind="call_back", description="Call back", due_at=T0, now=T0
    )
    with pytest.raises(AgentDeskError, match="say why"):
        commitments.renegotiate(desk, cid, 1, T0 + timedelta(days=2), "  ", "alice")
    commitments.renegotiate(
        desk, cid, 1, T0 + timedelta(days=2), "customer away until Wednesday", "alice", now=T0
    )
    last = commitments.history(desk, cid)[-1]
    assert (last.old_due_at, last.new_due_at) == (T0, T0 + timedelta(days=2))
    assert last.reason == "customer away until Wednesday"
    assert commitments.get(desk, cid, now=T0).due_at == T0 + timedelta(days=2)
    with pytest.raises(AgentDeskError, match="say why the commitment is cancelled"):
        commitments.set_state(desk, cid, 2, "cancelled", "alice")
    commitments.set_state(desk, cid, 2, "cancelled", "alice", reason="customer withdrew")
    assert audit_actions(desk, "commitment", cid) == ["create", "renegotiate", "cancel"]
    with pytest.raises(AgentDeskError, match="reopen it first"):
        commitments.renegotiate(desk, cid, 3, T0 + timedelta(days=5), "again", "alice")


def test_a_second_save_on_an_old_copy_is_refused_with_who_and_when(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk, maria, "alice", kind="visit", description="Engineer visit", due_at=T0, now=T0
    )
    copy_alice = commitments.get(desk, cid)
    copy_bob = commitments.get(desk, cid)
    commitments.renegotiate(
        desk, cid, copy_alice.version, T0 + timedelta(days=1), "engineer ill", "alice"
    )
    with pytest.raises(audit.Conflict) as caught:
        commitments.set_state(desk, cid, copy_bob.version, "kept", "bob")
    assert caught.value.by == "alice" and "reload" in str(caught.value)
    assert commitments.get(desk, cid).state == "open"  # nothing overwritten


def test_cadence_creates_one_update_task_every_n_days_until_kept(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk,
        maria,
        "alice",
        kind="replacement",
        description="Replacement kettle",
        due_at=T0 + timedelta(days=10),
        channel="phone",
        update_every_days=2,
        now=T0,
    )
    assert not commitments.review(desk, now=T0 + timedelta(days=1))
    first = commitments.review(desk, now=T0 + timedelta(days=2))
    assert len(first.update_tasks) == 1
    assert not commitments.review(desk, now=T0 + timedelta(days=3))  # one open at a time
    (task,) = [
        t for t in tasks.my_day(desk, "alice", now=T0 + timedelta(days=3)) if t.origin == "cadence"
    ]
    assert task.commitment_id == cid and task.title.startswith("Update the customer by phone")
    assert task.context.startswith("Replacement: Replacement kettle")
    tasks.complete(desk, task.id, task.version, "alice", now=T0 + timedelta(days=3))
    assert not commitments.review(desk, now=T0 + timedelta(days=4, hours=23))
    assert len(commitments.review(desk, now=T0 + timedelta(days=5)).update_tasks) == 1
    commitments.set_state(desk, cid, None, "kept", "alice", now=T0 + timedelta(days=5))
    assert not commitments.review(desk, now=T0 + timedelta(days=9))


def test_tasks_queue_buckets_snooze_reminders_and_audit(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    now = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    late = tasks.create(desk, "alice", "Send the form", due_at=now - timedelta(hours=2), now=now)
    today = tasks.create(
        desk,
        "alice",
        "Call Maria back",
        customer_id=maria,
        due_at=now + timedelta(hours=3),
        remind_at=now + timedelta(hours=2),
        priority="high",
        now=now,
    )
    later = tasks.create(desk, "alice", "Check stock", due_at=now + timedelta(days=2), now=now)
    tasks.create(desk, "bob", "Bob's own", due_at=now, now=now)
    queue = tasks.my_day(desk, "alice", now=now, tz=LONDON)
    assert [(t.id, t.bucket) for t in queue] == [
        (late, "overdue"),
        (today, "today"),
        (later, "upcoming"),
    ]
    assert queue[1].customer_name == "María García"
    # the reminder is raised once, when it falls due
    assert tasks.due_reminders(desk, "alice", now=now + timedelta(hours=1)) == []
    assert [t.id for t in tasks.due_reminders(desk, "alice", now=now + timedelta(hours=2))] == [
        today
    ]
    assert tasks.due_reminders(desk, "alice", now=now + timedelta(hours=2, minutes=1)) == []
    # snoozed: out of the way, and reminded again when it wakes
    version = tasks.get(desk, today).version
    tasks.snooze(
        desk, today, version, now + timedelta(hours=4), "alice", now=now + timedelta(hours=2)
    )
    assert (
        tasks.my_day(desk, "alice", now=now + timedelta(hours=3), tz=LONDON)[-1].bucket == "snoozed"
    )
    assert [t.id for t in tasks.due_reminders(desk, "alice", now=now + timedelta(hours=4))] == [
        today
    ]
    tasks.complete(desk, late, 1, "alice", now=now)
    tasks.reopen(desk, late, 2, "alice", now=now)
    tasks.reassign(desk, later, 1, "bob", "alice", now=now)
    assert [t.id for t in tasks.my_day(desk, "bob", now=now)][-1] == later
    assert audit_actions(desk, "task", late) == ["create", "complete", "reopen"]
    trail = audit.trail(desk, "task", late)
    assert trail[1].after == {"status": "done", "completed_at": now.isoformat()}
    assert "status: open → done" in trail[1].describe()
    with pytest.raises(audit.Conflict):
        tasks.complete(desk, late, 1, "bob")
    with pytest.raises(AgentDeskError, match="no agent called 'carol'"):
        tasks.reassign(desk, later, None, "carol", "alice")


def test_a_commitment_follows_its_customer_when_merged(desk: Database) -> None:  # noqa: F811
    bristol = customer_of(desk, "erp", "100007")
    cid = commitments.create(
        desk, bristol, "alice", kind="credit", description="£10 voucher", due_at=T0, now=T0
    )
    with desk.engine.connect() as conn:
        version = conn.execute(
            sa.select(Customer.__table__.c.version).where(Customer.__table__.c.id == bristol)
        ).scalar_one()
    assert version >= 2  # the header of an open copy sees it
    with pytest.raises(AgentDeskError, match="unknown kind"):
        commitments.create(desk, bristol, "alice", kind="hug", description="x", due_at=T0)
    with pytest.raises(AgentDeskError, match="time zone"):
        commitments.create(
            desk, bristol, "alice", kind="other", description="x", due_at=T0.replace(tzinfo=None)
        )
    assert [c.id for c in commitments.of_customer(desk, bristol)] == [cid]


def test_the_sync_hook_reviews_commitments_after_resolving(desk: Database) -> None:  # noqa: F811
    from agent_desk.services.sync import resolve_summary

    maria = customer_of(desk, "erp", "100004")
    now = datetime.now(UTC)
    cid = commitments.create(
        desk,
        maria,
        "alice",
        kind="refund",
        description="Refund",
        due_at=now + timedelta(days=1),
        expected=Expectation("order_refunded", "#1004"),
    )
    put(
        desk,
        "shop",
        person("6812001", "Maria", "García-López", email="Maria.Garcia@example.com"),
        events=(refund(now + timedelta(seconds=1)),),
    )
    summary = resolve_summary(desk)
    assert "commitments: 1 kept by synced evidence" in summary
    assert commitments.get(desk, cid).state == "kept"


def test_a_reassignment_is_in_the_trail_by_name(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk, maria, "alice", kind="visit", description="Engineer", due_at=T0, now=T0
    )
    with desk.write() as conn:
        from agent_desk.identity.decide import agent_id

        agent_id(conn, "bob")
    assert commitments.reassign(desk, [(cid, 1)], "bob", "lena", now=T0) == 1
    assert commitments.reassign(desk, [(cid, 2)], "bob", "lena", now=T0) == 0  # already his
    line = audit.trail(desk, "commitment", cid)[-1]
    assert (line.action, line.actor) == ("reassign", "lena")
    assert "owner: alice → bob" in line.describe()
    with pytest.raises(audit.Conflict):  # all or none: one stale copy stops the lot
        commitments.reassign(desk, [(cid, 1)], "alice", "lena")


def test_evidence_is_matched_by_reference_as_typed_and_proves_one_promise(
    desk: Database,  # noqa: F811
) -> None:
    maria = customer_of(desk, "erp", "100004")
    typed = [
        commitments.create(
            desk, maria, "alice", kind="refund", description=f"Refund {i}",
            due_at=T0 + timedelta(days=3 + i), expected=Expectation("order_refunded", ref),
            now=T0,
        )
        for i, ref in enumerate(("1004", " #1004 "))
    ]  # fmt: skip
    sync_event(desk, refund(T0 + timedelta(hours=5)))
    assert commitments.review(desk, now=T0 + timedelta(hours=6)).kept == [typed[0]]
    assert commitments.get(desk, typed[1]).state == "open"  # one refund, one promise
    sync_event(desk, refund(T0 + timedelta(hours=7), external="order/5551004/refund/2"))
    assert commitments.review(desk, now=T0 + timedelta(hours=8)).kept == [typed[1]]


def test_a_reopened_promise_waits_for_new_evidence(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk, maria, "alice", kind="refund", description="Refund", due_at=T0 + timedelta(days=2),
        expected=Expectation("order_refunded", "#1004"), now=T0,
    )  # fmt: skip
    sync_event(desk, refund(T0 + timedelta(hours=1)))
    assert commitments.review(desk, now=T0 + timedelta(hours=2)).kept == [cid]
    # the customer says the money never arrived: the agent reopens it
    commitments.set_state(desk, cid, None, "open", "alice", reason="refund bounced")
    assert not commitments.review(desk, now=T0 + timedelta(hours=3))
    assert commitments.get(desk, cid).state == "open"
    sync_event(desk, refund(T0 + timedelta(hours=4), external="order/5551004/refund/9"))
    assert commitments.review(desk, now=T0 + timedelta(hours=5)).kept == [cid]


def test_a_kept_promise_takes_its_open_update_task_along(desk: Database) -> None:  # noqa: F811
    maria = customer_of(desk, "erp", "100004")
    cid = commitments.create(
        desk, maria, "alice", kind="status_update", description="Claim", update_every_days=1,
        due_at=T0 + timedelta(days=9), now=T0,
    )  # fmt: skip
    assert len(commitments.review(desk, now=T0 + timedelta(days=1)).update_tasks) == 1
    commitments.set_state(desk, cid, None, "kept", "alice", now=T0 + timedelta(days=1, hours=1))
    queue = tasks.my_day(desk, "alice", now=T0 + timedelta(days=1, hours=2))
    assert [(t.origin, t.status) for t in queue] == [("cadence", "cancelled")]


def test_two_reviews_at_once_do_each_change_once(desk: Database) -> None:  # noqa: F811
    import threading

    maria = customer_of(desk, "erp", "100004")
    late = commitments.create(
        desk, maria, "alice", kind="call_back", description="Ring", due_at=T0, now=T0
    )
    cadence = commitments.create(
        desk, maria, "alice", kind="status_update", description="Claim", update_every_days=1,
        due_at=T0 + timedelta(days=9), now=T0,
    )  # fmt: skip
    now = T0 + timedelta(days=2)
    reports: list[commitments.ReviewReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            reports.append(commitments.review(desk, now=now))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(i for r in reports for i in r.broken) == [late]
    assert len([i for r in reports for i in r.update_tasks]) == 1
    assert [t.commitment_id for t in tasks.my_day(desk, "alice", now=now)] == [cadence]
