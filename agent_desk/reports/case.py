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
from reportlab.platypus import Paragraph, Spacer, Table
from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, fmt, translate
from agent_desk.identity.explain import journal_lines
from agent_desk.reports.pdf import (
    DENSE,
    Furniture,
    StreamTable,
    styles,
    table_style,
    wrap_cell,
    write_pdf,
)
from agent_desk.services import commitments, offers, tasks
from agent_desk.services.customers import customer_card
from agent_desk.services.profile import profile
from agent_desk.services.timeline import kind_label, status_label
from agent_desk.store.database import Database
from agent_desk.store.models import Agent, Customer, Note, TimelineEvent
from agent_desk.store.types import utcnow

events_t = cast(sa.Table, TimelineEvent.__table__)
notes_t = cast(sa.Table, Note.__table__)
agents_t = cast(sa.Table, Agent.__table__)
customers_t = cast(sa.Table, Customer.__table__)

SECTIONS = ("summary", "commitments", "tasks", "timeline", "notes", "offers", "journal")
SECTION_TITLES = {
    "summary": QT_TRANSLATE_NOOP("CaseReport", "Summary"),
    "commitments": QT_TRANSLATE_NOOP("CaseReport", "Open promises"),
    "tasks": QT_TRANSLATE_NOOP("CaseReport", "Open tasks"),
    "timeline": QT_TRANSLATE_NOOP("CaseReport", "Timeline"),
    "notes": QT_TRANSLATE_NOOP("CaseReport", "Notes and call logs"),
    "offers": QT_TRANSLATE_NOOP("CaseReport", "Offers and answers"),
    "journal": QT_TRANSLATE_NOOP("CaseReport", "Merge journal"),
}
NOTE_KINDS = ("note_added",)  # desk notes: internal
CALL_KINDS = ("call_logged",)
PAGE = 1000  # timeline rows read per query
REDACTED = QT_TRANSLATE_NOOP("CaseReport", "[redacted]")
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
        self.mask = translate("CaseReport", REDACTED)
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
            text = re.sub(re.escape(literal), self.mask, text, flags=re.IGNORECASE)
        text = _EMAIL.sub(self.mask, text)
        found = {
            m.raw_string
            for region in self.regions
            for m in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.VALID)
        }
        for raw in sorted(found, key=len, reverse=True):
            text = text.replace(raw, self.mask)
        return text


