"""The demo's live loopback servers (agent_desk.demo.servers.live)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import requests

from agent_desk.demo import generate
from agent_desk.demo.load import demo_sources
from agent_desk.demo.servers.live import demo_server


def test_a_live_demo_server_keeps_no_request_log(tmp_path: Path) -> None:
    """A 1M-customer demo sync makes millions of requests: the live server must not keep them
    (the fakes' log is for tests)."""
    generate(tmp_path / "demo", 30, 3, as_of=dt.date(2026, 1, 5))
    for name, section in demo_sources(tmp_path / "demo").items():
        if name == "erp":
            continue
        server, _, token = demo_server(name, section)
        with server:
            answer = requests.get(
                server.url + "/nothing-here", headers={"X-Token": token}, timeout=5
            )
            assert answer.status_code in (401, 404)
            assert server.requests == []
