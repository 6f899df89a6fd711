"""Printing from the window: Ctrl+P on a customer opens the report dialog; the preview shows the
pages; Save writes the PDF; Print goes through the system print dialog to the printer (here a
PDF printer); the lead's window prints the overdue report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from agent_desk.app import AppContext, open_context
from agent_desk.demo.team import seed_team
from agent_desk.paths import AppPaths
from agent_desk.store.types import utcnow
from agent_desk.ui import reports as ui_reports
from agent_desk.ui.main_window import MainWindow
from tests.ui.test_followup_gui import trigger
from tests.ui.test_timeline_gui import busiest_customer


@pytest.fixture
def context(app_home: AppPaths, demo_store_url: str) -> Iterator[AppContext]:
    ctx = open_context(app_home, db_url=demo_store_url)
    yield ctx
    ctx.close()


def ink_box(path: Path) -> tuple[int, int, int, int]:
    """Where the first page has ink (grey included), in pixels at 72 dpi."""
    pdf = pypdfium2.PdfDocument(str(path))
    image = pdf[0].render(scale=1).to_pil().convert("L").point(lambda v: 255 if v < 200 else 0)
    box = image.getbbox()
    assert box is not None
    return box


class PdfPrintDialog:
    """The system print dialog, answered "Print" with a PDF file as the printer."""

    target: Path

    def __init__(self, printer: QPrinter, _parent: Any) -> None:
        self.printer = printer

    def setObjectName(self, _name: str) -> None:
        pass

    def exec(self) -> QDialog.DialogCode:
        chosen = self.printer.pageLayout()  # what the dialog would show and keep
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.target))
        self.printer.setPageLayout(chosen)
        return QDialog.DialogCode.Accepted


def test_ctrl_p_previews_saves_and_prints_the_case_report(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trigger(window, "actionPrint")  # nobody open: says what to do
    assert "Open a customer first" in window.statusBar().currentMessage()
    customer, _events = busiest_customer(context)
    window.open_customer(customer)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.printing.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.sources.count() >= 2  # the customer's sources, all ticked
    dialog.sections["journal"].setChecked(False)
    dialog.redact.setChecked(True)
    dialog.internal.setChecked(False)
    dialog.all_time.setChecked(False)
    dialog.since.setDate(dialog.until.date().addDays(1))
    dialog.preview_button.click()
    assert dialog.isVisible() and "start before it ends" in dialog.status.text()
    dialog.all_time.setChecked(True)
    dialog.preview_button.click()

    preview = window.printing.preview
    assert preview is not None and preview.isVisible()
    assert preview.total >= 1 and len(preview.pages) == min(preview.total, 20)
    assert not preview.pages[0].pixmap().isNull()
    saved = tmp_path / "case.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), "PDF"))
    assert preview.save() == str(saved)
    text = "".join(p.extract_text() for p in PdfReader(str(saved)).pages)
    card = window.customer.current
    assert card is not None and card.display_name in text
    assert "Redacted case report" in text and "Merge journal" not in text
    if card.email:
        assert card.email not in text

    printed = tmp_path / "printed.pdf"
    PdfPrintDialog.target = printed
    monkeypatch.setattr(ui_reports, "QPrintDialog", PdfPrintDialog)
    assert preview.print_()
    assert f"{preview.total} page" in preview.status.text()
    assert len(PdfReader(str(printed)).pages) == preview.total
    # on paper as on screen: same size, same place (nothing shifted by the margins)
    assert ink_box(printed) == pytest.approx(ink_box(saved), abs=3)


def test_the_lead_prints_the_overdue_report(
    window: MainWindow, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_team(context.database, context.agent_username, utcnow())
    context.settings = context.settings.with_changes(role="lead")
    trigger(window, "actionTeam")
    lead = window.followups.lead_window
    assert lead is not None
    lead.print_button.click()
    preview = window.printing.preview
    assert preview is not None and preview.windowTitle().endswith("Overdue and broken promises")
    saved = tmp_path / "overdue.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), "PDF"))
    preview.save()
    reader = PdfReader(str(saved))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
    assert "Overdue and broken promises" in reader.pages[0].extract_text()
    printed = tmp_path / "printed.pdf"
    PdfPrintDialog.target = printed
    monkeypatch.setattr(ui_reports, "QPrintDialog", PdfPrintDialog)
    preview.print_()
    box = PdfReader(str(printed)).pages[0].mediabox
    assert box.width > box.height  # landscape on the printer too
    assert ink_box(printed) == pytest.approx(ink_box(saved), abs=3)
