"""Typed, versioned settings kept in a TOML file a person can read.

The file lives in the platformdirs user config dir (``AppPaths.settings_file``). It never holds a
secret: passwords and API tokens go to the OS keyring (see :mod:`agent_desk.credentials`). Each file
carries ``schema = N``; older files are upgraded in memory by the functions in ``_UPGRADES`` and
written back in the new form the next time settings are saved. Sections this version does not
know are kept as they are, so a newer or older Agent Desk never drops what another one wrote.

Under the person's file lies the site file IT pre-seeds for every user of the machine
(:func:`agent_desk.paths.site_settings_file`; ``installer/settings.example.toml`` documents it).
The person's file overrides it value by value, and saving writes only what differs from it, so
a later change IT makes reaches everyone who did not choose otherwise. Neither file may hold a
secret: a key that names one (``password``, ``token``, ``api_key``…) or a database URL with a
password in it is refused with the file and the key named.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from agent_desk.errors import ConfigError
from agent_desk.i18n import translate
from agent_desk.paths import site_settings_file

SCHEMA_VERSION = 2
DB_URL_ENV = "AGENT_DESK_DB_URL"
THEMES = ("system", "light", "dark")
ROLES = ("agent", "lead")


@dataclass(frozen=True)
class Settings:
    """Everything a person or IT can set; defaults need no set-up at all."""

    database_url: str = ""  # empty: the embedded SQLite file in the user data dir
    default_region: str = "GB"  # phone numbers without a country code are read as this region
    company_name: str = "Agent Desk"
    logo: str = ""  # a PNG or JPEG printed at the top of every report page; empty: none
    language: str = ""  # "en", "de"…; empty: the system's language (if translated)
    theme: str = "system"
    agent_name: str = ""  # the signed-in agent; empty: the operating system user name
    role: str = "agent"  # "lead" sees every agent's commitments (team mode: the agents table)
    time_zone: str = ""  # the agent's zone for due times (IANA name); empty: the computer's
    grace_hours: float = 24.0  # an overdue commitment is broken this long after its due time
    # the product catalog and cross-sell rules (products.csv, cross_sell.toml); empty: the
    # bundled resources/catalog
    catalog_dir: str = ""
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    # sources switched off with ``enabled = false`` (kept, not synced; how a person removes a
    # source the site file gives everyone)
    disabled_sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # sections from other versions, kept

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def zone(self) -> tzinfo:
        """The agent's time zone: the configured one, else the computer's (with its summer
        time rules: a fixed offset would put every due time across a clock change an hour
        out)."""
        if self.time_zone:
            return ZoneInfo(self.time_zone)
        return local_zone()


def local_zone() -> tzinfo:
    """The computer's time zone by its IANA name (``TZ``, ``/etc/localtime``,
    ``/etc/timezone``), else its current fixed offset."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and not name.startswith("/"):
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    fixed = datetime.now().astimezone().tzinfo
    assert fixed is not None
    return fixed


def _upgrade_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    # Files written before versioning had a flat `database_url` key.
    out = dict(data)
    url = out.pop("database_url", None)
    if url is not None:
        out.setdefault("database", {})["url"] = url
    return out


# Schema 1 files hold every key, defaults included, so a value the site file sets could never
# reach a person who had ever saved. Schema 2 files hold only what the person chose: the upgrade
# drops the values that equal schema 1's defaults (its language default was "en", which meant
# "nothing chosen": English was the only language).
_SCHEMA_1_DEFAULTS: dict[str, dict[str, Any]] = {
    "database": {"url": ""},
    "general": {
        "default_region": "GB",
        "company_name": "Agent Desk",
        "logo": "",
        "language": "en",
        "theme": "system",
        "agent_name": "",
    },
    "work": {"role": "agent", "time_zone": "", "grace_hours": 24.0, "catalog_dir": ""},
}


