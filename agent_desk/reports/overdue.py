"""The overdue-commitments report for team leads: every agent's late promises by age (open or
already broken), with totals and the 30-day kept-on-time rate, on A4 landscape; then, per
agent, the late promises themselves. The same figures as the lead's window
(:func:`agent_desk.services.team.lead_view`), for the daily scheduled run and for paper."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from agent_desk.i18n import fmt, translate
from agent_desk.reports.pdf import (
    BOLD,
    Furniture,
    fit,
    styles,
    table_style,
    write_pdf,
)
from agent_desk.services import commitments, team
from agent_desk.services.team import LATE_BUCKETS, LeadFilter
from agent_desk.store.database import Database
from agent_desk.store.types import utcnow


def _age(bucket: str) -> str:
    """An age bucket in the user's language: the lead window's words (agent_desk.services.team)."""
    return translate("team", bucket)


@dataclass(frozen=True)
class OverdueResult:
    pages: int
    agents: int
    late: int


def overdue_report(
    db: Database,
    out: str | Path | IO[bytes],
    *,
    flt: LeadFilter | None = None,
    company: str = "Agent Desk",
    printed_by: str = "agent",
    logo: str | None = None,
    tz: tzinfo = UTC,
    now: datetime | None = None,
) -> OverdueResult:
    now = now or utcnow()
    flt = flt or LeadFilter()
    st = styles()
    view = team.lead_view(db, flt=flt, now=now)
    late_agents = [a for a in view.agents if a.overdue]
    width = landscape(A4)[0] - 30 * mm - 12
    title = translate("OverdueReport", "Overdue and broken promises")
    filters = [
        translate("OverdueReport", "; team {team}").format(team=flt.team) if flt.team else "",
        translate("OverdueReport", "; kind {kind}").format(kind=flt.kind) if flt.kind else "",
        translate("OverdueReport", "; tier {tier}").format(tier=flt.tier) if flt.tier else "",
    ]
    intro = translate(
        "OverdueReport",
        "As of {when}{filters}. Late promises are counted by how late they are, open or already "
        "broken; the kept-on-time rate is over the promises due in the last 30 days.",
    ).format(when=fmt().date_time(now, tz), filters="".join(filters))
    story: list[Any] = [
        Paragraph(escape(title), st["title"]),
        Paragraph(escape(intro), st["small"]),
        Spacer(1, 6),
    ]
    header = [
        translate("OverdueReport", "Agent"),
        translate("OverdueReport", "Team"),
        *[_age(b) for b in LATE_BUCKETS],
        translate("OverdueReport", "Late"),
        translate("OverdueReport", "Broken"),
        translate("OverdueReport", "Open"),
        translate("OverdueReport", "Kept on time, 30 days"),
    ]
    rate_of = translate("OverdueReport", "{rate} of {count}")
    rows = []
    for a in sorted(view.agents, key=lambda a: (-a.overdue, a.name)):  # every agent
        rate = a.kept_on_time_rate
        rows.append(
            [
                a.name,
                a.team or "—",
                *[str(a.counts[b]) for b in LATE_BUCKETS],
                str(a.overdue),
                str(a.counts["broken"]),
                str(a.open),
                "—" if rate is None else rate_of.format(rate=fmt().percent(rate), count=a.due_30d),
            ]
        )
    totals = view.totals
    due = sum(a.due_30d for a in view.agents)
    kept = sum(a.kept_on_time_30d for a in view.agents)
    rows.append(
        [
            translate("OverdueReport", "Total"),
            "",
            *[str(totals[b]) for b in LATE_BUCKETS],
            str(sum(totals[b] for b in LATE_BUCKETS)),
            str(totals["broken"]),
            str(sum(a.open for a in view.agents)),
            rate_of.format(rate=fmt().percent(kept / due), count=due) if due else "—",
        ]
    )
    fixed = [24 * mm] * len(LATE_BUCKETS) + [16 * mm, 18 * mm, 16 * mm, 38 * mm]
    rest = width - sum(fixed)
    widths = [rest * 0.6, rest * 0.4, *fixed]
    summary = Table(
        [header, *[[fit(c, w - 6) for c, w in zip(r, widths, strict=True)] for r in rows]],
        colWidths=widths,
        repeatRows=1,
        style=table_style(),
    )
    summary.setStyle([("FONT", (0, -1), (-1, -1), BOLD, 8.5)])
    story.append(summary)
    late = team.commitments_of(db, flt=flt, now=now, limit=10**9) if late_agents else []
    by_agent: dict[str, list[Any]] = defaultdict(list)
    for c in late:
        by_agent[c.owner or translate("OverdueReport", "Nobody")].append(c)
    heading = translate("OverdueReport", "{name}: {count} late")
    for name in sorted(by_agent):
        items = sorted(by_agent[name], key=lambda c: c.due_at)
        story.append(Paragraph(escape(heading.format(name=name, count=len(items))), st["h2"]))
        cols = [30 * mm, 24 * mm, 22 * mm, 55 * mm, 28 * mm]
        cols.append(width - sum(cols))
        story.append(
            Table(
                [
                    [
                        translate("OverdueReport", "Due"),
                        translate("OverdueReport", "Age"),
                        translate("OverdueReport", "Status"),
                        translate("OverdueReport", "Customer"),
                        translate("OverdueReport", "Kind"),
                        translate("OverdueReport", "Promise"),
                    ]
                ]
                + [
                    [
                        fit(v, w - 6)
                        for v, w in zip(
                            [
                                fmt().date_time(c.due_at, tz),
                                _age(commitments.age_bucket(c.due_at, now)),
                                c.status,
                                c.customer_name,
                                c.label,
                                c.description,
                            ],
                            cols,
                            strict=True,
                        )
                    ]
                    for c in items
                ],
                colWidths=cols,
                repeatRows=1,
                style=table_style(),
            )
        )
    if not late_agents:
        story.append(Spacer(1, 8))
        story.append(
            Paragraph(
                escape(translate("OverdueReport", "No promise is overdue or broken.")), st["body"]
            )
        )
    furniture = Furniture(
        company=company,
        title=title,
        printed_by=printed_by,
        printed_at=now.astimezone(tz),
        confidentiality=translate(
            "OverdueReport",
            "Internal: team performance and customer names. Do not share outside.",
        ),
        logo=logo,
    )
    pages = write_pdf(out, story, furniture, pagesize=landscape(A4), title=title, author=printed_by)
    return OverdueResult(pages, len(late_agents), sum(a.overdue for a in late_agents))
