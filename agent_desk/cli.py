"""``agent-desk``: with no command it starts the GUI; sub-commands do the headless work.

Every error a person can cause or fix is one line on stderr and a non-zero exit; a bug is one
line that points at the log file, where the traceback is.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from agent_desk import __version__
from agent_desk.errors import AgentDeskError
from agent_desk.logging_setup import redact, setup_logging
from agent_desk.paths import AppPaths

log = logging.getLogger("agent_desk.cli")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _cmd_db_upgrade(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import resolve_database_url
    from agent_desk.settings import load_settings
    from agent_desk.store.database import Database

    settings = load_settings(paths.settings_file)
    database = Database(
        resolve_database_url(paths, settings, args.db_url), backup_dir=paths.backup_dir
    )
    try:
        database.ping()
        result = database.upgrade()
    finally:
        database.dispose()
    if result.changed:
        before = result.before or "empty"
        print(f"{database.display_url}: schema upgraded from {before} to {result.after}")
        if result.backup:
            print(f"backup of the previous database: {result.backup}")
    else:
        print(f"{database.display_url}: schema already up to date ({result.after})")
    return EXIT_OK


def _cmd_doctor(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import resolve_database_url
    from agent_desk.services.doctor import run_doctor
    from agent_desk.settings import load_settings
    from agent_desk.store.database import Database

    settings = load_settings(paths.settings_file)
    url = resolve_database_url(paths, settings, args.db_url)
    database = Database(url, inspect_only=True)  # doctor looks, it never changes anything
    try:
        report = run_doctor(paths, settings, database)
    finally:
        database.dispose()
    print(report.render())
    return EXIT_OK if not report.problems else EXIT_ERROR


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _cmd_demo_generate(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.demo import generate
    from agent_desk.progress import TerminalProgress

    progress = TerminalProgress("generating")
    try:
        summary = generate(args.out, args.customers, args.seed, as_of=args.as_of, progress=progress)
    finally:
        progress.close()
    print(
        f"{summary.customers:,} customers written to {summary.out_dir} in {summary.seconds:.1f} s "
        f"({summary.bytes_written / 1e6:,.1f} MB)"
    )
    for name, count in sorted(summary.files.items()):
        print(f"  {name}: {count:,} records")
    return EXIT_OK


def _cmd_demo_load(args: argparse.Namespace, paths: AppPaths) -> int:
    out: Path = args.out or paths.data_dir / "demo"
    return _load_demo(paths, out, args.customers, args.seed, args.as_of, args.db_url)


def _load_demo(
    paths: AppPaths,
    out: Path,
    customers: int,
    seed: int,
    as_of: date | None,
    db_url: str | None,
    *,
    lead: bool = False,
) -> int:
    """Generate the demo sources into ``out``, configure them and sync them (real connectors,
    loopback servers) with identity resolution, then add the demo team and its follow-up
    work; prints the reports. ``lead``: the person running it is a team lead (demo start)."""
    import threading

    from agent_desk.app import open_context
    from agent_desk.demo import generate
    from agent_desk.demo.load import DEMO_NAMES, with_demo_sources
    from agent_desk.demo.team import seed_team
    from agent_desk.progress import TerminalProgress
    from agent_desk.services.sync import after_sync, mine_after_sync
    from agent_desk.settings import load_settings, save_settings
    from agent_desk.store.types import utcnow
    from agent_desk.sync.engine import FAILED, SyncEngine
    from agent_desk.sync.report import TerminalSyncProgress, render

    settings = with_demo_sources(load_settings(paths.settings_file), out)  # refuse before work
    if lead:
        settings = settings.with_changes(role="lead")  # the demo shows the team view too
    progress = TerminalProgress("generating")
    try:
        summary = generate(out, customers, seed, as_of=as_of, progress=progress)
    finally:
        progress.close()
    print(f"{summary.customers:,} demo customers written to {summary.out_dir}")
    save_settings(paths.settings_file, settings)
    print(f"sources {', '.join(DEMO_NAMES)} configured in {paths.settings_file}")
    context = open_context(paths, db_url=db_url)
    try:
        engine = SyncEngine(
            context.database,
            context.settings,
            resolve=after_sync(context.settings),
            cancel=threading.Event(),
            progress=TerminalSyncProgress(),
        )
        reports = engine.run(list(DEMO_NAMES), full=True)
        for report in reports:
            print("\n".join(render(report)))
        if any(r.status == FAILED for r in reports):
            return EXIT_ERROR
        print(mine_after_sync(context.database, context.settings))
        team = seed_team(context.database, context.agent_username, utcnow(), seed)
        print(f"follow-up work: {team}")
        print(f"store: {context.database.display_url}")
        return EXIT_OK
    finally:
        context.close()


def demo_home(paths: AppPaths) -> AppPaths:
    """Where ``demo start`` keeps its store, settings and logs: beside, never in, the agent's
    own (``<data dir>/demo-home``)."""
    root = paths.data_dir / "demo-home"
    return AppPaths(root / "data", root / "config", root / "logs")


def _cmd_demo_start(args: argparse.Namespace, paths: AppPaths) -> int:
    import shutil

    from agent_desk.app import open_context

    gui = _gui()  # no display: say so before minutes of work
    home = demo_home(paths)
    # always the demo's own SQLite file: never a team database named by AGENT_DESK_DB_URL
    url = f"sqlite:///{home.default_database}"
    if args.fresh and home.data_dir.parent.exists():
        shutil.rmtree(home.data_dir.parent)
    loaded = False
    if home.default_database.exists():
        context = open_context(home, db_url=url)
        try:
            loaded = not store_is_empty(context.database)
        finally:
            context.close()
    if not loaded:
        print(
            f"preparing the demo: {args.customers:,} customers through the real connectors "
            f"into {home.default_database}"
        )
        status = _load_demo(
            home, home.data_dir / "demo", args.customers, args.seed, None, url, lead=True
        )
        if status != EXIT_OK:
            return status
    else:
        print(f"opening the demo store {home.default_database} (--fresh makes a new one)")
    os.environ["AGENT_DESK_HOME"] = str(home.data_dir.parent)  # the window's own paths too
    return int(gui.run_gui(home, db_url=url))


def _cmd_self_test(args: argparse.Namespace, paths: AppPaths) -> int:
    """Demo data through the real connectors into a store of its own, then the real window
    on it (offscreen when there is no display); the temporary home is removed afterwards."""
    import shutil
    import tempfile

    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    gui = _gui()
    root = Path(tempfile.mkdtemp(prefix="agent-desk-self-test-"))
    try:
        home = AppPaths(root / "data", root / "config", root / "logs")
        url = f"sqlite:///{home.default_database}"
        status = _load_demo(home, root / "demo", args.customers, 1, None, url)
        if status != EXIT_OK:
            return status
        return int(gui.self_test(home, url, language=args.language))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def store_is_empty(database: Any) -> bool:
    import sqlalchemy as sa

    with database.engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM customers")).scalar_one() == 0


def _confirm(lines: list[str], yes: bool) -> bool:
    """Show what will happen; ask unless --yes (a script without a terminal must say --yes)."""
    print("\n".join(lines))
    if yes:
        return True
    if not sys.stdin.isatty():
        raise AgentDeskError("nothing changed: add --yes to confirm without a prompt")
    answer = input("Proceed? [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        print("nothing changed")
        return False
    return True


def _cmd_resolve(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.identity.resolver import Resolver
    from agent_desk.progress import TerminalProgress

    context = open_context(paths, db_url=args.db_url)
    progress = TerminalProgress("resolving")
    try:
        resolver = Resolver(context.database)
        report = (
            resolver.rebuild(progress=progress)
            if args.rebuild
            else resolver.resolve_pending(progress=progress)
        )
    finally:
        progress.close()
        context.close()
    print(f"identity resolution: {report}")
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.identity.explain import explain

    context = open_context(paths, db_url=args.db_url)
    try:
        print("\n".join(explain(context.database, args.customer).lines()))
    finally:
        context.close()
    return EXIT_OK


def _cmd_search(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.services.search import search_customers

    context = open_context(paths, db_url=args.db_url)
    try:
        with context.database.engine.connect() as conn:
            hits = search_customers(
                conn, args.query, limit=args.limit, region=context.settings.default_region
            )
    finally:
        context.close()
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not hits:
        print(f"no customer matches {args.query!r}", file=sys.stderr)
        return EXIT_OK
    for h in hits:
        last = h.last_contact_at.astimezone().strftime("%Y-%m-%d") if h.last_contact_at else "-"
        print(
            f"{h.id:>8}  {h.display_name[:32]:32}  {(h.city or '-')[:18]:18}  "
            f"{(h.customer_number or '-')[:12]:12}  last contact {last:10}  "
            f"{(h.value_tier or '-'):8}  {h.matched}"
        )
    return EXIT_OK


def _cmd_links(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.identity.explain import write_links_csv

    if not args.csv:
        raise AgentDeskError("say --csv (the only format so far)")
    context = open_context(paths, db_url=args.db_url)
    try:
        write_links_csv(context.database, sys.stdout)
    finally:
        context.close()
    return EXIT_OK


def _decisions(context: Any) -> Any:
    from agent_desk.identity.decide import Decisions
    from agent_desk.identity.resolver import Resolver

    return Decisions(Resolver(context.database), context.settings.agent_name or None)


def _cmd_merge(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context

    context = open_context(paths, db_url=args.db_url)
    try:
        decisions = _decisions(context)
        preview = decisions.preview_merge(args.customer, args.other)
        if not _confirm(preview.lines(), args.yes):
            return EXIT_OK
        report = decisions.merge(args.customer, args.other)
        _print_done(report)
    finally:
        context.close()
    return EXIT_OK


def _print_done(report: Any) -> None:
    if report.journal:
        entry = report.journal[0]
        print(f"done: journal entry #{entry} (undo with `agent-desk undo {entry}`)")
    else:
        print("done")


def _cmd_split(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.identity.decide import find_record

    context = open_context(paths, db_url=args.db_url)
    try:
        decisions = _decisions(context)
        with context.database.engine.connect() as conn:
            record = find_record(conn, args.record)
        preview = decisions.preview_split(record)
        if not _confirm(preview.lines(), args.yes):
            return EXIT_OK
        report = decisions.split(record)
        _print_done(report)
    finally:
        context.close()
    return EXIT_OK


def _cmd_undo(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context

    context = open_context(paths, db_url=args.db_url)
    try:
        decisions = _decisions(context)
        preview = decisions.preview_undo(args.entry)
        if not _confirm(preview.lines(), args.yes):
            return EXIT_OK
        print(f"done: journal entry #{decisions.undo(args.entry)} undoes #{args.entry}")
    finally:
        context.close()
    return EXIT_OK


def _cmd_journal(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.identity.explain import journal_lines

    context = open_context(paths, db_url=args.db_url)
    try:
        with context.database.engine.connect() as conn:
            lines = journal_lines(conn, customer=args.customer, limit=args.limit)
    finally:
        context.close()
    if not lines:
        print("the merge journal is empty")
    for line in lines:
        print(line.line())
    return EXIT_OK


def _cmd_possible(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.app import open_context
    from agent_desk.identity.explain import open_possible

    context = open_context(paths, db_url=args.db_url)
    try:
        if args.action == "list":
            found = open_possible(context.database, args.limit)
            if not found:
                print("no possible same persons to review")
            for pair, customer, name in found:
                print(
                    f"link {pair.link_id}: customer {customer} ({name or 'no name'}) and customer "
                    f"{pair.other_customer_id} ({pair.other_name or 'no name'}): {pair.reason} "
                    f"(score {pair.score:.1f})"
                )
            return EXIT_OK
        if args.link is None:
            raise AgentDeskError(f"possible {args.action} needs the link id (see `possible list`)")
        decisions = _decisions(context)
        if args.action == "confirm":
            report = decisions.confirm(args.link)
            entry = f" (journal entry #{report.journal[0]})" if report.journal else ""
            print(f"link {args.link}: confirmed as the same person{entry}")
        else:
            decisions.reject(args.link)
            print(f"link {args.link}: not the same person; it will not be proposed again")
    finally:
        context.close()
    return EXIT_OK


def _cmd_sources_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services.sources import list_sources
    from agent_desk.settings import load_settings

    sources = list_sources(load_settings(paths.settings_file))
    if not sources:
        print(f"no sources configured (add [sources.NAME] sections to {paths.settings_file})")
        return EXIT_OK
    for src in sources:
        note = "" if src.installed else "  (connector type not installed)"
        if not src.enabled:
            note += "  (switched off: enabled = false)"
        print(f"{src.name}\t{src.type}{note}")
    return EXIT_OK


def _cmd_sources_test(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services.sources import test_source
    from agent_desk.settings import load_settings

    result = test_source(load_settings(paths.settings_file), args.name)
    print(f"{args.name}: {'OK' if result.ok else 'FAILED'}: {result.message}")
    for stream, count in result.counts.items():
        print(f"  {stream}: {count:,} records on the first page")
    return EXIT_OK if result.ok else EXIT_ERROR


def _cmd_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    import signal
    import threading

    from agent_desk.app import open_context
    from agent_desk.services.sync import after_sync, mine_after_sync
    from agent_desk.sync.engine import FAILED, SyncEngine
    from agent_desk.sync.report import TerminalSyncProgress, render

    context = open_context(paths, db_url=args.db_url)
    try:
        if not context.settings.sources:
            raise AgentDeskError(
                f"no sources configured (add [sources.NAME] sections to "
                f"{paths.settings_file}, or run `agent-desk demo load`)"
            )
        cancel = threading.Event()
        engine = SyncEngine(
            context.database,
            context.settings,
            resolve=after_sync(context.settings),
            cancel=cancel,
            progress=TerminalSyncProgress(),
        )
        engine.sources(args.source)  # an unknown name is an error before anything runs
        if not args.watch:
            reports = engine.run(args.source, full=args.full)
            for report in reports:
                print("\n".join(render(report)))
            print(mine_after_sync(context.database, context.settings))
            return EXIT_ERROR if any(r.status == FAILED for r in reports) else EXIT_OK

        def stop(signum: int, _frame: object) -> None:
            print(
                f"agent-desk: stopping after the current page ({signal.Signals(signum).name})",
                file=sys.stderr,
            )
            cancel.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print(
            f"watching {len(engine.sources(args.source))} source(s) every {args.interval:g} s "
            f"into {context.database.display_url}; Ctrl+C or SIGTERM stops",
            flush=True,
        )
        full = args.full
        while not cancel.is_set():
            for report in engine.run(args.source, full=full):
                print("\n".join(render(report)), flush=True)
            print(mine_after_sync(context.database, context.settings), flush=True)
            full = False  # --full applies to the first round only
            cancel.wait(args.interval)
        return EXIT_OK
    finally:
        context.close()


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 1 <= value <= 86_400:
        raise argparse.ArgumentTypeError(f"must be from 1 to 86400 seconds: {text!r}")
    return value


def _read_secret(prompt: str) -> str:
    """Prompt without echo on a terminal; read one line from a pipe (for scripts)."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _cmd_credentials_set(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.credentials import keyring_status, set_secret

    status = keyring_status()
    if not status.usable:  # say so before asking for the secret
        raise AgentDeskError(f"cannot store credentials: {status.advice}")
    value = _read_secret(f"Secret for {args.name} (not shown): ")
    if not value:
        raise AgentDeskError("nothing stored: the secret is empty")
    set_secret(args.name, value)
    print(f"stored '{args.name}' in the keyring ({status.backend})")
    return EXIT_OK


