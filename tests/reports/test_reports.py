"""The PDF reports, read back with pypdf (text) and pypdfium2 (pixels): content, page x of y,
the timeline's header on every page, redaction, Unicode names, the overdue report."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pypdfium2
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from agent_desk.cli import main
from agent_desk.demo.team import seed_team
from agent_desk.reports.case import CaseOptions, case_report
from agent_desk.reports.overdue import overdue_report
from agent_desk.services import commitments
from agent_desk.store.database import Database
from agent_desk.store.models import TimelineEvent
from agent_desk.store.types import utcnow
from connectors.base import EventRecord, PersonRef
from tests.resolve.test_resolver import put
from tests.services.test_search import customer_of, person

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
NAMES = [
    ("Grzegorz", "Brzęczyszczykiewicz"),  # Polish
    ("Şükrü", "Öztürk"),  # Turkish
    ("Γιώργος", "Παπαδόπουλος"),  # Greek
    ("Алексей", "Кузнецов"),  # Cyrillic
]


def pages_text(data: bytes) -> list[str]:
    """Each page's text, white space folded (the page total is a form of its own, on a line of
    its own in the extracted text)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_a_long_case_paginates_with_its_header_on_every_page_and_page_x_of_y(
    database: Database,
) -> None:
    put(
        database,
        "shop",
        person(
            "1",
            "Maria",
            "García",
            email="maria@example.com",
            phone="+44 113 496 0018",
            street="1 High Street",
            postcode="LS1 1AA",
            city="Leeds",
        ),
        events=tuple(
            EventRecord(
                external_id=f"order/{i}",
                person=PersonRef("customer", "1"),
                kind="order_placed",
                category="commercial",
                occurred_at=NOW - timedelta(hours=300 - i),
                title=f"Order #{1000 + i} placed",
                reference=f"#{1000 + i}",
            )
            for i in range(300)
        ),
    )
    from agent_desk.identity.resolver import Resolver

    Resolver(database).resolve_pending()
    maria = customer_of(database, "shop", "1")
    commitments.create(
        database, maria, "alice", kind="refund", description="Refund €25 for the kettle",
        due_at=NOW + timedelta(days=2), now=NOW,
    )  # fmt: skip
    out = io.BytesIO()

    result = case_report(database, maria, out, company="ACME Service", printed_by="alice", now=NOW)

    texts = pages_text(out.getvalue())
    assert result.pages == len(texts) >= 4 and result.events == 300
    for n, text in enumerate(texts, 1):
        assert f"Page {n} of {len(texts)}" in text
        assert "ACME Service" in text and "Printed by alice at 2026-11-24 09:00" in text
    first = texts[0]
    assert "María García" in first or "Maria García" in first
    assert "maria@example.com" in first and "Refund €25 for the kettle" in first
    timeline_pages = [t for t in texts if "Order #1" in t]
    assert len(timeline_pages) >= 3
    for text in timeline_pages[1:]:  # the header row opens each further page of the table
        assert text.startswith("When Source Kind Title Amount Status Reference 2026-")
    everything = "".join(texts)
    assert all(f"Order #{1000 + i} placed" in everything for i in range(300))  # none lost
    assert everything.index("Order #1000 placed") < everything.index("Order #1299 placed")
    # a page is really drawn: pixels, not a blank sheet
    pdf = pypdfium2.PdfDocument(out.getvalue())
    image = pdf[1].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 4000  # the header, footer and page number alone are about 700


