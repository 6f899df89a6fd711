"""Small shared widgets: the empty state that tells a person what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from agent_desk.ui.theme import icon


class EmptyState(QWidget):
    """A centred icon, title and hint, e.g. "No customer open — press Ctrl+F to search"."""

    def __init__(
        self, object_name: str, icon_name: str, title: str, text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        picture = QLabel()
        picture.setPixmap(icon(icon_name).pixmap(48, 48))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        self.title.setObjectName("emptyStateTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setObjectName("emptyStateText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        for widget in (picture, self.title, self.text):
            layout.addWidget(widget)
        layout.addStretch(2)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)

    def set_message(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)


def panel_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelTitle")
    return label
