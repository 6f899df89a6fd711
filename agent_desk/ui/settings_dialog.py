"""Settings: the database (embedded or the team's PostgreSQL) and general preferences.

A team database is only saved after a successful connection test, which runs in the background.
A password typed here goes to the keyring; the settings file keeps the URL without it.
"""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL

from agent_desk.app import (
    database_secret_name,
    probe_database,
    split_password,
    with_keyring_password,
)
from agent_desk.errors import AgentDeskError
from agent_desk.paths import AppPaths
from agent_desk.secrets import SecretStoreUnavailable, set_secret
from agent_desk.settings import THEMES, Settings, save_settings
from agent_desk.store.engine import parse_url
from agent_desk.ui.ops import Ops

TEAM_URL_HINT = "postgresql+psycopg://USER@HOST:5432/DATABASE"


class SettingsDialog(QDialog):
    saved = Signal(object, bool)  # the new Settings, whether the database changed

    def __init__(
        self, paths: AppPaths, settings: Settings, ops: Ops, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.paths, self.settings, self.ops = paths, settings, ops
        self._pending_save = False
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        tabs.addTab(self._database_tab(), "Database")
        tabs.addTab(self._general_tab(), "General")
        layout.addWidget(tabs)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- database ---------------------------------------------------------------------------
    def _database_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.embedded = QRadioButton("This computer (embedded database, no set-up)")
        self.embedded.setObjectName("databaseEmbedded")
        self.team = QRadioButton("Team database (PostgreSQL shared by the call center)")
        self.team.setObjectName("databaseTeam")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.team)
        form.addRow(self.embedded)
        form.addRow(self.team)
        self.url = QLineEdit(self.settings.database_url)
        self.url.setObjectName("databaseUrl")
        self.url.setAccessibleName("Team database URL")
        self.url.setPlaceholderText(TEAM_URL_HINT)
        form.addRow("URL", self.url)
        self.password = QLineEdit()
        self.password.setObjectName("databasePassword")
        self.password.setAccessibleName("Team database password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in the system keyring, never in the settings file")
        form.addRow("Password", self.password)
        row = QHBoxLayout()
        self.test_button = QPushButton("Test connection")
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow(row)
        self.result = QLabel()
        self.result.setObjectName("connectionResult")
        self.result.setAccessibleName("Connection test result")
        self.result.setWordWrap(True)
        form.addRow(self.result)
        (self.team if self.settings.database_url else self.embedded).setChecked(True)
        self.embedded.toggled.connect(self._mode_changed)
        self._mode_changed()
        return tab

    def _mode_changed(self) -> None:
        team = self.team.isChecked()
        self.url.setEnabled(team)
        self.password.setEnabled(team)
        self.test_button.setEnabled(team)
        self._set_result("", "")

    def _set_result(self, text: str, state: str) -> None:
        self.result.setText(text)
        self.result.setProperty("state", state)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)

    def _typed_url(self) -> tuple[URL, str | None]:
        """The URL as typed, without password, and the password (field first, then URL)."""
        text = self.url.text().strip()
        if not text:
            raise AgentDeskError(f"enter the team database URL, e.g. {TEAM_URL_HINT}")
        url, in_url = split_password(parse_url(text))
        if url.get_backend_name() != "postgresql":
            raise AgentDeskError("a team database is PostgreSQL: " + TEAM_URL_HINT)
        return url, self.password.text() or in_url

    def _team_url(self) -> URL:
        url, password = self._typed_url()
        return url.set(password=password) if password else with_keyring_password(url)

    def test_connection(self) -> None:
        try:
            url = self._team_url()
        except AgentDeskError as exc:
            self._set_result(str(exc), "error")
            self._pending_save = False
            return
        self._set_result("Connecting…", "")
        self.test_button.setEnabled(False)
        self.buttons.setEnabled(False)
        self.ops.run(lambda: probe_database(url), self._tested, self._test_failed)

    def _tested(self, message: str) -> None:
        self._set_result(message, "ok")
        self.test_button.setEnabled(True)
        self.buttons.setEnabled(True)
        if self._pending_save:
            self._pending_save = False
            self._write()

    def _test_failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, AgentDeskError) else f"{type(exc).__name__}: {exc}"
        self._set_result(text, "error")
        self.test_button.setEnabled(True)
        self.buttons.setEnabled(True)
        self._pending_save = False

    # -- general ----------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.agent_name = QLineEdit(self.settings.agent_name)
        self.agent_name.setObjectName("agentName")
        self.agent_name.setPlaceholderText("your user name on the team database")
        form.addRow("Agent", self.agent_name)
        self.company = QLineEdit(self.settings.company_name)
        self.company.setObjectName("companyName")
        form.addRow("Company name (reports)", self.company)
        self.region = QComboBox()
        self.region.setObjectName("defaultRegion")
        self.region.addItems(sorted(phonenumbers.SUPPORTED_REGIONS))
        self.region.setCurrentText(self.settings.default_region)
        form.addRow("Phone numbers without country code are from", self.region)
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        self.theme.addItems(THEMES)
        self.theme.setCurrentText(self.settings.theme)
        form.addRow("Appearance", self.theme)
        return tab

    # -- saving -----------------------------------------------------------------------------
    def _new_settings(self) -> Settings:
        url = ""
        if self.team.isChecked():
            url = self._typed_url()[0].render_as_string(hide_password=False)
        return self.settings.with_changes(
            database_url=url,
            agent_name=self.agent_name.text().strip(),
            company_name=self.company.text().strip() or "Agent Desk",
            default_region=self.region.currentText(),
            theme=self.theme.currentText(),
        )

    def save(self) -> None:
        """Save; a new team database is tested first and saved only if it answers."""
        try:
            new = self._new_settings()
        except AgentDeskError as exc:
            self._set_result(str(exc), "error")
            return
        if new.database_url and new.database_url != self.settings.database_url:
            self._pending_save = True
            self.test_connection()
            return
        self._write()

    def _write(self) -> None:
        try:
            new = self._new_settings()
            if self.team.isChecked():
                url, password = self._typed_url()
                if password:
                    set_secret(database_secret_name(url), password)
            save_settings(self.paths.settings_file, new)
        except SecretStoreUnavailable as exc:
            self._set_result(
                f"The password cannot be stored safely: {exc}. Leave the password empty and use "
                "PostgreSQL's password file (~/.pgpass) instead.",
                "error",
            )
            return
        except (AgentDeskError, OSError) as exc:
            self._set_result(f"Settings not saved: {exc}", "error")
            return
        changed = new.database_url != self.settings.database_url
        self.saved.emit(new, changed)
        self.accept()
