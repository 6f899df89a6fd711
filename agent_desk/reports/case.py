"""The case report: one customer on paper, standing on its own.

Sections (the person printing picks them): the header (name, ids per source, contact details,
preferences and opt-outs, special-handling alerts), the summary (value tier, lifetime revenue,
lifecycle stage, defection risk with reasons), open promises and tasks, the timeline for a
period (oldest first, every source or some), notes and call logs, offers and their answers, and
the merge journal. A report for a colleague is not the one for the customer: internal notes can
be left out, and the redacted variant masks e-mail addresses, phone numbers and the postal
address everywhere, free text included.

The timeline streams from the store a page of rows at a time (:class:`~.pdf.StreamTable`), so a
customer with 20,000 events prints in seconds without holding them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import IO, Any, cast
from xml.sax.saxutils import escape

import phonenumbers
import sqlalchemy as sa
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.identity.explain import journal_lines
from agent_desk.reports.pdf import (
    DENSE,
    Furniture,
    StreamTable,
    numbered_canvas,
    output,
    styles,
    table_style,
    wrap_cell,
)
from agent_desk.services import commitments, offers, tasks
from agent_desk.services.customers import customer_card
from agent_desk.services.profile import profile
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Customer, Note, TimelineEvent
from agent_desk.store.types import utcnow

events_t = cast(sa.Table, TimelineEvent.__table__)
notes_t = cast(sa.Table, Note.__table__)
agents_t = cast(sa.Table, Agent.__table__)
customers_t = cast(sa.Table, Customer.__table__)

SECTIONS = ("summary", "commitments", "tasks", "timeline", "notes", "offers", "journal")
SECTION_TITLES = {
    "summary": "Summary",
    "commitments": "Open promises",
    "tasks": "Open tasks",
    "timeline": "Timeline",
    "notes": "Notes and call logs",
    "offers": "Offers and answers",
    "journal": "Merge journal",
}
NOTE_KINDS = ("note_added",)  # desk notes: internal
CALL_KINDS = ("call_logged",)
PAGE = 1000  # timeline rows read per query
REDACTED = "[redacted]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True)
class CaseOptions:
    sections: frozenset[str] = frozenset(SECTIONS)
    since: datetime | None = None
    until: datetime | None = None
    sources: frozenset[str] | None = None  # timeline events only from these (None: all)
    internal_notes: bool = True
    redact: bool = False


@dataclass
class CaseResult:
    pages: int = 0
    events: int = 0
    path: str | None = None
    sections: list[str] = field(default_factory=list)


class Redactor:
    """Masks, when redacting, the customer's e-mail, phone (in every format) and address (the
    whole, and street, postcode and town each on their own) in any text, and any e-mail address
    or phone number at all: libphonenumber finds phone numbers as the customer's country and the
    default region would write them, so an order or invoice number stays. Passes text through
    otherwise."""

    def __init__(self, on: bool, literals: list[str], regions: Sequence[str] = ("GB",)) -> None:
        self.on = on
        self.regions = [r for r in dict.fromkeys(regions) if r]
        known = set(literals)
        for literal in literals:
            for region in self.regions:
                try:
                    number = phonenumbers.parse(literal, region)
                except phonenumbers.NumberParseException:
                    continue
                if phonenumbers.is_possible_number(number):
                    fmt = phonenumbers.PhoneNumberFormat
                    for style in (fmt.NATIONAL, fmt.INTERNATIONAL, fmt.E164):
                        written = phonenumbers.format_number(number, style)
                        known.update({written, written.replace(" ", "")})
                    national = str(number.national_number)
                    known.update({national, "0" + national})
        self.literals = sorted({x for x in known if x and len(x) >= 4}, key=len, reverse=True)

    def __call__(self, text: str | None) -> str:
        text = text or ""
        if not self.on or not text:
            return text
        for literal in self.literals:
            text = re.sub(re.escape(literal), REDACTED, text, flags=re.IGNORECASE)
        text = _EMAIL.sub(REDACTED, text)
        found = {
            m.raw_string
            for region in self.regions
            for m in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID)
        }
        for raw in sorted(found, key=len, reverse=True):
            text = text.replace(raw, REDACTED)
        return text


def _when(value: datetime | None, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else "—"


def _where(customer_id: int, options: CaseOptions) -> list[Any]:
    where = [events_t.c.customer_id == customer_id, events_t.c.deleted_at.is_(None)]
    if options.since is not None:
        where.append(events_t.c.occurred_at >= options.since)
    if options.until is not None:
        where.append(events_t.c.occurred_at < options.until)
    if options.sources is not None:
        where.append(events_t.c.source.in_(sorted(options.sources)))
    if not options.internal_notes:
        where.append(events_t.c.kind.not_in(NOTE_KINDS))
    return where


def _timeline_rows(
    db: Database, customer_id: int, options: CaseOptions, tz: tzinfo, redact: Redactor
) -> Iterator[list[str]]:
    """The rows, oldest first, a page per query on a connection of its own: nothing stays
    open while the pages are laid out (no long transaction on a team database)."""
    where = _where(customer_id, options)
    after: tuple[datetime, int] | None = None
    cols = (
        events_t.c.id,
        events_t.c.occurred_at,
        events_t.c.source,
        events_t.c.kind,
        events_t.c.title,
        events_t.c.amount,
        events_t.c.currency,
        events_t.c.status,
        events_t.c.reference,
    )
    while True:
        query = sa.select(*cols).where(*where)
        if after is not None:
            query = query.where(
                sa.or_(
                    events_t.c.occurred_at > after[0],
                    sa.and_(events_t.c.occurred_at == after[0], events_t.c.id > after[1]),
                )
            )
        with db.engine.connect() as conn:
            rows = conn.execute(
                query.order_by(events_t.c.occurred_at, events_t.c.id).limit(PAGE)
            ).all()
        for r in rows:
            amount = f"{r.amount:,.2f} {r.currency or ''}".strip() if r.amount is not None else ""
            yield [
                _when(r.occurred_at, tz),
                r.source,
                r.kind.replace("_", " "),
                redact(r.title),
                amount,
                r.status or "",
                redact(r.reference or ""),
            ]
        if len(rows) < PAGE:
            return
        after = (rows[-1].occurred_at, rows[-1].id)


def _count(conn: Connection, customer_id: int, options: CaseOptions) -> int:
    return int(
        conn.execute(sa.select(sa.func.count()).where(*_where(customer_id, options))).scalar_one()
    )


def _table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    body = [[wrap_cell(str(c), w - 6) for c, w in zip(row, widths, strict=True)] for row in rows]
    return Table([header, *body], colWidths=widths, repeatRows=1, style=table_style())


def _period(options: CaseOptions, tz: tzinfo) -> str:
    if options.since is None and options.until is None:
        return "all of it"
    start = options.since.astimezone(tz).strftime("%Y-%m-%d") if options.since else "the start"
    last = options.until.astimezone(tz) - timedelta(days=1) if options.until else None
    end = last.strftime("%Y-%m-%d") if last else "today"  # until is the next day's midnight
    return f"{start} to {end}"


def case_report(
    db: Database,
    customer_id: int,
    out: str | Path | IO[bytes],
    *,
    options: CaseOptions = CaseOptions(),
    company: str = "Agent Desk",
    printed_by: str = "agent",
    logo: str | None = None,
    tz: tzinfo = UTC,
    region: str = "GB",
    now: datetime | None = None,
) -> CaseResult:
    """Write the customer's case report as a PDF to ``out`` (a path or a binary file)."""
    unknown = sorted(set(options.sections) - set(SECTIONS))
    if unknown:
        raise AgentDeskError(
            f"unknown report section(s): {', '.join(unknown)} (choose from {', '.join(SECTIONS)})"
        )
    now = now or utcnow()
    st = styles()
    result = CaseResult(sections=[s for s in SECTIONS if s in options.sections])
    with db.read_session() as session:
        card = customer_card(session, customer_id)
    if card is None:
        raise AgentDeskError(f"customer #{customer_id} does not exist")
    if card.id != customer_id:
        customer_id = card.id  # merged away: the survivor's report
    with db.engine.connect() as conn:
        info = profile(conn, customer_id, now)
    with db.engine.connect() as conn:
        where = conn.execute(
            sa.select(
                customers_t.c.street,
                customers_t.c.postcode,
                customers_t.c.city,
                customers_t.c.country,
            ).where(customers_t.c.id == customer_id)
        ).one()
    redact = Redactor(
        options.redact,
        [
            card.email or "",
            card.phone or "",
            card.address or "",
            where.street or "",
            where.postcode or "",
            where.city or "",
        ],
        [where.country or "", region],
    )
    width = A4[0] - 30 * mm - 12  # the frame's own padding: 6 pt a side
    story: list[Any] = []
    p = st["body"]

    def para(text: str, style: Any = p) -> Paragraph:
        return Paragraph(escape(text), style)

    story.append(para(card.display_name, st["title"]))
    kind = "Redacted case report" if options.redact else "Case report"
    story.append(para(f"{kind} of customer #{customer_id}, printed {_when(now, tz)}", st["small"]))
    story.append(Spacer(1, 4))
    for alert in card.special_handling if options.internal_notes else []:
        story.append(para(f"⚠ {redact(alert)}", st["alert"]))  # internal guidance
    contact = [
        ["E-mail", REDACTED if options.redact and card.email else (card.email or "—")],
        ["Phone", REDACTED if options.redact and card.phone else (card.phone or "—")],
        ["Address", REDACTED if options.redact and card.address else (card.address or "—")],
        ["Company", card.company or "—"],
        ["Preferences", info.contact_summary],
        [
            "In systems",
            redact(_ids(info.ids)) or "—",
        ],
    ]
    story.append(
        Table(
            [[k, Paragraph(escape(v), st["small"])] for k, v in contact],
            colWidths=[28 * mm, width - 28 * mm],
            style=table_style(header=False),
        )
    )
    if "summary" in options.sections:
        story.append(para(SECTION_TITLES["summary"], st["h2"]))
        revenue = (
            f"{info.revenue:,.2f} {info.currency or ''}".strip()
            if info.revenue is not None
            else "no purchases"
        )
        lines = [
            f"Value tier: {info.tier or '—'}; lifetime revenue {revenue}",
            f"Lifecycle stage: {info.stage or '—'} ({info.stage_reason})",
            f"Defection risk: {info.risk}",
            *[f"  • {redact(r)}" for r in info.risk_reasons],
            f"Last time: {redact(info.last_time) if info.last_time else '—'}",
        ]
        story.extend(para(line) for line in lines)

    def listed(
        key: str, header: list[str], rows: list[list[str]], widths: list[float], empty: str
    ) -> None:
        """A section that is a table, or says there is nothing in it."""
        story.append(para(SECTION_TITLES[key], st["h2"]))
        story.append(_table(header, rows, widths) if rows else para(empty))

    if "commitments" in options.sections:
        open_ = [c for c in commitments.of_customer(db, customer_id, now=now) if c.state == "open"]
        listed(
            "commitments",
            ["Due", "Status", "Kind", "Promise", "Owner"],
            [
                [_when(c.due_at, tz), c.status, c.label, redact(c.description), c.owner or "—"]
                for c in open_
            ],
            [29.5 * mm, 18 * mm, 24 * mm, width - 101.5 * mm, 30 * mm],
            "No open promises.",
        )
    if "tasks" in options.sections:
        open_tasks = [t for t in tasks.of_customer(db, customer_id, now=now) if t.status == "open"]
        listed(
            "tasks",
            ["Due", "Task", "Assignee", "Priority"],
            [
                [_when(t.due_at, tz), redact(t.title), t.assignee or "—", t.priority]
                for t in open_tasks
            ],
            [29.5 * mm, width - 87.5 * mm, 38 * mm, 20 * mm],
            "No open tasks.",
        )
    with db.engine.connect() as conn:  # the sections are read before the layout starts
        if "timeline" in options.sections:
            total = _count(conn, customer_id, options)
            result.events = total
            sources = (
                "every source"
                if options.sources is None
                else ", ".join(sorted(options.sources)) or "no source"
            )
            story.append(para(f"{SECTION_TITLES['timeline']} (oldest first)", st["h2"]))
            story.append(
                para(f"Period: {_period(options, tz)}; {sources}; {total:,} events.", st["small"])
            )
            if total:
                story.append(
                    StreamTable(
                        ["When", "Source", "Kind", "Title", "Amount", "Status", "Reference"],
                        _timeline_rows(db, customer_id, options, tz, redact),
                        [
                            26.5 * mm,
                            12.5 * mm,
                            25.5 * mm,
                            width - 117 * mm,
                            22.5 * mm,
                            14.5 * mm,
                            15.5 * mm,
                        ],
                        DENSE,
                    )
                )
        if "notes" in options.sections:
            story.append(para(SECTION_TITLES["notes"], st["h2"]))
            story.extend(_notes(conn, customer_id, options, tz, redact, st))
        if "offers" in options.sections:
            made = offers.of_customer(db, customer_id, limit=200)
            listed(
                "offers",
                ["Offered", "Product", "Answer", "By", "Why"],
                [
                    [
                        _when(o.offered_at, tz),
                        o.name,
                        o.outcome,
                        o.offered_by or "—",
                        redact(o.reason),
                    ]
                    for o in made
                ],
                [29.5 * mm, 45 * mm, 18 * mm, 22 * mm, width - 114.5 * mm],
                "No offers made.",
            )
        if "journal" in options.sections:
            journal = journal_lines(conn, customer=customer_id, limit=500)
            listed(
                "journal",
                ["When", "Action", "By", "Records", "Why"],
                [
                    [_when(j.at, tz), j.action, j.by, str(j.records), redact(j.reason or "")]
                    for j in journal
                ],
                [29.5 * mm, 20 * mm, 30 * mm, 16 * mm, width - 95.5 * mm],
                "No merges, splits or undos.",
            )
    furniture = Furniture(
        company=company,
        title=f"{kind}: {card.display_name}",
        printed_by=printed_by,
        printed_at=now.astimezone(tz),
        confidentiality=(
            "Confidential: customer data. Share only as your data protection rules allow."
            if not options.redact
            else "Redacted copy: e-mail addresses, phone numbers and the address are masked."
        ),
        logo=logo,
    )
    canvas = numbered_canvas(furniture)
    with output(out) as target:
        doc = SimpleDocTemplate(
            target,
            pagesize=A4,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            pageCompression=1,  # each page's stream compressed as it is written: less memory
            title=f"{kind}: {card.display_name}",
            author=printed_by,
        )
        doc.build(story, canvasmaker=canvas)
    result.pages = doc.page
    result.path = str(out) if isinstance(out, str | Path) else None
    return result


