"""The main window: search and my-day queue (left), customer 360 (centre), suggestions (right),
data freshness in the status bar. All store access runs through :class:`~agent_desk.ui.ops.Ops`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QWidget

from agent_desk.app import AppContext, open_database, resolve_database_url
from agent_desk.errors import AgentDeskError
from agent_desk.services.customers import (
    CustomerCard,
    CustomerHit,
    TaskRow,
    customer_card,
    find_customers,
    open_tasks_for,
)
from agent_desk.services.overview import StoreOverview, describe_source, store_overview
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.ui.dialogs import HelpDialog, show_about
from agent_desk.ui.ops import Ops
from agent_desk.ui.panels import CustomerArea, SearchPanel, SuggestionsPanel
from agent_desk.ui.settings_dialog import SettingsDialog
from agent_desk.ui.theme import apply_theme, icon

log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 120
REFRESH_INTERVAL_MS = 60_000


@dataclass(frozen=True)
class _Refresh:
    overview: StoreOverview
    tasks: list[TaskRow]


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.ops = ops
        self.overview: StoreOverview | None = None
        # Each view remembers the newest request it made; an older answer arriving late (the
        # read pool has several threads) is dropped instead of overwriting a newer one.
        self._latest: dict[str, int] = {}
        self.setObjectName("mainWindow")
        self.setAccessibleName("Agent Desk")
        self.setWindowTitle("Agent Desk")
        self.setWindowIcon(icon("agent-desk"))
        self.resize(1280, 800)

        self.search = SearchPanel()
        self.customer = CustomerArea()
        self.suggestions = SuggestionsPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget, stretch in ((self.search, 0), (self.customer, 1), (self.suggestions, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.indexOf(widget), stretch)
        self.splitter.setSizes([320, 680, 280])
        self.setCentralWidget(self.splitter)

        self.freshness = QLabel()
        self.freshness.setObjectName("statusFreshness")
        self.freshness.setAccessibleName("Data freshness")
        self.db_label = QLabel()
        self.db_label.setObjectName("statusDatabase")
        self.db_label.setAccessibleName("Database")
        self.statusBar().addWidget(self.freshness, 1)
        self.statusBar().addPermanentWidget(self.db_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.query_changed.connect(lambda _text: self._search_timer.start())
        self.search.customer_chosen.connect(self.open_customer)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_INTERVAL_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refresh_timer.start()

        self._build_menus()
        self._restore_layout()
        self._show_database()
        self.refresh()
        self.search.box.setFocus()  # keyboard first: the agent can type the caller's name at once

    # -- menus and shortcuts ----------------------------------------------------------------
    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str,
        slot: object,
        name: str,
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.print_action = self._action(
            "&Print case report…",
            QKeySequence.StandardKey.Print,
            self.print_case,
            "actionPrint",
            "print",
        )
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Settings…", "Ctrl+,", self.open_settings, "actionSettings", "settings")
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, "actionQuit")
        )
        view_menu = bar.addMenu("&View")
        view_menu.addAction(
            self._action(
                "&Find customer",
                QKeySequence.StandardKey.Find,
                self.search.focus_search,
                "actionFind",
                "search",
            )
        )
        view_menu.addAction(
            self._action(
                "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh, "actionRefresh"
            )
        )
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "Agent Desk &Help",
                QKeySequence.StandardKey.HelpContents,
                self.show_help,
                "actionHelp",
                "help",
            )
        )
        help_menu.addAction(self._action("&About Agent Desk", "", self.show_about, "actionAbout"))

    # -- store-backed state -----------------------------------------------------------------
    def _request(self, view: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
        """Number a new request for ``view``; the returned wrapper drops superseded answers."""
        token = self._latest[view] = self._latest.get(view, 0) + 1

        def only_if_latest(deliver: Callable[[Any], None]) -> Callable[[Any], None]:
            def deliver_if_latest(value: Any) -> None:
                if self._latest.get(view) == token:
                    deliver(value)

            return deliver_if_latest

        return only_if_latest

    def refresh(self) -> None:
        """Reload the status bar and the my-day queue in the background."""
        db, sources, agent = self.ctx.database, self.ctx.settings.sources, self.ctx.agent_username

        def work() -> _Refresh:
            with db.read_session() as session:
                return _Refresh(store_overview(session, sources), open_tasks_for(session, agent))

        latest = self._request("refresh")
        self.ops.run(work, latest(self._refreshed), latest(self._background_failed))

    def _refreshed(self, result: _Refresh) -> None:
        self.overview = result.overview
        self.search.show_tasks(result.tasks)
        sources = result.overview.sources
        if not sources:
            text = "No sources connected yet: the ERP, shop and ticket systems show here."
            state = "none"
        else:
            text = "   ".join(describe_source(src) for src in sources)
            state = "failed" if any(src.state == "failed" for src in sources) else "ok"
        counts = f"{result.overview.customers:,} customers · {result.overview.events:,} events"
        self.freshness.setText(f"{text}    ({counts})")
        self.freshness.setProperty("state", state)
        self.freshness.style().unpolish(self.freshness)
        self.freshness.style().polish(self.freshness)
        failed = [src for src in sources if src.state == "failed"]
        self.freshness.setToolTip("\n".join(f"{s.name}: {s.last_error}" for s in failed))

    def _show_database(self) -> None:
        db = self.ctx.database
        if db.sqlite_file is not None:
            self.db_label.setText("This computer")
            self.db_label.setToolTip(f"Embedded database: {db.sqlite_file}")
        else:
            self.db_label.setText(f"Team: {db.url.host}/{db.url.database}")
            self.db_label.setToolTip(db.display_url)

    def _run_search(self) -> None:
        query = self.search.box.text().strip()
        if not query:
            self.search.show_hits("", [], False)
            return
        db = self.ctx.database
        empty = self.overview.empty if self.overview else False

        def work() -> list[CustomerHit]:
            with db.read_session() as session:
                return find_customers(session, query)

        latest = self._request("search")
        self.ops.run(
            work,
            latest(lambda hits: self.search.show_hits(query, hits, empty)),
            latest(self._background_failed),
        )

    def open_customer(self, customer_id: int) -> None:
        db = self.ctx.database

        def work() -> CustomerCard | None:
            with db.read_session() as session:
                return customer_card(session, customer_id)

        def done(card: CustomerCard | None) -> None:
            if card is None:
                self.statusBar().showMessage(f"Customer #{customer_id} no longer exists.", 5000)
                return
            self.customer.show_customer(card)

        latest = self._request("customer")
        self.ops.run(work, latest(done), latest(self._background_failed))

    def _background_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AgentDeskError):
            self.statusBar().showMessage(str(exc), 10_000)
            log.warning("%s", exc)
            return
        raise exc  # reaches the error reporter: logged, shown, the app keeps running

    # -- actions ----------------------------------------------------------------------------
    def print_case(self) -> None:
        if self.customer.current is None:
            self.statusBar().showMessage(
                "Open a customer first (Ctrl+F to search), then print.", 5000
            )
            return
        self.statusBar().showMessage("Case reports are not available in this version yet.", 5000)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx.paths, self.ctx.settings, self.ops, self)
        dialog.saved.connect(self.apply_settings)
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings, database_changed: bool) -> None:
        self.ctx.settings = settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.theme)
        if not database_changed:
            self.refresh()
            return
        paths = self.ctx.paths
        self.statusBar().showMessage("Connecting to the new database…")
        latest = self._request("database")
        # the keyring look-up and a possible schema upgrade run off the GUI thread, as a write
        self.ops.write(
            lambda: open_database(paths, resolve_database_url(paths, settings)),
            latest(self._database_switched),
            latest(self._background_failed),
        )

    def _database_switched(self, database: Database) -> None:
        old, self.ctx.database = self.ctx.database, database
        for view in self._latest:  # answers still coming from the old database are dropped
            self._latest[view] += 1
        old.dispose()
        self.customer.show_empty()
        self.search.box.clear()
        self._show_database()
        self.statusBar().showMessage(f"Now using {database.display_url}", 5000)
        self.refresh()

    def show_help(self) -> HelpDialog:
        dialog = HelpDialog(self)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        show_about(self, self.ctx.database.display_url)

    # -- layout memory ----------------------------------------------------------------------
    def _ui_state(self) -> QSettings:
        return QSettings(str(self.ctx.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        state = self._ui_state()
        geometry = state.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = state.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        state = self._ui_state()
        state.setValue("main/geometry", self.saveGeometry())
        state.setValue("main/splitter", self.splitter.saveState())
        state.sync()
        self._refresh_timer.stop()
        for view in self._latest:  # nothing arriving after this may touch the closed window
            self._latest[view] += 1
        super().closeEvent(event)  # run_gui waits for running work once the event loop ends
