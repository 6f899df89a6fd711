"""Wiring: the database URL in force, with its password from the keyring."""

from __future__ import annotations

import pytest

from agent_desk.app import open_context, resolve_database_url
from agent_desk.credentials import set_secret
from agent_desk.errors import DatabaseError
from agent_desk.paths import AppPaths
from agent_desk.settings import Settings


def test_password_comes_from_the_keyring(app_home: AppPaths) -> None:
    settings = Settings(database_url="postgresql://agent@db.example:5432/desk")
    set_secret("database/agent@db.example:5432/desk", "from-keyring")
    url = resolve_database_url(app_home, settings)
    assert url.password == "from-keyring" and url.drivername == "postgresql+psycopg"


def test_no_keyring_entry_leaves_the_url_alone(app_home: AppPaths) -> None:
    url = resolve_database_url(app_home, Settings(database_url="postgresql://a@h/d"))
    assert url.password is None


def test_open_context_creates_the_embedded_database(app_home: AppPaths) -> None:
    ctx = open_context(app_home)
    try:
        assert ctx.database.sqlite_file == app_home.default_database
        assert app_home.default_database.exists()
        assert ctx.database.schema_status().up_to_date
    finally:
        ctx.close()


def test_open_context_fails_clearly(app_home: AppPaths) -> None:
    with pytest.raises(DatabaseError, match="cannot use database"):
        open_context(app_home, db_url="postgresql+psycopg://u@127.0.0.1:9/x")


@pytest.mark.parametrize(
    "typed",
    [
        "postgresql+psycopg://agent:s3cret@db/desk",
        "postgresql+psycopg://agent@db/desk?password=s3cret",
    ],
)
def test_split_password_removes_it_wherever_it_was_typed(typed: str) -> None:
    from agent_desk.app import split_password
    from agent_desk.store.engine import describe_url, parse_url

    url, password = split_password(parse_url(typed))
    assert password == "s3cret"
    assert "s3cret" not in url.render_as_string(hide_password=False)
    assert "s3cret" not in describe_url(typed)
