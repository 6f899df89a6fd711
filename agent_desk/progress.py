"""A terminal progress bar for headless work (demo generation, sync): stderr, TTY only."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class TerminalProgress:
    """``progress(done, total)`` callback that redraws at most ten times a second."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0
        self._start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        frac = done / total if total else 0.0
        bar = "#" * int(frac * 30)
        rate = done / max(now - self._start, 1e-9)
        self.stream.write(f"\r{self.label} [{bar:<30}] {done:,}/{total:,} ({rate:,.0f}/s)")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