def _ids(ids: Sequence[Any], most: int = 40) -> str:
    shown = ", ".join(f"{i.source} {i.entity} {i.external_id}" for i in ids[:most])
    return shown + (f", and {len(ids) - most} more" if len(ids) > most else "")


def _notes(
    conn: Connection,
    customer_id: int,
    options: CaseOptions,
    tz: tzinfo,
    redact: Redactor,
    st: dict[str, Any],
) -> list[Any]:
    kinds = CALL_KINDS + (NOTE_KINDS if options.internal_notes else ())
    where = [
        events_t.c.customer_id == customer_id,
        events_t.c.deleted_at.is_(None),
        events_t.c.kind.in_(kinds),
    ]
    if options.since is not None:
        where.append(events_t.c.occurred_at >= options.since)
    if options.until is not None:
        where.append(events_t.c.occurred_at < options.until)
    out: list[Any] = []
    for r in conn.execute(
        sa.select(
            events_t.c.occurred_at,
            events_t.c.kind,
            events_t.c.title,
            events_t.c.body,
            events_t.c.status,
            agents_t.c.username,
        )
        .outerjoin(agents_t, agents_t.c.id == events_t.c.author_agent_id)
        .where(*where)
        .order_by(events_t.c.occurred_at)
    ):
        what = "Call" if r.kind in CALL_KINDS else "Note"
        head = f"<b>{_when(r.occurred_at, tz)} · {what} by {escape(r.username or '—')}</b>"
        text = escape(redact(r.title))
        if r.status:
            text += f" — outcome: {escape(r.status)}"
        if r.body:
            text += "<br/>" + escape(redact(r.body)).replace("\n", "<br/>")
        out.append(Paragraph(f"{head}<br/>{text}", st["small"]))
        out.append(Spacer(1, 3))
    # notes kept in the notes table (special-handling alerts are in the header already)
    note_where = [
        notes_t.c.customer_id == customer_id,
        notes_t.c.deleted_at.is_(None),
        notes_t.c.kind != "special_handling",
    ]
    if not options.internal_notes:
        note_where.append(notes_t.c.internal.is_(False))
    if options.since is not None:
        note_where.append(notes_t.c.created_at >= options.since)
    if options.until is not None:
        note_where.append(notes_t.c.created_at < options.until)
    for n in conn.execute(
        sa.select(notes_t.c.created_at, notes_t.c.body)
        .where(*note_where)
        .order_by(notes_t.c.created_at)
    ):
        out.append(
            Paragraph(
                f"<b>{_when(n.created_at, tz)} · Note</b><br/>{escape(redact(n.body))}",
                st["small"],
            )
        )
    return out or [Paragraph("No notes or call logs.", st["body"])]
