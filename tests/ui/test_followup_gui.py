"""Follow-ups in the window, from the keyboard: the "My day" queue (complete, snooze,
reminders), a promise typed as said and saved, kept, renegotiated; a refused save keeps what
was typed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.paths import AppPaths
from agent_desk.services import commitments, tasks
from agent_desk.store.types import utcnow
from agent_desk.ui.followup import ChangeDialog, CommitmentDialog, TaskDialog
from agent_desk.ui.lead_view import LeadWindow
from agent_desk.ui.main_window import MainWindow
from tests.ui.test_timeline_gui import busiest_customer


@pytest.fixture
def context(app_home: AppPaths, demo_store_url: str) -> Iterator[AppContext]:
    ctx = open_context(app_home, db_url=demo_store_url)
    yield ctx
    ctx.close()


def trigger(window: MainWindow, name: str) -> None:
    action = window.findChild(type(window.print_action), name)
    assert action is not None, name
    assert action.shortcut().toString(), f"{name} has a shortcut"
    action.trigger()


def test_my_day_lists_buckets_and_completes_and_snoozes_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    me, now = context.agent_username, utcnow()
    customer, _ = busiest_customer(context)
    late = tasks.create(
        context.database, me, "Send the returns label", customer_id=customer,
        due_at=now - timedelta(hours=1),
    )  # fmt: skip
    soon = tasks.create(context.database, me, "Check the courier", due_at=now + timedelta(days=3))
    window.refresh()
    queue = window.search.queue
    assert queue.count() == 2
    assert queue.item(0).text().startswith("Overdue · Send the returns label")
    assert "Upcoming · Check the courier" in queue.item(1).text()
    assert "1 overdue" in window.search.queue_title.text()

    trigger(window, "actionMyDay")
    assert queue.hasFocus() and queue.currentRow() == 0
    qtbot.keyClick(queue, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert tasks.get(context.database, late).status == "done"
    assert queue.item(0).text().startswith("Upcoming · Check the courier")
    assert "Done · Send the returns label" in queue.item(1).text()

    queue.setCurrentRow(0)
    trigger(window, "actionSnoozeHour")
    snoozed = tasks.get(context.database, soon)
    assert snoozed.snoozed_until is not None and snoozed.snoozed_until > now
    assert queue.item(0).text().startswith("Snoozed")
    # Enter on an entry with a customer opens the customer
    queue.setCurrentRow(1)
    qtbot.keyClick(queue, Qt.Key.Key_Return)
    assert window.customer.current is not None and window.customer.current.id == customer


def test_a_reminder_that_falls_due_is_raised_once_and_marks_the_queue(
    window: MainWindow, context: AppContext
) -> None:
    now = utcnow()
    tasks.create(
        context.database,
        context.agent_username,
        "Ring Mrs Patel back",
        due_at=now + timedelta(minutes=30),
        remind_at=now - timedelta(minutes=1),
    )
    window.followups.check_reminders()
    assert "Reminder: Ring Mrs Patel back" in window.statusBar().currentMessage()
    assert window.search.queue.item(0).text().startswith("🔔 Today")
    assert "🔔 1" in window.search.queue_title.text()
    window.statusBar().clearMessage()
    window.followups.check_reminders()
    assert window.statusBar().currentMessage() == ""  # once


def test_a_promise_typed_as_said_is_understood_saved_and_kept(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer, _ = busiest_customer(context)
    window.open_customer(customer)
    trigger(window, "actionNewCommitment")
    dialog = window.followups.commitment_dialog
    assert isinstance(dialog, CommitmentDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.promise.hasFocus)
    qtbot.keyClicks(dialog.promise, "refund the delivery fee by Friday")
    assert dialog.kind.currentData() == "refund"
    assert dialog.understood.text().startswith("Refund, due Fri")
    dialog.reference.setText("#1001")
    dialog._suggest_evidence()
    assert dialog.evidence.currentData() == "order_refunded"
    qtbot.keyClick(dialog.promise, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    (saved,) = commitments.of_customer(context.database, customer)
    assert (saved.kind, saved.description, saved.state) == (
        "refund",
        "refund the delivery fee by Friday",
        "open",
    )
    assert saved.due_at.astimezone(context.settings.zone()).strftime("%a") == "Fri"
    assert saved.expected is not None and saved.expected.reference == "#1001"
    panel = window.followups.panel
    trigger(window, "actionFollowUps")
    assert window.customer.tabs.currentWidget() is panel
    assert panel.commitments.rowCount() == 1 and panel.commitments.item(0, 1).text() == "Refund"
    assert "1 promise" in window.customer.fields["open"].text()

    # a new date, with the reason; the old one stays in the history
    trigger(window, "actionRenegotiate")
    change = window.followups.change_dialog
    assert isinstance(change, ChangeDialog)
    change.due.setDateTime(change.due.dateTime().addDays(7))
    qtbot.keyClicks(change.reason, "courier strike")
    qtbot.keyClick(change.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert commitments.history(context.database, saved.id)[-1].reason == "courier strike"

    trigger(window, "actionPromiseKept")
    assert commitments.get(context.database, saved.id).state == "kept"
    assert panel.commitments.item(0, 0).text() == "kept"
    panel.buttons["history"].click()
    assert "courier strike" in panel.history.text() and "open → kept" in panel.history.text()


def test_a_refused_save_keeps_the_dialog_and_what_was_typed(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer, _ = busiest_customer(context)
    window.open_customer(customer)
    trigger(window, "actionNewTask")
    dialog = window.followups.task_dialog
    assert isinstance(dialog, TaskDialog)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "title" in dialog.error.text()
    qtbot.keyClicks(dialog.title, "Post the warranty form")
    dialog.assignee.setCurrentText("nobody-by-that-name")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "no agent called" in dialog.error.text()
    assert dialog.title.text() == "Post the warranty form"
    dialog.assignee.setCurrentText(context.agent_username)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    (task,) = tasks.of_customer(context.database, customer)
    assert task.title == "Post the warranty form" and task.customer_id == customer


def test_the_lead_window_shows_the_team_and_reassigns_in_bulk(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from tests.services.test_team import staff

    staff(context.database)
    customer, _ = busiest_customer(context)
    now = utcnow()
    late = [
        commitments.create(
            context.database, customer, "lena", kind="call_back", description=f"late {i}",
            due_at=now - timedelta(days=i), owner="alice",
        )
        for i in (1, 4)
    ]  # fmt: skip
    commitments.create(
        context.database, customer, "lena", kind="refund", description="not due",
        due_at=now + timedelta(days=2), owner="bob",
    )  # fmt: skip

    trigger(window, "actionTeam")  # the settings say: an agent
    assert "is not a team lead" in window.statusBar().currentMessage()
    assert window.followups.lead_window is None

    context.settings = context.settings.with_changes(role="lead")
    trigger(window, "actionTeam")
    lead = window.followups.lead_window
    assert isinstance(lead, LeadWindow) and lead.isVisible()
    first = lead.proxy.index(0, 0)
    assert first.data() == "Alice"  # most overdue first
    headers = [lead.model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
    assert headers == ["Agent", "Team", "due today", "1–2 days late"]
    assert lead.proxy.index(0, 3).data() == "1" and lead.proxy.index(0, 4).data() == "1"
    assert lead.summary.text().startswith("2 late promises (0 of them broken) across 1 agents")
    assert lead.chart.chart().series()[0].count() == 4  # a bar set per age
    lead.agents.selectRow(0)
    assert lead.items.rowCount() == 2
    assert {lead.items.item(r, 6).text() for r in range(2)} == {"late 1", "late 4"}

    lead.items.selectAll()
    monkeypatch.setattr(
        "agent_desk.ui.lead_view.QInputDialog.getItem", lambda *a, **k: ("bob", True)
    )
    lead.reassign.click()
    assert "2 promise(s) given to bob" in lead.status.text()
    assert {commitments.get(context.database, c).owner_username for c in late} == {"bob"}
    assert lead.proxy.index(0, 0).data() == "Bob"

    out = tmp_path / "team.csv"
    monkeypatch.setattr(
        "agent_desk.ui.lead_view.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    lead.export.click()
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("agent,team,not due,due today") and "late 4" in text

    lead.agents.selectRow(0)
    lead.items.selectRow(0)
    qtbot.keyClick(lead.items, Qt.Key.Key_Return)
    assert window.customer.current is not None and window.customer.current.id == customer


def test_a_change_on_another_desktop_shows_here_and_so_does_its_agent(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from agent_desk.services import changes

    window.team_sync.poll = 0.2  # SQLite: polled (PostgreSQL is notified at once)
    window.team_sync.start()
    customer, _ = busiest_customer(context)
    window.open_customer(customer)
    assert not window.customer.presence.isVisible()
    # another desktop: bob opens the same customer and gives this agent a task about it
    changes.heartbeat(context.database, "bob", [customer])
    tasks.create(
        context.database, "bob", "Call the customer about the refund", customer_id=customer,
        assignee=context.agent_username, due_at=utcnow() + timedelta(hours=1),
    )  # fmt: skip
    qtbot.waitUntil(lambda: window.search.queue.count() == 1, timeout=5000)
    assert "Call the customer about the refund" in window.search.queue.item(0).text()
    qtbot.waitUntil(window.customer.presence.isVisible, timeout=5000)
    assert window.customer.presence.text().startswith("Also open by bob")


def test_a_call_logged_with_a_follow_up_leaves_a_task_linked_to_the_call(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer, _ = busiest_customer(context)
    window.open_customer(customer)
    trigger(window, "actionLogCall")
    dialog = window.log_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "Parcel not delivered")
    qtbot.keyClicks(dialog.follow_up, "Chase the courier")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (task,) = tasks.of_customer(context.database, customer)
    assert task.title == "Chase the courier" and task.event_title == "Call: Parcel not delivered"
    assert task.context == "Call: Parcel not delivered"  # what the follow-up is about
    assert "Chase the courier" in window.search.queue.item(0).text()
    panel = window.followups.panel
    panel.tasks.setCurrentRow(0)
    panel.tasks.itemActivated.emit(panel.tasks.item(0))
    assert ": create — " in panel.history.text() and "Chase the courier" in panel.history.text()


def test_a_promise_changed_on_another_desktop_is_not_overwritten(
    window: MainWindow, context: AppContext
) -> None:
    customer, _ = busiest_customer(context)
    cid = commitments.create(
        context.database, customer, context.agent_username, kind="call_back",
        description="Ring back about the invoice", due_at=utcnow() + timedelta(days=1),
    )  # fmt: skip
    window.open_customer(customer)
    panel = window.followups.panel
    assert panel.selected() is not None and panel.selected().version == 1
    # meanwhile, on another desktop
    commitments.renegotiate(
        context.database, cid, 1, utcnow() + timedelta(days=3), "customer away", "bob"
    )
    trigger(window, "actionPromiseKept")
    box = window.followups.conflict_box
    assert box is not None and box.isVisible()
    assert "changed by bob" in box.text() and "reload" in box.text()
    assert commitments.get(context.database, cid).state == "open"  # bob's change stands
    assert panel.selected() is not None and panel.selected().version == 2  # reloaded


def test_due_times_keep_their_wall_time_across_clock_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone

    from agent_desk.settings import Settings
    from agent_desk.ui.followup import from_qt, to_qt

    berlin = ZoneInfo("Europe/Berlin")
    summer = datetime(2026, 4, 10, 15, 0, tzinfo=UTC)  # 17:00 CEST
    shown = to_qt(summer, berlin)
    assert (shown.date().day(), shown.time().hour()) == (10, 17)
    assert from_qt(shown, berlin) == summer
    # 02:30 on the night the clocks go forward does not exist: it is 03:30 summer time
    gap = QDateTime(QDate(2026, 3, 29), QTime(2, 30), QTimeZone.utc())
    assert from_qt(gap, berlin).astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    # with no zone set, the computer's zone is used with its rules, not today's offset
    monkeypatch.setenv("TZ", "America/New_York")
    zone = Settings().zone()
    assert isinstance(zone, ZoneInfo) and zone.key == "America/New_York"


def test_the_lead_windows_due_column_sorts_by_time_not_by_the_german_text(
    qtbot: QtBot,
) -> None:
    from datetime import UTC, datetime

    from PySide6.QtCore import QLocale

    from agent_desk import i18n
    from agent_desk.services.commitments import CommitmentView
    from agent_desk.ui.language import LocaleFormats

    def view(day: datetime, text: str) -> CommitmentView:
        return CommitmentView(
            id=1, version=1, customer_id=1, customer_name="Ana", kind="call_back",
            description=text, due_at=day, owner="Alice", owner_username="alice", channel=None,
            state="overdue", status="open", expected=None, evidence_event_id=None,
            update_every_days=None, created_at=day, closed_at=None,
        )  # fmt: skip

    i18n.install_formats(LocaleFormats(QLocale(QLocale.Language.German, QLocale.Country.Germany)))
    try:
        lead = LeadWindow()
        qtbot.addWidget(lead)
        lead.show_cell(
            [
                view(datetime(2026, 12, 31, 9, tzinfo=UTC), "new year's eve"),
                view(datetime(2027, 1, 2, 9, tzinfo=UTC), "january"),
                view(datetime(2026, 12, 15, 9, tzinfo=UTC), "december"),
            ],
            UTC,
            datetime(2027, 2, 1, tzinfo=UTC),
        )
        # day first: as text, "02.01.2027" would sort before "15.12.2026"
        assert "31.12.2026 09:00" in {lead.items.item(r, 1).text() for r in range(3)}

        def order() -> list[str]:
            return [lead.items.item(r, 6).text() for r in range(3)]

        lead.items.sortItems(1, Qt.SortOrder.AscendingOrder)
        assert order() == ["december", "new year's eve", "january"]
        lead.items.sortItems(0, Qt.SortOrder.AscendingOrder)  # youngest age first
        assert order() == ["january", "new year's eve", "december"]
    finally:
        i18n.install_formats(None)
