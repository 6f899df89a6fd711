"""Printing: the case report dialog (Ctrl+P) and the report preview with Save and Print.

The PDF is made on the worker pool (:mod:`agent_desk.reports`) and arrives as bytes; the
preview draws its pages with PDFium (pypdfium2), and Print sends them, page by page, to the
printer the system print dialog (QPrintDialog) chose, at the printer's resolution.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2
from PySide6.QtCore import QDate, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import translate
from agent_desk.reports.case import SECTION_TITLES, SECTIONS, CaseOptions

if TYPE_CHECKING:
    from agent_desk.ui.main_window import MainWindow

PREVIEW_PAGES = 20  # pages drawn in the preview (all of them are saved and printed)
PRINT_DPI = 300


def page_images(
    data: bytes, scale: float, first: int = 0, count: int | None = None
) -> list[QImage]:
    """The PDF's pages as images (``scale`` 1 = 72 dpi); safe off the GUI thread."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        last = len(pdf) if count is None else min(len(pdf), first + count)
        return [_image(pdf[i], scale) for i in range(first, last)]
    finally:
        pdf.close()


def _image(page: Any, scale: float) -> QImage:
    picture = page.render(scale=scale).to_pil().convert("RGB")
    width, height = picture.size
    raw = picture.tobytes("raw", "RGB")
    return QImage(raw, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def page_info(data: bytes) -> tuple[int, tuple[float, float]]:
    """Pages, and the first page's size in points."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        size = pdf[0].get_size() if len(pdf) else (595.0, 842.0)
        return len(pdf), (float(size[0]), float(size[1]))
    finally:
        pdf.close()


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Send the pages (all, or the range chosen in the print dialog) to ``printer``, each at
    its real size on the paper (the PDF carries its own margins). QPainter may paint on a
    printer off the GUI thread, which is where this runs. Returns the pages printed."""
    printer.setFullPage(True)  # (0, 0) is the paper's corner, as in the PDF
    pdf = pypdfium2.PdfDocument(data)
    painter = QPainter()
    try:
        total = len(pdf)
        first, last = 0, total - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage():
            first = max(0, printer.fromPage() - 1)
            last = min(total - 1, (printer.toPage() or total) - 1)
        if not painter.begin(printer):
            raise AgentDeskError(translate("reports", "the printer could not be started"))
        device = max(printer.resolution(), 72)
        dpi = min(device, PRINT_DPI)  # sharp on paper; 1,200 dpi pages would take gigabytes
        for n, i in enumerate(range(first, last + 1)):
            if n:
                printer.newPage()
            width, height = pdf[i].get_size()  # points
            target = QRectF(0, 0, width * device / 72, height * device / 72)
            painter.drawImage(target, _image(pdf[i], dpi / 72))
        return last - first + 1
    except AgentDeskError:
        raise
    except Exception as exc:  # PDFium's and the printer's errors alike
        raise AgentDeskError(
            translate("reports", "not printed: {error}").format(error=exc)
        ) from exc
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()


class ReportPreview(QDialog):
    """The pages of a report, with Save as PDF and Print."""

    def __init__(
        self,
        title: str,
        data: bytes,
        images: list[QImage],
        suggested: str,
        background: Callable[[Callable[[], Any], Callable[[Any], None]], None],
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.setAccessibleName(translate("ReportPreview", "Preview: {title}").format(title=title))
        self.setWindowTitle(translate("ReportPreview", "Preview — {title}").format(title=title))
        self.resize(760, 900)
        self.data, self.suggested, self.background = data, suggested, background
        self.total, self.page_size = page_info(data)
        layout = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setObjectName("reportPreviewInfo")
        layout.addWidget(self.info)
        pages = QWidget()
        column = QVBoxLayout(pages)
        self.pages: list[QLabel] = []
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setStyleSheet("background:white; border:1px solid #999;")
            column.addWidget(label)
            self.pages.append(label)
        scroll = QScrollArea()
        scroll.setObjectName("reportPages")
        scroll.setAccessibleName(translate("ReportPreview", "Report pages"))
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        if self.total > len(self.pages):
            info = translate(
                "ReportPreview",
                "%n page(s); the first {shown} shown, all are saved and printed",
                None,
                self.total,
            ).format(shown=len(self.pages))
        else:
            info = translate("ReportPreview", "%n page(s)", None, self.total)
        self.info.setText(info)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            translate("ReportPreview", "&Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setObjectName("reportSave")
        self.print_button = buttons.addButton(
            translate("ReportPreview", "&Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("reportPrint")
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_)
        layout.addWidget(buttons)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        layout.addWidget(self.status)

    def save(self) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            translate("ReportPreview", "Save the report as PDF"),
            self.suggested,
            "PDF (*.pdf)",
        )
        if not path:
            return None
        try:
            Path(path).write_bytes(self.data)
        except OSError as exc:
            self.status.setText(
                translate("ReportPreview", "Could not save {path}: {error}").format(
                    path=path, error=exc.strerror or exc
                )
            )
            return None
        self.status.setText(translate("ReportPreview", "Saved {path}").format(path=path))
        return path

    def print_(self) -> bool:
        """The system print dialog; the pages go to the printer in the background."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        width, height = self.page_size  # the report's paper (A4, or A4 landscape)
        printer.setPageSize(
            QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point)
        )
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape
            if width > height
            else QPageLayout.Orientation.Portrait
        )
        printer.setFromTo(1, self.total)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("reportPrintDialog")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.print_button.setEnabled(False)
        self.status.setText(translate("ReportPreview", "Printing…"))

        def done(pages: Any) -> None:
            self.print_button.setEnabled(True)
            if isinstance(pages, Exception):
                self.status.setText(str(pages))
                return
            self.status.setText(
                translate("ReportPreview", "%n page(s) sent to the printer", None, pages)
            )

        def work() -> Any:
            try:
                return print_pdf(self.data, printer)
            except AgentDeskError as exc:
                return exc

        self.background(work, done)
        return True


class CaseReportDialog(QDialog):
    """What goes into the case report: sections, period, sources, internal notes, redaction."""

    def __init__(self, customer: str, sources: list[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("caseReportDialog")
        self.setAccessibleName(translate("CaseReportDialog", "Print case report"))
        self.setWindowTitle(
            translate("CaseReportDialog", "Case report — {customer}").format(customer=customer)
        )
        layout = QVBoxLayout(self)
        sections = QGroupBox(translate("CaseReportDialog", "Sections"))
        grid = QVBoxLayout(sections)
        self.sections: dict[str, QCheckBox] = {}
        for key in SECTIONS:
            box = QCheckBox(translate("CaseReport", SECTION_TITLES[key]))
            box.setObjectName(f"section_{key}")
            box.setChecked(True)
            grid.addWidget(box)
            self.sections[key] = box
        layout.addWidget(sections)
        form = QFormLayout()
        self.all_time = QCheckBox(translate("CaseReportDialog", "All of it"))
        self.all_time.setObjectName("reportAllTime")
        self.all_time.setChecked(True)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addYears(-1))
        self.since.setObjectName("reportFrom")
        self.until = QDateEdit(today)
        self.until.setObjectName("reportTo")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        period = QHBoxLayout()
        period.addWidget(self.all_time)
        period.addWidget(QLabel(translate("CaseReportDialog", "from")))
        period.addWidget(self.since)
        period.addWidget(QLabel(translate("CaseReportDialog", "to")))
        period.addWidget(self.until)
        self.all_time.toggled.connect(self._period_enabled)
        self._period_enabled(True)
        form.addRow(translate("CaseReportDialog", "Timeline period"), period)
        self.sources = QListWidget()
        self.sources.setObjectName("reportSources")
        self.sources.setAccessibleName(
            translate("CaseReportDialog", "Timeline events from these sources")
        )
        for name in sources:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.sources.addItem(item)
        self.sources.setMaximumHeight(90)
        form.addRow(translate("CaseReportDialog", "Sources"), self.sources)
        self.internal = QCheckBox(translate("CaseReportDialog", "Include internal notes"))
        self.internal.setObjectName("reportInternal")
        self.internal.setChecked(True)
        self.redact = QCheckBox(
            translate("CaseReportDialog", "Redact e-mail, phone and address (for sharing outside)")
        )
        self.redact.setObjectName("reportRedact")
        form.addRow(self.internal)
        form.addRow(self.redact)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.preview_button = QPushButton(translate("CaseReportDialog", "Pre&view"))
        self.preview_button.setObjectName("reportPreviewButton")
        self.preview_button.setDefault(True)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.status = QLabel()
        self.status.setObjectName("caseReportStatus")
        layout.addWidget(self.status)

    def accept(self) -> None:
        if not self.all_time.isChecked() and self.since.date() > self.until.date():
            self.status.setText(
                translate("CaseReportDialog", "The period must start before it ends.")
            )
            return
        ticked = [
            i
            for i in range(self.sources.count())
            if self.sources.item(i).checkState() == Qt.CheckState.Checked
        ]
        if self.sources.count() and not ticked:
            self.status.setText(
                translate("CaseReportDialog", "Tick at least one source for the timeline.")
            )
            return
        super().accept()

    def _period_enabled(self, all_time: bool) -> None:
        self.since.setEnabled(not all_time)
        self.until.setEnabled(not all_time)

    def options(self, zone: Any) -> CaseOptions:
        since = until = None
        if not self.all_time.isChecked():
            first, last = self.since.date(), self.until.date()
            since = datetime(first.year(), first.month(), first.day(), tzinfo=zone)
            until = datetime(last.year(), last.month(), last.day(), tzinfo=zone) + timedelta(days=1)
        chosen = [
            self.sources.item(i).text()
            for i in range(self.sources.count())
            if self.sources.item(i).checkState() == Qt.CheckState.Checked
        ]
        sources = None if len(chosen) == self.sources.count() else frozenset(chosen)
        return CaseOptions(
            sections=frozenset(k for k, box in self.sections.items() if box.isChecked()),
            since=since.astimezone(UTC) if since else None,
            until=until.astimezone(UTC) if until else None,
            sources=sources,
            internal_notes=self.internal.isChecked(),
            redact=self.redact.isChecked(),
        )


class Printing:
    """Ctrl+P and the lead's overdue report, for the main window."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.dialog: CaseReportDialog | None = None
        self.preview: ReportPreview | None = None

    def case(self, customer_id: int, name: str, sources: list[str]) -> CaseReportDialog:
        dialog = CaseReportDialog(name, sources, self.w)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._make_case(customer_id, name, dialog))
        dialog.open()
        return dialog

    def _make_case(self, customer_id: int, name: str, dialog: CaseReportDialog) -> None:
        from agent_desk.reports.case import case_report

        ctx = self.w.ctx
        options = dialog.options(ctx.settings.zone())
        db, settings, me = ctx.database, ctx.settings, ctx.agent_username

        def work() -> bytes:
            out = io.BytesIO()
            case_report(
                db, customer_id, out, options=options, company=settings.company_name,
                printed_by=me, tz=settings.zone(), region=settings.default_region,
                logo=settings.logo or None,
            )  # fmt: skip
            return out.getvalue()

        kind = "redacted-case" if options.redact else "case"
        title = translate("Printing", "Case report: {customer}").format(customer=name)
        self._run(work, title, f"{kind}-{customer_id}.pdf")

    def overdue(self, flt: Any) -> None:
        from agent_desk.reports.overdue import overdue_report

        ctx = self.w.ctx
        db, settings, me = ctx.database, ctx.settings, ctx.agent_username

        def work() -> bytes:
            out = io.BytesIO()
            overdue_report(
                db, out, flt=flt, company=settings.company_name, printed_by=me,
                tz=settings.zone(), logo=settings.logo or None,
            )  # fmt: skip
            return out.getvalue()

        day = datetime.now(UTC).strftime("%Y-%m-%d")
        self._run(work, translate("Printing", "Overdue and broken promises"), f"overdue-{day}.pdf")

    def _run(self, make: Callable[[], bytes], title: str, suggested: str) -> None:
        self.w.statusBar().showMessage(
            translate("Printing", "Making the report: {title}…").format(title=title)
        )

        def work() -> tuple[bytes, list[QImage]]:
            data = make()
            return data, page_images(data, 1.2, 0, PREVIEW_PAGES)

        def done(made: tuple[bytes, list[QImage]]) -> None:
            self.w.statusBar().clearMessage()
            data, images = made
            self.preview = ReportPreview(title, data, images, suggested, self._background, self.w)
            self.preview.show()

        self.w.ops.run(work, done, self.w._background_failed)

    def _background(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.w.ops.run(work, done, self.w._background_failed)
