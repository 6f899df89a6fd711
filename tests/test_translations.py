"""Every user-visible string goes through Qt's translation machinery, and the German
translation is complete and consistent with the code (see docs/translating.md)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LUPDATE = Path(shutil.which("pyside6-lupdate") or ROOT / ".venv" / "bin" / "pyside6-lupdate")

# Qt calls whose (first) argument a person reads
TEXT_SETTERS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setPlaceholderText",
    "setStatusTip",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "setInformativeText",
    "setDetailedText",
    "showMessage",
    "setSuffix",
    "setPrefix",
    "setWhatsThis",
    "addMenu",
    "setLabelText",
    "setSpecialValueText",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
}
TEXT_WIDGETS = {
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QToolButton",
    "QMenu",
    "QCommandLinkButton",
}
WORD = re.compile(r"[A-Za-z]{2,}")
NAMES = re.compile(
    r"Agent Desk|Qt for Python|Python|Qt|<[^>]+>"
)  # product names, markup: not words


def _literal_words(node: ast.expr) -> bool:
    """A string literal or f-string with a word in it (not punctuation, a symbol, markup or a
    product name)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(NAMES.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(_literal_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.List | ast.Tuple):
        return any(_literal_words(e) for e in node.elts)
    return False


def untranslated_literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in TEXT_SETTERS or name in TEXT_WIDGETS:
            args = node.args[:1]
        elif name == "addTab":
            args = node.args[1:2]
        elif name in ("QMessageBox", "information", "warning", "critical", "question"):
            args = node.args[1:3]
        else:
            continue
        if any(_literal_words(a) for a in args):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:90]}")
    return found


def test_no_window_text_bypasses_translation() -> None:
    leaks = [
        leak
        for path in sorted((ROOT / "agent_desk" / "ui").glob("*.py"))
        for leak in untranslated_literals(path)
    ]
    assert not leaks, "wrap these in translate(...):\n" + "\n".join(leaks)


def test_the_lint_catches_a_bare_literal(tmp_path: Path) -> None:
    sample = ROOT / "agent_desk" / "ui" / "_lint_sample.py"
    try:
        sample.write_text(
            "label.setText('Open customer')\nQPushButton(f'Save {x}')\n"
            "box.setText(translate('Ctx', 'Fine'))\nlabel.setText('—')\n",
            encoding="utf-8",
        )
        leaks = untranslated_literals(sample)
    finally:
        sample.unlink()
    assert len(leaks) == 2 and ":1:" in leaks[0] and ":2:" in leaks[1]


def _messages(ts: Path) -> dict[tuple[str, str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            out[key] = message
    return out


@pytest.fixture(scope="module")
def german() -> dict[tuple[str, str, str], ET.Element]:
    return _messages(TRANSLATIONS / "agent_desk_de.ts")


def test_the_translation_sources_match_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    done = subprocess.run(
        [
            str(LUPDATE),
            "-extensions",
            "py",
            "-locations",
            "none",
            "-no-obsolete",
            str(ROOT / "agent_desk"),
            "-ts",
            str(fresh),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    in_code = set(_messages(fresh))
    for ts in sorted(TRANSLATIONS.glob("agent_desk_*.ts")):
        in_ts = set(_messages(ts))
        missing = sorted(in_code - in_ts)[:15]
        stale = sorted(in_ts - in_code)[:15]
        assert not missing, f"{ts.name} lacks (run scripts/update-translations.sh): {missing}"
        assert not stale, f"{ts.name} has strings the code no longer uses: {stale}"


def test_every_german_message_is_translated(german: dict) -> None:
    unfinished = [
        f"{context}: {source!r}"
        for (context, source, _), message in german.items()
        if (message.find("translation").get("type") or "") in ("unfinished", "vanished", "obsolete")
        or not "".join(message.find("translation").itertext()).strip()
    ]
    assert not unfinished, f"{len(unfinished)} unfinished, e.g. " + "; ".join(unfinished[:10])


PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n")


@pytest.mark.parametrize("language", ["de"])
def test_translations_keep_every_placeholder_and_plural(language: str) -> None:
    problems = []
    for (context, source, _), message in _messages(
        TRANSLATIONS / f"agent_desk_{language}.ts"
    ).items():
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        if message.get("numerus") == "yes" and len(forms) != 2:
            problems.append(f"{context}: {source!r} needs 2 plural forms, has {len(forms)}")
        for form in forms:
            got = sorted(set(PLACEHOLDER.findall(form)))
            if got != wanted and not (
                message.get("numerus") == "yes"
                and "%n" not in got
                and sorted(set(got) | {"%n"}) == wanted
            ):
                problems.append(f"{context}: {source!r} -> {form!r}: {got} != {wanted}")
            if source.count("&") == 1 and "&&" not in source and form.count("&") != 1:
                problems.append(f"{context}: {source!r} -> {form!r}: keyboard mnemonic lost")
    assert not problems, "\n".join(problems[:20])
