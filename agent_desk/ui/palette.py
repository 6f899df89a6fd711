"""The command palette (Ctrl+K): every action of the window, filtered as you type; Enter runs
the selected one. Nothing in the app needs the mouse."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from agent_desk.i18n import translate
from agent_desk.identity.normalize import name_key


def _plain(text: str) -> str:
    return text.replace("&", "").replace("…", "").strip()


class CommandPalette(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setAccessibleName(translate("CommandPalette", "Command palette"))
        self.setWindowTitle(translate("CommandPalette", "Commands"))
        self.resize(460, 360)
        self.actions_ = [a for a in actions if a.text() and a.isVisible()]
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setObjectName("commandQuery")
        self.query.setAccessibleName(translate("CommandPalette", "Type a command"))
        self.query.setPlaceholderText(
            translate("CommandPalette", "Type a command: log call, print, find, sync…")
        )
        self.query.textChanged.connect(self._filter)
        self.query.returnPressed.connect(self._run_current)
        self.query.installEventFilter(self)
        layout.addWidget(self.query)
        self.list = QListWidget()
        self.list.setObjectName("commandList")
        self.list.setAccessibleName(translate("CommandPalette", "Commands"))
        self.list.itemActivated.connect(lambda _item: self._run_current())
        layout.addWidget(self.list)
        self._filter("")
        self.query.setFocus()

    def _filter(self, text: str) -> None:
        words = (name_key(text) or "").split()
        self.list.clear()
        for action in self.actions_:
            label = _plain(action.text())
            haystack = name_key(label) or ""
            if not all(w in haystack for w in words):
                continue
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            item = QListWidgetItem(f"{label}\t{shortcut}" if shortcut else label)
            item.setData(Qt.ItemDataRole.UserRole, self.actions_.index(action))
            if not action.isEnabled():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        for row in range(self.list.count()):
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentRow(row)
                break

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        moves = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in moves
        ):
            self.list.keyPressEvent(event)  # arrows move the selection while typing
            return True
        return super().eventFilter(watched, event)

    def _run_current(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        action = self.actions_[int(item.data(Qt.ItemDataRole.UserRole))]
        self.accept()
        action.trigger()
