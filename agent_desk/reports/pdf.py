"""What every Agent Desk report shares: the bundled font (DejaVu Sans, so Polish, Turkish, Greek
and Cyrillic names print), the styles, the page furniture (company and logo, "page x of y",
printed by and at, the confidentiality line) and a table that streams its rows.

:class:`StreamTable` is how a customer with tens of thousands of events prints in seconds with
flat memory: it takes its rows from an iterator as the pages fill, one page of rows at a time,
and every page of it starts with the header row.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import as_file
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from agent_desk.resources import resource

log = logging.getLogger(__name__)
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
SIZE = 8.5
ROW = 12.5  # one table row: SIZE plus padding
TOTAL_FORM = "agentDeskPageTotal"
TOTAL_WIDTH = 22  # points kept for the page total ("1234")
_registered = threading.Lock()
_done = False


def register_fonts() -> None:
    """Register the bundled TrueType fonts once per process (a frozen bundle finds them too)."""
    global _done
    with _registered:
        if _done:
            return
        for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
            with as_file(resource("fonts", file)) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        _done = True


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=SIZE + 0.5, leading=12, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=SIZE, leading=10.5),
        "alert": ParagraphStyle(
            "alert",
            parent=body,
            fontName=BOLD,
            textColor=colors.HexColor("#b00020"),
        ),
    }


def table_style(header: bool = True) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d0d0")),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), BOLD, SIZE),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888")),
        ]
    return TableStyle(commands)


def fit(text: str | None, width: float, size: float = SIZE, font: str = FONT) -> str:
    """``text`` on one line of ``width`` points, cut with "…" when longer."""
    text = " ".join((text or "").split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"


class StreamTable(Flowable):
    """A table of single-line rows drawn from an iterator as the pages need them: each page's
    part is a table of its own that starts with the header row, and only one page of rows is
    in memory at a time. Cells are cut to their column ("…")."""

    def __init__(
        self, header: Sequence[str], rows: Iterator[Sequence[str]], widths: Sequence[float]
    ) -> None:
        super().__init__()
        self.header = list(header)
        self.rows = rows
        self.widths = list(widths)
        self.buffer: list[list[str]] = []
        self.drawn = 0  # rows placed so far (for tests and the report's count)
        self._part: Table | None = None

    def _fill(self, n: int) -> None:
        while len(self.buffer) < n:
            row = next(self.rows, None)
            if row is None:
                return
            self.buffer.append(
                [fit(str(cell), w - 6) for cell, w in zip(row, self.widths, strict=True)]
            )

    def _table(self, rows: list[list[str]]) -> Table:
        return Table(
            [self.header, *rows], colWidths=self.widths, rowHeights=ROW, style=table_style()
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        fits = int(avail_height // ROW) - 1
        self._fill(fits + 1)
        if len(self.buffer) <= fits:  # the rest fits here
            self._part = self._table(self.buffer)
            return self._part.wrap(avail_width, avail_height)
        self._part = None
        return sum(self.widths), avail_height + 1  # too tall: the frame will split

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fits = int(avail_height // ROW) - 1
        if fits < 1:
            return []  # not even a header and a row: next page
        self._fill(fits + 1)
        part, self.buffer = self.buffer[:fits], self.buffer[fits:]
        self.drawn += len(part)
        # platypus marks a flowable it had to move to the next page, and gives up if the same
        # one must move again; the rest of this table is a new start each time
        self.__dict__.pop("_postponed", None)
        return [self._table(part), self]

    def draw(self) -> None:
        if self._part is not None:
            self.drawn += len(self.buffer)
            self.buffer = []
            self._part.drawOn(self.canv, 0, 0)


@dataclass(frozen=True)
class Furniture:
    """What every page carries."""

    company: str
    title: str
    printed_by: str
    printed_at: datetime
    confidentiality: str
    logo: str | None = None  # a PNG or JPEG file


def numbered_canvas(furniture: Furniture) -> type[Canvas]:
    """A canvas class that draws the furniture on each page as it ends. The "y" of "page x of
    y" is a PDF form drawn on every page and filled in once at the end, so no page is kept back
    waiting for the count (memory stays flat however long the report)."""
    register_fonts()

    class NumberedCanvas(Canvas):
        def showPage(self) -> None:
            self._furniture()
            super().showPage()

        def save(self) -> None:
            # the total, written once into the form every page's "of …" refers to
            self.beginForm(TOTAL_FORM)
            self.setFont(FONT, 8)
            self.drawString(0, 0, str(self._pageNumber - 1))
            self.endForm()
            super().save()

        def _furniture(self) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(BOLD, 9)
            left = 15 * mm
            if furniture.logo:
                try:
                    self.drawImage(
                        furniture.logo,
                        left,
                        height - 14 * mm,
                        width=18 * mm,
                        height=9 * mm,
                        preserveAspectRatio=True,
                        mask="auto",
                    )
                    left += 21 * mm
                except Exception as exc:  # reportlab's errors for a bad image vary
                    # a logo that cannot be read is left out, never a failed report
                    log.warning("report logo %s left out: %s", furniture.logo, exc)
            self.drawString(left, height - 11 * mm, furniture.company)
            self.setFont(FONT, 8)
            self.drawRightString(width - 15 * mm, height - 11 * mm, furniture.title)
            self.setStrokeColor(colors.HexColor("#999999"))
            self.line(15 * mm, height - 13 * mm, width - 15 * mm, height - 13 * mm)
            self.line(15 * mm, 13 * mm, width - 15 * mm, 13 * mm)
            self.drawString(
                15 * mm,
                9 * mm,
                f"Printed by {furniture.printed_by} at "
                f"{furniture.printed_at:%Y-%m-%d %H:%M %Z}".strip(),
            )
            right = width - 15 * mm - TOTAL_WIDTH
            self.drawRightString(right, 9 * mm, f"Page {self._pageNumber} of ")
            self.saveState()
            self.translate(right, 9 * mm)
            self.doForm(TOTAL_FORM)
            self.restoreState()
            self.setFont(FONT, 7)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawCentredString(width / 2, 5 * mm, furniture.confidentiality)
            self.restoreState()

    return NumberedCanvas
