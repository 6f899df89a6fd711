"""Lookup tables for the demo generator, built once per ``generate()`` call from the resource files.

``resources/demo/names.json``, ``nicknames.json``, ``countries.json`` and ``tickets.json`` plus
``resources/catalog/products.csv`` are parsed here into small immutable structures whose
spellings are pre-computed (real spelling, Latin, ASCII, cp1252-safe, e-mail token), so the
per-person code never transliterates or looks anything up by string.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from json.encoder import encode_basestring as quote
from typing import Any, Generic, TypeVar

from agent_desk.demo.formats import (
    Pattern,
    PhonePlan,
    ascii_fold,
    cp1252_safe,
    email_token,
    to_latin,
)
from agent_desk.resources import read_text

T = TypeVar("T")


class Table(Generic[T]):
    """Weighted choice by a single list index: items repeated in proportion to their weight."""

    __slots__ = ("items", "n")

    def __init__(self, weighted: list[tuple[T, float]], resolution: int = 1000) -> None:
        total = sum(w for _, w in weighted)
        items: list[T] = []
        for item, weight in weighted:
            items.extend([item] * max(1, round(weight / total * resolution)))
        self.items = items
        self.n = len(items)

    def pick(self, rnd: float) -> T:
        """``rnd`` is a uniform float in [0, 1)."""
        return self.items[int(rnd * self.n)]


@dataclass(frozen=True, slots=True)
class Forms:
    """One name (or street, city) in every spelling the systems use."""

    real: str  # as the person writes it (Łukasz, Γιώργος, Ольга)
    latin: str  # Latin script (Greek/Cyrillic transliterated), diacritics kept
    ascii: str  # typed on a plain keyboard
    cp: str  # what a cp1252 ERP stores
    token: str  # e-mail local-part token

    @staticmethod
    def of(text: str, ukrainian: bool = False) -> Forms:
        latin = to_latin(text, ukrainian) if text else text
        return Forms(text, latin, ascii_fold(latin), cp1252_safe(latin), email_token(latin))


@dataclass(frozen=True, slots=True)
class NamePool:
    key: str
    male: tuple[Forms, ...]
    female: tuple[Forms, ...]
    last_m: tuple[Forms, ...]
    last_f: tuple[Forms, ...]
    common: tuple[tuple[Forms, Forms, str], ...]
    common_m: tuple[tuple[Forms, Forms, str], ...]
    common_f: tuple[tuple[Forms, Forms, str], ...]
    script: str  # latin / greek / cyrillic
    # given name -> nicknames, transliterated like the pool's names (Дмитро -> Діма -> Dima)
    nicknames: dict[str, tuple[Forms, ...]]


@dataclass(frozen=True, slots=True)
class City:
    name: Forms
    zips: tuple[Pattern, ...]
    areas: tuple[PhonePlan, ...]
    state: str | None
    time_zone: str


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    cc: str
    trunk: str
    vat: int
    erp_currency: str
    fx_milli: int
    salutation: dict[str, str]
    locale: str
    street_format: str
    mobile: tuple[PhonePlan, ...]
    cities: tuple[City, ...]
    streets: tuple[Forms, ...]
    styles_erp: Table[str]
    styles_typed: Table[str]
    email_domains: Table[str]
    company_pattern: str
    company_forms: tuple[Forms, ...]
    company_words: tuple[Forms, ...]
    couriers: tuple[str, ...]


@dataclass(slots=True, eq=False)
class Product:
    sku: str
    name: str
    category: str
    kind: str
    price: int  # cents, EUR
    replenish_days: int
    warranty_for: str
    accessory_of: str
    upgrade_of: str
    product_id: int
    variant_id: int
    term_days: int  # warranties and service plans: contract length
    json_head: str = ""  # ',"sku":…,"title":…,"quantity":' of a Shopify line item
    json_tail: str = ""  # ',"price":…,"product_id":…,"variant_id":…}'
    accessories: list[Product] = field(default_factory=list)
    consumables: list[Product] = field(default_factory=list)
    warranties: list[Product] = field(default_factory=list)
    plans: list[Product] = field(default_factory=list)
    upgrades: list[Product] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Catalog:
    products: tuple[Product, ...]
    by_sku: dict[str, Product]
    devices: Table[Product]


@dataclass(frozen=True, slots=True)
class Pools:
    names: dict[str, NamePool]
    countries: dict[str, Country]
    country_table: Table[Country]
    catalog: Catalog
    tickets: dict[str, Any]


_TERM = re.compile(r"-(\d+)([YM])$")


def _forms_list(names: list[str], ukrainian: bool = False) -> tuple[Forms, ...]:
    return tuple(Forms.of(n, ukrainian) for n in names)


def load_catalog(text: str | None = None) -> Catalog:
    """Parse ``resources/catalog/products.csv`` and link devices to their add-ons."""
    if text is None:
        text = read_text("catalog", "products.csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    products: list[Product] = []
    for i, row in enumerate(rows):
        euros, _, cents = row["price"].partition(".")
        term = 0
        if row["kind"] in ("warranty", "service_plan"):
            m = _TERM.search(row["sku"])
            if m:
                term = int(m.group(1)) * (365 if m.group(2) == "Y" else 30)
            if row["replenish_days"]:
                term = int(row["replenish_days"])
        products.append(
            Product(
                sku=row["sku"],
                name=row["name"],
                category=row["category"],
                kind=row["kind"],
                price=int(euros) * 100 + int((cents + "00")[:2]),
                replenish_days=int(row["replenish_days"] or 0),
                warranty_for=row["warranty_for_sku"],
                accessory_of=row["accessory_of_sku"],
                upgrade_of=row["upgrade_of_sku"],
                product_id=8_013_000_000_000 + i * 7919,
                variant_id=45_100_000_000_000 + i * 104_729,
                term_days=term or 365,
            )
        )
    for p in products:
        p.json_head = f',"sku":{quote(p.sku)},"title":{quote(p.name)},"quantity":'
        p.json_tail = (
            f',"price":"{p.price // 100}.{p.price % 100:02d}",'
            f'"product_id":{p.product_id},"variant_id":{p.variant_id}}}'
        )
    by_sku = {p.sku: p for p in products}
    for p in products:
        if p.warranty_for:
            by_sku[p.warranty_for].warranties.append(p)
        if p.accessory_of:
            target = by_sku[p.accessory_of]
            if p.kind == "consumable":
                target.consumables.append(p)
            elif p.kind == "service_plan":
                target.plans.append(p)
            else:
                target.accessories.append(p)
        if p.upgrade_of:
            by_sku[p.upgrade_of].upgrades.append(p)
    # Cheaper devices sell more often.
    devices = Table([(p, 1000.0 / (p.price / 100) ** 0.45) for p in products if p.kind == "device"])
    return Catalog(tuple(products), by_sku, devices)


def load_pools() -> Pools:
    names_raw = json.loads(read_text("demo", "names.json"))
    nick_raw = json.loads(read_text("demo", "nicknames.json"))
    nick_raw = {k: v for k, v in nick_raw.items() if not k.startswith("_")}
    names: dict[str, NamePool] = {}
    for key, raw in names_raw.items():
        if key.startswith("_"):
            continue
        ukr = key == "UA"
        last_m: list[Forms] = []
        last_f: list[Forms] = []
        for entry in raw["last"]:
            male, _, female = entry.partition("/")
            last_m.append(Forms.of(male, ukr))
            last_f.append(Forms.of(female or male, ukr))
        common = tuple((Forms.of(f, ukr), Forms.of(last, ukr), g) for f, last, g in raw["common"])
        script = {"GR": "greek", "RU": "cyrillic", "UA": "cyrillic"}.get(key, "latin")
        given = {*raw["male"], *raw["female"], *(c[0] for c in raw["common"])}
        nicknames = {k: _forms_list(v, ukr) for k, v in nick_raw.items() if k in given}
        names[key] = NamePool(
            key,
            _forms_list(raw["male"], ukr),
            _forms_list(raw["female"], ukr),
            tuple(last_m),
            tuple(last_f),
            common,
            tuple(c for c in common if c[2] == "m"),
            tuple(c for c in common if c[2] == "f"),
            script,
            nicknames,
        )

    countries: dict[str, Country] = {}
    weights: list[tuple[Country, float]] = []
    for code, raw in json.loads(read_text("demo", "countries.json")).items():
        if code.startswith("_"):
            continue
        cities = tuple(
            City(
                Forms.of(c[0]),
                tuple(Pattern(z) for z in c[1]),
                tuple(PhonePlan(t) for t in c[2]),
                c[3] if len(c) > 3 else None,
                c[4] if len(c) > 4 else raw["time_zone"],
            )
            for c in raw["cities"]
        )
        mobile = tuple(PhonePlan(t) for t in raw["mobile"]) or tuple(
            a for c in cities for a in c.areas
        )  # NANP: mobiles use geographic area codes
        country = Country(
            code=code,
            cc=raw["cc"],
            trunk=raw["trunk"],
            vat=raw["vat"],
            erp_currency=raw["erp_currency"],
            fx_milli=round(raw["fx"] * 1000),
            salutation=raw["salutation"],
            locale=raw["locale"],
            street_format=raw["street_format"],
            mobile=mobile,
            cities=cities,
            streets=_forms_list(raw["streets"]),
            styles_erp=Table(list(raw["phone_styles"]["erp"].items())),
            styles_typed=Table(list(raw["phone_styles"]["typed"].items())),
            email_domains=Table(list(raw["email_domains"].items())),
            company_pattern=raw["company"]["pattern"],
            company_forms=_forms_list(raw["company"]["forms"]),
            company_words=_forms_list(raw["company"]["words"]),
            couriers=tuple(raw["couriers"]),
        )
        countries[code] = country
        weights.append((country, raw["weight"]))

    return Pools(
        names,
        countries,
        Table(weights),
        load_catalog(),
        json.loads(read_text("demo", "tickets.json")),
    )
