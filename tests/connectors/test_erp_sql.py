"""The legacy ERP SQL connector against the real MariaDB and PostgreSQL servers.

Every test runs on both (MariaDB on 127.0.0.1:3306, user root; PostgreSQL on 127.0.0.1:5432,
user postgres; database ``test`` on each), in tables named ``erp_<uuid8>_...`` that are dropped
afterwards. Under ``CI=true`` an unreachable server fails the test instead of skipping it.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from connectors.base import (
    AuthenticationError,
    ConfigurationError,
    ConnectorContext,
    EventRecord,
    Page,
)
from connectors.erp_sql import SqlConnector
from tests.conftest import IN_CI, PG_ADMIN_URL, require_postgres

MARIADB_URL = os.environ.get(
    "AGENT_DESK_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test"
)
_mariadb_error: str | None = None
_mariadb_checked = False


def _mariadb_unavailable() -> str | None:
    global _mariadb_checked, _mariadb_error
    if not _mariadb_checked:
        _mariadb_checked = True
        engine = sa.create_engine(MARIADB_URL, connect_args={"connect_timeout": 5})
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except Exception as exc:  # any failure to reach it is reported the same way
            _mariadb_error = f"MariaDB at {MARIADB_URL} is unreachable: {exc}".splitlines()[0]
        finally:
            engine.dispose()
    return _mariadb_error


def require_mariadb() -> None:
    error = _mariadb_unavailable()
    if error is None:
        return
    if IN_CI:
        pytest.fail(f"{error} (CI=true: database tests must run, not skip)", pytrace=False)
    pytest.skip(error)


@dataclass
class Database:
    """One server, with the tables and connectors a test made there (cleaned up afterwards)."""

    kind: str
    admin: sa.Engine
    prefix: str = field(default_factory=lambda: f"erp_{uuid.uuid4().hex[:8]}")
    metadata: sa.MetaData = field(default_factory=sa.MetaData)
    connectors: list[SqlConnector] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> sa.URL:
        return self.admin.url

    def table(self, suffix: str, *columns: sa.Column[Any], rows: list[dict[str, Any]]) -> str:
        table = sa.Table(f"{self.prefix}_{suffix}", self.metadata, *columns)
        table.create(self.admin)
        if rows:
            with self.admin.begin() as conn:
                conn.execute(table.insert(), rows)
        return table.name

    def execute(self, statement: Any, *params: Any) -> Any:
        with self.admin.begin() as conn:
            return conn.execute(statement, *params)

    def connector(
        self, tables: dict[str, Any], url: sa.URL | None = None, **config: Any
    ) -> SqlConnector:
        target = url or self.url
        if target.password:  # a server set up with a password: pass it the way a person would
            self.secrets["erp-db"] = target.password
            config.setdefault("credential", "erp-db")
            target = target.set(password=None)
        context = ConnectorContext(
            get_secret=self.secrets.get, logger=logging.getLogger("test.erp_sql")
        )
        conn = SqlConnector(
            "erp",
            {
                "type": "erp-sql",
                "url": target.render_as_string(hide_password=False),
                "tables": tables,
                **config,
            },
            context,
        )
        self.connectors.append(conn)
        return conn

    def close(self) -> None:
        for conn in self.connectors:
            conn.close()
        self.metadata.drop_all(self.admin)
        self.admin.dispose()


def _database(kind: str) -> Iterator[Database]:
    if kind == "mariadb":
        require_mariadb()
        admin = sa.create_engine(MARIADB_URL)
    else:
        require_postgres()
        admin = sa.create_engine(PG_ADMIN_URL)
    database = Database(kind, admin)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(params=["mariadb", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    yield from _database(request.param)


@pytest.fixture
def mariadb() -> Iterator[Database]:
    yield from _database("mariadb")


# -- legacy-style tables ----------------------------------------------------------------------
CHANGED = "GEÄNDERT AM"  # a legacy column name with an umlaut and a space: it must be quoted


def customers_table(db: Database, rows: list[dict[str, Any]]) -> str:
    return db.table(
        "kunden",
        sa.Column("KDNR", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("VORNAME", sa.String(40)),
        sa.Column("NAME", sa.String(40)),
        sa.Column("FIRMA", sa.String(60)),
        sa.Column("PLZ", sa.CHAR(5)),
        sa.Column("ORT", sa.String(40)),
        sa.Column("LAND", sa.CHAR(2)),
        sa.Column("EMAIL", sa.String(80)),
        sa.Column("GEBDAT", sa.Date),
        sa.Column(CHANGED, sa.DateTime),
        rows=rows,
    )


def customer(n: int, changed: datetime | None, **extra: Any) -> dict[str, Any]:
    return {
        "KDNR": n,
        "VORNAME": None,
        "NAME": f"Kunde {n}",
        "FIRMA": None,
        "PLZ": None,
        "ORT": None,
        "LAND": None,
        "EMAIL": None,
        "GEBDAT": None,
        CHANGED: changed,
        **extra,
    }


CUSTOMER_COLUMNS = {
    "external_id": "KDNR",
    "given_name": "VORNAME",
    "family_name": "NAME",
    "company": "FIRMA",
    "postcode": "PLZ",
    "city": "ORT",
    "country": "LAND",
    "email": "EMAIL",
    "birth_date": "GEBDAT",
}


def customers_config(table: str, **extra: Any) -> dict[str, Any]:
    return {
        "kunden": {
            "table": table,
            "entity": "customer",
            "updated_at": CHANGED,
            "id": "KDNR",
            "columns": CUSTOMER_COLUMNS,
            **extra,
        }
    }


def ids(pages: list[Page]) -> list[str]:
    out = []
    for page in pages:
        out += [r.external_id for r in page.persons] + [e.external_id for e in page.events]
    return out


def t(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute)


# -- reading ----------------------------------------------------------------------------------
def test_full_read_in_pages_maps_legacy_rows(db: Database) -> None:
    table = customers_table(
        db,
        [
            customer(
                1001,
                t(5),
                VORNAME="Jörg",
                NAME="König",
                PLZ="80331",
                ORT="München",
                LAND="de",
                EMAIL="joerg@example.de",
                GEBDAT=date(1961, 4, 30),
            ),
            customer(1002, None, NAME="Ñúñez", FIRMA="Ölmühle Groß GmbH"),  # never stamped
            customer(1003, t(1), VORNAME="Zoë", NAME="Ünal"),
            customer(1004, None, NAME=None, FIRMA="Straßenbau AG"),
            customer(1005, t(3)),
            customer(1006, t(2)),
            customer(1007, t(4)),
        ],
    )
    conn = db.connector(customers_config(table), page_size=3)
    pages = list(conn.pages("kunden", None))
    # never-stamped rows first (by id), then oldest change first
    assert ids(pages) == ["1002", "1004", "1003", "1006", "1005", "1007", "1001"]
    assert [p.size for p in pages] == [2, 3, 2]
    assert not any(p.rejections for p in pages)
    people = {r.external_id: r for p in pages for r in p.persons}
    joerg = people["1001"]
    assert (joerg.display_name, joerg.city, joerg.country) == ("Jörg König", "München", "DE")
    assert joerg.birth_date == date(1961, 4, 30) and joerg.erp_customer_number == "1001"
    assert joerg.updated_at == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    assert joerg.payload["birth_date"] == "1961-04-30" and joerg.payload["external_id"] == 1001
    assert people["1002"].display_name == "Ñúñez" and people["1002"].company == "Ölmühle Groß GmbH"
    assert people["1002"].updated_at is None
    assert people["1004"].display_name == "Straßenbau AG"
    assert pages[-1].bookmark == {"updated_at": "2024-03-05T12:00:00", "id": 1001, "null_id": 1004}


def test_invoices_payments_and_contracts_become_events(db: Database) -> None:
    invoices = db.table(
        "rechnungen",
        sa.Column("RENR", sa.String(12), primary_key=True),
        sa.Column("KDNR", sa.Integer),
        sa.Column("REDATUM", sa.Date),
        sa.Column("BRUTTO", sa.Numeric(12, 2)),
        sa.Column("WAEHRUNG", sa.CHAR(3)),
        sa.Column("STATUS", sa.String(10)),
        sa.Column("AENDERUNG", sa.DateTime),
        rows=[
            {
                "RENR": "R-100",
                "KDNR": 1001,
                "REDATUM": date(2024, 2, 1),
                "BRUTTO": Decimal("1234.56"),
                "WAEHRUNG": None,
                "STATUS": "offen",
                "AENDERUNG": t(1),
            },
            {
                "RENR": "G-7",
                "KDNR": 1001,
                "REDATUM": date(2024, 2, 9),
                "BRUTTO": Decimal("-99.90"),
                "WAEHRUNG": "CHF",
                "STATUS": "bezahlt",
                "AENDERUNG": t(2),
            },
        ],
    )
    contracts = db.table(
        "vertraege",
        sa.Column("VNR", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("KDNR", sa.Integer),
        sa.Column("ARTIKEL", sa.String(20)),
        sa.Column("BEGINN", sa.Date),
        sa.Column("ENDE", sa.Date),
        sa.Column("AENDERUNG", sa.DateTime),
        rows=[
            {
                "VNR": 1,
                "KDNR": 1001,
                "ARTIKEL": "STROM-ÖKO",
                "BEGINN": date(2023, 1, 1),
                "ENDE": None,
                "AENDERUNG": t(1),
            },
        ],
    )
    conn = db.connector(
        {
            "vertraege": {
                "table": contracts,
                "entity": "contract",
                "updated_at": "AENDERUNG",
                "columns": {
                    "external_id": "VNR",
                    "customer": "KDNR",
                    "sku": "ARTIKEL",
                    "start": "BEGINN",
                    "end": "ENDE",
                },
            },
            "rechnungen": {
                "table": invoices,
                "entity": "invoice",
                "updated_at": "AENDERUNG",
                "columns": {
                    "external_id": "RENR",
                    "customer": "KDNR",
                    "date": "REDATUM",
                    "amount": "BRUTTO",
                    "currency": "WAEHRUNG",
                    "status": "STATUS",
                },
            },
        }
    )
    assert conn.streams() == ["rechnungen", "vertraege"]
    events = [e for p in conn.pages("rechnungen", None) for e in p.events]
    assert [(e.kind, e.amount, e.currency, e.status) for e in events] == [
        ("invoice_issued", Decimal("1234.56"), "EUR", "offen"),
        ("credit_note", Decimal("-99.90"), "CHF", "bezahlt"),
    ]
    assert events[0].occurred_at == datetime(2024, 2, 1, tzinfo=UTC)
    assert events[0].person is not None and events[0].person.external_id == "1001"
    assert events[0].payload["amount"] == "1234.56"
    (contract,) = [e for p in conn.pages("vertraege", None) for e in p.events]
    assert isinstance(contract, EventRecord)
    assert contract.title == "Contract 1 (STROM-ÖKO)" and contract.payload["end_date"] is None
    assert contract.occurred_at == datetime(2023, 1, 1, tzinfo=UTC)


def test_resume_from_a_bookmark(db: Database) -> None:
    rows = [customer(n, t(1 + n % 4, minute=n)) for n in range(1, 11)]
    table = customers_table(db, rows)
    conn = db.connector(customers_config(table), page_size=4, overlap_seconds=0)
    pages = list(conn.pages("kunden", None))
    everything = ids(pages)
    assert sorted(everything, key=int) == [str(n) for n in range(1, 11)]
    for cut in range(len(pages)):  # a crash after page `cut` resumes right after it
        assert ids(list(conn.pages("kunden", pages[cut].bookmark))) == everything[4 * (cut + 1) :]


def test_changed_rows_come_again_and_unchanged_ones_do_not(db: Database) -> None:
    table = customers_table(db, [customer(n, t(n)) for n in range(1, 6)] + [customer(6, None)])
    conn = db.connector(customers_config(table), page_size=2, overlap_seconds=0)
    first = list(conn.pages("kunden", None))
    assert len(ids(first)) == 6
    done = first[-1].bookmark
    assert list(conn.pages("kunden", done)) == []  # nothing changed: no page at all

    kunden = sa.table(table, sa.column("KDNR"), sa.column("NAME"), sa.column(CHANGED))
    db.execute(
        kunden.update()
        .where(kunden.c.KDNR == 2)
        .values({"NAME": "Müller-Lüdenscheidt", CHANGED: t(20)})
    )
    db.execute(kunden.insert().values({"KDNR": 7, "NAME": "Neu, ungestempelt"}))  # no stamp
    again = list(conn.pages("kunden", done))
    assert ids(again) == ["7", "2"]
    renamed = next(r for p in again for r in p.persons if r.external_id == "2")
    assert renamed.family_name == "Müller-Lüdenscheidt"
    assert renamed.updated_at == datetime(2024, 3, 20, 12, 0, tzinfo=UTC)
    assert list(conn.pages("kunden", again[-1].bookmark)) == []


def test_same_timestamp_rows_across_page_boundaries(db: Database) -> None:
    stamp = t(7, 9, 30)  # a nightly batch job stamped everything at once
    rows = [customer(n, stamp) for n in (5, 3, 11, 8, 1, 13, 2)] + [customer(20, t(8))]
    table = customers_table(db, rows)
    conn = db.connector(customers_config(table), page_size=3, overlap_seconds=0)
    pages = list(conn.pages("kunden", None))
    assert ids(pages) == ["1", "2", "3", "5", "8", "11", "13", "20"]
    assert [p.size for p in pages] == [3, 3, 2]
    assert pages[0].bookmark == {"updated_at": "2024-03-07T09:30:00", "id": 3, "null_id": None}
    assert ids(list(conn.pages("kunden", pages[0].bookmark))) == ["5", "8", "11", "13", "20"]
    assert ids(list(conn.pages("kunden", pages[1].bookmark))) == ["13", "20"]


def test_a_row_committed_late_inside_the_overlap_is_read_on_the_next_run(db: Database) -> None:
    """A batch stamps a row at 12:00 but commits after a sync already read up to 12:03."""
    rows = [customer(n, t(9, 12, 3 * n)) for n in range(1, 5)]  # 12:03 .. 12:12
    table = customers_table(db, rows)
    kunden = sa.table(table, sa.column("KDNR"), sa.column("NAME"), sa.column(CHANGED))
    strict = db.connector(customers_config(table), page_size=2, overlap_seconds=0)
    default = db.connector(customers_config(table), page_size=2)  # 300 s
    done = list(default.pages("kunden", None))[-1].bookmark
    assert done["updated_at"] == "2024-03-09T12:12:00"

    db.execute(kunden.insert().values({"KDNR": 50, "NAME": "Spät", CHANGED: t(9, 12, 9)}))
    assert ids(list(strict.pages("kunden", done))) == []  # a strict keyset misses it for good
    again = list(default.pages("kunden", done))
    assert "50" in ids(again)
    # the window (from 12:07) brings back only rows it holds; the store's hash absorbs them
    assert ids(again) == ["3", "50", "4"]
    assert again[-1].bookmark["updated_at"] == "2024-03-09T12:12:00"


def test_an_unchanged_table_rereads_only_the_overlap_and_ends(db: Database) -> None:
    stamp = t(10, 8, 0)  # eight rows stamped by one batch, more than a page
    table = customers_table(db, [customer(n, stamp) for n in range(1, 9)] + [customer(9, t(1))])
    conn = db.connector(customers_config(table), page_size=3, overlap_seconds=60)
    first = list(conn.pages("kunden", None))
    done = first[-1].bookmark
    again = list(conn.pages("kunden", done))
    assert ids(again) == [str(n) for n in range(1, 9)]  # not the row of day 1
    assert again[-1].bookmark == done  # and it ends where it was
    assert ids(list(conn.pages("kunden", done))) == ids(again)  # the same each time, no loop


def test_a_date_change_column_goes_back_whole_days(db: Database) -> None:
    table = db.table(
        "vertraege_d",
        sa.Column("VNR", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("NAME", sa.String(40)),
        sa.Column("AENDERUNG", sa.Date),
        rows=[{"VNR": n, "NAME": f"K {n}", "AENDERUNG": date(2024, 3, n)} for n in range(1, 6)],
    )
    config = {
        "k": {
            "table": table,
            "entity": "customer",
            "updated_at": "AENDERUNG",
            "id": "VNR",
            "columns": {"external_id": "VNR", "family_name": "NAME"},
        }
    }
    conn = db.connector(config, page_size=10)
    done = list(conn.pages("k", None))[-1].bookmark
    assert ids(list(conn.pages("k", done))) == ["4", "5"]  # from the day before the bookmark


def test_overlap_must_be_a_number_of_seconds() -> None:
    context = ConnectorContext(get_secret={}.get, logger=logging.getLogger("t"))
    with pytest.raises(ConfigurationError, match="erp: 'overlap_seconds' must be"):
        SqlConnector(
            "erp",
            {"type": "erp-sql", "url": "sqlite://", "tables": {}, "overlap_seconds": "5 min"},
            context,
        )


def test_bad_values_become_rejections_naming_table_and_id(db: Database) -> None:
    payments = db.table(
        "zahlungen",
        sa.Column("ZNR", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("KDNR", sa.Integer),
        sa.Column("DATUM", sa.String(10)),  # legacy: dates and amounts kept as text
        sa.Column("BETRAG", sa.String(20)),
        sa.Column("ART", sa.String(12)),
        sa.Column("STAND", sa.DateTime),
        rows=[
            {
                "ZNR": 1,
                "KDNR": 1001,
                "DATUM": "2024-01-31",
                "BETRAG": "12.50",
                "ART": "SEPA",
                "STAND": t(1),
            },
            {
                "ZNR": 2,
                "KDNR": 1001,
                "DATUM": "2024-02-01",
                "BETRAG": "zwölf",
                "ART": "bar",
                "STAND": t(2),
            },
            {
                "ZNR": 3,
                "KDNR": None,
                "DATUM": "2024-02-02",
                "BETRAG": "5",
                "ART": None,
                "STAND": t(3),
            },
            {
                "ZNR": 4,
                "KDNR": 1002,
                "DATUM": "31.02.2024",
                "BETRAG": "1.5",
                "ART": None,
                "STAND": t(4),
            },
            {
                "ZNR": 5,
                "KDNR": 1002,
                "DATUM": "2024-02-05",
                "BETRAG": None,
                "ART": None,
                "STAND": t(5),
            },
            {
                "ZNR": 6,
                "KDNR": 1002,
                "DATUM": "2024-02-06",
                "BETRAG": "-7.25",
                "ART": None,
                "STAND": t(6),
            },
        ],
    )
    conn = db.connector(
        {
            "zahlungen": {
                "table": payments,
                "entity": "payment",
                "updated_at": "STAND",
                "columns": {
                    "external_id": "ZNR",
                    "customer": "KDNR",
                    "date": "DATUM",
                    "amount": "BETRAG",
                    "method": "ART",
                },
            }
        },
        page_size=4,
    )
    pages = list(conn.pages("zahlungen", None))
    events = [e for p in pages for e in p.events]
    assert [(e.external_id, e.amount, e.status) for e in events] == [
        ("payment/1", Decimal("12.50"), "SEPA"),
        ("payment/6", Decimal("-7.25"), None),
    ]
    reasons = {r.location: r.reason for p in pages for r in p.rejections}
    assert reasons == {
        f"{payments} ZNR=2": "amount: bad amount 'zwölf' "
        "(expected digits with '.' as decimal separator)",
        f"{payments} ZNR=3": "customer is empty",
        f"{payments} ZNR=4": "date: bad date '31.02.2024' (expected yyyy-mm-dd)",
        f"{payments} ZNR=5": "amount: empty amount",
    }
    assert pages[-1].bookmark["id"] == 6  # rejected rows still move the bookmark


def test_mysql_zero_dates_count_as_no_date(mariadb: Database) -> None:
    table = customers_table(mariadb, [])
    with mariadb.admin.begin() as conn:  # what a legacy server in non-strict mode lets in
        conn.execute(sa.text("SET SESSION sql_mode = ''"))
        conn.execute(
            sa.text(
                f"INSERT INTO {table} (KDNR, NAME, GEBDAT, `{CHANGED}`) VALUES "
                "(1, 'Alt', '0000-00-00', '0000-00-00 00:00:00'), (2, 'Neu', NULL, :stamp)"
            ),
            {"stamp": t(1)},
        )
    conn = mariadb.connector(customers_config(table), page_size=1)
    pages = list(conn.pages("kunden", None))
    assert ids(pages) == ["1", "2"] and not any(p.rejections for p in pages)
    old = pages[0].persons[0]
    assert (old.birth_date, old.updated_at) == (None, None)
    assert ids(list(conn.pages("kunden", pages[0].bookmark))) == ["2"]


def test_naive_datetimes_are_read_in_the_configured_time_zone(db: Database) -> None:
    table = customers_table(db, [customer(1, datetime(2024, 7, 1, 10, 0))])
    conn = db.connector(customers_config(table), timezone="Europe/Berlin")
    (page,) = conn.pages("kunden", None)
    assert page.persons[0].updated_at == datetime(2024, 7, 1, 8, 0, tzinfo=UTC)


def test_names_are_matched_to_the_catalogue_case_insensitively(db: Database) -> None:
    table = customers_table(db, [customer(1, t(1), NAME="Groß")])
    config = customers_config(table.upper(), id="kdnr")
    config["kunden"]["columns"] = {"external_id": "kdnr", "family_name": "name"}
    (page,) = db.connector(config).pages("kunden", None)
    assert [(r.external_id, r.family_name) for r in page.persons] == [("1", "Groß")]


def test_check_reads_the_first_page(db: Database) -> None:
    table = customers_table(db, [customer(n, t(n)) for n in range(1, 4)])
    result = db.connector(customers_config(table), page_size=2).check()
    assert result.ok and result.counts == {"kunden": 2}
    assert result.message.startswith("read 2 records from ")


# -- read-only --------------------------------------------------------------------------------
def test_writes_through_the_connectors_engine_are_refused(db: Database) -> None:
    table = customers_table(db, [customer(1, t(1))])
    conn = db.connector(customers_config(table))
    list(conn.pages("kunden", None))
    kunden = sa.table(table, sa.column("KDNR"), sa.column("NAME"))
    with pytest.raises(DBAPIError, match=r"(?i)read[- ]only"), conn.engine.begin() as c:
        c.execute(kunden.insert().values(KDNR=2, NAME="Eindringling"))
    with pytest.raises(DBAPIError, match=r"(?i)read[- ]only"), conn.engine.begin() as c:
        c.execute(kunden.update().values(NAME="überschrieben"))
    with db.admin.connect() as c:
        assert c.execute(sa.select(kunden.c.NAME)).scalars().all() == ["Kunde 1"]


# -- errors -----------------------------------------------------------------------------------
@pytest.fixture
def mariadb_user(db: Database) -> Iterator[tuple[str, str]]:
    """A MariaDB user with a password and SELECT rights (PostgreSQL here trusts every login)."""
    if db.kind != "mariadb":
        yield "", ""
        return
    user, password = f"erp_{uuid.uuid4().hex[:8]}", f"Geheim-{uuid.uuid4().hex[:10]}"
    db.execute(sa.text(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY '{password}'"))
    try:
        db.execute(sa.text(f"GRANT SELECT ON `{db.url.database}`.* TO '{user}'@'127.0.0.1'"))
        yield user, password
    finally:
        db.execute(sa.text(f"DROP USER '{user}'@'127.0.0.1'"))


def test_a_refused_login_is_one_line_without_the_password(
    db: Database, mariadb_user: tuple[str, str]
) -> None:
    table = customers_table(db, [customer(1, t(1))])
    wrong = "Falsch-Passwort-4711"
    if db.kind == "mariadb":
        user, right = mariadb_user
        url = db.url.set(username=user, password=None)
        db.secrets["erp-db"] = right
        good = db.connector(customers_config(table), url=url, credential="erp-db")
        assert ids(list(good.pages("kunden", None))) == ["1"]  # the right password works
    else:  # trust authentication ignores passwords: a role that does not exist is refused
        url = db.url.set(username=f"nobody_{uuid.uuid4().hex[:6]}", password=None)
    db.secrets["erp-wrong"] = wrong
    conn = db.connector(customers_config(table), url=url, credential="erp-wrong")
    with pytest.raises(AuthenticationError) as caught:
        list(conn.pages("kunden", None))
    message = str(caught.value)
    assert message.startswith("erp: ") and "\n" not in message
    assert "refused the login" in message and "credential 'erp-wrong'" in message
    assert wrong not in message and (db.kind != "mariadb" or right not in message)


def test_a_missing_table_or_column_is_named(db: Database) -> None:
    table = customers_table(db, [customer(1, t(1))])
    missing = f"{db.prefix}_gibtsnicht"
    with pytest.raises(
        ConfigurationError, match=rf"^erp: tables\.kunden: there is no table {missing} in "
    ):
        list(db.connector(customers_config(missing)).pages("kunden", None))
    config = customers_config(table)
    config["kunden"]["columns"] = {**CUSTOMER_COLUMNS, "phone": "TELEFON"}
    with pytest.raises(
        ConfigurationError,
        match=rf"^erp: tables\.kunden: table {table} has no column TELEFON \(it has: KDNR, ",
    ):
        list(db.connector(config).pages("kunden", None))


def test_an_unreachable_server_is_one_line(db: Database) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conn = db.connector(customers_config("kunden"), url=db.url.set(port=port))
    with pytest.raises(
        ConfigurationError, match=rf"^erp: cannot connect to .*127\.0\.0\.1:{port}"
    ) as caught:
        conn.check()
    assert "\n" not in str(caught.value)


# -- configuration (no database needed) -------------------------------------------------------
def _config_error(config: dict[str, Any]) -> str:
    context = ConnectorContext(get_secret=lambda _n: None, logger=logging.getLogger("test"))
    with pytest.raises(ConfigurationError) as caught:
        SqlConnector("erp", {"type": "erp-sql", **config}, context)
    return str(caught.value)


TABLE = {"table": "K", "entity": "customer", "updated_at": "U", "columns": {"external_id": "N"}}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, "'url' .* is not set"),
        ({"url": "not a url"}, "'url' is not a database URL"),
        (
            {"url": "mysql+pymysql://erp:S3cret!@h/erp", "tables": {"k": TABLE}},
            "must not contain the password",
        ),
        ({"url": "mysql+pymysql://erp@h/erp"}, "no tables configured"),
        (
            {"url": "mysql+pymysql://erp@h/erp", "tables": {"k": {**TABLE, "entity": "order"}}},
            "tables.k.entity must be one of",
        ),
        (
            {"url": "mysql+pymysql://erp@h/erp", "tables": {"k": {**TABLE, "updated_at": None}}},
            r"tables.k.updated_at .* is not set",
        ),
        (
            {"url": "mysql+pymysql://erp@h/erp", "tables": {"k": {**TABLE, "entity": "invoice"}}},
            "tables.k.columns lacks customer, date, amount",
        ),
        (
            {"url": "mysql+pymysql://erp@h/erp", "tables": {"k": TABLE}, "timezone": "Mars/Olymp"},
            "unknown 'timezone'",
        ),
    ],
)
def test_configuration_errors_name_the_source(config: dict[str, Any], message: str) -> None:
    text = _config_error(config)
    assert text.startswith("erp: ")
    assert re.search(message, text), text
    assert "S3cret" not in text


def test_a_missing_credential_is_explained() -> None:
    context = ConnectorContext(get_secret=lambda _n: None, logger=logging.getLogger("test"))
    conn = SqlConnector(
        "erp",
        {
            "url": "mysql+pymysql://erp@127.0.0.1/erp",
            "credential": "erp-db",
            "tables": {"k": TABLE},
        },
        context,
    )
    with pytest.raises(ConfigurationError, match="no credential stored under 'erp-db'"):
        conn.check()
