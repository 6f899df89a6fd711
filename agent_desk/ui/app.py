"""Start the desktop application: Qt set-up, error reporting, the store, the main window."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QLockFile, QObject
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from agent_desk import __version__
from agent_desk.app import AppContext, open_context
from agent_desk.errors import AgentDeskError, ConfigError
from agent_desk.i18n import translate
from agent_desk.paths import AppPaths
from agent_desk.services.pop import PopRequest, parse_url
from agent_desk.settings import DB_URL_ENV, load_settings
from agent_desk.ui.dialogs import ErrorReporter
from agent_desk.ui.instance import InstanceServer, instance_name, send_to_running
from agent_desk.ui.language import apply_language, base_code
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.ops import Ops
from agent_desk.ui.settings_dialog import SettingsDialog
from agent_desk.ui.theme import apply_theme, follow_system_scheme, icon

log = logging.getLogger(__name__)


def create_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Agent Desk")
    app.setOrganizationName("AgentDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("agent-desk")
    app.setWindowIcon(icon("agent-desk"))
    return app


def _open_in_background(paths: AppPaths, db_url: str | None, ops: Ops) -> AppContext:
    """Open the store on the worker pool (connecting, a backup and a migration can take a
    while); a busy dialog appears if it takes longer than 600 ms. Raises what opening raised."""
    outcome: dict[str, object] = {}
    loop = QEventLoop()
    progress = QProgressDialog(translate("app", "Opening the database…"), "", 0, 0)
    progress.setObjectName("openingDatabase")
    progress.setWindowTitle(translate("app", "Agent Desk"))
    progress.setCancelButton(None)  # a migration is not interrupted half-way
    progress.setMinimumDuration(600)

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    ops.write(
        lambda: open_context(paths, db_url=db_url),
        lambda ctx: finish("context", ctx),
        lambda exc: finish("error", exc),
    )
    if not outcome:
        loop.exec()
    progress.close()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["context"]  # type: ignore[return-value]


def _open_store(paths: AppPaths, db_url: str | None, ops: Ops) -> AppContext | None:
    """Open the configured database; when it fails, let the person fix it instead of crashing."""
    while True:
        try:
            return _open_in_background(paths, db_url, ops)
        except AgentDeskError as exc:
            error = str(exc)
        except Exception as exc:  # a bug: logged with its traceback, still a choice for the agent
            log.exception("opening the database failed")
            error = translate("app", "{kind}: {error} (details in {log_file})").format(
                kind=type(exc).__name__, error=exc, log_file=paths.log_file
            )
        log.error("cannot open the database at start-up: %s", error)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            translate("app", "Agent Desk"),
            translate("app", "The database cannot be opened."),
        )
        box.setObjectName("startupDatabaseError")
        env_url = os.environ.get(DB_URL_ENV)
        settings_button = None
        if env_url and not db_url:
            box.setInformativeText(
                translate(
                    "app",
                    "{error}\n\nThe database is set by the environment variable {variable}; "
                    "change or remove it to use the database chosen in Settings.",
                ).format(error=error, variable=DB_URL_ENV)
            )
        else:
            box.setInformativeText(error)
            settings_button = box.addButton(
                translate("app", "Settings…"), QMessageBox.ButtonRole.ActionRole
            )
        local_url = f"sqlite:///{paths.default_database}"
        local_button = None
        if db_url != local_url:
            local_button = box.addButton(
                translate("app", "Use this computer's database"), QMessageBox.ButtonRole.AcceptRole
            )
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        clicked = box.clickedButton()
        if local_button is not None and clicked is local_button:
            db_url = local_url  # errors opening it come back round to this box
            continue
        if settings_button is None or clicked is not settings_button:
            return None
        try:
            settings = load_settings(paths.settings_file)
        except ConfigError as exc:
            QMessageBox.critical(
                None,
                translate("app", "Agent Desk"),
                translate("app", "The settings cannot be read.\n\n{error}").format(error=exc),
            )
            return None
        dialog = SettingsDialog(paths, settings, ops)
        if not dialog.exec():
            return None
        db_url = None  # the saved settings decide from now on


class LinkOpener(QObject):
    """macOS hands a clicked ``agentdesk:`` link to the app as a file-open event (Windows and
    Linux start ``agent-desk agentdesk:…``, which hands over by socket). A link that starts
    the app arrives while it is still starting, before the window exists (a dialog asking
    for the database password runs an event loop too): it is installed on the application
    at once and keeps such links until :meth:`attach` gives it the window."""

    def __init__(self, app: QObject) -> None:
        super().__init__(app)
        self.window: MainWindow | None = None
        self.pending: list[str] = []

    def attach(self, window: MainWindow) -> None:
        self.window = window
        pending, self.pending = self.pending, []
        for url in pending:
            self.open(url)

    def open(self, url: str) -> None:
        if self.window is None:
            self.pending.append(url)
            return
        try:
            self.window.pop(parse_url(url))
        except AgentDeskError as exc:
            log.warning("link %s: %s", url, exc)
            self.window.statusBar().showMessage(str(exc), 10_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url().toString()
            if url.lower().startswith("agentdesk:"):
                self.open(url)
                return True
        return super().eventFilter(watched, event)


def hand_over(paths: AppPaths, pop: PopRequest | None = None) -> bool:
    """Give the start (or the pop) to the Agent Desk already running for this user and data
    folder; False when none is running."""
    create_application()
    message: dict[str, object] = dict(pop.as_message()) if pop else {"raise": True}
    return send_to_running(instance_name(paths), message)


def run_gui(paths: AppPaths, db_url: str | None = None, pop: PopRequest | None = None) -> int:
    app = create_application()
    links = LinkOpener(app)
    app.installEventFilter(links)
    # two starts at once (a double click, a pop while starting): the lock lets one check and
    # listen at a time, so the second finds the first listening and hands over
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(paths.data_dir / "instance.lock"))
    locked = lock.tryLock(15_000)
    try:
        if hand_over(paths, pop):
            log.info("handed over to the running Agent Desk")
            print("Agent Desk is already running: handed over to it.", file=sys.stderr)
            return 0
        instance = InstanceServer(instance_name(paths), app)
        try:
            instance.listen()
        except AgentDeskError as exc:  # pops will not reach this window; it still works
            log.warning("%s", exc)
    finally:
        if locked:
            lock.unlock()
    reporter = ErrorReporter(paths.log_file)
    reporter.install()
    try:
        settings = load_settings(paths.settings_file)
    except ConfigError as exc:
        QMessageBox.critical(
            None,
            translate("app", "Agent Desk"),
            translate("app", "The settings cannot be read.\n\n{error}").format(error=exc),
        )
        return 1
    language = apply_language(settings.language, paths.cache_dir)
    apply_theme(app, settings.theme)
    follow_system_scheme(app)
    ops = Ops(app)
    context = _open_store(paths, db_url, ops)
    if context is None:
        return 1
    log.info(
        "Agent Desk %s started on %s (language %s, locale %s)",
        __version__,
        context.database.display_url,
        language.language,
        language.locale,
    )
    window = MainWindow(context, ops)
    reporter.parent_widget = window
    instance.received.connect(window.handle_message)
    window.show()
    if language.problem:
        window.statusBar().showMessage(
            translate("app", "English is shown: {problem}").format(problem=language.problem),
            15_000,
        )
    if pop is not None:
        window.pop(pop)
    links.attach(window)  # a link clicked while starting opens now
    try:
        return app.exec()
    finally:
        instance.close()
        ops.wait(5000)
        context.close()


def self_test(paths: AppPaths, db_url: str, timeout_s: float = 90.0, language: str = "en") -> int:
    """Open the real main window on the store in ``language``, open its busiest customer and
    wait until the header and the first timeline rows are shown: 0 when they are, 1 (with the
    reason) if not, or if the language's translation did not load. For a frozen bundle's
    smoke test and for IT checking a roll-out."""
    import time

    import sqlalchemy as sa
    from PySide6.QtCore import QTimer

    from agent_desk.store.models import TimelineEvent

    app = create_application()
    applied = apply_language(language, paths.cache_dir)
    if applied.language != base_code(language):  # de_DE: de
        print(
            f"self-test failed: language {language!r} not loaded "
            f"({applied.problem or 'no such translation'})",
            file=sys.stderr,
        )
        return 1
    ops = Ops(app)
    context = open_context(paths, db_url=db_url)
    t = TimelineEvent.__table__
    with context.database.engine.connect() as conn:
        row = conn.execute(
            sa.select(t.c.customer_id, sa.func.count())
            .where(t.c.customer_id.is_not(None))
            .group_by(t.c.customer_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).first()
    if row is None:
        context.close()
        print("self-test failed: the store has no customer with events", file=sys.stderr)
        return 1
    customer, events = int(row[0]), int(row[1])
    window = MainWindow(context, ops)
    window.show()
    window.open_customer(customer)
    outcome: dict[str, Any] = {
        "code": 1,
        "why": f"self-test failed: customer #{customer} not shown in time",
    }
    deadline = time.monotonic() + timeout_s

    def check() -> None:
        shown = window.customer.current
        rows = window.customer.timeline.model.rowCount()
        if shown is not None and shown.id == customer and rows > 0:
            outcome["code"] = 0
            menus = ", ".join(
                a.text().replace("&", "") for a in window.menuBar().actions() if a.text()
            )
            outcome["why"] = (
                f"self-test passed: Agent Desk {__version__}, the main window opened "
                f"{shown.display_name} (customer #{customer}, {events} events; {rows} rows shown); "
                f"language {applied.language}, locale {applied.locale}, menus: {menus}"
            )
            app.quit()
        elif time.monotonic() > deadline:
            app.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(100)
    try:
        app.exec()
    finally:
        timer.stop()
        window.close()
        ops.wait(10_000)
        context.close()
    print(outcome["why"], file=sys.stdout if outcome["code"] == 0 else sys.stderr)
    return int(outcome["code"])
