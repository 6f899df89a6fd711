"""No secret in the log file or in an exception text, for every HTTP connector.

Each connector runs a real sync and a wrong-credential attempt against its loopback fake, with
sentinel secrets, while the application's log file records everything at DEBUG level (requests'
and urllib3's request lines included). Then the log and the error texts are searched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from agent_desk.demo import generate
from agent_desk.demo.servers.base import FakeVendorServer
from agent_desk.demo.servers.freshdesk import FreshdeskFake
from agent_desk.demo.servers.shopify import ShopifyFake
from agent_desk.demo.servers.woocommerce import WooCommerceFake
from agent_desk.demo.servers.zendesk import ZendeskFake
from agent_desk.logging_setup import setup_logging
from connectors import registry
from connectors.base import ConnectorContext, ConnectorError

GOOD = {
    "shopify": "shpat_SENTINELgood1111",
    "woocommerce": "ck_SENTINELkey2222:cs_SENTINELsecret3333",
    "zendesk": "zd_SENTINELgood4444",
    "zendesk-client": "zd_SENTINELclient6666",  # an OAuth client secret (client_credentials)
    "freshdesk": "fd_SENTINELgood5555",
}
WRONG = "SENTINELwrong9999"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("leak") / "demo"
    generate(out, 60, seed=5, as_of=date(2026, 11, 20))
    return out


def _fakes(demo: Path) -> dict[str, tuple[Callable[[], FakeVendorServer], dict[str, Any]]]:
    key, secret = GOOD["woocommerce"].split(":")
    return {
        "shopify": (
            lambda: ShopifyFake(demo, GOOD["shopify"], bucket_size=10**9, leak_rate=10**9),
            {"api": "rest"},
        ),
        "woocommerce": (
            lambda: WooCommerceFake(demo, key=key, secret=secret),
            {"auth": "query"},
        ),  # keys in the query string: the riskiest mode
        "zendesk": (
            lambda: ZendeskFake(demo, token=GOOD["zendesk"], email="a@example.com"),
            {"auth": "oauth", "export_requests_per_minute": 100_000},
        ),
        "zendesk-client": (
            lambda: ZendeskFake(
                demo,
                token="zd_SENTINELunused7777",
                email="a@example.com",
                client_id="agent-desk",
                client_secret=GOOD["zendesk-client"],
            ),
            {
                "type": "zendesk",
                "auth": "client_credentials",
                "client_id": "agent-desk",
                "export_requests_per_minute": 100_000,
            },
        ),  # the secret travels in a JSON body, the token it buys in a header
        "freshdesk": (lambda: FreshdeskFake(demo, api_key=GOOD["freshdesk"]), {}),
    }


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    path = setup_logging(tmp_path / "agent-desk.log", logging.DEBUG)
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_agent_desk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.WARNING)


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_no_secret_in_logs_or_errors(kind: str, demo: Path, debug_log: Path) -> None:
    make_fake, extra = _fakes(demo)[kind]
    errors: list[str] = []
    with make_fake() as fake:
        for secret in (GOOD[kind], WRONG if kind != "woocommerce" else f"ck_{WRONG}:cs_{WRONG}"):
            context = ConnectorContext(
                get_secret=lambda _n, s=secret: s, logger=logging.getLogger(f"connectors.{kind}")
            )
            config = {"type": kind, "url": fake.url, "credential": "c", **extra}
            try:
                conn = registry.create(kind, config, context)
                records = sum(p.size for s in conn.streams() for p in conn.pages(s, None))
                assert secret == GOOD[kind] and records > 0  # the good secret syncs
            except ConnectorError as exc:
                assert secret != GOOD[kind], exc  # only the wrong secret fails
                errors.append(str(exc))
    assert (len(errors) == 1 and kind in errors[0]) or kind[:4] in errors[0].lower()
    for handler in logging.getLogger().handlers:
        handler.flush()
    log_text = debug_log.read_text(encoding="utf-8")
    assert "GET " in log_text or "POST " in log_text  # the request lines really were logged
    for text in (log_text, *errors):
        assert "SENTINEL" not in text, kind
