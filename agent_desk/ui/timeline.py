"""The customer's timeline: a lazily fetched table, its filters, the detail of one event; the
dialogs that log a call or a note and edit the contact preferences."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.services.profile import Preference
from agent_desk.services.timeline import (
    CALL,
    CATEGORIES,
    OUTCOMES,
    PAGE,
    EventDetail,
    Story,
    TimelineFilter,
    TimelineRow,
    kind_label,
    status_label,
)
from agent_desk.store.people import CHANNELS
from agent_desk.store.types import utcnow
from agent_desk.ui.theme import icon

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("TimelineModel", "When"),
    QT_TRANSLATE_NOOP("TimelineModel", "Source"),
    QT_TRANSLATE_NOOP("TimelineModel", "Kind"),
    QT_TRANSLATE_NOOP("TimelineModel", "Title"),
    QT_TRANSLATE_NOOP("TimelineModel", "Amount"),
    QT_TRANSLATE_NOOP("TimelineModel", "Status"),
    QT_TRANSLATE_NOOP("TimelineModel", "Reference"),
)
FILTER_DELAY_MS = 200
STORIES_PER_PAGE = 40
GROUPINGS = {
    "none": QT_TRANSLATE_NOOP("TimelineView", "No grouping"),
    "day": QT_TRANSLATE_NOOP("TimelineView", "By day"),
    "story": QT_TRANSLATE_NOOP("TimelineView", "By story"),
}
PERIODS = (
    (QT_TRANSLATE_NOOP("TimelineView", "Any time"), 0),
    (QT_TRANSLATE_NOOP("TimelineView", "Last 7 days"), 7),
    (QT_TRANSLATE_NOOP("TimelineView", "Last 30 days"), 30),
    (QT_TRANSLATE_NOOP("TimelineView", "Last 12 months"), 365),
)
CHANNEL_LABELS = {
    "phone": QT_TRANSLATE_NOOP("PreferencesDialog", "Phone"),
    "email": QT_TRANSLATE_NOOP("PreferencesDialog", "E-mail"),
    "sms": QT_TRANSLATE_NOOP("PreferencesDialog", "SMS"),
    "post": QT_TRANSLATE_NOOP("PreferencesDialog", "Post"),
    "chat": QT_TRANSLATE_NOOP("PreferencesDialog", "Chat"),
}


@dataclass(frozen=True)
class Header:
    """A day or a story heading between the event rows."""

    text: str


Item = TimelineRow | Header


class TimelineData(Protocol):
    """Where the rows come from (the window supplies the store behind it)."""

    def page(
        self, flt: TimelineFilter, after: tuple[datetime, int] | None
    ) -> list[TimelineRow]: ...

    def stories(self, flt: TimelineFilter) -> list[Story]: ...

    def rows(self, ids: list[int]) -> dict[int, TimelineRow]: ...


def batches(data: TimelineData, flt: TimelineFilter, grouping: str) -> Iterator[list[Item]]:
    """The rows a page at a time, with day or story headings."""
    if grouping == "story":
        every = data.stories(flt)
        for start in range(0, len(every), STORIES_PER_PAGE):
            chunk = every[start : start + STORIES_PER_PAGE]
            by_id = data.rows([e for st in chunk for e in st.events])
            batch: list[Item] = []
            for st in chunk:
                if len(st.events) > 1:
                    batch.append(Header(st.title))
                batch.extend(by_id[e] for e in st.events if e in by_id)
            yield batch
        return
    after: tuple[datetime, int] | None = None
    day: date | None = None
    while True:
        rows = data.page(flt, after)
        batch = []
        for r in rows:
            if grouping == "day" and (d := r.occurred_at.astimezone().date()) != day:
                batch.append(Header(fmt().long_date(d)))
                day = d
            batch.append(r)
        yield batch
        if len(rows) < PAGE:
            return
        after = rows[-1].key


def _refill(
    combo: QComboBox, everything: str, values: list[str], label: Callable[[str], str] = str
) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for value in values:
        combo.addItem(label(value), value)
    index = combo.findData(current) if current else 0
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)


class TimelineModel(QAbstractTableModel):
    """Rows arrive a page at a time as the view scrolls (``canFetchMore`` / ``fetchMore``); a
    page is one keyset query on an index, a few milliseconds even at 50,000 events."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[Item] = []
        self._batches: Iterator[list[Item]] | None = None

    @property
    def rows(self) -> list[TimelineRow]:
        """The event rows loaded so far (without headings)."""
        return [i for i in self.items if isinstance(i, TimelineRow)]

    def reset(self, source: Iterator[list[Item]] | None) -> None:
        self.beginResetModel()
        self.items = []
        self._batches = source
        self.endResetModel()
        if source is not None:
            self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._batches is not None

    def fetchMore(self, parent: Index) -> None:
        while not parent.isValid() and self._batches is not None:
            batch = next(self._batches, None)
            if batch is None:
                self._batches = None
                return
            if batch:
                first = len(self.items)
                self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
                self.items.extend(batch)
                self.endInsertRows()
                return

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("TimelineModel", COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if isinstance(item, Header):
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return item.text
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(item, index.column())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return source_icon(item.source_type)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return kind_icon(item.kind)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return item.body or item.title
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


def source_icon(source_type: str) -> QIcon:
    """The icon of a source system (``resources/icons/*/source-<type>.svg``), else of its kind
    of system, else a database."""
    for name in (f"source-{source_type}", SOURCE_KINDS.get(source_type, "database")):
        found = icon(name)
        if not found.isNull():
            return found
    return icon("database")


def kind_icon(kind: str) -> QIcon:
    """The icon of a kind of event (``resources/icons/*/<kind>.svg``; none for a kind this
    version does not know)."""
    return icon(kind)


SOURCE_KINDS = {
    "erp-flatfile": "source-erp",
    "erp-sql": "source-erp",
    "odoo": "source-erp",
    "erpnext": "source-erp",
    "shopify": "source-orders",
    "woocommerce": "source-orders",
    "zendesk": "source-tickets",
    "freshdesk": "source-tickets",
    "desk": "agent-desk",
}


def _cell(row: TimelineRow, column: int) -> str:
    if column == 0:
        return fmt().date_time(row.occurred_at)
    if column == 1:
        return row.source
    if column == 2:
        return kind_label(row.kind)
    if column == 3:
        return row.title
    if column == 4:
        return fmt().money(row.amount, row.currency) if row.amount is not None else ""
    if column == 5:
        return status_label(row.status)
    return row.reference or ""


class TimelineView(QWidget):
    """Filters above, the table, and the detail of the selected event beside it."""

    filter_changed = Signal()
    event_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName(translate("TimelineView", "Timeline"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        # three short rows: the centre stays narrow enough for a small screen beside the panes
        bar = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setObjectName("timelineFilterText")
        self.text.setAccessibleName(translate("TimelineView", "Filter the timeline by text"))
        self.text.setPlaceholderText(
            translate("TimelineView", "Filter: text in title, body or reference")
        )
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(120)
        bar.addWidget(self.text, 1)
        self.summary = QLabel()
        self.summary.setObjectName("timelineSummary")
        bar.addWidget(self.summary)
        layout.addLayout(bar)
        bar = QHBoxLayout()

        def combo(name: str, accessible: str) -> QComboBox:
            box = QComboBox()
            box.setObjectName(name)
            box.setAccessibleName(accessible)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(4)
            box.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
            bar.addWidget(box, 1)
            return box

        self.source = combo(
            "timelineFilterSource", translate("TimelineView", "Filter the timeline by source")
        )
        self.kind = combo(
            "timelineFilterKind", translate("TimelineView", "Filter the timeline by kind")
        )
        self.period = combo(
            "timelineFilterPeriod", translate("TimelineView", "Filter the timeline by date")
        )
        self.period.blockSignals(True)
        for label, days in PERIODS:
            self.period.addItem(translate("TimelineView", label), days)
        self.period.blockSignals(False)
        self.grouping = combo("timelineGroup", translate("TimelineView", "Group the timeline"))
        self.grouping.blockSignals(True)
        for key, label in GROUPINGS.items():
            self.grouping.addItem(translate("TimelineView", label), key)
        self.grouping.blockSignals(False)
        layout.addLayout(bar)
        bar = QHBoxLayout()
        self.categories: dict[str, QCheckBox] = {}
        for key, label in CATEGORIES.items():
            box = QCheckBox(translate("TimelineCategory", label))
            box.setObjectName(f"timelineFilter_{key}")
            box.setChecked(True)
            box.toggled.connect(self.filter_changed)
            self.categories[key] = box
            bar.addWidget(box)
        bar.addStretch(1)
        layout.addLayout(bar)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(FILTER_DELAY_MS)
        self._text_timer.timeout.connect(self.filter_changed)
        self.text.textChanged.connect(lambda _t: self._text_timer.start())

        split = QSplitter(Qt.Orientation.Vertical)  # the table gets the whole width
        self.model = TimelineModel(self)
        self.table = QTableView()
        self.table.setObjectName("timeline")
        self.table.setAccessibleName(translate("TimelineView", "Timeline events, newest first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((118, 64, 112, 320, 92, 74, 96)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.rowsInserted.connect(self._span_headers)
        self.model.modelReset.connect(self.table.clearSpans)
        split.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setObjectName("timelineDetail")
        self.detail.setAccessibleName(translate("TimelineView", "Event details"))
        self.detail.setOpenExternalLinks(True)
        self.detail.setPlaceholderText(
            translate("TimelineView", "Select an event to see every field and the link back.")
        )
        split.addWidget(self.detail)
        self.table.setMinimumWidth(160)
        self.detail.setMinimumHeight(60)
        split.setChildrenCollapsible(True)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 140])
        layout.addWidget(split, 1)

    def current_filter(self) -> TimelineFilter:
        source = self.source.currentData()
        kind = self.kind.currentData()
        days = self.period.currentData()
        chosen = {k for k, box in self.categories.items() if box.isChecked()}
        return TimelineFilter(
            sources=frozenset({source}) if source else frozenset(),
            categories=frozenset(chosen) if len(chosen) < len(CATEGORIES) else frozenset(),
            kinds=frozenset({kind}) if kind else frozenset(),
            since=utcnow() - timedelta(days=int(days)) if days else None,
            text=self.text.text(),
        )

    def set_sources(self, sources: list[str], kinds: list[str] | None = None) -> None:
        """The choices of the source and kind filters (what this customer's timeline has)."""
        _refill(self.source, translate("TimelineView", "All sources"), sources)
        _refill(self.kind, translate("TimelineView", "All kinds"), kinds or [], label=kind_label)

    def show_rows(self, data: TimelineData, total: int) -> None:
        grouping = str(self.grouping.currentData() or "none")
        self.model.reset(batches(data, self.current_filter(), grouping))
        self.summary.setText(
            translate("TimelineView", "{count} event(s)", None, total).format(
                count=fmt().number(total)
            )
        )
        self.detail.clear()

    def clear(self) -> None:
        self.model.reset(None)
        self.summary.clear()
        self.detail.clear()

    def _span_headers(self, _parent: QModelIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            if isinstance(self.model.items[row], Header):
                self.table.setSpan(row, 0, 1, len(COLUMNS))

    def current_event(self) -> TimelineRow | None:
        """The selected event (a task or a promise made from it links to it)."""
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.items):
            return None
        item = self.model.items[index.row()]
        return item if isinstance(item, TimelineRow) else None

    def current_event_id(self) -> int | None:
        event = self.current_event()
        return event.id if event is not None else None

    def current_event_title(self) -> str | None:
        event = self.current_event()
        return event.title if event is not None else None

    def current_reference(self) -> str | None:
        event = self.current_event()
        return event.reference if event is not None else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            item = self.model.items[current.row()]
            if isinstance(item, TimelineRow):
                self.event_selected.emit(int(item.id))

    def show_detail(self, detail: EventDetail | None) -> None:
        if detail is None:
            self.detail.setPlainText(
                translate("TimelineView", "This event is gone (deleted at the source).")
            )
            return
        r = detail.row
        rows = [
            (
                translate("TimelineView", "When"),
                r.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
            ),
            (translate("TimelineView", "Source"), f"{r.source} ({r.source_type})"),
            (translate("TimelineView", "Kind"), kind_label(r.kind)),
            (translate("TimelineView", "Status"), status_label(r.status)),
            (translate("TimelineView", "Reference"), r.reference or ""),
            (translate("TimelineView", "Amount"), _cell(r, 4)),
            (translate("TimelineView", "Logged by"), detail.author or ""),
        ]
        parts = [f"<h3>{escape(r.title)}</h3>"]
        if r.body:
            parts.append(f"<p>{escape(r.body).replace(chr(10), '<br>')}</p>")
        if r.link:
            text = translate("TimelineView", "Open in {source}").format(source=r.source)
            parts.append(f'<p><a href="{escape(r.link, quote=True)}">{escape(text)}</a></p>')
        table = "".join(
            f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows if v
        )
        extra = "".join(
            f"<tr><td>{escape(str(k))}</td><td>{escape(_short(v))}</td></tr>"
            for k, v in sorted(detail.fields.items())
        )
        parts.append(f"<table cellpadding='2'>{table}</table>")
        if extra:
            heading = escape(translate("TimelineView", "From the source"))
            parts.append(f"<h4>{heading}</h4><table cellpadding='2'>{extra}</table>")
        self.detail.setHtml("".join(parts))


def _short(value: object, limit: int = 300) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


class LogDialog(QDialog):
    """Log a call (reason, outcome, wrap-up) or a note, from the keyboard."""

    def __init__(self, kind: str, customer_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        call = kind == CALL
        self.setObjectName("logCallDialog" if call else "addNoteDialog")
        self.setWindowTitle(
            (
                translate("LogDialog", "Log call: {customer}")
                if call
                else translate("LogDialog", "Add note: {customer}")
            ).format(customer=customer_name)
        )
        form = QFormLayout(self)
        self.reason = QLineEdit()
        self.reason.setObjectName("logReason")
        self.reason.setAccessibleName(
            translate("LogDialog", "Reason") if call else translate("LogDialog", "Subject")
        )
        self.reason.setPlaceholderText(
            translate("LogDialog", "What the customer called about")
            if call
            else translate("LogDialog", "A short subject (optional)")
        )
        form.addRow(
            translate("LogDialog", "&Reason") if call else translate("LogDialog", "&Subject"),
            self.reason,
        )
        self.outcome = QComboBox()
        self.outcome.setObjectName("logOutcome")
        self.outcome.setAccessibleName(translate("LogDialog", "Outcome"))
        for outcome in OUTCOMES:
            self.outcome.addItem(translate("CallOutcome", outcome), outcome)
        if call:
            form.addRow(translate("LogDialog", "&Outcome"), self.outcome)
        else:
            self.outcome.hide()
        self.text = QPlainTextEdit()
        self.text.setObjectName("logText")
        self.text.setAccessibleName(
            translate("LogDialog", "Wrap-up") if call else translate("LogDialog", "Note")
        )
        self.text.setTabChangesFocus(True)
        form.addRow(
            translate("LogDialog", "&Wrap-up") if call else translate("LogDialog", "&Note"),
            self.text,
        )
        self.follow_up = QLineEdit()
        self.follow_up.setObjectName("logFollowUp")
        self.follow_up.setAccessibleName(translate("LogDialog", "Follow-up task"))
        self.follow_up.setPlaceholderText(
            translate(
                "LogDialog", "Optional: what is to be done next (a task for you, due tomorrow)"
            )
        )
        form.addRow(translate("LogDialog", "&Follow-up"), self.follow_up)
        self.alert = QCheckBox(
            translate("LogDialog", "Show as a special-handling &alert above everything")
        )
        self.alert.setObjectName("logAlert")
        self.alert.setToolTip(
            translate(
                "LogDialog", 'For what every agent must see first: "hard of hearing, speak slowly"'
            )
        )
        if not call:
            form.addRow(self.alert)
        else:
            self.alert.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(
            translate("LogDialog", "Save (Ctrl+Enter)")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.reason.setFocus()
        self.text.installEventFilter(self)  # Ctrl+Enter saves from the wrap-up box too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.text
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return
        super().keyPressEvent(event)

    def values(self) -> dict[str, str]:
        return {
            "reason": self.reason.text(),
            "outcome": self.outcome.currentData() if self.kind == CALL else "",
            "text": self.text.toPlainText(),
            "alert": "1" if self.kind != CALL and self.alert.isChecked() else "",
            "follow_up": self.follow_up.text().strip(),
        }


class PreferencesDialog(QDialog):
    """Contact preferences per channel: do not contact, preferred, a note (audited on save)."""

    def __init__(
        self, customer_name: str, current: list[Preference], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(
            translate("PreferencesDialog", "Contact preferences: {customer}").format(
                customer=customer_name
            )
        )
        layout = QGridLayout(self)
        headings = (
            translate("PreferencesDialog", "Channel"),
            translate("PreferencesDialog", "Do not contact"),
            translate("PreferencesDialog", "Preferred"),
            translate("PreferencesDialog", "Note"),
        )
        for column, heading in enumerate(headings):
            layout.addWidget(QLabel(f"<b>{escape(heading)}</b>"), 0, column)
        known = {p.channel: p for p in current}
        self.rows: dict[str, tuple[QCheckBox, QCheckBox, QLineEdit]] = {}
        for row, channel in enumerate(CHANNELS, start=1):
            pref = known.get(channel)
            label = (
                translate("PreferencesDialog", CHANNEL_LABELS[channel])
                if channel in CHANNEL_LABELS
                else channel.capitalize()
            )
            layout.addWidget(QLabel(label), row, 0)
            out = QCheckBox()
            out.setObjectName(f"optOut_{channel}")
            out.setAccessibleName(
                translate("PreferencesDialog", "Do not contact by {channel}").format(channel=label)
            )
            out.setChecked(bool(pref and pref.opted_out))
            preferred = QCheckBox()
            preferred.setObjectName(f"preferred_{channel}")
            preferred.setAccessibleName(
                translate("PreferencesDialog", "{channel} preferred").format(channel=label)
            )
            preferred.setChecked(bool(pref and pref.preferred))
            note = QLineEdit(pref.note or "" if pref else "")
            note.setObjectName(f"note_{channel}")
            note.setAccessibleName(
                translate("PreferencesDialog", "Note on {channel}").format(channel=label)
            )
            out.toggled.connect(lambda on, p=preferred: p.setChecked(p.isChecked() and not on))
            preferred.toggled.connect(lambda on, o=out: o.setChecked(o.isChecked() and not on))
            layout.addWidget(out, row, 1)
            layout.addWidget(preferred, row, 2)
            layout.addWidget(note, row, 3)
            self.rows[channel] = (out, preferred, note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons, len(CHANNELS) + 1, 0, 1, 4)

    def values(self) -> dict[str, Preference]:
        return {
            channel: Preference(
                channel, out.isChecked(), preferred.isChecked(), note.text().strip() or None
            )
            for channel, (out, preferred, note) in self.rows.items()
        }
