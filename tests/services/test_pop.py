"""Screen pop requests: URL forms, and which customers a pop names (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from agent_desk.errors import AgentDeskError
from agent_desk.services.pop import PopRequest, find_caller, parse_url
from agent_desk.store.database import Database
from tests.services.test_search import customer_of, desk  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    ("url", "kind", "value"),
    [
        ("agentdesk:pop?phone=%2B442079460018", "phone", "+442079460018"),
        ("agentdesk://pop?email=maria%40example.com", "email", "maria@example.com"),
        ("AGENTDESK:pop?customer=42", "customer", "42"),
        ("agentdesk:pop?order=%231004", "order", "#1004"),
        ("agentdesk:pop/?ticket=777", "ticket", "777"),
    ],
)
def test_url_forms(url: str, kind: str, value: str) -> None:
    assert parse_url(url) == PopRequest(kind, value)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://example.com/?phone=1", "not an agentdesk: URL"),
        ("agentdesk:open?phone=1", "say pop"),
        ("agentdesk:pop?phone=1&email=a@b.c", "exactly one"),
        ("agentdesk:pop?fax=1", "unknown key in the pop URL: fax"),
        ("agentdesk:pop?phone=", "empty"),
        ("agentdesk:pop", "exactly one"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, says: str) -> None:
    with pytest.raises(AgentDeskError, match=says):
        parse_url(url)


def _ids(db: Database, kind: str, value: str) -> list[int]:
    with db.engine.connect() as conn:
        return [h.id for h in find_caller(conn, PopRequest(kind, value), "GB")]


def test_a_pop_names_customers_by_its_own_kind_only(desk: Database) -> None:  # noqa: F811
    leeds = customer_of(desk, "erp", "100004")
    assert _ids(desk, "phone", "+44 113 496 0018") == [leeds]
    assert _ids(desk, "phone", "01134960018") == [leeds]
    assert _ids(desk, "email", "Maria.Garcia@Example.com") == [leeds]
    assert _ids(desk, "order", "1004") == [leeds]
    assert _ids(desk, "ticket", "#777") == [leeds]
    assert _ids(desk, "customer", str(leeds)) == [leeds]
    # digits that are some customer's id are not a phone match, and a fragment is no pop
    assert _ids(desk, "phone", str(leeds)) == []
    assert _ids(desk, "phone", "+44 20 7946 0000") == []
    assert _ids(desk, "ticket", "1004") == []
    with pytest.raises(AgentDeskError, match="a customer id is a number"):
        _ids(desk, "customer", "maria")
