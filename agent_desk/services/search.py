"""Customer search: what an agent types while the customer is on the line.

One function, :func:`search_customers`, for the GUI's search box, ``agent-desk search`` and the
screen pop. A query is tried as everything it could be, and the hits say what matched:

- exact keys: an ERP customer number, an order, ticket or invoice number (``1004`` or
  ``#1004``), Agent Desk's own customer id (a merged-away id finds the survivor);
- an e-mail address, normalized as identity resolution normalizes it;
- a phone number in any format, or only its last digits (four or more), as a caller reads
  them out;
- names and e-mail fragments: every word of the query must occur in the customer's search
  document (:mod:`agent_desk.store.search`), case and accents ignored (``garc`` finds
  "García"); whole words rank above word starts, word starts above fragments;
- typos: a word of four letters or more that matches nothing is corrected to the known name
  words one edit away (two for long words), so ``Garcai`` still finds "García".

SQLite answers through FTS5 trigram tables, PostgreSQL through ``pg_trgm`` indexes; both
through the same code below, which only builds the dialect's match expression differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from rapidfuzz.distance import OSA
from sqlalchemy.engine import Connection

from agent_desk.i18n import QT_TRANSLATE_NOOP, translate
from agent_desk.identity.normalize import name_key, normalize_email, normalize_phone
from agent_desk.services.profile import tiers as value_tiers
from agent_desk.store.models import Customer, SourceRecord, TimelineEvent
from agent_desk.store.search import (
    DOCS,
    EDITS,
    MIN_WORD,
    WORDS,
    WORDS_FTS,
    edits,
    trgm_schema,
)

MAX_ID = 2**31 - 1  # customers.id is INTEGER on PostgreSQL
CANDIDATES = 500  # documents read for one text query before ranking
# a query word found in at most this many documents drives the search: those documents are read
# once, and the three tiers are judged on them in Python
DRIVER_CAP = 200
TRIGRAMS_FROM = 2  # corrections this many edits away need the trigram neighbours
MAX_QUERY = 200
_PHONE_CHARS = re.compile(r"^[\d\s+()./-]+$")
_KEY_CHARS = re.compile(r"^#?[\w./-]{1,60}$")

customers_t = Customer.__table__
records_t = SourceRecord.__table__
events_t = TimelineEvent.__table__

# how a hit was found, best first
KEY, EXACT, START, FRAGMENT, SIMILAR = 0, 1, 2, 3, 4

# a reference matched, by the first word of its event's kind ("order_placed": "order")
REFERENCES = {
    "order": QT_TRANSLATE_NOOP("search", "order {reference}"),
    "ticket": QT_TRANSLATE_NOOP("search", "ticket {reference}"),
    "invoice": QT_TRANSLATE_NOOP("search", "invoice {reference}"),
    "payment": QT_TRANSLATE_NOOP("search", "payment {reference}"),
    "credit": QT_TRANSLATE_NOOP("search", "credit {reference}"),
    "refund": QT_TRANSLATE_NOOP("search", "refund {reference}"),
    "contract": QT_TRANSLATE_NOOP("search", "contract {reference}"),
    "reference": QT_TRANSLATE_NOOP("search", "reference {reference}"),
}


@dataclass(frozen=True)
class SearchHit:
    id: int
    display_name: str
    matched: str  # what the query matched, for people: "phone …0018", "order #1004", "name"
    found_by: str  # the same, for code: "phone", "email", "customer", "order", "name", …
    city: str | None
    customer_number: str | None  # the ERP's, when a record carries one
    last_contact_at: datetime | None
    value_tier: str | None
    email: str | None
    phone: str | None
    exact: bool = False  # a key, a whole word, a whole e-mail or phone number matched

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_contact_at"] = self.last_contact_at.isoformat() if self.last_contact_at else None
        return data


class _Found:
    """customer id -> (rank, -score, what matched, found by), keeping the best per customer."""

    def __init__(self) -> None:
        self.best: dict[int, tuple[int, float, str, str]] = {}

    def add(
        self, customer: int | None, rank: int, matched: str, found_by: str, score: float = 0.0
    ) -> None:
        if customer is None:
            return
        entry = (rank, -score, matched, found_by)
        if customer not in self.best or entry < self.best[customer]:
            self.best[customer] = entry


def phone_tail(text: str) -> str:
    """The digits an E.164 number ends with: without a ``00`` international prefix or the
    trunk ``0`` of a full national number (``07700 900123`` -> ``7700900123``)."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("00") and len(digits) >= 10:  # "0018" is a tail, not a prefix
        return digits[2:]
    if digits.startswith("0") and len(digits) >= 9:
        return digits[1:]
    return digits


