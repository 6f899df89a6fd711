"""``agent-desk commitments`` and ``agent-desk tasks``: follow-up work from the command line,
for scripts and daily mails (the CLI's other commands are in :mod:`agent_desk.cli`)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import timedelta
from typing import Any

from agent_desk.paths import AppPaths

EXIT_OK = 0


def _context(args: argparse.Namespace, paths: AppPaths) -> Any:
    from agent_desk.app import open_context

    return open_context(paths, db_url=args.db_url)


def _agent(context: Any) -> str:
    import getpass

    return str(context.settings.agent_name or getpass.getuser() or "agent")


def _cmd_commitments_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import commitments, csvcells

    context = _context(args, paths)
    try:
        grace = timedelta(hours=context.settings.grace_hours)
        if not args.no_review:  # what the clock and the last syncs decided, first
            commitments.review(context.database, grace=grace)
        states = ("open", "kept", "broken", "cancelled") if args.all else ("open",)
        found = commitments.listing(
            context.database, overdue=args.overdue, agent=args.agent, states=states
        )
        zone = context.settings.zone()
    finally:
        context.close()
    if args.json:
        print(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=1))
        return EXIT_OK
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["id", "customer", "kind", "description", "due", "owner", "status"])
        for c in found:
            writer.writerow(
                csvcells.row([c.id, c.customer_name, c.kind, c.description,
                              c.due_at.isoformat(), c.owner_username or "", c.status])
            )  # fmt: skip
        return EXIT_OK
    if not found:
        what = "overdue or broken" if args.overdue else "open"
        who = f" of {args.agent}" if args.agent else ""
        print(f"no {what} commitments{who}", file=sys.stderr)
        return EXIT_OK
    for c in found:
        due = c.due_at.astimezone(zone).strftime("%a %d %b %H:%M")
        print(
            f"{c.id:>7}  {c.status:9}  due {due}  {(c.owner or '-')[:16]:16}  "
            f"{c.customer_name[:28]:28}  {c.label}: {c.description[:60]}"
        )
    return EXIT_OK


def _cmd_commitments_review(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import commitments

    context = _context(args, paths)
    try:
        grace = timedelta(hours=context.settings.grace_hours)
        report = commitments.review(context.database, grace=grace)
    finally:
        context.close()
    print(f"commitments reviewed: {report}")
    return EXIT_OK


def _cmd_tasks_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import tasks

    context = _context(args, paths)
    try:
        agent = args.agent or _agent(context)
        zone = context.settings.zone()
        queue = tasks.my_day(context.database, agent, tz=zone)
    finally:
        context.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": t.id,
                        "bucket": t.bucket,
                        "title": t.title,
                        "due_at": t.due_at.isoformat() if t.due_at else None,
                        "priority": t.priority,
                        "customer_id": t.customer_id,
                        "customer": t.customer_name,
                        "context": t.context or None,
                    }
                    for t in queue
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return EXIT_OK
    if not queue:
        print(f"{agent} has no tasks", file=sys.stderr)
    for t in queue:
        due = t.due_at.astimezone(zone).strftime("%a %d %b %H:%M") if t.due_at else "-"
        print(
            f"{t.id:>7}  {t.bucket:8}  {due:16}  {t.priority:6}  "
            f"{(t.customer_name or '-')[:24]:24}  {t.title[:60]}"
        )
    return EXIT_OK


def _cmd_agents_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import team

    context = _context(args, paths)
    try:
        found = team.agents(context.database)
    finally:
        context.close()
    if args.json:
        print(json.dumps([a.__dict__ for a in found], ensure_ascii=False, indent=1))
        return EXIT_OK
    for a in found:
        state = "" if a.active else "  (inactive)"
        print(f"{a.username:24} {a.role:6} {(a.team or '-'):20} {a.display_name}{state}")
    return EXIT_OK


def _cmd_agents_set(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import team

    context = _context(args, paths)
    try:
        before, after = team.set_agent(
            context.database,
            args.username,
            _agent(context),
            role=args.role,
            team=args.team,
            display_name=args.name,
            active=None if args.active is None else args.active == "yes",
        )
    finally:
        context.close()
    print(
        f"{args.username}: {before} -> {after}"
        if before != after
        else f"{args.username}: unchanged"
    )
    return EXIT_OK


def register(commands: Any) -> None:
    """Add the commands to the ``agent-desk`` parser's sub-commands."""
    parser = commands.add_parser(
        "commitments",
        help="promises made to customers",
        description="Promises made to customers: list them (for scripts and daily mails), "
        "or run the review that keeps, breaks and asks for updates.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    listing = sub.add_parser(
        "list",
        help="open commitments, or the overdue and broken ones",
        description="Open commitments by due time (after a review: evidence synced since, "
        "grace periods passed). --overdue: open and past due, and broken.",
    )
    listing.add_argument("--overdue", action="store_true", help="only overdue and broken ones")
    listing.add_argument("--all", action="store_true", help="kept and cancelled ones too")
    listing.add_argument("--agent", metavar="NAME", help="only this agent's (user or full name)")
    out = listing.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON list on standard output")
    out.add_argument("--csv", action="store_true", help="CSV on standard output")
    listing.add_argument(
        "--no-review", action="store_true", help="list as stored, without the review first"
    )
    listing.set_defaults(handler=_cmd_commitments_list)
    review = sub.add_parser(
        "review",
        help="keep, break and ask for updates now",
        description="Keep the commitments whose evidence was synced, break those past due by "
        "more than the grace period (settings: work.grace_hours), and create the status-"
        "update tasks that are due. The app does this every minute; this is for a server.",
    )
    review.set_defaults(handler=_cmd_commitments_review)

    tasks = commands.add_parser(
        "tasks",
        help="follow-up tasks",
        description="Follow-up tasks: an agent's day.",
    )
    tsub = tasks.add_subparsers(title="commands", metavar="COMMAND", required=True)
    tlist = tsub.add_parser(
        "list",
        help="an agent's queue: overdue, today, upcoming",
        description="The agent's queue as the app shows it: overdue, due today, upcoming, "
        "without a date, snoozed, and what was done lately.",
    )
    tlist.add_argument("--agent", metavar="USER", help="whose (default: you)")
    tlist.add_argument("--json", action="store_true", help="a JSON list on standard output")
    tlist.set_defaults(handler=_cmd_tasks_list)

    agents = commands.add_parser(
        "agents",
        help="the team: agents, leads, teams",
        description="The agents on this database. On a team database (PostgreSQL) the role "
        "here decides who is a lead; an agent appears on first use.",
    )
    asub = agents.add_subparsers(title="commands", metavar="COMMAND", required=True)
    alist = asub.add_parser(
        "list", help="every agent with role and team", description="Every agent."
    )
    alist.add_argument("--json", action="store_true", help="a JSON list on standard output")
    alist.set_defaults(handler=_cmd_agents_list)
    aset = asub.add_parser(
        "set",
        help="set an agent's role, team, name or whether they work here",
        description="Set an agent's role (agent or lead), team, full name, or active "
        "(an inactive agent is given no new work); created if new. Audited.",
    )
    aset.add_argument("username", metavar="USER")
    aset.add_argument("--role", choices=("agent", "lead"))
    aset.add_argument("--team", metavar="NAME")
    aset.add_argument("--name", metavar="FULL_NAME")
    aset.add_argument("--active", choices=("yes", "no"))
    aset.set_defaults(handler=_cmd_agents_set)
