"""CSV cells a spreadsheet opens as text: a value that starts like a formula (``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe, so a customer name
or a typed promise such as ``=HYPERLINK(...)`` never runs as a formula in the lead's Excel."""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """``value`` as a CSV cell: text that could be read as a formula is quoted with '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def row(values: list[Any]) -> list[Any]:
    return [cell(v) for v in values]