def search_customers(
    conn: Connection, query: str, *, limit: int = 20, region: str | None = None
) -> list[SearchHit]:
    """Live customers matching ``query``, best first (see the module documentation)."""
    text = " ".join(query.split())[:MAX_QUERY]
    if not text:
        return []
    found = _Found()
    _keys(conn, text, found)
    whole_email = False
    if "@" in text:
        email = normalize_email(text)
        if email:
            for cid in conn.execute(
                sa.select(records_t.c.customer_id)
                .where(records_t.c.match_email == email, records_t.c.deleted_at.is_(None))
                .limit(limit)
            ).scalars():
                found.add(cid, EXACT, translate("search", "e-mail"), "email")
                whole_email = True
    if _PHONE_CHARS.match(text):
        _phones(conn, text, region, found, limit)
    if not whole_email:  # a whole address that is somebody's: no fragment search needed
        _text(conn, text, found)  # names, e-mail fragments, "100% Fitness" or "3M"
    return _hits(conn, found, limit)


# -- keys -----------------------------------------------------------------------------------------


def _keys(conn: Connection, text: str, found: _Found) -> None:
    if not _KEY_CHARS.match(text):
        return
    bare = text.lstrip("#")
    if bare.isascii() and bare.isdigit() and 0 < int(bare) <= MAX_ID and not text.startswith("#"):
        cid: int | None = int(bare)
        seen: set[int] = set()
        while cid is not None and cid not in seen:  # a merged-away id finds the survivor
            seen.add(cid)
            row = conn.execute(
                sa.select(customers_t.c.id, customers_t.c.merged_into_id).where(
                    customers_t.c.id == cid
                )
            ).first()
            if row is None:
                break
            if row.merged_into_id is None:
                matched = translate("search", "customer #{id}").format(id=bare)
                found.add(row.id, KEY, matched, "customer")
                break
            cid = row.merged_into_id
    numbers = sorted({bare, bare.upper()})
    for cid in conn.execute(
        sa.select(records_t.c.customer_id)
        .where(records_t.c.erp_customer_number.in_(numbers), records_t.c.deleted_at.is_(None))
        .limit(20)
    ).scalars():
        matched = translate("search", "customer number {number}").format(number=bare)
        found.add(cid, KEY, matched, "customer_number")
    references = sorted({bare, f"#{bare}"})
    for cid, kind, reference in conn.execute(
        sa.select(events_t.c.customer_id, events_t.c.kind, events_t.c.reference)
        .where(events_t.c.reference.in_(references), events_t.c.deleted_at.is_(None))
        .limit(50)
    ):
        what = kind.split("_", 1)[0] if kind else "reference"
        label = REFERENCES.get(what)
        matched = (
            translate("search", label).format(reference=reference)
            if label
            else f"{what} {reference}"
        )
        found.add(cid, KEY, matched, what)


# -- phones ---------------------------------------------------------------------------------------


def _phones(conn: Connection, text: str, region: str | None, found: _Found, limit: int) -> None:
    digits = phone_tail(text)
    if len(digits) < 4 or len(digits) > 17:
        return
    e164 = normalize_phone(text, default_region=region) if len(digits) >= 7 else None
    if e164:
        for cid in conn.execute(
            sa.select(records_t.c.customer_id)
            .where(records_t.c.match_phone == e164, records_t.c.deleted_at.is_(None))
            .limit(limit)
        ).scalars():
            found.add(cid, EXACT, translate("search", "phone"), "phone")
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            sa.text(f"SELECT rowid, phone FROM {DOCS} WHERE {DOCS} MATCH :m LIMIT :n"),
            {"m": f"phone : {_phrase(digits)}", "n": CANDIDATES},
        )
    else:
        rows = conn.execute(
            sa.text(f"SELECT customer_id, phone FROM {DOCS} WHERE phone LIKE :p LIMIT :n"),
            {"p": f"%{digits}%", "n": CANDIDATES},
        )
    for cid, phones in rows:
        if any(number.endswith(digits) for number in phones.split()):
            rank = EXACT if len(digits) >= 9 else START
            matched = translate("search", "phone …{digits}").format(digits=digits[-4:])
            found.add(int(cid), rank, matched, "phone")


# -- names and e-mail fragments -------------------------------------------------------------------


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _words(text: str) -> list[str]:
    """The query's words as the documents hold them: folded names; an e-mail stays whole."""
    words: list[str] = []
    for part in text.split():
        if "@" in part:
            words.append(re.sub(r"[^\w@.+-]+", "", part.casefold()))
        else:
            words.extend((name_key(part) or "").split())
    return [w for w in dict.fromkeys(words) if w]


