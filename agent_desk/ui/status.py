"""The status bar's freshness: one button per source ("tickets: 3 min ago", "erp: failed
09:12, see details") that opens the source's last error and last run's counts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.i18n import fmt, translate
from agent_desk.services.overview import (
    SourceFreshness,
    StoreOverview,
    describe_source,
    source_details,
)


def source_text(src: SourceFreshness) -> str:
    text = describe_source(src)
    if src.state == "failed":
        return translate("status", "{source}, see details").format(source=text)
    return text


class SourceStatusBar(QWidget):
    """Freshness per source and the store's size; ``source_activated`` names a clicked source."""

    source_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusFreshness")
        self.setAccessibleName(translate("SourceStatusBar", "Data freshness"))
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.none = QLabel(
            translate(
                "SourceStatusBar",
                "No sources connected yet: the ERP, shop and ticket systems show here.",
            )
        )
        self.none.setObjectName("statusNoSources")
        self.counts = QLabel()
        self.counts.setObjectName("statusCounts")
        self.counts.setAccessibleName(
            translate("SourceStatusBar", "Customers and events in the store")
        )
        self.layout_.addWidget(self.none)
        self.layout_.addWidget(self.counts)
        self.layout_.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        self.sources: dict[str, SourceFreshness] = {}

    def show_overview(self, overview: StoreOverview) -> None:
        self.sources = {src.name: src for src in overview.sources}
        for name in [n for n in self.buttons if n not in self.sources]:
            self.buttons.pop(name).deleteLater()
        for index, src in enumerate(overview.sources):
            button = self.buttons.get(src.name)
            if button is None:
                button = self.buttons[src.name] = QToolButton()
                button.setObjectName(f"sourceStatus_{src.name}")
                button.setAutoRaise(True)
                button.clicked.connect(lambda _=False, n=src.name: self.source_activated.emit(n))
                self.layout_.insertWidget(index + 1, button)
            text = source_text(src)
            button.setText(text)
            button.setAccessibleName(text)
            button.setProperty("state", src.state)
            button.setToolTip(
                f"{src.name}: {src.last_error}"
                if src.state == "failed"
                else translate("SourceStatusBar", "Details of this source")
            )
            button.style().unpolish(button)
            button.style().polish(button)
        self.none.setVisible(not overview.sources)
        self.counts.setText(
            translate("SourceStatusBar", "({customers} customers · {events} events)").format(
                customers=fmt().number(overview.customers), events=fmt().number(overview.events)
            )
        )
        state = "none"
        if overview.sources:
            state = "failed" if any(s.state == "failed" for s in overview.sources) else "ok"
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
        failed = [s for s in overview.sources if s.state == "failed"]
        self.setToolTip("\n".join(f"{s.name}: {s.last_error}" for s in failed))

    def text(self) -> str:
        """All of it as one line (what a screen reader or a test reads)."""
        if not self.sources:
            head = self.none.text()
        else:
            head = "   ".join(self.buttons[n].text() for n in sorted(self.buttons))
        return f"{head}    {self.counts.text()}"


class SourceDetailsDialog(QDialog):
    """One source's state, last error and last run; "Sync this source now" is the default."""

    sync_requested = Signal(str)

    def __init__(self, src: SourceFreshness, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceDetails")
        title = translate("SourceDetailsDialog", "Source {name}").format(name=src.name)
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.resize(560, 280)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit("\n".join(source_details(src)))
        self.text.setObjectName("sourceDetailsText")
        self.text.setAccessibleName(translate("SourceDetailsDialog", "Source details"))
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.sync_button = buttons.addButton(
            translate("SourceDetailsDialog", "Sync this source now"),
            QDialogButtonBox.ButtonRole.ActionRole,
        )
        self.sync_button.setObjectName("sourceSyncNow")
        self.sync_button.setEnabled(src.configured)
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(lambda: self._sync(src.name))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _sync(self, name: str) -> None:
        self.sync_requested.emit(name)
        self.accept()
