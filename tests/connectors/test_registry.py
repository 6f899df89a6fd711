"""Connector types come from the entry-point group, the way a third party adds one."""

from __future__ import annotations

import logging
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from connectors import registry
from connectors.base import ConfigurationError, ConnectorContext
from connectors.erp_flatfile import FlatFileConnector


def ctx() -> ConnectorContext:
    return ConnectorContext(get_secret=lambda _n: None, logger=logging.getLogger("test"))


def test_built_in_connectors_are_registered_as_entry_points() -> None:
    found = registry.available()
    assert found["erp-flatfile"].value == "connectors.erp_flatfile:FlatFileConnector"
    for kind in ("erp-sql", "shopify", "woocommerce", "freshdesk", "zendesk"):
        assert found[kind].load().type_name == kind  # each loads, and names itself the same


def test_create_builds_the_configured_type(tmp_path: Path) -> None:
    conn = registry.create(
        "erp", {"type": "erp-flatfile", "path": str(tmp_path), "layout": "agent-desk-demo"}, ctx()
    )
    assert isinstance(conn, FlatFileConnector) and conn.name == "erp"


def test_unknown_or_missing_type_is_explained() -> None:
    with pytest.raises(
        ConfigurationError,
        match=r"^crm: unknown connector type 'salesforce' "
        r"\(available: .*erp-flatfile",
    ):
        registry.create("crm", {"type": "salesforce"}, ctx())
    with pytest.raises(ConfigurationError, match="no 'type' set"):
        registry.create("crm", {}, ctx())


def test_a_broken_plugin_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = EntryPoint("acme-crm", "acme_crm_missing.connector:Acme", registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "available", lambda: {"acme-crm": broken})
    with pytest.raises(ConfigurationError, match="'acme-crm' cannot be loaded: No module named"):
        registry.create("crm", {"type": "acme-crm"}, ctx())