def _documents(
    conn: Connection, alternatives: Sequence[Sequence[str]], limit: int = CANDIDATES
) -> list[tuple[int, str]]:
    """Documents holding, for each position, one of its alternatives (as a fragment)."""
    if conn.dialect.name == "sqlite":
        match = " AND ".join(
            "(" + " OR ".join(f"text : {_phrase(w)}" for w in alts) + ")" for alts in alternatives
        )
        rows = conn.execute(
            sa.text(f"SELECT rowid, text FROM {DOCS} WHERE {DOCS} MATCH :m LIMIT :n"),
            {"m": match, "n": limit},
        )
    else:
        params: dict[str, Any] = {"n": limit}
        clauses = []
        for i, alts in enumerate(alternatives):
            ors = []
            for j, word in enumerate(alts):
                params[f"p{i}_{j}"] = _like(word)
                ors.append(f"text LIKE :p{i}_{j}")
            clauses.append("(" + " OR ".join(ors) + ")")
        rows = conn.execute(
            sa.text(f"SELECT customer_id, text FROM {DOCS} WHERE {' AND '.join(clauses)} LIMIT :n"),
            params,
        )
    return [(int(cid), doc) for cid, doc in rows]


def _score(words: Sequence[Sequence[str]], doc: str) -> float:
    """Per query position: 3 for a whole word, 2 for a word start, 1 for a fragment."""
    doc_words = doc.split()
    total = 0.0
    for alts in words:
        best = 0
        for w in (a.strip() for a in alts):
            for d in doc_words:
                best = max(best, 3 if d == w else 2 if d.startswith(w) else 1 if w in d else 0)
        total += best
    return total


def _form(word: str, tier: int) -> str:
    """How a query word is looked for: tier 0 a whole word, 1 a word start, 2 anywhere in a
    word. Documents are padded with spaces, so " li" and " 王 " are trigrams too."""
    if len(word) == 1 or tier == 0:
        return f" {word} "
    if tier == 1 or len(word) == 2:
        return f" {word}"
    return word


TIER_RANK = (EXACT, START, FRAGMENT)


def _tiered(conn: Connection, positions: Sequence[Sequence[str]]) -> list[tuple[int, str, int]]:
    """(customer, document, tier) for documents matching every position as whole words, else
    as word starts, else as fragments: the first tier that finds any, so a common fragment
    ("smith" in 2,500 "Smithson"s) never crowds out the whole word ("John Smith"), and the
    looser searches, the costliest at a million customers, run only when needed."""
    driven = _driven(conn, positions)
    if driven is not None:
        return driven
    found: dict[int, tuple[str, int]] = {}
    for tier in (0, 1, 2):
        forms = [sorted({_form(w, tier) for w in alts}) for alts in positions]
        for cid, doc in _documents(conn, forms):
            found.setdefault(cid, (doc, tier))
        if found:  # a looser tier would only add what ranks below these (and costs most)
            break
    return [(cid, doc, tier) for cid, (doc, tier) in found.items()]


def _driven(
    conn: Connection, positions: Sequence[Sequence[str]]
) -> list[tuple[int, str, int]] | None:
    """The tiers at the cost of one small read, when a query word is rare: the documents that
    hold the longest single word anywhere (a superset of every tier's answer) are read once,
    and whole words, word starts and fragments are judged on their text, which is what the
    index's trigram phrases match (a substring of the space-padded document). A misspelling
    that some source also has is such a word: its three empty tiers cost one read instead of
    three searches across the common names beside it. None: no word is rare enough (more than
    :data:`DRIVER_CAP` documents), and the index decides as usual."""
    singles = [alts[0] for alts in positions if len(alts) == 1 and len(alts[0]) >= 3]
    if not singles:
        return None
    word = max(singles, key=len)
    docs = _documents(conn, [[word]], DRIVER_CAP + 1)
    if len(docs) > DRIVER_CAP:
        return None
    for tier in (0, 1, 2):
        forms = [{_form(w, tier) for w in alts} for alts in positions]
        hits = [
            (cid, doc, tier) for cid, doc in docs if all(any(f in doc for f in fs) for fs in forms)
        ]
        if hits:
            return list({cid: (cid, doc, t) for cid, doc, t in hits}.values())
    return []


