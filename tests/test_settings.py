"""Typed, versioned settings in TOML."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_desk.errors import ConfigError
from agent_desk.settings import (
    SCHEMA_VERSION,
    Settings,
    effective_database_url,
    load_settings,
    save_settings,
)


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == Settings()


def test_save_and_load_round_trip_keeps_unknown_sections(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("schema = 1\n[future_feature]\nflag = true\n", encoding="utf-8")
    settings = load_settings(path).with_changes(
        database_url="postgresql+psycopg://agent@db.example:5432/desk",
        company_name="Müller & Söhne GmbH",
        theme="dark",
        sources={"erp": {"type": "erp-flatfile", "path": "/srv/export"}},
    )
    save_settings(path, settings)
    text = path.read_text(encoding="utf-8")
    assert f"schema = {SCHEMA_VERSION}" in text and "[future_feature]" in text
    assert load_settings(path) == settings


def test_version_0_files_are_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('database_url = "sqlite:////srv/desk.sqlite3"\n', encoding="utf-8")
    assert load_settings(path).database_url == "sqlite:////srv/desk.sqlite3"


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"schema = {SCHEMA_VERSION + 1}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="newer Agent Desk"):
        load_settings(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[database\nurl = 1", "not valid TOML"),
        ("[database]\nurl = 5\n", "'database.url' must be a str"),
        ('[general]\ntheme = "purple"\n', "general.theme"),
        ("sources = 3\n", "'sources' must be a dict"),
    ],
)
def test_invalid_files_name_the_file_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_database_url_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = tmp_path / "a.sqlite3"
    configured = Settings(database_url="postgresql://from-settings/db")
    assert effective_database_url(Settings(), default) == f"sqlite:///{default}"
    assert effective_database_url(configured, default) == "postgresql://from-settings/db"
    monkeypatch.setenv("AGENT_DESK_DB_URL", "postgresql://from-env/db")
    assert effective_database_url(configured, default) == "postgresql://from-env/db"
    assert effective_database_url(configured, default, "sqlite:///x") == "sqlite:///x"
