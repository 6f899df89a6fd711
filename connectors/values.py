"""Small value helpers shared by the connectors (vendor payloads are loosely typed)."""

from __future__ import annotations

from typing import Any


def text_or_none(value: Any) -> str | None:
    """The value as stripped text; None when it is missing or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def excerpt(text: object, limit: int) -> str | None:
    """Whitespace folded, cut at a word boundary with an ellipsis; None when empty."""
    words = " ".join(str(text or "").split())
    if not words:
        return None
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"
