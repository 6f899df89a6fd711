"""Business keys a ticket mentions: the order in a custom field, invoice numbers in its text.

A help-desk ticket about "order #1004" or "invoice 20260000022" names an object that another
source owns (the shop's order, the ERP's invoice). The connector turns them into keys
``"kind:VALUE"`` (``order:1004``, ``invoice:20260000022``) on the ticket's event
(:attr:`connectors.base.EventRecord.mentions`); the order and invoice connectors put the same
keys on their events (``owns``). Identity resolution then links the ticket's requester to the
order's customer (rule ``reference``), even when their e-mail addresses differ.

Configured per ticket source::

    order_field = 360011112221              # Zendesk custom field id (Freshdesk: "cf_order")
    [sources.tickets.mention_patterns]      # kind = regular expression, searched in subject
    invoice = '\\b(20\\d{9})\\b'              # and description; group 1 (or the match) is
    contract = '\\b(CT\\d{7})\\b'             # the value
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from connectors.base import ConfigurationError

MAX_MENTIONS = 5  # keys found in one ticket's text; more, and the text names none of them
MAX_TEXT = 20_000  # characters searched: a configured pattern never runs over a huge paste
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def key(kind: str, value: object) -> str | None:
    """``kind:VALUE``, normalised so that both sides meet: "#1004", " 1004" and "1004" are
    ``order:1004``, "ct0000001" is ``contract:CT0000001``. None for an empty value or a
    yes/no field's boolean."""
    if value is None or isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip().lstrip("#").strip().upper()
    if not text:
        return None
    return f"{kind}:{text}"[:200]


class MentionFinder:
    """Finds the keys a ticket mentions, as configured for one source."""

    def __init__(self, source: str, config: Mapping[str, Any]) -> None:
        field = config.get("order_field")
        self.order_field = str(field).strip() if field not in (None, "") else None
        raw = config.get("mention_patterns") or {}
        if not isinstance(raw, Mapping):
            raise ConfigurationError(
                source, "'mention_patterns' must be a table of kind = regular expression"
            )
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        for kind, pattern in raw.items():
            if not _KIND.match(str(kind)):
                raise ConfigurationError(
                    source,
                    f"mention_patterns: {kind!r} is not a key kind "
                    "(lower-case letters, digits, '_', such as 'invoice')",
                )
            try:
                compiled = re.compile(str(pattern))
            except re.error as exc:
                raise ConfigurationError(
                    source,
                    f"mention_patterns.{kind}: {pattern!r} is not a regular expression: {exc}",
                ) from None
            if compiled.groups > 1:
                raise ConfigurationError(
                    source, f"mention_patterns.{kind}: use at most one capturing group"
                )
            self.patterns.append((str(kind), compiled))

    @property
    def active(self) -> bool:
        return bool(self.order_field or self.patterns)

    def find(self, custom: Mapping[str, Any], texts: Iterable[object]) -> tuple[str, ...]:
        """The keys in ``custom`` (field id or name -> value) and in ``texts``, in order of
        appearance, without repeats."""
        found: dict[str, None] = {}
        if self.order_field is not None:
            k = key("order", custom.get(self.order_field))
            if k:
                found[k] = None
        if self.patterns:
            text = "\n".join(str(t) for t in texts if t)
            if len(text) > MAX_TEXT:  # cut between words: half a number is another number
                text = text[: MAX_TEXT + 1].rsplit(None, 1)[0]
            seen: dict[str, None] = {}
            for kind, pattern in self.patterns:
                for match in pattern.finditer(text):
                    k = key(kind, match.group(1) if pattern.groups else match.group(0))
                    if k:
                        seen[k] = None
            if len(seen) <= MAX_MENTIONS:  # a pasted statement of 300 invoices is no evidence
                found.update(seen)
        return tuple(found)
