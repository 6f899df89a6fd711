"""About, Help, and the dialog that reports an unexpected error without closing the app."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from agent_desk import __version__
from agent_desk.errors import AgentDeskError
from agent_desk.i18n import translate
from agent_desk.logging_setup import redact
from agent_desk.resources import read_text
from agent_desk.ui.language import current_language
from agent_desk.ui.theme import icon

log = logging.getLogger(__name__)


def show_about(parent: QWidget, database: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("aboutDialog")
    box.setWindowTitle(translate("about", "About Agent Desk"))
    box.setIconPixmap(icon("agent-desk").pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    tagline = translate("about", "The customer on the line, in one view.")
    used = translate("about", "Database: {database}").format(database=database)
    box.setText(
        f"<h3>Agent Desk {__version__}</h3><p>{tagline}</p>"
        f"<p>{used}<br>Qt for Python {pyside_version}, Python {sys.version.split()[0]}</p>"
    )
    box.open()
    return box


def help_page(language: str) -> str:
    """The help page in ``language`` (``resources/help/index.<language>.html``), else English."""
    try:
        return read_text("help", f"index.{language}.html")
    except FileNotFoundError:
        return read_text("help", "index.html")


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(translate("HelpDialog", "Agent Desk Help"))
        self.resize(560, 560)
        layout = QVBoxLayout(self)
        browser = QTextBrowser()
        browser.setObjectName("helpText")
        browser.setAccessibleName(translate("HelpDialog", "Help"))
        browser.setHtml(help_page(current_language()))
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ErrorReporter(QObject):
    """Installed as ``sys.excepthook``: logs the traceback, shows one dialog, keeps running.

    Exceptions raised on worker threads are handed to the GUI thread through a signal. While a
    dialog is open, further errors are only logged, so a failure in a loop cannot bury the
    screen in dialogs.
    """

    _raised = Signal(str)

    def __init__(self, log_file: Path, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self.log_file = log_file
        self.parent_widget = parent_widget
        self.dialog: QMessageBox | None = None
        self._raised.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda a: self.handle(a.exc_type, a.exc_value, a.exc_traceback)  # type: ignore[arg-type]

    def handle(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        if isinstance(value, AgentDeskError):
            log.warning("%s", value)
            summary = str(value)
        else:
            log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
            where = traceback.extract_tb(tb)[-1] if tb else None
            summary = (
                translate("ErrorReporter", "{kind}: {error} (in {file}, line {line})").format(
                    kind=kind.__name__,
                    error=value,
                    file=Path(where.filename).name,
                    line=where.lineno,
                )
                if where
                else f"{kind.__name__}: {value}"
            )
        self._raised.emit(redact(summary))

    def _show(self, summary: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        box = QMessageBox(self.parent_widget)
        box.setObjectName("errorDialog")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("ErrorReporter", "Something went wrong"))
        box.setText(
            translate(
                "ErrorReporter",
                "Agent Desk hit a problem. Your work is kept and the app keeps running.",
            )
        )
        box.setInformativeText(
            translate(
                "ErrorReporter", "{summary}\n\nDetails are in the log file:\n{log_file}"
            ).format(summary=summary, log_file=self.log_file)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()
        self.dialog = box
