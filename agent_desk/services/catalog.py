"""The product catalog and the cross-sell policy, as the business edits them.

Two files in one folder (the bundled ``resources/catalog``, or the settings' ``work.catalog_dir``):

- ``products.csv``: one product per line with its price and margin, and the links the catalog
  rules follow: ``accessory_of_sku``, ``upgrade_of_sku``, ``warranty_for_sku``, and for a
  consumable ``replenish_days`` (how long one lasts);
- ``cross_sell.toml``: the windows and thresholds (a warranty within 30 days of the purchase, a
  refill from 7 days before it runs out, the cool-down after a "no", the life-event triggers, the
  mining thresholds).

Mistakes in either file are reported with the file, the line and the field; nothing half-read is
used. :func:`sync_products` copies the catalog into the store's ``products`` table (prices for
the panel and the reports) and links the order lines that name a known SKU.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import translate
from agent_desk.resources import read_text
from agent_desk.store.models import OrderLine, Product
from agent_desk.store.types import utcnow

products_t = cast(sa.Table, Product.__table__)
lines_t = cast(sa.Table, OrderLine.__table__)

PRODUCTS_FILE = "products.csv"
POLICY_FILE = "cross_sell.toml"
COLUMNS = (
    "sku",
    "name",
    "category",
    "kind",
    "price",
    "currency",
    "margin_pct",
    "replenish_days",
    "warranty_for_sku",
    "accessory_of_sku",
    "upgrade_of_sku",
)
LINK_SLICE = 200_000
KINDS = ("device", "accessory", "consumable", "warranty", "service_plan", "upgrade", "product")


class CatalogError(AgentDeskError):
    """The catalog or the cross-sell rules file cannot be used as it is."""


@dataclass(frozen=True)
class CatalogProduct:
    sku: str
    name: str
    category: str
    kind: str
    price: Decimal
    currency: str
    margin_pct: Decimal | None
    replenish_days: int = 0
    warranty_for: str = ""
    accessory_of: str = ""
    upgrade_of: str = ""


@dataclass(frozen=True)
class Policy:
    warranty_days: int = 30
    refill_early_days: int = 7
    refill_late_days: int = 60
    upgrade_after_days: int = 365
    declined_days: int = 90
    offered_days: int = 14
    min_customers: int = 20
    min_confidence: float = 0.05
    min_lift: float = 1.5
    moved_days: int = 90
    moved_skus: tuple[str, ...] = ()
    contract_before_days: int = 60
    contract_after_days: int = 30


@dataclass(frozen=True)
class Catalog:
    products: dict[str, CatalogProduct]
    policy: Policy
    folder: str  # where it was read from, for messages
    accessories: dict[str, list[str]] = field(default_factory=dict)  # device -> its add-ons
    upgrades: dict[str, list[str]] = field(default_factory=dict)
    warranties: dict[str, list[str]] = field(default_factory=dict)
    plans: dict[str, list[str]] = field(default_factory=dict)  # device -> its service plans

    def get(self, sku: str | None) -> CatalogProduct | None:
        return self.products.get(sku) if sku else None


def load_catalog(folder: str | Path | None = None) -> Catalog:
    """Read the catalog from ``folder`` (empty or None: the bundled one)."""
    if folder:
        base = Path(folder).expanduser()
        where = str(base)
        products = _read_file(base / PRODUCTS_FILE)
        policy = _read_file(base / POLICY_FILE)
    else:
        where = "resources/catalog"
        products = read_text("catalog", PRODUCTS_FILE)
        policy = read_text("catalog", POLICY_FILE)
    items = parse_products(products, f"{where}/{PRODUCTS_FILE}")
    rules = parse_policy(policy, f"{where}/{POLICY_FILE}")
    for sku in rules.moved_skus:
        if sku not in items:
            raise CatalogError(
                translate(
                    "catalog", "{file}: triggers.moved.skus names {sku}, which is not in {products}"
                ).format(file=f"{where}/{POLICY_FILE}", sku=repr(sku), products=PRODUCTS_FILE)
            )
    return _linked(items, rules, where)


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogError(
            translate("catalog", "catalog file {path} does not exist").format(path=path)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(
            translate("catalog", "cannot read catalog file {path}: {error}").format(
                path=path, error=exc
            )
        ) from None


def parse_products(text: str, where: str) -> dict[str, CatalogProduct]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogError(
            translate("catalog", "{where}: the header lacks the column(s) {columns}").format(
                where=where, columns=", ".join(missing)
            )
        )
    out: dict[str, CatalogProduct] = {}
    for row in reader:
        line = reader.line_num

        def fail(column: str, problem: str, line: int = line) -> CatalogError:
            return CatalogError(
                translate("catalog", "{where} line {line}, {column}: {problem}").format(
                    where=where, line=line, column=column, problem=problem
                )
            )

        cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
        sku = cells["sku"]
        if not sku:
            raise fail("sku", translate("catalog", "empty"))
        if sku in out:
            raise fail("sku", translate("catalog", "{sku} is listed twice").format(sku=repr(sku)))
        kind = cells["kind"] or "product"
        if kind not in KINDS:
            raise fail(
                "kind",
                translate("catalog", "{kind} is not one of {kinds}").format(
                    kind=repr(kind), kinds=", ".join(KINDS)
                ),
            )
        price = _decimal(cells["price"])
        if price is None or price < 0:
            raise fail(
                "price",
                translate("catalog", "{value} is not a price").format(value=repr(cells["price"])),
            )
        margin = _decimal(cells["margin_pct"]) if cells["margin_pct"] else None
        if cells["margin_pct"] and (margin is None or not 0 <= margin <= 100):
            raise fail(
                "margin_pct",
                translate("catalog", "{value} is not a percentage").format(
                    value=repr(cells["margin_pct"])
                ),
            )
        days = cells["replenish_days"]
        if days and not days.isdigit():
            raise fail(
                "replenish_days",
                translate("catalog", "{value} is not a number of days").format(value=repr(days)),
            )
        out[sku] = CatalogProduct(
            sku=sku,
            name=cells["name"] or sku,
            category=cells["category"],
            kind=kind,
            price=price,
            currency=(cells["currency"] or "EUR").upper(),
            margin_pct=margin,
            replenish_days=int(days or 0),
            warranty_for=cells["warranty_for_sku"],
            accessory_of=cells["accessory_of_sku"],
            upgrade_of=cells["upgrade_of_sku"],
        )
    for p in out.values():
        for column, target in (
            ("warranty_for_sku", p.warranty_for),
            ("accessory_of_sku", p.accessory_of),
            ("upgrade_of_sku", p.upgrade_of),
        ):
            if target and target not in out:
                raise CatalogError(
                    translate(
                        "catalog", "{where}: {sku} {column} {target} is not in the catalog"
                    ).format(where=where, sku=p.sku, column=column, target=repr(target))
                )
    return out


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


_POLICY_FIELDS: dict[tuple[str, ...], tuple[str, type]] = {
    ("warranty", "within_days"): ("warranty_days", int),
    ("refill", "early_days"): ("refill_early_days", int),
    ("refill", "late_days"): ("refill_late_days", int),
    ("upgrade", "after_days"): ("upgrade_after_days", int),
    ("cool_down", "declined_days"): ("declined_days", int),
    ("cool_down", "offered_days"): ("offered_days", int),
    ("mining", "min_customers"): ("min_customers", int),
    ("mining", "min_confidence"): ("min_confidence", float),
    ("mining", "min_lift"): ("min_lift", float),
    ("triggers", "moved", "within_days"): ("moved_days", int),
    ("triggers", "contract_ending", "before_days"): ("contract_before_days", int),
    ("triggers", "contract_ending", "after_days"): ("contract_after_days", int),
}


def parse_policy(text: str, where: str) -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(
            translate("catalog", "{where} is not valid TOML: {error}").format(
                where=where, error=exc
            )
        ) from None
    values: dict[str, Any] = {}
    for path, (name, kind) in _POLICY_FIELDS.items():
        value = _dig(data, path)
        if value is None:
            continue
        ok = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and value >= 0
            and (kind is float or float(value).is_integer())
        )
        if not ok:
            if name.endswith("days"):
                text = translate("catalog", "{where}: {key} = {value} is not a number of days")
            elif kind is int:
                text = translate("catalog", "{where}: {key} = {value} is not a non-negative int")
            else:
                text = translate("catalog", "{where}: {key} = {value} is not a non-negative float")
            raise CatalogError(text.format(where=where, key=".".join(path), value=repr(value)))
        values[name] = kind(value)
    skus = _dig(data, ("triggers", "moved", "skus"))
    if skus is not None:
        if not isinstance(skus, list) or not all(isinstance(s, str) for s in skus):
            raise CatalogError(
                translate("catalog", "{where}: triggers.moved.skus must be a list of SKUs").format(
                    where=where
                )
            )
        values["moved_skus"] = tuple(skus)
    if values.get("min_confidence", 0) > 1:
        raise CatalogError(
            translate("catalog", "{where}: mining.min_confidence is a share from 0 to 1").format(
                where=where
            )
        )
    return Policy(**values)


def _dig(data: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def _linked(items: dict[str, CatalogProduct], policy: Policy, where: str) -> Catalog:
    catalog = Catalog(items, policy, where)
    for p in items.values():
        if p.accessory_of:
            bucket = catalog.plans if p.kind == "service_plan" else catalog.accessories
            bucket.setdefault(p.accessory_of, []).append(p.sku)
        if p.upgrade_of:
            catalog.upgrades.setdefault(p.upgrade_of, []).append(p.sku)
        if p.warranty_for:
            catalog.warranties.setdefault(p.warranty_for, []).append(p.sku)
    return catalog


def sync_products(conn: Connection, catalog: Catalog, *, link: bool = True) -> int:
    """Copy the catalog into ``products`` (insert new SKUs, update changed ones) and, when
    ``link`` or a product was added, give order lines of a known SKU their product. Returns how
    many products were added or changed. Two desktops doing it at once both succeed."""
    now = utcnow()
    have = {
        r.sku: r
        for r in conn.execute(
            sa.select(
                products_t.c.id,
                products_t.c.sku,
                products_t.c.name,
                products_t.c.category,
                products_t.c.kind,
                products_t.c.price,
                products_t.c.currency,
                products_t.c.margin_pct,
                products_t.c.attributes,
            )
        )
    }
    inserts, updates = [], []
    for p in catalog.products.values():
        values = {
            "name": p.name[:300],
            "category": p.category[:120] or None,
            "kind": p.kind,
            "price": p.price,
            "currency": p.currency,
            "margin_pct": p.margin_pct,
            "attributes": {
                k: v
                for k, v in (
                    ("replenish_days", p.replenish_days),
                    ("warranty_for", p.warranty_for),
                    ("accessory_of", p.accessory_of),
                    ("upgrade_of", p.upgrade_of),
                )
                if v
            },
        }
        old = have.get(p.sku)
        if old is None:
            inserts.append({"sku": p.sku, "created_at": now, "updated_at": now, **values})
        elif any(_differs(getattr(old, k), v) for k, v in values.items()):
            updates.append({"_id": old.id, "updated_at": now, **values})
    if inserts:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        conn.execute(insert(products_t).on_conflict_do_nothing(index_elements=["sku"]), inserts)
    if updates:
        conn.execute(
            products_t.update()
            .where(products_t.c.id == sa.bindparam("_id"))
            .values({k: sa.bindparam(k) for k in updates[0] if k != "_id"}),
            updates,
        )
    if link or inserts:
        link_order_lines(conn)
    return len(inserts) + len(updates)


def link_order_lines(conn: Connection, slice_size: int = LINK_SLICE) -> int:
    """Give the order lines of a catalog SKU their product (lines synced before the catalog
    was loaded), a slice of ids per statement: SQLite holds what an UPDATE changes in memory."""
    top = conn.execute(sa.select(sa.func.max(lines_t.c.id))).scalar() or 0
    known = sa.select(products_t.c.sku).scalar_subquery()
    changed = 0
    for start in range(0, top + 1, slice_size):
        changed += conn.execute(
            lines_t.update()
            .where(
                lines_t.c.id >= start,
                lines_t.c.id < start + slice_size,
                lines_t.c.product_id.is_(None),
                lines_t.c.sku.in_(known),
            )
            .values(
                product_id=sa.select(products_t.c.id)
                .where(products_t.c.sku == lines_t.c.sku)
                .scalar_subquery()
            )
        ).rowcount
    return changed


def _differs(old: Any, new: Any) -> bool:
    if isinstance(new, Decimal) and old is not None:
        return Decimal(old) != new
    return bool(old != new)
