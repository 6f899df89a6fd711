"""Finding customers and reading their card, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from agent_desk.services.customers import customer_card, find_customers
from agent_desk.store.database import Database
from agent_desk.store.models import ContactPreference, Customer, Note


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    with database.session() as s:
        maria = Customer(
            display_name="María García",
            given_name="María",
            family_name="García",
            email="maria.garcia@example.com",
            phone_e164="+447700900123",
        )
        maria.preferences = [ContactPreference(channel="phone", opted_out=True)]
        maria.notes = [
            Note(kind="special_handling", body="Legal dispute: no offers"),
            Note(kind="note", body="likes e-mail"),
        ]
        rossi = Customer(
            display_name="Mario Rossi", family_name="Rossi", phone_e164="+393471234567"
        )
        percent = Customer(display_name="100% Fitness_Club", family_name="Fitness")
        s.add_all([maria, rossi, percent])
        s.flush()
        old = Customer(display_name="Maria Garcia (old)", merged_into_id=maria.id)
        s.add(old)
        s.flush()
        return {"maria": maria.id, "rossi": rossi.id, "percent": percent.id, "old": old.id}


def _names(database: Database, query: str) -> list[str]:
    """Hit names, sorted here: the database's collation decides its own order."""
    with database.read_session() as s:
        return sorted(hit.display_name for hit in find_customers(s, query))


@pytest.mark.parametrize(
    "query",
    [
        "07700900123",  # the national form the caller reads out: longer than any INTEGER id
        "447700900123",
        "0123",  # the last digits
        "9" * 25,  # nonsense digits must not crash either
    ],
)
def test_phone_digits_never_crash_and_find_by_trailing_digits(
    database: Database, people: dict[str, int], query: str
) -> None:
    names = _names(database, query)
    if query != "9" * 25:
        assert names == ["María García"]
    else:
        assert names == []


def test_name_prefix_email_and_id(database: Database, people: dict[str, int]) -> None:
    assert _names(database, "mar") == sorted(
        ["María García", "Mario Rossi"]
    )  # merged-away one hidden
    assert _names(database, "rossi") == ["Mario Rossi"]
    assert _names(database, "MARIA.GARCIA@EXAMPLE.COM") == ["María García"]
    assert _names(database, str(people["rossi"])) == ["Mario Rossi"]
    assert _names(database, "   ") == []


def test_like_wildcards_in_the_query_are_literal(
    database: Database, people: dict[str, int]
) -> None:
    assert _names(database, "100%") == ["100% Fitness_Club"]
    assert _names(database, "%") == []
    assert _names(database, "_") == []


def test_card_resolves_a_merged_away_id_to_the_survivor(
    database: Database, people: dict[str, int]
) -> None:
    with database.read_session() as s:
        card = customer_card(s, people["old"])
        assert card is not None and card.id == people["maria"]
        assert card.opted_out == ["phone"]
        assert card.special_handling == ["Legal dispute: no offers"]
        assert customer_card(s, 999_999) is None
