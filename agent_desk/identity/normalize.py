"""Normalized match keys of a person record: the pure, I/O-free first step of identity matching.

Every function here takes text as a source wrote it and returns a comparable key, or ``None``
when the value is junk. They never raise on arbitrary text and are idempotent (a key normalizes
to itself), so the sync engine can store the keys as columns and the resolver can compare them
with ``==``.

* :func:`normalize_email`: trimmed, lower-case; provider-specific folding (see
  :data:`PLUS_TAG_DOMAINS` and :data:`DOT_BLIND_DOMAINS`);
* :func:`normalize_phone`: E.164, cached; plain numbers (``+``/``00``/trunk-0 and digits with
  spaces, dashes, dots, slashes, parentheses) take a fast path checked against the
  ``phonenumbers`` metadata (possible lengths, general pattern), the rest is parsed;
* :func:`name_key`: case-folded, accents and special letters folded, Greek and Cyrillic
  transliterated the way the demo systems (and ELOT 743 / BGN-like tables) write them in Latin;
* :func:`postcode_key`, :func:`street_key`, :func:`city_key`;
* :class:`MatchKeys` / :func:`match_keys`: all of them for one
  :class:`~connectors.base.PersonRecord`, plus the two blocking keys for the fuzzy pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import phonenumbers

from connectors.base import PersonRecord

# --- e-mail --------------------------------------------------------------------------------------

#: Domains whose mailboxes ignore dots in the local part (``j.smith`` == ``jsmith``).
DOT_BLIND_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
#: Domains (exact) that deliver ``local+tag@domain`` to ``local@domain``.
PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "fastmail.com",
        "fastmail.fm",
        "proton.me",
        "protonmail.com",
        "protonmail.ch",
        "pm.me",
    }
)
#: Domain families (any country suffix, e.g. ``hotmail.co.uk``, ``live.de``) with +tags.
PLUS_TAG_FAMILIES = ("hotmail.", "live.", "outlook.")

_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


_BAD_LOCAL = re.compile(r"[\s@]")


def _plus_tags(domain: str) -> bool:
    return domain in PLUS_TAG_DOMAINS or domain.startswith(PLUS_TAG_FAMILIES)


def normalize_email(text: str | None) -> str | None:
    """The mailbox an address reaches, or ``None`` for junk.

    Trimmed (also ``mailto:`` and ``<…>``), lower-cased; for Gmail (``gmail.com`` and
    ``googlemail.com``, the latter mapped to ``gmail.com``) dots in the local part are dropped;
    ``+tags`` are dropped for the providers that ignore them: Gmail, Outlook.com / Hotmail /
    Live (any country domain), iCloud (icloud.com, me.com, mac.com), Fastmail (fastmail.com,
    fastmail.fm) and Proton (proton.me, protonmail.com, protonmail.ch, pm.me). Other domains
    keep the local part as written (their servers may treat ``+`` and ``.`` as significant).
    """
    if not text:
        return None
    value = text.strip().lower()
    if value.startswith("mailto:"):
        value = value[7:].strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    local, at, domain = value.rpartition("@")
    domain = domain.rstrip(".")
    if not at or not local or not domain or _BAD_LOCAL.search(local):
        return None
    if not _DOMAIN.match(domain):
        return None
    if domain == "googlemail.com":
        domain = "gmail.com"
    if _plus_tags(domain):
        local = local.split("+", 1)[0]
    if domain in DOT_BLIND_DOMAINS:
        local = local.replace(".", "")
    if not local:
        return None
    return f"{local}@{domain}"


# --- phone ---------------------------------------------------------------------------------------

_PHONE_JUNK = re.compile(r"[^\d+]")
#: Text that is nothing but digits, a leading ``+`` and the usual separators: the fast path.
_PHONE_PLAIN = re.compile(r"\+?[\d \-./()]+")
_PHONE_SEPARATORS = str.maketrans("", "", " -./()")


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the fast path needs of one region's ``phonenumbers`` metadata."""

    cc: str
    lengths: frozenset[int]
    pattern: re.Pattern[str]  # the general national-number pattern (full match)
    trunk_zero: bool  # the national prefix is "0" (and nothing else is stripped)
    strips: re.Pattern[str] | None  # national_prefix_for_parsing