def _upgrade_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for section, defaults in _SCHEMA_1_DEFAULTS.items():
        table = out.get(section)
        if not isinstance(table, dict):
            continue
        kept = {k: v for k, v in table.items() if k not in defaults or v != defaults[k]}
        if kept:
            out[section] = kept
        else:
            del out[section]
    return out


_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _upgrade_0_to_1,
    1: _upgrade_1_to_2,
}


def _expect(value: Any, kind: type, where: str, path: Path) -> Any:
    if not isinstance(value, kind):
        raise ConfigError(f"{path}: '{where}' must be a {kind.__name__}, not {value!r}")
    return value


def _language(code: str, path: Path) -> str:
    code = code.strip()
    if code and not re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z]{2})?", code):
        raise ConfigError(
            f"{path}: 'general.language' must be a language code such as \"de\" or empty "
            f"(the system's language), not {code!r}"
        )
    return code.lower()


def parse_settings(data: dict[str, Any], path: Path) -> Settings:
    """Build :class:`Settings` from TOML data, upgrading older schemas."""
    data = _upgraded(data, path)
    data.pop("schema", None)
    database = _expect(data.pop("database", {}), dict, "database", path)
    general = _expect(data.pop("general", {}), dict, "general", path)
    sources = _expect(data.pop("sources", {}), dict, "sources", path)
    work = _expect(data.pop("work", {}), dict, "work", path)
    role = _expect(work.get("role", "agent"), str, "work.role", path)
    if role not in ROLES:
        raise ConfigError(f"{path}: 'work.role' must be one of {', '.join(ROLES)}")
    zone = _expect(work.get("time_zone", ""), str, "work.time_zone", path)
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"{path}: 'work.time_zone' {zone!r} is not a time zone (e.g. Europe/London)"
            ) from None
    grace = work.get("grace_hours", 24.0)
    if isinstance(grace, bool) or not isinstance(grace, int | float) or not 0 <= grace <= 24 * 90:
        raise ConfigError(f"{path}: 'work.grace_hours' must be a number of hours from 0 to 2160")
    catalog_dir = _expect(work.get("catalog_dir", ""), str, "work.catalog_dir", path)
    enabled: dict[str, dict[str, Any]] = {}
    disabled: dict[str, dict[str, Any]] = {}
    for name, section in sources.items():
        _expect(section, dict, f"sources.{name}", path)
        on = _expect(section.get("enabled", True), bool, f"sources.{name}.enabled", path)
        rest = {k: v for k, v in section.items() if k != "enabled"}
        (enabled if on else disabled)[name] = rest
    theme = _expect(general.get("theme", "system"), str, "general.theme", path)
    if theme not in THEMES:
        raise ConfigError(f"{path}: 'general.theme' must be one of {', '.join(THEMES)}")
    return Settings(
        database_url=_expect(database.get("url", ""), str, "database.url", path),
        default_region=_expect(
            general.get("default_region", "GB"), str, "general.default_region", path
        ).upper(),
        company_name=_expect(
            general.get("company_name", "Agent Desk"), str, "general.company_name", path
        ),
        logo=_expect(general.get("logo", ""), str, "general.logo", path),
        language=_language(
            _expect(general.get("language", ""), str, "general.language", path), path
        ),
        theme=theme,
        agent_name=_expect(general.get("agent_name", ""), str, "general.agent_name", path),
        role=role,
        time_zone=zone,
        grace_hours=float(grace),
        catalog_dir=catalog_dir,
        sources=enabled,
        disabled_sources=disabled,
        extra=data,
    )


class _Site:
    """The default for ``site``: the machine's site settings file."""


SITE = _Site()
_SECRET_KEY = re.compile(
    r"(^|_)(password|passwd|pwd|secret|token|api_?key|apikey|consumer_key|private_key)$", re.I
)
_URL = re.compile(r"^[a-z][\w+.-]*://", re.I)


