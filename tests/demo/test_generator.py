"""Tests of the deterministic demo data generator (agent_desk.demo)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from agent_desk.demo import DemoError, DemoSummary, GenerationCancelled, generate
from agent_desk.demo import generator as generator_mod
from agent_desk.demo.erp import ErpResult, ErpWriter
from agent_desk.demo.formats import DAY
from agent_desk.demo.people import Person
from agent_desk.demo.pools import Forms, load_catalog, load_pools
from agent_desk.demo.purchases import Purchase

AS_OF = dt.date(2025, 3, 15)
NOW = dt.datetime(2025, 3, 15, tzinfo=dt.UTC)
N = 1500
SEED = 9
ERP_COLUMNS = {
    "customers.csv": "CUST_NO;SALUTATION;FIRST_NAME;LAST_NAME;COMPANY;STREET;POSTCODE;CITY;"
    "COUNTRY;PHONE;EMAIL;BIRTH_DATE;CREATED;CHANGED;CREDIT_LIMIT",
    "invoices.csv": "INVOICE_NO;CUST_NO;INVOICE_DATE;DUE_DATE;NET;VAT;GROSS;CURRENCY;STATUS",
    "payments.csv": "PAYMENT_NO;CUST_NO;INVOICE_NO;PAYMENT_DATE;AMOUNT;METHOD",
    "contracts.csv": "CONTRACT_NO;CUST_NO;SKU;START_DATE;END_DATE;STATUS",
}
AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})*,\d{2}-?$")
API_MONEY = re.compile(r"^\d+\.\d{2}$")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
GREEK_OR_CYRILLIC = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff]")
FIELD_ORDER = 360_011_112_221


# --- helpers ----------------------------------------------------------------------------------


def keys(text: str) -> set[str]:
    return set(text.split())


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def erp_rows(root: Path, name: str) -> list[dict[str, str]]:
    text = (root / "erp" / name).read_bytes().decode("cp1252")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def jsonl(root: Path, rel: str) -> list[dict[str, Any]]:
    with open(root / rel, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def erp_amount(text: str) -> float:
    assert AMOUNT.match(text), text
    neg = text.endswith("-")
    value = float(text.rstrip("-").replace(".", "").replace(",", "."))
    return -value if neg else value


def iso(ts: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, ts
    return parsed


def dmy(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def epoch_day(ts: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=ts // DAY)


def e164(text: str, region: str | None) -> str:
    number = phonenumbers.parse(text, region)
    assert phonenumbers.is_valid_number(number), (text, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    out = tmp_path_factory.mktemp("demo") / "out"
    calls: list[tuple[int, int]] = []
    summary = generate(out, N, seed=SEED, as_of=AS_OF, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1000, N), (N, N)]
    return out, summary


@pytest.fixture(scope="module")
def truth(data: tuple[Path, DemoSummary]) -> list[dict[str, str]]:
    with open(data[0] / "truth.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- summary, manifest, determinism ------------------------------------------------------------


def test_summary_and_manifest(data: tuple[Path, DemoSummary]) -> None:
    out, summary = data
    assert summary.customers == N and summary.out_dir == out
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == SEED and manifest["customers"] == N
    assert manifest["as_of"] == "2025-03-15"
    expected = {
        "erp/customers.csv",
        "erp/invoices.csv",
        "erp/payments.csv",
        "erp/contracts.csv",
        "shop/orders.jsonl",
        "tickets/users.jsonl",
        "tickets/tickets.jsonl",
        "tickets/comments.jsonl",
        "tickets/agents.jsonl",
        "truth.csv",
    }
    assert set(summary.files) == expected == set(manifest["files"])
    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert on_disk == expected | {"manifest.json"}
    for rel, count in summary.files.items():
        lines = (out / rel).read_bytes().splitlines()
        header = 1 if rel.endswith(".csv") else 0
        assert len(lines) - header == count == manifest["files"][rel]["records"], rel
        assert count > 0, rel
    assert summary.bytes_written == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 400, seed=11, as_of=AS_OF)
    b = generate(tmp_path / "b", 400, seed=11, as_of=AS_OF)
    assert digests(a.out_dir) == digests(b.out_dir)
    c = generate(tmp_path / "c", 400, seed=12, as_of=AS_OF)
    da, dc = digests(a.out_dir), digests(c.out_dir)
    for rel in ("truth.csv", "shop/orders.jsonl", "erp/customers.csv", "tickets/users.jsonl"):
        assert da[rel] != dc[rel], rel
    d = generate(tmp_path / "d", 400, seed=11, as_of=AS_OF + dt.timedelta(days=1))
    assert digests(d.out_dir)["shop/orders.jsonl"] != da["shop/orders.jsonl"]


def test_independent_of_hash_randomisation(tmp_path: Path) -> None:
    here = generate(tmp_path / "here", 300, seed=5, as_of=AS_OF)
    code = (
        "import datetime, pathlib, sys; from agent_desk.demo import generate; "
        "generate(pathlib.Path(sys.argv[1]), 300, 5, datetime.date(2025, 3, 15))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "there")], check=True, env=env)
    assert digests(here.out_dir) == digests(tmp_path / "there")


# --- ERP export ------------------------------------------------------------------------------


def test_erp_files_are_cp1252_semicolon_crlf(data: tuple[Path, DemoSummary]) -> None:
    out, _ = data
    for name, header in ERP_COLUMNS.items():
        raw = (out / "erp" / name).read_bytes()
        text = raw.decode("cp1252")  # strict
        assert raw.count(b"\n") == raw.count(b"\r\n") > 1
        assert text.split("\r\n", 1)[0] == header
        width = header.count(";") + 1
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        assert all(len(r) == width for r in rows), name
    customers = erp_rows(out, "customers.csv")
    names = " ".join(r["FIRST_NAME"] + " " + r["LAST_NAME"] for r in customers)
    assert re.search("[éèüöäñßçó]", names), "cp1252 accents should be kept"
    assert not re.search(
        "[\u0370-\u03ff\u0400-\u04ffłŁşŞğıİ]",
        (out / "erp" / "customers.csv").read_bytes().decode("cp1252"),
    )
    assert len({r["CUST_NO"] for r in customers}) == len(customers)
    assert all(re.fullmatch(r"\d{6,7}", r["CUST_NO"]) for r in customers)


def test_erp_dates_and_amounts(data: tuple[Path, DemoSummary]) -> None:
    out, _ = data
    low = AS_OF - dt.timedelta(days=3 * 366 + 90)

    def date(text: str) -> dt.date:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()

    for r in erp_rows(out, "customers.csv"):
        assert low <= date(r["CREATED"]) <= date(r["CHANGED"]) <= AS_OF
        if r["BIRTH_DATE"]:
            assert date(r["BIRTH_DATE"]).year < 2008
        erp_amount(r["CREDIT_LIMIT"])
    invoices = erp_rows(out, "invoices.csv")
    statuses = Counter(r["STATUS"] for r in invoices)
    assert (
        {"paid", "open", "cancelled"} <= set(statuses) <= {"open", "paid", "overdue", "cancelled"}
    )
    negatives = 0
    for r in invoices:
        assert low <= date(r["INVOICE_DATE"]) < AS_OF and date(r["DUE_DATE"]) >= date(
            r["INVOICE_DATE"]
        )
        net, vat, gross = (erp_amount(r[k]) for k in ("NET", "VAT", "GROSS"))
        assert abs(net + vat - gross) < 0.005
        negatives += gross < 0
    assert negatives > 0, "credit notes with trailing minus expected"
    assert any(r["CURRENCY"] != "EUR" for r in invoices)
    assert any("." in r["GROSS"] for r in invoices), "thousands separators expected"
    payments = erp_rows(out, "payments.csv")
    invoice_nos = {r["INVOICE_NO"] for r in invoices}
    assert all(r["INVOICE_NO"] in invoice_nos for r in payments)
    assert any(erp_amount(r["AMOUNT"]) < 0 for r in payments)
    contracts = erp_rows(out, "contracts.csv")
    catalog = load_catalog()
    assert all(catalog.by_sku[r["SKU"]].kind in ("warranty", "service_plan") for r in contracts)
    ends = [date(r["END_DATE"]) for r in contracts if r["STATUS"] == "active"]
    assert any(AS_OF <= e <= AS_OF + dt.timedelta(days=120) for e in ends), "some end soon"


# --- Shopify orders --------------------------------------------------------------------------

ORDER_KEYS = keys(
    "id name order_number email phone created_at updated_at processed_at currency total_price"
    " subtotal_price total_tax financial_status fulfillment_status cancelled_at cancel_reason"
    " customer billing_address shipping_address line_items fulfillments refunds note_attributes"
    " tags"
)


def test_shop_order_shape(data: tuple[Path, DemoSummary]) -> None:
    out, _ = data
    orders = jsonl(out, "shop/orders.jsonl")
    ids, names = set(), set()
    guests = 0
    customer_ids: dict[int, str] = {}
    for o in orders:
        assert set(o) == ORDER_KEYS
        assert isinstance(o["id"], int) and o["id"] > 10**12
        assert o["name"] == f"#{o['order_number']}"
        ids.add(o["id"])
        names.add(o["name"])
        assert o["currency"] == "EUR"
        for key in ("total_price", "subtotal_price", "total_tax"):
            assert API_MONEY.match(o[key]), o[key]
        created = iso(o["created_at"])
        assert NOW - dt.timedelta(days=3 * 366) <= created < NOW
        assert iso(o["updated_at"]) >= created and iso(o["updated_at"]) < NOW
        assert o["financial_status"] in {
            "paid",
            "refunded",
            "partially_refunded",
            "pending",
            "voided",
        }
        assert o["fulfillment_status"] in {"fulfilled", "partial", None}
        assert (o["cancelled_at"] is None) == (o["cancel_reason"] is None)
        assert o["line_items"]
        total = 0
        for li in o["line_items"]:
            assert set(li) == keys("id sku title quantity price product_id variant_id")
            assert API_MONEY.match(li["price"]) and li["quantity"] >= 1
            total += round(float(li["price"]) * 100) * li["quantity"]
        assert total == round(float(o["subtotal_price"]) * 100)
        for f in o["fulfillments"]:
            assert f["status"] == "success" and f["tracking_number"] and f["tracking_company"]
        for r in o["refunds"]:
            assert r["transactions"][0]["kind"] == "refund" and r["refund_line_items"]
        for addr in (o["billing_address"], o["shipping_address"]):
            assert addr["address1"] and addr["city"] and addr["zip"] and addr["country_code"]
        if o["customer"] is None:
            guests += 1
        else:
            cust = o["customer"]
            assert set(cust) == keys("id email first_name last_name phone default_address")
            if cust["phone"] is not None:
                assert cust["phone"].startswith("+")
                e164(cust["phone"], None)
            customer_ids.setdefault(cust["id"], o["name"])
        for note in o["note_attributes"]:
            assert note["name"] == "erp_customer_no" and note["value"].isdigit()
    assert len(ids) == len(names) == len(orders)
    assert 0.04 < guests / len(orders) < 0.25
    assert any(o["refunds"] for o in orders) and any(o["cancelled_at"] for o in orders)
    assert any(o["note_attributes"] for o in orders)
    assert any(o["customer"] and o["customer"]["email"] is None for o in orders), "redacted"
    assert any(o["fulfillment_status"] is None and not o["cancelled_at"] for o in orders)


# --- Zendesk ---------------------------------------------------------------------------------


def test_zendesk_shapes(data: tuple[Path, DemoSummary], truth: list[dict[str, str]]) -> None:
    out, _ = data
    users = jsonl(out, "tickets/users.jsonl")
    agents = jsonl(out, "tickets/agents.jsonl")
    tickets = jsonl(out, "tickets/tickets.jsonl")
    comments = jsonl(out, "tickets/comments.jsonl")
    user_ids = {u["id"] for u in users}
    agent_ids = {a["id"] for a in agents}
    assert len(user_ids) == len(users) and not user_ids & agent_ids
    for u in users:
        assert set(u) == keys(
            "id name email phone external_id role created_at updated_at time_zone locale verified"
            " active"
        )
        assert u["role"] == "end-user" and "@" in u["email"] and u["name"]
        assert isinstance(u["verified"], bool) and isinstance(u["active"], bool)
        assert iso(u["created_at"]) <= iso(u["updated_at"]) < NOW
    assert all(a["role"] == "agent" for a in agents)
    by_id = {}
    for t in tickets:
        assert keys(
            "id url subject description priority status requester_id submitter_id assignee_id"
            " type tags via custom_fields satisfaction_rating created_at updated_at"
            " generated_timestamp"
        ) == set(t)
        assert t["requester_id"] in user_ids
        assert t["submitter_id"] in user_ids | agent_ids
        assert t["assignee_id"] is None or t["assignee_id"] in agent_ids
        assert t["status"] in {"new", "open", "pending", "solved", "closed"}
        assert t["type"] in {"question", "incident", "problem", "task"}
        assert t["satisfaction_rating"]["score"] in {"good", "bad", "offered", "unoffered"}
        assert t["via"]["channel"]
        created, updated = iso(t["created_at"]), iso(t["updated_at"])
        assert NOW - dt.timedelta(days=3 * 366) <= created <= updated < NOW
        assert t["generated_timestamp"] == int(updated.timestamp())
        by_id[t["id"]] = t
    statuses = Counter(t["status"] for t in tickets)
    assert statuses["closed"] > statuses["new"] > 0 and statuses["open"] + statuses["pending"] > 0
    assert any(t["satisfaction_rating"]["score"] == "bad" for t in tickets)
    assert any(re.search(r"#\d{4,}", t["subject"]) for t in tickets)
    order_refs = [
        f["value"]
        for t in tickets
        for f in t["custom_fields"]
        if f["value"] and str(f["value"]).startswith("#")
    ]
    order_names = {o["name"] for o in jsonl(out, "shop/orders.jsonl")}
    assert order_refs and set(order_refs) <= order_names
    first: dict[int, dict[str, Any]] = {}
    per_ticket: Counter[int] = Counter()
    for c in comments:
        tid = c["ticket_id"]
        assert tid in by_id
        body = c["comment"]
        assert body["type"] == "Comment" and body["body"] == body["plain_body"]
        per_ticket[tid] += 1
        first.setdefault(tid, body)
    assert set(per_ticket) == set(by_id) and max(per_ticket.values()) <= 5
    for tid, body in first.items():
        assert body["author_id"] == by_id[tid]["requester_id"]
        assert body["body"] == by_id[tid]["description"]
    assert any(not c["comment"]["public"] for c in comments), "internal notes expected"
    # repeat contacts: the same person about the same thing again within 7 days
    person_of = {r["external_id"]: r["person_id"] for r in truth if r["source"] == "zendesk"}
    repeats = [t for t in tickets if "repeat_contact" in t["tags"]]
    assert repeats
    by_person = defaultdict(list)
    for t in tickets:
        by_person[person_of[str(t["requester_id"])]].append(t)
    for t in repeats:
        earlier = [
            o
            for o in by_person[person_of[str(t["requester_id"])]]
            if o["id"] != t["id"]
            and o["custom_fields"] == t["custom_fields"]
            and iso(o["created_at"]) <= iso(t["created_at"])
        ]
        assert any(
            iso(t["created_at"]) - iso(o["created_at"]) <= dt.timedelta(days=7) for o in earlier
        )


def test_timestamps_fresh_and_bounded(data: tuple[Path, DemoSummary]) -> None:
    out, _ = data
    orders = jsonl(out, "shop/orders.jsonl")
    tickets = jsonl(out, "tickets/tickets.jsonl")
    recent = NOW - dt.timedelta(days=3)
    assert any(iso(o["created_at"]) >= recent for o in orders)
    assert any(iso(t["created_at"]) >= recent for t in tickets)
    oldest = min(iso(o["created_at"]) for o in orders)
    assert NOW - dt.timedelta(days=3 * 366) <= oldest < NOW - dt.timedelta(days=600)


# --- truth -----------------------------------------------------------------------------------


def test_truth_matches_source_records_exactly(
    data: tuple[Path, DemoSummary], truth: list[dict[str, str]]
) -> None:
    out, _ = data
    keys = Counter((r["source"], r["entity"], r["external_id"]) for r in truth)
    assert max(keys.values()) == 1, "every source record appears exactly once"
    assert all(re.fullmatch(r"P\d{6}", r["person_id"]) for r in truth)
    expected = {("erp", "customer", r["CUST_NO"]) for r in erp_rows(out, "customers.csv")}
    orders = jsonl(out, "shop/orders.jsonl")
    expected |= {("shopify", "customer", str(o["customer"]["id"])) for o in orders if o["customer"]}
    expected |= {("shopify", "order", str(o["id"])) for o in orders if o["customer"] is None}
    expected |= {("zendesk", "user", str(u["id"])) for u in jsonl(out, "tickets/users.jsonl")}
    assert set(keys) == expected
    persons = {r["person_id"] for r in truth}
    assert len(persons) == N
    # a Shopify customer id belongs to one person, and that person has at most one
    owner = {}
    for r in truth:
        if r["entity"] == "customer" and r["source"] == "shopify":
            owner[r["external_id"]] = r["person_id"]
    assert len(set(owner.values())) == len(owner)


def test_persons_span_systems_with_variations(
    data: tuple[Path, DemoSummary], truth: list[dict[str, str]]
) -> None:
    out, _ = data
    sources: dict[str, set[str]] = defaultdict(set)
    for r in truth:
        sources[r["person_id"]].add(r["source"])
    multi = sum(len(s) >= 2 for s in sources.values())
    assert multi / N > 0.5
    assert sum(len(s) == 3 for s in sources.values()) / N > 0.15
    person_of = {(r["source"], r["entity"], r["external_id"]): r["person_id"] for r in truth}
    erp_by_person = {
        person_of[("erp", "customer", r["CUST_NO"])]: r for r in erp_rows(out, "customers.csv")
    }
    differing_names = differing_emails = same_names = 0
    for o in jsonl(out, "shop/orders.jsonl"):
        cust = o["customer"]
        if not cust or not cust["last_name"] or not cust["email"]:
            continue
        row = erp_by_person.get(person_of[("shopify", "customer", str(cust["id"]))])
        if row is None:
            continue
        a = (row["FIRST_NAME"] + " " + row["LAST_NAME"]).casefold()
        b = (cust["first_name"] + " " + cust["last_name"]).casefold()
        if a == b:
            same_names += 1
        else:
            differing_names += 1
        if row["EMAIL"] and row["EMAIL"].casefold() != cust["email"].casefold():
            differing_emails += 1
    assert same_names > differing_names > 10
    assert differing_emails > 10


def test_confounders(data: tuple[Path, DemoSummary], truth: list[dict[str, str]]) -> None:
    out, _ = data
    person_of = {(r["source"], r["entity"], r["external_id"]): r["person_id"] for r in truth}
    customers = erp_rows(out, "customers.csv")
    # households: one e-mail, two different persons
    by_email: dict[str, set[str]] = defaultdict(set)
    for r in customers:
        if r["EMAIL"]:
            by_email[r["EMAIL"].lower()].add(person_of[("erp", "customer", r["CUST_NO"])])
    for o in jsonl(out, "shop/orders.jsonl"):
        key = (
            ("shopify", "customer", str(o["customer"]["id"]))
            if o["customer"]
            else ("shopify", "order", str(o["id"]))
        )
        by_email[o["email"].lower()].add(person_of[key])
    assert any(len(p) == 2 for p in by_email.values())
    # switchboards: one number, many persons
    by_phone: dict[str, set[str]] = defaultdict(set)
    for r in customers:
        if r["PHONE"]:
            by_phone[e164(r["PHONE"], r["COUNTRY"])].add(
                person_of[("erp", "customer", r["CUST_NO"])]
            )
    assert max(len(p) for p in by_phone.values()) >= 5
    # father and son: same name and address, different birth dates, different persons
    groups: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    for r in customers:
        if r["BIRTH_DATE"]:
            home = (
                r["FIRST_NAME"].casefold(),
                r["LAST_NAME"].casefold(),
                r["STREET"],
                r["POSTCODE"],
            )
            groups[home].add((person_of[("erp", "customer", r["CUST_NO"])], r["BIRTH_DATE"]))
    assert any(len({p for p, _ in g}) >= 2 and len({b for _, b in g}) >= 2 for g in groups.values())
    # very common names shared by several different persons
    names: dict[str, set[str]] = defaultdict(set)
    for r in customers:
        names[f"{r['FIRST_NAME']} {r['LAST_NAME']}".casefold()].add(
            person_of[("erp", "customer", r["CUST_NO"])]
        )
    assert max(len(p) for p in names.values()) >= 3


def test_phones_are_valid(data: tuple[Path, DemoSummary]) -> None:
    out, _ = data
    rows = [r for r in erp_rows(out, "customers.csv") if r["PHONE"]]
    assert len(rows) > N / 3
    styles = set()
    for r in rows:
        e164(r["PHONE"], r["COUNTRY"])
        phone = r["PHONE"]
        styles.add(
            (
                phone[:1] == "+",
                phone[:2] == "00",
                "/" in phone,
                "(" in phone,
                "-" in phone,
                "." in phone,
                " " in phone,
            )
        )
    assert len(styles) >= 7, "phones come in many formats"
    for o in jsonl(out, "shop/orders.jsonl")[:600]:
        for addr in (o["billing_address"], o["shipping_address"]):
            if addr["phone"]:
                e164(addr["phone"], addr["country_code"])


# --- catalog and baskets ---------------------------------------------------------------------


def test_catalog() -> None:
    catalog = load_catalog()
    assert 80 <= len(catalog.products) <= 120
    kinds = Counter(p.kind for p in catalog.products)
    assert set(kinds) == keys("device accessory consumable warranty upgrade service_plan")
    for p in catalog.products:
        for ref in (p.warranty_for, p.accessory_of, p.upgrade_of):
            assert not ref or ref in catalog.by_sku
        assert p.price > 0
        assert (p.kind == "consumable") <= (p.replenish_days > 0)
        assert (p.kind == "warranty") == bool(p.warranty_for)


def test_baskets_follow_associations(
    data: tuple[Path, DemoSummary], truth: list[dict[str, str]]
) -> None:
    out, _ = data
    orders = jsonl(out, "shop/orders.jsonl")
    baskets = [{li["sku"] for li in o["line_items"]} for o in orders]
    printers = [b for b in baskets if b & {"PR-100"}]
    ink_rate = sum(bool(b & {"INK-21-BK", "INK-21-CL"}) for b in printers) / max(1, len(printers))
    base_rate = sum(bool(b & {"INK-21-BK", "INK-21-CL"}) for b in baskets) / len(baskets)
    assert printers and ink_rate > 3 * base_rate
    # refills: capsules bought later by people who bought a capsule machine
    person_of = {(r["source"], r["entity"], r["external_id"]): r["person_id"] for r in truth}
    history: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for o, b in zip(orders, baskets, strict=True):
        key = (
            ("shopify", "customer", str(o["customer"]["id"]))
            if o["customer"]
            else ("shopify", "order", str(o["id"]))
        )
        history[person_of[key]].append((o["created_at"], b))
    refills = 0
    for items in history.values():
        items.sort(key=lambda x: iso(x[0]))
        seen_machine = False
        for _, b in items:
            if seen_machine and b & {"CAP-INT-50", "CAP-LUN-50", "CAP-DEC-50", "CAP-VAR-100"}:
                refills += 1
            seen_machine |= bool(b & {"CM-100", "CM-110"})
    assert refills >= 5


# --- cancel and bad input --------------------------------------------------------------------


def test_cancel_leaves_no_complete_output(tmp_path: Path) -> None:
    cancel = threading.Event()
    out = tmp_path / "cancelled"
    with pytest.raises(GenerationCancelled):
        generate(out, 3000, seed=1, as_of=AS_OF, progress=lambda d, t: cancel.set(), cancel=cancel)
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]
    # a previous complete output survives a cancelled regeneration untouched
    prev = generate(tmp_path / "prev", 200, seed=1, as_of=AS_OF)
    before = digests(prev.out_dir)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(GenerationCancelled):
        generate(prev.out_dir, 200, seed=2, as_of=AS_OF, cancel=cancel)
    assert digests(prev.out_dir) == before


def test_regenerate_replaces_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(out, 150, seed=1, as_of=AS_OF)
    (out / "shop" / "orders.jsonl.part").write_text("left over from a crash")
    second = generate(out, 120, seed=2, as_of=AS_OF)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 2 and manifest["customers"] == 120
    with open(out / "truth.csv", encoding="utf-8", newline="") as fh:
        assert len({r["person_id"] for r in csv.DictReader(fh)}) == 120
    assert not list(out.rglob("*.part"))
    assert second.customers == 120


@pytest.mark.parametrize("customers", [0, -5])
def test_bad_customer_count(tmp_path: Path, customers: int) -> None:
    with pytest.raises(DemoError, match="customers"):
        generate(tmp_path / "x", customers, seed=1, as_of=AS_OF)
    assert not (tmp_path / "x").exists()


def test_refuses_foreign_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(DemoError, match="not empty"):
        generate(tmp_path, 10, seed=1, as_of=AS_OF)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_unusable_output_paths(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(DemoError, match="not a directory"):
        generate(blocker, 10, seed=1, as_of=AS_OF)
    with pytest.raises(DemoError):
        generate(blocker / "out", 10, seed=1, as_of=AS_OF)  # parent is a file: cannot create
    assert blocker.read_text() == "x"


# --- consistency across records ----------------------------------------------------------------


def test_zendesk_emails_unique_case_insensitively(
    data: tuple[Path, DemoSummary], truth: list[dict[str, str]]
) -> None:
    out, _ = data
    users = jsonl(out, "tickets/users.jsonl")
    emails = Counter(u["email"].lower() for u in users)
    assert [e for e, n in emails.items() if n > 1] == [], "Zendesk e-mails must be unique"
    per_person = Counter(r["person_id"] for r in truth if r["source"] == "zendesk")
    assert max(per_person.values()) == 2, "some persons have a second Zendesk user"


def test_agents_exist_before_their_activity(data: tuple[Path, DemoSummary]) -> None:
    out, _ = data
    created = {a["id"]: iso(a["created_at"]) for a in jsonl(out, "tickets/agents.jsonl")}
    assert all(iso(a["updated_at"]) >= created[a["id"]] for a in jsonl(out, "tickets/agents.jsonl"))
    acted = 0
    for t in jsonl(out, "tickets/tickets.jsonl"):
        for who in (t["assignee_id"], t["submitter_id"]):
            if who in created:
                assert iso(t["created_at"]) >= created[who], (t["id"], who)
                acted += 1
    for c in jsonl(out, "tickets/comments.jsonl"):
        body = c["comment"]
        if body["author_id"] in created:
            assert iso(body["created_at"]) >= created[body["author_id"]], body["id"]
            acted += 1
    assert acted > 100


def test_erp_customer_created_before_invoices_and_contracts(
    data: tuple[Path, DemoSummary],
) -> None:
    out, _ = data
    created = {r["CUST_NO"]: dmy(r["CREATED"]) for r in erp_rows(out, "customers.csv")}
    contracts = erp_rows(out, "contracts.csv")
    assert contracts
    for r in contracts:
        assert created[r["CUST_NO"]] <= dmy(r["START_DATE"]), r["CONTRACT_NO"]
    for r in erp_rows(out, "invoices.csv"):
        assert created[r["CUST_NO"]] <= dmy(r["INVOICE_DATE"]), r["INVOICE_NO"]
    for r in erp_rows(out, "payments.csv"):
        assert created[r["CUST_NO"]] <= dmy(r["PAYMENT_DATE"]), r["PAYMENT_NO"]


def test_erp_changed_date_follows_move_and_email_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    persons: dict[str, Person] = {}

    class RecordingErp(ErpWriter):
        """The real ERP writer, remembering whose customer record each number is."""

        def write(self, p: Person, purchases: list[Purchase]) -> ErpResult:
            res = super().write(p, purchases)
            persons.update(dict.fromkeys(res.cust_nos, p))
            return res

    monkeypatch.setattr(generator_mod, "ErpWriter", RecordingErp)
    generate(tmp_path / "out", N, seed=SEED, as_of=AS_OF)
    new_address = 0
    for r in erp_rows(tmp_path / "out", "customers.csv"):
        p = persons[r["CUST_NO"]]
        changed = dmy(r["CHANGED"])
        assert dmy(r["CREATED"]) <= changed <= AS_OF
        a = p.new_addr
        if a is not None and (r["STREET"], r["POSTCODE"]) == (a.line1_erp, a.zip):
            new_address += 1
            assert changed >= epoch_day(p.move_ts), (r["CUST_NO"], r["CHANGED"])
        if p.old_email is not None and r["EMAIL"].lower() == p.email.lower():
            assert changed >= epoch_day(p.email_change_ts), (r["CUST_NO"], r["CHANGED"])
    assert new_address > 20


def _all_forms(obj: object, seen: set[int]) -> Iterator[Forms]:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Forms):
        yield obj
    elif is_dataclass(obj):
        for f in fields(obj):
            yield from _all_forms(getattr(obj, f.name), seen)
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _all_forms(value, seen)
    elif isinstance(obj, list | tuple):
        for value in obj:
            yield from _all_forms(value, seen)


def test_latin_spellings_never_mix_scripts() -> None:
    forms = list(_all_forms(load_pools(), set()))
    assert len(forms) > 1000
    for f in forms:
        for text in (f.latin, f.ascii, f.cp, f.token):
            assert not GREEK_OR_CYRILLIC.search(text), (f.real, text)
        assert f.ascii.isascii() and f.token.isascii(), f
        f.cp.encode("cp1252")


def test_names_in_latin_script_contain_no_greek_or_cyrillic(
    data: tuple[Path, DemoSummary],
) -> None:
    out, _ = data
    names: list[str] = []
    for r in erp_rows(out, "customers.csv"):
        names += [r["FIRST_NAME"], r["LAST_NAME"]]
    for o in jsonl(out, "shop/orders.jsonl"):
        for person in (o["customer"], o["billing_address"], o["shipping_address"]):
            if person:
                names += [person["first_name"] or "", person["last_name"] or ""]
    names += [u["name"] for u in jsonl(out, "tickets/users.jsonl")]
    latin = [n for n in names if LATIN.search(n)]
    assert len(latin) > N and any(GREEK_OR_CYRILLIC.search(n) for n in names)
    assert [n for n in latin if GREEK_OR_CYRILLIC.search(n)] == []


def test_negative_seed_differs_from_positive(tmp_path: Path) -> None:
    neg = generate(tmp_path / "neg", 60, seed=-5, as_of=AS_OF)
    pos = generate(tmp_path / "pos", 60, seed=5, as_of=AS_OF)
    dn, dp = digests(neg.out_dir), digests(pos.out_dir)
    for rel in ("truth.csv", "erp/customers.csv", "tickets/users.jsonl"):
        assert dn[rel] != dp[rel], rel
    manifest = json.loads((neg.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == -5


def test_no_delivery_tickets_about_cancelled_orders(data: tuple[Path, DemoSummary]) -> None:
    out, _ = data
    cancelled = {o["name"] for o in jsonl(out, "shop/orders.jsonl") if o["cancelled_at"]}
    assert cancelled
    about_cancelled = 0
    for t in jsonl(out, "tickets/tickets.jsonl"):
        order = next(f["value"] for f in t["custom_fields"] if f["id"] == FIELD_ORDER)
        if order in cancelled:
            about_cancelled += 1
            assert "order_status" not in t["tags"], (t["id"], t["subject"])
            assert "return" not in t["tags"], (t["id"], t["subject"])
            assert "cancellation" in t["tags"], (t["id"], t["subject"])
    assert about_cancelled > 0
