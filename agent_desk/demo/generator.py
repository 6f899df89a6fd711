"""The demo data generator's entry point: :func:`generate`.

Streams persons one at a time through the ERP, shop and ticket writers, so memory stays flat
at any size. Output bytes depend only on ``(customers, seed, as_of)``: one ``random.Random``
seeded with the string ``agent-desk-demo:<seed>`` drives everything (a string seed is hashed
with SHA-512, so it is stable across runs and, unlike an int seed, tells ``-5`` from ``5``),
"now" is ``as_of`` 00:00 UTC, and nothing depends on the wall clock, hash randomisation or set
order. Files are written as ``*.part`` and renamed at the end; ``manifest.json`` is written
last and marks the output complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

from agent_desk.demo import erp as erp_mod
from agent_desk.demo import shop as shop_mod
from agent_desk.demo import tickets as tickets_mod
from agent_desk.demo.erp import ErpWriter
from agent_desk.demo.formats import Clock
from agent_desk.demo.people import PersonFactory
from agent_desk.demo.pools import load_pools
from agent_desk.demo.purchases import assign_channels, life_cycle, plan_purchases
from agent_desk.demo.shop import ShopWriter
from agent_desk.demo.sinks import PART, Files
from agent_desk.demo.summary import DemoError, DemoSummary, GenerationCancelled
from agent_desk.demo.tickets import TicketWriter

GENERATOR = "agent_desk.demo"
VERSION = 1
TRUTH = "truth.csv"
MANIFEST = "manifest.json"
DATA_FILES = (*erp_mod.FILES, shop_mod.FILE, *tickets_mod.FILES, TRUTH)
_TOP_LEVEL = {"erp", "shop", "tickets", TRUTH, MANIFEST}
_KNOWN = {*DATA_FILES, MANIFEST}
SEED_PREFIX = "agent-desk-demo:"  # random.Random(int) ignores the sign of the seed
CHECK_EVERY = 256
PROGRESS_EVERY = 1000


def _is_previous_output(out: Path) -> bool:
    """True if every entry under ``out`` is one of the generator's own files (or ``.part``)."""
    for entry in out.iterdir():
        if entry.name.removesuffix(PART) not in _TOP_LEVEL:
            return False
        if entry.is_dir():
            for sub in entry.iterdir():
                rel = f"{entry.name}/{sub.name}".removesuffix(PART)
                if rel not in _KNOWN or not sub.is_file():
                    return False
        elif not entry.is_file():
            return False
    return True


def _prepare(out_dir: Path) -> bool:
    """Validate and create the output directory; return whether it was created."""
    if out_dir.exists() or out_dir.is_symlink():
        if not out_dir.is_dir():
            raise DemoError(f"output path {out_dir} exists and is not a directory")
        try:
            if any(out_dir.iterdir()) and not _is_previous_output(out_dir):
                raise DemoError(
                    f"output directory {out_dir} is not empty and does not look like "
                    "a previous demo output; choose an empty or new directory"
                )
        except PermissionError as exc:
            raise DemoError(f"cannot read output directory {out_dir}: {exc.strerror}") from exc
        created = False
    else:
        try:
            out_dir.mkdir(parents=True)
        except OSError as exc:
            raise DemoError(
                f"cannot create output directory {out_dir}: {exc.strerror or exc}"
            ) from exc
        created = True
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise DemoError(f"output directory {out_dir} is not writable")
    return created


def _cleanup_dirs(out_dir: Path, created: bool) -> None:
    for name in ("erp", "shop", "tickets"):
        with contextlib.suppress(OSError):
            (out_dir / name).rmdir()  # only succeeds when empty
    if created:
        with contextlib.suppress(OSError):
            out_dir.rmdir()


