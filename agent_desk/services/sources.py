"""Configured sources: build their connectors with the app's context, and test them."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from agent_desk.credentials import SecretStoreUnavailable, get_secret
from agent_desk.errors import AgentDeskError
from agent_desk.settings import Settings
from connectors import registry
from connectors.base import CheckResult, Connector, ConnectorContext, ConnectorError


@dataclass(frozen=True)
class SourceInfo:
    name: str
    type: str
    installed: bool


def list_sources(settings: Settings) -> list[SourceInfo]:
    installed = registry.available()
    return [
        SourceInfo(name, str(section.get("type", "")), str(section.get("type", "")) in installed)
        for name, section in sorted(settings.sources.items())
    ]


def _secret(name: str) -> str | None:
    try:
        return get_secret(name)
    except SecretStoreUnavailable as exc:
        raise AgentDeskError(f"credential '{name}' cannot be read: {exc}") from None


def build_connector(
    settings: Settings, name: str, *, cancel: threading.Event | None = None
) -> Connector:
    section = settings.sources.get(name)
    if section is None:
        known = ", ".join(sorted(settings.sources)) or "none configured"
        raise AgentDeskError(f"no source named '{name}' (configured: {known})")
    context = ConnectorContext(
        get_secret=_secret,
        logger=logging.getLogger(f"connectors.{name}"),
        default_region=settings.default_region,
        cancel=cancel or threading.Event(),
    )
    try:
        return registry.create(name, section, context)
    except ConnectorError as exc:
        raise AgentDeskError(str(exc)) from None


def test_source(settings: Settings, name: str) -> CheckResult:
    """Authenticate and read the first page; a failure is a one-line AgentDeskError."""
    connector = build_connector(settings, name)
    try:
        return connector.check()
    except ConnectorError as exc:
        raise AgentDeskError(str(exc)) from None
