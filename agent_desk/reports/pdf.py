"""What every Agent Desk report shares: the bundled font (DejaVu Sans, so Polish, Turkish, Greek
and Cyrillic names print), the styles, the page furniture (company and logo, "page x of y",
printed by and at, the confidentiality line) and a table that streams its rows.

:class:`StreamTable` is how a customer with tens of thousands of events prints in seconds with
flat memory: it takes its rows from an iterator as the pages fill, one page of rows at a time,
and every page of it starts with the header row.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import as_file
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import fmt, translate
from agent_desk.resources import resource

log = logging.getLogger(__name__)
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
SIZE = 8.5
DENSE = 7.5  # the timeline's long table
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


def leading(size: float) -> float:
    """A wrapped cell's line spacing."""
    return size + 2


def row_base(size: float) -> float:
    """A one-line table row: the line plus the cell padding."""
    return size + 4


def table_style(header: bool = True, size: float = SIZE) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("LEADING", (0, 0), (-1, -1), leading(size)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d0d0")),
    ]
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), BOLD, size),
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


MAX_LINES = 6  # a cell longer than this many lines is cut ("…")


def wrap_cell(text: str | None, width: float, size: float = SIZE) -> str:
    """``text`` broken into lines of ``width`` points (a table cell shows them as they are),
    at most :data:`MAX_LINES`, the last cut with "…" when more was left."""
    text = " ".join((text or "").split())
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    lines = simpleSplit(text, FONT, size, width)
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], fit(" ".join(lines[MAX_LINES - 1 :]), width, size)]
    return "\n".join(fit(line, width, size) for line in lines)


def row_height(cells: Sequence[str], size: float = SIZE) -> float:
    lines = max((c.count("\n") + 1 for c in cells), default=1)
    return row_base(size) + (lines - 1) * leading(size)


class StreamTable(Flowable):
    """A table drawn from an iterator of rows as the pages need them: each page's part is a
    table of its own that starts with the header row, and only about a page of rows is in
    memory at a time. Long cells wrap onto more lines (a row never splits across pages)."""

    def __init__(
        self,
        header: Sequence[str],
        rows: Iterator[Sequence[str]],
        widths: Sequence[float],
        size: float = SIZE,
    ) -> None:
        super().__init__()
        self.size = size
        self.header = list(header)
        self.rows = rows
        self.widths = list(widths)
        self.buffer: list[tuple[list[str], float]] = []  # cells, height
        self.done = False
        self._part: Table | None = None

    def _take(self, height: float) -> int:
        """How many buffered rows fit in ``height`` below the header (reading more rows from
        the iterator as needed); the buffer then holds at least one more if there is one."""
        used, n = row_base(self.size), 0
        while True:
            if n == len(self.buffer) and not self.done:
                row = next(self.rows, None)
                if row is None:
                    self.done = True
                else:
                    cells = [
                        wrap_cell(str(c), w - 6, self.size)
                        for c, w in zip(row, self.widths, strict=True)
                    ]
                    self.buffer.append((cells, row_height(cells, self.size)))
            if n == len(self.buffer) or used + self.buffer[n][1] > height:
                return n
            used += self.buffer[n][1]
            n += 1

    def _table(self, rows: list[tuple[list[str], float]]) -> Table:
        return Table(
            [self.header, *(cells for cells, _h in rows)],
            colWidths=self.widths,
            rowHeights=[row_base(self.size), *(h for _c, h in rows)],
            style=table_style(size=self.size),
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        fits = self._take(avail_height)
        if fits == len(self.buffer) and self.done:  # the rest fits here
            self._part = self._table(self.buffer)
            return self._part.wrap(avail_width, avail_height)
        self._part = None
        return sum(self.widths), avail_height + 1  # too tall: the frame will split

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fits = self._take(avail_height)
        if fits < 1:
            return []  # not even a header and a row: next page
        part, self.buffer = self.buffer[:fits], self.buffer[fits:]
        # platypus marks a flowable it had to move to the next page, and gives up if the same
        # one must move again; the rest of this table is a new start each time
        self.__dict__.pop("_postponed", None)
        return [self._table(part), self]

    def draw(self) -> None:
        if self._part is not None:
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
    logo: ImageReader | None = None
    if furniture.logo:
        try:  # read once: a logo that cannot be read is left out, never a failed report
            logo = ImageReader(furniture.logo)
            logo.getSize()
        except Exception as exc:  # reportlab's errors for a bad image vary
            log.warning("report logo %s left out: %s", furniture.logo, exc)
            logo = None

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
            if logo is not None:
                self.drawImage(
                    logo, left, height - 14 * mm, width=18 * mm, height=9 * mm,
                    preserveAspectRatio=True, mask="auto",
                )  # fmt: skip
                left += 21 * mm
            self.drawString(left, height - 11 * mm, furniture.company)
            self.setFont(FONT, 8)
            self.drawRightString(width - 15 * mm, height - 11 * mm, furniture.title)
            self.setStrokeColor(colors.HexColor("#999999"))
            self.line(15 * mm, height - 13 * mm, width - 15 * mm, height - 13 * mm)
            self.line(15 * mm, 13 * mm, width - 15 * mm, 13 * mm)
            at = furniture.printed_at
            when = f"{fmt().date_time(at, at.tzinfo)} {at:%Z}".strip()
            self.drawString(
                15 * mm,
                9 * mm,
                translate("ReportPage", "Printed by {name} at {when}").format(
                    name=furniture.printed_by, when=when
                ),
            )
            right = width - 15 * mm - TOTAL_WIDTH
            page = translate("ReportPage", "Page {page} of", "the page count follows")
            self.drawRightString(right, 9 * mm, page.format(page=self._pageNumber) + " ")
            self.saveState()
            self.translate(right, 9 * mm)
            self.doForm(TOTAL_FORM)
            self.restoreState()
            self.setFont(FONT, 7)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawCentredString(width / 2, 5 * mm, furniture.confidentiality)
            self.restoreState()

    return NumberedCanvas


@contextmanager
def output(out: str | Path | IO[bytes]) -> Iterator[IO[bytes]]:
    """Where a report goes: a binary file as given, or a path written through a temporary file
    beside it, replaced at the end, so a failed run never leaves half a PDF (a scheduled
    report overwriting yesterday's keeps yesterday's)."""
    if not isinstance(out, str | Path):
        yield out
        return
    path = Path(out)

    def cannot_write(exc: OSError) -> AgentDeskError:
        return AgentDeskError(
            translate("ReportPage", "cannot write {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        )

    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, then renamed)
            "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
        )
    except OSError as exc:
        raise cannot_write(exc) from None
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except OSError as exc:
        raise cannot_write(exc) from None
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)


def write_pdf(
    out: str | Path | IO[bytes],
    story: list[Flowable],
    furniture: Furniture,
    *,
    pagesize: tuple[float, float],
    title: str,
    author: str,
) -> int:
    """Lay ``story`` out on numbered pages with the report's furniture and write it to ``out``
    (see :func:`output`); the number of pages."""
    with output(out) as target:
        doc = SimpleDocTemplate(
            target,
            pagesize=pagesize,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            pageCompression=1,  # each page's stream compressed as it is written: less memory
            title=title,
            author=author,
        )
        doc.build(story, canvasmaker=numbered_canvas(furniture))
    return int(doc.page)
