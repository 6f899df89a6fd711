"""The team lead's window: every agent's overdue and broken commitments by age, the 30-day
figures, a chart, the commitments behind a row, bulk reassign, and CSV export.

It reads through :mod:`agent_desk.services.team` on the ops pool; the window never blocks.
"""

from __future__ import annotations

import csv
from datetime import UTC
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QPainter,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent_desk.i18n import fmt, translate
from agent_desk.services import csvcells
from agent_desk.services.commitments import KIND_LABELS, CommitmentView, age_bucket
from agent_desk.services.team import BUCKETS, LATE_BUCKETS, AgentLine, LeadFilter, LeadView
from agent_desk.store.work import COMMITMENT_KINDS

AGENT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
AGE_COLOURS = ("#d4a72c", "#bc4c00", "#cf222e", "#82071e")


def _item(text: str, sort: Any = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(text if sort is None else sort, SORT_ROLE)
    if sort is not None:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class _SortedItem(QTableWidgetItem):
    """A cell that sorts by its SORT_ROLE value when it has one (a due time as a UTC ISO
    string), not by its text: "02.01.2027" must not sort before "31.12.2026"."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is not None and theirs is not None:
            return bool(mine < theirs)
        return super().__lt__(other)


def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 48:
        return translate("lead_view", "{hours} h").format(hours=fmt().number(value))
    return translate("lead_view", "{days} d").format(days=fmt().number(value / 24, 1))


class LeadWindow(QDialog):
    """Overdue and broken commitments across the team (a non-modal window)."""

    reload_requested = Signal(object)  # LeadFilter
    cell_requested = Signal(object, object)  # agent ids (None: all), LeadFilter
    reassign_requested = Signal(list, str)  # [(id, version)], new owner
    customer_requested = Signal(int)
    export_requested = Signal(str)  # path
    print_requested = Signal(object)  # LeadFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadWindow")
        self.setAccessibleName(translate("LeadWindow", "Team commitments"))
        self.setWindowTitle(
            translate("LeadWindow", "Team commitments: overdue and broken promises")
        )
        self.setWindowFlag(Qt.WindowType.Window)
        self.resize(1100, 720)
        self.view: LeadView | None = None
        self.cell: list[CommitmentView] = []
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.team = self._combo(
            "leadTeam", translate("LeadWindow", "Team"), translate("LeadWindow", "All teams")
        )
        self.kind = self._combo(
            "leadKind",
            translate("LeadWindow", "Kind of promise"),
            translate("LeadWindow", "All kinds"),
        )
        for kind in COMMITMENT_KINDS:
            self.kind.addItem(translate("CommitmentKind", KIND_LABELS[kind]), kind)
        self.tier = self._combo(
            "leadTier",
            translate("LeadWindow", "Customer tier"),
            translate("LeadWindow", "All tiers"),
        )
        for label, combo in (
            (translate("LeadWindow", "&Team"), self.team),
            (translate("LeadWindow", "&Kind"), self.kind),
            (translate("LeadWindow", "T&ier"), self.tier),
        ):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
        filters.addStretch(1)
        self.export = QPushButton(translate("LeadWindow", "&Export CSV…"))
        self.export.setObjectName("leadExport")
        self.export.clicked.connect(self._export)
        filters.addWidget(self.export)
        layout.addLayout(filters)
        self.summary = QLabel()
        self.summary.setObjectName("leadSummary")
        self.summary.setAccessibleName(translate("LeadWindow", "Team totals"))
        layout.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        columns = [
            translate("LeadWindow", "Agent"),
            translate("LeadWindow", "Team"),
            *(translate("team", bucket) for bucket in LATE_BUCKETS),
            translate("LeadWindow", "of which broken"),
            translate("LeadWindow", "Open"),
            translate("LeadWindow", "Kept on time (30 d)"),
            translate("LeadWindow", "Median delay"),
        ]
        self.model = QStandardItemModel(0, len(columns), self)
        self.model.setHorizontalHeaderLabels(columns)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.agents = QTableView()
        self.agents.setObjectName("leadAgents")
        self.agents.setAccessibleName(
            translate("LeadWindow", "Agents by age of their overdue promises")
        )
        self.agents.setModel(self.proxy)
        self.agents.setSortingEnabled(True)
        # most overdue first, as the service orders them, until the lead clicks a header
        self.agents.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.agents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agents.verticalHeader().hide()
        self.agents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.agents.selectionModel().selectionChanged.connect(self._agents_chosen)
        top.addWidget(self.agents)
        self.chart = QChartView()
        self.chart.setObjectName("leadChart")
        self.chart.setAccessibleName(
            translate("LeadWindow", "Chart: overdue promises by agent and age")
        )
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumWidth(320)
        top.addWidget(self.chart)
        top.setSizes([700, 400])
        split.addWidget(top)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.cell_title = QLabel(
            translate("LeadWindow", "Select agents to see their overdue and broken promises.")
        )
        self.cell_title.setObjectName("leadCellTitle")
        bottom_layout.addWidget(self.cell_title)
        self.items = QTableWidget(0, 7)
        self.items.setObjectName("leadCommitments")
        self.items.setAccessibleName(
            translate("LeadWindow", "The selected agents' overdue and broken promises")
        )
        self.items.setHorizontalHeaderLabels(
            [
                translate("LeadWindow", "Age"),
                translate("LeadWindow", "Due"),
                translate("LeadWindow", "Agent"),
                translate("LeadWindow", "Customer"),
                translate("LeadWindow", "Tier"),
                translate("LeadWindow", "Kind"),
                translate("LeadWindow", "Promise"),
            ]
        )
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.items.setSortingEnabled(True)
        self.items.itemActivated.connect(self._open_customer)
        bottom_layout.addWidget(self.items, 1)
        actions = QHBoxLayout()
        self.open_button = QPushButton(translate("LeadWindow", "&Open customer"))
        self.open_button.setObjectName("leadOpenCustomer")
        self.open_button.setToolTip(
            translate("LeadWindow", "Open the selected promise's customer (Enter)")
        )
        self.open_button.clicked.connect(lambda: self._open_customer(self.items.currentItem()))
        self.reassign = QPushButton(translate("LeadWindow", "&Reassign selected…"))
        self.reassign.setObjectName("leadReassign")
        self.reassign.setToolTip(
            translate("LeadWindow", "Give the selected promises to another agent (Ctrl+Shift+R)")
        )
        self.reassign.clicked.connect(self._reassign)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self, self._reassign)
        actions.addWidget(self.open_button)
        actions.addWidget(self.reassign)
        actions.addStretch(1)
        self.print_button = QPushButton(translate("LeadWindow", "&Print overdue report…"))
        self.print_button.setObjectName("leadPrint")
        self.print_button.setToolTip(
            translate(
                "LeadWindow",
                "The overdue and broken promises by agent and age as a PDF: preview, save, print",
            )
        )
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.filter()))
        actions.addWidget(self.print_button)
        bottom_layout.addLayout(actions)
        split.addWidget(bottom)
        offers_box = QWidget()
        offers_layout = QVBoxLayout(offers_box)
        offers_layout.setContentsMargins(0, 0, 0, 0)
        offers_caption = QLabel(
            translate("LeadWindow", "Cross-sell offers by rule: how customers answered")
        )
        offers_caption.setObjectName("leadOffersCaption")
        offers_layout.addWidget(offers_caption)
        self.offer_rates = QTableWidget(0, 6)
        self.offer_rates.setObjectName("leadOfferRates")
        self.offer_rates.setAccessibleName(
            translate("LeadWindow", "Acceptance of cross-sell offers per rule")
        )
        self.offer_rates.setHorizontalHeaderLabels(
            [
                translate("LeadWindow", "Rule"),
                translate("LeadWindow", "Offered"),
                translate("LeadWindow", "Accepted"),
                translate("LeadWindow", "Declined"),
                translate("LeadWindow", "Later"),
                translate("LeadWindow", "Accepted of yes/no"),
            ]
        )
        self.offer_rates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.offer_rates.verticalHeader().hide()
        self.offer_rates.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        offers_layout.addWidget(self.offer_rates, 1)
        split.addWidget(offers_box)
        split.setSizes([380, 300, 160])
        layout.addWidget(split, 1)
        self.status = QLabel()
        self.status.setObjectName("leadStatus")
        layout.addWidget(self.status)
        for combo in (self.team, self.kind, self.tier):
            combo.currentIndexChanged.connect(lambda _i: self.reload_requested.emit(self.filter()))

    def _combo(self, name: str, accessible: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(everything, None)
        return combo

    def filter(self) -> LeadFilter:
        return LeadFilter(self.team.currentData(), self.kind.currentData(), self.tier.currentData())

    # -- the agents ---------------------------------------------------------------------------
    def show_view(self, view: LeadView) -> None:
        self.view = view
        for combo, values in ((self.team, view.teams), (self.tier, view.tiers)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.model.removeRows(0, self.model.rowCount())
        for line in view.agents:
            rate = line.kept_on_time_rate
            row = [
                _item(line.name),
                _item(line.team or "—"),
                *(
                    _item(fmt().number(line.counts[b]), line.counts[b])
                    for b in (*LATE_BUCKETS, "broken")
                ),
                _item(fmt().number(line.open), line.open),
                _item(
                    translate("LeadWindow", "{rate} of {due}").format(
                        rate=fmt().percent(rate), due=line.due_30d
                    )
                    if rate is not None
                    else "—",
                    -1 if rate is None else rate,
                ),
                _item(_hours(line.median_delay_hours), line.median_delay_hours or 0.0),
            ]
            row[0].setData(line.agent_id, AGENT_ROLE)
            if line.overdue:
                row[0].setForeground(QColor("#cf222e"))
            self.model.appendRow(row)
        totals = view.totals
        overdue = sum(totals[b] for b in LATE_BUCKETS)
        self.summary.setText(
            translate(
                "LeadWindow",
                "{late} late promises ({broken} of them broken) across {agents} agents; "
                "{waiting} open and not due yet.",
            ).format(
                late=fmt().number(overdue),
                broken=fmt().number(totals["broken"]),
                agents=sum(1 for a in view.agents if a.overdue),
                waiting=fmt().number(totals["not due"]),
            )
        )
        self._chart(view.agents)

    def show_offer_rates(self, rows: list[tuple[str, ...]]) -> None:
        """Rule, offered, accepted, declined, later, rate (see ui.suggestions.rates_rows)."""
        self.offer_rates.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.offer_rates.setItem(r, c, item)

    def _chart(self, agents: list[AgentLine]) -> None:
        worst = [a for a in agents if a.overdue][:12]
        series = QHorizontalStackedBarSeries()
        for bucket, colour in zip(LATE_BUCKETS, AGE_COLOURS, strict=True):
            bars = QBarSet(translate("team", bucket))
            bars.setColor(QColor(colour))
            for a in reversed(worst):
                bars.append(a.counts[bucket])
            series.append(bars)
        chart = QChart()
        chart.setTitle(translate("LeadWindow", "Late promises (open or broken) by age, most first"))
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([a.name for a in reversed(worst)])
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(counts)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        old = self.chart.chart()
        self.chart.setChart(chart)
        if old is not None:
            old.deleteLater()

    def selected_agents(self) -> list[int | None]:
        rows = {i.row() for i in self.agents.selectionModel().selectedRows()}
        return [self.proxy.index(r, 0).data(AGENT_ROLE) for r in sorted(rows)]

    def _agents_chosen(self, *_args: Any) -> None:
        chosen = self.selected_agents()
        if chosen:
            self.cell_requested.emit(chosen, self.filter())

    # -- the commitments ----------------------------------------------------------------------
    def show_cell(self, items: list[CommitmentView], zone: Any, now: Any) -> None:
        self.cell = items
        self.items.setSortingEnabled(False)
        self.items.setRowCount(len(items))
        for row, c in enumerate(items):
            age = translate("team", age_bucket(c.due_at, now))
            if c.state == "broken":
                age = translate("LeadWindow", "{age} · broken").format(age=age)
            cells = [
                age,
                fmt().date_time(c.due_at, zone),
                c.owner or "—",
                c.customer_name,
                c.value_tier or "—",
                translate("CommitmentKind", c.label),
                c.description,
            ]
            # the age sorts by how long ago the promise fell due, the due time by the time
            sort_keys = {0: -c.due_at.timestamp(), 1: c.due_at.astimezone(UTC).isoformat()}
            for col, text in enumerate(cells):
                item = _SortedItem(text)
                item.setData(AGENT_ROLE, row)
                if col in sort_keys:
                    item.setData(SORT_ROLE, sort_keys[col])
                self.items.setItem(row, col, item)
        self.items.setSortingEnabled(True)
        title = (
            translate(
                "LeadWindow",
                "{count} overdue or broken promise(s) of the selected agent(s), oldest first"
                " (the first {limit})",
            )
            if len(items) >= 2000
            else translate(
                "LeadWindow",
                "{count} overdue or broken promise(s) of the selected agent(s), oldest first",
            )
        )
        self.cell_title.setText(
            title.format(count=fmt().number(len(items)), limit=fmt().number(2000))
        )

    def selected_commitments(self) -> list[CommitmentView]:
        rows = {i.row() for i in self.items.selectedIndexes()}
        out = []
        for r in sorted(rows):
            item = self.items.item(r, 0)
            if item is not None:
                out.append(self.cell[int(item.data(AGENT_ROLE))])
        return out

    def _open_customer(self, item: QTableWidgetItem | None) -> None:
        if item is None:
            return
        first = self.items.item(item.row(), 0)
        if first is not None:
            self.customer_requested.emit(self.cell[int(first.data(AGENT_ROLE))].customer_id)

    def _reassign(self) -> None:
        chosen = self.selected_commitments()
        if not chosen:
            self.status.setText(translate("LeadWindow", "Select the promises to reassign first."))
            return
        names = sorted({a.username for a in (self.view.agents if self.view else []) if a.username})
        name, ok = QInputDialog.getItem(
            self,
            translate("LeadWindow", "Reassign promises"),
            translate("LeadWindow", "Give {count} promise(s) to:").format(count=len(chosen)),
            names,
            0,
            True,
        )
        if ok and name.strip():
            self.reassign_requested.emit([(c.id, c.version) for c in chosen], name.strip())

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("LeadWindow", "Export team commitments"),
            translate("LeadWindow", "team-commitments.csv"),
            translate("LeadWindow", "CSV files (*.csv)"),
        )
        if path:
            self.export_requested.emit(path)


def write_csv(path: Path, view: LeadView, items: list[CommitmentView], zone: Any) -> None:
    """The agents' figures and the late promises, in one CSV a spreadsheet opens (as text)."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["agent", "team", *BUCKETS, "open", "due in 30 days", "kept on time",
             "median delay hours"]
        )  # fmt: skip
        for a in view.agents:
            delay = "" if a.median_delay_hours is None else f"{a.median_delay_hours:.1f}"
            counts = [a.counts[b] for b in BUCKETS]
            out.writerow(
                csvcells.row(
                    [a.name, a.team or "", *counts, a.open, a.due_30d, a.kept_on_time_30d, delay]
                )
            )
        out.writerow([])
        out.writerow(
            ["commitment", "status", "due", "agent", "customer", "tier", "kind", "promise"]
        )
        for c in items:
            due = c.due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            out.writerow(
                csvcells.row(
                    [
                        c.id,
                        c.status,
                        due,
                        c.owner_username or "",
                        c.customer_name,
                        c.value_tier or "",
                        c.kind,
                        c.description,
                    ]
                )
            )
