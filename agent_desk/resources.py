"""Access to the files under the top-level ``resources/`` folder.

The folder is installed as the package ``agent_desk_resources`` (see ``pyproject.toml``) and read
through :mod:`importlib.resources`, so the same code finds it in a source checkout, an installed
wheel and a frozen bundle.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

PACKAGE = "agent_desk_resources"


def resource(*parts: str) -> Traversable:
    """Return the resource at ``resources/<parts...>`` (it may not exist; check ``is_file()``)."""
    node = resources.files(PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str, encoding: str = "utf-8") -> str:
    """Read a text resource; raises ``FileNotFoundError`` naming the resource if it is missing."""
    node = resource(*parts)
    if not node.is_file():
        raise FileNotFoundError(f"resource not found: resources/{'/'.join(parts)}")
    return node.read_text(encoding=encoding)


def read_bytes(*parts: str) -> bytes:
    node = resource(*parts)
    if not node.is_file():
        raise FileNotFoundError(f"resource not found: resources/{'/'.join(parts)}")
    return node.read_bytes()
