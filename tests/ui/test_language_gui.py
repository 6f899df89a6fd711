"""German end to end: the .ts compiled on first use, the window's texts and the locale's
dates and money in German, the choice in Settings, English when a translation cannot load."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from agent_desk import i18n
from agent_desk.app import AppContext, open_context
from agent_desk.i18n import fmt, translate
from agent_desk.paths import AppPaths
from agent_desk.services.timeline import kind_label
from agent_desk.settings import Settings, load_settings
from agent_desk.ui import language
from agent_desk.ui.dialogs import HelpDialog
from agent_desk.ui.language import apply_language, chosen_language, compiled_translation
from agent_desk.ui.main_window import MainWindow
from agent_desk.ui.ops import SyncOps
from agent_desk.ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    language.reset()


@pytest.fixture
def context(app_home: AppPaths, demo_store_url: str) -> Iterator[AppContext]:
    ctx = open_context(app_home, db_url=demo_store_url)
    yield ctx
    ctx.close()


def _menus(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if a.text()]


def test_german_windows_dates_and_money(
    qtbot: QtBot, app_home: AppPaths, context: AppContext
) -> None:
    english = MainWindow(context, SyncOps())
    qtbot.addWidget(english)
    english_menus = _menus(english)
    assert english_menus[0] == "&File"

    applied = apply_language("de", app_home.cache_dir)
    assert (applied.language, applied.locale, applied.problem) == ("de", "de_DE", "")
    assert list(app_home.cache_dir.glob("agent_desk_de-*.qm"))  # compiled on first use
    german = MainWindow(context, SyncOps())
    qtbot.addWidget(german)
    german_menus = _menus(german)
    assert len(german_menus) == len(english_menus)
    assert all(g != e for g, e in zip(german_menus, english_menus, strict=True)), german_menus
    assert all(m.count("&") == 1 for m in german_menus)
    assert kind_label("order_placed") != "Order placed"
    # plurals in German, from the translation's numerus forms
    one = translate("CustomerArea", "%n ticket(s)", None, 1)
    many = translate("CustomerArea", "%n ticket(s)", None, 3)
    assert one.startswith("1 ") and many.startswith("3 ") and one[2:] != many[2:]
    assert "(s)" not in one + many
    moment = datetime(2026, 8, 14, 9, 30, tzinfo=UTC)
    assert fmt().date(moment, UTC) == "14.08.2026"
    assert fmt().money(Decimal("1399.00"), "EUR") == "1.399,00\u00a0EUR"
    assert fmt().long_date(moment, UTC) == "Freitag, 14. August 2026"
    assert fmt().month_year(moment, UTC) == "Aug. 2026"
    help_dialog = HelpDialog()
    qtbot.addWidget(help_dialog)
    page = help_dialog.findChild(QTextBrowser, "helpText").toPlainText()
    assert "Tastenkürzel" in page and "Keyboard shortcuts" not in page

    language.reset()
    assert translate("MainWindow", "&File") == "&File"
    assert fmt().date(moment, UTC) == "14 Aug 2026"


def test_english_plurals_without_a_translation() -> None:
    assert translate("CustomerArea", "%n ticket(s)", None, 1) == "1 ticket"
    assert translate("CustomerArea", "%n ticket(s)", None, 2) == "2 tickets"


def test_the_system_language_is_used_when_translated() -> None:
    assert chosen_language("", QLocale("de_AT")) == "de"
    assert chosen_language("", QLocale("fr_FR")) == "en"  # no French translation: English
    assert chosen_language("de", QLocale("fr_FR")) == "de"
    assert chosen_language("xx", QLocale("de_DE")) == "en"


def test_an_edited_translation_is_compiled_again_and_a_broken_one_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "translations"
    folder.mkdir()
    source = (ROOT / "resources" / "translations" / "agent_desk_de.ts").read_text("utf-8")
    ts = folder / "agent_desk_de.ts"
    ts.write_text(source, encoding="utf-8")
    monkeypatch.setattr(language, "resource", lambda *parts: tmp_path.joinpath(*parts))
    cache = tmp_path / "cache"
    first = compiled_translation("de", cache)
    assert first is not None and first.is_file()
    assert compiled_translation("de", cache) == first  # cached: not compiled again
    ts.write_text(source.replace("</TS>", "<!-- edited -->\n</TS>"), encoding="utf-8")
    second = compiled_translation("de", cache)
    assert second is not None and second != first and not first.exists()
    ts.write_text("<TS><context>", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"agent_desk_de\.ts"):
        compiled_translation("de", cache)
    applied = apply_language("de", tmp_path / "other-cache")
    assert applied.language == "en" and "agent_desk_de.ts" in applied.problem
    assert translate("MainWindow", "&File") == "&File"


def test_the_language_is_chosen_in_settings(qtbot: QtBot, app_home: AppPaths) -> None:
    dialog = SettingsDialog(app_home, Settings(), SyncOps())
    qtbot.addWidget(dialog)
    box = dialog.language
    assert box.currentData() == "" and box.findData("de") > 0
    assert box.itemText(box.findData("de")) == "Deutsch"
    box.setCurrentIndex(box.findData("de"))
    dialog.save()
    assert load_settings(app_home.settings_file).language == "de"


def test_the_window_says_when_the_new_language_applies(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context, SyncOps())
    qtbot.addWidget(window)
    window.apply_settings(context.settings.with_changes(language="de"), False)
    box = window.findChild(object, "languageChanged")
    assert box is not None and "next time" in box.text()
    assert i18n.translate("MainWindow", "&File") == "&File"  # nothing switched half-way


def test_a_stale_compiled_file_beside_the_source_never_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / "agent_desk_de.ts").write_text(
        (ROOT / "resources" / "translations" / "agent_desk_de.ts").read_text("utf-8"), "utf-8"
    )
    (folder / "agent_desk_de.qm").write_bytes(b"stale output of an earlier Release")
    monkeypatch.setattr(language, "resource", lambda *parts: tmp_path.joinpath(*parts))
    compiled = compiled_translation("de", tmp_path / "cache")
    assert compiled is not None and compiled.parent == tmp_path / "cache"  # from the .ts
    # without a working lrelease, the .qm beside the .ts is better than English
    monkeypatch.setattr(language, "_lrelease", lambda: tmp_path / "no-such-lrelease")
    assert compiled_translation("de", tmp_path / "cache-2") == folder / "agent_desk_de.qm"
    # a bundle carries only the .qm its build compiled: that one is used as it is
    (folder / "agent_desk_de.ts").unlink()
    assert compiled_translation("de", tmp_path / "cache") == folder / "agent_desk_de.qm"
