"""The Identity tab: why records are one customer, and merge / split / confirm / reject / undo
through the GUI, each previewed in a confirmation dialog first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.identity.explain import explain, open_possible
from agent_desk.paths import AppPaths
from agent_desk.ui.confirm import ConfirmDialog, CustomerIdDialog
from agent_desk.ui.identity import IdentityPanel
from agent_desk.ui.main_window import MainWindow


@pytest.fixture
def context(app_home: AppPaths, demo_store_url: str) -> Iterator[AppContext]:
    ctx = open_context(app_home, db_url=demo_store_url)
    yield ctx
    ctx.close()


def panel(window: MainWindow) -> IdentityPanel:
    found = window.findChild(IdentityPanel, "customerIdentity")
    assert found is not None
    return found


def texts(items: object) -> list[str]:
    return [items.item(i).text() for i in range(items.count())]  # type: ignore[attr-defined]


def row_of(identity: IdentityPanel, link_id: int) -> int:
    return next(i for i, t in enumerate(texts(identity.possible)) if f"link {link_id})" in t)


def accept(qtbot: QtBot, window: MainWindow, name: str) -> list[str]:
    """Click the action button of the confirmation dialog; returns the lines it showed."""
    dialog = window.identity_actions.dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.objectName() == name
    assert dialog.isVisible() and dialog.action_button.isDefault()
    lines = dialog.details.toPlainText().splitlines()
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    return lines


def customer_with_records(context: AppContext, records: int) -> int:
    with context.database.engine.connect() as conn:
        return int(
            conn.execute(
                sa.text(
                    "SELECT customer_id FROM source_records WHERE customer_id IS NOT NULL "
                    "GROUP BY customer_id HAVING count(*) = :n ORDER BY customer_id LIMIT 1"
                ),
                {"n": records},
            ).scalar_one()
        )


def test_identity_tab_says_why_the_records_are_one_customer(
    window: MainWindow, context: AppContext
) -> None:
    cid = customer_with_records(context, 3)
    window.open_customer(cid)
    identity = panel(window)
    assert identity.accessibleName()
    rows = texts(identity.records)
    assert len(rows) == 3
    assert "the first record of this customer" in rows[0]
    assert all("merged because: " in row for row in rows[1:])
    expected = explain(context.database, cid).members[1]
    assert f"merged because: {expected.because}" in rows[1]
    assert identity.merged_note.isHidden()
    assert identity.merge_button.isEnabled() and identity.split_button.isEnabled()


def test_confirming_a_possible_same_person_merges_and_undo_puts_it_back(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    pair, cid, _name = open_possible(context.database, 1)[0]
    assert cid is not None and pair.other_customer_id is not None
    before = len(explain(context.database, cid).members)
    others = len(explain(context.database, pair.other_customer_id).members)
    window.open_customer(cid)
    identity = panel(window)
    identity.possible.setCurrentRow(row_of(identity, pair.link_id))
    qtbot.mouseClick(identity.confirm_button, Qt.MouseButton.LeftButton)
    lines = accept(qtbot, window, "confirmSamePerson")
    assert lines[0].startswith("merge customer")

    merged = explain(context.database, cid)
    assert len(merged.members) == before + others
    assert len(texts(identity.records)) == before + others, "the view was reloaded"
    message = window.statusBar().currentMessage()
    # the customer with more records keeps its id: the view then shows the survivor's note
    assert "are one now" in message or f"Customer {cid} was merged into" in message
    journal = texts(identity.journal)
    assert "merged customer" in journal[0]

    identity.journal.setCurrentRow(0)
    assert identity.undo_button.isEnabled()
    qtbot.mouseClick(identity.undo_button, Qt.MouseButton.LeftButton)
    lines = accept(qtbot, window, "confirmUndo")
    assert any("moves record" in line for line in lines)
    assert len(explain(context.database, cid).members) == before
    assert len(texts(identity.records)) == before
    assert "undone" in window.statusBar().currentMessage()
    assert any("[undone by #" in t for t in texts(identity.journal))


def test_rejecting_a_pair_removes_it_for_good(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    pair, cid, _name = open_possible(context.database, 1)[0]
    assert cid is not None
    window.open_customer(cid)
    identity = panel(window)
    identity.possible.setCurrentRow(row_of(identity, pair.link_id))
    qtbot.mouseClick(identity.reject_button, Qt.MouseButton.LeftButton)
    lines = accept(qtbot, window, "confirmReject")
    assert "will not be proposed again" in lines[-1]
    assert all(f"link {pair.link_id})" not in t for t in texts(identity.possible))
    assert pair.link_id not in [p.link_id for p in explain(context.database, cid).possible]


def test_cancelling_the_confirmation_changes_nothing(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    cid = customer_with_records(context, 3)
    window.open_customer(cid)
    identity = panel(window)
    identity.records.setCurrentRow(2)
    qtbot.mouseClick(identity.split_button, Qt.MouseButton.LeftButton)
    dialog = window.identity_actions.dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert len(explain(context.database, cid).members) == 3


def test_merge_with_a_customer_then_the_old_number_shows_the_survivor(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    big = customer_with_records(context, 3)
    small = customer_with_records(context, 1)
    window.open_customer(small)
    identity = panel(window)
    qtbot.mouseClick(identity.merge_button, Qt.MouseButton.LeftButton)
    ask = window.identity_actions.dialog
    assert isinstance(ask, CustomerIdDialog) and ask.isVisible()
    qtbot.keyClicks(ask.number, str(small))
    assert not ask.ok.isEnabled(), "a customer cannot be merged with itself"
    ask.number.clear()
    qtbot.keyClicks(ask.number, str(big))
    qtbot.keyClick(ask.number, Qt.Key.Key_Return)
    lines = accept(qtbot, window, "confirmMerge")
    assert lines[0].startswith(f"merge customer {small} ") and f"into customer {big}" in lines[0]

    assert len(texts(identity.records)) == 4
    assert not identity.merged_note.isHidden()
    assert f"Customer {small} was merged into customer {big}" in identity.merged_note.text()
    window.open_customer(big)
    assert identity.merged_note.isHidden()
    window.open_customer(small)
    assert f"was merged into customer {big}" in identity.merged_note.text()
    assert window.customer.current is not None and window.customer.current.id == big


def test_split_a_record_out(qtbot: QtBot, window: MainWindow, context: AppContext) -> None:
    cid = customer_with_records(context, 3)
    window.open_customer(cid)
    identity = panel(window)
    identity.records.setCurrentRow(2)
    record = identity.selected(identity.records)
    qtbot.mouseClick(identity.split_button, Qt.MouseButton.LeftButton)
    lines = accept(qtbot, window, "confirmSplit")
    assert lines[0].startswith(f"split 1 record(s) out of customer {cid}")
    assert any(f"record {record}:" in line for line in lines)
    assert len(texts(identity.records)) == 2
    assert f"Record {record} is now a customer of its own" in window.statusBar().currentMessage()
    assert "split 1 record(s)" in texts(identity.journal)[0]


def test_a_decision_that_cannot_be_made_says_why(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    cid = customer_with_records(context, 1)
    window.open_customer(cid)
    identity = panel(window)
    qtbot.mouseClick(identity.merge_button, Qt.MouseButton.LeftButton)
    ask = window.identity_actions.dialog
    assert isinstance(ask, CustomerIdDialog)
    qtbot.keyClicks(ask.number, "999999")
    ask.ok.click()
    box = window.identity_actions.dialog
    assert isinstance(box, QMessageBox)
    assert box.objectName() == "identityError" and box.isVisible()
    assert "there is no customer 999999" in box.text()


def test_identity_decisions_are_in_the_menu_and_the_palette(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    cid = customer_with_records(context, 1)
    window.open_customer(cid)
    window.customer.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.command_palette
    assert palette is not None
    qtbot.keyClicks(palette.query, "merge with")
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert window.customer.tabs.currentWidget() is window.customer.identity
    dialog = window.identity_actions.dialog
    assert isinstance(dialog, CustomerIdDialog) and dialog.isVisible()
    dialog.reject()
    # nothing selected to undo: the menu says what to do instead of doing nothing
    qtbot.keyClick(
        window,
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "Select the record, pair or journal entry" in window.statusBar().currentMessage()
