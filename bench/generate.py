"""Benchmark of the demo data generator: speed, output volume and peak memory.

    python bench/generate.py [--customers 100000] [--seed 1] [--as-of 2025-03-15] [--out DIR]

Generates into a temporary directory (deleted afterwards) unless ``--out`` is given, then prints
customers per second, records and bytes per file, and the peak resident set size of the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from agent_desk.demo import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 3, 15))
    parser.add_argument("--out", type=Path, help="keep the output here instead of a temp dir")
    args = parser.parse_args(argv)

    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10 or done == total:
            print(f"  {done:>9,} / {total:,}", file=sys.stderr, flush=True)
            last[0] = now

    with tempfile.TemporaryDirectory(prefix="agent-desk-bench-") as tmp:
        out = args.out or Path(tmp) / "demo"
        started = time.perf_counter()
        summary = generate(out, args.customers, args.seed, args.as_of, progress=progress)
        wall = time.perf_counter() - started
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        peak_mb = cpu.ru_maxrss / 1024  # kilobytes on Linux
        print(f"customers       {summary.customers:,}")
        print(f"wall time       {wall:,.1f} s  (cpu {cpu.ru_utime + cpu.ru_stime:,.1f} s)")
        print(f"customers/s     {summary.customers / wall:,.0f}")
        print(f"peak RSS        {peak_mb:,.0f} MB")
        mib = summary.bytes_written / 2**20
        print(f"bytes written   {summary.bytes_written:,} ({mib:,.0f} MiB)")
        for rel, count in summary.files.items():
            size = (out / rel).stat().st_size
            print(f"  {rel:<24} {count:>11,} records  {size / 2**20:>9,.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
