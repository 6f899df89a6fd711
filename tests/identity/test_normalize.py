"""Normalizers: e-mail, phone, names, addresses, match keys."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from agent_desk.identity.normalize import (
    city_key,
    match_keys,
    name_key,
    normalize_email,
    normalize_phone,
    postcode_key,
    street_key,
)
from connectors.base import PersonRecord


def test_email_gmail_dots_tags_and_googlemail() -> None:
    assert normalize_email("  J.Smith+shop@GoogleMail.com ") == "jsmith@gmail.com"
    assert normalize_email("jsmith@gmail.com") == "jsmith@gmail.com"
    assert normalize_email("anna+news@outlook.com") == "anna@outlook.com"
    assert normalize_email("anna+x@hotmail.co.uk") == "anna@hotmail.co.uk"
    assert normalize_email("Anna.Berg@web.de") == "anna.berg@web.de"  # dots matter elsewhere
    assert normalize_email("anna+x@web.de") == "anna+x@web.de"  # tags unknown elsewhere


def test_email_junk_is_none() -> None:
    for junk in (None, "", "   ", "no-at-sign", "@example.com", "a@", "a b@example.com", "a@b"):
        assert normalize_email(junk) is None, junk
    assert normalize_email("+tag@gmail.com") is None


def test_phone_formats_agree() -> None:
    e164 = "+493012345678"
    for text in (
        "030 12345678",
        "030/12345678",
        "+49 30 12345678",
        "0049 30 1234 5678",
        "+49 (0)30 12345678",
        "(030) 1234-5678",
    ):
        assert normalize_phone(text, "DE", "GB") == e164, text
    assert normalize_phone("07700 900123", None, "GB") == "+447700900123"
    assert normalize_phone("(212) 555-0123", "US", "DE") == "+12125550123"
    assert normalize_phone("+1 212 555 0123", "DE", "DE") == "+12125550123"


def test_phone_junk_is_none() -> None:
    for junk in (None, "", "n/a", "123", "+49 1", "++++", "0" * 30):
        assert normalize_phone(junk, "DE", "DE") is None, junk


def test_name_key_folds_accents_scripts_and_punctuation() -> None:
    assert name_key("  GARCÍA-López ") == "garcia lopez"
    assert name_key("Łukasz") == name_key("Lukasz") == "lukasz"
    assert name_key("Straße") == "strasse"
    assert name_key("O'Brien") == "obrien"
    assert name_key("Işık") == name_key("ISIK") == "isik"
    assert name_key("İbrahim") == "ibrahim"
    assert name_key("Ζωή Σταθοπούλου") == name_key("Zoi Stathopoulou") == "zoi stathopoulou"
    assert name_key("Γιώργος Παπαδόπουλος") == "giorgos papadopoulos"
    assert name_key("Ντίνος Μπακογιάννης") == "dinos bakogiannis"
    assert name_key("Ольга Иванова") == "olga ivanova"
    assert name_key("Søren Æbelø") == "soren aebelo"
    assert name_key("...") is None
    assert name_key(None) is None


def test_name_keys_of_the_demo_spellings_agree() -> None:
    from agent_desk.demo.formats import ascii_fold, cp1252_safe, to_latin

    for real in (
        "Αικατερίνη Ευαγγέλου",
        "Μπάμπης Ντόκος",
        "Дмитрий Соколов",
        "Jürgen Groß",
        "Małgorzata Wójcik",
        "Şükrü Öztürk",
        "José Martínez",
    ):
        forms = {name_key(f) for f in (real, to_latin(real), ascii_fold(real), cp1252_safe(real))}
        assert len(forms) == 1, (real, forms)


def test_address_keys() -> None:
    assert street_key("Hauptstr. 5") == street_key("Hauptstraße 5") == "hauptstrasse 5"
    assert street_key("ul. Długa 3/4") == "ulica dluga 3 4"
    assert street_key("12 High St") == "12 high street"
    assert postcode_key(" sw1a 1aa ", "GB") == "SW1A1AA"
    assert postcode_key("00-950", "PL") == "00950"
    assert postcode_key("12345-6789", "US") == "12345"
    assert postcode_key(" - ", "DE") is None
    assert city_key("Αθήνα") == city_key("Athina") == "athina"


def test_match_keys_of_a_zendesk_user_split_the_display_name() -> None:
    rec = PersonRecord(
        entity="user",
        external_id="7",
        display_name="Renate Fuchs-Berg",
        email="R.Fuchs@Web.de",
        phone="0171 2345678",
        payload={"locale": "de"},
    )
    k = match_keys(rec, "GB")
    assert (k.given_name, k.family_name) == ("renate", "fuchs berg")
    assert k.email == "r.fuchs@web.de"
    assert k.phone == "+491712345678"  # read as German from the locale, not the default
    assert k.block_a is None and k.block_b is None  # no address: no fuzzy block


def test_match_keys_name_from_email_local_part_is_not_a_name() -> None:
    rec = PersonRecord(
        entity="user", external_id="8", display_name="leon.kuhn", email="leon.kuhn@gmail.com"
    )
    k = match_keys(rec, "DE")
    assert k.given_name is None and k.family_name is None


def test_match_keys_of_an_erp_row() -> None:
    rec = PersonRecord(
        entity="customer",
        external_id="100004",
        given_name="KUHN",
        family_name="Leon",
        email="",
        phone="(030) 1234 5678",
        street="Hauptstr. 5",
        postcode="10115",
        city="Berlin",
        country="DE",
        birth_date=date(1980, 1, 2),
        erp_customer_number="100004",
    )
    k = match_keys(rec, "GB")
    assert k.erp_own and k.email is None and k.phone == "+493012345678"
    assert k.block_a == "a|DE|10115|5"
    assert k.block_b == "b|berlin|ku|le"  # the same whichever field holds which name
    swapped = match_keys(
        PersonRecord(
            entity="customer", external_id="1", given_name="Leon", family_name="Kuhn", city="Berlin"
        ),
        "DE",
    )
    assert swapped.block_b == k.block_b
    assert len(k.block_a or "") <= 80


text = st.text(max_size=60)


@given(text)
def test_name_key_is_idempotent_and_never_raises(value: str) -> None:
    key = name_key(value)
    if key is not None:
        assert name_key(key) == key
        assert key == key.strip() and "  " not in key


@given(st.from_regex(r"[A-Za-zÀ-ÿ' \-]{0,30}", fullmatch=True))
def test_name_key_ignores_case_of_latin_names(value: str) -> None:
    assert name_key(value.upper()) == name_key(value.lower()) == name_key(value)


@given(text)
def test_email_is_idempotent_and_case_blind(value: str) -> None:
    key = normalize_email(value)
    if key is not None:
        assert normalize_email(key) == key
        assert "@" in key
    assert normalize_email(value.upper()) == normalize_email(value.lower())


@given(text, st.sampled_from([None, "DE", "GB", "US", "PL", "XX", ""]))
def test_phone_never_raises_and_is_idempotent(value: str, region: str | None) -> None:
    key = normalize_phone(value, region, "DE")
    if key is not None:
        assert key.startswith("+") and key[1:].isdigit()
        assert normalize_phone(key, region, "DE") == key


@given(text, text)
def test_address_keys_never_raise_and_are_idempotent(value: str, country: str) -> None:
    for fn in (street_key, city_key):
        key = fn(value)
        if key is not None:
            assert fn(key) == key
    pc = postcode_key(value, country)
    if pc is not None:
        assert postcode_key(pc, country) == pc
