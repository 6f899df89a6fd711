"""``agent-desk doctor``: what this installation uses and whether each part works."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent_desk import __version__
from agent_desk.credentials import keyring_status
from agent_desk.errors import AgentDeskError
from agent_desk.i18n import translate
from agent_desk.paths import AppPaths, site_settings_file
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
        self.lines.append(
            (label, translate("DoctorReport", "warning: {value}").format(value=value))
        )

    def render(self) -> str:
        width = max(len(label) for label, _ in self.lines)
        out = [f"{label.ljust(width)}  {value}" for label, value in self.lines]
        out.append("")
        if self.problems:
            out.append(
                translate("DoctorReport", "{count} problem(s) found").format(
                    count=len(self.problems)
                )
            )
        else:
            out.append(translate("DoctorReport", "OK"))
        return "\n".join(out)


def run_doctor(paths: AppPaths, settings: Settings, database: Database) -> DoctorReport:
    """Inspect without changing anything (no file is created, no schema upgraded)."""
    report = DoctorReport()
    report.add("Agent Desk", __version__)
    settings_file = str(paths.settings_file)
    if not paths.settings_file.exists():
        settings_file = translate("doctor", "{path} (not created yet: defaults)").format(
            path=settings_file
        )
    report.add(translate("doctor", "settings file"), settings_file)
    site = site_settings_file()
    if site is None:
        site_text = translate("doctor", "none (a folder of its own: AGENT_DESK_HOME)")
    elif site.exists():
        site_text = str(site)
    else:
        site_text = translate("doctor", "{path} (none: nothing pre-seeded)").format(path=site)
    report.add(translate("doctor", "site settings"), site_text)
    report.add(translate("doctor", "log file"), str(paths.log_file))
    report.add(translate("doctor", "database"), database.display_url)
    db_file = database.sqlite_file
    reachable = True
    if db_file is not None and not db_file.exists():
        report.add(
            translate("doctor", "database file"),
            translate(
                "doctor",
                "{path} does not exist yet (created at first start or by `agent-desk db upgrade`)",
            ).format(path=db_file),
        )
        reachable = False
    else:
        try:
            database.ping()
        except AgentDeskError as exc:
            report.problem(translate("doctor", "connection"), str(exc))
            reachable = False
    schema = translate("doctor", "schema")
    if reachable:
        status = database.schema_status()
        if status.up_to_date:
            report.add(
                schema,
                translate("doctor", "{current} (up to date)").format(current=status.current),
            )
        elif status.current is None:
            report.problem(
                schema,
                translate("doctor", "none; run `agent-desk db upgrade` (newest is {head})").format(
                    head=status.head
                ),
            )
        else:
            report.problem(
                schema,
                translate(
                    "doctor", "{current}, newest is {head}; run `agent-desk db upgrade`"
                ).format(current=status.current, head=status.head),
            )
    keyring = keyring_status()
    keyring_label = translate("doctor", "keyring")
    if keyring.usable:
        report.add(keyring_label, keyring.backend)
    elif settings.sources:  # sources need credentials, and there is nowhere safe to keep them
        report.problem(keyring_label, f"{keyring.backend}: {keyring.advice}")
    else:
        report.warn(keyring_label, f"{keyring.backend}: {keyring.advice}")
    sources = translate("doctor", "sources")
    if not settings.sources and not reachable:
        report.add(sources, translate("doctor", "none configured"))
        return report
    freshness = []
    if reachable and database.schema_status().current is not None:
        with database.read_session() as session:
            freshness = source_freshness(session, settings.sources)
    elif settings.sources:
        report.add(
            sources,
            translate("doctor", "{sources} (last sync unknown: no schema)").format(
                sources=", ".join(sorted(settings.sources))
            ),
        )
        return report
    if not freshness:
        report.add(sources, translate("doctor", "none configured"))
    for src in freshness:
        label = translate("doctor", "source {name}").format(name=src.name)
        text = f"{src.source_type}; {describe_source(src)}"
        if src.state == "failed":
            report.problem(label, f"{text}: {src.last_error}")
        else:
            report.add(label, text)
    return report