@lru_cache(maxsize=512)
def _plan(region: str | None = None, cc: int | None = None) -> _Plan | None:
    if cc is not None:
        region = phonenumbers.region_code_for_country_code(cc)
    if not region or region == "ZZ":
        return None
    md = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if md is None or md.general_desc is None or md.general_desc.national_number_pattern is None:
        return None
    npfp = md.national_prefix_for_parsing
    return _Plan(
        cc=str(md.country_code),
        lengths=frozenset(md.general_desc.possible_length),
        pattern=re.compile(md.general_desc.national_number_pattern),
        trunk_zero=md.national_prefix == "0"
        and npfp is not None
        and npfp.split("|")[0] == "0"
        and md.national_prefix_transform_rule is None,
        strips=re.compile(npfp) if npfp else None,
    )


def _fast_phone(digits: str, region: str | None) -> str | None:
    """E.164 of ``digits`` (only digits, maybe a leading ``+``) without ``phonenumbers.parse``,
    or ``None`` when the number is not a plain case (then the caller parses it).

    Plain: ``+<country code><national number>`` whose national number does not start with 0 or
    with the region's national prefix; a national number written with the trunk prefix 0 of a
    region whose only national prefix is 0, or without any prefix the region would strip. In
    every case the national number must match the region's general pattern with one of its
    possible lengths. ``parse`` gives the same
    answer for these (``tests/identity/test_normalize.py`` compares both on many numbers).
    """
    if digits.startswith("+"):
        rest = digits[1:]
        for k in (1, 2, 3):
            code = int(rest[:k]) if len(rest) > k else 0
            if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                plan = _plan(cc=code)
                nsn = rest[k:]
                break
        else:
            return None
        if plan is None or (plan.strips is not None and plan.strips.match(nsn)):
            return None
    else:
        plan = _plan(region) if region else None
        if plan is None:
            return None
        if plan.trunk_zero and digits.startswith("0"):
            nsn = digits[1:]
        elif plan.strips is None or not plan.strips.match(digits):
            nsn = digits  # nothing to strip (a country code in front makes it too long)
        else:
            return None
    if (
        not nsn
        or nsn[0] == "0"
        or len(nsn) not in plan.lengths
        or plan.pattern.fullmatch(nsn) is None
    ):
        return None
    return f"+{plan.cc}{nsn}"


@lru_cache(maxsize=262_144)
def _phone(text: str, region: str | None) -> str | None:
    if _PHONE_PLAIN.fullmatch(text):
        digits = text.translate(_PHONE_SEPARATORS)
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        fast = _fast_phone(digits, region)
        if fast is not None:
            return fast
    return _slow_phone(text, region)


def _slow_phone(text: str, region: str | None) -> str | None:
    digits = _PHONE_JUNK.sub("", text)
    if digits.startswith("+"):
        digits = "+" + digits[1:].replace("+", "")
    elif digits.startswith("00"):
        digits = "+" + digits[2:].replace("+", "")
    else:
        digits = digits.replace("+", "")
    if sum(ch.isdigit() for ch in digits) < 6 or len(digits) > 20:
        return None
    try:
        number = phonenumbers.parse(digits, None if digits.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(
    text: str | None, region_hint: str | None = None, default_region: str | None = "DE"
) -> str | None:
    """E.164 (``+493012345678``) or ``None`` when it cannot be parsed or is not possible.

    A number written with ``+`` or ``00`` is international; otherwise it is read as a national
    number of ``region_hint`` (the record's country) or, without one, ``default_region``. Results
    are cached by (text, region): parsing costs tens of microseconds.
    """
    if not text:
        return None
    region = (region_hint or default_region or "").strip().upper() or None
    if region is not None and len(region) != 2:
        region = None
    return _phone(text.strip()[:64], region)


# --- names ---------------------------------------------------------------------------------------

_GREEK_PAIRS = (
    ("ου", "ou"),
    ("αυ", "av"),
    ("ευ", "ev"),
    ("γγ", "ng"),
    ("γκ", "gk"),
)
_GREEK_START = (("μπ", "b"), ("ντ", "d"))
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
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
        ],
        strict=True,
    )
)
_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_UKR = {**_CYR, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye"}
_UKR_ONLY = frozenset("іїєґ")
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ŀ": "l",
        "ħ": "h",
        "ŧ": "t",
        "ſ": "s",
        "’": "",
        "'": "",
        "`": "",
        "´": "",
    }
)
_NON_WORD = re.compile(r"[\W_]+")


