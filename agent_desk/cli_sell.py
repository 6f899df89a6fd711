"""``agent-desk suggest``, ``agent-desk rules`` and ``agent-desk offers``: cross-sell from the
command line (the same engine as the app's suggestions panel)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from typing import Any

from agent_desk.paths import AppPaths

EXIT_OK = 0


def _context(args: argparse.Namespace, paths: AppPaths) -> Any:
    from agent_desk.app import open_context

    return open_context(paths, db_url=args.db_url)


def _catalog(context: Any) -> Any:
    from agent_desk.services.catalog import load_catalog

    return load_catalog(context.settings.catalog_dir or None)


def _cmd_suggest(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import mining
    from agent_desk.services.suggest import suggest

    context = _context(args, paths)
    try:
        catalog = _catalog(context)
        if mining.last_run(context.database) is None:  # never mined on this database: now
            mining.refresh(context.database, catalog)
        with context.database.engine.connect() as conn:
            advice = suggest(
                conn, args.customer, catalog, limit=args.limit, tz=context.settings.zone()
            )
    finally:
        context.close()
    if args.json:
        print(json.dumps(advice.as_json(), ensure_ascii=False, indent=1))
        return EXIT_OK
    if advice.held:
        print(f"No suggestions for customer #{args.customer}: satisfy first.")
        for reason in advice.held:
            print(f"  - {reason}")
        return EXIT_OK
    if not advice.suggestions:
        print(
            f"No suggestions for customer #{args.customer}: nothing in the catalog fits what "
            "they bought, or it was offered or declined lately."
        )
        return EXIT_OK
    for i, s in enumerate(advice.suggestions, 1):
        print(f"{i}. {s.name} ({s.sku}), {s.price} {s.currency}, by {s.channel}")
        print(f"   {s.reason}")
    return EXIT_OK


def _cmd_rules_mine(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import mining

    context = _context(args, paths)
    try:
        report = mining.refresh(context.database, _catalog(context), force=args.force)
    finally:
        context.close()
    print(report)
    return EXIT_OK


def _cmd_rules_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import mining

    context = _context(args, paths)
    try:
        catalog = _catalog(context)
        with context.database.engine.connect() as conn:
            rules = mining.top_rules(conn, args.limit, args.sku)
        state = mining.last_run(context.database)
    finally:
        context.close()
    if args.json:
        print(json.dumps([r.__dict__ for r in rules], indent=1))
        return EXIT_OK
    if not rules:
        hint = "" if state else " (never mined: run `agent-desk rules mine`)"
        print(f"no association rules{hint}", file=sys.stderr)
        return EXIT_OK
    if state:
        print(
            f"{state.get('rules', 0):,} rules from {state.get('customers', 0):,} customers, "
            f"mined {state.get('mined_at', '?')[:16]}"
        )
    for r in rules:
        a = (
            catalog.products[r.antecedent].name
            if r.antecedent in catalog.products
            else r.antecedent
        )
        b = (
            catalog.products[r.consequent].name
            if r.consequent in catalog.products
            else r.consequent
        )
        print(
            f"{r.antecedent:>16} → {r.consequent:<16} {r.confidence:6.1%} lift {r.lift:5.1f} "
            f"({r.customers:,} customers)  {a} → {b}"
        )
    return EXIT_OK


def _cmd_offers_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import offers

    context = _context(args, paths)
    try:
        found = offers.of_customer(context.database, args.customer, limit=args.limit)
    finally:
        context.close()
    if args.json:
        print(json.dumps([o.as_json() for o in found], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not found:
        print(f"no offers made to customer #{args.customer}", file=sys.stderr)
    for o in found:
        print(
            f"#{o.id:<6} {o.offered_at:%Y-%m-%d} {o.name[:40]:40} {o.outcome:9} "
            f"by {o.offered_by or '-'} ({o.channel or '-'})"
        )
    return EXIT_OK


def _cmd_offers_rates(args: argparse.Namespace, paths: AppPaths) -> int:
    from agent_desk.services import offers
    from agent_desk.store.types import utcnow

    context = _context(args, paths)
    try:
        since = utcnow() - timedelta(days=args.days) if args.days else None
        rates = offers.acceptance(context.database, by=args.by, since=since)
    finally:
        context.close()
    if args.json:
        print(json.dumps([r.as_json() for r in rates], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not rates:
        print("no offers made yet", file=sys.stderr)
    for r in rates:
        rate = "-" if r.rate is None else f"{r.rate:.0%}"
        print(
            f"{r.rule[:48]:48} offered {r.offered:>5}  accepted {r.accepted:>5}  declined "
            f"{r.declined:>5}  later {r.later:>5}  open {r.pending:>5}  rate {rate:>4}"
        )
    return EXIT_OK


def register(commands: Any) -> None:
    """Add the commands to the ``agent-desk`` parser's sub-commands."""
    sug = commands.add_parser(
        "suggest",
        help="the next offers for a customer, or why there are none",
        description="The customer's top suggestions with their reasons, price and channel, "
        "as the app's panel shows them; or the reasons to satisfy the customer first (an open "
        "complaint, an overdue or broken promise, a bad rating) or that they opted out.",
    )
    sug.add_argument("customer", type=int, metavar="CUSTOMER", help="customer id")
    sug.add_argument("--limit", type=int, default=3, help="how many (default 3)")
    sug.add_argument("--json", action="store_true", help="JSON on standard output")
    sug.set_defaults(handler=_cmd_suggest)

    rules = commands.add_parser(
        "rules",
        help="cross-sell rules mined from the orders",
        description="Association rules (customers who bought A also bought B) mined from every "
        "order line; the app mines again after each sync.",
    )
    rsub = rules.add_subparsers(title="commands", metavar="COMMAND", required=True)
    mine = rsub.add_parser(
        "mine",
        help="load the catalog and mine the rules now",
        description="Load the product catalog into the store and mine the rules again when "
        "the orders or the customers changed since the last run (--force: in any case).",
    )
    mine.add_argument("--force", action="store_true", help="mine even if nothing changed")
    mine.set_defaults(handler=_cmd_rules_mine)
    rlist = rsub.add_parser("list", help="the strongest rules", description="The rules by lift.")
    rlist.add_argument("--sku", help="only the rules about this SKU")
    rlist.add_argument("--limit", type=int, default=30)
    rlist.add_argument("--json", action="store_true", help="JSON on standard output")
    rlist.set_defaults(handler=_cmd_rules_list)

    off = commands.add_parser(
        "offers",
        help="offers made and their outcomes",
        description="Offers agents made from the suggestions, and how they were answered.",
    )
    osub = off.add_subparsers(title="commands", metavar="COMMAND", required=True)
    olist = osub.add_parser("list", help="a customer's offers", description="Newest first.")
    olist.add_argument("customer", type=int, metavar="CUSTOMER", help="customer id")
    olist.add_argument("--limit", type=int, default=50)
    olist.add_argument("--json", action="store_true", help="JSON on standard output")
    olist.set_defaults(handler=_cmd_offers_list)
    rates = osub.add_parser(
        "rates",
        help="acceptance rate per rule",
        description="Offers per rule kind (or per rule) with their outcomes and the acceptance "
        "rate: accepted of those answered.",
    )
    rates.add_argument("--by", choices=("kind", "rule"), default="kind")
    rates.add_argument("--days", type=int, default=0, help="only the last N days")
    rates.add_argument("--json", action="store_true", help="JSON on standard output")
    rates.set_defaults(handler=_cmd_offers_rates)
