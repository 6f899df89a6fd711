"""The user's language and locale: Qt translators for Agent Desk and Qt's own dialogs, and
dates, times, numbers and money in the user's ``QLocale``.

Translations are Qt Linguist ``.ts`` files in ``resources/translations``. The frozen bundle
carries them compiled (``installer/agent-desk.spec`` runs ``lrelease``); a source checkout or a
wheel compiles a ``.ts`` on first use into the cache folder, keyed by its content, so an edited
translation is picked up on the next start. See ``docs/translating.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import as_file
from pathlib import Path

import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QTime,
    QTranslator,
)

from agent_desk import i18n
from agent_desk.resources import resource

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"  # the language the code is written in
NAMES = {"en": "English", "de": "Deutsch"}  # each language in its own words
_SPACED_PERCENT = {"de", "fr", "es", "it", "nl", "sv", "nb", "da", "fi", "cs", "pl", "ru"}
_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def current_language() -> str:
    """The language in force (set by :func:`apply_language`)."""
    return _current


def available_languages() -> list[str]:
    """English and every language with a translation in ``resources/translations``."""
    codes = {SOURCE_LANGUAGE}
    folder = resource("translations")
    if folder.is_dir():
        for item in folder.iterdir():
            match = re.fullmatch(r"agent_desk_([a-z]{2,3})\.(ts|qm)", item.name)
            if match:
                codes.add(match.group(1))
    return sorted(codes, key=lambda code: (code != SOURCE_LANGUAGE, code))


def base_code(language: str) -> str:
    """The language of a code with or without its region: "de_DE", "de-AT" and "de" are "de"."""
    return language.strip().lower().replace("-", "_").split("_")[0]


def chosen_language(setting: str, system: QLocale | None = None) -> str:
    """The language in force: the setting, else the system's first UI language that has a
    translation, else English."""
    available = available_languages()
    wanted = base_code(setting)
    if wanted:
        return wanted if wanted in available else SOURCE_LANGUAGE
    for ui_language in (system or QLocale.system()).uiLanguages():
        code = base_code(ui_language)
        if code in available:
            return code
    return SOURCE_LANGUAGE


def _lrelease() -> Path:
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).parent / name


def compiled_translation(code: str, cache_dir: Path) -> Path | None:
    """The ``.qm`` of ``code``: where the ``.ts`` source is present (a checkout, a wheel) it
    is compiled into ``cache_dir``, keyed by its content, so an edit shows at the next start
    and a stale ``.qm`` lying beside it (Qt Linguist's "Release") never wins; the bundle
    carries only the ``.qm`` its build compiled. None when there is neither. Where lrelease
    cannot run at all, a ``.qm`` beside the ``.ts`` is used (logged). Raises ``RuntimeError``
    when compiling fails."""
    ts = resource("translations", f"agent_desk_{code}.ts")
    qm = resource("translations", f"agent_desk_{code}.qm")
    if not ts.is_file():
        if not qm.is_file():
            return None
        with as_file(qm) as path:  # a real file in a bundle
            return Path(path)
    source = ts.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    target = cache_dir / f"agent_desk_{code}-{digest}.qm"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with as_file(ts) as ts_path:
        tmp = target.with_suffix(f".{os.getpid()}.tmp")  # two starts at once each write own
        try:
            done = subprocess.run(
                [str(_lrelease()), "-silent", str(ts_path), "-qm", str(tmp)],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            if qm.is_file():
                log.warning("cannot run %s (%s): using %s as it is", _lrelease(), exc, qm.name)
                with as_file(qm) as path:
                    return Path(path)
            raise RuntimeError(f"cannot run {_lrelease()}: {exc}") from None
        if done.returncode != 0 or not tmp.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise RuntimeError(
                f"lrelease could not compile resources/translations/{ts.name}: "
                f"{detail[-1] if detail else f'exit {done.returncode}'}"
            )
        tmp.replace(target)
    for old in cache_dir.glob(f"agent_desk_{code}-*.qm"):  # earlier versions of this .ts
        if old != target:
            old.unlink(missing_ok=True)
    return target


@dataclass(frozen=True)
class Applied:
    """What :func:`apply_language` put in force, and a problem to tell the user (or "")."""

    language: str
    locale: str
    problem: str = ""


def apply_language(setting: str, cache_dir: Path) -> Applied:
    """Install the translators and locale formats for the language ``setting`` ("" = the
    system's). A translation that cannot be loaded leaves English in force, with the reason."""
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    code = chosen_language(setting)
    problem = ""
    if code != SOURCE_LANGUAGE:
        try:
            path = compiled_translation(code, cache_dir)
        except RuntimeError as exc:
            path, problem = None, str(exc)
        translator = QTranslator()
        if path is not None and translator.load(str(path)):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
            qt_own = QTranslator()  # Qt's standard dialogs and buttons
            if qt_own.load(
                f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            ):
                QCoreApplication.installTranslator(qt_own)
                _installed.append(qt_own)
        else:
            problem = problem or f"the {NAMES.get(code, code)} translation could not be loaded"
            log.warning("language %s: %s; English is used", code, problem)
            code = SOURCE_LANGUAGE
    global _current
    _current = code
    i18n.install(_qt_translate if _installed else None)
    locale = _locale_for(code)
    QLocale.setDefault(
        locale
        if locale is not None
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )
    i18n.install_formats(LocaleFormats(locale) if locale is not None else None)
    return Applied(code, locale.name() if locale is not None else "en_GB", problem)


def _locale_for(code: str) -> QLocale | None:
    """The system's locale when it speaks ``code`` (its dates and numbers), else the
    language's own; None: the British English default formats (English on a "C" system)."""
    system = QLocale.system()
    if system.name() not in ("C", "POSIX") and _code(system) == code:
        return system
    if code == SOURCE_LANGUAGE:
        return None
    return QLocale(code)


def _code(locale: QLocale) -> str:
    return locale.name().split("_")[0].lower()


def _qt_translate(context: str, text: str, disambiguation: str | None, n: int) -> str:
    out = QCoreApplication.translate(context, text, disambiguation, n)
    # untranslated, Qt gives the English back with %n filled in: resolve its "(s)" plurals
    return i18n.english(context, out, None, n) if n >= 0 else out


def reset() -> None:
    """Back to English and the default formats (tests)."""
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    global _current
    _current = SOURCE_LANGUAGE
    i18n.install(None)
    i18n.install_formats(None)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


class LocaleFormats(i18n.Formats):
    """Dates, times, numbers and money the way ``locale`` writes them."""

    def __init__(self, locale: QLocale) -> None:
        self.locale = locale
        short = locale.dateFormat(QLocale.FormatType.ShortFormat)
        self._date = short if "yyyy" in short else short.replace("yy", "yyyy")
        day_month = re.sub(r"[\s/.,-]*y+[\s/.,-]*", "", short).strip()
        self._day_month = (
            day_month + "." if ("." in short and not day_month.endswith(".")) else day_month
        )
        self._time = locale.timeFormat(QLocale.FormatType.ShortFormat)
        self._percent_gap = "\u00a0" if _code(locale) in _SPACED_PERCENT else ""

    def date(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        return self.locale.toString(_qdate(value, zone), self._date)

    def day_month(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        return self.locale.toString(_qdate(value, zone), self._day_month)

    def month_year(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        return self.locale.toString(_qdate(value, zone), "MMM yyyy")

    def long_date(self, value: dt.date | dt.datetime, zone: dt.tzinfo | None = None) -> str:
        return self.locale.toString(_qdate(value, zone), QLocale.FormatType.LongFormat)

    def weekday_time(self, value: dt.datetime, zone: dt.tzinfo | None = None) -> str:
        moment = _qdatetime(value, zone)
        return self.locale.toString(moment, f"ddd {self._day_month} {self._time}")

    def time(self, value: dt.datetime | dt.time, zone: dt.tzinfo | None = None) -> str:
        if isinstance(value, dt.datetime):
            return self.locale.toString(_qdatetime(value, zone).time(), self._time)
        return self.locale.toString(QTime(value.hour, value.minute, value.second), self._time)

    def date_time(
        self, value: dt.datetime, zone: dt.tzinfo | None = None, seconds: bool = False
    ) -> str:
        clock = self._time.replace(":mm", ":mm:ss") if seconds else self._time
        return self.locale.toString(_qdatetime(value, zone), f"{self._date} {clock}")

    def number(self, value: float | int | Decimal, decimals: int = 0) -> str:
        return self.locale.toString(float(value), "f", decimals)

    def percent(self, value: float, decimals: int = 0) -> str:
        return f"{self.number(value * 100, decimals)}{self._percent_gap}%"

    def money(self, amount: Decimal | float | int, currency: str | None) -> str:
        number = self.number(amount, 2)
        return f"{number}\u00a0{currency}" if currency else number


def _qdate(value: dt.date | dt.datetime, zone: dt.tzinfo | None) -> QDate:
    local = i18n.local(value, zone)
    return QDate(local.year, local.month, local.day)


def _qdatetime(value: dt.datetime, zone: dt.tzinfo | None) -> QDateTime:
    local = i18n.local(value, zone)
    assert isinstance(local, dt.datetime)
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
    )
