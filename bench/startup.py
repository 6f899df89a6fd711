"""Start-up figures of a source checkout or a built bundle: `--version`, the whole self-test
(demo data synced, the main window shown) in English and in German, and the German
translation's compile on first use (source checkouts only; bundles carry it compiled).

    .venv/bin/python bench/startup.py                        # the source checkout
    .venv/bin/python bench/startup.py dist/agent-desk/agent-desk --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        out.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return out


def line(label: str, seconds: list[float]) -> None:
    print(f"{label:<44} median {statistics.median(seconds):6.2f} s  (min {min(seconds):.2f}, "
          f"max {max(seconds):.2f}, {len(seconds)} runs)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", nargs="?", help="a bundled agent-desk (default: this checkout)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    program = [args.program] if args.program else [sys.executable, "-m", "agent_desk"]
    home = Path(tempfile.mkdtemp(prefix="agent-desk-bench-"))
    env = {**os.environ, "AGENT_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    print(f"program: {' '.join(program)}")
    if args.program:
        bundle = Path(args.program).resolve().parent
        size = sum(
            p.lstat().st_size for p in bundle.rglob("*") if not p.is_symlink() and p.is_file()
        )
        print(f"bundle folder: {size / 1e6:.0f} MB")
    line("--version", timed([*program, "--version"], env, args.runs))
    test = [*program, "self-test", "--customers", "120"]
    line("self-test, 120 customers, English", timed(test, env, args.runs))
    line("self-test, 120 customers, German", timed([*test, "--language", "de"], env, args.runs))
    if not args.program:
        code = (
            "import sys, time; from pathlib import Path\n"
            "from PySide6.QtCore import QCoreApplication; app = QCoreApplication([])\n"
            "from agent_desk.ui.language import compiled_translation\n"
            "t = time.perf_counter(); compiled_translation('de', Path(sys.argv[1]))\n"
            "print(time.perf_counter() - t)"
        )
        cache = home / "compile-cache"
        first = subprocess.run([sys.executable, "-c", code, str(cache)], env=env,
                               capture_output=True, text=True, check=True)  # fmt: skip
        again = subprocess.run([sys.executable, "-c", code, str(cache)], env=env,
                               capture_output=True, text=True, check=True)  # fmt: skip
        print(f"{'German .ts compiled on first use':<44} {float(first.stdout):6.2f} s; "
              f"cached: {float(again.stdout) * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
