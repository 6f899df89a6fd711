"""Connector throughput: records per second through the real connectors.

    python bench/connectors.py [--rows 1000000]

The flat-file part writes a legacy ERP customers export with ``--rows`` rows (cp1252, ``;``,
``dd.mm.yyyy``, decimal commas: the demo generator's layout, rows cycled from a small demo
export with fresh customer numbers) and reads it through ``FlatFileConnector`` page by page,
as a sync would. Then each HTTP connector reads a demo shop and help desk from its loopback fake
(Shopify REST, WooCommerce, Zendesk, Freshdesk), all streams.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the package it measures; drop its own folder from the import path so
# that `import connectors` finds the package, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import logging
import resource
import tempfile
import time
from datetime import date
from typing import Any

from agent_desk.demo import generate
from agent_desk.demo.servers.freshdesk import FreshdeskFake
from agent_desk.demo.servers.shopify import ShopifyFake
from agent_desk.demo.servers.woocommerce import WooCommerceFake
from agent_desk.demo.servers.zendesk import ZendeskFake
from connectors import registry
from connectors.base import ConnectorContext
from connectors.erp_flatfile import DEMO_LAYOUT, FlatFileConnector


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def flat_file(rows: int, work: Path) -> None:
    sample = work / "sample"
    generate(sample, 2000, seed=1, as_of=date(2026, 11, 20))
    lines = (sample / "erp" / "customers.csv").read_bytes().decode("cp1252").splitlines()
    header, body = lines[0], lines[1:]
    export = work / "erp"
    export.mkdir()
    started = time.perf_counter()
    with (export / "customers.csv").open("w", encoding="cp1252", newline="") as out:
        out.write(header + "\r\n")
        for n in range(rows):
            rest = body[n % len(body)].split(";", 1)[1]
            out.write(f"{1_000_000 + n};{rest}\r\n")
    size = (export / "customers.csv").stat().st_size
    print(f"wrote {rows:,} rows ({size / 2**20:,.0f} MiB) in {time.perf_counter() - started:.1f} s")

    context = ConnectorContext(get_secret=lambda _n: None, logger=logging.getLogger("bench"))
    layout = {"customers": DEMO_LAYOUT["customers"]}  # the demo export's columns
    conn = FlatFileConnector(
        "erp", {"path": str(export), "encoding": "cp1252", "files": layout}, context
    )
    started = time.perf_counter()
    records = rejected = pages = 0
    for page in conn.pages("customers", None):
        records += page.size
        rejected += len(page.rejections)
        pages += 1
    seconds = time.perf_counter() - started
    print(
        f"flat file      {records:,} records, {rejected:,} rejected, {pages:,} pages "
        f"in {seconds:.1f} s = {records / seconds:,.0f} records/s; peak RSS {_peak_mb():,.0f} MB"
    )


def _run(name: str, config: dict[str, Any], secret: str) -> None:
    context = ConnectorContext(get_secret=lambda _n: secret, logger=logging.getLogger("bench"))
    conn = registry.create(name, config, context)
    started = time.perf_counter()
    records = requests = 0
    for stream in conn.streams():
        for page in conn.pages(stream, None):
            records += page.size
            requests += 1
    seconds = time.perf_counter() - started
    print(
        f"{name:<14} {records:,} records in {seconds:.1f} s = {records / seconds:,.0f} records/s "
        f"over loopback ({requests:,} pages, all streams)"
    )


def http_connectors(customers: int, work: Path) -> None:
    demo = work / "http-demo"
    generate(demo, customers, seed=2, as_of=date(2026, 11, 20))
    print(
        f"HTTP connectors against their loopback fakes, demo of {customers:,} customers "
        "(vendor rate limits opened up: this measures the connector, not the vendor's limits)"
    )
    with ShopifyFake(demo, "shpat_bench", bucket_size=10**9, leak_rate=10**9) as shop:
        _run(
            "shopify",
            {
                "type": "shopify",
                "url": shop.url,
                "credential": "c",
                "api": "rest",
                "page_size": 250,
            },
            "shpat_bench",
        )
    with WooCommerceFake(demo, key="ck_bench", secret="cs_bench") as woo:
        _run(
            "woocommerce",
            {"type": "woocommerce", "url": woo.url, "credential": "c", "per_page": 100},
            "ck_bench:cs_bench",
        )
    with ZendeskFake(demo, token="zd_bench", email="bench@example.com") as zd:
        _run(
            "zendesk",
            {
                "type": "zendesk",
                "url": zd.url,
                "auth": "oauth",
                "credential": "c",
                "per_page": 1000,
                "export_requests_per_minute": 100_000,
            },
            "zd_bench",
        )
    with FreshdeskFake(demo, api_key="fd_bench") as fd:
        _run(
            "freshdesk",
            {"type": "freshdesk", "url": fd.url, "credential": "c", "per_page": 100},
            "fd_bench",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="flat-file rows")
    parser.add_argument(
        "--http-customers",
        type=int,
        default=5_000,
        help="demo size for the HTTP connectors (0: skip them)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="agent-desk-bench-") as tmp:
        if args.rows:
            flat_file(args.rows, Path(tmp))
        if args.http_customers:
            http_connectors(args.http_customers, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
