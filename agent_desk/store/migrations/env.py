"""Alembic environment: always run in-process on a connection Agent Desk hands over.

See :func:`agent_desk.store.migrate.upgrade`; there is no alembic.ini to keep in sync.
"""

from __future__ import annotations

from alembic import context

from agent_desk.store.models import Base
from agent_desk.store.search import is_search_table

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs `alembic` by hand
    raise RuntimeError("run migrations through `agent-desk db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
    # the search index's tables (FTS5 on SQLite) are built by hand in migration 0004
    include_name=lambda name, type_, _parents: not (type_ == "table" and is_search_table(name)),
    # SQLite runs DDL inside the caller's transaction (see agent_desk/store/engine.py), so a
    # failed migration leaves the file exactly as it was.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
