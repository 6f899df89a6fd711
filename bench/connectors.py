"""Connector throughput: records per second through the real connectors.

    python bench/connectors.py [--rows 1000000]

The flat-file part writes a legacy ERP customers export with ``--rows`` rows (cp1252, ``;``,
``dd.mm.yyyy``, decimal commas: the demo generator's layout, rows cycled from a small demo
export with fresh customer numbers) and reads it through ``FlatFileConnector`` page by page,
as a sync would. HTTP connectors over loopback are measured by the same script once their fakes
exist (``--http``).
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

from agent_desk.demo import generate
from connectors.base import ConnectorContext
from connectors.erp_flatfile import FlatFileConnector


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
    layout = {
        "customers": {
            "file": "customers.csv",
            "entity": "customer",
            "columns": {
                "external_id": "CUST_NO",
                "given_name": "FIRST_NAME",
                "family_name": "LAST_NAME",
                "company": "COMPANY",
                "street": "STREET",
                "postcode": "POSTCODE",
                "city": "CITY",
                "country": "COUNTRY",
                "phone": "PHONE",
                "email": "EMAIL",
                "birth_date": "BIRTH_DATE",
                "updated": "CHANGED",
            },
        }
    }
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="agent-desk-bench-") as tmp:
        flat_file(args.rows, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
