"""The main window's regions: search and my-day queue (left), customer 360 (centre),
suggestions (right). Each shows an empty state that says what to do next."""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.services.changes import Presence
from agent_desk.services.customers import CustomerCard
from agent_desk.services.pop import PopRequest
from agent_desk.services.profile import Profile
from agent_desk.services.search import SearchHit
from agent_desk.services.tasks import TaskView
from agent_desk.ui.followup import ID_ROLE, queue_item
from agent_desk.ui.identity import IdentityPanel
from agent_desk.ui.theme import icon
from agent_desk.ui.timeline import TimelineView
from agent_desk.ui.widgets import EmptyState, panel_title

HIT_ROLE = Qt.ItemDataRole.UserRole
# what a person reads for the values the profile computes (services.profile)
TIER_LABELS = {
    "platinum": QT_TRANSLATE_NOOP("panels", "Platinum"),
    "gold": QT_TRANSLATE_NOOP("panels", "Gold"),
    "silver": QT_TRANSLATE_NOOP("panels", "Silver"),
    "bronze": QT_TRANSLATE_NOOP("panels", "Bronze"),
}
STAGE_LABELS = {
    "new": QT_TRANSLATE_NOOP("panels", "New"),
    "active": QT_TRANSLATE_NOOP("panels", "Active"),
    "loyal": QT_TRANSLATE_NOOP("panels", "Loyal"),
    "lapsing": QT_TRANSLATE_NOOP("panels", "Lapsing"),
    "lost": QT_TRANSLATE_NOOP("panels", "Lost"),
}
RISK_LABELS = {
    "low": QT_TRANSLATE_NOOP("panels", "Low"),
    "medium": QT_TRANSLATE_NOOP("panels", "Medium"),
    "high": QT_TRANSLATE_NOOP("panels", "High"),
}


def value_label(labels: dict[str, str], value: str) -> str:
    """A computed value as a person reads it (one this version does not know: capitalized)."""
    text = labels.get(value)
    return translate("panels", text) if text else value.capitalize()


def hit_text(hit: SearchHit) -> str:
    """Two lines per hit: the name, then what tells two "Maria Garcia"s apart (city, customer
    number, last contact, value tier)."""
    last = (
        translate("panels", "last contact {date}").format(date=fmt().date(hit.last_contact_at))
        if hit.last_contact_at
        else translate("panels", "no contact yet")
    )
    details = " · ".join(
        x
        for x in (
            hit.city,
            translate("panels", "No. {number}").format(number=hit.customer_number)
            if hit.customer_number
            else None,
            last,
            value_label(TIER_LABELS, hit.value_tier) if hit.value_tier else None,
        )
        if x
    )
    return f"{hit.display_name}\n{details}"


