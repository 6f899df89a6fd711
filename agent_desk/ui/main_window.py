"""The main window: search and my-day queue (left), customer 360 (centre), suggestions (right),
data freshness in the status bar. All store access runs through :class:`~agent_desk.ui.ops.Ops`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from agent_desk.app import AppContext, open_database, resolve_database_url
from agent_desk.errors import AgentDeskError
from agent_desk.i18n import translate
from agent_desk.services import timeline
from agent_desk.services.customers import (
    CustomerCard,
    create_customer,
    customer_card,
    find_customers,
)
from agent_desk.services.identity import Explanation, IdentityDesk
from agent_desk.services.overview import StoreOverview, store_overview
from agent_desk.services.pop import PopRequest, find_caller
from agent_desk.services.profile import Profile, profile, set_preferences
from agent_desk.services.search import SearchHit
from agent_desk.services.sync import NOT_MINED, mine_after_sync
from agent_desk.services.tasks import TaskView
from agent_desk.services.timeline import EventDetail, TimelineFilter, TimelineRow
from agent_desk.settings import Settings
from agent_desk.store.database import Database
from agent_desk.sync.engine import SourceReport
from agent_desk.ui.confirm import ConfirmDialog
from agent_desk.ui.dialogs import HelpDialog, show_about
from agent_desk.ui.followup_actions import FollowUps
from agent_desk.ui.identity import IdentityActions
from agent_desk.ui.ops import Ops
from agent_desk.ui.palette import CommandPalette
from agent_desk.ui.panels import CustomerArea, SearchPanel
from agent_desk.ui.reports import Printing
from agent_desk.ui.settings_dialog import SettingsDialog
from agent_desk.ui.status import SourceDetailsDialog, SourceStatusBar
from agent_desk.ui.suggestions import Selling, SuggestionsPanel
from agent_desk.ui.sync_view import SyncProgress, SyncReportDialog, SyncRunner, summary
from agent_desk.ui.team_sync import TeamSync
from agent_desk.ui.theme import apply_theme, icon
from agent_desk.ui.timeline import LogDialog, PreferencesDialog

log = logging.getLogger(__name__)
SEARCH_DELAY_MS = 120
REFRESH_INTERVAL_MS = 60_000


@dataclass(frozen=True)
class _Refresh:
    overview: StoreOverview
    queue: tuple[list[TaskView], list[str]]


@dataclass(frozen=True)
class _CustomerView:
    card: CustomerCard
    identity: Explanation
    events: int
    sources: list[str]
    kinds: list[str]
    stale: list[str]
    profile: Profile


class _StoreTimeline:
    """The timeline's rows from the store, read as the table scrolls (each read is one indexed
    query of a few milliseconds, so it runs where the view asks for it)."""

    def __init__(
        self, db: Database, customer_id: int, ready: list[timeline.Story] | None = None
    ) -> None:
        self.db, self.customer_id, self.ready = db, customer_id, ready

    def page(self, flt: TimelineFilter, after: tuple[datetime, int] | None) -> list[TimelineRow]:
        with self.db.engine.connect() as conn:
            return timeline.page(conn, self.customer_id, flt, after)

    def stories(self, flt: TimelineFilter) -> list[timeline.Story]:
        if self.ready is not None:  # folded on the worker pool (see MainWindow._show_timeline)
            return self.ready
        with self.db.engine.connect() as conn:
            return timeline.stories(conn, self.customer_id, flt)

    def rows(self, ids: list[int]) -> dict[int, TimelineRow]:
        with self.db.engine.connect() as conn:
            return timeline.rows_by_id(conn, ids)


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
        self.setAccessibleName(translate("MainWindow", "Agent Desk"))
        self.setWindowTitle(translate("MainWindow", "Agent Desk"))
        self.setWindowIcon(icon("agent-desk"))
        self.resize(1280, 800)

        self.search = SearchPanel()
        self.customer = CustomerArea()
        self.suggestions = SuggestionsPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        # customers open in tabs above the 360 view; the one on the call is marked
        self.customer_tabs = QTabBar()
        self.customer_tabs.setObjectName("customerTabBar")
        self.customer_tabs.setAccessibleName(translate("MainWindow", "Open customers"))
        self.customer_tabs.setTabsClosable(True)
        self.customer_tabs.setMovable(True)
        self.customer_tabs.setExpanding(False)
        self.customer_tabs.setDocumentMode(True)
        self.customer_tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.customer_tabs.currentChanged.connect(self._customer_tab_changed)
        self.customer_tabs.tabCloseRequested.connect(self.close_customer_tab)
        self._on_call_id: int | None = None
        self._new_caller_on_call = False
        centre = QWidget()
        centre.setObjectName("centre")
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.customer_tabs)
        centre_layout.addWidget(self.customer, 1)
        for widget, stretch in ((self.search, 0), (centre, 1), (self.suggestions, 0)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.indexOf(widget), stretch)
        self.splitter.setSizes([320, 680, 280])
        self.setCentralWidget(self.splitter)

        self.freshness = SourceStatusBar()
        self.freshness.source_activated.connect(self.show_source)
        self.sync_progress = SyncProgress()
        self.sync_report_button = QPushButton(translate("MainWindow", "Sync report"))
        self.sync_report_button.setObjectName("syncReportButton")
        self.sync_report_button.setAccessibleName(
            translate("MainWindow", "Show the report of the last sync")
        )
        self.sync_report_button.setFlat(True)
        self.sync_report_button.hide()
        self.sync_report_button.clicked.connect(self.show_sync_report)
        self.on_call = QLabel()
        self.on_call.setObjectName("onCall")
        self.on_call.setAccessibleName(translate("MainWindow", "Customer on the call"))
        self.on_call.setStyleSheet("font-weight:600;")
        self.on_call.hide()
        self.statusBar().addPermanentWidget(self.on_call)
        self.db_label = QLabel()
        self.db_label.setObjectName("statusDatabase")
        self.db_label.setAccessibleName(translate("MainWindow", "Database"))
        self.statusBar().addWidget(self.freshness, 1)
        self.statusBar().addPermanentWidget(self.sync_progress)
        self.statusBar().addPermanentWidget(self.sync_report_button)
        self.statusBar().addPermanentWidget(self.db_label)

        self.sync = SyncRunner(ops, self)
        self.sync.started.connect(self.sync_progress.begin)
        self.sync.progressed.connect(self.sync_progress.update_progress)
        self.sync.finished.connect(self._sync_finished)
        self.sync.failed.connect(self._sync_failed)
        self.sync_progress.stop.clicked.connect(self.stop_sync)
        self.sync_report: SyncReportDialog | None = None
        self._open_id: int | None = None  # the customer id last asked for (maybe merged away)
        self.log_dialog: LogDialog | None = None
        self.command_palette: CommandPalette | None = None
        self.preferences_dialog: PreferencesDialog | None = None
        self.identity_actions = IdentityActions(
            self.customer.identity,
            ops,
            lambda: IdentityDesk(self.ctx.database, self.ctx.agent_username),
            self._search_pick,
            self,
        )
        self.identity_actions.changed.connect(self._identity_changed)
        self.followups = FollowUps(self)
        self.selling = Selling(self, self.suggestions)
        self.printing = Printing(self)
        self.team_sync = TeamSync(self)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.query_changed.connect(lambda _text: self._search_timer.start())
        self.search.customer_chosen.connect(self.open_customer)
        self.customer.create_requested.connect(self.create_customer)
        self.customer.timeline.filter_changed.connect(self._timeline_filter_changed)
        self.customer.timeline.event_selected.connect(self._show_event)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_INTERVAL_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._refresh_timer.start()

        self._build_menus()
        self._restore_layout()
        self._show_database()
        self.refresh()
        self.team_sync.start()
        self._mine_rules()  # a store never mined (or changed by another desktop's sync)
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
        file_menu = bar.addMenu(translate("MainWindow", "&File"))
        self.print_action = self._action(
            translate("MainWindow", "&Print case report…"),
            QKeySequence.StandardKey.Print,
            self.print_case,
            "actionPrint",
            "print",
        )
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                translate("MainWindow", "&Settings…"),
                "Ctrl+,",
                self.open_settings,
                "actionSettings",
                "settings",
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                translate("MainWindow", "&Quit"),
                QKeySequence.StandardKey.Quit,
                self.close,
                "actionQuit",
            )
        )
        view_menu = bar.addMenu(translate("MainWindow", "&View"))
        view_menu.addAction(
            self._action(
                translate("MainWindow", "&Find customer"),
                QKeySequence.StandardKey.Find,
                self.search.focus_search,
                "actionFind",
                "search",
            )
        )
        view_menu.addAction(
            self._action(
                translate("MainWindow", "&Refresh"), "Ctrl+R", self.refresh, "actionRefresh"
            )
        )
        view_menu.addAction(
            self._action(
                translate("MainWindow", "&Command palette…"),
                "Ctrl+K",
                self.show_palette,
                "actionPalette",
            )
        )
        view_menu.addAction(
            self._action(
                translate("MainWindow", "Next customer &tab"),
                "Ctrl+Tab",
                self.next_tab,
                "actionNextTab",
            )
        )
        view_menu.addAction(
            self._action(
                translate("MainWindow", "Previous customer tab"),
                "Ctrl+Shift+Tab",
                self.previous_tab,
                "actionPreviousTab",
            )
        )
        view_menu.addAction(
            self._action(
                translate("MainWindow", "&Close customer tab"),
                "Ctrl+W",
                self.close_customer_tab,
                "actionCloseTab",
            )
        )
        view_menu.addAction(
            self._action(
                translate("MainWindow", "Show t&imeline"),
                "Alt+1",
                lambda: self.show_section(0),
                "actionTimeline",
            )
        )
        view_menu.addAction(
            self._action(
                translate("MainWindow", "Show i&dentity"),
                "Alt+2",
                lambda: self.show_section(1),
                "actionIdentity",
            )
        )
        customer_menu = bar.addMenu(translate("MainWindow", "&Customer"))
        customer_menu.addAction(
            self._action(
                translate("MainWindow", "&Log call…"), "Ctrl+L", self.log_call, "actionLogCall"
            )
        )
        customer_menu.addAction(
            self._action(
                translate("MainWindow", "Add &note…"), "Ctrl+N", self.add_note, "actionAddNote"
            )
        )
        customer_menu.addAction(
            self._action(
                translate("MainWindow", "Contact &preferences…"),
                "Ctrl+Shift+O",
                self.edit_preferences,
                "actionPreferences",
            )
        )
        customer_menu.addSeparator()
        identity = self.customer.identity
        for text, shortcut, button, name in (
            (
                translate("MainWindow", "&Merge with customer…"),
                "Ctrl+Shift+M",
                identity.merge_button,
                "actionMerge",
            ),
            (
                translate("MainWindow", "&Split record out…"),
                "Ctrl+Shift+S",
                identity.split_button,
                "actionSplit",
            ),
            (
                translate("MainWindow", "Con&firm same person…"),
                "Ctrl+Shift+Y",
                identity.confirm_button,
                "actionConfirm",
            ),
            (
                translate("MainWindow", "Not the same &person…"),
                "Ctrl+Shift+N",
                identity.reject_button,
                "actionReject",
            ),
            (
                translate("MainWindow", "&Undo journal entry…"),
                "Ctrl+Shift+U",
                identity.undo_button,
                "actionUndoEntry",
            ),
        ):
            customer_menu.addAction(
                self._action(
                    text, shortcut, lambda _on=False, b=button: self._identity_button(b), name
                )
            )
        self.followups.build_menu(bar.addMenu(translate("MainWindow", "&Follow-up")))
        self.selling.build_menu(bar.addMenu(translate("MainWindow", "&Offers")))
        sync_menu = bar.addMenu(translate("MainWindow", "&Sync"))
        self.sync_action = self._action(
            translate("MainWindow", "&Sync now"), "F5", self.sync_now, "actionSync"
        )
        self.sync_full_action = self._action(
            translate("MainWindow", "Sync all from the &start…"),
            "Ctrl+F5",
            self.sync_full,
            "actionSyncFull",
        )
        self.stop_sync_action = self._action(
            translate("MainWindow", "S&top sync"), "Shift+F5", self.stop_sync, "actionStopSync"
        )
        self.stop_sync_action.setEnabled(False)
        for action in (self.sync_action, self.sync_full_action, self.stop_sync_action):
            sync_menu.addAction(action)
        sync_menu.addSeparator()
        sync_menu.addAction(
            self._action(
                translate("MainWindow", "Sync &report"),
                "Ctrl+Shift+F5",
                self.show_sync_report,
                "actionSyncReport",
            )
        )
        help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        help_menu.addAction(
            self._action(
                translate("MainWindow", "Agent Desk &Help"),
                QKeySequence.StandardKey.HelpContents,
                self.show_help,
                "actionHelp",
                "help",
            )
        )
        help_menu.addAction(
            self._action(
                translate("MainWindow", "&About Agent Desk"), "", self.show_about, "actionAbout"
            )
        )

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
        db, sources = self.ctx.database, self.ctx.settings.sources
        load_queue = self.followups.load_queue

        def work() -> _Refresh:
            with db.read_session() as session:
                overview = store_overview(session, sources)
            return _Refresh(overview, load_queue())

        latest = self._request("refresh")
        self.ops.run(work, latest(self._refreshed), latest(self._background_failed))

    def _refreshed(self, result: _Refresh) -> None:
        self.overview = result.overview
        self.followups.show_queue(result.queue)
        self.freshness.show_overview(result.overview)

    def _show_database(self) -> None:
        db = self.ctx.database
        if db.sqlite_file is not None:
            self.db_label.setText(translate("MainWindow", "This computer"))
            self.db_label.setToolTip(
                translate("MainWindow", "Embedded database: {file}").format(file=db.sqlite_file)
            )
        else:
            self.db_label.setText(
                translate("MainWindow", "Team: {host}/{database}").format(
                    host=db.url.host, database=db.url.database
                )
            )
            self.db_label.setToolTip(db.display_url)

    def _run_search(self) -> None:
        query = self.search.box.text().strip()
        if not query:
            self.search.show_hits("", [], False)
            return
        db = self.ctx.database
        empty = self.overview.empty if self.overview else False

        region = self.ctx.settings.default_region

        def work() -> list[SearchHit]:
            with db.read_session() as session:
                return find_customers(session, query, region=region)

        latest = self._request("search")
        self.ops.run(
            work,
            latest(lambda hits: self.search.show_hits(query, hits, empty)),
            latest(self._background_failed),
        )

    def open_customer(self, customer_id: int) -> None:
        db, desk = self.ctx.database, IdentityDesk(self.ctx.database, self.ctx.agent_username)
        self._open_id = customer_id

        freshness = self.overview.sources if self.overview else []
        flt = self.customer.timeline.current_filter()

        def work() -> _CustomerView | None:
            with db.read_session() as session:
                card = customer_card(session, customer_id)
            if card is None:
                return None
            with db.engine.connect() as conn:
                events = timeline.count(conn, card.id, flt)
                sources = timeline.sources_of(conn, card.id)
                kinds = timeline.kinds_of(conn, card.id)
                stale = timeline.stale_sources(conn, card.id, freshness)
                info = profile(conn, card.id)
            return _CustomerView(
                card, desk.explain(customer_id), events, sources, kinds, stale, info
            )

        def done(view: _CustomerView | None) -> None:
            if view is None:
                self.statusBar().showMessage(
                    translate("MainWindow", "Customer #{id} no longer exists.").format(
                        id=customer_id
                    ),
                    5000,
                )
                return
            same_customer = (
                self.customer.current is not None and self.customer.current.id == view.card.id
            )
            self._show_in_tab(customer_id, view.card)
            self.customer.show_customer(view.card)
            self.customer.show_profile(view.profile)
            self.customer.show_stale(view.stale)
            self.customer.timeline.set_sources(view.sources, view.kinds)
            if not same_customer:
                self.customer.timeline.table.scrollToTop()
            self._show_timeline(view.card.id, view.events)
            identity = view.identity
            if identity.asked != identity.customer_id:
                self.statusBar().showMessage(
                    translate(
                        "MainWindow", "Customer {asked} was merged into customer {id}."
                    ).format(asked=identity.asked, id=identity.customer_id),
                    10_000,
                )
            self.customer.identity.show_explanation(identity)
            self.followups.show_customer(view.card.id)
            self.selling.show_customer(view.card.id)
            if not same_customer:
                self.team_sync.heartbeat()  # others see at once that this customer is open
            else:
                self.team_sync.show_presence(view.card.id)

        latest = self._request("customer")
        self.ops.run(work, latest(done), latest(self._background_failed))

    def show_palette(self) -> None:
        palette = CommandPalette(
            [a for a in self.actions() if a.objectName() != "actionPalette"], self
        )
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.command_palette = palette
        palette.open()

    def _identity_button(self, button: QPushButton) -> None:
        """An identity decision from the menu or the palette: on the Identity section, for the
        item selected there (the same preview and confirmation as the button)."""
        if self.customer.current is None:
            self.statusBar().showMessage(
                translate("MainWindow", "Open a customer first (Ctrl+F to find one)."), 5000
            )
            return
        self.show_section(1)
        if button.isEnabled():
            button.click()
        else:
            self.statusBar().showMessage(
                translate(
                    "MainWindow",
                    "Select the record, pair or journal entry in the Identity section first.",
                ),
                5000,
            )

    # -- customer tabs -------------------------------------------------------------------------
    def next_tab(self) -> None:
        tabs = self.customer_tabs
        if tabs.count() > 1:
            tabs.setCurrentIndex((tabs.currentIndex() + 1) % tabs.count())

    def previous_tab(self) -> None:
        tabs = self.customer_tabs
        if tabs.count() > 1:
            tabs.setCurrentIndex((tabs.currentIndex() - 1) % tabs.count())

    def show_section(self, index: int) -> None:
        if self.customer.current is not None and index < self.customer.tabs.count():
            self.customer.tabs.setCurrentIndex(index)

    def close_customer_tab(self, index: int | None = None) -> None:
        tabs = self.customer_tabs
        index = tabs.currentIndex() if index is None or isinstance(index, bool) else index
        if index < 0:
            return
        closing = tabs.tabData(index)
        if closing == self._on_call_id:
            self._on_call_id = None
            self.on_call.hide()
        tabs.removeTab(index)  # the next current tab loads through currentChanged
        if tabs.count() == 0:
            self._open_id = None
            self.customer.show_empty()
            self.selling.show_customer(None)
        self.team_sync.heartbeat()

    def _tab_index(self, customer_id: int) -> int:
        for i in range(self.customer_tabs.count()):
            if self.customer_tabs.tabData(i) == customer_id:
                return i
        return -1

    def _customer_tab_changed(self, index: int) -> None:
        if index < 0:
            return
        wanted = self.customer_tabs.tabData(index)
        if wanted is not None and (
            self.customer.current is None or self.customer.current.id != wanted
        ):
            self.open_customer(int(wanted))

    def _show_in_tab(self, asked: int, card: CustomerCard) -> None:
        """The tab of the customer just loaded: an open tab, the asked (merged-away) id's tab,
        or a new one; and make it current without loading it again."""
        tabs = self.customer_tabs
        index = self._tab_index(card.id)
        old = self._tab_index(asked) if asked != card.id else -1
        if index >= 0 and old >= 0:
            tabs.removeTab(old)  # both ids are one customer now
            index = self._tab_index(card.id)
        elif old >= 0:
            index = old
        tabs.blockSignals(True)
        if index < 0:
            index = tabs.addTab("")
        tabs.setTabData(index, card.id)
        name = card.display_name if len(card.display_name) <= 28 else card.display_name[:27] + "…"
        tabs.setTabText(index, ("☎ " if card.id == self._on_call_id else "") + name)
        tabs.setTabToolTip(
            index,
            translate("MainWindow", "{name} (customer #{id})").format(
                name=card.display_name, id=card.id
            ),
        )
        tabs.setCurrentIndex(index)
        tabs.blockSignals(False)

    # -- timeline ----------------------------------------------------------------------------
    def _show_timeline(self, customer_id: int, total: int) -> None:
        view, db = self.customer.timeline, self.ctx.database
        if view.grouping.currentData() != "story":
            view.show_rows(_StoreTimeline(db, customer_id), total)
            return
        # folding stories reads every event head of the customer: not on the GUI thread
        flt = view.current_filter()

        def work() -> list[timeline.Story]:
            with db.engine.connect() as conn:
                return timeline.stories(conn, customer_id, flt)

        def done(stories: list[timeline.Story]) -> None:
            view.show_rows(_StoreTimeline(db, customer_id, stories), total)

        latest = self._request("stories")
        self.ops.run(work, latest(done), latest(self._background_failed))

    def _timeline_filter_changed(self) -> None:
        current = self.customer.current
        if current is None:
            return
        db, flt, cid = self.ctx.database, self.customer.timeline.current_filter(), current.id

        def work() -> int:
            with db.engine.connect() as conn:
                return timeline.count(conn, cid, flt)

        latest = self._request("timeline")
        self.ops.run(
            work,
            latest(lambda total: self._show_timeline(cid, total)),
            latest(self._background_failed),
        )

    def _show_event(self, event_id: int) -> None:
        db = self.ctx.database

        def work() -> EventDetail | None:
            with db.engine.connect() as conn:
                return timeline.detail(conn, event_id)

        latest = self._request("event")
        self.ops.run(
            work, latest(self.customer.timeline.show_detail), latest(self._background_failed)
        )

    def log_call(self) -> None:
        self._log(timeline.CALL)

    def add_note(self) -> None:
        self._log(timeline.NOTE)

    def _log(self, kind: str) -> None:
        card = self.customer.current
        if card is None:
            self.statusBar().showMessage(
                translate("MainWindow", "Open a customer first (Ctrl+F to find one)."), 5000
            )
            return
        dialog = LogDialog(kind, card.display_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.log_dialog = dialog
        dialog.accepted.connect(lambda: self._save_log(kind, card.id, dialog.values()))
        dialog.open()  # window-modal; the call goes on while the agent types

    def edit_preferences(self) -> None:
        card = self.customer.current
        if card is None or self.customer.profile is None:
            self.statusBar().showMessage(
                translate("MainWindow", "Open a customer first (Ctrl+F to find one)."), 5000
            )
            return
        dialog = PreferencesDialog(card.display_name, self.customer.profile.preferences, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preferences_dialog = dialog
        db, agent, cid = self.ctx.database, self.ctx.agent_username, card.id

        def saved(_none: None) -> None:
            self.statusBar().showMessage(
                translate("MainWindow", "Contact preferences saved."), 5000
            )
            self.open_customer(cid)

        def save() -> None:
            wanted = dialog.values()
            self.ops.write(
                lambda: set_preferences(db, cid, agent, wanted), saved, self._background_failed
            )

        dialog.accepted.connect(save)
        dialog.open()

    def _save_log(self, kind: str, cid: int, values: dict[str, str]) -> None:
        db, agent = self.ctx.database, self.ctx.agent_username

        follow_up = values.get("follow_up", "")

        def work() -> int:
            return timeline.log_interaction(
                db,
                cid,
                agent,
                kind=kind,
                reason=values["reason"],
                outcome=values["outcome"] or None,
                text=values["text"],
                alert=bool(values.get("alert")),
                follow_up=follow_up,  # a task linked to the call, saved with it
            )

        def done(_event: int) -> None:
            if kind == timeline.CALL:
                logged = translate("MainWindow", "Call logged.")
            else:
                logged = translate("MainWindow", "Note added.")
            if follow_up:
                logged += " " + translate("MainWindow", "Follow-up task created.")
            self.statusBar().showMessage(logged, 5000)
            self.open_customer(cid)
            if follow_up:
                self.refresh()

        self.ops.write(work, done, self._background_failed)

    # -- screen pop --------------------------------------------------------------------------
    def handle_message(self, message: dict[str, Any]) -> None:
        """A message from a later start or a softphone (see :mod:`agent_desk.ui.instance`)."""
        if "pop" in message:
            try:
                request = PopRequest.from_message(message)
            except AgentDeskError as exc:
                self.bring_to_front()
                self.statusBar().showMessage(
                    translate("MainWindow", "Screen pop ignored: {reason}").format(reason=exc),
                    10_000,
                )
                return
            self.pop(request)
        else:
            self.bring_to_front()

    def bring_to_front(self) -> None:
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
        self.show()
        self.raise_()
        self.activateWindow()

    def pop(self, request: PopRequest) -> None:
        """Open the caller: one match opens, several are a pick list, none a new-caller card."""
        self.bring_to_front()
        db, region = self.ctx.database, self.ctx.settings.default_region

        def work() -> list[SearchHit]:
            with db.engine.connect() as conn:
                return find_caller(conn, request, region)

        def done(hits: list[SearchHit]) -> None:
            what = f"{request.label} {request.value}".replace("# ", "#")
            self._mark_call(None)
            self._new_caller_on_call = False
            if len(hits) == 1:
                self.on_call.setText(
                    translate("MainWindow", "On the call: {name} ({what})").format(
                        name=hits[0].display_name, what=what
                    )
                )
                self.on_call.show()
                self._mark_call(hits[0].id)
                self.open_customer(hits[0].id)
                return
            self.search.box.blockSignals(True)  # the pop's own hits, not a new search
            self.search.box.setText(request.value)
            self.search.box.blockSignals(False)
            self._search_timer.stop()
            self.search.show_hits(request.value, hits, False)
            if hits:
                self.on_call.setText(
                    translate("MainWindow", "On the call: {what} (pick the customer)").format(
                        what=what
                    )
                )
                self.on_call.show()
                self.search.results.setFocus(Qt.FocusReason.OtherFocusReason)
                self.statusBar().showMessage(
                    translate(
                        "MainWindow",
                        "%n customer(s) match {what}: pick one (arrows, Enter).",
                        None,
                        len(hits),
                    ).format(what=what),
                    15_000,
                )
            else:
                self.on_call.setText(
                    translate("MainWindow", "On the call: new caller ({what})").format(what=what)
                )
                self.on_call.show()
                self._new_caller_on_call = True
                self._open_id = None
                self.customer.show_new_caller(request)

        latest = self._request("customer")
        self.ops.run(work, latest(done), latest(self._background_failed))

    def _mark_call(self, customer_id: int | None) -> None:
        """Move the "on the call" mark (☎ on the customer's tab)."""
        previous, self._on_call_id = self._on_call_id, customer_id
        if previous is not None and (i := self._tab_index(previous)) >= 0:
            self.customer_tabs.setTabText(i, self.customer_tabs.tabText(i).removeprefix("☎ "))
        if customer_id is not None and (i := self._tab_index(customer_id)) >= 0:
            text = self.customer_tabs.tabText(i).removeprefix("☎ ")
            self.customer_tabs.setTabText(i, "☎ " + text)

    def create_customer(self, values: dict[str, str]) -> None:
        """The new-caller card's "Create customer": saved, then opened."""
        db, region = self.ctx.database, self.ctx.settings.default_region

        def work() -> int:
            return create_customer(db, values, region)

        def done(customer_id: int) -> None:
            self.statusBar().showMessage(translate("MainWindow", "Customer created."), 5000)
            if self.on_call.isVisible() and self._new_caller_on_call:
                name = " ".join(
                    v for v in (values.get("given_name"), values.get("family_name")) if v
                )
                self.on_call.setText(
                    translate("MainWindow", "On the call: {name}").format(name=name.strip())
                )
                self._new_caller_on_call = False
                self._mark_call(customer_id)
            self.open_customer(customer_id)

        self.ops.write(work, done, self._background_failed)

    def _background_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AgentDeskError):
            self.statusBar().showMessage(str(exc), 10_000)
            log.warning("%s", exc)
            return
        raise exc  # reaches the error reporter: logged, shown, the app keeps running

    def _search_pick(self) -> int | None:
        """The customer selected in the search results (to merge with), if any."""
        item = self.search.results.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def _identity_changed(self, message: str) -> None:
        if message:
            self.statusBar().showMessage(message, 10_000)
        self._reload_views()

    def _reload_views(self) -> None:
        """After a sync or a decision: the open customer, the search hits, the status bar."""
        if self._open_id is not None and self.customer.current is not None:
            self.open_customer(self._open_id)
        if self.search.box.text().strip():
            self._run_search()
        self.refresh()

    # -- sync -------------------------------------------------------------------------------
    def sync_now(self, only: list[str] | None = None, *, full: bool = False) -> bool:
        """Sync the configured sources (or ``only`` these) in the background."""
        if self.sync.running:
            self.statusBar().showMessage(
                translate("MainWindow", "A sync is already running (Shift+F5 stops it)."), 5000
            )
            return False
        if not self.ctx.settings.sources:
            self.statusBar().showMessage(
                translate(
                    "MainWindow",
                    "No sources configured: add them in Settings (Ctrl+,) or load the demo data.",
                ),
                8000,
            )
            return False
        try:
            self.sync.start(self.ctx.database, self.ctx.settings, full=full, only=only or None)
        except AgentDeskError as exc:
            self.statusBar().showMessage(str(exc), 10_000)
            return False
        self.stop_sync_action.setEnabled(self.sync.running)
        return True

    def sync_full(self) -> ConfirmDialog:
        """Read every source again from the start, after a confirmation."""
        names = sorted(self.ctx.settings.sources)
        dialog = ConfirmDialog(
            "confirmFullSync",
            translate("MainWindow", "Sync all from the start"),
            translate(
                "MainWindow",
                "Read every record of every source again? This takes longer than a normal sync; "
                "records are updated in place, never duplicated.",
            ),
            [
                translate("MainWindow", "sources: {names}").format(
                    names=", ".join(names) or translate("MainWindow", "none configured")
                )
            ],
            translate("MainWindow", "Sync all"),
            self,
        )
        dialog.accepted.connect(lambda: self.sync_now(full=True))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def stop_sync(self) -> None:
        if self.sync.running:
            self.sync.cancel()
            self.sync_progress.stopping()
            self.stop_sync_action.setEnabled(False)

    def _sync_finished(self, reports: list[SourceReport]) -> None:
        self.sync_progress.hide()
        self.stop_sync_action.setEnabled(False)
        self.sync_report_button.show()
        self.statusBar().showMessage(summary(reports), 15_000)
        if self.sync_report is not None and self.sync_report.isVisible():
            self.sync_report.show_report(self.sync)
        self._reload_views()
        self._mine_rules()

    def _mine_rules(self) -> None:
        """The cross-sell rules, mined again in the background when the sync changed orders."""
        db, settings = self.ctx.database, self.ctx.settings

        def done(message: str) -> None:
            log.info("%s", message)
            if message.startswith(
                translate("sync", NOT_MINED)
            ):  # the sync's own summary stays in view otherwise
                self.statusBar().showMessage(message, 15_000)
            if self.customer.current is not None:
                self.selling.show_customer(self.customer.current.id)

        self.ops.long(lambda: mine_after_sync(db, settings), done, self._background_failed)

    def _sync_failed(self, exc: BaseException) -> None:
        self.sync_progress.hide()
        self.stop_sync_action.setEnabled(False)
        self._background_failed(exc)

    def show_sync_report(self) -> SyncReportDialog:
        if self.sync_report is None:
            self.sync_report = SyncReportDialog(self.sync, self)
        else:
            self.sync_report.show_report(self.sync)
        self.sync_report.show()
        self.sync_report.raise_()
        return self.sync_report

    def show_source(self, name: str) -> SourceDetailsDialog | None:
        src = self.freshness.sources.get(name)
        if src is None:
            return None
        dialog = SourceDetailsDialog(src, self)
        dialog.sync_requested.connect(lambda source: self.sync_now([source]))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # -- actions ----------------------------------------------------------------------------
    def print_case(self) -> None:
        if self.customer.current is None:
            self.statusBar().showMessage(
                translate("MainWindow", "Open a customer first (Ctrl+F to search), then print."),
                5000,
            )
            return
        card, db = self.customer.current, self.ctx.database

        def work() -> list[str]:
            with db.engine.connect() as conn:
                return timeline.sources_of(conn, card.id)

        def ask(sources: list[str]) -> None:
            self.printing.case(card.id, card.display_name, sources)

        self.ops.run(work, ask, self._background_failed)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx.paths, self.ctx.settings, self.ops, self)
        dialog.saved.connect(self.apply_settings)
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings, database_changed: bool) -> None:
        language_changed = settings.language != self.ctx.settings.language
        self.ctx.settings = settings
        if language_changed:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                translate("MainWindow", "Language"),
                translate(
                    "MainWindow", "Agent Desk shows the new language the next time it starts."
                ),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setObjectName("languageChanged")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        self.selling.settings_changed()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.theme)
        if not database_changed:
            self.refresh()
            return
        paths = self.ctx.paths
        self.statusBar().showMessage(translate("MainWindow", "Connecting to the new database…"))
        latest = self._request("database")
        # the keyring look-up and a possible schema upgrade run off the GUI thread, as a write
        self.ops.write(
            lambda: open_database(paths, resolve_database_url(paths, settings)),
            latest(self._database_switched),
            latest(self._background_failed),
        )

    def _database_switched(self, database: Database) -> None:
        self.team_sync.stop()  # before the old engine goes
        old, self.ctx.database = self.ctx.database, database
        for view in self._latest:  # answers still coming from the old database are dropped
            self._latest[view] += 1
        self.sync.cancel()  # a running sync stops after its page; the old store keeps it
        old.dispose()
        self._open_id = None
        self.customer.show_empty()
        self.selling.show_customer(None)
        self.search.box.clear()
        self._show_database()
        self.statusBar().showMessage(
            translate("MainWindow", "Now using {database}").format(database=database.display_url),
            5000,
        )
        self.refresh()
        self.team_sync.start()
        self._mine_rules()

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
        self.team_sync.stop()
        self._search_timer.stop()  # a search typed just before closing must not start now
        self.sync.cancel()  # stops after the current page; run_gui waits for it
        for view in self._latest:  # nothing arriving after this may touch the closed window
            self._latest[view] += 1
        super().closeEvent(event)  # run_gui waits for running work once the event loop ends
