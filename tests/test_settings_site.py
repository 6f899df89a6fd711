"""The site settings file IT pre-seeds, under each person's own settings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from agent_desk.errors import ConfigError
from agent_desk.paths import site_settings_file
from agent_desk.services.sources import list_sources
from agent_desk.settings import load_settings, save_settings, site_settings
from agent_desk.sync.engine import SyncEngine

SITE = """\
schema = 2
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
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    machine = site_settings_file()
    assert machine is not None and machine.name == "settings.toml"  # the platform's folder
    assert site_settings_file() == Path("/etc/xdg/agent-desk/settings.toml") or sys.platform in (
        "win32",
        "darwin",
    )


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG is Linux's")
def test_every_xdg_config_dir_is_searched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Ubuntu desktops list /etc/xdg/xdg-ubuntu first; IT puts the file in the second entry
    first, second = tmp_path / "xdg-ubuntu", tmp_path / "xdg"
    (second / "agent-desk").mkdir(parents=True)
    (second / "agent-desk" / "settings.toml").write_text(SITE, encoding="utf-8")
    monkeypatch.delenv("AGENT_DESK_HOME")
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{first}:relative/ignored:{second}")
    assert site_settings_file() == second / "agent-desk" / "settings.toml"
    (first / "agent-desk").mkdir(parents=True)
    (first / "agent-desk" / "settings.toml").write_text(SITE, encoding="utf-8")
    assert site_settings_file() == first / "agent-desk" / "settings.toml"  # the first one wins


# What the settings dialog of the release before site files wrote: every key, defaults too.
SCHEMA_1_FILE = """\
schema = 1
[database]
url = ""
[general]
default_region = "GB"
company_name = "Agent Desk"
logo = ""
language = "en"
theme = "dark"
agent_name = "Ana"
[work]
role = "agent"
time_zone = ""
grace_hours = 24.0
catalog_dir = ""
"""


def test_a_file_written_before_site_settings_still_follows_the_site_file(
    tmp_path: Path, site: Path
) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(SCHEMA_1_FILE, encoding="utf-8")
    settings = load_settings(mine, site=site)
    assert settings.company_name == "Northwind Service" and settings.language == "de"
    assert settings.database_url.endswith("/agentdesk") and settings.default_region == "DE"
    assert settings.theme == "dark" and settings.agent_name == "Ana"  # what Ana chose stays
    save_settings(mine, settings, site=site)
    text = mine.read_text(encoding="utf-8")
    assert "schema = 2" in text and 'theme = "dark"' in text and 'agent_name = "Ana"' in text
    assert "company_name" not in text and "language" not in text and "[database]" not in text


def test_a_site_files_own_values_are_kept_even_when_they_equal_a_default(
    tmp_path: Path,
) -> None:
    path = tmp_path / "site.toml"
    path.write_text('schema = 1\n[general]\nlanguage = "en"\n', encoding="utf-8")
    assert site_settings(path)[0].language == "en"  # IT chose English, not "the system's"
    assert load_settings(tmp_path / "mine.toml", site=path).language == "en"


def test_a_file_saved_before_the_site_file_existed_follows_it_later(
    tmp_path: Path, site: Path
) -> None:
    mine = tmp_path / "mine.toml"
    save_settings(mine, load_settings(mine, site=None).with_changes(theme="light"), site=None)
    text = mine.read_text(encoding="utf-8")
    assert 'theme = "light"' in text and "company_name" not in text and "region" not in text
    settings = load_settings(mine, site=site)  # IT rolls the site file out afterwards
    assert settings.company_name == "Northwind Service" and settings.theme == "light"