def _text(conn: Connection, text: str, found: _Found) -> None:
    words = _words(text)
    # a single Latin letter is an initial: checked on what the other words found
    initials = [w for w in words if len(w) == 1 and w.isascii()]
    words = [w for w in words if not (len(w) == 1 and w.isascii())]
    if not words:
        return
    positions: list[list[str]] = [[w] for w in words]
    found_by = "email" if "@" in text else "name"
    label = translate("search", "e-mail") if found_by == "email" else translate("search", "name")
    similar = False
    docs: list[tuple[int, str, int]] = []
    corrected: list[list[str]] | None = None
    if any(_unknown(conn, w) for w in words):
        # a word that is in no name at all is a typo: look for the corrections at once
        # (three document searches for a word nobody has cost the most at a million)
        corrected = [[w, *_similar_words(conn, w)] for w in words]
        docs, positions = _corrected(conn, words, corrected)
        similar = bool(docs)
    if not docs:
        positions, similar = [[w] for w in words], False
        docs = _tiered(conn, positions)  # also a fragment of an e-mail or a number
    if not docs:
        # a typo: each word may be a known word one or two edits away. A word that is known
        # is corrected too: the sources' own typos are words of somebody's document, so
        # "Bekcer" is known and still stands for "Becker" here.
        if corrected is None:
            corrected = [[w, *_similar_words(conn, w)] for w in words]
        docs, corrected_positions = _corrected(conn, words, corrected)
        if docs:
            positions, similar = corrected_positions, True
    for cid, doc, tier in docs:
        if initials and not all(f" {i}" in doc for i in initials):
            continue
        if similar:  # say which spelling matched
            spelling = " ".join(_spelling(alts, doc) for alts in positions)
            label = translate("search", "similar: {spelling}").format(spelling=spelling)
            found.add(cid, SIMILAR, label, "similar", _score(positions, doc))
        else:
            found.add(cid, TIER_RANK[tier], label, found_by, _score(positions, doc))


def _corrected(
    conn: Connection, words: Sequence[str], corrected: Sequence[Sequence[str]]
) -> tuple[list[tuple[int, str, int]], list[list[str]]]:
    """The documents for the corrected query, and the positions that found them. One typo is
    the usual case, and a misspelt word is a rare one: the words are corrected one at a time,
    the rarest first, the others as typed (an OR of common given names beside the corrections
    is the costliest search at a million customers); then all of them together."""
    changeable = [i for i, alts in enumerate(corrected) if len(alts) > 1]
    if not changeable:
        return [], [[w] for w in words]
    if len(words) > 1:
        for i in sorted(changeable, key=lambda i: _rarity(conn, words[i])):
            positions = [[w] for w in words]
            positions[i] = list(corrected[i])
            docs = _tiered(conn, positions)
            if docs:
                return docs, positions
        if len(changeable) == 1:
            return [], [[w] for w in words]
    positions = [list(alts) for alts in corrected]
    return _tiered(conn, positions), positions


def _rarity(conn: Connection, word: str) -> int:
    """How many documents hold ``word`` anywhere, counted up to :data:`DRIVER_CAP` + 1."""
    return len(_documents(conn, [[word]], DRIVER_CAP + 1)) if len(word) >= 3 else DRIVER_CAP + 1


def _unknown(conn: Connection, word: str) -> bool:
    """A name-like word that is not part of any known name word (so a likely typo)."""
    if len(word) < MIN_WORD or not word.isalpha():
        return False
    if conn.dialect.name == "sqlite":
        hit = conn.execute(
            sa.text(f"SELECT 1 FROM {WORDS_FTS} WHERE {WORDS_FTS} MATCH :m LIMIT 1"),
            {"m": f"word : {_phrase(word)}"},
        ).first()
    else:
        hit = conn.execute(
            sa.text(f"SELECT 1 FROM {WORDS} WHERE word LIKE :p LIMIT 1"), {"p": _like(word)}
        ).first()
    return hit is None


def _spelling(alternatives: Sequence[str], doc: str) -> str:
    """The alternative a document holds (as a whole word, else as a part of one)."""
    for alt in alternatives:
        if f" {alt} " in doc:
            return alt
    return next((alt for alt in alternatives if alt in doc), alternatives[0])


