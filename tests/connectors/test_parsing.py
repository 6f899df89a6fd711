"""Legacy-format parsers: examples from real exports, and properties over all inputs."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.parsing import decode, fixed_width, parse_date, parse_decimal


def german(amount: Decimal, trailing_minus: bool) -> str:
    """Format like a legacy ERP: 1.234,56 and 12,50- for negatives."""
    sign, digits = ("-" if amount < 0 else ""), f"{abs(amount):,.2f}"
    text = digits.replace(",", "X").replace(".", ",").replace("X", ".")
    if not sign:
        return text
    return text + "-" if trailing_minus else "-" + text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("12,50-", Decimal("-12.50")),
        ("-12,50", Decimal("-12.50")),
        ("(7,00)", Decimal("-7.00")),
        ("0,5", Decimal("0.5")),
        ("1.000.000", Decimal(1000000)),
        (" 42 ", Decimal(42)),
        ("+3,10", Decimal("3.10")),
    ],
)
def test_amounts_from_real_exports(text: str, value: Decimal) -> None:
    assert parse_decimal(text) == value


@pytest.mark.parametrize(
    "text", ["", "12,3,4", "1.23,00", "abc", "12,-5", "--1", "1.2345,00", "€5"]
)
def test_bad_amounts_say_why(text: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        parse_decimal(text)


def test_dot_decimal_without_thousands() -> None:
    assert parse_decimal("1234.56", decimal_sep=".", thousands_sep=None) == Decimal("1234.56")
    assert parse_decimal("1,234.56", decimal_sep=".", thousands_sep=",") == Decimal("1234.56")


@given(
    st.decimals(
        min_value=Decimal("-1e12"),
        max_value=Decimal("1e12"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.booleans(),
)
def test_any_formatted_amount_parses_back(amount: Decimal, trailing: bool) -> None:
    assert parse_decimal(german(amount, trailing)) == amount


@given(st.text(max_size=20))
def test_parse_decimal_never_fails_other_than_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):  # any other exception fails the test
        parse_decimal(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip_in_every_format(day: date) -> None:
    assert parse_date(day.strftime("%d.%m.%Y")) == day
    assert parse_date(day.strftime("%Y%m%d"), "yyyymmdd") == day
    assert parse_date(day.isoformat(), "yyyy-mm-dd") == day


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("31.02.2024", "dd.mm.yyyy"),
        ("2024-13-01", "yyyy-mm-dd"),
        ("1.1.24x", "dd.mm.yyyy"),
        ("", "yyyymmdd"),
    ],
)
def test_bad_dates_name_the_expected_format(text: str, fmt: str) -> None:
    with pytest.raises(ValueError, match=f"expected {fmt}"):
        parse_date(text, fmt)


def test_unknown_date_format_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"known: dd\.mm\.yyyy"):
        parse_date("1.1.2024", "dd-mm-yyyy")


def test_decoding() -> None:
    assert decode("Müller".encode("cp1252"), "cp1252") == "Müller"
    assert decode("Müller".encode("cp1252"), "auto") == "Müller"
    assert decode("\ufeffŁukasz".encode(), "auto") == "Łukasz"
    with pytest.raises(ValueError, match="not valid utf-8 at byte 1"):
        decode("Müller".encode("cp1252"), "utf-8")


def test_fixed_width_records() -> None:
    layout = {"CUST_NO": (1, 6), "NAME": (7, 10), "CITY": (17, 8)}
    assert fixed_width("100234Müller    Berlin  ", layout) == {
        "CUST_NO": "100234",
        "NAME": "Müller",
        "CITY": "Berlin",
    }
    assert fixed_width("100234Müller    Ber", layout)["CITY"] == "Ber"
    with pytest.raises(ValueError, match="too short for CITY"):
        fixed_width("100234Müller", layout)
