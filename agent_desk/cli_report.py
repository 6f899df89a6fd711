"""``agent-desk report case`` and ``agent-desk report overdue``: the printed reports as PDF files,
for a case handed on and for the team lead's daily scheduled run."""

from __future__ import annotations

import argparse
import getpass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from agent_desk.errors import AgentDeskError
from agent_desk.paths import AppPaths

EXIT_OK = 0


def _day(text: str | None, zone: tzinfo, what: str) -> datetime | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise AgentDeskError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None
    return datetime.combine(day, time(0), zone)


def _output(path: str) -> Path:
    out = Path(path).expanduser()
    if out.is_dir():
        raise AgentDeskError(f"{out} is a folder: give the PDF file to write (-o case.pdf)")
    if not out.parent.exists():
        raise AgentDeskError(f"the folder {out.parent} does not exist")
    return out


def _printer(context: Any) -> str:
    return str(context.settings.agent_name or getpass.getuser() or "agent")


def _cmd_case(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.reports.case import SECTIONS, CaseOptions, case_report

    out = _output(args.output)
    context = open_context(paths, db_url=args.db_url)
    try:
        zone = context.settings.zone()
        since = _day(args.since, zone, "--from")
        until = _day(args.until, zone, "--to")
        if until is not None:
            until += timedelta(days=1)  # --to names the last day printed
        if since and until and since >= until:
            raise AgentDeskError("--from must come before --to")
        sections = (
            frozenset(s.strip() for s in args.sections.split(",") if s.strip())
            if args.sections
            else frozenset(SECTIONS)
        )
        sources = (
            frozenset(s.strip() for s in args.sources.split(",") if s.strip())
            if args.sources
            else None
        )
        options = CaseOptions(
            sections=sections,
            since=since,
            until=until,
            sources=sources,
            internal_notes=not args.no_internal,
            redact=args.redact,
        )
        result = case_report(
            context.database, args.customer, out, options=options,
            company=context.settings.company_name, printed_by=_printer(context), tz=zone,
            region=context.settings.default_region, logo=context.settings.logo or None,
        )  # fmt: skip
    finally:
        context.close()
    print(f"{out}: {result.pages} pages, {result.events:,} timeline events")
    return EXIT_OK


def _cmd_overdue(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.reports.overdue import overdue_report
    from agent_desk.services import commitments
    from agent_desk.services.team import LeadFilter

    out = _output(args.output)
    context = open_context(paths, db_url=args.db_url)
    try:
        if not args.no_review:  # what the clock and the last syncs decided, first
            commitments.review(
                context.database, grace=timedelta(hours=context.settings.grace_hours)
            )
        result = overdue_report(
            context.database, out, flt=LeadFilter(args.team, args.kind, args.tier),
            company=context.settings.company_name, printed_by=_printer(context),
            tz=context.settings.zone(), logo=context.settings.logo or None,
        )  # fmt: skip
    finally:
        context.close()
    print(f"{out}: {result.pages} pages, {result.late:,} late promises of {result.agents} agents")
    return EXIT_OK


def register(commands: Any) -> None:
    """Add ``report`` to the ``agent-desk`` parser's sub-commands."""
    report = commands.add_parser(
        "report",
        help="printed reports as PDF",
        description="The case report of a customer, and the team's overdue-commitments report.",
    )
    sub = report.add_subparsers(title="commands", metavar="COMMAND", required=True)
    case = sub.add_parser(
        "case",
        help="one customer's case report",
        description="Header, summary, open promises and tasks, the timeline of a period, notes "
        "and call logs, offers, the merge journal. --redact masks e-mail, phone and address "
        "for sharing outside; --no-internal leaves the internal notes out.",
    )
    case.add_argument("customer", type=int, metavar="CUSTOMER", help="customer id")
    case.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF to write")
    case.add_argument("--from", dest="since", metavar="DATE", help="timeline from this day")
    case.add_argument("--to", dest="until", metavar="DATE", help="timeline up to this day")
    case.add_argument("--redact", action="store_true", help="mask e-mail, phone and address")
    case.add_argument("--no-internal", action="store_true", help="leave internal notes out")
    case.add_argument("--sources", metavar="A,B", help="timeline events only from these sources")
    case.add_argument(
        "--sections",
        metavar="S,…",
        help="only these: summary, commitments, tasks, timeline, notes, offers, journal",
    )
    case.set_defaults(handler=_cmd_case)
    overdue = sub.add_parser(
        "overdue",
        help="overdue and broken promises by agent and age",
        description="Every agent's late promises by age with totals and the 30-day kept-on-time "
        "rate, A4 landscape, after a review (for a daily scheduled run).",
    )
    overdue.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF to write")
    overdue.add_argument("--team")
    overdue.add_argument("--kind")
    overdue.add_argument("--tier")
    overdue.add_argument("--no-review", action="store_true", help="as stored, no review first")
    overdue.set_defaults(handler=_cmd_overdue)
