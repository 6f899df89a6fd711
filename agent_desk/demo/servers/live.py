"""Demo sources: the connectors read the demo output through these loopback servers.

A source section with ``demo_server = "<folder>"`` (written by ``agent-desk demo load``) is a
demo source: for each sync, Agent Desk starts the vendor's loopback server for that folder on a
free port of 127.0.0.1 with a fresh random token, points the connector at it and stops it when
the sync ends. Nothing leaves the machine and no demo token goes to the keyring.
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path
from typing import Any

from agent_desk.errors import AgentDeskError

DEMO_CREDENTIAL = "agent-desk-demo"
DEMO_ADMIN = "admin@agentdesk-demo.example"


def demo_server(name: str, section: dict[str, Any]) -> tuple[Any, dict[str, Any], str]:
    """The (not yet started) loopback server for ``section``, the settings the connector needs
    to reach it, and its token."""
    folder = Path(str(section["demo_server"])).expanduser()
    kind = str(section.get("type", ""))
    if not folder.is_dir():
        raise AgentDeskError(
            f"{name}: the demo data folder {folder} is gone (run `agent-desk demo load` again)"
        )
    token = secrets.token_urlsafe(24)
    server: Any
    if kind == "shopify":
        from agent_desk.demo.servers.shopify import ShopifyFake

        server = ShopifyFake(folder, token, bucket_size=1000, leak_rate=1000.0)
        extra: dict[str, Any] = {"auth": "token"}
    elif kind == "zendesk":
        from agent_desk.demo.servers.zendesk import ZendeskFake

        server = ZendeskFake(
            folder, token=secrets.token_urlsafe(16), email=DEMO_ADMIN, oauth_token=token
        )
        extra = {"auth": "oauth", "export_requests_per_minute": 100_000}
    else:
        raise AgentDeskError(f"{name}: there is no demo server for connector type {kind!r}")
    server.log_requests = False  # a large demo makes millions of requests: keep none
    return server, extra, token


def serve_demo(
    name: str, section: dict[str, Any], stack: contextlib.ExitStack
) -> tuple[dict[str, Any], str]:
    """Start the demo server for ``section``; returns the section pointing at it and its token."""
    server, extra, token = demo_server(name, section)
    stack.enter_context(server)
    configured = {k: v for k, v in section.items() if k != "demo_server"}
    configured.update(extra, url=server.url, credential=DEMO_CREDENTIAL)
    return configured, token
