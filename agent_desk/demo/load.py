"""``agent-desk demo load``: generate the demo sources, configure them, sync them.

The ERP export is read from its folder by the flat-file connector; the shop's orders and the
help desk's tickets are served by Agent Desk's loopback vendor servers (see
:mod:`agent_desk.demo.servers.live`) and read by the real Shopify and Zendesk connectors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent_desk.demo.tickets import FIELD_ORDER
from agent_desk.errors import AgentDeskError
from agent_desk.settings import Settings

DEMO_NAMES = ("erp", "shop", "tickets")


def demo_sources(out: Path) -> dict[str, dict[str, Any]]:
    out = out.resolve()
    return {
        "erp": {
            "type": "erp-flatfile",
            "path": str(out / "erp"),
            "layout": "agent-desk-demo",
            "encoding": "cp1252",
        },
        "shop": {
            "type": "shopify",
            "demo_server": str(out / "shop"),
            "api": "rest",  # the demo reads 250 orders a request; GraphQL pages are cost-limited
        },
        "tickets": {
            "type": "zendesk",
            "demo_server": str(out / "tickets"),
            # the ticket form's "Order number" field, and the ERP's invoice and contract
            # numbers in the text: they link a requester to the order's or invoice's customer
            "order_field": FIELD_ORDER,
            "mention_patterns": {"invoice": r"\b(20\d{9})\b", "contract": r"\b(CT\d{7})\b"},
        },
    }


def _is_demo(section: dict[str, Any]) -> bool:
    return bool(section.get("demo_server")) or section.get("layout") == "agent-desk-demo"


def with_demo_sources(settings: Settings, out: Path) -> Settings:
    """``settings`` with the demo's three sources (replacing earlier demo sources only)."""
    sources, off = dict(settings.sources), dict(settings.disabled_sources)
    for name, section in demo_sources(out).items():
        old = sources.get(name, off.pop(name, None))  # loading the demo switches it back on
        if old is not None and not _is_demo(old):
            raise AgentDeskError(
                f"a source named '{name}' is already configured and is not demo data: "
                "remove it from the settings, or load the demo into a separate home "
                "(AGENT_DESK_HOME=/tmp/demo agent-desk demo load)"
            )
        sources[name] = section
    return settings.with_changes(sources=sources, disabled_sources=off)