def _url_has_password(value: str) -> bool:
    """A password in the URL, as the program reading it would find it: after "user:" (it may
    hold "/"), or as a query parameter that names a secret (``password=``, which libpq and the
    MySQL drivers take, ``token=``…)."""
    if not _URL.match(value):
        return False
    from sqlalchemy.engine import make_url  # a database URL is read this way; http URLs parse too
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        return bool(re.match(r"^[^:]+://[^:/@]*:[^@]+@", value))
    if url.password:
        return True
    return any(_SECRET_KEY.search(str(key)) for key in url.query)


def _read_toml(path: Path, missing_ok: bool = True) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return {}
        raise ConfigError(f"settings file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc.strerror}") from None
    try:
        # utf-8-sig: Windows editors (and some installers) start the file with a byte order mark
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"settings file {path} is not valid TOML: {exc}") from None
    _refuse_secrets(data, path)
    return data


def _refuse_secrets(data: dict[str, Any], path: Path, where: str = "") -> None:
    for key, value in data.items():
        name = f"{where}.{key}" if where else str(key)
        if isinstance(value, dict):
            _refuse_secrets(value, path, name)
        elif isinstance(value, str) and _url_has_password(value):
            # any URL: the database's, an ERP source's, a shop's
            where_to = (
                "`agent-desk credentials set database/USER@HOST:PORT/DB`"
                if name == "database.url"
                else "`agent-desk credentials set NAME` and name it in the source with "
                'credential = "NAME"'
            )
            raise ConfigError(
                f"{path}: '{name}' holds a password; settings files never do. Write the URL "
                f"without it and store the password in the keyring with {where_to}"
            )
        elif (
            _SECRET_KEY.search(str(key))
            and value not in ("", None)
            and not isinstance(value, bool)  # use_token = true names a choice, not a secret
        ):
            raise ConfigError(
                f"{path}: '{name}' holds a secret; settings files never do. Remove it, store the "
                "secret in the keyring with `agent-desk credentials set NAME` and name it in the "
                'source with credential = "NAME"'
            )


def _layered(below: dict[str, Any], above: dict[str, Any]) -> dict[str, Any]:
    """``above`` over ``below``, table by table (a source's keys merge too)."""
    out = dict(below)
    for key, value in above.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _layered(out[key], value)
        else:
            out[key] = value
    return out


def _upgraded(data: dict[str, Any], path: Path, site: bool = False) -> dict[str, Any]:
    """``data`` in this version's schema. Only a person's file that says ``schema = 1`` was
    written whole by schema 1's save and loses its defaults; a site file, and a file without
    a schema line, are written by hand, so their values are choices, defaults included."""
    version = data.get("schema", 0)
    if not isinstance(version, int) or version < 0:
        raise ConfigError(f"{path}: 'schema' must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise ConfigError(
            f"{path} was written by a newer Agent Desk (settings schema {version}, this version "
            f"reads up to {SCHEMA_VERSION}); update Agent Desk or move the file away"
        )
    written_whole = version == 1 and not site  # by schema 1's save: every key, defaults too
    while version < SCHEMA_VERSION:
        if version != 1 or written_whole:
            data = _UPGRADES[version](data)
        version += 1
    return {**data, "schema": SCHEMA_VERSION}


def _site_data(site: Path | _Site | None) -> tuple[dict[str, Any], Path | None]:
    path = site_settings_file() if isinstance(site, _Site) else site
    if path is None:
        return {}, None
    data = _read_toml(path)
    if data:
        data = _upgraded(data, path, site=True)
        parse_settings(dict(data), path)  # a mistake in it is named with its own file
    return data, path


def load_settings(path: Path, site: Path | _Site | None = SITE) -> Settings:
    """Read the person's settings file over the site file (either may be missing: defaults)."""
    below, _ = _site_data(site)
    mine = _read_toml(path)
    if mine:
        mine = _upgraded(mine, path)
    if not below and not mine:
        return Settings()
    return parse_settings(_layered(below, mine), path)


