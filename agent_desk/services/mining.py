"""Association rules from every order line: "customers who bought A also bought B".

A transaction is a customer's basket: every SKU they bought and kept (cancelled and refunded
lines do not count), over all their orders in every source, as identity resolution joined them.
Mining counts, exactly, how many customers bought each SKU and each pair of SKUs: the frequent
itemsets of length one and two that FP-growth would find with ``max_len=2``, without its tree.
A catalog has hundreds of SKUs, so the pair counts fit in memory whatever the number of orders,
and one pass over the lines (in customer order, one basket in memory at a time) is all it takes.
Rules with one antecedent are what an agent can say in one breath ("68% of customers who bought
the X200 also bought the dock; lift 4.1"); longer antecedents were left out on purpose.

For each pair {A, B} bought together by at least ``min_customers`` customers, both rules A → B
and B → A are kept when their confidence (share of A's buyers who bought B) and lift (that
share over B's share of all buyers) reach the policy's thresholds.

:func:`refresh` recomputes the rules in the background after a sync: it loads the catalog into
``products``, and mines again only when the order lines or the customers changed since the last
run (a fingerprint in ``sync_state``). The rules are replaced in one transaction, so a desktop
reading them sees the old set or the new one, never half.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.i18n import fmt, translate
from agent_desk.services.catalog import Catalog, Policy, load_catalog, sync_products
from agent_desk.store.database import Database
from agent_desk.store.models import (
    AssociationRule,
    Customer,
    MergeJournalEntry,
    OrderLine,
    SyncState,
)
from agent_desk.store.types import utcnow

log = logging.getLogger(__name__)
rules_t = cast(sa.Table, AssociationRule.__table__)
lines_t = cast(sa.Table, OrderLine.__table__)
customers_t = cast(sa.Table, Customer.__table__)
journal_t = cast(sa.Table, MergeJournalEntry.__table__)
state_t = cast(sa.Table, SyncState.__table__)

NOT_KEPT = ("cancelled", "refunded")  # lines that were not, in the end, bought
STATE_SOURCE, STATE_STREAM = "cross_sell", "rules"
MINING_LOCK = 0x41_44_58_53  # PostgreSQL advisory lock: one mining run at a time per database
BATCH = 10_000
MAX_BASKET = 60


@dataclass(frozen=True)
class Rule:
    antecedent: str
    consequent: str
    customers: int  # bought both
    antecedent_customers: int
    support: float
    confidence: float
    lift: float


@dataclass(frozen=True)
class Mined:
    rules: list[Rule]
    baskets: int  # customers with at least one kept line
    lines: int  # (customer, SKU) pairs read
    items: Counter[str]  # customers per SKU


@dataclass(frozen=True)
class MiningReport:
    mined: bool  # False: nothing changed since the last run
    rules: int
    baskets: int
    lines: int
    products_changed: int
    seconds: float

    def __str__(self) -> str:
        if not self.mined:
            return translate("MiningReport", "cross-sell rules unchanged ({rules} rules)").format(
                rules=fmt().number(self.rules)
            )
        return translate(
            "MiningReport",
            "cross-sell rules: {rules} from {customers} customers' purchases "
            "({lines} products bought) in {seconds} s",
        ).format(
            rules=fmt().number(self.rules),
            customers=fmt().number(self.baskets),
            lines=fmt().number(self.lines),
            seconds=fmt().number(self.seconds, 1),
        )


def mine(
    baskets: Iterable[tuple[Any, str]],
    *,
    min_customers: int = 20,
    min_confidence: float = 0.05,
    min_lift: float = 1.5,
    known: set[str] | None = None,
) -> Mined:
    """Rules from (customer, SKU) pairs grouped by customer (pairs of one customer must come
    together, as ``ORDER BY customer`` gives them; repeats are fine). ``known``: only these
    SKUs count (the catalog's; a rule about a product that cannot be offered is no use). A
    basket of more than :data:`MAX_BASKET` products (a shared guest account, a reseller) counts
    for its products but not for its pairs, which would grow with its square."""
    items: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    n = lines = 0
    for _customer, group in itertools.groupby(baskets, key=lambda pair: pair[0]):
        basket = sorted({sku for _c, sku in group if known is None or sku in known})
        if not basket:
            continue
        lines += len(basket)
        n += 1
        items.update(basket)
        if 1 < len(basket) <= MAX_BASKET:
            pairs.update(itertools.combinations(basket, 2))
    rules: list[Rule] = []
    if n:
        for (a, b), both in pairs.items():
            if both < max(min_customers, 1):
                continue
            for x, y in ((a, b), (b, a)):
                confidence = both / items[x]
                lift = confidence / (items[y] / n)
                if confidence >= min_confidence and lift >= min_lift:
                    rules.append(Rule(x, y, both, items[x], both / n, confidence, lift))
    rules.sort(key=lambda r: (r.antecedent, -r.confidence, r.consequent))
    return Mined(rules, n, lines, items)


def mine_with(
    policy: Policy, baskets: Iterable[tuple[Any, str]], known: set[str] | None = None
) -> Mined:
    return mine(
        baskets,
        min_customers=policy.min_customers,
        min_confidence=policy.min_confidence,
        min_lift=policy.min_lift,
        known=known,
    )


def read_baskets(conn: Connection) -> Iterator[tuple[int, str]]:
    """Every customer's kept SKUs, in customer order, streamed."""
    query = (
        sa.select(lines_t.c.customer_id, lines_t.c.sku)
        .where(
            lines_t.c.customer_id.is_not(None),
            lines_t.c.sku.is_not(None),
            lines_t.c.deleted_at.is_(None),
            sa.or_(lines_t.c.status.is_(None), lines_t.c.status.not_in(NOT_KEPT)),
        )
        .order_by(lines_t.c.customer_id)
    )
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(query)
    for customer_id, sku in result:
        yield int(customer_id), str(sku)


def fingerprint(conn: Connection, policy: Policy) -> list[Any]:
    """What the rules depend on: the order lines (new ones, and lines refunded, cancelled or
    deleted since), who is whom (merges, new customers), and the mining thresholds."""
    lines = conn.execute(sa.select(sa.func.count(), sa.func.max(lines_t.c.id))).one()
    gone = conn.execute(
        sa.select(sa.func.count()).where(
            sa.or_(lines_t.c.status.in_(NOT_KEPT), lines_t.c.deleted_at.is_not(None))
        )
    ).scalar()
    top_customer = conn.execute(sa.select(sa.func.max(customers_t.c.id))).scalar()
    merged = conn.execute(
        sa.select(sa.func.count()).where(customers_t.c.merged_into_id.is_not(None))
    ).scalar()
    journal = conn.execute(sa.select(sa.func.max(journal_t.c.id))).scalar()
    thresholds = [policy.min_customers, policy.min_confidence, policy.min_lift]
    return [int(lines[0]), lines[1], gone, top_customer, merged, journal, thresholds]


def _state(conn: Connection) -> dict[str, Any] | None:
    bookmark = conn.execute(
        sa.select(state_t.c.bookmark).where(
            state_t.c.source == STATE_SOURCE, state_t.c.stream == STATE_STREAM
        )
    ).scalar()
    return bookmark if isinstance(bookmark, dict) else None


def _save_state(conn: Connection, bookmark: dict[str, Any], at: datetime) -> None:
    done = conn.execute(
        state_t.update()
        .where(state_t.c.source == STATE_SOURCE, state_t.c.stream == STATE_STREAM)
        .values(bookmark=bookmark, last_success_at=at, updated_at=at)
    ).rowcount
    if not done:
        conn.execute(
            state_t.insert().values(
                source=STATE_SOURCE, stream=STATE_STREAM, bookmark=bookmark,
                last_success_at=at, created_at=at, updated_at=at,
            )
        )  # fmt: skip


def last_run(db: Database) -> dict[str, Any] | None:
    """What the last mining run found (rules, customers, seconds, when), or None."""
    with db.engine.connect() as conn:
        return _state(conn)


def refresh(
    db: Database,
    catalog: Catalog | None = None,
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> MiningReport:
    """Load the catalog into the store and mine the rules again if anything they depend on
    changed (or ``force``). Safe to run from several desktops at once."""
    catalog = catalog or load_catalog()
    started = time.perf_counter()
    with db.engine.connect() as conn:
        mark = fingerprint(conn, catalog.policy)
        state = _state(conn)
    unchanged = state is not None and state.get("fingerprint") == mark
    with db.write() as conn:  # new lines are linked as they are synced; older ones here
        changed_products = sync_products(conn, catalog, link=not unchanged)
    if unchanged and not force and not changed_products:
        return MiningReport(False, int((state or {}).get("rules", 0)), 0, 0, 0, 0.0)
    if progress:
        progress(translate("mining", "mining the order lines for cross-sell rules"))
    read_at = utcnow()
    with db.engine.connect() as conn:
        mined = mine_with(catalog.policy, read_baskets(conn), set(catalog.products))
    now = utcnow()
    with db.write() as conn:
        if conn.dialect.name == "postgresql":  # the check and the write, one desktop at a time
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": MINING_LOCK})
        newer = _state(conn)
        if newer is not None and str(newer.get("read_at", "")) > read_at.isoformat():
            # another desktop mined from a later read meanwhile: its rules stand
            return MiningReport(False, int(newer.get("rules", 0)), 0, 0, changed_products, 0.0)
        conn.execute(rules_t.delete())
        rows = [{**asdict(r), "mined_at": now} for r in mined.rules]
        for start in range(0, len(rows), BATCH):
            conn.execute(rules_t.insert(), rows[start : start + BATCH])
        seconds = time.perf_counter() - started
        _save_state(
            conn,
            {
                "fingerprint": mark,
                "rules": len(rows),
                "customers": mined.baskets,
                "lines": mined.lines,
                "seconds": round(seconds, 2),
                "read_at": read_at.isoformat(),
                "mined_at": now.isoformat(),
            },
            now,
        )
    log.info("mined %d cross-sell rules from %d customers", len(rows), mined.baskets)
    return MiningReport(True, len(rows), mined.baskets, mined.lines, changed_products, seconds)


def rules_from(conn: Connection, skus: Sequence[str]) -> list[Rule]:
    """The rules whose antecedent is one of ``skus`` (what a customer owns), strongest first."""
    if not skus:
        return []
    rows = conn.execute(
        sa.select(
            rules_t.c.antecedent,
            rules_t.c.consequent,
            rules_t.c.customers,
            rules_t.c.antecedent_customers,
            rules_t.c.support,
            rules_t.c.confidence,
            rules_t.c.lift,
        )
        .where(rules_t.c.antecedent.in_(sorted(set(skus))))
        .order_by(rules_t.c.confidence.desc())
    )
    return [Rule(*r) for r in rows]


def top_rules(conn: Connection, limit: int = 50, sku: str | None = None) -> list[Rule]:
    """The strongest rules (by lift, then confidence), optionally those about one SKU."""
    query = sa.select(
        rules_t.c.antecedent,
        rules_t.c.consequent,
        rules_t.c.customers,
        rules_t.c.antecedent_customers,
        rules_t.c.support,
        rules_t.c.confidence,
        rules_t.c.lift,
    )
    if sku:
        query = query.where(sa.or_(rules_t.c.antecedent == sku, rules_t.c.consequent == sku))
    query = query.order_by(rules_t.c.lift.desc(), rules_t.c.confidence.desc()).limit(limit)
    return [Rule(*r) for r in conn.execute(query)]
