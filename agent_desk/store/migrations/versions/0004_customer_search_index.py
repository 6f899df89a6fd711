"""The customer search index: one document per customer (SQLite FTS5 trigram, PostgreSQL
pg_trgm) and the vocabulary of name words, with its one-deletion variants, for typo tolerance. See agent_desk/store/search.py.

Existing customers are indexed here, in batches.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 04:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from agent_desk.errors import DatabaseError

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 5000


def _trgm_schema(conn: sa.engine.Connection) -> str:
    """The schema pg_trgm lives in, installing it (in public) when it is missing."""
    from agent_desk.store.search import trgm_schema

    found = trgm_schema(conn)
    if found:
        return found
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"))
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(
            "customer search needs PostgreSQL's pg_trgm extension, and this database user may "
            "not install it: ask the database administrator to run "
            "'CREATE EXTENSION pg_trgm WITH SCHEMA public;' in this database, then upgrade again "
            f"({str(exc.orig).strip().splitlines()[0]})"
        ) from None
    return "public"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_docs USING fts5(text, phone, tokenize='trigram')")
        op.execute("CREATE TABLE search_words (word VARCHAR(80) NOT NULL PRIMARY KEY)")
        op.execute("CREATE VIRTUAL TABLE search_words_fts USING fts5(word, tokenize='trigram')")
    else:
        schema = _trgm_schema(conn)
        op.execute(
            "CREATE TABLE search_docs ("
            "customer_id INTEGER NOT NULL PRIMARY KEY "
            "REFERENCES customers (id) ON DELETE CASCADE, "
            "text TEXT NOT NULL, phone TEXT NOT NULL)"
        )
        op.execute(
            f"CREATE INDEX ix_search_docs_text ON search_docs "
            f'USING gin (text "{schema}".gin_trgm_ops)'
        )
        op.execute(
            f"CREATE INDEX ix_search_docs_phone ON search_docs "
            f'USING gin (phone "{schema}".gin_trgm_ops)'
        )
        op.execute("CREATE TABLE search_words (word VARCHAR(80) NOT NULL PRIMARY KEY)")
        op.execute(
            f"CREATE INDEX ix_search_words_word ON search_words "
            f'USING gin (word "{schema}".gin_trgm_ops)'
        )
    op.execute(
        "CREATE TABLE search_word_edits (edit VARCHAR(80) NOT NULL, word VARCHAR(80) NOT NULL, "
        "PRIMARY KEY (edit, word))"
    )
    from agent_desk.store.search import reindex

    last = 0
    while True:
        ids = list(
            conn.execute(
                sa.text(
                    "SELECT id FROM customers WHERE id > :last AND merged_into_id IS NULL "
                    "ORDER BY id LIMIT :n"
                ),
                {"last": last, "n": BATCH},
            ).scalars()
        )
        if not ids:
            break
        reindex(conn, ids)
        last = ids[-1]


def downgrade() -> None:
    op.execute("DROP TABLE search_docs")
    op.execute("DROP TABLE search_words")
    op.execute("DROP TABLE search_word_edits")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_words_fts")
