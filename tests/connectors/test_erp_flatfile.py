"""The legacy ERP flat-file connector: the demo export, broken lines, incremental reads."""

from __future__ import annotations

import csv
import io
import logging
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_desk.demo import generate
from connectors.base import ConfigurationError, ConnectorContext, Page
from connectors.erp_flatfile import FlatFileConnector


def context() -> ConnectorContext:
    return ConnectorContext(get_secret=lambda _name: None, logger=logging.getLogger("test"))


def connector(config: dict[str, Any]) -> FlatFileConnector:
    return FlatFileConnector("erp", {"type": "erp-flatfile", **config}, context())


def read_all(
    conn: FlatFileConnector, stream: str, bookmark: dict[str, Any] | None = None
) -> list[Page]:
    return list(conn.pages(stream, bookmark))


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("demo") / "out"
    summary = generate(out, 400, seed=11, as_of=date(2026, 11, 20))
    return out / "erp", summary.files


def test_reads_the_demo_export_completely(demo_export: tuple[Path, dict[str, int]]) -> None:
    folder, counts = demo_export
    conn = connector({"path": str(folder), "layout": "agent-desk-demo", "encoding": "cp1252"})
    assert conn.streams() == ["customers", "invoices", "payments", "contracts"]
    for stream, file in (
        ("customers", "erp/customers.csv"),
        ("invoices", "erp/invoices.csv"),
        ("payments", "erp/payments.csv"),
        ("contracts", "erp/contracts.csv"),
    ):
        pages = read_all(conn, stream)
        assert sum(p.size for p in pages) == counts[file], stream
        assert not any(p.rejections for p in pages), stream
        assert pages[-1].bookmark["complete"] is True
    people = [r for p in read_all(conn, "customers") for r in p.persons]
    assert all(r.erp_customer_number == r.external_id for r in people)
    assert any(r.given_name and any(ch in r.given_name for ch in "äöüéñß") for r in people)
    invoices = [e for p in read_all(conn, "invoices") for e in p.events]
    assert any(e.kind == "credit_note" and e.amount is not None and e.amount < 0 for e in invoices)
    assert all(e.occurred_at.tzinfo is UTC and e.person is not None for e in invoices)
    assert all(
        e.owns == (f"invoice:{e.reference}" if e.kind == "invoice_issued" else None)
        for e in invoices
    )
    contracts = [e for p in read_all(conn, "contracts") for e in p.events]
    assert contracts and all(e.owns == f"contract:{e.reference}" for e in contracts)


BROKEN = (
    "CUST_NO;FIRST_NAME;LAST_NAME;CHANGED;CREDIT\r\n"
    "1001;Jörg;König;01.02.2024;1.234,56\r\n"
    "1002;Anna;Nowak;31.02.2024;10,00\r\n"  # no 31 February
    "1003;Only;Three\r\n"  # wrong column count
    ";No;Id;01.01.2024;0,00\r\n"  # empty id
    "\r\n"
    "1004;Zoë;Ünal;15.03.2024;5,00-\r\n"
)


def test_broken_lines_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_bytes(BROKEN.encode("cp1252"))
    conn = connector(
        {
            "path": str(tmp_path),
            "encoding": "cp1252",
            "files": {
                "customers": {
                    "file": "customers.csv",
                    "entity": "customer",
                    "columns": {
                        "external_id": "CUST_NO",
                        "given_name": "FIRST_NAME",
                        "family_name": "LAST_NAME",
                        "updated": "CHANGED",
                    },
                }
            },
        }
    )
    pages = read_all(conn, "customers")
    persons = [r for p in pages for r in p.persons]
    assert [r.external_id for r in persons] == ["1001", "1004"]
    assert persons[1].display_name == "Zoë Ünal"
    assert persons[0].updated_at == datetime(2024, 2, 1, tzinfo=UTC)
    reasons = {r.location: r.reason for p in pages for r in p.rejections}
    assert reasons == {
        "customers.csv line 3": "updated: bad date '31.02.2024' (expected dd.mm.yyyy)",
        "customers.csv line 4": "expected 5 columns, found 3",
        "customers.csv line 5": "external_id is empty",
    }


def test_bad_amounts_name_the_field(tmp_path: Path) -> None:
    (tmp_path / "inv.csv").write_text(
        "NO;KD;DAT;SUM\n1;7;01.01.2025;12,3,4\n2;7;02.01.2025;9,99\n", encoding="utf-8"
    )
    conn = connector(
        {
            "path": str(tmp_path),
            "files": {
                "inv": {
                    "file": "inv.csv",
                    "entity": "invoice",
                    "columns": {
                        "external_id": "NO",
                        "customer": "KD",
                        "date": "DAT",
                        "amount": "SUM",
                    },
                }
            },
        }
    )
    pages = read_all(conn, "inv")
    assert [e.amount for p in pages for e in p.events] == [Decimal("9.99")]
    assert pages[0].rejections[0].reason.startswith("amount: bad amount '12,3,4'")


def _customers_export(tmp_path: Path, rows: int) -> FlatFileConnector:
    lines = ["CUST_NO;LAST_NAME"] + [f"{n};Name{n}" for n in range(1, rows + 1)]
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return connector(
        {
            "path": str(tmp_path),
            "page_size": 4,
            "files": {
                "c": {
                    "file": "c.csv",
                    "entity": "customer",
                    "columns": {"external_id": "CUST_NO", "family_name": "LAST_NAME"},
                }
            },
        }
    )


