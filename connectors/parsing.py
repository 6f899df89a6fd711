"""Parsing helpers for legacy exports: decimal commas, trailing minus, ``dd.mm.yyyy``, cp1252.

Every parser raises :class:`ValueError` with a message that says what was expected, so a
connector can report "customers.csv line 17: bad amount '12,3,4' (expected …)" and go on.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")
DATE_FORMATS = {
    "dd.mm.yyyy": "%d.%m.%Y",
    "dd.mm.yy": "%d.%m.%y",
    "yyyymmdd": "%Y%m%d",
    "yyyy-mm-dd": "%Y-%m-%d",
    "dd/mm/yyyy": "%d/%m/%Y",
    "mm/dd/yyyy": "%m/%d/%Y",
}


def parse_decimal(text: str, decimal_sep: str = ",", thousands_sep: str | None = ".") -> Decimal:
    """``1.234,56`` -> 1234.56; ``12,50-`` and ``-12,50`` -> -12.50; ``(12,50)`` -> -12.50."""
    raw = text.strip()
    if not raw:
        raise ValueError("empty amount")
    negative = False
    if raw.endswith("-"):
        negative, raw = True, raw[:-1].rstrip()
    elif raw.startswith("-"):
        negative, raw = True, raw[1:].lstrip()
    elif raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1].strip()
    elif raw.startswith("+"):
        raw = raw[1:].lstrip()
    if thousands_sep:
        groups = raw.split(decimal_sep)
        if len(groups) > 2:
            raise ValueError(f"bad amount {text!r}: more than one '{decimal_sep}'")
        integer = groups[0]
        if thousands_sep in integer:
            parts = integer.split(thousands_sep)
            if not parts[0] or any(len(p) != 3 or not p.isdigit() for p in parts[1:]):
                raise ValueError(f"bad amount {text!r}: misplaced '{thousands_sep}'")
            integer = "".join(parts)
        raw = integer + ("." + groups[1] if len(groups) == 2 else "")
    elif decimal_sep != ".":
        raw = raw.replace(decimal_sep, ".", 1)
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", raw):
        raise ValueError(
            f"bad amount {text!r} (expected digits with '{decimal_sep}' as decimal separator)"
        )
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"bad amount {text!r}") from None
    return -value if negative else value


def parse_date(text: str, fmt: str = "dd.mm.yyyy") -> date:
    """Parse a date in one of :data:`DATE_FORMATS` (named the way a legacy spec names them)."""
    return _parse_date(text, fmt)


@lru_cache(maxsize=65_536)  # exports repeat their dates; strptime is slow
def _parse_date(text: str, fmt: str) -> date:
    try:
        pattern = DATE_FORMATS[fmt]
    except KeyError:
        known = ", ".join(DATE_FORMATS)
        raise ValueError(f"unknown date format {fmt!r} (known: {known})") from None
    raw = text.strip()
    try:
        return datetime.strptime(raw, pattern).date()
    except ValueError:
        raise ValueError(f"bad date {text!r} (expected {fmt})") from None


def decode(data: bytes, encoding: str) -> str:
    """Decode with the declared encoding; ``auto`` tries UTF-8 first, then cp1252, latin-1."""
    if encoding != "auto":
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"not valid {encoding} at byte {exc.start} (check the source's 'encoding' setting)"
            ) from None
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r}") from None
    for candidate in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def fixed_width(line: str, layout: dict[str, tuple[int, int]]) -> dict[str, str]:
    """Cut a fixed-width record: ``{"CUST_NO": (1, 6)}`` is columns 1-6 (1-based start, length)."""
    out = {}
    for name, (start, length) in layout.items():
        if start < 1 or length < 1:
            raise ValueError(f"bad layout for {name}: start {start}, length {length}")
        if start > len(line):  # a trailing field cut short is fine: exports trim blanks
            raise ValueError(f"record too short for {name} (columns {start}-{start + length - 1})")
        out[name] = line[start - 1 : start - 1 + length].strip()
    return out
