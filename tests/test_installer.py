"""The installer files IT rolls out: each one says what the program really does (the URL
protocol reaches `agent-desk agentdesk:…`, the service runs a real `sync --watch`, the
pre-seeded settings load and build their connectors) and follows its format's rules."""

from __future__ import annotations

import configparser
import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from agent_desk import __version__
from agent_desk.cli import _url_to_pop, build_parser
from agent_desk.services.sources import build_connector
from agent_desk.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
APP_ID = "io.agentdesk.AgentDesk"


def _ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def test_the_desktop_entry_starts_the_program_and_takes_agentdesk_links() -> None:
    entry = _ini(INSTALLER / "linux" / f"{APP_ID}.desktop")["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Icon"] == "agent-desk"
    assert "x-scheme-handler/agentdesk" in entry["MimeType"].split(";")
    program, *args = shlex.split(entry["Exec"])
    assert program == "/opt/agent-desk/agent-desk" and args == ["%u"]
    # a clicked link arrives as the only argument: the program takes it as a screen pop
    link = "agentdesk:pop?phone=%2B442079460018"
    parsed = build_parser().parse_args(_url_to_pop([link]))
    assert parsed.handler.__name__ == "_cmd_pop" and parsed.url == link
    assert build_parser().parse_args(_url_to_pop([])).handler.__name__ == "_cmd_gui"
    validator = shutil.which("desktop-file-validate")
    if validator:
        done = subprocess.run([validator, str(INSTALLER / "linux" / f"{APP_ID}.desktop")],
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_appstream_metadata_names_this_release() -> None:
    path = INSTALLER / "linux" / f"{APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.find("releases/release").get("version") == __version__
    validator = shutil.which("appstreamcli")
    if validator:
        done = subprocess.run([validator, "validate", "--no-net", str(path)],
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_macos_bundle_registers_the_url_scheme() -> None:
    info = plistlib.loads((INSTALLER / "macos" / "Info.plist").read_bytes())
    assert info["CFBundleIdentifier"] == APP_ID
    schemes = [s for kind in info["CFBundleURLTypes"] for s in kind["CFBundleURLSchemes"]]
    assert schemes == ["agentdesk"]
    spec = (INSTALLER / "agent-desk.spec").read_text(encoding="utf-8")
    assert 'macos" / "Info.plist' in spec and "BUNDLE(" in spec


def test_the_windows_setup_installs_per_machine_with_the_url_protocol() -> None:
    iss = (INSTALLER / "windows" / "agent-desk.iss").read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=admin$", iss, re.M)
    assert re.search(r"^DefaultDirName=\{autopf\}", iss, re.M)
    assert "{autoprograms}\\{#AppName}" in iss  # the Start menu entry for all users
    registry = [line for line in iss.splitlines() if line.startswith("Root: HKLM")]
    assert any('Subkey: "Software\\Classes\\agentdesk"' in r and '"URL Protocol"' in r
               for r in registry)  # fmt: skip
    command = next(r for r in registry if "shell\\open\\command" in r)
    assert '""{app}\\{#AppExe}"" ""%1""' in command  # the link is the program's argument
    assert '#define AppExe "agent-desk-app.exe"' in iss
    assert 'name="agent-desk-app"' in (INSTALLER / "agent-desk.spec").read_text("utf-8")


def test_the_sync_service_runs_a_real_sync_watch() -> None:
    unit = _ini(INSTALLER / "service" / "agent-desk-sync.service")
    service = unit["Service"]
    command = shlex.split(service["ExecStart"].replace("\\\n", " "))
    assert command[:3] == ["/usr/bin/dbus-run-session", "--",
                           "/opt/agent-desk/agent-desk-sync-session"]  # fmt: skip
    assert command[3] == "/opt/agent-desk/agent-desk"
    env = dict(
        line.split("=", 1)
        for line in (INSTALLER / "service" / "sync.env").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    )
    args = [os.path.expandvars(a.replace("${", "$").replace("}", "")) for a in command[4:]]
    args = [a.replace("$AGENT_DESK_SYNC_INTERVAL", env["AGENT_DESK_SYNC_INTERVAL"]) for a in args]
    parsed = build_parser().parse_args(args)
    assert parsed.handler.__name__ == "_cmd_sync" and parsed.watch and parsed.interval == 300
    assert service["User"] == "agent-desk" and service["KillSignal"] == "SIGTERM"
    assert service["LoadCredential"].startswith("keyring-unlock:")
    assert not [k for k in env if re.search(r"PASSWORD|TOKEN|SECRET", k)]
    assert env["AGENT_DESK_DB_URL"].startswith("postgresql+psycopg://")
    assert ":" not in env["AGENT_DESK_DB_URL"].split("//", 1)[1].split("@", 1)[0]
    analyze = shutil.which("systemd-analyze")
    if analyze:
        done = subprocess.run(
            [analyze, "verify", str(INSTALLER / "service" / "agent-desk-sync.service")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert "agent-desk-sync.service:" not in done.stderr, done.stderr


def test_the_example_site_settings_load_and_build_their_connectors(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "mine.toml", site=INSTALLER / "settings.example.toml")
    assert settings.company_name == "Northwind Customer Care"
    assert settings.database_url.startswith("postgresql+psycopg://agentdesk@")
    built = {name: type(build_connector(settings, name)).__name__ for name in settings.sources}
    assert built == {
        "erp": "SqlConnector",
        "shop": "ShopifyConnector",
        "helpdesk": "ZendeskConnector",
    }


@pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")),
    reason="gnome-keyring is not installed (apt-get install gnome-keyring)",
)
def test_the_service_session_unlocks_its_keyring(tmp_path: Path) -> None:
    """The wrapper the unit runs: a secret stored in one session is read in the next, with
    the unlock password handed over as a systemd credential; a wrong one is refused."""
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "keyring-unlock").write_text("unlock-me\n", encoding="utf-8")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "keyring"),
        "CREDENTIALS_DIRECTORY": str(credentials),
        "AGENT_DESK_HOME": str(tmp_path / "home"),
    }
    session = ["dbus-run-session", "--", str(INSTALLER / "service" / "agent-desk-sync-session")]
    python = sys.executable
    store = subprocess.run(
        [*session, python, "-m", "agent_desk", "credentials", "set", "erp-reader"],
        input="tok-123\n", env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert store.returncode == 0, store.stderr
    code = "from agent_desk.credentials import get_secret; print(get_secret('erp-reader'))"
    read = [*session, python, "-c", code]
    again = subprocess.run(read, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert again.stdout.strip() == "tok-123", again.stderr
    (credentials / "keyring-unlock").write_text("wrong\n", encoding="utf-8")
    locked = subprocess.run(read, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert locked.returncode != 0 and "keyring is locked" in locked.stderr
