"""The frozen app works like the source checkout: the bundle is built with the installer's
spec, then the bundled program answers --version, checks a fresh SQLite file with doctor and
passes its self-test (demo data through the real connectors, the main window offscreen)."""

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

    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("agent-desk ")
    store = tmp_path / "fresh.sqlite3"
    doctor = run("--db-url", f"sqlite:///{store}", "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "does not exist yet" in doctor.stdout and doctor.stdout.rstrip().endswith("OK")
    selftest = run("self-test", "--customers", "120")
    assert selftest.returncode == 0, selftest.stdout[-2000:] + selftest.stderr[-2000:]
    assert "self-test passed" in selftest.stdout
    print(f"bundle built in {built:.0f} s")
