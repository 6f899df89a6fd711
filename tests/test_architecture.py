"""The layering of ARCHITECTURE.md, checked mechanically.

- Only ``agent_desk/ui`` imports Qt: the whole core imports with PySide6 made unimportable.
- ``connectors/`` imports neither the app nor Qt.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_BLOCK_QT = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt is not allowed outside agent_desk.ui: " + name)
        return None
sys.meta_path.insert(0, BlockQt())
import agent_desk, connectors
names = []
for pkg in (agent_desk, connectors):
    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
        if info.name.startswith("agent_desk.ui") or ".migrations" in info.name:
            continue
        if info.name == "agent_desk.__main__":
            continue
        importlib.import_module(info.name)
        names.append(info.name)
print(len(names))
"""


def test_core_imports_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 15  # the core modules were really imported


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_connectors_import_neither_the_app_nor_qt() -> None:
    files = list((ROOT / "connectors").rglob("*.py"))
    assert files
    for path in files:
        assert not _imports(path) & {"agent_desk", "PySide6"}, path


def test_only_the_ui_package_imports_qt() -> None:
    for path in (ROOT / "agent_desk").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "agent_desk").parts[:1]:
            continue
        assert "PySide6" not in _imports(path), path
