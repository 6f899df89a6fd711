"""Dialogs that show what a decision will do before it is made, and ask for a customer id.

Both open window-modal with ``open()`` (never a nested event loop) and report through
``accepted``; Enter confirms, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.i18n import translate
from agent_desk.services.customers import MAX_ID


class ConfirmDialog(QDialog):
    """A preview of a decision with one button that makes it, e.g. "Merge"."""

    def __init__(
        self,
        name: str,
        title: str,
        question: str,
        lines: list[str],
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        self.question = QLabel(question)
        self.question.setObjectName("confirmQuestion")
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.details = QPlainTextEdit("\n".join(lines))
        self.details.setObjectName("confirmDetails")
        self.details.setAccessibleName(translate("ConfirmDialog", "What will change"))
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox()
        self.action_button: QPushButton = buttons.addButton(
            action, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.action_button.setObjectName("confirmAction")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("confirmCancel")
        self.action_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.action_button.setFocus()


class CustomerIdDialog(QDialog):
    """Asks for the number of the other customer (pre-filled with a search hit, if any)."""

    def __init__(
        self, title: str, prompt: str, exclude: int, suggested: int | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerIdDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.exclude = exclude
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.number = QLineEdit()
        self.number.setObjectName("otherCustomerId")
        self.number.setAccessibleName(translate("CustomerIdDialog", "Other customer number"))
        self.number.setPlaceholderText(translate("CustomerIdDialog", "Customer number, e.g. 1042"))
        self.number.setValidator(QIntValidator(1, MAX_ID, self))
        label.setBuddy(self.number)
        layout.addWidget(self.number)
        self.hint = QLabel()
        self.hint.setObjectName("otherCustomerHint")
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(translate("CustomerIdDialog", "Preview merge…"))
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.number.textChanged.connect(self._check)
        if suggested is not None and suggested != exclude:
            self.number.setText(str(suggested))
        self._check()
        self.number.setFocus()
        self.number.selectAll()

    def value(self) -> int | None:
        text = self.number.text().strip()
        return int(text) if text.isdigit() else None

    def _check(self) -> None:
        value = self.value()
        if value == self.exclude:
            self.hint.setText(
                translate("CustomerIdDialog", "That is this customer: give the other one's number.")
            )
        else:
            self.hint.setText("")
        self.ok.setEnabled(value is not None and value != self.exclude)
