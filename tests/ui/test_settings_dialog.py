"""Settings dialog: a team database is saved only after it answers; passwords go to the keyring."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from agent_desk.credentials import SERVICE
from agent_desk.paths import AppPaths
from agent_desk.settings import Settings, load_settings
from agent_desk.ui.ops import Ops, SyncOps
from agent_desk.ui.settings_dialog import SettingsDialog
from tests.keyring_backend import InMemoryKeyring


def _dialog(
    qtbot: QtBot, paths: AppPaths, settings: Settings | None = None, ops: Ops | None = None
) -> SettingsDialog:
    """The dialog with synchronous work by default; pass a real ``Ops`` to test threading."""
    dialog = SettingsDialog(paths, settings or Settings(), ops or SyncOps())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_embedded_database_by_default(qtbot: QtBot, app_home: AppPaths) -> None:
    dialog = _dialog(qtbot, app_home)
    assert dialog.embedded.isChecked() and not dialog.url.isEnabled()


@pytest.mark.postgres
def test_team_database_is_tested_then_saved_with_password_in_keyring(
    qtbot: QtBot, app_home: AppPaths, pg_schema_url: str, memory_keyring: InMemoryKeyring
) -> None:
    dialog = _dialog(qtbot, app_home)
    saved: list[tuple[Settings, bool]] = []
    dialog.saved.connect(lambda s, changed: saved.append((s, changed)))
    dialog.team.setChecked(True)
    dialog.url.setText(pg_schema_url)
    dialog.test_connection()
    assert dialog.result_label.property("state") == "ok"
    assert dialog.result_label.text().startswith("Connected to PostgreSQL")
    assert "no Agent Desk schema yet" in dialog.result_label.text()

    dialog.password.setText("pg-pass-123")
    dialog.save()
    assert saved and saved[0][1] is True
    stored = load_settings(app_home.settings_file)
    assert stored.database_url.startswith("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert "pg-pass-123" not in app_home.settings_file.read_text(encoding="utf-8")
    assert "search_path" in stored.database_url  # the rest of the URL is kept as typed
    assert "pg-pass-123" in memory_keyring.store.values()
    assert all(service == SERVICE for service, _ in memory_keyring.store)


def test_unreachable_team_database_is_not_saved(qtbot: QtBot, app_home: AppPaths) -> None:
    dialog = _dialog(qtbot, app_home)
    dialog.team.setChecked(True)
    dialog.url.setText("postgresql+psycopg://postgres@127.0.0.1:9/test")
    dialog.save()
    assert dialog.result_label.property("state") == "error"
    assert "cannot use database" in dialog.result_label.text()
    assert not app_home.settings_file.exists()
    assert dialog.isVisible()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "enter the team database URL"),
        ("sqlite:///x.db", "a team database is PostgreSQL"),
        ("::nonsense::", "not a database URL"),
    ],
)
def test_bad_urls_are_explained(qtbot: QtBot, app_home: AppPaths, url: str, message: str) -> None:
    dialog = _dialog(qtbot, app_home)
    dialog.team.setChecked(True)
    dialog.url.setText(url)
    dialog.test_connection()
    assert message in dialog.result_label.text()


def test_general_settings_are_saved(qtbot: QtBot, app_home: AppPaths) -> None:
    dialog = _dialog(qtbot, app_home)
    dialog.company.setText("Nordlicht Versand GmbH")
    dialog.region.setCurrentText("DE")
    dialog.theme.setCurrentText("dark")
    dialog.agent_name.setText("ana")
    dialog.role.setCurrentText("lead")
    dialog.time_zone.setCurrentText("Europe/Berlin")
    dialog.grace.setValue(48)
    dialog.logo.setText("/srv/brand/logo.png")
    dialog.save()
    stored = load_settings(app_home.settings_file)
    assert (stored.role, stored.time_zone, stored.grace_hours) == ("lead", "Europe/Berlin", 48.0)
    assert stored.logo == "/srv/brand/logo.png"
    assert (stored.company_name, stored.default_region, stored.theme, stored.agent_name) == (
        "Nordlicht Versand GmbH",
        "DE",
        "dark",
        "ana",
    )
    assert stored.database_url == ""


def test_a_password_typed_inside_the_url_goes_to_the_keyring(
    qtbot: QtBot, app_home: AppPaths, memory_keyring: InMemoryKeyring
) -> None:
    dialog = _dialog(qtbot, app_home, Settings(database_url="postgresql+psycopg://x@h/db"))
    dialog.url.setText("postgresql+psycopg://x:in-url-secret@h/db")
    dialog.save()  # same URL as before: no connection test needed
    assert "in-url-secret" not in app_home.settings_file.read_text(encoding="utf-8")
    assert load_settings(app_home.settings_file).database_url == "postgresql+psycopg://x@h/db"
    assert memory_keyring.store[(SERVICE, "database/x@h:/db")] == "in-url-secret"


@pytest.mark.postgres
def test_cancel_while_the_test_runs_saves_nothing(
    qtbot: QtBot, app_home: AppPaths, pg_schema_url: str
) -> None:
    ops = Ops()
    dialog = _dialog(qtbot, app_home, ops=ops)
    saved: list[object] = []
    dialog.saved.connect(lambda *args: saved.append(args))
    dialog.team.setChecked(True)
    dialog.url.setText(pg_schema_url)
    dialog.save()  # starts the background connection test
    assert not dialog.url.isEnabled() and not dialog.password.isEnabled()  # locked while testing
    dialog.reject()  # Esc before the answer arrives
    assert ops.wait(30_000)
    qtbot.wait(100)  # let the queued answer arrive on the GUI thread
    assert saved == [] and not app_home.settings_file.exists()


@pytest.mark.postgres
def test_a_real_background_test_then_save(
    qtbot: QtBot, app_home: AppPaths, pg_schema_url: str
) -> None:
    dialog = _dialog(qtbot, app_home, ops=Ops())
    dialog.team.setChecked(True)
    dialog.url.setText(pg_schema_url)
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        dialog.save()
    assert load_settings(app_home.settings_file).database_url.endswith(
        "search_path%3D" + pg_schema_url.rsplit("%3D", 1)[1]
    )
