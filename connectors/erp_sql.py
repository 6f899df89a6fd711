"""Legacy ERP in an SQL database: any SQLAlchemy URL, read-only, incremental on a change column.

Configuration (a TOML section)::

    [sources.erp]
    type = "erp-sql"
    url = "mysql+pymysql://erp_reader@erp-db.example:3306/erp"   # no password in the URL
    credential = "erp-db"           # the password: `agent-desk credentials set erp-db`
    page_size = 1000
    overlap_seconds = 300           # re-read this much before the bookmark (late commits)
    currency = "EUR"                # when a row names none
    timezone = "Europe/Berlin"      # how to read DATETIME values without a zone (default UTC)
    date_format = "yyyy-mm-dd"      # only for dates kept in text columns
    decimal = "."                   # only for amounts kept in text columns
    thousands = ""                  # likewise (none by default)

    [sources.erp.tables.customers]
    table = "KUNDEN"                # schema = "erp" when it is not the connection's default
    entity = "customer"             # customer | invoice | payment | contract
    updated_at = "GEAENDERT_AM"     # the change column the incremental read follows
    id = "KDNR"                     # a unique column; defaults to the external_id column
    columns = { external_id = "KDNR", family_name = "NAME", city = "ORT", ... }

The field names and the row → record mapping are those of the flat-file connector
(:mod:`connectors.erp_mapping`). A customer's ``updated`` field defaults to the change column.

**Read-only.** Every connection the connector opens is switched to read-only transactions before
it is used (``SET SESSION TRANSACTION READ ONLY`` on MariaDB/MySQL, ``SET SESSION
CHARACTERISTICS AS TRANSACTION READ ONLY`` on PostgreSQL, ``PRAGMA query_only`` on SQLite), and
the connector only ever runs SELECT. On other databases only the latter holds: give the database
user SELECT rights only. Table and column names come from the configuration, are checked against
the database's own catalogue and are quoted by SQLAlchemy; values are bound, never formatted in.

**Incremental.** Each stream is read in pages by keyset on (change column, id)::

    WHERE updated_at > :ts OR (updated_at = :ts AND id > :id) ORDER BY updated_at, id LIMIT :n

and the page's bookmark is ``{"updated_at": iso, "id": ..., "null_id": ...}``: the last row
delivered. Rows stamped in the same instant are split across pages without loss or repeats, and a
row changed after a sync comes again on the next one. The (change column, id) pair must be
unique, which the id column alone guarantees.

**Overlap.** An ERP stamps a row when it writes it, but another reader sees it only when the
writing transaction commits: a row stamped 09:00:00 by a batch that commits at 09:04 is invisible
to a sync at 09:02, which moves the bookmark past 09:00:00. So each run starts
``overlap_seconds`` (default 300) before the bookmark, ``WHERE updated_at >= :ts - overlap``,
and goes on by keyset from there. The rows of that window come again on every run; the store
recognises them by their content hash and changes nothing. For a DATE change column the window
is whole days (at least one); for a change column that is not a date or time (a counter) it is
not applied. ``overlap_seconds = 0`` reads strictly after the bookmark.

Rows whose change column is NULL (rows the ERP never stamped) are read first, in a pass of their
own keyed on id alone (``null_id`` is the last one delivered). Every run repeats that pass after
``null_id``, so a new unstamped row with a higher id is picked up too; an edit to an unstamped row
cannot be seen (there is nothing to see it by) until it gets a stamp or the source is read again
from the beginning (no bookmark). A row whose stamp goes backwards past the bookmark is likewise
only seen by a read from the beginning.

A row that cannot be mapped becomes a :class:`~connectors.base.Rejection` naming the table and
the row's id; the rest loads. A wrong password, an unreachable server or a missing table or
column is one line naming the source, never the password.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SAWarning
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.selectable import TableClause

from connectors.base import (
    AuthenticationError,
    Bookmark,
    CheckResult,
    ConfigurationError,
    ConnectorContext,
    ConnectorError,
    EventRecord,
    Page,
    PersonRecord,
    Rejection,
    check_first_pages,
)
from connectors.erp_mapping import ENTITIES, REQUIRED, BadRow, Cells, to_record
from connectors.parsing import DATE_FORMATS, parse_date, parse_decimal

READ_ONLY = {
    "mysql": "SET SESSION TRANSACTION READ ONLY",
    "mariadb": "SET SESSION TRANSACTION READ ONLY",
    "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "sqlite": "PRAGMA query_only = ON",
}
CONNECT_TIMEOUT = {"pymysql": "connect_timeout", "mysqldb": "connect_timeout"}
CONNECT_TIMEOUT_SECONDS = 10
MYSQL_ACCESS_DENIED = {1044, 1045, 1698}
AUTH_MESSAGES = re.compile(
    r"password authentication failed|access denied|authentication failed|login failed"
    r"|role \".*\" does not exist|pg_hba\.conf",
    re.IGNORECASE,
)
ZERO_DATES = ("0000-00-00", "0000-00-00 00:00:00")  # MySQL's "no date" in legacy tables


@dataclass(frozen=True)
class _Stream:
    """One configured table, resolved against the database's catalogue."""

    name: str  # the table as a person wrote it, for messages
    entity: str
    table: TableClause
    fields: dict[str, str]  # mapping field -> real column name
    updated: ColumnClause[Any]
    key: ColumnClause[Any]
    updated_type: type | None  # what the change column holds, to read a bookmark back
    key_type: type | None


