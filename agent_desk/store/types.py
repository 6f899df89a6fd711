"""Column types that behave the same on SQLite and PostgreSQL.

- :class:`UTCDateTime`: always timezone-aware UTC in Python. PostgreSQL stores ``timestamptz``;
  SQLite stores naive UTC text. A naive datetime is refused rather than guessed at.
- :class:`Money`: an exact :class:`~decimal.Decimal` with four decimal places. PostgreSQL stores
  ``NUMERIC(19,4)``; SQLite has no exact decimal, so it stores the amount in ten-thousandths as
  an integer (exact, sortable, and ``SUM``/``MIN``/``MAX`` of a Money column stay exact). The
  currency is a separate column. Do not multiply Money columns inside SQL (``qty * price``): on
  SQLite the result is in scaled units and loses the Money type. Store the line total in its
  own Money column, or do the arithmetic in Python on Decimals.
- :data:`JSONDoc`: JSON on SQLite, JSONB on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Numeric
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator, TypeEngine

_SCALE = Decimal(10_000)
_QUANT = Decimal("0.0001")


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(DateTime(timezone=False))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: store times in UTC with a timezone")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    impl = Numeric(19, 4)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(19, 4, asdecimal=True))

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be a Decimal, int or str, never a float")
        amount = Decimal(value).quantize(_QUANT, rounding=ROUND_HALF_EVEN)
        if dialect.name == "sqlite":
            return int(amount * _SCALE)
        return amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / _SCALE).quantize(_QUANT)
        return Decimal(value).quantize(_QUANT)


JSONDoc = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)
