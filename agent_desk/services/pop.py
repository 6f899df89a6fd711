"""Screen pop: a softphone (or a CRM link) hands a call to the running Agent Desk.

A pop names the caller by one key: ``phone``, ``email``, ``customer`` (Agent Desk's id),
``order`` or ``ticket`` number. It arrives as command-line options
(``agent-desk pop --phone "+44 20 7946 0018"``) or as a URL, which softphones and web pages can
open: ``agentdesk:pop?phone=%2B442079460018`` (also ``agentdesk://pop?…``). :func:`find_caller`
answers with the customers it names: one opens at once, several are a pick list, none is a
"new caller" card with the number filled in. Qt-free: the window and the CLI both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.engine import Connection

from agent_desk.errors import AgentDeskError
from agent_desk.i18n import QT_TRANSLATE_NOOP, translate
from agent_desk.services.search import SearchHit, search_customers

KINDS = ("phone", "email", "customer", "order", "ticket")
LABELS = {
    "phone": QT_TRANSLATE_NOOP("PopRequest", "phone"),
    "email": QT_TRANSLATE_NOOP("PopRequest", "e-mail"),
    "customer": QT_TRANSLATE_NOOP("PopRequest", "customer #"),
    "order": QT_TRANSLATE_NOOP("PopRequest", "order"),
    "ticket": QT_TRANSLATE_NOOP("PopRequest", "ticket"),
}
SCHEME = "agentdesk"
MAX_VALUE = 200


@dataclass(frozen=True)
class PopRequest:
    kind: str
    value: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise AgentDeskError(
                translate("PopRequest", "a pop names the caller by one of: {kinds}").format(
                    kinds=", ".join(KINDS)
                )
            )
        if not self.value.strip():
            raise AgentDeskError(
                translate("PopRequest", "the pop's {kind} is empty").format(kind=self.kind)
            )
        if len(self.value) > MAX_VALUE:
            raise AgentDeskError(
                translate(
                    "PopRequest", "the pop's {kind} is longer than {limit} characters"
                ).format(kind=self.kind, limit=MAX_VALUE)
            )

    def as_message(self) -> dict[str, str]:
        return {"pop": self.kind, "value": self.value}

    @classmethod
    def from_message(cls, message: dict[str, object]) -> PopRequest:
        return cls(str(message.get("pop", "")), str(message.get("value", "")))

    @property
    def label(self) -> str:
        return translate("PopRequest", LABELS[self.kind])


def parse_url(url: str) -> PopRequest:
    """``agentdesk:pop?phone=…`` (or ``agentdesk://pop?…``) as a request; exactly one key."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != SCHEME:
        raise AgentDeskError(
            translate("pop", "not an {scheme}: URL: {url}").format(scheme=SCHEME, url=repr(url))
        )
    action = (parts.netloc or parts.path).strip("/").lower()
    if action != "pop":
        raise AgentDeskError(
            translate("pop", "{scheme}: URLs say pop (agentdesk:pop?phone=…), not {action}").format(
                scheme=SCHEME, action=repr(action)
            )
        )
    query = parse_qs(parts.query, keep_blank_values=True)
    keys = [k for k in query if k in KINDS]
    unknown = sorted(set(query) - set(KINDS))
    if unknown:
        raise AgentDeskError(
            translate("pop", "unknown key in the pop URL: {keys}").format(keys=", ".join(unknown))
        )
    if len(keys) != 1 or len(query[keys[0]]) != 1:
        raise AgentDeskError(
            translate("pop", "a pop URL names the caller by exactly one of: {kinds}").format(
                kinds=", ".join(KINDS)
            )
        )
    return PopRequest(keys[0], query[keys[0]][0])


def find_caller(conn: Connection, request: PopRequest, region: str | None) -> list[SearchHit]:
    """The live customers the pop names (best first); only matches of the pop's own kind, so a
    phone number never pops a customer whose id happens to be those digits."""
    value = request.value.strip()
    if request.kind == "customer":
        if not (value.isascii() and value.isdigit()):
            raise AgentDeskError(
                translate("pop", "a customer id is a number, not {value}").format(value=repr(value))
            )
        hits = search_customers(conn, value, region=region)
        return [h for h in hits if h.found_by == "customer"]
    hits = [
        h
        for h in search_customers(conn, value, region=region, limit=50)
        if h.found_by == request.kind
    ]
    exact = [h for h in hits if h.exact]
    return exact or hits  # "anna.maria.garcia@…" is no pop for "maria.garcia@…"