def test_unchanged_export_yields_nothing_and_a_half_read_one_resumes(tmp_path: Path) -> None:
    conn = _customers_export(tmp_path, 10)
    pages = read_all(conn, "c")
    assert [p.size for p in pages] == [4, 4, 2]
    assert read_all(conn, "c", pages[-1].bookmark) == []  # unchanged: nothing to do
    resumed = read_all(conn, "c", pages[0].bookmark)  # crashed after the first page
    assert [r.external_id for p in resumed for r in p.persons] == [str(n) for n in range(5, 11)]


def test_a_changed_export_is_read_again_from_the_top(tmp_path: Path) -> None:
    conn = _customers_export(tmp_path, 6)
    done = read_all(conn, "c")[-1].bookmark
    text = (tmp_path / "c.csv").read_text(encoding="utf-8").replace("3;Name3", "3;Renamed")
    (tmp_path / "c.csv").write_text(text, encoding="utf-8")
    again = [r for p in read_all(conn, "c", done) for r in p.persons]
    assert len(again) == 6 and again[2].family_name == "Renamed"


def test_fixed_width_records(tmp_path: Path) -> None:
    (tmp_path / "kunden.txt").write_bytes(
        "100234Müller    Berlin  20240131\n100235Łukasz   Kraków  2024013x\n".encode()
    )
    conn = connector(
        {
            "path": str(tmp_path),
            "format": "fixed",
            "encoding": "utf-8",
            "date_format": "yyyymmdd",
            "files": {
                "k": {
                    "file": "kunden.txt",
                    "entity": "customer",
                    "columns": {
                        "external_id": [1, 6],
                        "family_name": [7, 10],
                        "city": [17, 8],
                        "updated": [25, 8],
                    },
                }
            },
        }
    )
    pages = read_all(conn, "k")
    assert [(r.family_name, r.city) for r in pages[0].persons] == [("Müller", "Berlin")]
    assert pages[0].rejections[0].location == "kunden.txt line 2"
    assert "expected yyyymmdd" in pages[0].rejections[0].reason


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, "'path' .* is not set"),
        ({"path": "/nonexistent"}, "no files configured"),
        (
            {"path": "/x", "files": {"a": {"entity": "order", "columns": {}}}},
            "entity must be one of",
        ),
        (
            {"path": "/x", "files": {"a": {"entity": "invoice", "columns": {"external_id": "N"}}}},
            "columns lacks customer, date, amount",
        ),
    ],
)
def test_configuration_errors_name_the_source(config: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=f"^erp: .*{message}"):
        connector(config)


def test_missing_file_wrong_encoding_and_missing_column(tmp_path: Path) -> None:
    spec = {"c": {"file": "c.csv", "entity": "customer", "columns": {"external_id": "CUST_NO"}}}
    conn = connector({"path": str(tmp_path), "files": spec, "encoding": "utf-8"})
    with pytest.raises(ConfigurationError, match=r"c\.csv does not exist"):
        read_all(conn, "c")
    (tmp_path / "c.csv").write_bytes("KDNR;NAME\n1;Müller\n".encode("cp1252"))
    with pytest.raises(ConfigurationError, match=r"c\.csv: not valid utf-8 at byte"):
        read_all(conn, "c")
    (tmp_path / "c.csv").write_text("KDNR;NAME\n1;X\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"c\.csv has no column CUST_NO"):
        read_all(conn, "c")


def test_check_reports_counts(demo_export: tuple[Path, dict[str, int]]) -> None:
    conn = connector(
        {"path": str(demo_export[0]), "layout": "agent-desk-demo", "encoding": "cp1252"}
    )
    result = conn.check()
    assert result.ok and result.counts["customers"] > 0 and "read" in result.message


cells = st.text(alphabet=st.characters(codec="cp1252", exclude_characters="\r\n\x00"), max_size=15)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(1, 10**9), cells, cells),
        min_size=1,
        max_size=20,
        unique_by=lambda row: row[0],
    )
)
def test_any_field_content_survives_the_export(
    tmp_path: Path, rows: list[tuple[int, str, str]]
) -> None:
    """Quotes, delimiters and accents inside fields, written the way csv writes them."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["CUST_NO", "FIRST_NAME", "LAST_NAME"])
    writer.writerows(rows)
    (tmp_path / "p.csv").write_bytes(buffer.getvalue().encode("cp1252"))
    conn = connector(
        {
            "path": str(tmp_path),
            "encoding": "cp1252",
            "files": {
                "p": {
                    "file": "p.csv",
                    "entity": "customer",
                    "columns": {
                        "external_id": "CUST_NO",
                        "given_name": "FIRST_NAME",
                        "family_name": "LAST_NAME",
                    },
                }
            },
        }
    )
    pages = read_all(conn, "p")
    persons = [r for p in pages for r in p.persons]
    rejected = [r for p in pages for r in p.rejections]
    assert not rejected
    expected = [(str(i), a.strip() or None, b.strip() or None) for i, a, b in rows]
    assert [(r.external_id, r.given_name, r.family_name) for r in persons] == expected


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("KDNR;NAME\r\n1;Müller\r\n2;Ünal\r\n".encode("cp1252"), "cp1252"),
        ("\ufeffKDNR;NAME\r\n1;Müller\r\n2;Ünal\r\n".encode(), "utf-8 with BOM"),
    ],
)
def test_auto_encoding_reads_legacy_and_utf8_exports(
    tmp_path: Path, raw: bytes, encoding: str
) -> None:
    (tmp_path / "k.csv").write_bytes(raw)
    conn = connector(
        {
            "path": str(tmp_path),
            "encoding": "auto",
            "files": {
                "k": {
                    "file": "k.csv",
                    "entity": "customer",
                    "columns": {"external_id": "KDNR", "family_name": "NAME"},
                }
            },
        }
    )
    names = [r.family_name for p in read_all(conn, "k") for r in p.persons]
    assert names == ["Müller", "Ünal"], encoding