class SearchBox(QLineEdit):
    """Esc clears; Down moves into the results."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Search as you type; arrow keys and Enter open a customer."""

    query_changed = Signal(str)
    customer_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.setAccessibleName(translate("SearchPanel", "Customer search and my day"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.box = SearchBox()
        self.box.setObjectName("searchBox")
        self.box.setAccessibleName(translate("SearchPanel", "Search customers"))
        self.box.setPlaceholderText(
            translate("SearchPanel", "Name, phone, e-mail or number  (Ctrl+F)")
        )
        self.box.setClearButtonEnabled(True)
        self.box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.box.textChanged.connect(self.query_changed)
        self.box.move_down.connect(self._focus_results)
        self.box.returnPressed.connect(self._open_first)
        layout.addWidget(self.box)

        self.results, self.results_empty, self.results_stack = self._list_with_empty_state(
            "searchResults",
            translate("SearchPanel", "Search results"),
            EmptyState(
                "searchEmpty",
                "search",
                translate("SearchPanel", "Find the caller"),
                translate(
                    "SearchPanel",
                    "Type a name, e-mail, phone (the last digits are enough) or customer number.",
                ),
            ),
        )
        layout.addWidget(self.results_stack, 3)

        self.queue_title = panel_title(translate("SearchPanel", "My day"))
        self.queue_title.setAccessibleName(
            translate("SearchPanel", "My day: how many follow-ups are due")
        )
        layout.addWidget(self.queue_title)
        self.queue, self.queue_empty, self.queue_stack = self._list_with_empty_state(
            "myDayQueue",
            translate("SearchPanel", "My day: follow-ups due"),
            EmptyState(
                "myDayEmpty",
                "task",
                translate("SearchPanel", "Nothing due"),
                translate(
                    "SearchPanel", "Follow-ups you create or are given appear here, overdue first."
                ),
            ),
        )
        layout.addWidget(self.queue_stack, 2)

    def _list_with_empty_state(
        self, name: str, accessible: str, empty: EmptyState
    ) -> tuple[QListWidget, EmptyState, QStackedWidget]:
        """A list that opens customers, stacked over the empty state shown when it has none."""
        items = QListWidget()
        items.setObjectName(name)
        items.setAccessibleName(accessible)
        items.itemActivated.connect(self._activated)
        items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        items.setTextElideMode(Qt.TextElideMode.ElideRight)
        stack = QStackedWidget()
        stack.addWidget(empty)
        stack.addWidget(items)
        return items, empty, stack

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def show_hits(self, query: str, hits: list[SearchHit], store_empty: bool) -> None:
        if query != self.box.text().strip():
            return  # an older query's answer arrived late
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(icon("customer"), hit_text(hit))
            item.setData(HIT_ROLE, hit.id)
            item.setToolTip(
                "\n".join(
                    x
                    for x in (
                        translate("SearchPanel", "Matched: {what}").format(what=hit.matched),
                        hit.email,
                        hit.phone,
                        translate("SearchPanel", "Customer #{id}").format(id=hit.id),
                    )
                    if x
                )
            )
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
            self.results_stack.setCurrentWidget(self.results)
            return
        if not query:
            self.results_empty.set_message(
                translate("SearchPanel", "Find the caller"),
                translate(
                    "SearchPanel",
                    "Type a name, e-mail, phone (the last digits are enough) or customer number.",
                ),
            )
        elif store_empty:
            self.results_empty.set_message(
                translate("SearchPanel", "No customers yet"),
                translate(
                    "SearchPanel",
                    "Connect your source systems or load the demo data (see Help, F1).",
                ),
            )
        else:
            self.results_empty.set_message(
                translate("SearchPanel", "No customer matches “{query}”").format(query=query),
                translate(
                    "SearchPanel",
                    "Try fewer letters, the last digits of the phone number, "
                    "or the e-mail address.",
                ),
            )
        self.results_stack.setCurrentWidget(self.results_empty)

    def show_tasks(self, tasks: list[TaskView], zone: tzinfo, reminded: set[int]) -> None:
        """The agent's queue: overdue, today, upcoming, no date, snoozed, done lately; the
        current entry stays current across a refresh."""
        current = self.queue.currentItem()
        keep = current.data(ID_ROLE) if current is not None else None
        self.queue.clear()
        for task in tasks:
            item = queue_item(task, zone, task.id in reminded and task.bucket != "done")
            self.queue.addItem(item)
            if task.id == keep:
                self.queue.setCurrentItem(item)
        due = sum(1 for t in tasks if t.bucket in ("overdue", "today"))
        late = sum(1 for t in tasks if t.bucket == "overdue")
        bells = len(reminded & {t.id for t in tasks if t.bucket != "done"})
        if not due:
            title = translate("SearchPanel", "My day")
        elif late:
            title = translate("SearchPanel", "My day — {due} due, {late} overdue").format(
                due=due, late=late
            )
        else:
            title = translate("SearchPanel", "My day — {due} due").format(due=due)
        if bells:
            title += f", 🔔 {bells}"
        self.queue_title.setText(title)
        self.queue_stack.setCurrentWidget(self.queue if tasks else self.queue_empty)

    def _focus_results(self) -> None:
        if self.results.count() and self.results_stack.currentWidget() is self.results:
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)

    def _open_first(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None and self.results_stack.currentWidget() is self.results:
            self._activated(item)

    def _activated(self, item: QListWidgetItem) -> None:
        customer_id = item.data(HIT_ROLE)
        if customer_id is not None:
            self.customer_chosen.emit(int(customer_id))


class NewCallerCard(QFrame):
    """A caller nobody knows: the number (or e-mail) the pop brought is filled in; the agent
    types the name and creates the customer (Ctrl+Enter), or searches on (Esc)."""

    create_requested = Signal(dict)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCallerCard")
        self.setAccessibleName(translate("NewCallerCard", "New caller"))
        layout = QVBoxLayout(self)
        self.title = QLabel(translate("NewCallerCard", "New caller"))
        self.title.setObjectName("newCallerTitle")
        self.title.setStyleSheet("font-size:16pt;font-weight:600;")
        layout.addWidget(self.title)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit] = {}
        for key, label in (
            ("given_name", translate("NewCallerCard", "&Given name")),
            ("family_name", translate("NewCallerCard", "&Family name")),
            ("phone", translate("NewCallerCard", "&Phone")),
            ("email", translate("NewCallerCard", "&E-mail")),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"newCaller_{key}")
            edit.setAccessibleName(label.replace("&", ""))
            edit.returnPressed.connect(self._create)
            self.inputs[key] = edit
            form.addRow(label, edit)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(translate("NewCallerCard", "&Create customer"))
        self.create_button.setObjectName("newCallerCreate")
        self.create_button.setAccessibleName(translate("NewCallerCard", "Create the customer"))
        self.create_button.setShortcut("Ctrl+Return")
        self.create_button.clicked.connect(self._create)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def start(self, kind: str, value: str) -> None:
        for edit in self.inputs.values():
            edit.clear()
        if kind in ("phone", "email"):
            self.inputs[kind].setText(value)
        no_match = {
            "phone": translate("NewCallerCard", "No customer matches the phone “{value}”."),
            "email": translate("NewCallerCard", "No customer matches the e-mail “{value}”."),
            "customer": translate("NewCallerCard", "No customer matches the customer “{value}”."),
            "order": translate("NewCallerCard", "No customer matches the order “{value}”."),
            "ticket": translate("NewCallerCard", "No customer matches the ticket “{value}”."),
        }[kind].format(value=value)
        self.hint.setText(
            translate(
                "NewCallerCard",
                "{no_match} Type the caller's name and press Enter to create the customer, "
                "or Esc to search again.",
            ).format(no_match=no_match)
        )
        self.inputs["given_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismissed.emit()
            return
        super().keyPressEvent(event)

    def _create(self) -> None:
        self.create_requested.emit({k: e.text() for k, e in self.inputs.items()})


class CustomerArea(QStackedWidget):
    """The customer 360 view. This shell shows the header card of the open customer."""

    create_requested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customer360")
        self.setAccessibleName(translate("CustomerArea", "Customer 360"))
        self.empty = EmptyState(
            "customerEmpty",
            "customer",
            translate("CustomerArea", "No customer open"),
            translate(
                "CustomerArea",
                "Press <b>Ctrl+F</b> and type a name, phone number, e-mail or customer number.",
            ),
        )
        self.addWidget(self.empty)
        self.page = QWidget()
        self.page.setObjectName("customerPage")
        page_layout = QVBoxLayout(self.page)
        self.alerts = QLabel()
        self.alerts.setObjectName("specialHandling")
        self.alerts.setAccessibleName(translate("CustomerArea", "Special handling"))
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet(
            "background:#cf222e;color:#ffffff;font-weight:600;padding:8px;border-radius:6px;"
        )
        page_layout.addWidget(self.alerts)
        self.header = QFrame()
        self.header.setObjectName("customerHeader")
        self.header.setAccessibleName(translate("CustomerArea", "Customer header"))
        form = QFormLayout(self.header)
        self.name = QLabel()
        self.name.setObjectName("customerName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.name)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("contact", translate("CustomerArea", "Contact")),
            ("company", translate("CustomerArea", "Company")),
            ("email", translate("CustomerArea", "E-mail")),
            ("phone", translate("CustomerArea", "Phone")),
            ("address", translate("CustomerArea", "Address")),
            ("ids", translate("CustomerArea", "In systems")),
            ("value", translate("CustomerArea", "Value")),
            ("stage", translate("CustomerArea", "Stage")),
            ("risk", translate("CustomerArea", "Defection risk")),
            ("open", translate("CustomerArea", "Open", "still to be done: tickets, promises")),
            ("last", translate("CustomerArea", "Last time")),
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"customerField_{key}")
            value.setAccessibleName(label)
            value.setWordWrap(True)
            self.fields[key] = value
            form.addRow(label, value)
        self.fields["ids"].setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.fields["ids"].setOpenExternalLinks(True)
        page_layout.addWidget(self.header)
        self.presence = QLabel()
        self.presence.setObjectName("presence")
        self.presence.setAccessibleName(
            translate("CustomerArea", "Other agents with this customer open")
        )
        self.presence.setWordWrap(True)
        self.presence.setStyleSheet(
            "background:#0969da;color:#ffffff;font-weight:600;padding:6px;border-radius:6px;"
        )
        self.presence.hide()
        page_layout.addWidget(self.presence)
        self.stale = QLabel()
        self.stale.setObjectName("staleBanner")
        self.stale.setAccessibleName(translate("CustomerArea", "Stale data warning"))
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet(
            "background:#9a6700;color:#ffffff;font-weight:600;padding:6px;border-radius:6px;"
        )
        self.stale.hide()
        page_layout.addWidget(self.stale)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("customerTabs")
        self.tabs.setAccessibleName(translate("CustomerArea", "Customer details"))
        self.timeline = TimelineView()
        self.tabs.addTab(self.timeline, translate("CustomerArea", "&Timeline"))
        self.identity = IdentityPanel()
        self.tabs.addTab(self.identity, translate("CustomerArea", "&Identity"))
        page_layout.addWidget(self.tabs, 1)
        self.addWidget(self.page)
        self.new_caller = NewCallerCard()
        self.new_caller.create_requested.connect(self.create_requested)
        self.new_caller.dismissed.connect(self.show_empty)
        self.addWidget(self.new_caller)
        self.current: CustomerCard | None = None
        self.profile: Profile | None = None

    def show_new_caller(self, request: PopRequest) -> None:
        self.current = None
        self.identity.clear()
        self.setCurrentWidget(self.new_caller)
        self.new_caller.start(request.kind, request.value)

    def show_customer(self, card: CustomerCard) -> None:
        if self.current is None or self.current.id != card.id:
            self.profile = None
            self.presence.hide()  # until the new customer's presence is known
        self.current = card
        self.alerts.setText("\n".join(f"⚠ {a}" for a in card.special_handling))
        self.alerts.setVisible(bool(card.special_handling))
        self.name.setText(card.display_name)
        self.fields["company"].setText(card.company or "—")
        self.fields["email"].setText(card.email or "—")
        self.fields["phone"].setText(card.phone or "—")
        self.fields["address"].setText(card.address or "—")
        self.fields["contact"].setText(
            translate("CustomerArea", "Do not contact by {channels}").format(
                channels=", ".join(card.opted_out)
            )
            if card.opted_out
            else translate("CustomerArea", "No opt-outs")
        )
        for key in ("ids", "value", "stage", "risk", "open", "last"):
            self.fields[key].setText("…")
        self.setCurrentWidget(self.page)

    def show_profile(self, p: Profile) -> None:
        """The 360 values computed for the open customer (see services.profile)."""
        self.profile = p
        contact = self.fields["contact"]
        contact.setText(p.contact_summary)
        warn = any(x.opted_out for x in p.preferences)
        contact.setStyleSheet("color:#cf222e;font-weight:700;" if warn else "")
        ids = [
            f'<a href="{escape(i.link, quote=True)}">{escape(i.source)} {escape(i.external_id)}</a>'
            if i.link
            else f"{escape(i.source)} {escape(i.external_id)}"
            for i in p.ids
        ]
        self.fields["ids"].setText(
            " · ".join(ids) or translate("CustomerArea", "only in Agent Desk")
        )
        if p.revenue is None:
            value = translate("CustomerArea", "no purchases yet")
        else:
            tier = (
                value_label(TIER_LABELS, p.tier) if p.tier else translate("CustomerArea", "No tier")
            )
            revenue = fmt().money(p.revenue, p.currency)
            if p.other_currencies:
                value = translate(
                    "CustomerArea", "{tier} · lifetime revenue {revenue} (also {currencies})"
                ).format(tier=tier, revenue=revenue, currencies=", ".join(p.other_currencies))
            else:
                value = translate("CustomerArea", "{tier} · lifetime revenue {revenue}").format(
                    tier=tier, revenue=revenue
                )
        self.fields["value"].setText(value)
        self.fields["stage"].setText(
            f"{value_label(STAGE_LABELS, p.stage)}: {p.stage_reason}" if p.stage else p.stage_reason
        )
        risk = self.fields["risk"]
        risk_label = value_label(RISK_LABELS, p.risk)
        risk.setText(f"{risk_label}: {'; '.join(p.risk_reasons)}" if p.risk_reasons else risk_label)
        risk.setStyleSheet(
            {"high": "color:#cf222e;font-weight:700;", "medium": "color:#9a6700;"}.get(p.risk, "")
        )
        tickets = translate("CustomerArea", "%n ticket(s)", None, p.open_tickets)
        promises = translate("CustomerArea", "%n promise(s)", None, p.open_commitments)
        if p.overdue_commitments:
            open_text = translate(
                "CustomerArea", "{tickets}, {promises}, {overdue} overdue"
            ).format(tickets=tickets, promises=promises, overdue=p.overdue_commitments)
        else:
            open_text = translate("CustomerArea", "{tickets}, {promises}").format(
                tickets=tickets, promises=promises
            )
        self.fields["open"].setText(open_text)
        # the same words profile.unhappy gives a broken promise, in the user's language
        broken = translate("profile", "broken promise: {promise}").format(promise="")
        self.fields["open"].setStyleSheet(
            "color:#cf222e;font-weight:700;"
            if p.overdue_commitments or any(r.startswith(broken) for r in p.risk_reasons)
            else ""
        )
        self.fields["last"].setText(p.last_time or translate("CustomerArea", "no contact yet"))

    def show_presence(self, others: list[Presence]) -> None:
        """Who else has this customer open, so two agents do not both call back."""
        if not others:
            self.presence.hide()
            return
        names = ", ".join(
            translate("CustomerArea", "{agent} (since {time})").format(
                agent=o.agent, time=fmt().time(o.since)
            )
            for o in others
        )
        self.presence.setText(
            translate(
                "CustomerArea", "Also open by {names}: agree who calls the customer back."
            ).format(names=names)
        )
        self.presence.show()

    def show_stale(self, lines: list[str]) -> None:
        self.stale.setText(
            "\n".join(
                translate("CustomerArea", "Data may be out of date. {reason}").format(reason=line)
                for line in lines
            )
        )
        self.stale.setVisible(bool(lines))

    def show_empty(self) -> None:
        self.current = None
        self.identity.clear()
        self.timeline.clear()
        self.setCurrentWidget(self.empty)
