"""`agent-desk demo load`, `sync`, `sync --watch` and the identity commands, as a person runs
them: real processes, an isolated XDG home."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AGENT_DESK_HOME", "AGENT_DESK_DB_URL")}
    env.update(
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        HOME=str(home),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        PYTHONPATH=str(ROOT),
    )
    return env


def run(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "agent_desk", *args],
        env=env_for(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("xdg")
    done = run(home, "demo", "load", "--customers", "150", "--seed", "3", "--as-of", "2026-11-20")
    assert done.returncode == 0, done.stderr + done.stdout
    return home, done.stdout


def test_demo_load_generates_configures_syncs_and_resolves_under_xdg(
    loaded: tuple[Path, str],
) -> None:
    home, out = loaded
    for source in ("erp", "shop", "tickets"):
        assert f"{source}: succeeded in" in out
    assert "identity resolution:" in out
    assert (home / "data" / "agent-desk" / "agent-desk.sqlite3").exists()
    assert (home / "data" / "agent-desk" / "demo" / "truth.csv").exists()
    settings = (home / "config" / "agent-desk" / "settings.toml").read_text(encoding="utf-8")
    assert "demo_server" in settings and "[sources.erp]" in settings


def test_links_csv_covers_every_person_record_of_the_truth_file(loaded: tuple[Path, str]) -> None:
    home, _ = loaded
    done = run(home, "links", "--csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    truth = home / "data" / "agent-desk" / "demo" / "truth.csv"
    with truth.open(encoding="utf-8") as handle:
        expected = sum(1 for _ in csv.DictReader(handle))
    assert len(rows) == expected
    assert all(r["customer_id"] for r in rows), "every record belongs to a customer"
    assert {r["source"] for r in rows} == {"erp", "shop", "tickets"}


def test_a_second_sync_changes_nothing_and_explain_works(loaded: tuple[Path, str]) -> None:
    home, _ = loaded
    done = run(home, "sync")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "erp: succeeded" in done.stdout and "inserted 0" in done.stdout
    explained = run(home, "explain", "1")
    assert explained.returncode == 0, explained.stderr
    assert explained.stdout.startswith("customer 1: ")
    assert "the first record" in explained.stdout


def test_an_unknown_source_and_an_unknown_customer_are_one_line_errors(
    loaded: tuple[Path, str],
) -> None:
    home, _ = loaded
    done = run(home, "sync", "--source", "nope")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "agent-desk: error: no source named 'nope' (configured: erp, shop, tickets)"
    )
    missing = run(home, "explain", "999999")
    assert missing.returncode == 1 and "there is no customer 999999" in missing.stderr


def test_watch_mode_syncs_in_rounds_and_stops_on_sigterm(loaded: tuple[Path, str]) -> None:
    home, _ = loaded
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent_desk", "sync", "--watch", "--interval", "1",
         "--source", "erp"],
        env=env_for(home), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        rounds = 0
        assert proc.stdout is not None
        deadline = time.monotonic() + 90
        while rounds < 2 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("erp: succeeded"):
                rounds += 1
        assert rounds == 2, "two rounds of the watch loop"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
