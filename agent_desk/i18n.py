"""Translation and locale formatting, without Qt.

Every string a person reads is written in English in the source and wrapped where it is used::

    translate("Suggestions", "Offer {name}").format(name=product.name)
    translate("FollowUp", "%n overdue promise(s)", None, count)

``pyside6-lupdate`` finds these calls (the function must be called ``translate`` and its first two
arguments must be string literals) and writes them to ``resources/translations/*.ts``; see
``docs/translating.md``. Placeholders are ``str.format`` names, filled in *after* translation,
so a translator may move them. A string defined before the translation is loaded (a module-level
table) is marked with :func:`QT_TRANSLATE_NOOP` and translated where it is shown.

The core never imports Qt: without a hook (the CLI, the core's tests) :func:`translate` returns
the English text, with ``%n`` replaced and ``(s)`` plurals resolved. The desktop app installs a
hook that asks Qt's translators (:mod:`agent_desk.ui.language`) and a :class:`Formats` that
formats dates, times, numbers and money with the user's ``QLocale``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

Hook = Callable[[str, str, "str | None", int], str]

_PLURAL = re.compile(r"\(s\)|\(es\)")


def english(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """The source text itself: ``%n`` becomes ``n``; ``(s)``/``(es)`` are kept for n != 1."""
    del context, disambiguation
    if n < 0:
        return text
    text = text.replace("%n", str(n))
    return _PLURAL.sub(lambda m: "" if n == 1 else m.group(0)[1:-1], text)


_hook: Hook = english


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the user's language (English until a translation is installed)."""
    return _hook(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation where it is defined; :func:`translate` it where it is shown
    (``translate(context, text)`` with the same context)."""
    del context
    return text


def install(hook: Hook | None) -> None:
    """Route :func:`translate` through ``hook`` (None: back to English)."""
    global _hook
    _hook = hook or english


class Formats:
    """Dates, times, numbers and money as a person reads them. This default is British English,
    the same on every machine; the desktop app installs one that follows the user's locale."""

    def date(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        """A date with its year: ``14 Aug 2026``."""
        return f"{local(value, zone):%d %b %Y}"

    def day_month(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        """A date near enough not to need its year: ``14 Aug``."""
        return f"{local(value, zone):%d %b}"

    def month_year(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        """A month: ``Aug 2026``."""
        return f"{local(value, zone):%b %Y}"

    def long_date(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        """A day heading: ``Friday 14 August 2026``."""
        return f"{local(value, zone):%A %d %B %Y}"

    def weekday_time(self, value: dt.datetime, zone: dt.tzinfo | None = None) -> str:
        """A due time this week or next: ``Fri 14 Aug 09:30``."""
        return f"{local(value, zone):%a %d %b %H:%M}"

    def time(self, value: dt.datetime | dt.time, zone: dt.tzinfo | None = None) -> str:
        """``09:30``."""
        return f"{local(value, zone) if isinstance(value, dt.datetime) else value:%H:%M}"

    def date_time(
        self, value: dt.datetime, zone: dt.tzinfo | None = None, seconds: bool = False
    ) -> str:
        """``2026-08-14 09:30`` (a sortable column)."""
        pattern = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
        return local(value, zone).strftime(pattern)

    def number(self, value: float | int | Decimal, decimals: int = 0) -> str:
        """``1,234`` or, with decimals, ``1,234.50``."""
        return f"{value:,.{decimals}f}"

    def percent(self, value: float, decimals: int = 0) -> str:
        """A share from 0 to 1 as ``77%``."""
        return f"{value * 100:.{decimals}f}%"

    def money(self, amount: Decimal | float | int, currency: str | None) -> str:
        """``1,234.50 EUR`` (the ISO code: a call center sells in more than one currency)."""
        number = self.number(amount, 2)
        return f"{number} {currency}" if currency else number


def local(value: dt.date | dt.datetime, zone: dt.tzinfo | None) -> dt.date | dt.datetime:
    """An aware datetime in ``zone`` (None: the computer's); a date or naive time as it is."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(zone)
    return value


_formats: Formats = Formats()


def install_formats(chosen: Formats | None) -> None:
    """Format through ``chosen`` from now on (None: the British English default)."""
    global _formats
    _formats = chosen or Formats()


def fmt() -> Formats:
    """The formats in force (ask at each use: the app installs its own after start-up)."""
    return _formats