def generate(
    out_dir: Path,
    customers: int,
    seed: int,
    as_of: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> DemoSummary:
    """Generate the demo data set for ``customers`` persons into ``out_dir``.

    Raises :class:`DemoError` for invalid input or an unusable directory and
    :class:`GenerationCancelled` when ``cancel`` is set (no complete-looking output is left).
    """
    started = time.perf_counter()
    if isinstance(customers, bool) or not isinstance(customers, int) or customers < 1:
        raise DemoError(f"customers must be a whole number of at least 1, got {customers!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise DemoError(f"seed must be a whole number, got {seed!r}")
    if as_of is None:
        as_of = dt.datetime.now(dt.UTC).date()
    elif isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    elif not isinstance(as_of, dt.date):
        raise DemoError(f"as_of must be a date, got {as_of!r}")
    if not 1990 <= as_of.year <= 2200:
        raise DemoError(f"as_of {as_of.isoformat()} is out of range")
    out_dir = Path(out_dir)
    created = _prepare(out_dir)

    pools = load_pools()
    clock = Clock(as_of)
    rng = random.Random(f"{SEED_PREFIX}{seed}")
    files = Files(out_dir)
    try:
        truth = files.csv(TRUTH, ["source", "entity", "external_id", "person_id"])
        erp = ErpWriter(files, rng, clock)
        shop = ShopWriter(files, rng, clock)
        factory = PersonFactory(pools, rng, clock, customers)
        desk = TicketWriter(files, rng, clock, pools, factory.new_mailbox)
        catalog = pools.catalog
        rnd = rng.random
        now = clock.now
        truth_raw = truth.raw
        for idx in range(customers):
            if cancel is not None and idx % CHECK_EVERY == 0 and cancel.is_set():
                raise GenerationCancelled("demo data generation cancelled")
            p = factory.next(idx)
            rows: list[tuple[str, str, str]] = []
            purchases = []
            if p.in_shop or (p.in_erp and rnd() >= 0.15):
                purchases = plan_purchases(p, catalog, rng, clock)
                assign_channels(p, purchases, rng)
                for pu in purchases:
                    life_cycle(pu, rng, now)
            erp_res = None
            if p.in_erp:
                erp_res = erp.write(p, purchases)
                rows.extend(("erp", "customer", no) for no in erp_res.cust_nos)
            orders = []
            if p.in_shop:
                orders = shop.write(p, purchases, erp_res.cust_no if erp_res else "", rows)
            if p.in_zd:
                desk.write(p, orders, erp_res, rows)
            pid = p.pid
            for source, entity, ext in rows:
                truth_raw(f"{source},{entity},{ext},{pid}")
            done = idx + 1
            if done % PROGRESS_EVERY == 0:
                files.flush()
                if progress is not None and done < customers:
                    progress(done, customers)
        files.close()
        counts = files.counts()
        manifest_path = out_dir / MANIFEST
        if manifest_path.exists():
            manifest_path.unlink()  # from here on the directory is not "complete"
        sizes = files.finish()
    except BaseException as exc:
        files.discard()
        _cleanup_dirs(out_dir, created)
        if isinstance(exc, OSError):
            raise DemoError(f"cannot write demo data to {out_dir}: {exc.strerror or exc}") from exc
        raise

    manifest = {
        "generator": GENERATOR,
        "version": VERSION,
        "seed": seed,
        "customers": customers,
        "as_of": as_of.isoformat(),
        "now": clock.iso_utc(clock.now),
        "files": {rel: {"records": counts[rel], "bytes": sizes[rel]} for rel in sorted(counts)},
        "formats": {
            "erp": {
                "encoding": "cp1252",
                "delimiter": ";",
                "newline": "CRLF",
                "date": "dd.mm.yyyy",
                "decimal": ",",
                "thousands": ".",
                "negative": "trailing minus",
            },
            "shop": {"encoding": "utf-8", "format": "jsonl", "object": "Shopify REST Order"},
            "tickets": {
                "encoding": "utf-8",
                "format": "jsonl",
                "objects": "Zendesk users, tickets, ticket comments",
            },
            "truth": {
                "encoding": "utf-8",
                "columns": ["source", "entity", "external_id", "person_id"],
            },
        },
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    part = out_dir / (MANIFEST + PART)
    try:
        part.write_text(text, encoding="utf-8")
        os.replace(part, out_dir / MANIFEST)
    except OSError as exc:
        raise DemoError(f"cannot write {out_dir / MANIFEST}: {exc.strerror or exc}") from exc
    if progress is not None:
        progress(customers, customers)
    total_bytes = sum(sizes.values()) + len(text.encode("utf-8"))
    return DemoSummary(
        out_dir=out_dir,
        customers=customers,
        files=counts,
        bytes_written=total_bytes,
        seconds=time.perf_counter() - started,
    )
