"""The rules added to raise recall (each test fails without its rule) and the fast paths of
match_keys (each compared with the slow, reference path)."""

from __future__ import annotations

import random
from dataclasses import replace

import phonenumbers
import pytest

from agent_desk.identity import normalize
from agent_desk.identity.normalize import name_key, normalize_phone
from agent_desk.identity.scoring import (
    MatchSettings,
    compare,
    contradicts,
    group_decisions,
    is_misspelt_nickname,
    is_mobile,
)
from tests.identity import keys

S = MatchSettings()


# --- names ---------------------------------------------------------------------------------


def test_lone_given_name_matches_a_swapped_erp_name() -> None:
    erp = keys(
        external_id="206884",
        erp_customer_number="206884",
        given_name="Foster",  # legacy ERP row with the fields swapped
        family_name="Matthew",
        email="matthew.foster66@example.com",
        country="GB",
    )
    user = keys(entity="user", display_name="Matthew", email="matthew.foster66@example.com")
    assert not contradicts(erp, user)
    c = compare(erp, user, S)
    assert c.decision == "same"
    # ... but a lone given name equal to neither name still contradicts
    assert contradicts(erp, replace(user, given_name="james"))


def test_full_name_split_differently_agrees() -> None:
    erp = keys(given_name="María Pilar", family_name="Mora Rojas", email="mp@gmail.com")
    user = keys(entity="user", display_name="Maria Pilar Mora", email="mp@gmail.com")
    assert (user.given_name, user.family_name) == ("maria", "pilar mora")
    assert not contradicts(erp, user)
    assert compare(erp, user, S).decision == "same"


def test_two_given_names_alone_do_not_confirm_a_family_name() -> None:
    erp = keys(given_name="María Pilar", family_name="Mora Rojas", postcode="28001")
    user = keys(entity="user", display_name="María Pilar")  # read as maria / pilar
    other = keys(given_name="María Pilar", family_name="Gómez Ruiz", postcode="28001")
    assert not contradicts(erp, user)  # the given names agree, nothing else is known
    assert not contradicts(other, user)
    assert contradicts(erp, other)


def test_misspelt_nickname_is_not_a_different_given_name() -> None:
    assert is_misspelt_nickname("bill", "wiilliam")
    assert is_misspelt_nickname("duglas", "doug")
    assert not is_misspelt_nickname("bill", "robert")
    a = keys(given_name="Wiilliam", family_name="Cooper", email="wcooper@yahoo.com")
    b = keys(given_name="Bill", family_name="Cooper", email="wcooper@yahoo.com")
    assert not contradicts(a, b)
    assert compare(a, b, S).decision == "same"


# --- phone ---------------------------------------------------------------------------------


def test_same_mobile_and_full_name_merge_despite_different_emails() -> None:
    erp = keys(
        external_id="1",
        erp_customer_number="1",
        given_name="Dawid",
        family_name="BORKOWSKI",
        email="dawid.borkowski@kowalski-logistyka.example",
        phone="880 850 105",
        postcode="90-196",
        city="Łódź",
        country="PL",
    )
    shop = keys(
        given_name="Dawid",
        family_name="Borkowski",
        email="dawidborkowski@example.com",
        phone="+48 880850105",
        postcode="02-380",
        city="Warszawa",
        country="PL",
    )
    assert is_mobile(erp.phone or "")
    c = compare(erp, shop, S)
    assert (c.decision, c.rule) == ("same", "phone")
    # a landline (a switchboard, a family line) with different e-mails is not enough
    landline = replace(erp, phone="+48221234567")
    assert not is_mobile("+48221234567")
    assert compare(landline, replace(shop, phone="+48221234567"), S).decision != "same"
    # nor a mobile shared by two persons with different names
    assert compare(erp, replace(shop, given_name="marek"), S).decision != "same"


# --- shared groups ---------------------------------------------------------------------------


