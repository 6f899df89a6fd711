"""The search index: one document per customer, kept beside the customers table.

A customer's document holds what an agent may type to find them, folded the way identity
resolution folds names (case, accents, Greek and Cyrillic to Latin: see
:func:`agent_desk.identity.normalize.name_key`):

``text``
    the customer's names and company and those of every live source record it holds (so a
    maiden name or a shop account's spelling finds the customer too), and their e-mail
    addresses; space separated, with a space before the first word and after the last, so
    that a word's start is three characters (" li") even for a two-letter name;
``phone``
    the digits of every phone number (E.164 without ``+``), space separated.

SQLite keeps the documents in an FTS5 table with the ``trigram`` tokenizer (``search_docs``,
rowid = customer id): any three letters of a name or e-mail, and any run of phone digits, are
found through the index. PostgreSQL keeps them in a plain table with ``pg_trgm`` GIN indexes,
which serve the same ``LIKE '%…%'`` look-ups. Neither is described by the SQLAlchemy models
(FTS5 tables have no model); migration 0004 creates them, :func:`is_search_table` keeps them
out of the model-to-schema comparison.

``search_words`` is the vocabulary of name words (four letters or more), for typo tolerance:
a word nobody is called is looked up among the known words that are one or two edits away.
Candidates come from two indexes: ``search_word_edits`` holds every word with each of its
letters left out in turn, so a typed word with one letter wrong, missing, extra or two letters
swapped meets its word on a shared variant (``rzizo`` and ``rizzo`` share ``rizo``), whatever
the word's length; and trigrams (SQLite: an FTS5 trigram table over the words; PostgreSQL:
``pg_trgm`` similarity) find long words with two edits.

Who writes documents: identity resolution, for every customer whose values or records it
changes (:func:`index_customers` with the rows it already holds), and :func:`reindex` for
anything else that changes a customer (the ORM hook in :mod:`agent_desk.store.people`, the
migration's backfill). Merged-away customers keep no document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from agent_desk.identity.normalize import name_key

DOCS = "search_docs"
WORDS = "search_words"
WORDS_FTS = "search_words_fts"  # SQLite only
EDITS = "search_word_edits"  # each word once per letter left out: "rizzo" -> "izzo", "rzzo", …
MIN_WORD = 4  # shorter words are not corrected (too many neighbours one edit away)
CHUNK = 500
_DIGITS = re.compile(r"\D+")
_EMAIL_SPLIT = re.compile(r"[^\w@.+-]+")


def is_search_table(name: str | None) -> bool:
    """Tables of the search index (and FTS5's shadow tables), which the models do not describe."""
    return name is not None and name.startswith((DOCS, WORDS, EDITS))


def trgm_schema(conn: Connection) -> str | None:
    """PostgreSQL: the schema the pg_trgm extension lives in (None when it is not installed)."""
    found = conn.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()
    return str(found) if found else None


@dataclass(frozen=True)
class Doc:
    text: str
    phone: str


def build_doc(
    names: Iterable[str | None], emails: Iterable[str | None], phones: Iterable[str | None]
) -> Doc:
    """The document of one customer from its names, e-mail addresses and phone numbers."""
    words: dict[str, None] = {}  # ordered and without repeats
    for name in names:
        for word in (name_key(name) or "").split():
            words[word] = None
    for email in emails:
        if email:
            words[_EMAIL_SPLIT.sub("", email.strip().casefold())] = None
    digits: dict[str, None] = {}
    for phone in phones:
        if phone and (d := _DIGITS.sub("", phone)):
            digits[d] = None
    # padded with spaces, so that " li" (a word starting "li") is a trigram too
    text = " ".join(w for w in words if w)
    return Doc(f" {text} " if text else "", " ".join(digits))


def edits(word: str) -> set[str]:
    """The word with each letter left out in turn (its one-deletion neighbourhood)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def words_of(doc: Doc) -> set[str]:
    """The doc's name words worth correcting to: letters only, at least MIN_WORD long."""
    return {w for w in doc.text.split() if len(w) >= MIN_WORD and w.isalpha()}


# -- writing --------------------------------------------------------------------------------------


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_docs(conn: Connection, docs: Mapping[int, Doc | None]) -> None:
    """Replace the documents of these customers (None: the customer has none any more)."""
    if not docs:
        return
    ids = sorted(docs)
    sqlite = conn.dialect.name == "sqlite"
    old: dict[int, Doc] = {}
    id_col = "rowid" if sqlite else "customer_id"
    for chunk in _chunks(ids):
        rows = conn.execute(
            sa.text(f"SELECT {id_col}, text, phone FROM {DOCS} WHERE {id_col} IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": list(chunk)},
        )
        for cid, text, phone in rows:
            old[int(cid)] = Doc(text, phone)
    gone = [cid for cid in ids if cid in old and docs[cid] != old[cid]]
    changed = {cid: doc for cid in ids if (doc := docs[cid]) is not None and doc != old.get(cid)}
    new = [{"id": cid, "text": doc.text, "phone": doc.phone} for cid, doc in changed.items()]
    for chunk in _chunks(gone):
        conn.execute(
            sa.text(f"DELETE FROM {DOCS} WHERE {id_col} IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": list(chunk)},
        )
    if new:
        conn.execute(
            sa.text(f"INSERT INTO {DOCS} ({id_col}, text, phone) VALUES (:id, :text, :phone)"),
            new,
        )
        _add_words(conn, set().union(*(words_of(doc) for doc in changed.values())))


def _add_words(conn: Connection, words: set[str]) -> None:
    """Add unknown words to the vocabulary (and, on SQLite, to its trigram index)."""
    if not words:
        return
    wanted = sorted(words)
    known: set[str] = set()
    for chunk in _chunks(wanted):
        known.update(
            conn.execute(
                sa.text(f"SELECT word FROM {WORDS} WHERE word IN :w").bindparams(
                    sa.bindparam("w", expanding=True)
                ),
                {"w": list(chunk)},
            ).scalars()
        )
    fresh = [w for w in wanted if w not in known]
    if not fresh:
        return
    # another writer (a team's sync service, an agent) may add the same word meanwhile
    conn.execute(
        sa.text(f"INSERT INTO {WORDS} (word) VALUES (:w) ON CONFLICT DO NOTHING"),
        [{"w": w} for w in fresh],
    )
    conn.execute(
        sa.text(f"INSERT INTO {EDITS} (edit, word) VALUES (:e, :w) ON CONFLICT DO NOTHING"),
        [{"e": e, "w": w} for w in fresh for e in edits(w)],
    )
    if conn.dialect.name == "sqlite":  # one writer at a time: ``fresh`` are all new here
        for chunk in _chunks(fresh):
            conn.execute(
                sa.text(
                    f"INSERT INTO {WORDS_FTS} (rowid, word) "
                    f"SELECT rowid, word FROM {WORDS} WHERE word IN :w"
                ).bindparams(sa.bindparam("w", expanding=True)),
                {"w": list(chunk)},
            )


def index_customers(
    conn: Connection,
    customers: Mapping[int, Mapping[str, Any] | None],
    records: Mapping[int, Sequence[Any]],
) -> None:
    """Write the documents of ``customers`` (id -> golden values, None when merged away or
    gone) from the values and their live ``records`` (rows with ``display_name``,
    ``match_email``, ``match_phone``, ``deleted_at`` and, optionally, ``payload``)."""
    docs: dict[int, Doc | None] = {}
    for cid, values in customers.items():
        if values is None:
            docs[cid] = None
            continue
        live = [r for r in records.get(cid, ()) if getattr(r, "deleted_at", None) is None]
        names: list[str | None] = [
            values.get("display_name"),
            values.get("given_name"),
            values.get("family_name"),
            values.get("company"),
        ]
        emails: list[str | None] = [values.get("email")]
        phones: list[str | None] = [values.get("phone_e164")]
        for r in live:
            names.append(r.display_name)
            emails.append(r.match_email)
            phones.append(r.match_phone)
            payload = getattr(r, "payload", None)
            if isinstance(payload, dict):  # the address as the source wrote it
                raw = payload.get("email")
                emails.append(raw if isinstance(raw, str) else None)
        docs[cid] = build_doc(names, emails, phones)
    write_docs(conn, docs)


CUSTOMER_FIELDS = ("display_name", "given_name", "family_name", "company", "email", "phone_e164")


def reindex(conn: Connection, customer_ids: Iterable[int]) -> None:
    """Rebuild the documents of these customers from the store."""
    from agent_desk.store.models import Customer, SourceRecord

    customers_t, records_t = Customer.__table__, SourceRecord.__table__
    ids = sorted(set(customer_ids))
    for chunk in _chunks(ids):
        values: dict[int, dict[str, Any] | None] = dict.fromkeys(chunk)
        for row in conn.execute(
            sa.select(
                customers_t.c.id,
                customers_t.c.merged_into_id,
                *(customers_t.c[f] for f in CUSTOMER_FIELDS),
            ).where(customers_t.c.id.in_(chunk))
        ):
            if row.merged_into_id is None:
                values[row.id] = {f: getattr(row, f) for f in CUSTOMER_FIELDS}
        records: dict[int, list[Any]] = defaultdict(list)
        for row in conn.execute(
            sa.select(
                records_t.c.customer_id,
                records_t.c.display_name,
                records_t.c.match_email,
                records_t.c.match_phone,
                records_t.c.deleted_at,
            ).where(records_t.c.customer_id.in_(chunk))
        ):
            records[row.customer_id].append(row)
        index_customers(conn, values, records)


# -- customers written through the ORM (an agent's edit, a customer created in the app) ------------


def _after_flush(session: Session, _context: Any) -> None:
    from agent_desk.store.people import Customer

    changed = {
        obj.id
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, Customer)
        and obj.id is not None
        and (obj in session.new or _search_fields_changed(obj))
    }
    if changed:
        reindex(session.connection(), changed)


def _search_fields_changed(obj: Any) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[f].history.has_changes() for f in (*CUSTOMER_FIELDS, "merged_into_id"))


sa.event.listen(Session, "after_flush", _after_flush)
