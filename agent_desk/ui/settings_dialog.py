"""Settings: the database (embedded or the team's PostgreSQL) and general preferences.

A team database is only saved after a successful connection test, which runs in the background.
A password typed here goes to the keyring; the settings file keeps the URL without it.
"""

from __future__ import annotations

from zoneinfo import available_timezones

import phonenumbers
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
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
from agent_desk.credentials import SecretStoreUnavailable, set_secret
from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, translate
from agent_desk.paths import AppPaths
from agent_desk.settings import ROLES, THEMES, Settings, save_settings
from agent_desk.store.engine import parse_url
from agent_desk.ui.language import NAMES, available_languages, chosen_language
from agent_desk.ui.ops import Ops

TEAM_URL_HINT = "postgresql+psycopg://USER@HOST:5432/DATABASE"
# what a person reads for the values of general.theme and work.role
THEME_LABELS = {
    "system": QT_TRANSLATE_NOOP("SettingsDialog", "system"),
    "light": QT_TRANSLATE_NOOP("SettingsDialog", "light"),
    "dark": QT_TRANSLATE_NOOP("SettingsDialog", "dark"),
}
ROLE_LABELS = {
    "agent": QT_TRANSLATE_NOOP("SettingsDialog", "agent"),
    "lead": QT_TRANSLATE_NOOP("SettingsDialog", "lead"),
}


def _choices(box: QComboBox, values: tuple[str, ...], labels: dict[str, str], current: str) -> None:
    """Offer ``values`` by their labels; the value itself is the item's data."""
    for value in values:
        box.addItem(translate("SettingsDialog", labels.get(value, value)), value)
    box.setCurrentIndex(max(box.findData(current), 0))


