"""compare() on each confounder and variation; group_decisions() guards."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from agent_desk.identity.scoring import MatchSettings, compare, group_decisions
from tests.identity import keys

S = MatchSettings()


ANNA_ERP = keys(
    external_id="100001",
    erp_customer_number="100001",
    given_name="Anna",
    family_name="Schmidt",
    email="familie.schmidt@web.de",
    phone="030 1234567",
    street="Lindenstraße 4",
    postcode="10115",
    city="Berlin",
    country="DE",
    birth_date=date(1970, 3, 4),
)
HANS_SHOP = keys(
    given_name="Hans",
    family_name="Schmidt",
    email="Familie.Schmidt@web.de",
    street="Lindenstr. 4",
    postcode="10115",
    city="Berlin",
    country="DE",
)


def test_household_email_does_not_merge() -> None:
    c = compare(ANNA_ERP, HANS_SHOP, S)
    assert c.decision != "same"
    assert "different given name" in c.reason


def test_same_email_and_compatible_name_merges() -> None:
    anna_shop = replace(HANS_SHOP, given_name="anna")
    c = compare(ANNA_ERP, anna_shop, S)
    assert (c.decision, c.rule) == ("same", "email")
    assert "same e-mail" in c.reason and len(c.reason) <= 500


def test_gmail_dots_and_tags_merge() -> None:
    a = keys(given_name="Jan", family_name="Nowak", email="jan.nowak@gmail.com")
    b = keys(given_name="Jan", family_name="Nowak", email="JanNowak+shop@googlemail.com")
    assert compare(a, b, S).rule == "email"
    assert compare(a, b, S).decision == "same"


def test_switchboard_phone_does_not_merge_colleagues() -> None:
    a = keys(given_name="Thomas", family_name="Müller", phone="+49 89 1234500", country="DE")
    b = keys(given_name="Sabine", family_name="Weber", phone="089 1234500", country="DE")
    c = compare(a, b, S)
    assert c.decision == "different"


def test_switchboard_namesakes_with_different_emails_do_not_merge() -> None:
    a = keys(
        given_name="Roberto",
        family_name="Grasso",
        phone="+39 080 5077641",
        email="grasso662@gmail.com",
        postcode="00183",
        country="IT",
    )
    b = keys(
        given_name="Roberto",
        family_name="Grasso",
        phone="080 5077641",
        email="roberto.grasso@rossi.example",
        postcode="20149",
        country="IT",
    )
    assert compare(a, b, S).decision != "same"


def test_father_and_son_differ_by_birth_date() -> None:
    father = replace(ANNA_ERP, given_name="peter", email=None, birth_date=date(1950, 1, 1))
    son = replace(father, erp_customer_number="100002", birth_date=date(1980, 6, 1))
    c = compare(father, son, S)
    assert c.decision != "same"
    assert "different birth date" in c.reason


def test_common_names_in_one_city_do_not_merge() -> None:
    a = keys(
        given_name="John",
        family_name="Smith",
        city="London",
        postcode="E1 6AN",
        street="12 High St",
        country="GB",
        email="john.smith@example.com",
    )
    b = keys(
        given_name="John",
        family_name="Smith",
        city="London",
        postcode="N1 9GU",
        street="3 Park Road",
        country="GB",
        email="jsmith@example.org",
    )
    assert compare(a, b, S).decision != "same"


def test_nickname_and_address_merge() -> None:
    a = keys(
        entity="customer",
        external_id="100007",
        erp_customer_number="100007",
        given_name="Robert",
        family_name="Miller",
        street="12 High St",
        postcode="E1 6AN",
        city="London",
        country="GB",
    )
    b = keys(
        given_name="Bob",
        family_name="Miller",
        street="12 High Street",
        postcode="E16AN",
        city="London",
        country="GB",
        email="bob@example.com",
    )
    c = compare(a, b, S)
    assert c.decision == "same" and "nickname" in c.reason


def test_swapped_names_and_typos_merge_on_address() -> None:
    a = keys(
        entity="customer",
        external_id="1",
        erp_customer_number="1",
        given_name="KOWALSKA",
        family_name="Małgorzata",
        street="ul. Długa 3",
        postcode="00-950",
        city="Warszawa",
        country="PL",
    )
    b = keys(
        given_name="Malgorzta",
        family_name="Kowalska",
        street="ul. Dluga 3",
        postcode="00950",
        city="Warszawa",
        country="PL",
        email="mk@wp.pl",
    )
    c = compare(a, b, S)
    assert c.decision == "same"
    assert "swapped" in c.reason


def test_erp_number_links_but_never_two_erp_rows() -> None:
    erp = replace(ANNA_ERP, email=None)
    order = keys(given_name="Anna", family_name="Schmidt", erp_customer_number="100001")
    assert compare(erp, order, S).rule == "erp_number"
    assert compare(erp, order, S).decision == "same"
    other_erp = replace(ANNA_ERP, given_name="erika", email=None, birth_date=None)
    assert compare(erp, other_erp, S).rule != "erp_number"


def test_missing_values_are_neutral() -> None:
    a = keys(given_name="Anna", family_name="Schmidt")
    b = keys(given_name="Anna", family_name="Schmidt", postcode="10115")
    assert compare(a, b, S).score == compare(a, a, S).score


def test_group_of_a_household_mailbox_never_merges_a_nameless_member() -> None:
    nameless = keys(entity="user", display_name="familie.schmidt", email="familie.schmidt@web.de")
    anna_shop = replace(HANS_SHOP, given_name="anna")
    out = group_decisions(
        "email", [(1, ANNA_ERP), (2, HANS_SHOP), (3, nameless), (4, anna_shop)], S
    )
    same = {(d.id_a, d.id_b) for d in out if d.decision == "same"}
    assert same == {(1, 4)}
    assert all(d.id_a < d.id_b for d in out)
    assert all(d.decision in ("same", "possible") for d in out)


def test_switchboard_group_of_fifty_employees() -> None:
    first = ["Anna", "Ben", "Carl", "Dora", "Emil", "Fritz", "Gerd", "Hanna", "Ida", "Jonas"]
    last = ["Abel", "Bauer", "Curtius", "Dahl", "Engel"]
    members = [
        (i, keys(given_name=first[i % 10], family_name=last[i // 10], phone="+49 89 1234500"))
        for i in range(50)
    ]
    members.append(
        (
            50,
            keys(
                given_name="Anna",
                family_name="Abel",
                phone="089 1234500",
                email="anna.abel@example.com",
                country="DE",
            ),
        )
    )
    out = group_decisions("phone", members, MatchSettings(max_group=10))
    same = {(d.id_a, d.id_b) for d in out if d.decision == "same"}
    assert same == {(0, 50)}  # only the name-compatible pair, never colleagues
    assert out.compared_pairs < 100
    assert out.skipped_pairs == 51 * 50 // 2 - out.compared_pairs


def test_father_son_block_needs_a_personal_identifier() -> None:
    base = dict(
        given_name="Jason",
        family_name="Kim",
        street="9154 2nd Street",
        postcode="98186",
        city="Seattle",
        country="US",
    )
    father_erp = keys(
        entity="customer",
        external_id="1",
        erp_customer_number="1",
        birth_date=date(1960, 12, 12),
        **base,
    )
    son_erp = keys(
        entity="customer",
        external_id="2",
        erp_customer_number="2",
        birth_date=date(1991, 2, 5),
        email="jasonkim@gmail.com",
        **base,
    )
    son_shop = keys(email="jasonkim@gmail.com", **base)
    father_shop = keys(email="kim563@gmail.com", **base)
    assert compare(father_erp, son_shop, S).decision == "same"  # alone it looks the same
    out = group_decisions(
        "block", [(1, father_erp), (2, son_erp), (3, son_shop), (4, father_shop)], S
    )
    same = {(d.id_a, d.id_b) for d in out if d.decision == "same"}
    assert same == {(2, 3)}


@pytest.mark.parametrize("size", [2, 5])
def test_oversized_block_is_sub_blocked_and_counted(size: int) -> None:
    members = [
        (
            i,
            keys(
                given_name=f"Name{chr(97 + i % 26)}x",
                family_name="Smith",
                postcode="E1",
                street="1 High St",
                country="GB",
            ),
        )
        for i in range(30)
    ]
    out = group_decisions("block", members, MatchSettings(max_block=size))
    assert out.skipped_pairs + out.compared_pairs == 30 * 29 // 2
    assert out.skipped_pairs > 0
