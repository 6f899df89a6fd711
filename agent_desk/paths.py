r"""Where Agent Desk keeps its files.

Paths come from :mod:`platformdirs` (which honours ``XDG_DATA_HOME``, ``XDG_CONFIG_HOME`` and
``XDG_STATE_HOME`` on Linux). ``AGENT_DESK_HOME`` puts everything under one folder instead, which
is what tests, demos and portable installs use.

IT pre-seeds settings for every user of a machine in the site settings file
(:func:`site_settings_file`): ``/etc/xdg/agent-desk/settings.toml`` on Linux (or the first
``agent-desk/settings.toml`` in ``XDG_CONFIG_DIRS``),
``C:\ProgramData\AgentDesk\agent-desk\settings.toml`` on Windows,
``/Library/Application Support/agent-desk/settings.toml`` on macOS, or the file named by
``AGENT_DESK_SITE_SETTINGS``. A person's own settings file overrides it value by value.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "agent-desk"
APP_AUTHOR = "AgentDesk"
HOME_ENV = "AGENT_DESK_HOME"
SITE_SETTINGS_ENV = "AGENT_DESK_SITE_SETTINGS"


def site_settings_file() -> Path | None:
    """The machine-wide settings file IT pre-seeds (it may not exist): ``AGENT_DESK_SITE_SETTINGS``
    if set (empty: none), else none under ``AGENT_DESK_HOME`` (a test, a demo or a portable
    install keeps to its folder), else the platform's site config folder."""
    named = os.environ.get(SITE_SETTINGS_ENV)
    if named is not None:
        return Path(named).expanduser() if named.strip() else None
    if os.environ.get(HOME_ENV):
        return None
    if sys.platform.startswith(("win", "darwin")):
        return Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)) / "settings.toml"
    return _xdg_site_file()


def _xdg_site_file() -> Path:
    """The first ``agent-desk/settings.toml`` that exists in ``XDG_CONFIG_DIRS`` (every entry, in
    order, as the XDG base directory specification says), then ``/etc/xdg``; if none exists,
    ``/etc/xdg/agent-desk/settings.toml``, the documented place. (platformdirs looks at the
    first entry only, and Ubuntu desktops list ``/etc/xdg/xdg-ubuntu`` first.)"""
    entries = [e for e in os.environ.get("XDG_CONFIG_DIRS", "").split(os.pathsep) if e.strip()]
    fallback = Path("/etc/xdg") / APP_NAME / "settings.toml"
    for entry in [*entries, "/etc/xdg"]:
        candidate = Path(entry).expanduser()
        if not candidate.is_absolute():
            continue  # the specification says relative entries are ignored
        candidate = candidate / APP_NAME / "settings.toml"
        if candidate.is_file():
            return candidate
    return fallback


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def default_database(self) -> Path:
        return self.data_dir / "agent-desk.sqlite3"

    @property
    def cache_dir(self) -> Path:
        """What can be rebuilt at any time (compiled translations)."""
        return self.data_dir / "cache"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "agent-desk.log"

    @classmethod
    def from_environment(cls) -> AppPaths:
        home = os.environ.get(HOME_ENV)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root / "data", root / "config", root / "logs")
        return cls(
            Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )
