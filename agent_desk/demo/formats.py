"""Formatting helpers for the demo generator: scripts and encodings, money, dates, clocks, phones.

Everything here is pure and deterministic. The hot paths (dates, timestamps, money) use
pre-built string tables so that formatting a value is a list index and a concatenation.

* transliteration: Greek and Cyrillic to Latin, ASCII folding, and the cp1252-safe form a
  legacy ERP would store (cp1252 letters such as é ü ñ ß kept, everything else folded);
* money in integer cents: ERP style ``1.234,56`` / ``12,50-`` and API style ``"1234.56"``;
* :class:`Clock`: the demo's "now" (``as_of`` at 00:00 UTC), ``dd.mm.yyyy`` dates, ISO-8601
  timestamps in UTC (Zendesk) and in the shop's Europe/Berlin offset (Shopify);
* phone numbers: a phone is kept as its country and national significant number, and rendered
  in the styles people and systems really use (E.164, ``+49 30 …``, ``0049 …``, ``030/…``,
  ``(020) 7946 0018``, ``(212) 555-0123`` …).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence

# --- transliteration ------------------------------------------------------------------------

_GREEK_PAIRS = {
    "ου": "ou",
    "Ου": "Ou",
    "ΟΥ": "OU",
    "αυ": "av",
    "Αυ": "Av",
    "ευ": "ev",
    "Ευ": "Ev",
    "γγ": "ng",
    "γκ": "gk",
    "Μπ": "B",
    "Ντ": "D",
}
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
        [
            "a",
            "v",
            "g",
            "d",
            "e",
            "z",
            "i",
            "th",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "p",
            "r",
            "s",
            "s",
            "t",
            "y",
            "f",
            "ch",
            "ps",
            "o",
            "A",
            "V",
            "G",
            "D",
            "E",
            "Z",
            "I",
            "Th",
            "I",
            "K",
            "L",
            "M",
            "N",
            "X",
            "O",
            "P",
            "R",
            "S",
            "T",
            "Y",
            "F",
            "Ch",
            "Ps",
            "O",
        ],
        strict=True,
    )
)
_CYR_LOWER = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
_UKR_LOWER = {
    **_CYR_LOWER,
    "г": "h",
    "ґ": "g",
    "и": "y",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "'": "",
    "’": "",
}
_LATIN_FOLD = {
    "ł": "l",
    "Ł": "L",
    "ß": "ss",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ı": "i",
    "đ": "d",
    "Đ": "D",
    "þ": "th",
    "Þ": "Th",
}


def _cyr_table(lower: dict[str, str]) -> dict[str, str]:
    table = dict(lower)
    for src, dst in lower.items():
        up = src.upper()
        if up != src:
            table[up] = dst[:1].upper() + dst[1:]
    return table


_RUS = _cyr_table(_CYR_LOWER)
_UKR = _cyr_table(_UKR_LOWER)
_UKR_ONLY = set("іїєґІЇЄҐ")


def script_of(text: str) -> str:
    """``greek``, ``cyrillic`` or ``latin`` (by the first letter that decides)."""
    for ch in text:
        code = ord(ch)
        if 0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF:
            return "greek"
        if 0x400 <= code <= 0x4FF:
            return "cyrillic"
    return "latin"


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_latin(text: str, ukrainian: bool | None = None) -> str:
    """Greek/Cyrillic to Latin letters (ELOT-like / BGN-like); Latin text is returned as is."""
    script = script_of(text)
    if script == "greek":
        out = _strip_marks(text)
        for pair, repl in _GREEK_PAIRS.items():
            out = out.replace(pair, repl)
        return "".join(_GREEK.get(ch, ch) for ch in out)
    if script == "cyrillic":
        if not ukrainian:  # the Russian table has no і ї є ґ: never leave them in Latin text
            ukrainian = any(ch in _UKR_ONLY for ch in text)
        table = _UKR if ukrainian else _RUS
        return "".join(table.get(ch, ch) for ch in text)
    return text


def ascii_fold(text: str) -> str:
    """What a person types without a national keyboard: ``Łukasz`` -> ``Lukasz``."""
    latin = to_latin(text)
    latin = "".join(_LATIN_FOLD.get(ch, ch) for ch in latin)
    return _strip_marks(latin).encode("ascii", "ignore").decode("ascii")


def cp1252_safe(text: str) -> str:
    """The form an old cp1252 system stores: encodable letters kept, the rest folded."""
    if script_of(text) != "latin":
        text = to_latin(text)
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            folded = ascii_fold(ch)
            out.append(folded if folded else "?")
    return "".join(out)


def email_token(text: str) -> str:
    """A name as an e-mail local part has it: ``De Luca`` -> ``deluca``."""
    folded = ascii_fold(text).lower()
    return "".join(ch for ch in folded if ch.isalnum())


# --- money ----------------------------------------------------------------------------------


def erp_amount(cents: int) -> str:
    """ERP money: ``1.234,56``; negative amounts (credit notes, reversals) as ``12,50-``."""
    neg = cents < 0
    if neg:
        cents = -cents
    euros, rest = divmod(cents, 100)
    if euros >= 1000:
        text = f"{euros:,}".replace(",", ".") + f",{rest:02d}"
    else:
        text = f"{euros},{rest:02d}"
    return text + "-" if neg else text


def api_amount(cents: int) -> str:
    """API money as a string with a decimal point: ``"129.90"``, ``"-5.00"``."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros}.{rest:02d}"