def _when(value: datetime | None, tz: tzinfo) -> str:
    return fmt().date_time(value, tz) if value else "—"


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
            amount = fmt().money(r.amount, r.currency) if r.amount is not None else ""
            yield [
                _when(r.occurred_at, tz),
                r.source,
                kind_label(r.kind),
                redact(r.title),
                amount,
                status_label(r.status),
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
    start = options.since.astimezone(tz).strftime("%Y-%m-%d") if options.since else None
    last = options.until.astimezone(tz) - timedelta(days=1) if options.until else None
    end = last.strftime("%Y-%m-%d") if last else None  # until is the next day's midnight
    if start and end:
        return translate("CaseReport", "{start} to {end}").format(start=start, end=end)
    if start:
        return translate("CaseReport", "{start} to today").format(start=start)
    if end:
        return translate("CaseReport", "the start to {end}").format(end=end)
    return translate("CaseReport", "all of it")


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
            translate(
                "CaseReport", "unknown report section(s): {unknown} (choose from {sections})"
            ).format(unknown=", ".join(unknown), sections=", ".join(SECTIONS))
        )
    now = now or utcnow()
    st = styles()
    result = CaseResult(sections=[s for s in SECTIONS if s in options.sections])
    with db.read_session() as session:
        card = customer_card(session, customer_id)
    if card is None:
        raise AgentDeskError(
            translate("CaseReport", "customer #{id} does not exist").format(id=customer_id)
        )
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
    if options.redact:
        title = translate("CaseReport", "Redacted case report: {name}")
        heading = translate("CaseReport", "Redacted case report of customer #{id}, printed {when}")
    else:
        title = translate("CaseReport", "Case report: {name}")
        heading = translate("CaseReport", "Case report of customer #{id}, printed {when}")
    title = title.format(name=card.display_name)
    story.append(para(heading.format(id=customer_id, when=_when(now, tz)), st["small"]))
    story.append(Spacer(1, 4))
    for alert in card.special_handling if options.internal_notes else []:
        story.append(para(f"⚠ {redact(alert)}", st["alert"]))  # internal guidance
    contact = [
        [
            translate("CaseReport", "E-mail"),
            redact.mask if options.redact and card.email else (card.email or "—"),
        ],
        [
            translate("CaseReport", "Phone"),
            redact.mask if options.redact and card.phone else (card.phone or "—"),
        ],
        [
            translate("CaseReport", "Address"),
            redact.mask if options.redact and card.address else (card.address or "—"),
        ],
        [translate("CaseReport", "Company"), card.company or "—"],
        [translate("CaseReport", "Preferences"), info.contact_summary],
        [translate("CaseReport", "In systems"), redact(_ids(info.ids)) or "—"],
    ]
    story.append(
        Table(
            [[k, Paragraph(escape(v), st["small"])] for k, v in contact],
            colWidths=[28 * mm, width - 28 * mm],
            style=table_style(header=False),
        )
    )
    if "summary" in options.sections:
        story.append(para(translate("CaseReport", SECTION_TITLES["summary"]), st["h2"]))
        revenue = (
            fmt().money(info.revenue, info.currency)
            if info.revenue is not None
            else translate("CaseReport", "no purchases")
        )
        last_time = redact(info.last_time) if info.last_time else "—"
        lines = [
            translate("CaseReport", "Value tier: {tier}; lifetime revenue {revenue}").format(
                tier=info.tier or "—", revenue=revenue
            ),
            translate("CaseReport", "Lifecycle stage: {stage} ({reason})").format(
                stage=info.stage or "—", reason=info.stage_reason
            ),
            translate("CaseReport", "Defection risk: {risk}").format(risk=info.risk),
            *[f"  • {redact(r)}" for r in info.risk_reasons],
            translate("CaseReport", "Last time: {last}").format(last=last_time),
        ]
        story.extend(para(line) for line in lines)

    def listed(
        key: str, header: list[str], rows: list[list[str]], widths: list[float], empty: str
    ) -> None:
        """A section that is a table, or says there is nothing in it."""
        story.append(para(translate("CaseReport", SECTION_TITLES[key]), st["h2"]))
        story.append(_table(header, rows, widths) if rows else para(empty))

    if "commitments" in options.sections:
        open_ = [c for c in commitments.of_customer(db, customer_id, now=now) if c.state == "open"]
        listed(
            "commitments",
            [
                translate("CaseReport", "Due"),
                translate("CaseReport", "Status"),
                translate("CaseReport", "Kind"),
                translate("CaseReport", "Promise"),
                translate("CaseReport", "Owner"),
            ],
            [
                [
                    _when(c.due_at, tz),
                    commitments.status_label(c.status),
                    c.label,
                    redact(c.description),
                    c.owner or "—",
                ]
                for c in open_
            ],
            [29.5 * mm, 18 * mm, 24 * mm, width - 101.5 * mm, 30 * mm],
            translate("CaseReport", "No open promises."),
        )
    if "tasks" in options.sections:
        open_tasks = [t for t in tasks.of_customer(db, customer_id, now=now) if t.status == "open"]
        listed(
            "tasks",
            [
                translate("CaseReport", "Due"),
                translate("CaseReport", "Task"),
                translate("CaseReport", "Assignee"),
                translate("CaseReport", "Priority"),
            ],
            [
                [
                    _when(t.due_at, tz),
                    redact(t.title),
                    t.assignee or "—",
                    commitments.priority_label(t.priority),
                ]
                for t in open_tasks
            ],
            [29.5 * mm, width - 87.5 * mm, 38 * mm, 20 * mm],
            translate("CaseReport", "No open tasks."),
        )
    with db.engine.connect() as conn:  # the sections are read before the layout starts
        if "timeline" in options.sections:
            total = _count(conn, customer_id, options)
            result.events = total
            sources = (
                translate("CaseReport", "every source")
                if options.sources is None
                else ", ".join(sorted(options.sources)) or translate("CaseReport", "no source")
            )
            story.append(para(translate("CaseReport", "Timeline (oldest first)"), st["h2"]))
            period = translate("CaseReport", "Period: {period}; {sources}; {count} events.")
            story.append(
                para(
                    period.format(
                        period=_period(options, tz), sources=sources, count=fmt().number(total)
                    ),
                    st["small"],
                )
            )
            if total:
                story.append(
                    StreamTable(
                        [
                            translate("CaseReport", "When"),
                            translate("CaseReport", "Source"),
                            translate("CaseReport", "Kind"),
                            translate("CaseReport", "Title"),
                            translate("CaseReport", "Amount"),
                            translate("CaseReport", "Status"),
                            translate("CaseReport", "Reference"),
                        ],
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
            story.append(para(translate("CaseReport", SECTION_TITLES["notes"]), st["h2"]))
            story.extend(_notes(conn, customer_id, options, tz, redact, st))
        if "offers" in options.sections:
            made = offers.of_customer(db, customer_id, limit=200)
            listed(
                "offers",
                [
                    translate("CaseReport", "Offered"),
                    translate("CaseReport", "Product"),
                    translate("CaseReport", "Answer"),
                    translate("CaseReport", "By"),
                    translate("CaseReport", "Why"),
                ],
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
                translate("CaseReport", "No offers made."),
            )
        if "journal" in options.sections:
            journal = journal_lines(conn, customer=customer_id, limit=500)
            listed(
                "journal",
                [
                    translate("CaseReport", "When"),
                    translate("CaseReport", "Action"),
                    translate("CaseReport", "By"),
                    translate("CaseReport", "Records"),
                    translate("CaseReport", "Why"),
                ],
                [
                    [_when(j.at, tz), j.action, j.by, str(j.records), redact(j.reason or "")]
                    for j in journal
                ],
                [29.5 * mm, 20 * mm, 30 * mm, 16 * mm, width - 95.5 * mm],
                translate("CaseReport", "No merges, splits or undos."),
            )
    furniture = Furniture(
        company=company,
        title=title,
        printed_by=printed_by,
        printed_at=now.astimezone(tz),
        confidentiality=(
            translate(
                "CaseReport",
                "Confidential: customer data. Share only as your data protection rules allow.",
            )
            if not options.redact
            else translate(
                "CaseReport",
                "Redacted copy: e-mail addresses, phone numbers and the address are masked.",
            )
        ),
        logo=logo,
    )
    result.pages = write_pdf(out, story, furniture, pagesize=A4, title=title, author=printed_by)
    result.path = str(out) if isinstance(out, str | Path) else None
    return result


def _ids(ids: Sequence[Any], most: int = 40) -> str:
    shown = ", ".join(f"{i.source} {i.entity} {i.external_id}" for i in ids[:most])
    if len(ids) <= most:
        return shown
    return translate("CaseReport", "{ids}, and {count} more").format(
        ids=shown, count=len(ids) - most
    )


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
        head = (
            translate("CaseReport", "{when} · Call by {author}")
            if r.kind in CALL_KINDS
            else translate("CaseReport", "{when} · Note by {author}")
        ).format(when=_when(r.occurred_at, tz), author=r.username or "—")
        title = redact(r.title)
        if r.status:
            title = translate("CaseReport", "{title} — outcome: {outcome}").format(
                title=title, outcome=status_label(r.status)
            )
        text = escape(title)
        if r.body:
            text += "<br/>" + escape(redact(r.body)).replace("\n", "<br/>")
        out.append(Paragraph(f"<b>{escape(head)}</b><br/>{text}", st["small"]))
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
        head = translate("CaseReport", "{when} · Note").format(when=_when(n.created_at, tz))
        out.append(Paragraph(f"<b>{escape(head)}</b><br/>{escape(redact(n.body))}", st["small"]))
    return out or [Paragraph(escape(translate("CaseReport", "No notes or call logs.")), st["body"])]
