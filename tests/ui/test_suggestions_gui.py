"""The suggestions panel in the window, from the keyboard: a satisfied customer's top offers
with reasons, one-key offer with a follow-up task, the answer; a customer to be satisfied first
shows why instead; the lead window shows the acceptance per rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.paths import AppPaths
from agent_desk.services import commitments, mining, offers, tasks
from agent_desk.services.catalog import load_catalog
from agent_desk.services.suggest import suggest
from agent_desk.store.models import Customer, TimelineEvent
from agent_desk.store.types import utcnow
from agent_desk.ui.main_window import MainWindow
from tests.ui.test_followup_gui import trigger


@pytest.fixture
def context(app_home: AppPaths, demo_store_url: str) -> Iterator[AppContext]:
    ctx = open_context(app_home, db_url=demo_store_url)
    mining.refresh(ctx.database, load_catalog())
    yield ctx
    ctx.close()


def satisfied_customers(context: AppContext, wanted: int = 2) -> list[int]:
    """Customers of the demo store with suggestions now (nothing held)."""
    catalog, found = load_catalog(), []
    c = Customer.__table__
    with context.database.engine.connect() as conn:
        ids = conn.execute(
            sa.select(c.c.id).where(c.c.merged_into_id.is_(None)).order_by(c.c.id)
        ).scalars()
        for cid in ids:
            advice = suggest(conn, cid, catalog)
            if len(advice.suggestions) >= 2 and not advice.held:
                found.append(cid)
                if len(found) == wanted:
                    break
    assert len(found) == wanted, "the demo store has customers to offer something to"
    return found


def test_offer_from_the_keyboard_logs_it_and_the_answer(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    cid = satisfied_customers(context, 1)[0]
    window.open_customer(cid)
    panel = window.suggestions
    assert panel.currentWidget() is panel.page and not panel.held.isVisible()
    with context.database.engine.connect() as conn:
        expected = suggest(conn, cid, load_catalog())
    assert panel.list.count() == len(expected.suggestions)
    first = expected.suggestions[0]
    assert panel.list.item(0).text() == (
        f"{first.name}\n{first.price} {first.currency} · by phone\n{first.reason}"
    )

    trigger(window, "actionSuggestions")
    assert panel.list.hasFocus()
    panel.follow_up.setChecked(True)
    panel.follow_up_days.setValue(2)
    rows_before = window.customer.timeline.model.rowCount()
    trigger(window, "actionOffer")

    made = offers.of_customer(context.database, cid)
    assert [(o.sku, o.outcome, o.offered_by) for o in made] == [
        (first.sku, "pending", context.agent_username)
    ]
    assert first.sku not in [
        panel.list.item(i).data(Qt.ItemDataRole.UserRole).sku for i in range(panel.list.count())
    ]  # offered: not suggested again now
    assert panel.offers.count() == 1 and "offered" in panel.offers.item(0).text()
    follow = [t for t in tasks.of_customer(context.database, cid) if t.event_id == made[0].event_id]
    assert len(follow) == 1 and follow[0].title.startswith("Follow up on the offer")
    ev = TimelineEvent.__table__
    with context.database.engine.connect() as conn:
        kind = conn.execute(sa.select(ev.c.kind).where(ev.c.id == made[0].event_id)).scalar()
    assert kind == "offer_made"
    assert window.customer.timeline.model.rowCount() == rows_before + 1  # shown at once

    panel.offers.setCurrentRow(0)
    trigger(window, "actionAcceptedOffer")
    assert offers.get(context.database, made[0].id).outcome == "accepted"
    assert "accepted" in panel.offers.item(0).text()
    assert "accepted" in panel.status.text()

    # the lead sees the acceptance per rule
    context.settings = context.settings.with_changes(role="lead")
    trigger(window, "actionTeam")
    lead = window.followups.lead_window
    assert lead is not None
    rates = lead.offer_rates
    assert rates.rowCount() == 1
    row = [rates.item(0, c).text() for c in range(6)]
    assert row == [first.rule, "1", "1", "0", "0", "100%"]


def test_a_customer_to_satisfy_first_shows_why_and_cannot_be_offered(
    window: MainWindow, context: AppContext
) -> None:
    cid = satisfied_customers(context, 1)[0]
    window.open_customer(cid)
    panel = window.suggestions
    assert panel.list.count() >= 2 and panel.offer_button.isEnabled()
    # the promise goes overdue while the panel still shows the offers: the offer is refused
    commitments.create(
        context.database, cid, context.agent_username, kind="call_back",
        description="Call back about the refund", due_at=utcnow() - timedelta(hours=3),
    )  # fmt: skip
    trigger(window, "actionOffer")
    assert panel.status.text().startswith("No offer now: Promise overdue since 3 h ago")

    assert panel.held.isVisible() and not panel.list.isVisible()
    assert "Satisfy first" in panel.held.text()
    assert "Promise overdue since 3 h ago: Call back about the refund" in panel.held.text()
    assert not panel.offer_button.isEnabled()
    trigger(window, "actionOffer")
    assert offers.of_customer(context.database, cid) == []
    assert panel.status.text() == "Select a suggestion to offer."

    window.close_customer_tab()
    assert panel.currentWidget() is panel.empty


def test_suggestions_come_just_after_the_header_and_timeline(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from agent_desk.ui.suggestions import LOAD_DELAY_MS

    cid = satisfied_customers(context, 1)[0]
    window.selling.delay_ms = LOAD_DELAY_MS
    window.open_customer(cid)
    assert window.customer.current is not None and window.customer.current.id == cid
    assert window.suggestions.list.count() == 0  # not yet: the header and timeline first
    qtbot.waitUntil(lambda: window.suggestions.list.count() >= 2, timeout=3000)
