"""Start the desktop application: Qt set-up, error reporting, the store, the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from agent_desk import __version__
from agent_desk.app import AppContext, open_context
from agent_desk.errors import ConfigError, DatabaseError
from agent_desk.paths import AppPaths
from agent_desk.settings import load_settings
from agent_desk.ui.dialogs import ErrorReporter
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


def _open_store(paths: AppPaths, db_url: str | None, ops: Ops) -> AppContext | None:
    """Open the configured database; when it fails, let the person fix it instead of crashing."""
    while True:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return open_context(paths, db_url=db_url)
        except DatabaseError as exc:
            error = str(exc)
        finally:
            QGuiApplication.restoreOverrideCursor()
        log.error("cannot open the database at start-up: %s", error)
        box = QMessageBox(QMessageBox.Icon.Critical, "Agent Desk", "The database cannot be opened.")
        box.setObjectName("startupDatabaseError")
        box.setInformativeText(error)
        settings_button = box.addButton("Settings…", QMessageBox.ButtonRole.ActionRole)
        local_button = box.addButton(
            "Use this computer's database", QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        clicked = box.clickedButton()
        if clicked is local_button:
            return open_context(paths, db_url=f"sqlite:///{paths.default_database}")
        if clicked is not settings_button:
            return None
        dialog = SettingsDialog(paths, load_settings(paths.settings_file), ops)
        if not dialog.exec():
            return None
        db_url = None  # the saved settings decide from now on


def run_gui(paths: AppPaths, db_url: str | None = None) -> int:
    app = create_application()
    reporter = ErrorReporter(paths.log_file)
    reporter.install()
    try:
        settings = load_settings(paths.settings_file)
    except ConfigError as exc:
        QMessageBox.critical(None, "Agent Desk", f"The settings cannot be read.\n\n{exc}")
        return 1
    apply_theme(app, settings.theme)
    follow_system_scheme(app)
    ops = Ops(app)
    context = _open_store(paths, db_url, ops)
    if context is None:
        return 1
    log.info("Agent Desk %s started on %s", __version__, context.database.display_url)
    window = MainWindow(context, ops)
    reporter.parent_widget = window
    window.show()
    try:
        return app.exec()
    finally:
        ops.wait(5000)
        context.close()
