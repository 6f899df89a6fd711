r"""Where Agent Desk keeps its files.

Paths come from :mod:`platformdirs` (which honours ``XDG_DATA_HOME``, ``XDG_CONFIG_HOME`` and
``XDG_STATE_HOME`` on Linux). ``AGENT_DESK_HOME`` puts everything under one folder instead, which
is what tests, demos and portable installs use.

IT pre-seeds settings for every user of a machine in the site settings file
(:func:`site_settings_file`): ``/etc/xdg/agent-desk/settings.toml`` on Linux,
``C:\ProgramData\AgentDesk\agent-desk\settings.toml`` on Windows,
``/Library/Application Support/agent-desk/settings.toml`` on macOS, or the file named by
``AGENT_DESK_SITE_SETTINGS``. A person's own settings file overrides it value by value.
"""

from __future__ import annotations

import os
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
    return Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)) / "settings.toml"


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
