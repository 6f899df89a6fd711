"""The suggestions panel (right): the open customer's top offers with reason, price and channel,
one click to offer, then the outcome; or, when the customer must be satisfied first, why not.

:class:`SuggestionsPanel` is the widget; :class:`Selling` wires it to the services (reads on the
pool, writes through the one writer) and gives every action a shortcut, so a whole offer can be
made from the keyboard: Alt+4 focuses the list, Ctrl+Alt+O offers the selected suggestion,
Ctrl+Alt+A / Ctrl+Alt+X / Ctrl+Alt+L answer the selected offer (accepted, declined, later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.services import audit, offers
from agent_desk.services.catalog import Catalog, load_catalog
from agent_desk.services.offers import OUTCOME_WORDS, OfferView
from agent_desk.services.suggest import Advice, Suggestion
from agent_desk.ui.widgets import EmptyState, panel_title

if TYPE_CHECKING:
    from agent_desk.ui.main_window import MainWindow

ROLE = Qt.ItemDataRole.UserRole
# the suggestions are read this long after a customer opens, so that the reads for the header
# and the first timeline rows (what the agent looks at first) do not wait behind them
LOAD_DELAY_MS = 150
CHANNEL_WORDS = {
    "phone": QT_TRANSLATE_NOOP("SuggestionsPanel", "by phone"),
    "email": QT_TRANSLATE_NOOP("SuggestionsPanel", "by e-mail"),
    "sms": QT_TRANSLATE_NOOP("SuggestionsPanel", "by SMS"),
    "chat": QT_TRANSLATE_NOOP("SuggestionsPanel", "by chat"),
    "post": QT_TRANSLATE_NOOP("SuggestionsPanel", "by post"),
}


class SuggestionsPanel(QStackedWidget):
    offer_requested = Signal(object, object)  # Suggestion, follow-up days or None
    outcome_requested = Signal(object, str)  # OfferView, outcome

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsPanel")
        self.setAccessibleName(translate("SuggestionsPanel", "Suggestions"))
        self.empty = EmptyState(
            "suggestionsEmpty",
            "suggestion",
            translate("SuggestionsPanel", "Suggestions"),
            translate(
                "SuggestionsPanel",
                "Next-best offers for the open customer appear here, only when the customer is "
                "satisfied and has not opted out.",
            ),
        )
        self.addWidget(self.empty)
        self.customer_id: int | None = None
        page = QWidget()
        page.setObjectName("suggestionsPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(panel_title(translate("SuggestionsPanel", "Suggestions")))
        self.held = QLabel()
        self.held.setObjectName("suggestionsHeld")
        self.held.setAccessibleName(translate("SuggestionsPanel", "Why there are no suggestions"))
        self.held.setWordWrap(True)
        self.held.setTextFormat(Qt.TextFormat.RichText)
        self.held.setStyleSheet(
            "background:#fff4e5; color:#663c00; border:1px solid #ffb74d; padding:6px;"
        )
        layout.addWidget(self.held)
        self.list = QListWidget()
        self.list.setObjectName("suggestionList")
        self.list.setAccessibleName(translate("SuggestionsPanel", "Suggested offers"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.itemActivated.connect(lambda _item: self._offer())
        layout.addWidget(self.list, 2)
        row = QHBoxLayout()
        self.follow_up = QCheckBox(translate("SuggestionsPanel", "Follow up"))
        self.follow_up.setObjectName("offerFollowUp")
        self.follow_up.setAccessibleName(
            translate("SuggestionsPanel", "Create a follow-up task for the offer")
        )
        self.follow_up_days = QSpinBox()
        self.follow_up_days.setObjectName("offerFollowUpDays")
        self.follow_up_days.setAccessibleName(translate("SuggestionsPanel", "Follow-up in days"))
        self.follow_up_days.setRange(0, 90)
        self.follow_up_days.setValue(7)
        self.follow_up_days.setSuffix(translate("SuggestionsPanel", " d"))
        self.follow_up_days.setToolTip(
            translate("SuggestionsPanel", "A follow-up task this many days after the offer")
        )
        self.offer_button = QPushButton(translate("SuggestionsPanel", "&Offer"))
        self.offer_button.setObjectName("offerButton")
        self.offer_button.setAccessibleName(
            translate("SuggestionsPanel", "Offer the selected suggestion")
        )
        self.offer_button.clicked.connect(self._offer)
        row.addWidget(self.follow_up)
        row.addWidget(self.follow_up_days)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.offer_button)
        caption = QLabel(translate("SuggestionsPanel", "Offers made"))
        caption.setObjectName("offersCaption")
        layout.addWidget(caption)
        self.offers = QListWidget()
        self.offers.setObjectName("offerList")
        self.offers.setAccessibleName(translate("SuggestionsPanel", "Offers made to this customer"))
        self.offers.setWordWrap(True)
        layout.addWidget(self.offers, 1)
        answers = QGridLayout()
        self.answer_buttons: dict[str, QPushButton] = {}
        for i, (outcome, text) in enumerate(
            (
                ("accepted", translate("SuggestionsPanel", "Accepted")),
                ("declined", translate("SuggestionsPanel", "Declined")),
                ("later", translate("SuggestionsPanel", "Later")),
            )
        ):
            button = QPushButton(text)
            button.setObjectName(f"{outcome}Button")
            button.setAccessibleName(
                translate("SuggestionsPanel", "The customer's answer: {answer}").format(
                    answer=text.lower()
                )
            )
            button.clicked.connect(lambda _on=False, o=outcome: self._answer(o))
            answers.addWidget(button, i // 2, i % 2)
            self.answer_buttons[outcome] = button
        layout.addLayout(answers)
        self.status = QLabel()
        self.status.setObjectName("suggestionsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.addWidget(page)
        self.page = page
        self.offers.currentItemChanged.connect(lambda *_a: self._enable())
        self.list.currentItemChanged.connect(lambda *_a: self._enable())
        self._enable()

    # -- showing ----------------------------------------------------------------------------
    def clear(self) -> None:
        self.customer_id = None
        self.list.clear()
        self.offers.clear()
        self.setCurrentWidget(self.empty)

    def loading(self) -> None:
        """Another customer is being loaded: nothing of the last one may be offered now."""
        self.customer_id = None
        self.list.clear()
        self.offers.clear()
        self.status.clear()
        self._enable()

    def show_advice(self, advice: Advice, made: list[OfferView]) -> None:
        self.customer_id = advice.customer_id  # what the list below is for
        self.setCurrentWidget(self.page)
        self.list.clear()
        if advice.held:
            heading = escape(translate("SuggestionsPanel", "Satisfy first: no offers now."))
            self.held.setText(
                f"<b>{heading}</b><br>" + "<br>".join(f"• {escape(r)}" for r in advice.held)
            )
            self.held.show()
            self.list.hide()
        else:
            self.held.hide()
            self.list.show()
        for s in advice.suggestions:
            word = CHANNEL_WORDS.get(s.channel or "")
            channel = translate("SuggestionsPanel", word) if word else s.channel or ""
            item = QListWidgetItem(f"{s.name}\n{s.price} {s.currency} · {channel}\n{s.reason}")
            item.setData(ROLE, s)
            item.setToolTip(f"{s.kind}: {s.rule}")
            self.list.addItem(item)
        if not advice.held and not advice.suggestions:
            placeholder = QListWidgetItem(
                translate(
                    "SuggestionsPanel",
                    "Nothing to suggest: the catalog has nothing that fits what they bought, or "
                    "it was offered or declined lately.",
                )
            )
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        elif advice.suggestions:
            self.list.setCurrentRow(0)
        self.offers.clear()
        for o in made:
            when = fmt().day_month(o.offered_at)
            item = QListWidgetItem(
                f"{o.name}: {translate('OfferOutcome', OUTCOME_WORDS.get(o.outcome, o.outcome))} "
                f"({when}, {o.offered_by or '?'}, {o.channel or '-'})"
            )
            item.setData(ROLE, o)
            self.offers.addItem(item)
        open_row = next((i for i, o in enumerate(made) if o.outcome in ("pending", "later")), -1)
        if open_row >= 0:
            self.offers.setCurrentRow(open_row)
        self._enable()

    def selected_suggestion(self) -> Suggestion | None:
        item = self.list.currentItem()
        value = item.data(ROLE) if item is not None else None
        return value if isinstance(value, Suggestion) else None

    def selected_offer(self) -> OfferView | None:
        item = self.offers.currentItem()
        value = item.data(ROLE) if item is not None else None
        return value if isinstance(value, OfferView) else None

    def _enable(self) -> None:
        self.offer_button.setEnabled(self.selected_suggestion() is not None)
        offer = self.selected_offer()
        for outcome, button in self.answer_buttons.items():
            button.setEnabled(offer is not None and offer.outcome != outcome)

    def _offer(self) -> None:
        s = self.selected_suggestion()
        if s is None:
            self.status.setText(translate("SuggestionsPanel", "Select a suggestion to offer."))
            return
        days = self.follow_up_days.value() if self.follow_up.isChecked() else None
        self.offer_requested.emit(s, days)

    def _answer(self, outcome: str) -> None:
        offer = self.selected_offer()
        if offer is None:
            self.status.setText(
                translate("SuggestionsPanel", "Select the offer the customer answered.")
            )
            return
        self.outcome_requested.emit(offer, outcome)


@dataclass(frozen=True)
class _Loaded:
    customer_id: int
    advice: Advice
    made: list[OfferView]


class Selling(QObject):
    """Loads the panel for the open customer and carries out its actions."""

    def __init__(self, window: MainWindow, panel: SuggestionsPanel) -> None:
        super().__init__(window)
        self.w = window
        self.panel = panel
        self.customer_id: int | None = None
        self._catalog: Catalog | None = None
        self._asked = 0
        self.delay_ms = LOAD_DELAY_MS
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._load)
        panel.offer_requested.connect(self.offer)
        panel.outcome_requested.connect(self.answer)

    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog(self.w.ctx.settings.catalog_dir or None)
        return self._catalog

    def settings_changed(self) -> None:
        self._catalog = None

    def build_menu(self, menu: QMenu) -> None:
        a = self.w._action
        menu.addAction(
            a(translate("Selling", "Show &suggestions"), "Alt+4", self.focus, "actionSuggestions")
        )
        offer = translate("Selling", "&Offer selected suggestion")
        menu.addAction(a(offer, "Ctrl+Alt+O", self.panel._offer, "actionOffer"))
        menu.addSeparator()
        for outcome, text, key in (
            ("accepted", translate("Selling", "Offer &accepted"), "Ctrl+Alt+A"),
            ("declined", translate("Selling", "Offer &declined"), "Ctrl+Alt+X"),
            ("later", translate("Selling", "Offer: ask again &later"), "Ctrl+Alt+L"),
        ):
            menu.addAction(
                a(text, key, lambda _on=False, o=outcome: self.panel._answer(o),
                  f"action{outcome.title()}Offer")
            )  # fmt: skip

    def focus(self) -> None:
        target = self.panel.list if self.panel.list.isVisible() else self.panel.offers
        target.setFocus()

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        if customer_id is None:
            self.panel.clear()
            return
        self.panel.loading()
        self._asked += 1
        if self.delay_ms:  # the header and timeline first: the agent reads them first
            self._timer.start(self.delay_ms)
        else:
            self._load()

    def _load(self) -> None:
        customer_id, asked = self.customer_id, self._asked
        if customer_id is None:
            return
        db, tz = self.w.ctx.database, self.w.ctx.settings.zone()
        try:
            catalog = self.catalog()
        except AgentDeskError as exc:  # a broken catalog file: say so where the list would be
            self.panel.clear()
            self.panel.empty.text.setText(escape(str(exc)))
            return

        def work() -> _Loaded:
            return _Loaded(
                customer_id,
                offers.advice(db, customer_id, catalog, tz),
                offers.of_customer(db, customer_id, limit=10),
            )

        def done(loaded: _Loaded) -> None:
            if asked == self._asked and loaded.customer_id == self.customer_id:
                self.panel.show_advice(loaded.advice, loaded.made)

        self.w.ops.run(work, done, self._failed)

    def offer(self, suggestion: Suggestion, follow_up_days: int | None) -> None:
        cid = self.panel.customer_id  # the customer the shown list was made for
        if cid is None or cid != self.customer_id:
            return
        db, me = self.w.ctx.database, self.w.ctx.agent_username
        cool_down = timedelta(days=self.catalog().policy.offered_days)

        def work() -> int:
            return offers.make_offer(
                db, cid, suggestion, me, follow_up_days=follow_up_days, cool_down=cool_down
            )

        def done(_offer_id: int) -> None:
            self.w._reload_views()  # the offer on the timeline, the task in My day
            self.panel.status.setText(
                translate(
                    "Selling",
                    "Offered {name}: set the answer (Ctrl+Alt+A accepted, "
                    "Ctrl+Alt+X declined, Ctrl+Alt+L later).",
                ).format(name=suggestion.name)
            )

        self.w.ops.write(work, done, self._failed)

    def answer(self, offer: OfferView, outcome: str) -> None:
        db, me = self.w.ctx.database, self.w.ctx.agent_username

        def work() -> None:
            offers.set_outcome(db, offer.id, outcome, me, version=offer.version)

        def done(_none: None) -> None:
            self.w._reload_views()
            self.panel.status.setText(
                f"{offer.name}: {translate('OfferOutcome', OUTCOME_WORDS[outcome])}."
            )

        self.w.ops.write(work, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, audit.Conflict | AgentDeskError):
            if self.customer_id is not None:
                self.show_customer(self.customer_id)  # show what is true now
            self.panel.status.setText(str(exc))
            return
        self.w._background_failed(exc)


def rates_rows(rates: list[Any]) -> list[tuple[str, str, str, str, str, str]]:
    """The lead window's table: rule, offered, accepted, declined, later, rate."""
    return [
        (r.rule, str(r.offered), str(r.accepted), str(r.declined), str(r.later),
         "-" if r.rate is None else fmt().percent(r.rate))
        for r in rates
    ]  # fmt: skip