class SqlConnector:
    type_name: ClassVar[str] = "erp-sql"

    def __init__(self, name: str, config: Mapping[str, Any], context: ConnectorContext) -> None:
        self.name = name
        self.context = context
        raw_url = config.get("url")
        if not raw_url:
            raise ConfigurationError(name, "'url' (an SQLAlchemy database URL) is not set")
        try:
            url = sa.make_url(str(raw_url))
        except ArgumentError:
            raise ConfigurationError(
                name, "'url' is not a database URL (e.g. mysql+pymysql://user@host:3306/erp)"
            ) from None
        if url.password is not None:
            raise ConfigurationError(
                name,
                "'url' must not contain the password: store it with `agent-desk credentials set "
                'NAME` and set credential = "NAME"',
            )
        self.url = url
        self.credential = str(config["credential"]) if config.get("credential") else None
        self.page_size = int(config.get("page_size", 1000))
        if self.page_size < 1:
            raise ConfigurationError(name, "'page_size' must be at least 1")
        overlap = config.get("overlap_seconds", 300)
        if isinstance(overlap, bool) or not isinstance(overlap, int | float) or overlap < 0:
            raise ConfigurationError(name, "'overlap_seconds' must be a number, 0 or more")
        self.overlap = timedelta(seconds=overlap)
        self.currency = str(config.get("currency", "EUR"))
        self.date_format = str(config.get("date_format", "yyyy-mm-dd"))
        if self.date_format not in DATE_FORMATS:
            known = ", ".join(DATE_FORMATS)
            raise ConfigurationError(name, f"'date_format' must be one of {known}")
        self.decimal = str(config.get("decimal", "."))
        thousands = config.get("thousands")
        self.thousands = str(thousands) if thousands else None
        self.cells = Cells(
            date=self._date_cell,
            amount=self._amount_cell,
            timezone=_timezone(name, str(config.get("timezone", "UTC"))),
        )
        self.default_schema = str(config["schema"]) if config.get("schema") else None
        tables = config.get("tables")
        if not tables:
            raise ConfigurationError(name, "no tables configured ([sources.NAME.tables.STREAM])")
        self.tables: dict[str, dict[str, Any]] = {}
        for stream, spec in tables.items():
            self.tables[stream] = self._table_config(stream, spec)
        self._engine: Engine | None = None
        self._password: str | None = None
        self._streams: dict[str, _Stream] = {}

    def _table_config(self, stream: str, spec: Mapping[str, Any]) -> dict[str, Any]:
        where = f"tables.{stream}"
        entity = spec.get("entity")
        if entity not in ENTITIES:
            raise ConfigurationError(
                self.name, f"{where}.entity must be one of {', '.join(ENTITIES)}"
            )
        columns = {str(k): v for k, v in dict(spec.get("columns", {})).items()}
        bad = [k for k, v in columns.items() if not isinstance(v, str) or not v]
        if bad:
            raise ConfigurationError(
                self.name, f"{where}.columns: {', '.join(bad)} must name a column"
            )
        missing = [c for c in REQUIRED[entity] if c not in columns]
        if missing:
            raise ConfigurationError(self.name, f"{where}.columns lacks {', '.join(missing)}")
        updated = spec.get("updated_at")
        if not updated or not isinstance(updated, str):
            raise ConfigurationError(
                self.name,
                f"{where}.updated_at (the column that records each row's change) is not set",
            )
        key = spec.get("id", columns["external_id"])
        if not key or not isinstance(key, str):
            raise ConfigurationError(self.name, f"{where}.id must name a column")
        schema = spec.get("schema", self.default_schema)
        return {
            "table": str(spec.get("table", stream)),
            "schema": str(schema) if schema else None,
            "entity": entity,
            "columns": columns,
            "updated_at": updated,
            "id": key,
        }

    def streams(self) -> list[str]:
        order = {entity: i for i, entity in enumerate(ENTITIES)}  # customers first
        return sorted(self.tables, key=lambda s: order[self.tables[s]["entity"]])

    # -- the database -------------------------------------------------------------------------
    @property
    def safe_url(self) -> str:
        """The URL as messages show it: no password, no query string."""
        return self.url.set(query={}).render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        """The connector's engine: every connection it hands out is read-only."""
        if self._engine is None:
            url: URL = self.url
            password: str | None = None
            if self.credential:
                password = self.context.require_secret(self.name, self.credential)
                url = url.set(password=password)
            connect_args: dict[str, Any] = {}
            timeout = CONNECT_TIMEOUT.get(url.get_driver_name())
            if url.get_backend_name() == "postgresql":
                timeout = "connect_timeout"  # libpq's, whatever the driver
            if timeout and timeout not in url.query:
                connect_args[timeout] = CONNECT_TIMEOUT_SECONDS
            try:
                engine = sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)
            except (NoSuchModuleError, ImportError) as exc:
                detail = self._scrub(str(exc).splitlines()[0], password)
                raise ConfigurationError(
                    self.name, f"no database driver for {self.safe_url}: {detail}"
                ) from None
            except ArgumentError as exc:
                detail = self._scrub(str(exc).splitlines()[0], password)
                raise ConfigurationError(
                    self.name, f"bad database URL {self.safe_url}: {detail}"
                ) from None
            statement = READ_ONLY.get(engine.dialect.name)
            if statement is None:
                self.context.logger.warning(
                    "%s: no read-only session setting known for %s; the connector only runs "
                    "SELECT, so give its database user SELECT rights only",
                    self.name,
                    engine.dialect.name,
                )
            else:
                sa.event.listen(engine, "connect", _read_only(statement))
            self._password = password
            self._engine = engine
        return self._engine

    def close(self) -> None:
        """Close the pooled connections (a later read opens new ones)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        engine = self.engine
        try:
            conn = engine.connect()
        except DBAPIError as exc:
            raise self._error(exc, None) from None
        with conn:
            yield conn  # never committed: the transaction is rolled back on close

    def _error(self, exc: DBAPIError, table: str | None) -> ConnectorError:
        """One line naming the source and what the database said, never the password."""
        orig = exc.orig
        args: tuple[Any, ...] = tuple(getattr(orig, "args", ()))
        code = args[0] if args and isinstance(args[0], int) else None
        if code is not None and len(args) > 1 and isinstance(args[1], str):
            text = args[1]
        else:
            text = str(orig)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        detail = " ".join((lines or [type(orig).__name__])[0].split())
        if detail.startswith("connection failed: ") and " failed: " in detail[19:]:
            detail = detail.rsplit(" failed: ", 1)[1]  # libpq repeats the host we name anyway
        detail = self._scrub(detail.removeprefix("FATAL: "), self._password)
        sqlstate = str(getattr(orig, "sqlstate", "") or "")
        if code in MYSQL_ACCESS_DENIED or sqlstate.startswith("28") or AUTH_MESSAGES.search(text):
            hint = (
                f"check the password stored under credential '{self.credential}'"
                if self.credential
                else 'set credential = "NAME" if the database user has a password'
            )
            return AuthenticationError(
                self.name, f"{self.safe_url} refused the login: {detail} ({hint})"
            )
        if table is None:
            return ConfigurationError(self.name, f"cannot connect to {self.safe_url}: {detail}")
        return ConnectorError(self.name, f"reading table {table} failed: {detail}")

    @staticmethod
    def _scrub(text: str, password: str | None) -> str:
        return text.replace(password, "***") if password else text

    # -- resolving the configured tables ------------------------------------------------------
    def _stream(self, stream: str) -> _Stream:
        if stream not in self._streams:
            with self._connect() as conn:
                try:
                    self._streams[stream] = self._resolve(conn, stream)
                except DBAPIError as exc:
                    raise self._error(exc, self.tables[stream]["table"]) from None
        return self._streams[stream]

    def _resolve(self, conn: Connection, stream: str) -> _Stream:
        spec = self.tables[stream]
        name, schema = spec["table"], spec["schema"]
        shown = f"{schema}.{name}" if schema else name
        inspector = sa.inspect(conn)
        with warnings.catch_warnings():  # legacy column types SQLAlchemy does not know
            warnings.simplefilter("ignore", SAWarning)
            if not inspector.has_table(name, schema=schema):
                known = inspector.get_table_names(schema=schema)
                known += inspector.get_view_names(schema=schema)
                found = [t for t in known if t.lower() == name.lower()]
                if len(found) != 1:
                    raise ConfigurationError(
                        self.name,
                        f"tables.{stream}: there is no table {shown} in {self.safe_url}",
                    )
                name = found[0]
            reflected = inspector.get_columns(name, schema=schema)
        types = {str(c["name"]): c["type"] for c in reflected}
        wanted = {**spec["columns"], "\0updated": spec["updated_at"], "\0id": spec["id"]}
        real: dict[str, str] = {}
        missing: list[str] = []
        for field, col in wanted.items():
            match = col if col in types else _one(t for t in types if t.lower() == col.lower())
            if match is None:
                missing.append(col)
            else:
                real[field] = match
        if missing:
            have = ", ".join(list(types)[:40]) + (", …" if len(types) > 40 else "")
            raise ConfigurationError(
                self.name,
                f"tables.{stream}: table {shown} has no column {', '.join(dict.fromkeys(missing))}"
                f" (it has: {have})",
            )
        names = list(dict.fromkeys(real.values()))
        typed = (real["\0updated"], real["\0id"])
        table = sa.table(
            name,
            *(sa.column(n, types[n]) if n in typed else sa.column(n) for n in names),
            schema=schema,
        )
        return _Stream(
            name=shown,
            entity=spec["entity"],
            table=table,
            fields={f: c for f, c in real.items() if not f.startswith("\0")},
            updated=table.c[real["\0updated"]],
            key=table.c[real["\0id"]],
            updated_type=_python_type(types[real["\0updated"]]),
            key_type=_python_type(types[real["\0id"]]),
        )

    # -- reading ------------------------------------------------------------------------------
    def pages(self, stream: str, bookmark: Bookmark | None) -> Iterator[Page]:
        spec = self._stream(stream)
        mark = bookmark or {}
        cursor: dict[str, Any] = {
            "updated_at": mark.get("updated_at"),
            "id": mark.get("id"),
            "null_id": mark.get("null_id"),
        }
        columns = [spec.table.c[n] for n in dict.fromkeys(spec.table.c.keys())]
        query = sa.select(*columns).select_from(spec.table).limit(self.page_size)

        # First pass: rows the ERP never stamped, by id alone.
        while not self.context.cancel.is_set():
            null_id = _decode(cursor["null_id"], spec.key_type)
            step = query.where(spec.updated.is_(None)).order_by(spec.key)
            if null_id is not None:
                step = step.where(spec.key > null_id)
            rows = self._fetch(spec, step)
            if not rows:
                break
            before = dict(cursor)
            cursor["null_id"] = _encode(rows[-1][spec.key.name])
            self._advanced(spec, before, cursor)
            yield self._page(stream, spec, rows, cursor)
            if len(rows) < self.page_size:
                break

        # Then every stamped row after (updated_at, id), oldest first; the first query of a
        # resumed read starts `overlap` before the bookmark (see the module's docstring).
        window = _window_start(_decode(cursor["updated_at"], spec.updated_type), self.overlap)
        while not self.context.cancel.is_set():
            stamp = _decode(cursor["updated_at"], spec.updated_type)
            key = _decode(cursor["id"], spec.key_type)
            step = query.order_by(spec.updated, spec.key)
            if window is not None:
                step = step.where(spec.updated >= window)
            elif stamp is None:
                step = step.where(spec.updated.is_not(None))
            else:
                step = step.where(
                    sa.or_(spec.updated > stamp, sa.and_(spec.updated == stamp, spec.key > key))
                )
            rows = self._fetch(spec, step)
            if not rows:
                break
            before = dict(cursor)
            cursor["updated_at"] = _encode(rows[-1][spec.updated.name])
            cursor["id"] = _encode(rows[-1][spec.key.name])
            if window is None:  # the window may end where the bookmark was: that is progress
                self._advanced(spec, before, cursor)
            window = None
            yield self._page(stream, spec, rows, cursor)
            if len(rows) < self.page_size:
                break

    def _advanced(self, spec: _Stream, before: Bookmark, after: Bookmark) -> None:
        """A page that ends where it began would be read forever: stop with the reason."""
        if before == after:
            raise ConnectorError(
                self.name,
                f"reading table {spec.name} does not advance past bookmark {after}: the database "
                "returns the same rows again (does it compare the change column's values "
                "differently from how it returns them?)",
            )

    def _fetch(self, spec: _Stream, query: sa.Select[Any]) -> list[Mapping[str, Any]]:
        with self._connect() as conn:
            try:
                return [dict(row) for row in conn.execute(query).mappings()]
            except DBAPIError as exc:
                raise self._error(exc, spec.name) from None

    def _page(
        self, stream: str, spec: _Stream, rows: list[Mapping[str, Any]], cursor: dict[str, Any]
    ) -> Page:
        persons: list[PersonRecord] = []
        events: list[EventRecord] = []
        rejections: list[Rejection] = []
        for raw in rows:
            row = {field: _clean(raw[col]) for field, col in spec.fields.items()}
            if spec.entity == "customer" and "updated" not in row:
                row["updated"] = _clean(raw[spec.updated.name])
            payload = {field: _encode(value) for field, value in row.items()}
            try:
                record = to_record(
                    spec.entity, row, self.cells, currency=self.currency, payload=payload
                )
            except BadRow as exc:
                where = f"{spec.name} {spec.key.name}={_encode(raw[spec.key.name])}"
                rejections.append(Rejection(where, str(exc)))
                continue
            if isinstance(record, PersonRecord):
                persons.append(record)
            else:
                events.append(record)
        return Page(
            stream, dict(cursor), tuple(persons), tuple(events), rejections=tuple(rejections)
        )

    # -- cells --------------------------------------------------------------------------------
    def _date_cell(self, value: Any) -> date:
        if isinstance(value, date):  # datetime too
            return value
        if isinstance(value, str):
            try:
                return parse_date(value, self.date_format)
            except ValueError:
                try:
                    return datetime.fromisoformat(value.strip())
                except ValueError:
                    pass
                raise
        raise ValueError(f"bad date {value!r} (expected a date)")

    def _amount_cell(self, value: Any) -> Decimal:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, float):
            try:
                return Decimal(str(value))
            except InvalidOperation:
                raise ValueError(f"bad amount {value!r}") from None
        if isinstance(value, str):
            return parse_decimal(value, self.decimal, self.thousands)
        raise ValueError(f"bad amount {value!r} (expected a number)")

    def check(self) -> CheckResult:
        return check_first_pages(self, str(self.safe_url), "rows")


def _read_only(statement: str) -> Callable[[Any, Any], None]:
    """A ``connect`` listener that makes every transaction on the new connection read-only."""

    def listener(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(statement)
        finally:
            cursor.close()
        dbapi_connection.commit()  # PostgreSQL's SET is transactional: keep it

    return listener


def _timezone(source: str, name: str) -> tzinfo:
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(
            source, f"unknown 'timezone' {name!r} (e.g. Europe/Berlin)"
        ) from None


def _python_type(sql_type: Any) -> type | None:
    try:
        python_type = sql_type.python_type
    except (NotImplementedError, AttributeError):
        return None
    return python_type if isinstance(python_type, type) else None


def _window_start(stamp: Any, overlap: timedelta) -> datetime | date | None:
    """Where a resumed read starts: ``overlap`` before the bookmark's time (whole days for a
    date); None when there is nothing to go back from or no time to go back in."""
    if not overlap or stamp is None:
        return None
    try:
        if isinstance(stamp, datetime):
            return stamp - overlap
        if isinstance(stamp, date):
            return stamp - timedelta(days=max(1, math.ceil(overlap / timedelta(days=1))))
    except OverflowError:  # a bookmark in year 1: read from the start
        return stamp.min
    return None


def _encode(value: Any) -> Any:
    """A database value as JSON can hold it (bookmarks, payloads)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)  # Decimal, UUID, ...


def _decode(value: Any, python_type: type | None) -> Any:
    """A bookmark value back as the column's type; one that does not parse is bound as it is."""
    if value is None or python_type is None or isinstance(value, python_type):
        return value
    try:
        if python_type is datetime:
            return datetime.fromisoformat(str(value))
        if python_type is date:
            return date.fromisoformat(str(value))
        if python_type is Decimal:
            return Decimal(str(value))
        if python_type is int:
            return int(value)
    except (ValueError, InvalidOperation):
        pass
    return value


def _clean(value: Any) -> Any:
    return None if isinstance(value, str) and value.strip() in ZERO_DATES else value


def _one(candidates: Iterator[str]) -> str | None:
    found = list(candidates)
    return found[0] if len(found) == 1 else None
