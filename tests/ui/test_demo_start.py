"""The README's first command: `agent-desk demo start` opens the window on demo data generated
and synced through the real connectors, in a home of its own; the second start is immediate."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtWidgets import QApplication

from agent_desk.cli import demo_home
from agent_desk.paths import AppPaths
from agent_desk.ui.instance import instance_name, send_to_running


def _start(env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "agent_desk", "demo", "start", "--customers", "40", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _window_answers(proc: subprocess.Popen[str], home: AppPaths, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if send_to_running(instance_name(home), {"raise": True}, timeout_ms=300):
            return True
        time.sleep(0.2)
    return False


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def test_demo_start_opens_the_window_on_synced_demo_data(
    app_home: AppPaths, qapp: QApplication
) -> None:
    # a team database in the environment must not receive the demo
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "AGENT_DESK_DB_URL": "postgresql+psycopg://nobody@127.0.0.1:1/not-for-demos",
    }
    home = demo_home(app_home)
    proc = _start(env)
    try:
        assert _window_answers(proc, home, 120), proc.stdout.read() if proc.stdout else ""
    finally:
        out = _stop(proc)
    assert "preparing the demo: 40 customers" in out
    assert "succeeded" in out
    engine = sa.create_engine(f"sqlite:///{home.default_database}")
    with engine.connect() as conn:
        customers = conn.execute(sa.text("SELECT count(*) FROM customers")).scalar_one()
        sources = {
            r[0] for r in conn.execute(sa.text("SELECT DISTINCT source FROM source_records"))
        }
    engine.dispose()
    assert customers >= 30 and sources == {"erp", "shop", "tickets"}
    assert not (app_home.default_database.exists()), "the agent's own store is untouched"

    proc = _start(env)  # the second time: the same store, at once
    try:
        assert _window_answers(proc, home, 60)
    finally:
        out = _stop(proc)
    assert "opening the demo store" in out and "preparing" not in out
    assert Path(home.default_database).exists()