def _strip_marks(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


_GREEK_CHARS = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_CYRILLIC_CHARS = re.compile("[\u0400-\u04ff]")


def _translit(text: str) -> str:
    """Lower-case Greek and Cyrillic to Latin (same tables as the demo's ``to_latin``)."""
    if _GREEK_CHARS.search(text):
        text = _strip_marks(text)
        for pair, repl in _GREEK_START:
            text = re.sub(rf"(?<!\w){pair}", repl, text)
        for pair, repl in _GREEK_PAIRS:
            text = text.replace(pair, repl)
        text = "".join(_GREEK.get(ch, ch) for ch in text)
    if _CYRILLIC_CHARS.search(text):
        table = _UKR if any(ch in _UKR_ONLY for ch in text) else _CYR
        text = "".join(table.get(ch, ch) for ch in text)
    return text


@lru_cache(maxsize=262_144)
def _name_key(text: str) -> str | None:
    if text.isascii():  # the common case: no script, marks or special letters to fold
        return _NON_WORD.sub(" ", text.lower().translate(_ASCII_DROP)).strip() or None
    value = text.casefold()
    value = _translit(value).translate(_SPECIAL)
    value = _strip_marks(value).casefold()
    value = _strip_marks(_translit(value).translate(_SPECIAL))
    value = _NON_WORD.sub(" ", value).strip()
    return value or None


def name_key(text: str | None) -> str | None:
    """A comparable form of a name: ``"  GARCÍA-López "`` -> ``"garcia lopez"``.

    Case-folded; Greek and Cyrillic transliterated to Latin; diacritics dropped (NFKD) and
    special letters folded (ß→ss, ł→l, ø→o, æ→ae, ı→i …); apostrophes dropped (O'Brien →
    obrien); other punctuation and runs of spaces become one space. ``None`` when nothing is left.
    """
    if not text:
        return None
    return _name_key(text[:200])


_ASCII_DROP = str.maketrans("", "", "'`")


# --- addresses -----------------------------------------------------------------------------------


@lru_cache(maxsize=262_144)
def postcode_key(text: str | None, country: str | None = None) -> str | None:
    """Upper case without spaces, dashes and dots; US ZIP+4 cut to the ZIP; ``None`` if empty."""
    if not text:
        return None
    value = re.sub(r"[\s\-.]+", "", text.upper())[:16]
    if (country or "").upper() == "US" and len(value) == 9 and value.isdigit():
        value = value[:5]
    if not value or not any(ch.isalnum() for ch in value):
        return None
    return value


_STREET_WORDS = {
    "str": "strasse",
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "ul": "ulica",
    "al": "aleja",
    "pl": "plac",
    "c": "calle",
    "avda": "avenida",
    "sok": "sokak",
    "cad": "caddesi",
    "mah": "mahallesi",
}


@lru_cache(maxsize=262_144)
def street_key(text: str | None) -> str | None:
    """:func:`name_key` of a street line with common abbreviations spelled out.

    ``Hauptstr. 5`` / ``Hauptstraße 5`` -> ``hauptstrasse 5``; ``ul.`` -> ``ulica``, ``St`` ->
    ``street``, ``Rd`` -> ``road``, ``Ave`` -> ``avenue`` (a modest list, see ``_STREET_WORDS``).
    """
    key = name_key(text)
    if key is None:
        return None
    words = []
    for word in key.split(" "):
        if word in _STREET_WORDS:
            word = _STREET_WORDS[word]
        elif word.endswith("str") and len(word) > 4:
            word = word + "asse"
        words.append(word)
    return " ".join(words)


def city_key(text: str | None) -> str | None:
    """:func:`name_key` of a city (``Αθήνα`` and ``Athina`` agree, ``München``/``Munchen`` too)."""
    return name_key(text)


_NUMBER = re.compile(r"\d+")


def house_number(street: str | None) -> str | None:
    """The first run of digits in a street key (the house number in every demo format)."""
    if not street:
        return None
    m = _NUMBER.search(street)
    return m.group(0) if m else None


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchKeys:
    """The normalized values identity matching compares (all optional).

    ``block_a`` / ``block_b`` are the blocking keys of the fuzzy pass (≤ 80 chars):

    * ``block_a`` = ``a|`` country, postcode and house number: the same dwelling, whatever the
      names say (catches nicknames, swapped and misspelt names, transliteration);
    * ``block_b`` = ``b|`` city and the sorted first two letters of given and family name:
      catches a changed address within the same city, swapped names, and typos after the
      second letter.

    ``erp_own`` is true when ``erp_customer_number`` is the record's own number (an ERP customer
    row) rather than a reference to an ERP customer (a shop order, a ticket requester).
    """

    email: str | None = None
    phone: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    postcode: str | None = None
    birth_date: date | None = None
    erp_customer_number: str | None = None
    street: str | None = None
    city: str | None = None
    country: str | None = None
    company: str | None = None
    block_a: str | None = None
    block_b: str | None = None
    erp_own: bool = False


_LOCALE_REGION = {
    "de": "DE",
    "pl": "PL",
    "tr": "TR",
    "el": "GR",
    "es": "ES",
    "fr": "FR",
    "it": "IT",
    "nl": "NL",
    "en": "US",
}
_TLD_REGION = {
    "de": "DE",
    "uk": "GB",
    "pl": "PL",
    "tr": "TR",
    "gr": "GR",
    "es": "ES",
    "fr": "FR",
    "it": "IT",
    "nl": "NL",
    "at": "AT",
    "ch": "CH",
    "be": "BE",
}


def region_hint(record: PersonRecord) -> str | None:
    """The country to read a national phone number in.

    The record's country; else (Zendesk/Freshdesk users have none) the region of the user's
    locale in the payload (``en-GB`` -> GB, ``pl`` -> PL); else the country-code top-level
    domain of the e-mail address (``web.de`` -> DE, ``hotmail.co.uk`` -> GB); else ``None``.
    """
    if record.country and len(record.country.strip()) == 2:
        return record.country.strip().upper()
    payload = record.payload if isinstance(record.payload, dict) else {}
    locale = payload.get("locale")
    if isinstance(locale, str) and locale:
        lang, _, region = locale.replace("_", "-").partition("-")
        if len(region) == 2 and region.isalpha():
            return region.upper()
        found = _LOCALE_REGION.get(lang.lower())
        if found:
            return found
    if record.email and "." in record.email:
        return _TLD_REGION.get(record.email.rsplit(".", 1)[1].strip().lower())
    return None


_LOCAL_SPLIT = re.compile(r"[._\-+]+")


def _split_display(display: str | None, email: str | None) -> tuple[str | None, str | None]:
    """Given and family name from a display name; nothing from an e-mail-derived one."""
    if not display or "@" in display:
        return None, None
    text = display.strip()
    if email and text.casefold() == email.partition("@")[0].strip().casefold():
        return None, None  # the system filled the name from the e-mail's local part
    if any(ch.isdigit() for ch in text):
        return None, None
    if "," in text:  # "Family, Given"
        family, _, given = text.partition(",")
        return name_key(given), name_key(family)
    key = name_key(text)
    if key is None:
        return None, None
    tokens = key.split(" ")
    if len(tokens) == 1:
        return tokens[0], None
    return tokens[0], " ".join(tokens[1:])


def _prefix(text: str | None, n: int) -> str:
    if not text:
        return ""
    head = text[: n + 4]
    return head.replace(" ", "")[:n] if " " in head else text[:n]


def match_keys(record: PersonRecord, default_region: str = "DE") -> MatchKeys:
    """All match keys of ``record``; national phone numbers without a country hint are read
    in ``default_region``."""
    given = name_key(record.given_name)
    family = name_key(record.family_name)
    if given is None and family is None:
        given, family = _split_display(record.display_name, record.email)
    country = (record.country or "").strip().upper() or None
    if country is not None and len(country) != 2:
        country = None
    postcode = postcode_key(record.postcode, country)
    street = street_key(record.street)
    city = city_key(record.city)
    erp = (record.erp_customer_number or "").strip() or None
    block_a = None
    number = house_number(street)
    if postcode and number:
        block_a = f"a|{country or ''}|{postcode}|{number}"[:80]
    block_b = None
    if city and given and family:
        pa, pb = _prefix(given, 2), _prefix(family, 2)
        if pb < pa:
            pa, pb = pb, pa
        block_b = f"b|{city}|{pa}|{pb}"[:80]
    return MatchKeys(
        email=normalize_email(record.email),
        phone=(
            normalize_phone(record.phone, region_hint(record), default_region)
            if record.phone
            else None
        ),
        given_name=given,
        family_name=family,
        postcode=postcode,
        birth_date=record.birth_date,
        erp_customer_number=erp,
        street=street,
        city=city,
        country=country,
        company=name_key(record.company),
        block_a=block_a,
        block_b=block_b,
        erp_own=erp is not None and erp == record.external_id.strip(),
    )