def test_the_redacted_report_has_no_e_mail_phone_or_address(database: Database) -> None:
    put(
        database,
        "erp",
        person(
            "7",
            "Ann",
            "Lee",
            email="ann.lee@example.org",
            phone="0113 496 0018",
            street="22 Acacia Avenue",
            postcode="LS2 9JT",
            city="Leeds",
        ),
        events=(
            EventRecord(
                external_id="ticket/9",
                person=PersonRef("customer", "7"),
                kind="ticket_opened",
                occurred_at=NOW - timedelta(days=2),
                title="Call me on +44 113 496 0018 or ann.lee@example.org",
                reference="#9",
                status="solved",
            ),
        ),
    )
    from agent_desk.identity.resolver import Resolver

    Resolver(database).resolve_pending()
    ann = customer_of(database, "erp", "7")
    plain, redacted = io.BytesIO(), io.BytesIO()
    case_report(database, ann, plain, now=NOW)
    case_report(database, ann, redacted, options=CaseOptions(redact=True), now=NOW)

    clear = "".join(pages_text(plain.getvalue()))
    masked = "".join(pages_text(redacted.getvalue()))
    assert "ann.lee@example.org" in clear and "Acacia" in clear
    for secret in ("ann.lee@example.org", "example.org", "496 0018", "4960018", "Acacia",
                   "LS2 9JT"):  # fmt: skip
        assert secret not in masked, secret
    assert "Ann Lee" in masked and "[redacted]" in masked and "Redacted case report" in masked
    assert "#9" in masked  # references stay


def test_unicode_names_print(database: Database) -> None:
    put(database, "erp", *[person(str(i), g, f) for i, (g, f) in enumerate(NAMES, 20)])
    from agent_desk.identity.resolver import Resolver

    Resolver(database).resolve_pending()
    for i, (given, family) in enumerate(NAMES, 20):
        out = io.BytesIO()
        case_report(database, customer_of(database, "erp", str(i)), out, now=NOW)
        assert f"{given} {family}" in pages_text(out.getvalue())[0]


def test_sections_period_and_sources_are_the_printer_s_choice(demo_store_url: str) -> None:
    db = Database(demo_store_url)
    t = TimelineEvent.__table__
    try:
        with db.engine.connect() as conn:
            cid, = conn.execute(
                sa.select(t.c.customer_id).where(t.c.customer_id.is_not(None))
                .group_by(t.c.customer_id).order_by(sa.func.count().desc()).limit(1)
            ).one()  # fmt: skip
            sources = set(
                conn.execute(sa.select(t.c.source).where(t.c.customer_id == cid)).scalars()
            )
        assert len(sources) >= 2
        keep = sorted(sources)[0]
        out = io.BytesIO()
        options = CaseOptions(sections=frozenset({"timeline"}), sources=frozenset({keep}))
        result = case_report(db, cid, out, options=options, now=utcnow())
        with db.engine.connect() as conn:
            expected = conn.execute(
                sa.select(sa.func.count()).where(
                    t.c.customer_id == cid, t.c.source == keep, t.c.deleted_at.is_(None)
                )
            ).scalar()
        assert result.events == expected
        text = "".join(pages_text(out.getvalue()))
        assert "Summary" not in text and "Merge journal" not in text and "Timeline" in text
        assert f"; {keep}; " in text
        with pytest.raises(Exception, match="unknown report section"):
            case_report(db, cid, io.BytesIO(), options=CaseOptions(sections=frozenset({"x"})))
    finally:
        db.dispose()


def test_overdue_report_by_agent_and_age_in_landscape(demo_store_url: str, tmp_path) -> None:
    db = Database(demo_store_url)
    try:
        now = utcnow()
        seed_team(db, "demo.user", now)
        path = tmp_path / "overdue.pdf"
        result = overdue_report(db, path, company="ACME", printed_by="lena", now=now)
        reader = PdfReader(str(path))
        box = reader.pages[0].mediabox
        assert box.width > box.height  # A4 landscape
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert result.late >= 1 and "Total" in text and f"Page 1 of {result.pages}" in text
        assert "Kept on time, 30 days" in text and "Omar Haddad" in text + "Jan Kowalski"
    finally:
        db.dispose()


