"""The main window shell, driven through its real widgets (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.paths import AppPaths
from agent_desk.store.models import Agent, Customer, Note, SyncState, Task
from agent_desk.store.types import utcnow
from agent_desk.ui.dialogs import ErrorReporter, HelpDialog
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.ops import SyncOps
from agent_desk.ui.theme import apply_theme

REGIONS = [
    "searchPanel",
    "searchBox",
    "searchResults",
    "myDayQueue",
    "customer360",
    "suggestionsPanel",
    "statusFreshness",
    "statusDatabase",
]


@pytest.fixture
def context(app_home: AppPaths) -> Iterator[AppContext]:
    ctx = open_context(app_home)
    yield ctx
    ctx.close()


def _add_customers(ctx: AppContext) -> int:
    with ctx.database.session() as s:
        maria = Customer(
            display_name="María García",
            given_name="María",
            family_name="García",
            email="maria.garcia@example.com",
            phone_e164="+34612345678",
            city="Sevilla",
        )
        s.add(maria)
        s.add(Customer(display_name="Mario Rossi", phone_e164="+393471234567", city="Milano"))
        s.flush()
        s.add(
            Note(
                customer_id=maria.id, kind="special_handling", body="Hard of hearing: speak slowly"
            )
        )
        return maria.id


def _search(qtbot: QtBot, window: MainWindow, text: str) -> QListWidget:
    window.search.box.clear()
    qtbot.keyClicks(window.search.box, text)
    results = window.findChild(QListWidget, "searchResults")
    qtbot.waitUntil(lambda: not window._search_timer.isActive())
    return results


def test_regions_exist_with_names_for_tests_and_screen_readers(window: MainWindow) -> None:
    assert QApplication.focusWidget() is window.search.box  # type at once, no click needed
    for name in REGIONS:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_empty_store_says_what_to_do(qtbot: QtBot, window: MainWindow) -> None:
    assert "No customer open" in window.customer.empty.title.text()
    assert "No sources connected yet" in window.freshness.text()
    assert "0 customers" in window.freshness.text()
    _search(qtbot, window, "anyone")
    qtbot.waitUntil(lambda: window.search.results_empty.title.text() == "No customers yet")


def test_keyboard_search_and_open(qtbot: QtBot, window: MainWindow, context: AppContext) -> None:
    maria_id = _add_customers(context)
    window.refresh()
    window.activateWindow()
    window.customer.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search.box
    results = _search(qtbot, window, "5678")  # the last digits the caller reads out
    qtbot.waitUntil(lambda: results.count() == 1)
    assert "María García" in results.item(0).text()
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    assert window.customer.current is not None and window.customer.current.id == maria_id
    assert window.customer.name.text() == "María García"
    assert "Hard of hearing" in window.customer.alerts.text()
    assert not window.customer.alerts.isHidden()


def test_a_misspelt_name_finds_the_customer_and_the_hit_says_how(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    _add_customers(context)
    window.refresh()
    results = _search(qtbot, window, "maria garcai")  # two letters swapped, no accent
    qtbot.waitUntil(lambda: results.count() == 1)
    name, details = results.item(0).text().split("\n")
    assert name == "María García"
    assert details.startswith("Sevilla") and "no contact yet" in details
    assert "Matched: similar: maria garcia" in results.item(0).toolTip()


def test_search_by_email_and_unmatched_query(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    _add_customers(context)
    window.refresh()
    results = _search(qtbot, window, "MARIA.GARCIA@example.com")
    qtbot.waitUntil(lambda: results.count() == 1)
    _search(qtbot, window, "Zyxw")
    qtbot.waitUntil(lambda: "No customer matches" in window.search.results_empty.title.text())
    qtbot.keyClick(window.search.box, Qt.Key.Key_Escape)
    assert window.search.box.text() == ""


def test_status_bar_shows_freshness_and_failures(window: MainWindow, context: AppContext) -> None:
    now = utcnow()
    with context.database.session() as s:
        s.add(
            SyncState(
                source="tickets",
                stream="tickets",
                last_success_at=now - timedelta(minutes=3),
                last_attempt_at=now - timedelta(minutes=3),
            )
        )
        s.add(
            SyncState(
                source="erp",
                stream="customers",
                last_success_at=now - timedelta(hours=5),
                last_attempt_at=now - timedelta(minutes=1),
                last_error="file not found",
            )
        )
    window.refresh()
    text = window.freshness.text()
    assert "tickets: 3 min ago" in text
    assert "erp: failed" in text
    assert window.freshness.property("state") == "failed"
    assert "file not found" in window.freshness.toolTip()
    assert window.db_label.text() == "This computer"


def test_my_day_lists_the_agents_open_tasks(window: MainWindow, context: AppContext) -> None:
    with context.database.session() as s:
        me = Agent(username=context.agent_username, display_name="Me")
        other = Agent(username="someone-else", display_name="Other")
        s.add_all([me, other])
        s.flush()
        s.add_all(
            [
                Task(title="Call back Mrs García", assignee_id=me.id, due_at=utcnow()),
                Task(title="Not mine", assignee_id=other.id),
                Task(title="Done already", assignee_id=me.id, status="done"),
            ]
        )
    window.refresh()
    queue = window.findChild(QListWidget, "myDayQueue")
    assert queue.count() == 1 and "Call back Mrs García" in queue.item(0).text()


def test_menus_and_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    def action(name: str) -> QAction:
        found = window.findChild(QAction, name)
        assert found is not None, name
        return found

    assert action("actionFind").shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert action("actionPrint").shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert action("actionHelp").shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "Open a customer first" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    helps = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog) and w.isVisible()
    ]
    assert helps and "Keyboard shortcuts" in helps[0].findChild(QWidget, "helpText").toPlainText()
    action("actionAbout").trigger()
    about = window.findChild(QMessageBox, "aboutDialog")
    assert about is not None and "Agent Desk 0.1.0" in about.text()


def test_unexpected_error_shows_a_dialog_and_the_app_keeps_running(
    qtbot: QtBot, window: MainWindow, app_home: AppPaths
) -> None:
    import logging

    from agent_desk.logging_setup import setup_logging

    setup_logging(app_home.log_file)
    reporter = ErrorReporter(app_home.log_file, window)
    try:
        raise KeyError("customer_id")
    except KeyError as exc:
        reporter.handle(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    first = reporter.dialog
    assert (
        "KeyError" in first.informativeText() and str(app_home.log_file) in first.informativeText()
    )
    try:
        raise ValueError("second")
    except ValueError as exc:
        reporter.handle(type(exc), exc, exc.__traceback__)
    assert reporter.dialog is first  # no pile of dialogs
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = app_home.log_file.read_text(encoding="utf-8")
    assert "Traceback" in log_text and "ValueError: second" in log_text
    window.refresh()  # still alive and working
    assert window.isVisible()


def test_dark_and_light_themes(qapp: QApplication) -> None:
    apply_theme(qapp, "dark")
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 80
    apply_theme(qapp, "light")
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    apply_theme(qapp, "system")


def test_layout_is_remembered(qtbot: QtBot, context: AppContext) -> None:
    first = MainWindow(context, SyncOps())
    qtbot.addWidget(first)
    first.show()
    first.splitter.setSizes([200, 900, 180])
    sizes = first.splitter.sizes()
    first.close()
    assert (context.paths.config_dir / "window.ini").exists()
    second = MainWindow(context, SyncOps())
    qtbot.addWidget(second)
    second.show()
    # the side panes come back as the person left them; the centre takes what the screen allows
    # (restoreGeometry keeps the window on screen, and the offscreen screen is small)
    restored = second.splitter.sizes()
    assert (restored[0], restored[2]) == (sizes[0], sizes[2])


def test_search_box_is_a_line_edit_with_placeholder(window: MainWindow) -> None:
    box = window.findChild(QLineEdit, "searchBox")
    assert "Ctrl+F" in box.placeholderText()