def _cmd_credentials_delete(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.credentials import delete_secret

    delete_secret(args.name)
    print(f"'{args.name}' is no longer in the keyring")
    return EXIT_OK


def _gui() -> Any:
    """The GUI module, or a one-line error saying why there can be no window."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        raise AgentDeskError(
            "no display to open a window on: start Agent Desk from a desktop session "
            "(DISPLAY or WAYLAND_DISPLAY is not set); the sub-commands work without one "
            "(agent-desk --help)"
        )
    try:
        from agent_desk.ui import app
    except ImportError as exc:
        raise AgentDeskError(
            f"the desktop interface cannot start: {exc}. On Debian/Ubuntu install the Qt "
            "runtime libraries: apt-get install libegl1 libgl1 libxkbcommon0 libfontconfig1 "
            "libdbus-1-3 libxcb-cursor0 libxkbcommon-x11-0"
        ) from None
    return app


def _cmd_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    return int(_gui().run_gui(paths, db_url=args.db_url))


def _cmd_pop(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services.pop import KINDS, PopRequest, parse_url

    given = [(kind, getattr(args, kind)) for kind in KINDS if getattr(args, kind) is not None]
    if args.url is not None:
        given.append(("url", args.url))
    if len(given) != 1:
        raise AgentDeskError(
            "say who is calling with exactly one of --phone, --email, --customer, --order, "
            "--ticket or an agentdesk:pop?… URL"
        )
    kind, value = given[0]
    request = parse_url(value) if kind == "url" else PopRequest(kind, value)
    app = _gui()
    if app.hand_over(paths, request):
        print(f"handed to the running Agent Desk: {request.kind} {request.value}")
        return EXIT_OK
    return int(app.run_gui(paths, db_url=args.db_url, pop=request))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-desk",
        description="Agent Desk: the customer on the line, in one view. "
        "Without a command, the desktop application starts.",
    )
    parser.add_argument("--version", action="version", version=f"agent-desk {__version__}")
    parser.add_argument(
        "--db-url",
        metavar="URL",
        help="database to use instead of the configured one "
        "(sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB; also AGENT_DESK_DB_URL)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    parser.set_defaults(handler=_cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    db = commands.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_commands = db.add_subparsers(title="commands", metavar="COMMAND", required=True)
    upgrade = db_commands.add_parser(
        "upgrade",
        help="create or upgrade the database schema",
        description="Create the schema in an empty database or upgrade it to this version. "
        "A SQLite file is backed up first (backups/ next to it).",
    )
    upgrade.set_defaults(handler=_cmd_db_upgrade)

    doctor = commands.add_parser(
        "doctor",
        help="show what this installation uses and whether it works",
        description="Print the database (without password), its schema version, the keyring "
        "backend and each configured source with its last sync. Changes nothing. "
        "Exits 1 when a problem is found.",
    )
    doctor.set_defaults(handler=_cmd_doctor)

    sources = commands.add_parser(
        "sources",
        help="the configured source systems",
        description="The source systems configured in settings.toml.",
    )
    sources_commands = sources.add_subparsers(title="commands", metavar="COMMAND", required=True)
    sources_commands.add_parser(
        "list", help="list configured sources", description="List configured sources and types."
    ).set_defaults(handler=_cmd_sources_list)
    src_test = sources_commands.add_parser(
        "test",
        help="authenticate and read the first page of a source, writing nothing",
        description="Authenticate, read the first page of every stream, print the counts and a "
        "verdict. Nothing is written to the store.",
    )
    src_test.add_argument("name", metavar="NAME")
    src_test.set_defaults(handler=_cmd_sources_test)

    creds = commands.add_parser(
        "credentials",
        help="store API tokens and passwords in the system keyring",
        description="Secrets live only in the operating system's keyring, never in the "
        'settings file. A source refers to its secret by name (credential = "NAME").',
    )
    creds_commands = creds.add_subparsers(title="commands", metavar="COMMAND", required=True)
    cred_set = creds_commands.add_parser(
        "set",
        help="store a secret (prompted without echo; read from stdin when piped)",
        description="Store a secret under NAME. On a terminal it is prompted without echo; "
        "piped input is read as one line.",
    )
    cred_set.add_argument("name", metavar="NAME", help="the credential name a source refers to")
    cred_set.set_defaults(handler=_cmd_credentials_set)
    cred_del = creds_commands.add_parser(
        "delete", help="remove a stored secret", description="Remove the secret stored under NAME."
    )
    cred_del.add_argument("name", metavar="NAME")
    cred_del.set_defaults(handler=_cmd_credentials_delete)

    sync = commands.add_parser(
        "sync",
        help="read the configured sources into the store",
        description="Read the configured sources into the store, incrementally: each page is "
        "saved with its bookmark, so an interrupted sync resumes where it stopped. A failing "
        "source is reported and the others still run. Prints a report per source; exits 1 "
        "when a source failed.",
    )
    sync.add_argument(
        "--source",
        action="append",
        metavar="NAME",
        help="only this source (repeatable; default: all configured sources)",
    )
    sync.add_argument(
        "--full", action="store_true", help="read from the beginning instead of the bookmark"
    )
    sync.add_argument(
        "--watch",
        action="store_true",
        help="keep running: sync, wait --interval seconds, repeat (the team's sync service)",
    )
    sync.add_argument(
        "--interval",
        type=_interval,
        default=300.0,
        metavar="S",
        help="seconds between rounds with --watch (default 300)",
    )
    sync.set_defaults(handler=_cmd_sync)

    resolve = commands.add_parser(
        "resolve",
        help="identity resolution: records of one person become one customer",
        description="Resolve the records the last syncs touched (sync does this on its own), "
        "or with --rebuild redo all automatic links and clusters. Decisions a person pinned "
        "(merge, split, confirm, reject) are kept.",
    )
    resolve.add_argument("--rebuild", action="store_true", help="redo everything")
    resolve.set_defaults(handler=_cmd_resolve)

    explain_cmd = commands.add_parser(
        "explain",
        help="why each record belongs to a customer",
        description="Print the customer's records, the link that joined each one (rule, "
        "reason, score, automatic or pinned by whom), open 'possible same person' pairs and "
        "the journal entries. A merged customer's old id resolves to the survivor.",
    )
    explain_cmd.add_argument("customer", type=int, metavar="CUSTOMER", help="customer id")
    explain_cmd.set_defaults(handler=_cmd_explain)

    pop = commands.add_parser(
        "pop",
        help="screen pop: open the caller in the running Agent Desk (starting it if needed)",
        description="What a softphone runs when a call comes in: the running Agent Desk comes "
        "to the front and opens the caller. One match opens at once, several are a pick list, "
        "none is a new-caller card with the number filled in. Without a running Agent Desk "
        "this starts one. The URL form suits softphones and web pages: "
        "agentdesk:pop?phone=%%2B442079460018 (or email=, customer=, order=, ticket=).",
    )
    pop.add_argument("url", nargs="?", metavar="URL", help="an agentdesk:pop?… URL")
    pop.add_argument("--phone", help="the calling number, in any format")
    pop.add_argument("--email", help="the caller's e-mail address (chat, e-mail channel)")
    pop.add_argument("--customer", help="Agent Desk's customer id")
    pop.add_argument("--order", help="an order number the caller gave the IVR")
    pop.add_argument("--ticket", help="a ticket number the caller gave the IVR")
    pop.set_defaults(handler=_cmd_pop)

    search = commands.add_parser(
        "search",
        help="find customers as the search box does",
        description="Find customers by name (any part, accents and case ignored, typos "
        "tolerated), e-mail, phone in any format or its last digits, ERP customer number, "
        "order, ticket or invoice number, or customer id. Prints id, name, city, customer "
        "number, last contact, value tier and what matched.",
    )
    search.add_argument("query", metavar="QUERY", help="what the caller says")
    search.add_argument("--json", action="store_true", help="a JSON list on standard output")
    search.add_argument(
        "--limit", type=_positive_int, default=20, help="at most this many hits (default 20)"
    )
    search.set_defaults(handler=_cmd_search)

    from agent_desk import cli_work

    cli_work.register(commands)
    from agent_desk import cli_sell

    cli_sell.register(commands)
    from agent_desk import cli_report

    cli_report.register(commands)

    links = commands.add_parser(
        "links",
        help="export which customer every source record belongs to",
        description="Print source,external_id,customer_id (and entity) for every source "
        "record, so matching can be checked from outside.",
    )
    links.add_argument("--csv", action="store_true", help="CSV on standard output")
    links.set_defaults(handler=_cmd_links)

    merge = commands.add_parser(
        "merge",
        help="merge two customers (with a preview; undo from the journal)",
        description="Merge two customers into one: shows what moves and asks first. The "
        "decision is pinned (it survives every sync and rebuild) and journaled; the merged "
        "customer's id keeps resolving to the survivor. Undo with `agent-desk undo ENTRY`.",
    )
    merge.add_argument("customer", type=int, metavar="CUSTOMER")
    merge.add_argument("other", type=int, metavar="OTHER")
    merge.add_argument("--yes", action="store_true", help="do not ask")
    merge.set_defaults(handler=_cmd_merge)

    split = commands.add_parser(
        "split",
        help="split a source record out of its customer",
        description="Move one source record out of its customer into a new customer: shows "
        "what moves and asks first. Pinned and journaled; undo with `agent-desk undo ENTRY`.",
    )
    split.add_argument(
        "record", metavar="RECORD", help="record id, or SOURCE:EXTERNAL_ID (e.g. shop:6812001)"
    )
    split.add_argument("--yes", action="store_true", help="do not ask")
    split.set_defaults(handler=_cmd_split)

    undo = commands.add_parser(
        "undo",
        help="undo a merge or split from the journal",
        description="Undo a merge or split (automatic or manual): its records go back to "
        "where they were, and the undo is pinned so no later sync redoes it.",
    )
    undo.add_argument("entry", type=int, metavar="ENTRY", help="journal entry id")
    undo.add_argument("--yes", action="store_true", help="do not ask")
    undo.set_defaults(handler=_cmd_undo)

    journal = commands.add_parser(
        "journal", help="the merge journal", description="List merges, splits and undos."
    )
    journal.add_argument("--customer", type=int, default=None, help="only this customer's")
    journal.add_argument("--limit", type=_positive_int, default=50, help="entries (default 50)")
    journal.set_defaults(handler=_cmd_journal)

    possible = commands.add_parser(
        "possible",
        help="review 'possible same person' pairs",
        description="List the pairs scored below the automatic threshold but above the "
        "lower one, and confirm (merge) or reject (never proposed again) one.",
    )
    possible.add_argument("action", choices=("list", "confirm", "reject"))
    possible.add_argument("link", type=int, nargs="?", default=None, metavar="LINK")
    possible.add_argument("--limit", type=_positive_int, default=50, help="pairs (default 50)")
    possible.set_defaults(handler=_cmd_possible)

    demo = commands.add_parser("demo", help="demo data", description="Demo data.")
    demo_commands = demo.add_subparsers(title="commands", metavar="COMMAND", required=True)
    gen = demo_commands.add_parser(
        "generate",
        help="write realistic source data for the ERP, shop and ticket systems",
        description="Write deterministic demo exports: a legacy ERP flat-file export (cp1252), "
        "Shopify orders and Zendesk tickets (JSON lines), and truth.csv, which says which "
        "records are the same person. The same seed and --as-of give the same bytes.",
    )
    gen.add_argument("--customers", type=_positive_int, default=1000, help="persons (default 1000)")
    gen.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    gen.add_argument("--out", type=Path, required=True, help="output folder")
    gen.add_argument(
        "--as-of",
        type=_parse_date,
        default=None,
        help="the day the data ends (YYYY-MM-DD, default today, UTC)",
    )
    gen.set_defaults(handler=_cmd_demo_generate)
    start = demo_commands.add_parser(
        "start",
        help="open the app on demo data (generated and synced the first time)",
        description="Open Agent Desk on demo data in a home of its own (beside, never in, "
        "your own store): the first time it generates the demo sources, syncs them through "
        "the real connectors and their loopback servers, and resolves identities; later it "
        "opens the same demo store at once.",
    )
    start.add_argument("--customers", type=_positive_int, default=2000, help="default 2000")
    start.add_argument("--seed", type=int, default=1)
    start.add_argument("--fresh", action="store_true", help="throw the demo store away first")
    start.set_defaults(handler=_cmd_demo_start)
    selftest = commands.add_parser(
        "self-test",
        help="check that this installation works, end to end",
        description="Generate a small demo, sync it through the real connectors into a "
        "temporary store, open the main window on it (offscreen without a display) and show "
        "its busiest customer; exit 0 when the header and timeline appear. Nothing of yours "
        "is read or changed.",
    )
    selftest.add_argument("--customers", type=_positive_int, default=150, help="default 150")
    selftest.add_argument(
        "--language",
        metavar="CODE",
        default="en",
        help="the window's language (default en; e.g. de checks the German translation loads)",
    )
    selftest.set_defaults(handler=_cmd_self_test)
    load = demo_commands.add_parser(
        "load",
        help="generate demo sources, configure them and sync them into the store",
        description="Generate the demo sources (ERP flat-file export, Shopify orders, Zendesk "
        "tickets, truth.csv) into --out, configure them as the sources erp, shop and tickets, "
        "and sync them through the real connectors (the shop and the help desk through "
        "Agent Desk's loopback vendor servers), then resolve identities. Headless, with a "
        "progress bar. AGENT_DESK_HOME (or XDG_DATA_HOME/XDG_CONFIG_HOME) isolates a run.",
    )
    load.add_argument(
        "--customers", type=_positive_int, default=1000, help="persons (default 1000)"
    )
    load.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    load.add_argument(
        "--out", type=Path, default=None, help="output folder (default: DATA_DIR/demo)"
    )
    load.add_argument(
        "--as-of",
        type=_parse_date,
        default=None,
        help="the day the data ends (YYYY-MM-DD, default today, UTC)",
    )
    load.set_defaults(handler=_cmd_demo_load)
    return parser


def _url_to_pop(argv: Sequence[str]) -> list[str]:
    """``agent-desk agentdesk:pop?…`` (how desktops, Windows and macOS hand over a clicked
    ``agentdesk:`` link) means ``agent-desk pop agentdesk:pop?…``."""
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.lower().startswith("agentdesk:"):
            return [*args[:i], "pop", *args[i:]]
        if not arg.startswith("-"):
            break  # a command: its own arguments follow
        i += 2 if arg == "--db-url" else 1
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_url_to_pop(sys.argv[1:] if argv is None else argv))
    paths = AppPaths.from_environment()
    try:
        setup_logging(paths.log_file, logging.DEBUG if args.verbose else logging.INFO)
    except OSError as exc:
        print(
            f"agent-desk: warning: cannot write the log file {paths.log_file}: {exc.strerror}",
            file=sys.stderr,
        )
    handler: Callable[[argparse.Namespace, AppPaths], int] = args.handler
    try:
        return handler(args, paths)
    except AgentDeskError as exc:
        log.warning("%s", exc)
        print(f"agent-desk: error: {redact(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("agent-desk: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `agent-desk links --csv | head`: the reader has enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("unexpected error")
        print(
            f"agent-desk: unexpected error: {redact(str(exc)) or type(exc).__name__} "
            f"(details in {paths.log_file})",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