class SettingsDialog(QDialog):
    saved = Signal(object, bool)  # the new Settings, whether the database changed

    def __init__(
        self, paths: AppPaths, settings: Settings, ops: Ops, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(translate("SettingsDialog", "Settings"))
        self.setAccessibleName(translate("SettingsDialog", "Settings"))
        self.paths, self.settings, self.ops = paths, settings, ops
        self._probe = 0  # generation of the connection test whose answer counts
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        tabs.addTab(self._database_tab(), translate("SettingsDialog", "Database"))
        tabs.addTab(self._general_tab(), translate("SettingsDialog", "General"))
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
        self.embedded = QRadioButton(
            translate("SettingsDialog", "This computer (embedded database, no set-up)")
        )
        self.embedded.setObjectName("databaseEmbedded")
        self.team = QRadioButton(
            translate("SettingsDialog", "Team database (PostgreSQL shared by the call center)")
        )
        self.team.setObjectName("databaseTeam")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.team)
        form.addRow(self.embedded)
        form.addRow(self.team)
        self.url = QLineEdit(self.settings.database_url)
        self.url.setObjectName("databaseUrl")
        self.url.setAccessibleName(translate("SettingsDialog", "Team database URL"))
        self.url.setPlaceholderText(TEAM_URL_HINT)
        form.addRow(translate("SettingsDialog", "URL"), self.url)
        self.password = QLineEdit()
        self.password.setObjectName("databasePassword")
        self.password.setAccessibleName(translate("SettingsDialog", "Team database password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            translate("SettingsDialog", "kept in the system keyring, never in the settings file")
        )
        form.addRow(translate("SettingsDialog", "Password"), self.password)
        row = QHBoxLayout()
        self.test_button = QPushButton(translate("SettingsDialog", "Test connection"))
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(lambda: self.test_connection())
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow(row)
        self.result_label = QLabel()
        self.result_label.setObjectName("connectionResult")
        self.result_label.setAccessibleName(translate("SettingsDialog", "Connection test result"))
        self.result_label.setWordWrap(True)
        form.addRow(self.result_label)
        (self.team if self.settings.database_url else self.embedded).setChecked(True)
        self.embedded.toggled.connect(lambda _on: self._mode_changed())
        self._mode_changed()
        return tab

    def _mode_changed(self, keep_result: bool = False) -> None:
        team = self.team.isChecked()
        self.url.setEnabled(team)
        self.password.setEnabled(team)
        self.test_button.setEnabled(team)
        if not keep_result:
            self._set_result("", "")

    def _set_result(self, text: str, state: str) -> None:
        self.result_label.setText(text)
        self.result_label.setProperty("state", state)
        self.result_label.style().unpolish(self.result_label)
        self.result_label.style().polish(self.result_label)

    def _typed_url(self) -> tuple[URL, str | None]:
        """The URL as typed, without password, and the password (field first, then URL)."""
        text = self.url.text().strip()
        if not text:
            raise AgentDeskError(
                translate("SettingsDialog", "enter the team database URL, e.g. {example}").format(
                    example=TEAM_URL_HINT
                )
            )
        url, in_url = split_password(parse_url(text))
        if url.get_backend_name() != "postgresql":
            raise AgentDeskError(
                translate("SettingsDialog", "a team database is PostgreSQL: {example}").format(
                    example=TEAM_URL_HINT
                )
            )
        return url, self.password.text() or in_url

    def test_connection(self, then_save: bool = False) -> None:
        """Probe the typed team database in the background; with ``then_save``, save the URL
        that was tested once it answers. Cancel, or a newer test, drops an older result."""
        try:
            url, password = self._typed_url()
        except AgentDeskError as exc:
            self._set_result(str(exc), "error")
            return
        self._probe += 1
        token = self._probe
        self._set_result(translate("SettingsDialog", "Connecting…"), "")
        self._set_busy(True)

        def work() -> str:  # the keyring look-up may block: not on the GUI thread
            full = url.set(password=password) if password else with_keyring_password(url)
            return probe_database(full)

        self.ops.run(
            work,
            lambda message: self._tested(token, (url, password), message, then_save),
            lambda exc: self._test_failed(token, exc),
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.url, self.password, self.test_button, self.embedded, self.team):
            widget.setEnabled(not busy)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not busy)
        if not busy:
            self._mode_changed(keep_result=True)

    def _tested(
        self, token: int, tested: tuple[URL, str | None], message: str, then_save: bool
    ) -> None:
        if token != self._probe:
            return  # cancelled, or a newer test was started
        self._set_busy(False)
        self._set_result(message, "ok")
        if then_save:
            self._write(tested)

    def _test_failed(self, token: int, exc: BaseException) -> None:
        if token != self._probe:
            return
        self._set_busy(False)
        text = str(exc) if isinstance(exc, AgentDeskError) else f"{type(exc).__name__}: {exc}"
        self._set_result(text, "error")

    def done(self, result: int) -> None:
        self._probe += 1  # whatever is still running must not save after Cancel
        super().done(result)

    # -- general ----------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.agent_name = QLineEdit(self.settings.agent_name)
        self.agent_name.setObjectName("agentName")
        self.agent_name.setPlaceholderText(
            translate("SettingsDialog", "your user name on the team database")
        )
        form.addRow(translate("SettingsDialog", "Agent"), self.agent_name)
        self.company = QLineEdit(self.settings.company_name)
        self.company.setObjectName("companyName")
        form.addRow(translate("SettingsDialog", "Company name (reports)"), self.company)
        logo_row = QHBoxLayout()
        self.logo = QLineEdit(self.settings.logo)
        self.logo.setObjectName("reportLogo")
        self.logo.setAccessibleName(
            translate("SettingsDialog", "Logo for reports (PNG or JPEG file)")
        )
        self.logo.setPlaceholderText(translate("SettingsDialog", "none"))
        browse = QPushButton(translate("SettingsDialog", "Choose…"))
        browse.setObjectName("reportLogoBrowse")
        browse.clicked.connect(self._choose_logo)
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        form.addRow(translate("SettingsDialog", "Logo (reports)"), logo_row)
        self.region = QComboBox()
        self.region.setObjectName("defaultRegion")
        self.region.addItems(sorted(phonenumbers.SUPPORTED_REGIONS))
        self.region.setCurrentText(self.settings.default_region)
        form.addRow(
            translate("SettingsDialog", "Phone numbers without country code are from"), self.region
        )
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        _choices(self.theme, THEMES, THEME_LABELS, self.settings.theme)
        form.addRow(translate("SettingsDialog", "Appearance"), self.theme)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.setAccessibleName(translate("SettingsDialog", "Language"))
        system = NAMES.get(chosen_language(""), "English")
        self.language.addItem(
            translate("SettingsDialog", "System language ({name})").format(name=system), ""
        )
        for code in available_languages():
            self.language.addItem(NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(self.language.findData(self.settings.language), 0))
        self.language.setToolTip(translate("SettingsDialog", "Applies when Agent Desk starts next"))
        form.addRow(translate("SettingsDialog", "Language"), self.language)
        self.role = QComboBox()
        self.role.setObjectName("workRole")
        self.role.setAccessibleName(translate("SettingsDialog", "Role on this computer"))
        _choices(self.role, ROLES, ROLE_LABELS, self.settings.role)
        self.role.setToolTip(
            translate(
                "SettingsDialog",
                "A lead sees the whole team's commitments. On a team database the role comes "
                "from the agents table (agent-desk agents set USER --role lead).",
            )
        )
        form.addRow(translate("SettingsDialog", "Role (own database)"), self.role)
        self.time_zone = QComboBox()
        self.time_zone.setObjectName("workTimeZone")
        self.time_zone.setAccessibleName(translate("SettingsDialog", "Time zone for due times"))
        self.time_zone.setEditable(True)
        self.time_zone.addItem("")
        self.time_zone.addItems(sorted(available_timezones()))
        self.time_zone.setCurrentText(self.settings.time_zone)
        self.time_zone.setToolTip(translate("SettingsDialog", "Empty: this computer's time zone"))
        form.addRow(translate("SettingsDialog", "Time zone for due times"), self.time_zone)
        self.grace = QDoubleSpinBox()
        self.grace.setObjectName("workGrace")
        self.grace.setAccessibleName(
            translate("SettingsDialog", "Hours before an overdue promise counts as broken")
        )
        self.grace.setRange(0, 2160)
        self.grace.setDecimals(0)
        self.grace.setSuffix(translate("SettingsDialog", " h", "the unit after a number of hours"))
        self.grace.setValue(self.settings.grace_hours)
        form.addRow(translate("SettingsDialog", "An overdue promise is broken after"), self.grace)
        return tab

    # -- saving -----------------------------------------------------------------------------
    def _new_settings(self, team_url: URL | None) -> Settings:
        return self.settings.with_changes(
            database_url=team_url.render_as_string(hide_password=False) if team_url else "",
            agent_name=self.agent_name.text().strip(),
            company_name=self.company.text().strip() or "Agent Desk",
            logo=self.logo.text().strip(),
            default_region=self.region.currentText(),
            theme=self.theme.currentData(),
            language=self.language.currentData(),
            role=self.role.currentData(),
            time_zone=self._zone(),
            grace_hours=float(self.grace.value()),
        )

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            translate("SettingsDialog", "Logo for the reports"),
            self.logo.text(),
            translate("SettingsDialog", "Images (*.png *.jpg *.jpeg)"),
        )
        if path:
            self.logo.setText(path)

    def _zone(self) -> str:
        zone = self.time_zone.currentText().strip()
        return zone if zone in available_timezones() else self.settings.time_zone

    def save(self) -> None:
        """Save; a new team database is tested first and saved only if it answers."""
        if not self.team.isChecked():
            self._write(None)
            return
        try:
            url, password = self._typed_url()
        except AgentDeskError as exc:
            self._set_result(str(exc), "error")
            return
        if url.render_as_string(hide_password=False) != self.settings.database_url:
            self.test_connection(then_save=True)
            return
        self._write((url, password))

    def _write(self, team: tuple[URL, str | None] | None) -> None:
        """Write the settings with ``team`` = (URL without password, password) or embedded."""
        try:
            new = self._new_settings(team[0] if team else None)
            if team and team[1]:
                set_secret(database_secret_name(team[0]), team[1])
            save_settings(self.paths.settings_file, new)
        except SecretStoreUnavailable as exc:
            self._set_result(
                translate(
                    "SettingsDialog",
                    "The password cannot be stored safely: {error}. Leave the password empty "
                    "and use PostgreSQL's password file (~/.pgpass) instead.",
                ).format(error=exc),
                "error",
            )
            return
        except (AgentDeskError, OSError) as exc:
            self._set_result(
                translate("SettingsDialog", "Settings not saved: {error}").format(error=exc),
                "error",
            )
            return
        changed = new.database_url != self.settings.database_url
        self.saved.emit(new, changed)
        self.accept()
