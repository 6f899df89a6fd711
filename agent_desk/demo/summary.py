"""Public result and error types of the demo data generator."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent_desk.errors import AgentDeskError


class DemoError(AgentDeskError):
    """Demo data cannot be generated (bad input, unusable output directory)."""


class GenerationCancelled(DemoError):
    """The caller cancelled the generation; no complete-looking output was left behind."""


@dataclass(frozen=True)
class DemoSummary:
    out_dir: Path
    customers: int  # persons generated
    files: dict[str, int]  # relative path -> records written
    bytes_written: int
    seconds: float
