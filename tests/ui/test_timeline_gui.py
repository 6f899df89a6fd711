"""The timeline in the window, on the demo store: rows, filters, the detail pane, logging a
call from the keyboard, and the stale-source banner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.paths import AppPaths
from agent_desk.services.overview import SourceFreshness, StoreOverview
from agent_desk.store.models import TimelineEvent
from agent_desk.store.types import utcnow
from agent_desk.ui.main_window import MainWindow


@pytest.fixture
def context(app_home: AppPaths, demo_store_url: str) -> Iterator[AppContext]:
    ctx = open_context(app_home, db_url=demo_store_url)
    yield ctx
    ctx.close()


def busiest_customer(context: AppContext) -> tuple[int, int]:
    t = TimelineEvent.__table__
    with context.database.engine.connect() as conn:
        row = conn.execute(
            sa.select(t.c.customer_id, sa.func.count())
            .where(t.c.customer_id.is_not(None), t.c.deleted_at.is_(None))
            .group_by(t.c.customer_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).one()
    return int(row[0]), int(row[1])


def test_timeline_shows_events_newest_first_and_filters(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer, events = busiest_customer(context)
    window.open_customer(customer)
    view = window.customer.timeline
    assert window.customer.tabs.currentWidget() is view
    assert view.model.rowCount() == events and view.summary.text() == f"{events:,} events"
    times = [r.occurred_at for r in view.model.rows]
    assert times == sorted(times, reverse=True)
    # only interactions (calls, tickets, replies): ERP field changes and orders step aside
    view.categories["commercial"].setChecked(False)
    view.categories["change"].setChecked(False)
    assert all(r.category == "interaction" for r in view.model.rows)
    view.categories["commercial"].setChecked(True)
    view.categories["change"].setChecked(True)
    kind = view.model.rows[-1].kind
    view.kind.setCurrentIndex(view.kind.findData(kind))
    assert view.model.rows and all(r.kind == kind for r in view.model.rows)
    view.kind.setCurrentIndex(0)
    view.period.setCurrentIndex(view.period.findData(7))  # the demo's events are older
    assert all(r.occurred_at >= utcnow() - timedelta(days=7) for r in view.model.rows)
    view.period.setCurrentIndex(0)
    assert view.model.rowCount() == events
    word = view.model.rows[0].title.split()[0]
    qtbot.keyClicks(view.text, word)
    qtbot.waitUntil(
        lambda: all(
            word.lower() in r.title.lower()
            or word.lower() in (r.body or "").lower()
            or word.lower() in (r.reference or "").lower()
            for r in view.model.rows
        )
    )
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: view.model.rows[0].title in view.detail.toPlainText())


def test_log_a_call_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer, events = busiest_customer(context)
    window.open_customer(customer)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.log_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Parcel late")
    qtbot.keyClicks(dialog.text, "Promised a call back by Friday.")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    view = window.customer.timeline
    qtbot.waitUntil(lambda: view.model.rowCount() == events + 1)
    top = view.model.rows[0]
    assert top.title == "Call: Parcel late" and top.status == "Resolved"
    t = TimelineEvent.__table__
    with context.database.engine.connect() as conn:
        assert conn.execute(sa.select(t.c.body).where(t.c.id == top.id)).scalar() == (
            "Promised a call back by Friday."
        )


def test_stale_banner_names_the_failing_source(window: MainWindow, context: AppContext) -> None:
    customer, _ = busiest_customer(context)
    now = utcnow()
    window.overview = StoreOverview(
        1,
        1,
        0,
        0,
        [
            SourceFreshness("shop", "shopify", True, now - timedelta(hours=3), now, "HTTP 500"),
            SourceFreshness("erp", "erp-flatfile", True, now - timedelta(minutes=2), now, None),
        ],
    )
    window.open_customer(customer)
    banner = window.customer.stale
    assert not banner.isHidden()
    assert "shop: failing, last good sync 3 h ago" in banner.text()
    assert "erp" not in banner.text()


def test_a_whole_call_without_the_mouse(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    """Find by the last digits, open, log the call, add a note through the command palette,
    look at the identity tab: keys only."""
    customer, events = busiest_customer(context)
    with context.database.engine.connect() as conn:
        phone = conn.execute(
            sa.text("SELECT phone_e164 FROM customers WHERE id = :c"), {"c": customer}
        ).scalar()
    assert phone
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search.box, phone[-6:])
    qtbot.waitUntil(lambda: not window._search_timer.isActive())
    qtbot.waitUntil(lambda: window.search.results.count() >= 1)
    results = window.search.results
    rows = [results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(results.count())]
    qtbot.keyClick(window.search.box, Qt.Key.Key_Down)  # into the hits
    assert results.hasFocus() and results.currentRow() == 0
    for _ in range(rows.index(customer)):  # a shared number: arrows to the caller
        qtbot.keyClick(results, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.customer.current is not None and window.customer.current.id == customer

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    call = window.log_dialog
    assert call is not None
    qtbot.keyClicks(call.reason, "Invoice question")
    qtbot.keyClick(call.reason, Qt.Key.Key_Tab)
    qtbot.keyClick(call.outcome, Qt.Key.Key_Down)  # "Follow-up needed"
    qtbot.keyClick(call.outcome, Qt.Key.Key_Tab)
    qtbot.keyClicks(call.text, "Sent a copy of the invoice.")
    qtbot.keyClick(call.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    view = window.customer.timeline
    qtbot.waitUntil(lambda: view.model.rowCount() == events + 1)
    assert view.model.rows[0].status == "Follow-up needed"

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.command_palette
    assert palette is not None and palette.isVisible()
    qtbot.keyClicks(palette.query, "note")
    assert palette.list.currentItem() is not None
    assert palette.list.currentItem().text().startswith("Add note")
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    note = window.log_dialog
    assert note is not None and note is not call and note.objectName() == "addNoteDialog"
    qtbot.keyClicks(note.reason, "Prefers e-mail")
    qtbot.keyClick(note.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model.rowCount() == events + 2)
    assert view.model.rows[0].title == "Prefers e-mail"

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.customer.tabs.currentWidget() is window.customer.identity


def test_the_header_shows_who_the_customer_is_to_us(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer, _ = busiest_customer(context)
    window.open_customer(customer)
    fields = window.customer.fields
    assert "href=" in fields["ids"].text()  # each id links back to its system
    assert "lifetime revenue" in fields["value"].text() or fields["value"].text() == (
        "no purchases yet"
    )
    assert fields["stage"].text() and fields["stage"].text() != "…"
    assert fields["risk"].text().split(":")[0] in ("Low", "Medium", "High")
    assert "ticket" in fields["open"].text() and "promise" in fields["open"].text()
    assert fields["last"].text() != "…"
    assert fields["contact"].text() == "No preferences recorded"

    qtbot.keyClick(
        window,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.preferences_dialog
    assert dialog is not None and dialog.isVisible()
    out, _preferred, note = dialog.rows["phone"]
    out.setChecked(True)
    qtbot.keyClicks(note, "asked on the phone")
    dialog.rows["email"][1].setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: fields["contact"].text() == "Do not call; Prefers e-mail")
    assert "cf222e" in fields["contact"].styleSheet()  # red: cannot be missed


def test_group_by_day_and_by_story(window: MainWindow, context: AppContext) -> None:
    from agent_desk.ui.timeline import Header

    customer, events = busiest_customer(context)
    window.open_customer(customer)
    view = window.customer.timeline
    view.grouping.setCurrentIndex(view.grouping.findData("day"))
    first = view.model.items[0]
    assert isinstance(first, Header) and first.text.split()[0] in (
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    )  # fmt: skip
    assert view.table.columnSpan(0, 0) == view.model.columnCount()
    view.grouping.setCurrentIndex(view.grouping.findData("story"))
    while view.model.canFetchMore(view.model.index(-1, -1)):
        view.model.fetchMore(view.model.index(-1, -1))
    headers = [i for i in view.model.items if isinstance(i, Header)]
    assert headers and all("events)" in h.text for h in headers)
    assert len(view.model.rows) == events  # every event once, folded into its story


def test_a_note_pinned_as_an_alert_sits_above_everything(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer, _ = busiest_customer(context)
    window.open_customer(customer)
    assert window.customer.alerts.isHidden()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    note = window.log_dialog
    assert note is not None
    qtbot.keyClicks(note.reason, "Hard of hearing: speak slowly")
    note.alert.setChecked(True)
    qtbot.keyClick(note.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.customer.alerts.isHidden())
    assert "Hard of hearing: speak slowly" in window.customer.alerts.text()
    view = window.customer.timeline
    assert view.model.rows[0].title == "Hard of hearing: speak slowly"
    icon = view.model.data(view.model.index(0, 1), Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()  # the source's icon
