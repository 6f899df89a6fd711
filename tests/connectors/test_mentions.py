"""The business keys a ticket mentions: normalised like the owners' keys, never from noise."""

from __future__ import annotations

import pytest

from connectors.base import ConfigurationError
from connectors.mentions import MAX_MENTIONS, MentionFinder, key

PATTERNS = {"invoice": r"\b(20\d{9})\b", "contract": r"\bCT\d{7}\b"}


def test_keys_are_normalised_so_both_sides_meet() -> None:
    assert key("order", "#1004") == key("order", " 1004 ") == key("order", 1004) == "order:1004"
    assert key("order", "shop-1004") == "order:SHOP-1004"
    assert key("contract", "ct0000001") == "contract:CT0000001"
    for nothing in (None, "", "  ", "#", True, False, 1.5, ["#1004"]):
        assert key("order", nothing) is None


def test_the_order_field_and_the_text_give_keys_in_order() -> None:
    finder = MentionFinder("tickets", {"order_field": 42, "mention_patterns": PATTERNS})
    found = finder.find(
        {"42": "#1004"},
        ("Invoice 20260000022 and CT0000007", None, "again 20260000022, and 20250000001"),
    )
    assert found == (
        "order:1004",
        "invoice:20260000022",
        "invoice:20250000001",
        "contract:CT0000007",
    )
    # a yes/no field, an empty one, a missing one: no order key
    for value in (True, False, None, ""):
        assert finder.find({"42": value}, ()) == ()


def test_a_pasted_statement_of_many_invoices_names_none_of_them() -> None:
    finder = MentionFinder("tickets", {"order_field": "cf_order", "mention_patterns": PATTERNS})
    statement = " ".join(f"2026{n:07d}" for n in range(MAX_MENTIONS + 1))
    assert finder.find({"cf_order": "1004"}, (statement,)) == ("order:1004",)
    few = " ".join(f"2026{n:07d}" for n in range(MAX_MENTIONS))
    assert len(finder.find({}, (few,))) == MAX_MENTIONS


def test_without_settings_nothing_is_searched() -> None:
    finder = MentionFinder("tickets", {})
    assert not finder.active and finder.find({"1": "#1"}, ("invoice 20260000022",)) == ()


def test_a_pattern_with_two_groups_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="at most one capturing group"):
        MentionFinder("tickets", {"mention_patterns": {"invoice": r"(20)(\d{9})"}})
