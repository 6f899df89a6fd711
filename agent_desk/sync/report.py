"""Sync reports as a person reads them: the CLI's lines, the status bar's freshness."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from agent_desk.sync.engine import BUSY, Progress, SourceReport


def render(report: SourceReport, *, rejections: int = 5) -> list[str]:
    """A report in a few lines: outcome and counts, the first rejections, the error."""
    c = report.counts
    if report.status == BUSY:
        return [f"{report.source}: skipped: {report.last_error}"]
    head = (
        f"{report.source}: {report.status} in {report.duration:.1f} s: fetched {c.fetched:,}, "
        f"inserted {c.inserted:,}, updated {c.updated:,}, unchanged {c.unchanged:,}, "
        f"deleted {c.deleted:,}, rejected {c.rejected:,}"
    )
    lines = [head]
    for item in report.rejections[:rejections]:
        lines.append(f"  rejected: {item['where']} ({item['stream']}): {item['reason']}")
    if c.rejected > rejections:
        lines.append(
            f"  … and {c.rejected - rejections:,} more rejected (all of them are in the log file)"
        )
    if report.resolved:
        lines.append(f"  identity resolution: {report.resolved}")
    if report.last_error:
        lines.append(f"  error: {report.last_error}")
    return lines


class TerminalSyncProgress:
    """One redrawn line per source on a terminal: records so far, rate, stream."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0
        self._start = time.monotonic()

    def __call__(self, event: Progress) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if event.done:
            self.stream.write("\r\033[K")
            self.stream.flush()
            return
        if event.stream is None:
            self._start = now
            return
        if now - self._last < 0.1:
            return
        self._last = now
        rate = event.counts.fetched / max(now - self._start, 1e-9)
        self.stream.write(
            f"\r\033[K{event.source} · {event.stream}: {event.counts.fetched:,} records, "
            f"page {event.pages:,} ({rate:,.0f}/s)"
        )
        self.stream.flush()
