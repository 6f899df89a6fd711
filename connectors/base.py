"""The connector protocol: what every source adapter yields, page by page.

A connector is built from its TOML section (``type``, URL or path, field mapping, credential
name) and a :class:`ConnectorContext` (secret look-up, HTTP session factory, logger, default
phone region). For each of its streams it yields :class:`Page` objects; each page carries the
normalized records it read and the bookmark that resumes right after it. The sync engine writes
a page and its bookmark in one transaction, so a crash resumes at the last page written.

Records are plain frozen dataclasses: connectors know nothing of the store or of Qt. Times are
timezone-aware UTC; money is :class:`~decimal.Decimal` with a currency code.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar, Protocol

Bookmark = dict[str, Any]  # JSON-serialisable


class ConnectorError(Exception):
    """A failure a person can act on; the message names the source (never a secret).

    ``status`` is the HTTP status of the answer that caused it, when there was one, so that
    callers can test ``exc.status == 404`` instead of reading the message.
    """

    def __init__(self, source: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.status = status


class ConfigurationError(ConnectorError):
    """The source's settings are incomplete or wrong."""


class AuthenticationError(ConnectorError):
    """The source refused the credentials (wrong token, expired key)."""


class Cancelled(Exception):
    """The person cancelled; raised out of waits and page loops."""


@dataclass(frozen=True)
class PersonRecord:
    """A person-bearing record: an ERP customer, a shop customer, a ticket requester."""

    entity: str  # "customer", "user", "order" (a guest checkout), ...
    external_id: str
    display_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None  # as the source wrote it; normalized by identity resolution
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    birth_date: date | None = None
    erp_customer_number: str | None = None  # carried by orders/tickets for deterministic links
    link: str | None = None  # deep link back to the source
    updated_at: datetime | None = None
    deleted: bool = False
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonRef:
    """Which person record an event or order line belongs to."""

    entity: str
    external_id: str


@dataclass(frozen=True)
class EventRecord:
    """Something that happened: an invoice, an order placed, a ticket reply, a satisfaction."""

    external_id: str  # unique within the source, e.g. "order/1001/placed"
    person: PersonRef | None
    kind: str  # e.g. invoice_issued, order_placed, order_shipped, ticket_opened
    occurred_at: datetime
    title: str
    category: str = "interaction"  # interaction | commercial | change
    body: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    status: str | None = None
    reference: str | None = None  # order or ticket number, shared by events of one story
    link: str | None = None
    deleted: bool = False
    payload: Mapping[str, Any] = field(default_factory=dict)
    # business keys for identity resolution, "kind:value" ("order:#1004", "invoice:2026000001"):
    # ``owns`` is the key this event's person owns (the order they placed), ``mentions`` the keys
    # the person referred to (a ticket about order #1004). A person who mentions a key is likely
    # the one who owns it: see agent_desk.identity (rule "reference").
    owns: str | None = None
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderLineRecord:
    order_external_id: str
    line_external_id: str
    person: PersonRef | None
    name: str
    quantity: Decimal
    ordered_at: datetime
    sku: str | None = None
    unit_price: Decimal | None = None
    currency: str | None = None
    order_reference: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Rejection:
    """A record that could not be read: where it is and why, never silently dropped."""

    location: str  # "customers.csv line 17", "ticket 35436", "page 3"
    reason: str


@dataclass(frozen=True)
class Page:
    stream: str
    bookmark: Bookmark
    persons: tuple[PersonRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    order_lines: tuple[OrderLineRecord, ...] = ()
    rejections: tuple[Rejection, ...] = ()

    @property
    def size(self) -> int:
        return len(self.persons) + len(self.events) + len(self.order_lines)


@dataclass(frozen=True)
class CheckResult:
    """What ``agent-desk sources test`` prints: the verdict and what the first page held."""

    ok: bool
    message: str
    counts: Mapping[str, int] = field(default_factory=dict)


@dataclass
class ConnectorContext:
    """The narrow API a connector receives from the app."""

    get_secret: Callable[[str], str | None]
    logger: logging.Logger
    default_region: str = "GB"
    cancel: threading.Event = field(default_factory=threading.Event)

    def require_secret(self, source: str, name: str) -> str:
        value = self.get_secret(name)
        if not value:
            raise ConfigurationError(
                source,
                f"no credential stored under '{name}': run `agent-desk credentials set {name}`",
            )
        return value


class Connector(Protocol):
    """What the sync engine and ``agent-desk sources`` need from a source adapter."""

    type_name: ClassVar[str]
    name: str

    def streams(self) -> list[str]:
        """The streams in the order they should be synced (parents before children)."""
        ...

    def pages(self, stream: str, bookmark: Bookmark | None) -> Iterator[Page]:
        """Pages after ``bookmark`` (None: from the beginning); checks ``context.cancel``."""
        ...

    def check(self) -> CheckResult:
        """Authenticate and read the first page of each stream without writing anything."""
        ...


ConnectorFactory = Callable[[str, Mapping[str, Any], ConnectorContext], Connector]


def check_first_pages(connector: Connector, where: str, unit: str) -> CheckResult:
    """The usual ``check()``: read the first page of every stream, count, say where from."""
    counts: dict[str, int] = {}
    rejected = 0
    for stream in connector.streams():
        first = next(iter(connector.pages(stream, None)), None)
        counts[stream] = first.size if first else 0
        rejected += len(first.rejections) if first else 0
    verdict = f"read {sum(counts.values()):,} records from {where}"
    if rejected:
        verdict += f"; {rejected:,} {unit} rejected on the first page"
    return CheckResult(True, verdict, counts)