def _similar_words(conn: Connection, word: str) -> list[str]:
    """Known name words one edit from ``word`` (two when it has eight letters or more)."""
    if len(word) < MIN_WORD or not word.isalpha():
        return []
    allowed = 1 if len(word) < 8 else 2
    variants = sorted(edits(word) | {word})
    near = set(
        conn.execute(
            sa.text(f"SELECT word FROM {EDITS} WHERE edit IN :e").bindparams(
                sa.bindparam("e", expanding=True)
            ),
            {"e": variants},
        ).scalars()
    )
    near.update(
        conn.execute(
            sa.text(f"SELECT word FROM {WORDS} WHERE word IN :e").bindparams(
                sa.bindparam("e", expanding=True)
            ),
            {"e": variants},
        ).scalars()
    )
    # one edit away is exactly what the deletion neighbourhoods above find (a letter added,
    # dropped, changed, or two swapped); two edits need the trigram neighbours too
    rows = _trigram_neighbours(conn, word) if allowed >= TRIGRAMS_FROM else []
    scored = sorted(
        (OSA.distance(word, w), w)
        for w in near.union(rows)
        if w != word and abs(len(w) - len(word)) <= allowed
    )
    return [w for d, w in scored if d <= allowed][:5]


def _trigram_neighbours(conn: Connection, word: str) -> list[str]:
    """Up to 500 known words sharing the most trigrams with ``word``."""
    if conn.dialect.name == "sqlite":
        grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
        return list(
            conn.execute(
                sa.text(
                    f"SELECT word FROM {WORDS_FTS} WHERE {WORDS_FTS} MATCH :m "
                    "ORDER BY rank LIMIT 500"
                ),
                {"m": " OR ".join(_phrase(g) for g in grams)},
            ).scalars()
        )
    schema = _trgm_schema(conn)
    return list(
        conn.execute(
            sa.text(
                f"SELECT word FROM {WORDS} WHERE word OPERATOR({schema}.%) :w "
                f"ORDER BY {schema}.similarity(word, :w) DESC LIMIT 500"
            ),
            {"w": word},
        ).scalars()
    )


_SCHEMAS: dict[str, str] = {}


def _trgm_schema(conn: Connection) -> str:
    key = str(conn.engine.url)
    if key not in _SCHEMAS:
        found = trgm_schema(conn) or "public"
        _SCHEMAS[key] = '"' + found.replace('"', '""') + '"'
    return _SCHEMAS[key]


# -- the hits -------------------------------------------------------------------------------------


def _hits(conn: Connection, found: _Found, limit: int) -> list[SearchHit]:
    if not found.best:
        return []
    ids = sorted(found.best)
    rows = {
        row.id: row
        for start in range(0, len(ids), 500)
        for row in conn.execute(
            sa.select(
                customers_t.c.id,
                customers_t.c.display_name,
                customers_t.c.city,
                customers_t.c.value_tier,
                customers_t.c.email,
                customers_t.c.phone_e164,
                customers_t.c.last_contact_at,
            ).where(
                customers_t.c.id.in_(ids[start : start + 500]),
                customers_t.c.merged_into_id.is_(None),
            )
        )
    }
    order = sorted(
        rows, key=lambda cid: (*found.best[cid][:2], rows[cid].display_name.casefold(), cid)
    )[:limit]
    numbers = _customer_numbers(conn, order)
    tiers = value_tiers(conn, order)
    contacts = _last_contacts(conn, order)
    hits = []
    for cid in order:
        row = rows[cid]
        hits.append(
            SearchHit(
                id=cid,
                display_name=row.display_name,
                matched=found.best[cid][2],
                found_by=found.best[cid][3],
                city=row.city,
                customer_number=numbers.get(cid),
                last_contact_at=_later(row.last_contact_at, contacts.get(cid)),
                value_tier=row.value_tier or tiers.get(cid),
                email=row.email,
                phone=row.phone_e164,
                exact=found.best[cid][0] <= EXACT,
            )
        )
    return hits


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max((x for x in (a, b) if x is not None), default=None)


def _customer_numbers(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    ids = list(ids)
    if not ids:
        return {}
    return {
        cid: number
        for cid, number in conn.execute(
            sa.select(records_t.c.customer_id, sa.func.min(records_t.c.erp_customer_number))
            .where(
                records_t.c.customer_id.in_(ids),
                records_t.c.erp_customer_number.is_not(None),
                records_t.c.deleted_at.is_(None),
            )
            .group_by(records_t.c.customer_id)
        )
    }


def _last_contacts(conn: Connection, ids: Sequence[int]) -> dict[int, datetime]:
    """The newest interaction on each customer's timeline (a call, a ticket, a reply), in
    one query for all the hits."""
    if not ids:
        return {}
    return {
        cid: at
        for cid, at in conn.execute(
            sa.select(events_t.c.customer_id, sa.func.max(events_t.c.occurred_at))
            .where(
                events_t.c.customer_id.in_(list(ids)),
                events_t.c.category == "interaction",
                events_t.c.deleted_at.is_(None),
            )
            .group_by(events_t.c.customer_id)
        )
        if at is not None
    }