# --- time -----------------------------------------------------------------------------------

DAY = 86400
EPOCH = dt.date(1970, 1, 1)


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


class Clock:
    """Time for one generation run; ``now`` is ``as_of`` 00:00 UTC and nothing is later.

    Days are integers (days since 1970-01-01), instants are integer epoch seconds.
    """

    __slots__ = (
        "_dmy",
        "_hms",
        "_off_at",
        "_off_val",
        "_ymd",
        "day0",
        "now",
        "now_day",
        "span",
        "start",
    )

    YEARS_BACK = 3
    FUTURE_DAYS = 6 * 366  # contract end dates lie up to a few years after as_of

    def __init__(self, as_of: dt.date) -> None:
        self.now_day = (as_of - EPOCH).days
        self.now = self.now_day * DAY
        self.span = self.YEARS_BACK * 365 * DAY
        self.start = self.now - self.span
        self.day0 = self.now_day - self.YEARS_BACK * 366 - 400
        days = self.now_day + self.FUTURE_DAYS - self.day0
        dmy: list[str] = []
        ymd: list[str] = []
        first = EPOCH + dt.timedelta(days=self.day0)
        one = dt.timedelta(days=1)
        for i in range(days):
            d = first + one * i
            dmy.append(f"{d.day:02d}.{d.month:02d}.{d.year:04d}")
            ymd.append(f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
        self._dmy = dmy
        self._ymd = ymd
        self._hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]
        # Europe/Berlin: CEST from the last Sunday of March 01:00 UTC to the last Sunday of
        # October 01:00 UTC, CET otherwise.
        at: list[int] = []
        val: list[int] = [3600]
        for year in range(first.year - 1, as_of.year + 8):
            at.append((_last_sunday(year, 3) - EPOCH).days * DAY + 3600)
            val.append(7200)
            at.append((_last_sunday(year, 10) - EPOCH).days * DAY + 3600)
            val.append(3600)
        self._off_at = at
        self._off_val = val

    # dates
    def dmy(self, day: int) -> str:
        """``dd.mm.yyyy`` of an epoch day (the ERP's date format)."""
        return self._dmy[day - self.day0]

    def ymd(self, day: int) -> str:
        return self._ymd[day - self.day0]

    # instants
    def iso_utc(self, ts: int) -> str:
        """``2024-03-05T13:23:11Z`` (Zendesk)."""
        day, sec = divmod(ts, DAY)
        return f"{self._ymd[day - self.day0]}T{self._hms[sec]}Z"

    def iso_shop(self, ts: int) -> str:
        """``2024-03-05T14:23:11+01:00`` in the shop's time zone (Europe/Berlin)."""
        off = self._off_val[bisect_right(self._off_at, ts)]
        day, sec = divmod(ts + off, DAY)
        return (
            f"{self._ymd[day - self.day0]}T{self._hms[sec]}{'+02:00' if off == 7200 else '+01:00'}"
        )

    @staticmethod
    def birth_dmy(day: int) -> str:
        d = EPOCH + dt.timedelta(days=day)
        return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


# --- phones ---------------------------------------------------------------------------------


