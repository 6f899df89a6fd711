"""The customer's Identity tab: why these records are one customer, the open "possible same
person" pairs, the merge journal, and the decisions an agent makes about them.

:class:`IdentityPanel` only shows an explanation and says what the agent asked for;
:class:`IdentityActions` previews each decision off the GUI thread, asks for confirmation,
makes it through the single writer, and reports ``changed`` so the window reloads the customer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import fmt, translate
from agent_desk.identity.explain import Member, Possible
from agent_desk.services.identity import Explanation, IdentityDesk, Preview, can_undo
from agent_desk.ui.confirm import ConfirmDialog, CustomerIdDialog
from agent_desk.ui.ops import Ops
from agent_desk.ui.widgets import panel_title

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole


def _name(name: str | None) -> str:
    return name or translate("identity", "no name")


def member_text(m: Member) -> str:
    if m.deleted:
        head = translate(
            "identity",
            "Record {record}: {source} {entity} {external_id} ({name}) [deleted at source]",
        )
    else:
        head = translate("identity", "Record {record}: {source} {entity} {external_id} ({name})")
    head = head.format(
        record=m.record_id,
        source=m.source,
        entity=m.entity,
        external_id=m.external_id,
        name=_name(m.name),
    )
    if m.via is None:
        first = translate("identity", "the first record of this customer")
        return f"{head}\n    {first}"
    fields = {"because": m.because, "record": m.via, "decided": m.decided}
    if m.score:
        why = translate(
            "identity", "merged because: {because} (with record {record}; {decided}, score {score})"
        ).format(score=fmt().number(m.score), **fields)
    else:
        why = translate(
            "identity", "merged because: {because} (with record {record}; {decided})"
        ).format(**fields)
    return f"{head}\n    {why}"


def possible_text(p: Possible) -> str:
    who = translate("identity", "Customer {customer} ({name}) may be the same person").format(
        customer=p.other_customer_id, name=_name(p.other_name)
    )
    why = translate(
        "identity",
        "{reason} (score {score}; record {record} and record {other_record}, link {link})",
    ).format(
        reason=p.reason,
        score=fmt().number(p.score),
        record=p.record_id,
        other_record=p.other_record_id,
        link=p.link_id,
    )
    return f"{who}\n    {why}"


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setToolTip(tip)
    button.setEnabled(False)
    return button


def _list(name: str, accessible: str) -> QListWidget:
    items = QListWidget()
    items.setObjectName(name)
    items.setAccessibleName(accessible)
    items.setTextElideMode(Qt.TextElideMode.ElideRight)
    items.setWordWrap(True)
    return items


class IdentityPanel(QWidget):
    split_requested = Signal(int)  # record id
    merge_requested = Signal()
    confirm_requested = Signal(int)  # link id
    reject_requested = Signal(int)  # link id
    undo_requested = Signal(int)  # journal entry id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerIdentity")
        self.setAccessibleName(
            translate("IdentityPanel", "Identity: why these records are one customer")
        )
        self.explanation: Explanation | None = None
        layout = QVBoxLayout(self)
        self.merged_note = QLabel()
        self.merged_note.setObjectName("identityMergedNote")
        self.merged_note.setWordWrap(True)
        self.merged_note.hide()
        layout.addWidget(self.merged_note)

        layout.addWidget(panel_title(translate("IdentityPanel", "Records of this customer")))
        self.records = _list(
            "identityRecords", translate("IdentityPanel", "Records of this customer and why")
        )
        layout.addWidget(self.records, 3)
        row = QHBoxLayout()
        self.split_button = _button(
            translate("IdentityPanel", "Sp&lit this record out…"),
            "identitySplit",
            translate(
                "IdentityPanel",
                "Make the selected record a customer of its own (you see what moves first)",
            ),
        )
        self.merge_button = _button(
            translate("IdentityPanel", "&Merge with customer…"),
            "identityMerge",
            translate(
                "IdentityPanel", "Join another customer into this one (you see what moves first)"
            ),
        )
        row.addWidget(self.split_button)
        row.addWidget(self.merge_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(panel_title(translate("IdentityPanel", "Possible same person")))
        self.possible = _list(
            "identityPossible",
            translate("IdentityPanel", "Possible same person, to confirm or reject"),
        )
        layout.addWidget(self.possible, 2)
        row = QHBoxLayout()
        self.confirm_button = _button(
            translate("IdentityPanel", "C&onfirm same person…"),
            "identityConfirm",
            translate("IdentityPanel", "Merge the two customers"),
        )
        self.reject_button = _button(
            translate("IdentityPanel", "&Not the same person…"),
            "identityReject",
            translate("IdentityPanel", "Never propose this pair again"),
        )
        row.addWidget(self.confirm_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(panel_title(translate("IdentityPanel", "Merge journal")))
        self.journal = _list(
            "identityJournal", translate("IdentityPanel", "Merges and splits of this customer")
        )
        layout.addWidget(self.journal, 2)
        row = QHBoxLayout()
        self.undo_button = _button(
            translate("IdentityPanel", "&Undo this entry…"),
            "identityUndo",
            translate("IdentityPanel", "Put the records back as they were"),
        )
        row.addWidget(self.undo_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.records.currentItemChanged.connect(self._update_buttons)
        self.possible.currentItemChanged.connect(self._update_buttons)
        self.journal.currentItemChanged.connect(self._update_buttons)
        self.split_button.clicked.connect(lambda: self._emit(self.records, self.split_requested))
        self.merge_button.clicked.connect(self.merge_requested)
        self.confirm_button.clicked.connect(
            lambda: self._emit(self.possible, self.confirm_requested)
        )
        self.reject_button.clicked.connect(lambda: self._emit(self.possible, self.reject_requested))
        self.undo_button.clicked.connect(lambda: self._emit(self.journal, self.undo_requested))

    # -- showing ------------------------------------------------------------------------------
    def show_explanation(self, explanation: Explanation) -> None:
        self.explanation = explanation
        if explanation.asked != explanation.customer_id:
            self.merged_note.setText(
                translate(
                    "IdentityPanel",
                    "Customer {asked} was merged into customer {customer}: "
                    "you are seeing customer {customer}.",
                ).format(asked=explanation.asked, customer=explanation.customer_id)
            )
            self.merged_note.show()
        else:
            self.merged_note.hide()
        cannot_undo = translate("IdentityPanel", "This entry cannot be undone.")
        self._fill(
            self.records,
            [(m.record_id, member_text(m), m.line()) for m in explanation.members],
            translate("IdentityPanel", "No source records: this customer was created by hand."),
        )
        self._fill(
            self.possible,
            [(p.link_id, possible_text(p), "") for p in explanation.possible],
            translate("IdentityPanel", "No open “possible same person” suggestions."),
        )
        self._fill(
            self.journal,
            [(j.id, j.line(), "" if can_undo(j) else cannot_undo) for j in explanation.journal],
            translate("IdentityPanel", "No merges or splits yet."),
        )
        self.merge_button.setEnabled(True)
        self._update_buttons()

    def clear(self) -> None:
        self.explanation = None
        self.merged_note.hide()
        for items in (self.records, self.possible, self.journal):
            items.clear()
        self.merge_button.setEnabled(False)
        self._update_buttons()

    @staticmethod
    def _fill(items: QListWidget, rows: list[tuple[int, str, str]], empty: str) -> None:
        items.clear()
        for key, text, tip in rows:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, key)
            item.setToolTip(tip or text)
            items.addItem(item)
        if not rows:
            placeholder = QListWidgetItem(empty)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            items.addItem(placeholder)
        else:
            items.setCurrentRow(0)

    def selected(self, items: QListWidget) -> int | None:
        item = items.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def _emit(self, items: QListWidget, signal: Any) -> None:
        value = self.selected(items)
        if value is not None:
            signal.emit(value)

    def _update_buttons(self, *_args: object) -> None:
        members = len(self.explanation.members) if self.explanation else 0
        self.split_button.setEnabled(self.selected(self.records) is not None and members > 1)
        has_pair = self.selected(self.possible) is not None
        self.confirm_button.setEnabled(has_pair)
        self.reject_button.setEnabled(has_pair)
        entry = self.selected(self.journal)
        lines = {j.id: j for j in self.explanation.journal} if self.explanation else {}
        self.undo_button.setEnabled(entry in lines and can_undo(lines[entry]))


class IdentityActions(QObject):
    """Preview ► confirm ► decide, for the decisions asked for in an :class:`IdentityPanel`."""

    changed = Signal(str)  # what was done, for the status bar; the customer must be reloaded

    def __init__(
        self,
        panel: IdentityPanel,
        ops: Ops,
        desk: Callable[[], IdentityDesk],
        suggested: Callable[[], int | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.panel, self.ops, self.desk, self.suggested = panel, ops, desk, suggested
        self.window = parent
        self.dialog: ConfirmDialog | CustomerIdDialog | QMessageBox | None = None
        panel.split_requested.connect(self.split)
        panel.merge_requested.connect(self.ask_merge)
        panel.confirm_requested.connect(self.confirm)
        panel.reject_requested.connect(self.reject)
        panel.undo_requested.connect(self.undo)

    def _customer(self) -> int | None:
        return self.panel.explanation.customer_id if self.panel.explanation else None

    # -- the decisions ------------------------------------------------------------------------
    def split(self, record_id: int) -> None:
        def confirmed() -> None:
            self._decide(
                lambda: self.desk().split(record_id),
                lambda entries: _entry(
                    translate(
                        "IdentityActions", "Record {record} is now a customer of its own"
                    ).format(record=record_id),
                    entries,
                ),
            )

        self._preview(
            lambda: self.desk().preview_split(record_id),
            "confirmSplit",
            translate("IdentityActions", "Split this record out"),
            translate(
                "IdentityActions",
                "Make this record a customer of its own? You can undo it from the journal.",
            ),
            translate("IdentityActions", "Split"),
            confirmed,
        )

    def ask_merge(self) -> None:
        customer = self._customer()
        if customer is None:
            return
        dialog = CustomerIdDialog(
            translate("IdentityActions", "Merge with customer"),
            translate(
                "IdentityActions",
                "Merge customer {customer} with which customer? The one with more records keeps "
                "its number; you see what moves before anything changes.",
            ).format(customer=customer),
            customer,
            self.suggested(),
            self.window,
        )
        dialog.accepted.connect(lambda: self._merge_with(customer, dialog.value()))
        self._show(dialog)

    def _merge_with(self, customer: int, other: int | None) -> None:
        if other is None:
            return

        def confirmed() -> None:
            self._decide(
                lambda: self.desk().merge(customer, other),
                lambda entries: _entry(
                    translate(
                        "IdentityActions", "Customers {customer} and {other} are one now"
                    ).format(customer=customer, other=other),
                    entries,
                ),
            )

        self._preview(
            lambda: self.desk().preview_merge(customer, other),
            "confirmMerge",
            translate("IdentityActions", "Merge customers"),
            translate(
                "IdentityActions", "Merge these customers? You can undo it from the journal."
            ),
            translate("IdentityActions", "Merge"),
            confirmed,
        )

    def confirm(self, link_id: int) -> None:
        customer, pair = self._customer(), self._pair(link_id)
        if customer is None or pair is None or pair.other_customer_id is None:
            return
        other = pair.other_customer_id

        def confirmed() -> None:
            self._decide(
                lambda: self.desk().confirm(link_id),
                lambda entries: _entry(
                    translate(
                        "IdentityActions", "Confirmed: customers {customer} and {other} are one now"
                    ).format(customer=customer, other=other),
                    entries,
                ),
            )

        self._preview(
            lambda: self.desk().preview_merge(customer, other),
            "confirmSamePerson",
            translate("IdentityActions", "Confirm same person"),
            translate(
                "IdentityActions",
                "Same person: {reason}. Merge the customers? You can undo it from the journal.",
            ).format(reason=pair.reason),
            translate("IdentityActions", "Merge"),
            confirmed,
        )

    def reject(self, link_id: int) -> None:
        customer, pair = self._customer(), self._pair(link_id)
        if customer is None or pair is None:
            return
        lines = [
            translate(
                "IdentityActions", "customer {customer} and customer {other} ({name}) stay apart"
            ).format(customer=customer, other=pair.other_customer_id, name=_name(pair.other_name)),
            "  "
            + translate("IdentityActions", "suggested because: {reason} (score {score})").format(
                reason=pair.reason, score=fmt().number(pair.score)
            ),
            "  "
            + translate(
                "IdentityActions",
                "this pair will not be proposed again, nor merged by a later sync",
            ),
        ]
        self._confirm(
            "confirmReject",
            translate("IdentityActions", "Not the same person"),
            translate("IdentityActions", "Mark these two as different people?"),
            lines,
            translate("IdentityActions", "Not the same person"),
            lambda: self._decide(
                lambda: self.desk().reject(link_id),
                lambda _none: translate(
                    "IdentityActions", "Customer {customer} will not be proposed again"
                ).format(customer=pair.other_customer_id),
            ),
        )

    def undo(self, entry_id: int) -> None:
        def confirmed() -> None:
            self._decide(
                lambda: self.desk().undo(entry_id),
                lambda undo_id: translate(
                    "IdentityActions", "Journal entry #{entry} undone (entry #{undo})"
                ).format(entry=entry_id, undo=undo_id),
            )

        self._preview(
            lambda: self.desk().preview_undo(entry_id),
            "confirmUndo",
            translate("IdentityActions", "Undo journal entry #{entry}").format(entry=entry_id),
            translate("IdentityActions", "Put these records back where they were?"),
            translate("IdentityActions", "Undo"),
            confirmed,
        )

    # -- plumbing -----------------------------------------------------------------------------
    def _pair(self, link_id: int) -> Possible | None:
        explanation = self.panel.explanation
        found = [p for p in explanation.possible if p.link_id == link_id] if explanation else []
        return found[0] if found else None

    def _preview(
        self,
        preview: Callable[[], Preview],
        name: str,
        title: str,
        question: str,
        action: str,
        confirmed: Callable[[], None],
    ) -> None:
        def show(result: Preview) -> None:
            self._confirm(name, title, question, result.lines(), action, confirmed)

        self.ops.run(preview, show, self._failed)

    def _confirm(
        self,
        name: str,
        title: str,
        question: str,
        lines: list[str],
        action: str,
        confirmed: Callable[[], None],
    ) -> None:
        dialog = ConfirmDialog(name, title, question, lines, action, self.window)
        dialog.accepted.connect(confirmed)
        self._show(dialog)

    def _decide(self, work: Callable[[], Any], message: Callable[[Any], str]) -> None:
        self.ops.write(work, lambda result: self.changed.emit(message(result)), self._failed)

    def _show(self, dialog: ConfirmDialog | CustomerIdDialog | QMessageBox) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, AgentDeskError):
            raise exc  # a bug: the error reporter logs and shows it
        log.warning("%s", exc)
        box = QMessageBox(
            QMessageBox.Icon.Warning, translate("IdentityActions", "Nothing changed"), str(exc)
        )
        box.setParent(self.window, box.windowFlags())
        box.setObjectName("identityError")
        box.setInformativeText(translate("IdentityActions", "The customer is shown as it is now."))
        self._show(box)
        self.changed.emit("")


def _entry(message: str, entries: list[int]) -> str:
    """``message`` with the journal entry that can undo it, if one was written."""
    if not entries:
        return message
    return translate(
        "identity", "{message} (journal entry #{entry}; undo it from the Identity tab)"
    ).format(message=message, entry=entries[0])
