"""The frozen app works like the source checkout: the bundle is built with the installer's
spec, then the bundled program answers --version, checks a fresh SQLite file with doctor and
passes its self-test (demo data through the real connectors, the main window offscreen), in
English and in German (the translation compiled into the bundle). The Linux tarball installs
with its install.sh into a scratch root, and the installed program runs from there."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_bundle_builds_and_runs(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the CI bundle test builds the Linux bundle")
    dist, home = tmp_path / "dist", tmp_path / "home"
    env = {**os.environ, "WORK": str(tmp_path / "work"), "PYTHON": sys.executable}
    started = time.monotonic()
    build = subprocess.run(
        ["bash", str(ROOT / "installer" / "build.sh"), str(dist)],
        env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    built = time.monotonic() - started
    program = dist / "agent-desk" / "agent-desk"
    assert program.is_file()
    run_env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENT_DESK", "PYTHON"))}
    run_env.update(AGENT_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(program), *args], env=run_env, capture_output=True, text=True, timeout=600
        )

    started = time.monotonic()
    version = run("--version")
    version_s = time.monotonic() - started
    assert version.returncode == 0 and version.stdout.startswith("agent-desk ")
    store = tmp_path / "fresh.sqlite3"
    doctor = run("--db-url", f"sqlite:///{store}", "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "does not exist yet" in doctor.stdout and doctor.stdout.rstrip().endswith("OK")
    started = time.monotonic()
    selftest = run("self-test", "--customers", "120")
    selftest_s = time.monotonic() - started
    assert selftest.returncode == 0, selftest.stdout[-2000:] + selftest.stderr[-2000:]
    assert "self-test passed" in selftest.stdout and "menus: File, View" in selftest.stdout
    # German from the .qm compiled at build time (the bundle has no .ts and compiles nothing)
    resources = dist / "agent-desk" / "_internal" / "agent_desk_resources"
    assert (resources / "translations" / "agent_desk_de.qm").is_file()
    assert not list(resources.rglob("*.ts"))
    german = run("self-test", "--customers", "60", "--language", "de_DE")  # or "de"
    assert german.returncode == 0, german.stdout[-2000:] + german.stderr[-2000:]
    assert "language de, locale de_DE, menus: Datei, Ansicht" in german.stdout
    for size in (16, 48, 256):
        assert (dist / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "agent-desk.png").is_file()
    # the tarball installs into a root of its own, and the installed program runs
    (tarball,) = dist.glob("agent-desk-*-linux-*.tar.gz")
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    subprocess.run(["tar", "-xzf", str(tarball), "-C", str(unpacked)], check=True)
    (folder,) = unpacked.iterdir()
    root = tmp_path / "root"
    install = subprocess.run(
        ["sh", str(folder / "install.sh")], env={**run_env, "DESTDIR": str(root)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    desktop = root / "usr/share/applications/io.agentdesk.AgentDesk.desktop"
    assert "Exec=/opt/agent-desk/agent-desk %u" in desktop.read_text(encoding="utf-8")
    assert (root / "usr/share/metainfo/io.agentdesk.AgentDesk.metainfo.xml").is_file()
    assert (root / "usr/share/icons/hicolor/48x48/apps/agent-desk.png").is_file()
    assert (root / "usr/local/bin/agent-desk").is_symlink()
    assert os.access(root / "opt/agent-desk/agent-desk-sync-session", os.X_OK)  # the unit's
    installed = subprocess.run(
        [str(root / "opt/agent-desk/agent-desk"), "--version"],
        env=run_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert installed.returncode == 0 and installed.stdout == version.stdout
    print(
        f"bundle built in {built:.0f} s; tarball {tarball.stat().st_size / 1e6:.0f} MB; "
        f"--version {version_s:.2f} s; self-test {selftest_s:.1f} s"
    )
