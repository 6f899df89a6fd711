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
from typing import Any

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
    # the .app runs the windowed program as a normal (not background-only) app
    assert 'CFBundleExecutable="agent-desk-app"' in spec and "LSBackgroundOnly=False" in spec


def _spec_function(name: str) -> Any:
    import ast

    tree = ast.parse((INSTALLER / "agent-desk.spec").read_text(encoding="utf-8"))
    (node,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    namespace: dict[str, Any] = {"re": re}
    exec(compile(ast.Module(body=[node], type_ignores=[]), "agent-desk.spec", "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("0.2.0rc1", (0, 2, 0, 0)),
        ("1.0.dev3", (1, 0, 0, 0)),
        ("2.0a1.5", (2, 0, 0, 0)),
        ("3", (3, 0, 0, 0)),
    ],
)
def test_the_windows_version_resource_takes_any_release_number(
    version: str, numbers: tuple[int, ...]
) -> None:
    assert _spec_function("numeric_version")(version) == numbers


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


# The installer's password check, compiled from the .iss with Free Pascal (Inno Setup's Pascal
# Script shares Pos, Copy and Length with it) and run on the URLs IT passes as /DBURL=.
URL_CASES = {
    "postgresql+psycopg://agentdesk@db.example.internal:5432/agentdesk": False,  # the README's
    "postgresql+psycopg://agentdesk:hunter2@db.example.internal:5432/agentdesk": True,
    "postgresql://:hunter2@db/agentdesk": True,
    "postgresql://db.example.internal:5432/agentdesk": False,
    "postgresql://db/agentdesk?options=a@b:c": False,  # "@" and ":" after the host's "/"
    "postgresql://user@db:5432": False,
    "postgresql://user:pw@db": True,
    "postgresql://u:pa/ss@db/agentdesk": True,  # SQLAlchemy reads "pa/ss" as the password
    "postgresql://agentdesk@db/agentdesk?password=hunter2": True,
    "mysql+pymysql://erp@erp/erp?sslmode=x&PWD=hunter2": True,
    "postgresql://u:@db/agentdesk": False,  # an empty password is no secret
    "https://northwind.myshopify.com": False,
    "": False,
}


def test_the_app_refuses_the_same_urls_as_the_windows_setup() -> None:
    from agent_desk.settings import _url_has_password

    assert {url: _url_has_password(url) for url in URL_CASES} == URL_CASES


@pytest.mark.skipif(
    shutil.which("fpc") is None, reason="Free Pascal is not installed (fp-compiler)"
)
def test_the_windows_setup_refuses_a_database_url_with_a_password(tmp_path: Path) -> None:
    iss = (INSTALLER / "windows" / "agent-desk.iss").read_text(encoding="utf-8")
    function = re.search(r"\{ BEGIN UrlHasPassword \}(.*)\{ END UrlHasPassword \}", iss, re.S)
    assert function is not None
    cases = "\n".join(f"  WriteLn(UrlHasPassword('{url}'));" for url in URL_CASES)
    program = tmp_path / "check.pas"
    program.write_text(
        f"program check;\n{{$mode delphi}}{{$H+}}\n{function.group(1)}\nbegin\n{cases}\nend.\n",
        encoding="utf-8",
    )
    built = subprocess.run(
        ["fpc", "-v0", f"-o{tmp_path / 'check'}", str(program)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    ran = subprocess.run([str(tmp_path / "check")], capture_output=True, text=True, check=True)
    assert ran.stdout.split() == [str(v).upper() for v in URL_CASES.values()]
    # and the check stops the set-up before anything is installed
    assert re.search(r"if UrlHasPassword\(ExpandConstant\('\{param:DBURL\|\}'\)\) then", iss)
    assert "Result := False;" in iss.split("function InitializeSetup")[1].split("end;\n\n")[0]


def test_the_windows_setup_writes_the_site_file_as_utf8_for_admins_only() -> None:
    code = (INSTALLER / "windows" / "agent-desk.iss").read_text(encoding="utf-8").split("[Code]")[1]
    assert "SaveStringsToUTF8FileWithoutBOM(Path, Lines, False)" in code
    assert "SaveStringToFile" not in code  # the ANSI code page would garble "Müller"
    assert "/inheritance:r" in code and "*S-1-5-32-545:(OI)(CI)RX" in code  # users: read only
    assert "/setowner *S-1-5-32-544 /T" in code and "/reset /T" in code  # a user's folder too


def _unpacked_tarball(where: Path) -> Path:
    """A tarball's layout (what installer/build.sh packs) around a tiny stand-in program: the
    scripts under test are the real ones."""
    folder = where / "agent-desk-9.9.9-linux-x86_64"
    program = folder / "agent-desk"
    program.mkdir(parents=True)
    (program / "agent-desk").write_text("#!/bin/sh\necho agent-desk 9.9.9\n", encoding="utf-8")
    (program / "agent-desk").chmod(0o755)
    for sub in (
        "share/applications",
        "share/metainfo",
        "share/icons/hicolor/48x48/apps",
        "service",
    ):
        (folder / sub).mkdir(parents=True)
    shutil.copy(
        INSTALLER / "linux" / "io.agentdesk.AgentDesk.desktop", folder / "share/applications"
    )
    shutil.copy(
        INSTALLER / "linux" / "io.agentdesk.AgentDesk.metainfo.xml", folder / "share/metainfo"
    )
    (folder / "share/icons/hicolor/48x48/apps/agent-desk.png").write_bytes(b"png")
    for name in ("install.sh", "uninstall.sh"):
        shutil.copy(INSTALLER / "linux" / name, folder / name)
    shutil.copy(INSTALLER / "settings.example.toml", folder)
    shutil.copy(INSTALLER / "service" / "agent-desk-sync-session", folder / "service")
    return folder


# dash where there is one: the plainest POSIX shell, whatever /bin/sh is on this machine
SHELL = shutil.which("dash") or "sh"


def _sh(script: Path, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "DESTDIR": str(root)}
    return subprocess.run(
        [SHELL, str(script), *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_install_and_uninstall_keep_to_their_own_folder(tmp_path: Path) -> None:
    folder, root = _unpacked_tarball(tmp_path / "t"), tmp_path / "root"
    # a trailing slash is the same folder; the = form and the two-word form both work
    done = _sh(folder / "install.sh", root, "--prefix=/srv/agent-desk/")
    assert done.returncode == 0, done.stderr
    home = root / "srv/agent-desk"
    assert (home / ".agent-desk-install").is_file() and (home / "agent-desk").is_file()
    assert os.access(home / "agent-desk-sync-session", os.X_OK)  # with the program, upgrades too
    assert os.readlink(root / "usr/local/bin/agent-desk") == "/srv/agent-desk/agent-desk"
    desktop = (root / "usr/share/applications/io.agentdesk.AgentDesk.desktop").read_text("utf-8")
    assert "Exec=/srv/agent-desk/agent-desk %u" in desktop
    (root / "etc/xdg/agent-desk/settings.toml").write_text("schema = 2\n", encoding="utf-8")
    # an upgrade replaces the folder whole, the wrapper included
    (home / "agent-desk-sync-session").unlink()
    again = _sh(folder / "install.sh", root, "--prefix", "/srv/agent-desk")
    assert again.returncode == 0, again.stderr
    assert (home / "agent-desk-sync-session").is_file()
    gone = _sh(folder / "uninstall.sh", root, "--prefix=/srv//agent-desk/")
    assert gone.returncode == 0, gone.stderr
    assert not home.exists() and not (root / "usr/local/bin/agent-desk").is_symlink()
    assert not (root / "usr/share/applications/io.agentdesk.AgentDesk.desktop").exists()
    assert (root / "etc/xdg/agent-desk/settings.toml").is_file()  # IT's settings stay
    assert "settings and data kept" in gone.stdout


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        ("/", "system folder"),
        ("/usr/local", "system folder"),
        ("/usr/local/", "system folder"),
        ("//opt", "system folder"),
        ("/opt/../usr", "'..'"),
        ("relative/agent-desk", "absolute path"),
        ("", "absolute path"),
        ("/srv/my apps/agent-desk", "only letters, digits"),  # the menu entry's Exec= line
        ("/srv/a|b", "only letters, digits"),
        ("/usr/local/bin/agent-desk", "inside a system folder"),  # the command's own folder
        ("/mnt", "system folder"),
    ],
)
def test_install_refuses_a_prefix_it_could_not_safely_replace(
    tmp_path: Path, prefix: str, says: str
) -> None:
    folder, root = _unpacked_tarball(tmp_path / "t"), tmp_path / "root"
    (root / "usr/local/bin").mkdir(parents=True)
    (root / "usr/local/bin/other-tool").write_text("keep me", encoding="utf-8")
    done = _sh(folder / "install.sh", root, f"--prefix={prefix}")
    assert done.returncode != 0 and says in done.stderr
    assert (root / "usr/local/bin/other-tool").read_text(encoding="utf-8") == "keep me"


def test_install_and_uninstall_never_delete_a_folder_that_is_not_theirs(tmp_path: Path) -> None:
    folder, root = _unpacked_tarball(tmp_path / "t"), tmp_path / "root"
    theirs = root / "srv/tools"
    theirs.mkdir(parents=True)
    (theirs / "data.txt").write_text("someone's work", encoding="utf-8")
    done = _sh(folder / "install.sh", root, "--prefix", "/srv/tools")
    assert done.returncode == 1 and "not an Agent Desk installation" in done.stderr
    gone = _sh(folder / "uninstall.sh", root, "--prefix=/srv/tools")
    assert gone.returncode == 1 and "nothing was removed" in gone.stderr
    assert (theirs / "data.txt").read_text(encoding="utf-8") == "someone's work"
    missing = _sh(folder / "uninstall.sh", root, "--prefix=/srv/nothing-here")
    assert missing.returncode == 1 and "give the --prefix it was installed with" in missing.stderr
    # not even an empty one (/mnt, /usr/local/src…): uninstall.sh would delete it later
    (root / "srv/empty").mkdir()
    assert _sh(folder / "install.sh", root, "--prefix=/srv/empty").returncode == 1


def test_uninstalling_one_of_two_installations_keeps_the_other_working(tmp_path: Path) -> None:
    folder, root = _unpacked_tarball(tmp_path / "t"), tmp_path / "root"
    assert _sh(folder / "install.sh", root, "--prefix=/opt/agent-desk").returncode == 0
    assert _sh(folder / "install.sh", root, "--prefix=/srv/agent-desk").returncode == 0
    gone = _sh(folder / "uninstall.sh", root)  # the first one, /opt/agent-desk
    assert gone.returncode == 0, gone.stderr
    assert "belong to another Agent Desk installation; kept" in gone.stdout
    assert not (root / "opt/agent-desk").exists()
    assert os.readlink(root / "usr/local/bin/agent-desk") == "/srv/agent-desk/agent-desk"
    desktop = root / "usr/share/applications/io.agentdesk.AgentDesk.desktop"
    assert "Exec=/srv/agent-desk/agent-desk %u" in desktop.read_text(encoding="utf-8")
    assert (root / "usr/share/icons/hicolor/48x48/apps/agent-desk.png").is_file()
    # icons of another program with a similar name are never touched
    other = root / "usr/share/icons/hicolor/48x48/apps/agent-desk.other-vendor.png"
    other.write_bytes(b"theirs")
    assert _sh(folder / "uninstall.sh", root, "--prefix=/srv/agent-desk").returncode == 0
    assert not desktop.exists() and not (root / "usr/local/bin/agent-desk").is_symlink()
    assert not (root / "usr/share/icons/hicolor/48x48/apps/agent-desk.png").exists()
    assert other.read_bytes() == b"theirs"


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
