"""Connector types, found through the ``agent_desk.connectors`` entry-point group.

The built-in connectors register there exactly as a call center's own would (in its package's
``pyproject.toml``: ``[project.entry-points."agent_desk.connectors"] my-crm = "pkg.mod:Class"``),
so there is one way in and no fork is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from connectors import ENTRY_POINT_GROUP
from connectors.base import ConfigurationError, Connector, ConnectorContext


def available() -> dict[str, EntryPoint]:
    """Connector type name -> entry point, for every installed connector."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def create(name: str, config: Mapping[str, Any], context: ConnectorContext) -> Connector:
    """Build the connector for the source ``name`` from its settings section."""
    kind = config.get("type")
    if not kind:
        raise ConfigurationError(name, "no 'type' set (e.g. type = \"erp-flatfile\")")
    found = available()
    if kind not in found:
        known = ", ".join(sorted(found)) or "none installed"
        raise ConfigurationError(name, f"unknown connector type {kind!r} (available: {known})")
    try:
        factory = found[kind].load()
    except Exception as exc:  # a broken third-party plug-in must not take the app down
        raise ConfigurationError(name, f"connector type {kind!r} cannot be loaded: {exc}") from None
    connector: Connector = factory(name, config, context)
    return connector