class PhonePlan:
    """A number template such as ``30 [2-9]#######``: spaces mark display groups,
    ``#`` is any digit and ``[a-b]`` a digit in a..b."""

    __slots__ = ("atoms", "groups")

    def __init__(self, template: str) -> None:
        atoms: list[
            tuple[int, int, str]
        ] = []  # (kind, value, literal): 0 literal, 1 n digits, 2 range
        groups: list[int] = []
        count = 0
        i = 0
        while i < len(template):
            ch = template[i]
            if ch == " ":
                groups.append(count)
                count = 0
            elif ch == "#":
                if atoms and atoms[-1][0] == 1:
                    atoms[-1] = (1, atoms[-1][1] + 1, "")
                else:
                    atoms.append((1, 1, ""))
                count += 1
            elif ch == "[":
                end = template.index("]", i)
                low, high = template[i + 1 : end].split("-")
                atoms.append((2, int(low) * 10 + int(high), ""))
                count += 1
                i = end
            elif ch.isdigit():
                atoms.append((0, 0, ch))
                count += 1
            else:
                raise ValueError(f"bad phone template {template!r}")
            i += 1
        groups.append(count)
        self.atoms = tuple(atoms)
        self.groups = tuple(groups)

    def draw(self, rnd: Callable[[], float]) -> str:
        """Return a national significant number (digits only); ``rnd`` is ``Random.random``."""
        parts: list[str] = []
        for kind, value, literal in self.atoms:
            if kind == 0:
                parts.append(literal)
            elif kind == 1:
                parts.append(str(int(rnd() * 10**value)).zfill(value))
            else:
                low = value // 10
                parts.append(str(low + int(rnd() * (value % 10 + 1 - low))))
        return "".join(parts)


class Pattern:
    """A postcode template: ``#`` any digit, ``@`` a letter, ``[a-b]`` a digit in a..b, anything
    else literal (``SW11 #@@``, ``0[0-4]-###``, ``10## @@``)."""

    __slots__ = ("atoms",)

    def __init__(self, template: str) -> None:
        # (kind, n, text): 0 literal, 1 n digits, 2 digit range, 3 letter
        atoms: list[tuple[int, int, str]] = []
        i = 0
        while i < len(template):
            ch = template[i]
            if ch == "#":
                if atoms and atoms[-1][0] == 1:
                    atoms[-1] = (1, atoms[-1][1] + 1, "")
                else:
                    atoms.append((1, 1, ""))
            elif ch == "@":
                atoms.append((3, 0, ""))
            elif ch == "[":
                end = template.index("]", i)
                low, high = template[i + 1 : end].split("-")
                atoms.append((2, int(low) * 10 + int(high), ""))
                i = end
            elif atoms and atoms[-1][0] == 0:
                atoms[-1] = (0, 0, atoms[-1][2] + ch)
            else:
                atoms.append((0, 0, ch))
            i += 1
        self.atoms = tuple(atoms)

    def draw(self, rnd: Callable[[], float], letters: str) -> str:
        parts: list[str] = []
        for kind, value, literal in self.atoms:
            if kind == 0:
                parts.append(literal)
            elif kind == 1:
                parts.append(str(int(rnd() * 10**value)).zfill(value))
            elif kind == 2:
                low = value // 10
                parts.append(str(low + int(rnd() * (value % 10 + 1 - low))))
            else:
                parts.append(letters[int(rnd() * len(letters))])
        return "".join(parts)


def split_groups(nsn: str, groups: Sequence[int]) -> list[str]:
    out = []
    pos = 0
    for size in groups:
        out.append(nsn[pos : pos + size])
        pos += size
    if pos < len(nsn):
        out[-1] += nsn[pos:]
    return out


def format_phone(cc: str, trunk: str, nsn: str, groups: Sequence[int], style: str) -> str:
    """Render a number in one of the styles named in ``resources/demo/countries.json``."""
    if style == "e164":
        return f"+{cc}{nsn}"
    g = split_groups(nsn, groups)
    head, rest = g[0], g[1:]
    if style == "intl":
        return f"+{cc} {' '.join(g)}"
    if style == "intl_0":
        return f"+{cc} (0){' '.join(g)}"
    if style == "idd":
        return f"00{cc} {' '.join(g)}"
    if style == "nat":
        return f"{trunk}{' '.join(g)}"
    if style == "nat_compact":
        return f"{trunk}{nsn}"
    if style == "nat_slash":
        return f"{trunk}{head}/{''.join(rest)}"
    if style == "nat_dash":
        return f"{trunk}{head}-{''.join(rest)}"
    if style == "nat_paren":
        return f"({trunk}{head}) {' '.join(rest)}"
    if style == "nat_dot":
        return f"{trunk}{'.'.join(g)}"
    if style == "us_paren":
        return f"({head}) {rest[0]}-{''.join(rest[1:])}"
    if style == "us_dash":
        return "-".join(g)
    if style == "us_dot":
        return ".".join(g)
    if style == "us_1":
        return "1-" + "-".join(g)
    if style == "intl_dash":
        return f"+{cc} " + "-".join(g)
    raise ValueError(f"unknown phone style {style!r}")


PHONE_STYLES = (
    "e164",
    "intl",
    "intl_0",
    "idd",
    "nat",
    "nat_compact",
    "nat_slash",
    "nat_dash",
    "nat_paren",
    "nat_dot",
    "us_paren",
    "us_dash",
    "us_dot",
    "us_1",
    "intl_dash",
)