def test_a_person_switches_off_a_source_the_site_file_gives_everyone(
    tmp_path: Path, site: Path
) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text("schema = 2\n[sources.erp]\nenabled = false\n", encoding="utf-8")
    settings = load_settings(mine, site=site)
    assert "erp" not in settings.sources and settings.disabled_sources["erp"]["type"] == "erp-sql"
    info = list_sources(settings)
    assert [(s.name, s.enabled) for s in info] == [("erp", False)]
    with pytest.raises(ConfigError, match="'erp' is switched off"):
        SyncEngine(None, settings).sources(["erp"])  # type: ignore[arg-type]
    # saving keeps it switched off, and writes nothing else of the site's source
    save_settings(mine, settings.with_changes(theme="dark"), site=site)
    text = mine.read_text(encoding="utf-8")
    assert "[sources.erp]\nenabled = false\n" in text and "erp-sql" not in text
    assert "erp" not in load_settings(mine, site=site).sources
    # a source dropped from the settings object (not merely switched off) is written off too
    save_settings(mine, settings.with_changes(disabled_sources={}), site=site)
    assert "erp" in load_settings(mine, site=site).disabled_sources


def test_enabled_must_be_true_or_false(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('schema = 2\n[sources.erp]\ntype = "erp-sql"\nenabled = "no"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"'sources\.erp\.enabled' must be a bool"):
        load_settings(mine, site=None)


def test_a_url_with_a_password_is_refused_in_any_source(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        'schema = 2\n[sources.erp]\ntype = "erp-sql"\n'
        'url = "mysql+pymysql://erp:hunter2@erp.example.internal/erp"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(mine, site=None)
    assert "'sources.erp.url' holds a password" in str(caught.value)
    assert "hunter2" not in str(caught.value) and 'credential = "NAME"' in str(caught.value)


def test_a_true_or_false_choice_named_like_a_secret_is_not_a_secret(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        'schema = 2\n[sources.desk]\ntype = "zendesk"\nuse_token = true\napi_key = false\n',
        encoding="utf-8",
    )
    assert load_settings(mine, site=None).sources["desk"]["use_token"] is True


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SITE.encode("utf-8"))  # Notepad, the Windows installer
    assert site_settings(path)[0].company_name == "Northwind Service"


def test_a_source_the_site_file_switches_off_can_be_switched_back_on(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SITE + "enabled = false\n", encoding="utf-8")  # in [sources.erp]
    mine = tmp_path / "mine.toml"
    settings = load_settings(mine, site=site)
    assert "erp" in settings.disabled_sources and "erp" not in settings.sources
    back_on = settings.with_changes(
        sources={"erp": settings.disabled_sources["erp"]}, disabled_sources={}
    )
    save_settings(mine, back_on, site=site)
    assert "enabled = true" in mine.read_text(encoding="utf-8")
    assert load_settings(mine, site=site).sources["erp"]["type"] == "erp-sql"
    assert "enabled" not in back_on.sources["erp"]  # the caller's settings are not changed


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:pa/ss@db/agentdesk",  # SQLAlchemy reads "pa/ss" as the password
        "postgresql+psycopg://agentdesk@db/agentdesk?password=hunter2",
        "mysql+pymysql://erp@erp.example.internal/erp?PASSWD=hunter2",
        "https://user:hunter2@northwind.zendesk.com",
    ],
)
def test_every_way_a_url_carries_a_password_is_refused(tmp_path: Path, url: str) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(f'schema = 2\n[database]\nurl = "{url}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'database\.url' holds a password") as caught:
        load_settings(mine, site=None)
    assert "hunter2" not in str(caught.value) and "pa/ss" not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://agentdesk@db.example.internal:5432/agentdesk",
        "postgresql://db/agentdesk?options=a@b:c",
        "https://northwind.myshopify.com",
        "sqlite:////var/lib/agent-desk/store.sqlite3",
    ],
)
def test_urls_without_a_password_are_accepted(tmp_path: Path, url: str) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(f'schema = 2\n[database]\nurl = "{url}"\n', encoding="utf-8")
    assert load_settings(mine, site=None).database_url == url


def test_a_hand_written_file_without_a_schema_line_keeps_every_value(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text('schema = 2\n[general]\nlanguage = "de"\n', encoding="utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text('[general]\nlanguage = "en"\n', encoding="utf-8")  # a person's choice
    assert load_settings(mine, site=site).language == "en"
