"""Configured sources: build their connectors with the app's context, and test them."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from agent_desk.credentials import SecretStoreUnavailable, get_secret
from agent_desk.demo.servers.live import DEMO_CREDENTIAL, serve_demo
from agent_desk.errors import AgentDeskError
from agent_desk.i18n import translate
from agent_desk.settings import Settings, switched_off
from connectors import registry
from connectors.base import CheckResult, Connector, ConnectorContext, ConnectorError


@dataclass(frozen=True)
class SourceInfo:
    name: str
    type: str
    installed: bool
    enabled: bool = True


def list_sources(settings: Settings) -> list[SourceInfo]:
    """Every configured source, the switched-off ones (``enabled = false``) included."""
    installed = registry.available()
    both = [(n, s, True) for n, s in settings.sources.items()]
    both += [(n, s, False) for n, s in settings.disabled_sources.items()]
    return [
        SourceInfo(
            name, str(section.get("type", "")), str(section.get("type", "")) in installed, on
        )
        for name, section, on in sorted(both, key=lambda item: item[0])
    ]


def _secret(name: str) -> str | None:
    try:
        return get_secret(name)
    except SecretStoreUnavailable as exc:
        raise AgentDeskError(
            translate("sources", "credential '{name}' cannot be read: {error}").format(
                name=name, error=exc
            )
        ) from None


def build_connector(
    settings: Settings,
    name: str,
    *,
    cancel: threading.Event | None = None,
    stack: contextlib.ExitStack | None = None,
) -> Connector:
    """The source's connector. A demo source (``demo_server = "<folder>"``) gets Agent Desk's
    loopback server for that folder, started here and stopped by ``stack``."""
    section = settings.sources.get(name)
    if section is None and (off := switched_off(settings, name)):
        raise off
    if section is None:
        known = ", ".join(sorted(settings.sources)) or translate("sources", "none configured")
        raise AgentDeskError(
            translate("sources", "no source named '{name}' (configured: {known})").format(
                name=name, known=known
            )
        )
    get_secret: Callable[[str], str | None] = _secret
    if section.get("demo_server"):
        if stack is None:
            raise AgentDeskError(f"{name}: a demo source needs a server lifetime (a bug)")
        section, token = serve_demo(name, section, stack)
        get_secret = {DEMO_CREDENTIAL: token}.get
    context = ConnectorContext(
        get_secret=get_secret,
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
    with contextlib.ExitStack() as stack:
        connector = build_connector(settings, name, stack=stack)
        try:
            return connector.check()
        except ConnectorError as exc:
            raise AgentDeskError(str(exc)) from None
