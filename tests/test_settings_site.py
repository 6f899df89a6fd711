"""The site settings file IT pre-seeds, under each person's own settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_desk.errors import ConfigError
from agent_desk.paths import site_settings_file
from agent_desk.settings import load_settings, save_settings, site_settings

SITE = """\
schema = 1
[database]
url = "postgresql+psycopg://desk@db.example.internal:5432/agentdesk"
[general]
company_name = "Northwind Service"
default_region = "de"
language = "de"
[sources.erp]
type = "erp-sql"
url = "mysql+pymysql://erp@erp.example.internal/erp"
credential = "erp-reader"
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(SITE, encoding="utf-8")
    return path


def test_a_person_without_settings_gets_the_site_settings(tmp_path: Path, site: Path) -> None:
    settings = load_settings(tmp_path / "mine.toml", site=site)
    assert settings.database_url.endswith("@db.example.internal:5432/agentdesk")
    assert settings.company_name == "Northwind Service"
    assert settings.default_region == "DE" and settings.language == "de"
    assert settings.sources["erp"]["credential"] == "erp-reader"
    assert settings.theme == "system"  # not pre-seeded: the default


def test_a_persons_value_wins_and_only_differences_are_saved(tmp_path: Path, site: Path) -> None:
    mine = tmp_path / "mine.toml"
    settings = load_settings(mine, site=site).with_changes(theme="dark", agent_name="Ana")
    save_settings(mine, settings, site=site)
    text = mine.read_text(encoding="utf-8")
    assert 'theme = "dark"' in text and 'agent_name = "Ana"' in text
    assert "Northwind" not in text and "db.example.internal" not in text and "[sources" not in text
    # IT changes the site file later: the person follows it where they did not choose otherwise
    site.write_text(SITE.replace("Northwind Service", "Northwind Care"), encoding="utf-8")
    again = load_settings(mine, site=site)
    assert again.company_name == "Northwind Care"
    assert again.theme == "dark" and again.agent_name == "Ana"


def test_a_source_key_overrides_one_key_of_the_site_source(tmp_path: Path, site: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('schema = 1\n[sources.erp]\ncredential = "my-erp"\n', encoding="utf-8")
    erp = load_settings(mine, site=site).sources["erp"]
    assert erp == {
        "type": "erp-sql",
        "url": "mysql+pymysql://erp@erp.example.internal/erp",
        "credential": "my-erp",
    }


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('[sources.desk]\napi_token = "abc123"', "sources.desk.api_token"),
        ('[sources.shop]\npassword = "hunter2"', "sources.shop.password"),
        ('[sources.woo]\nconsumer_secret = "cs_1"', "sources.woo.consumer_secret"),
        ('[database]\nurl = "postgresql://desk:hunter2@db/agentdesk"', "database.url"),
    ],
)
def test_a_secret_in_a_settings_file_is_refused_naming_file_and_key(
    tmp_path: Path, line: str, key: str
) -> None:
    path = tmp_path / "site.toml"
    path.write_text(f"schema = 1\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / "mine.toml", site=path)
    message = str(caught.value)
    assert str(path) in message and f"'{key}'" in message and "keyring" in message
    assert "hunter2" not in message and "abc123" not in message
    with pytest.raises(ConfigError, match="holds a"):  # the person's own file too
        load_settings(path, site=None)


def test_a_mistake_in_the_site_file_names_the_site_file(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('schema = 1\n[general]\ntheme = "purple"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site\.toml: 'general\.theme'"):
        load_settings(tmp_path / "mine.toml", site=path)


def test_site_settings_reports_what_the_site_file_alone_sets(site: Path) -> None:
    settings, path = site_settings(site)
    assert path == site and settings.company_name == "Northwind Service"
    assert site_settings(None)[1] is None


def test_where_the_site_file_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert site_settings_file() is None  # tests run under AGENT_DESK_HOME: no machine file
    monkeypatch.setenv("AGENT_DESK_SITE_SETTINGS", str(tmp_path / "it.toml"))
    assert site_settings_file() == tmp_path / "it.toml"
    monkeypatch.delenv("AGENT_DESK_SITE_SETTINGS")
    monkeypatch.delenv("AGENT_DESK_HOME")
    machine = site_settings_file()
    assert machine is not None and machine.name == "settings.toml"  # the platform's folder