def test_report_commands_write_the_pdfs(demo_store_url: str, tmp_path, capsys) -> None:
    out = tmp_path / "case.pdf"
    db = Database(demo_store_url)
    t = TimelineEvent.__table__
    with db.engine.connect() as conn:
        cid = conn.execute(
            sa.select(t.c.customer_id).where(t.c.customer_id.is_not(None)).limit(1)
        ).scalar()
    db.dispose()
    url = demo_store_url
    assert main(["--db-url", url, "report", "case", str(cid), "-o", str(out), "--redact",
                 "--from", "2020-01-01", "--to", "2030-12-31", "--no-internal"]) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF") and str(out) in capsys.readouterr().out
    assert main(["--db-url", url, "report", "case", str(cid), "-o", str(out),
                 "--from", "24/11/2026"]) == 1  # fmt: skip
    assert "is not a date (YYYY-MM-DD)" in capsys.readouterr().err
    assert main(["--db-url", url, "report", "overdue", "-o", str(tmp_path / "o.pdf")]) == 0
    assert "late promises" in capsys.readouterr().out
    assert main(["--db-url", url, "report", "case", "99999", "-o", str(out)]) == 1
    assert "customer #99999 does not exist" in capsys.readouterr().err


def test_the_logo_from_the_settings_prints_and_a_broken_one_is_left_out(
    database: Database, tmp_path
) -> None:
    from PIL import Image

    put(database, "erp", person("31", "Ann", "Lee"))
    from agent_desk.identity.resolver import Resolver

    Resolver(database).resolve_pending()
    ann = customer_of(database, "erp", "31")
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), (20, 60, 160)).save(logo)
    with_logo, broken = io.BytesIO(), io.BytesIO()
    case_report(database, ann, with_logo, logo=str(logo), now=NOW)
    (tmp_path / "bad.png").write_text("not an image")
    case_report(database, ann, broken, logo=str(tmp_path / "bad.png"), now=NOW)
    image = pypdfium2.PdfDocument(with_logo.getvalue())[0].render(scale=1).to_pil()
    blue = sum(
        1 for x in range(0, 200) for y in range(0, 60) if image.getpixel((x, y)) == (20, 60, 160)
    )
    assert blue > 200  # the logo sits in the page header
    assert "Ann Lee" in pages_text(broken.getvalue())[0]


def test_redaction_masks_the_address_parts_and_the_phone_as_the_customer_writes_it(
    database: Database,
) -> None:
    from agent_desk.identity.resolver import Resolver
    from connectors.base import PersonRecord

    pole = PersonRecord(
        entity="customer", external_id="8", given_name="Małgorzata", family_name="Wiśniewska",
        email="m.w@example.pl", phone="+48 22 123 45 67", street="ul. Długa 5",
        postcode="00-238", city="Warszawa", country="PL",
    )  # fmt: skip
    put(
        database,
        "erp",
        pole,
        events=(
            EventRecord(
                external_id="ticket/81", person=PersonRef("customer", "8"),
                kind="ticket_opened", occurred_at=NOW - timedelta(days=1),
                title="Please call 22 123 45 67 or 022 123 45 67, I live at ul. Długa 5",
                reference="#81", status="open",
            ),
            EventRecord(
                external_id="ticket/82", person=PersonRef("customer", "8"),
                kind="ticket_opened", occurred_at=NOW - timedelta(hours=5),
                title="Moved out of Warszawa, post code 00-238", reference="#82",
                status="open",
            ),
        ),
    )  # fmt: skip
    Resolver(database).resolve_pending()
    cid = customer_of(database, "erp", "8")
    out = io.BytesIO()
    case_report(database, cid, out, options=CaseOptions(redact=True), now=NOW, region="GB")
    text = " ".join(pages_text(out.getvalue()))
    for secret in ("123 45 67", "1234567", "Długa", "00-238", "Warszawa", "m.w@example.pl"):
        assert secret not in text, secret
    assert "Małgorzata Wiśniewska" in text and "#81" in text