def test_first_name_on_a_household_mailbox_fits_one_person() -> None:
    mailbox = "dewit.family@hotmail.com"
    petra = keys(
        given_name="Petra", family_name="de Wit", email=mailbox, postcode="7578AV", country="NL"
    )
    jan = keys(
        given_name="Jan", family_name="de Wit", email=mailbox, postcode="7578AV", country="NL"
    )
    user = keys(entity="user", display_name="Petra", email=mailbox)
    nameless = keys(entity="user", display_name="dewit.family", email=mailbox)
    out = group_decisions("email", [(1, petra), (2, jan), (3, user), (4, nameless)], S)
    same = {(d.id_a, d.id_b) for d in out if d.decision == "same"}
    assert same == {(1, 3)}
    # two persons whose given name fits: the first name says nothing
    petra2 = replace(petra, family_name="bakker", postcode="1011AA")
    out = group_decisions("email", [(1, petra), (2, jan), (3, user), (5, petra2)], S)
    assert not [d for d in out if d.decision == "same" and 3 in (d.id_a, d.id_b)]


# --- fast paths ------------------------------------------------------------------------------

_STYLES = (
    "{cc_plus} {nsn}",
    "{cc_plus}{nsn}",
    "00{cc} {nsn}",
    "{cc_plus} ({trunk}){nsn}",
    "{trunk}{nsn}",
    "{trunk}{nsn_dash}",
    "({trunk}{head}) {tail}",
    "{trunk}{head}/{tail}",
    "{nsn}",
    "{cc}{nsn}",
    "{cc_plus}.{head}.{tail}",
)


def _sample_numbers(rng: random.Random) -> list[tuple[str, str]]:
    out = []
    for region in ("DE", "GB", "US", "PL", "TR", "GR", "ES", "FR", "IT", "NL", "AT", "CH", "RU"):
        cc = str(phonenumbers.country_code_for_region(region))
        for kind in ("mobile", "fixed_line", "toll_free"):
            example = phonenumbers.example_number_for_type(
                region, getattr(phonenumbers.PhoneNumberType, kind.upper())
            )
            if example is None:
                continue
            base = str(example.national_number)
            if example.italian_leading_zero:
                base = "0" + base
            for _ in range(25):
                nsn = base[:2] + "".join(rng.choice("0123456789") for _ in base[2:])
                nsn = nsn[: len(nsn) + rng.choice((-1, 0, 0, 0, 1))] or nsn
                head, tail = nsn[:3], nsn[3:]
                trunk = rng.choice(("0", "0", "", "1", "8"))
                for style in _STYLES:
                    text = style.format(
                        cc_plus="+" + cc,
                        cc=cc,
                        nsn=nsn,
                        nsn_dash=f"{head}-{tail}",
                        head=head,
                        tail=tail,
                        trunk=trunk,
                    )
                    out.append((text, region))
    return out


def test_phone_fast_path_equals_phonenumbers() -> None:
    numbers = _sample_numbers(random.Random(5))
    assert len(numbers) > 5000
    fast = 0
    for text, region in numbers:
        for hint in (region, "DE"):
            expected = normalize._slow_phone(text, hint)
            assert normalize._phone.__wrapped__(text, hint) == expected, (text, hint)
            digits = text.translate(normalize._PHONE_SEPARATORS)
            if digits.startswith("00"):
                digits = "+" + digits[2:]
            fast += normalize._fast_phone(digits, hint) is not None
    assert fast > len(numbers) // 2  # the fast path is taken for most plain numbers


def test_phone_fast_path_answers() -> None:
    assert normalize_phone("+49 30 1234567") == "+49301234567"
    assert normalize_phone("0049 (0)30 1234567") == "+49301234567"  # via phonenumbers
    assert normalize_phone("030/1234567", "DE") == "+49301234567"
    assert normalize_phone("06 12345678", "NL") == "+31612345678"
    assert normalize_phone("02 12345678", "IT") == "+390212345678"  # Italian leading zero
    assert normalize_phone("+1 212-555-0123") == "+12125550123"
    assert normalize_phone("+49 1") is None
    assert normalize._fast_phone("+49301234567", None) == "+49301234567"
    assert normalize._fast_phone("+4901234567", None) is None  # a trunk 0: left to the parser


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  O'Brien-SMITH ", "obrien smith"),
        ("van der Berg", "van der berg"),
        ("Anna_Maria", "anna maria"),
        ("García-López", "garcia lopez"),
        ("---", None),
    ],
)
def test_name_key_ascii_fast_path(text: str, key: str | None) -> None:
    assert name_key(text) == key
    # the fast path agrees with the full Unicode path on the same text
    assert normalize._NON_WORD.sub(
        " ", normalize._strip_marks(text.casefold()).translate(normalize._SPECIAL)
    ).strip() == (key or "")