def site_settings(site: Path | _Site | None = SITE) -> tuple[Settings, Path | None]:
    """What the site file alone sets, and that file (None: no site file here)."""
    below, path = _site_data(site)
    return (parse_settings(below, path) if below and path else Settings()), path


def _settings_data(settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": SCHEMA_VERSION}
    data["database"] = {"url": settings.database_url}
    data["general"] = {
        "default_region": settings.default_region,
        "company_name": settings.company_name,
        "logo": settings.logo,
        "language": settings.language,
        "theme": settings.theme,
        "agent_name": settings.agent_name,
    }
    data["work"] = {
        "role": settings.role,
        "time_zone": settings.time_zone,
        "grace_hours": settings.grace_hours,
        "catalog_dir": settings.catalog_dir,
    }
    data.update(settings.extra)
    sources = dict(settings.sources)
    for name, section in settings.disabled_sources.items():
        sources[name] = {**section, "enabled": False}
    if sources:
        data["sources"] = sources
    return data


def _beyond(data: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """What ``data`` sets differently from ``base`` (tables compared key by key)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        under = base.get(key)
        if isinstance(value, dict) and isinstance(under, dict):
            inner = _beyond(value, under)
            if inner:
                out[key] = inner
        elif value != under:
            out[key] = value
    return out


def settings_to_toml(settings: Settings, base: Settings | None = None, site: bool = False) -> str:
    """The settings file's text: only what differs from ``base`` (the site file's settings over
    the defaults; default: the defaults), so every value a person did not choose keeps following
    the site file and the defaults of later versions. A source ``base`` has and ``settings``
    lacks is written ``enabled = false``: the person removed it."""
    base = base or Settings()
    mine, under = _settings_data(settings), _settings_data(base)
    gone = set(under.get("sources", {})) - set(mine.get("sources", {}))
    if gone:
        mine.setdefault("sources", {}).update({name: {"enabled": False} for name in gone})
    for name in set(settings.sources) & set(base.disabled_sources):
        # switched back on over the site's "off" (a copy: the section belongs to `settings`)
        mine["sources"][name] = {**mine["sources"][name], "enabled": True}
    data = {"schema": SCHEMA_VERSION, **_beyond(mine, under)}
    header = (
        "# Agent Desk settings: what this person chose. Secrets (passwords, API tokens) are never\n"
        "# stored here: they live in the operating system's keyring. A key not here takes its\n"
        "# default (installer/settings.example.toml lists every key).\n"
    )
    if site:
        header += (
            "# Values not here come from the site settings file IT manages\n"
            "# (`agent-desk doctor` names it).\n"
        )
    return header + tomli_w.dumps(data)


def save_settings(path: Path, settings: Settings, site: Path | _Site | None = SITE) -> None:
    """Write the settings atomically (a crash never leaves half a file): only what differs
    from the site file over the defaults."""
    below, site_path = _site_data(site)
    base = parse_settings(below, site_path) if below and site_path else None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(settings_to_toml(settings, base, site=base is not None), encoding="utf-8")
    os.replace(tmp, path)


def switched_off(settings: Settings, name: str) -> ConfigError | None:
    """The error for a source that is configured but switched off, else None."""
    if name in settings.disabled_sources:
        return ConfigError(
            translate(
                "sources",
                "source '{name}' is switched off (enabled = false in the settings file); "
                "remove that line to use it again",
            ).format(name=name)
        )
    return None


def effective_database_url(
    settings: Settings, default_sqlite: Path, override: str | None = None
) -> str:
    """The URL in force: command-line override, then ``AGENT_DESK_DB_URL``, then the settings."""
    for candidate in (override, os.environ.get(DB_URL_ENV), settings.database_url):
        if candidate and candidate.strip():
            return candidate.strip()
    return f"sqlite:///{default_sqlite}"
