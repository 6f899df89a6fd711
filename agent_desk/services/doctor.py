"""``agent-desk doctor``: what this installation uses and whether each part works."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent_desk import __version__
from agent_desk.credentials import keyring_status
from agent_desk.errors import AgentDeskError
from agent_desk.paths import AppPaths
from agent_desk.services.overview import describe_source, source_freshness
from agent_desk.settings import Settings
from agent_desk.store.database import Database


@dataclass
class DoctorReport:
    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        self.lines.append((label, value))

    def problem(self, label: str, value: str) -> None:
        self.lines.append((label, value))
        self.problems.append(f"{label}: {value}")

    def warn(self, label: str, value: str) -> None:
        self.lines.append((label, f"warning: {value}"))

    def render(self) -> str:
        width = max(len(label) for label, _ in self.lines)
        out = [f"{label.ljust(width)}  {value}" for label, value in self.lines]
        out.append("")
        out.append("OK" if not self.problems else f"{len(self.problems)} problem(s) found")
        return "\n".join(out)


def run_doctor(paths: AppPaths, settings: Settings, database: Database) -> DoctorReport:
    """Inspect without changing anything (no file is created, no schema upgraded)."""
    report = DoctorReport()
    report.add("Agent Desk", __version__)
    report.add(
        "settings file",
        f"{paths.settings_file}"
        + ("" if paths.settings_file.exists() else " (not created yet: defaults)"),
    )
    report.add("log file", str(paths.log_file))
    report.add("database", database.display_url)
    db_file = database.sqlite_file
    reachable = True
    if db_file is not None and not db_file.exists():
        report.add(
            "database file",
            f"{db_file} does not exist yet (created at first start or by `agent-desk db upgrade`)",
        )
        reachable = False
    else:
        try:
            database.ping()
        except AgentDeskError as exc:
            report.problem("connection", str(exc))
            reachable = False
    if reachable:
        status = database.schema_status()
        if status.up_to_date:
            report.add("schema", f"{status.current} (up to date)")
        elif status.current is None:
            report.problem("schema", f"none; run `agent-desk db upgrade` (newest is {status.head})")
        else:
            report.problem(
                "schema", f"{status.current}, newest is {status.head}; run `agent-desk db upgrade`"
            )
    keyring = keyring_status()
    if keyring.usable:
        report.add("keyring", keyring.backend)
    elif settings.sources:  # sources need credentials, and there is nowhere safe to keep them
        report.problem("keyring", f"{keyring.backend}: {keyring.advice}")
    else:
        report.warn("keyring", f"{keyring.backend}: {keyring.advice}")
    if not settings.sources and not reachable:
        report.add("sources", "none configured")
        return report
    freshness = []
    if reachable and database.schema_status().current is not None:
        with database.read_session() as session:
            freshness = source_freshness(session, settings.sources)
    elif settings.sources:
        report.add(
            "sources", ", ".join(sorted(settings.sources)) + " (last sync unknown: no schema)"
        )
        return report
    if not freshness:
        report.add("sources", "none configured")
    for src in freshness:
        text = f"{src.source_type}; {describe_source(src)}"
        if src.state == "failed":
            report.problem(f"source {src.name}", f"{text}: {src.last_error}")
        else:
            report.add(f"source {src.name}", text)
    return report
