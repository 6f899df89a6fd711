"""Tests of the identity matching core; :func:`demo_records` reads a generated demo through the
real connector mappings (ERP flat file, Shopify order mapping, Zendesk user mapping)."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

from agent_desk.identity.normalize import MatchKeys, match_keys
from connectors.base import ConnectorContext, PersonRecord
from connectors.erp_flatfile import DEMO_LAYOUT, FlatFileConnector
from connectors.shopify_orders import map_order
from connectors.zendesk import ZendeskConnector


def demo_records(out: Path) -> tuple[list[tuple[tuple[str, str, str], PersonRecord]], dict]:
    """((source, entity, external_id), record) of every person record, and the truth map."""
    context = ConnectorContext(get_secret=lambda _n: None, logger=logging.getLogger("identity"))
    records: dict[tuple[str, str, str], PersonRecord] = {}
    erp = FlatFileConnector(
        "erp",
        {
            "type": "erp-flatfile",
            "path": str(out / "erp"),
            "encoding": "cp1252",
            "files": {"customers": DEMO_LAYOUT["customers"]},
        },
        context,
    )
    for page in erp.pages("customers", None):
        for rec in page.persons:
            records[("erp", rec.entity, rec.external_id)] = rec
    with (out / "shop" / "orders.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            person = map_order(json.loads(line), "https://shop.example").person
            key = ("shopify", person.entity, person.external_id)
            known = records.get(key)
            if (
                known is None
                or known.updated_at is None
                or person.updated_at is None
                or person.updated_at >= known.updated_at
            ):
                records[key] = person
    zendesk = ZendeskConnector(
        "zendesk", {"type": "zendesk", "url": "https://demo.zendesk.com"}, context
    )
    with (out / "tickets" / "users.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            rec = zendesk._person(json.loads(line))
            records[("zendesk", rec.entity, rec.external_id)] = rec
    with (out / "truth.csv").open(encoding="utf-8", newline="") as f:
        truth = {
            (r["source"], r["entity"], r["external_id"]): r["person_id"] for r in csv.DictReader(f)
        }
    return list(records.items()), truth


def keys(**fields: Any) -> MatchKeys:
    """Match keys of a PersonRecord with these fields (a customer "x" unless given)."""
    rec = PersonRecord(
        entity=str(fields.pop("entity", "customer")),
        external_id=str(fields.pop("external_id", "x")),
        **fields,
    )
    return match_keys(rec, "DE")
