"""Freshdesk tickets, conversations and contacts through the API v2.

Configuration (a TOML section)::

    [sources.helpdesk]
    type = "freshdesk"
    url = "https://acme.freshdesk.com"   # or domain = "acme"
    credential = "helpdesk"              # keyring entry holding the API key
    per_page = 100                       # 1..100
    lookback_seconds = 300               # overlap at the start of each run
    start = "2020-01-01"                 # first run: tickets updated since then (default 2000)
    external_id_is_erp_customer_number = true

**Auth.** The API key is the Basic-auth user name, the password is ignored (``key:X``).
Freshdesk answers only over HTTPS at ``{domain}.freshdesk.com`` (not on a custom CNAME): an
``http://`` URL is refused unless it names this machine (the demo's loopback fake), and another
host name is accepted with a warning.

**Streams**, in order:

``contacts``
    ``GET /api/v2/contacts?_updated_since=…`` (the leading underscore is what Freshdesk reads),
    following the ``Link: rel="next"`` header. The list has no sort order, so the bookmark moves
    to the newest ``updated_at`` seen only when a run reaches the end; pages in between carry
    the page to resume at. Freshdesk lists at most 300 pages: a larger change set (a first run
    on a helpdesk with more than 30,000 contacts) is read up to the cap and then the stream
    fails with a clear error, the bookmark unmoved (never a silent skip).
    A contact is a person ``contact/{id}``;
    ``unique_external_id`` is the ERP customer number when so configured.
``tickets``
    ``GET /api/v2/tickets?updated_since=…&order_by=updated_at&order_type=asc``. The parameter is
    always sent: without it Freshdesk lists only tickets *created* in the last 30 days. Offsets
    shift when a ticket changes mid-run, and page 301 is refused, so each next page is asked
    for as page 1 of a new window starting at the last ``updated_at`` read (``updated_since``
    is inclusive: the tickets at that second come again and are dropped by
    ``(id, updated_at)``); ``page`` grows only inside a run of more than ``per_page`` tickets
    updated in one second. The ``Link`` header says whether another page exists. Bookmark:
    the newest ``updated_at`` seen, after every page. Events per ticket, as for Zendesk:
    ``ticket_opened`` (at ``created_at``, the subject, an excerpt of the description) and the
    status event ``ticket/{id}/status`` (``ticket_solved`` for Resolved/Closed,
    ``ticket_status_changed`` for Pending and custom statuses, at ``updated_at``; withdrawn as
    deleted while the ticket is Open again). Reference ``#{id}``, link ``{url}/a/tickets/{id}``.
``conversations``
    Walks the same ticket windows with a bookmark of its own and reads
    ``/api/v2/tickets/{id}/conversations`` (Link-paged; it has no date filter) for each ticket
    that changed: ``ticket_reply`` for replies (incoming ones are the customer's),
    ``ticket_note`` with status ``internal`` for private notes. A ticket deleted in between
    (404) is a :class:`Rejection`, not a stuck stream.
``deleted``
    ``filter=deleted``, the same windows: a deleted ticket's events come back with
    ``deleted = True`` (its conversations can no longer be listed and stay as they were).

429 answers are waited out by the shared client (``Retry-After``); Freshdesk's limits are per
account and per minute, and failed calls count too.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

from connectors.base import (
    Bookmark,
    CheckResult,
    ConfigurationError,
    ConnectorContext,
    ConnectorError,
    EventRecord,
    Page,
    PersonRecord,
    PersonRef,
    Rejection,
)
from connectors.http import HttpClient
from connectors.mentions import MentionFinder
from connectors.values import excerpt as shared_excerpt
from connectors.values import text_or_none as _text

API = "/api/v2"
MAX_PER_PAGE = 100
STREAMS = ("contacts", "tickets", "conversations", "deleted")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
STATUS_LABELS = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
SOLVED = frozenset({4, 5})
EXCERPT = 280


class _Bad(ValueError):
    pass


def parse_time(value: Any, what: str) -> datetime | None:
    """Freshdesk's ``2015-01-19T02:00:00Z`` as an aware UTC datetime."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise _Bad(f"{what}: bad time {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _z(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def excerpt(text: object, limit: int = EXCERPT) -> str | None:
    return shared_excerpt(text, limit)


class FreshdeskConnector:
    type_name: ClassVar[str] = "freshdesk"
    page_cap: ClassVar[int] = 300  # Freshdesk refuses list pages past this

    def __init__(
        self,
        name: str,
        config: Mapping[str, Any],
        context: ConnectorContext,
        *,
        wait: Callable[[float], None] | None = None,
    ) -> None:
        self.name = name
        self.context = context
        url = str(config.get("url") or "").strip().rstrip("/")
        domain = str(config.get("domain") or "").strip()
        if not url and domain:
            url = f"https://{domain}.freshdesk.com"
        if url.endswith(API):
            url = url[: -len(API)]
        if not url:
            raise ConfigurationError(name, "'url' (https://DOMAIN.freshdesk.com) is not set")
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https") or not host:
            raise ConfigurationError(name, f"'url' must be an https:// address, not {url!r}")
        loopback = host == "localhost" or _is_loopback(host)
        if parts.scheme == "http" and not loopback:
            raise ConfigurationError(name, "Freshdesk answers only over https://")
        if not loopback and not host.endswith(".freshdesk.com"):
            context.logger.warning(
                "%s: %s is not a freshdesk.com address; the API does not answer on custom domains",
                name,
                host,
            )
        self.url = url
        self.credential = str(config.get("credential") or "").strip()
        if not self.credential:
            raise ConfigurationError(
                name, "'credential' (the keyring entry of the API key) is not set"
            )
        self.per_page = self._int(config, "per_page", MAX_PER_PAGE, 1, MAX_PER_PAGE)
        self.lookback = timedelta(seconds=self._int(config, "lookback_seconds", 300, 0, 7 * 86400))
        self.erp_from_external_id = bool(config.get("external_id_is_erp_customer_number", True))
        self.mentions = MentionFinder(name, config)
        self.start = self._start(config.get("start"))
        self._wait = wait
        self._http: HttpClient | None = None

    def _int(self, config: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
        raw = config.get(key, default)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ConfigurationError(self.name, f"'{key}' must be a whole number") from None
        if isinstance(raw, bool) or not low <= value <= high:
            raise ConfigurationError(self.name, f"'{key}' must be between {low} and {high}")
        return value

    def _start(self, raw: Any) -> datetime:
        if raw in (None, ""):
            return EARLIEST
        if isinstance(raw, datetime):
            return raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw.astimezone(UTC)
        if isinstance(raw, date):
            return datetime(raw.year, raw.month, raw.day, tzinfo=UTC)
        try:
            parsed = parse_time(str(raw), "start")
        except _Bad:
            parsed = None
        if parsed is None:
            raise ConfigurationError(
                self.name, f"'start' must be a date such as 2024-01-01, not {raw!r}"
            )
        return parsed

    # -- HTTP ---------------------------------------------------------------------------------
    @property
    def http(self) -> HttpClient:
        if self._http is None:
            key = self.context.require_secret(self.name, self.credential).strip()
            self._http = HttpClient(
                self.name,
                auth=(key, "X"),
                cancel=self.context.cancel,
                logger=self.context.logger,
                wait=self._wait,
            )
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _get(
        self, url: str, params: Mapping[str, Any] | None = None
    ) -> tuple[list[Any], str | None]:
        """A list page and the absolute URL of the next one (from ``Link``), if any."""
        response = self.http.get(url, params)
        try:
            body = response.json()
        except ValueError:
            raise ConnectorError(
                self.name, f"the helpdesk did not answer JSON (starts with {response.text[:80]!r})"
            ) from None
        if not isinstance(body, list):
            raise ConnectorError(self.name, f"expected a JSON array, got {body!r:.120}")
        following = response.links.get("next", {}).get("url")
        if following:
            mine, theirs = urlsplit(self.url), urlsplit(following)
            if (theirs.scheme, theirs.netloc) != (mine.scheme, mine.netloc):
                # never send the API key to another host
                raise ConnectorError(self.name, f"a next-page link left {mine.netloc}")
        return body, following

    # -- protocol -----------------------------------------------------------------------------
    def streams(self) -> list[str]:
        return list(STREAMS)

    def pages(self, stream: str, bookmark: Bookmark | None) -> Iterator[Page]:
        if stream == "contacts":
            yield from self._contacts(bookmark, self.per_page, None)
        elif stream in ("tickets", "deleted", "conversations"):
            yield from self._ticket_pages(stream, bookmark, self.per_page, None)
        else:
            raise ConfigurationError(
                self.name, f"no stream {stream!r} (streams: {', '.join(STREAMS)})"
            )

    def check(self) -> CheckResult:
        counts: dict[str, int] = {}
        for stream in ("contacts", "tickets"):
            if stream == "contacts":
                first = next(self._contacts(None, 10, 1), None)
            else:
                first = next(self._ticket_pages(stream, None, 10, 1), None)
            counts[stream] = first.size if first else 0
        return CheckResult(True, f"signed in to {self.url} with the API key", counts)

    # -- contacts -----------------------------------------------------------------------------
    def _contacts(
        self, bookmark: Bookmark | None, per_page: int, limit: int | None
    ) -> Iterator[Page]:
        bookmark = dict(bookmark or {})
        try:
            mark = parse_time(bookmark.get("updated_at"), "bookmark")
            newest = parse_time(bookmark.get("newest"), "bookmark") or mark
            page_no = int(bookmark.get("page", 1))
        except (_Bad, TypeError, ValueError):
            raise ConnectorError(self.name, f"unreadable bookmark {bookmark!r}") from None
        since = bookmark.get("since")  # set while a run is under way
        if since is None and mark is not None:
            since = _z(mark - self.lookback)
        try:
            started = parse_time(bookmark.get("started"), "bookmark") or datetime.now(UTC)
        except _Bad:
            raise ConnectorError(self.name, f"unreadable bookmark {bookmark!r}") from None
        requests = 0
        while limit is None or requests < limit:
            if self.context.cancel.is_set():
                return
            params: dict[str, Any] = {"per_page": per_page, "page": page_no}
            if since:
                params["_updated_since"] = since
            contacts, following = self._get(self.url + f"{API}/contacts", params)
            requests += 1
            persons: list[PersonRecord] = []
            rejections: list[Rejection] = []
            for raw in contacts:
                try:
                    person = self._person(raw)
                except _Bad as exc:
                    rejections.append(Rejection(f"contacts page {page_no}", str(exc)))
                    continue
                persons.append(person)
                if person.updated_at and (newest is None or person.updated_at > newest):
                    newest = person.updated_at
            if following is not None and page_no >= self.page_cap:
                # Freshdesk lists no page past the cap, and this list has no order to window
                # on: the rest cannot be read. Deliver what was read, keep the bookmark, fail
                # loudly rather than report a sync that silently skipped contacts.
                kept = {"updated_at": _z(mark)} if mark else {}
                yield Page("contacts", kept, tuple(persons), rejections=tuple(rejections))
                raise ConnectorError(
                    self.name,
                    f"more than {self.page_cap} pages of contacts changed since "
                    f"{since or 'the beginning'}; Freshdesk lists at most {self.page_cap} pages, "
                    "so the remaining contacts were not read (their tickets still carry their "
                    "requesters)",
                )
            if following is None:
                # the list is unordered: a contact changed on an early page during this run may
                # carry a time below the newest seen; never move the bookmark past the run start
                done = min(newest, started) if newest and started else newest
                final = {"updated_at": _z(done)} if done else {}
                yield Page("contacts", final, tuple(persons), rejections=tuple(rejections))
                return
            resume: Bookmark = {"since": since, "page": page_no + 1, "started": _z(started)}
            if mark:
                resume["updated_at"] = _z(mark)
            if newest:
                resume["newest"] = _z(newest)
            yield Page("contacts", resume, tuple(persons), rejections=tuple(rejections))
            page_no += 1

    def _person(self, raw: Any) -> PersonRecord:
        if not isinstance(raw, Mapping) or raw.get("id") is None:
            raise _Bad(f"not a contact: {raw!r:.80}")
        contact_id = str(raw["id"])
        external = _text(raw.get("unique_external_id"))
        return PersonRecord(
            entity="contact",
            external_id=contact_id,
            display_name=_text(raw.get("name")),
            email=_text(raw.get("email")),
            phone=_text(raw.get("phone")) or _text(raw.get("mobile")),
            street=_text(raw.get("address")),
            erp_customer_number=external if self.erp_from_external_id else None,
            link=f"{self.url}/a/contacts/{contact_id}",
            updated_at=parse_time(raw.get("updated_at"), f"contact {contact_id} updated_at"),
            deleted=bool(raw.get("deleted")),
            payload={k: v for k, v in raw.items() if k != "avatar"},
        )

    # -- tickets, in windows ------------------------------------------------------------------
    def _ticket_pages(
        self, stream: str, bookmark: Bookmark | None, per_page: int, limit: int | None
    ) -> Iterator[Page]:
        try:
            seen = parse_time((bookmark or {}).get("updated_at"), "bookmark")
        except _Bad:
            raise ConnectorError(self.name, f"unreadable bookmark {bookmark!r}") from None
        cursor = (seen - self.lookback if seen else self.start).replace(microsecond=0)
        page_no = 1
        delivered: set[tuple[int, datetime]] = set()
        requests = 0
        while limit is None or requests < limit:
            if self.context.cancel.is_set():
                return
            params: dict[str, Any] = {
                "updated_since": _z(cursor),
                "order_by": "updated_at",
                "order_type": "asc",
                "per_page": per_page,
                "page": page_no,
            }
            if stream == "deleted":
                params["filter"] = "deleted"
            tickets, following = self._get(self.url + f"{API}/tickets", params)
            requests += 1
            fresh: list[Mapping[str, Any]] = []
            rejections: list[Rejection] = []
            first = last = None
            for raw in tickets:
                try:
                    ticket_id, updated = self._key(raw)
                except _Bad as exc:
                    rejections.append(Rejection(f"{stream} page {page_no}", str(exc)))
                    continue
                if last is not None and updated < last:
                    raise ConnectorError(
                        self.name, "the helpdesk ignored order_by=updated_at&order_type=asc"
                    )
                first = first or updated
                last = updated
                if updated < cursor or (ticket_id, updated) in delivered:
                    continue  # read again at the window's edge
                delivered.add((ticket_id, updated))
                fresh.append(raw)
                seen = updated if seen is None or updated > seen else seen
            events: list[EventRecord] = []
            for raw in fresh:
                try:
                    if stream == "conversations":
                        self._conversations(raw, events, rejections)
                    else:
                        events.extend(self._ticket_events(raw, deleted=stream == "deleted"))
                except _Bad as exc:
                    rejections.append(Rejection(f"ticket {raw.get('id')}", str(exc)))
            mark = {"updated_at": _z(seen)} if seen else {}
            yield Page(stream, mark, events=tuple(events), rejections=tuple(rejections))
            if following is None or not tickets:
                return
            if last is not None and last > cursor:
                # a first page all in one second is also page 1 of the new window: skip it
                page_no = 2 if page_no == 1 and first == last else 1
                cursor = last
                delivered = {k for k in delivered if k[1] >= cursor}
            else:
                page_no += 1  # more than a page of tickets updated in one second

    @staticmethod
    def _key(raw: Any) -> tuple[int, datetime]:
        if not isinstance(raw, Mapping):
            raise _Bad(f"not a ticket: {raw!r:.80}")
        try:
            ticket_id = int(raw["id"])
        except (KeyError, TypeError, ValueError):
            raise _Bad(f"a ticket without a usable id: {raw.get('id')!r}") from None
        updated = parse_time(raw.get("updated_at"), f"ticket {ticket_id} updated_at")
        if updated is None:
            raise _Bad(f"ticket {ticket_id}: no updated_at")
        return ticket_id, updated

    def _link(self, ticket_id: int) -> str:
        return f"{self.url}/a/tickets/{ticket_id}"

    def _mentions(self, ticket: Mapping[str, Any]) -> tuple[str, ...]:
        """The order in the configured custom field (``cf_...``), invoice numbers in the text
        (see :mod:`connectors.mentions`)."""
        if not self.mentions.active:
            return ()
        custom = ticket.get("custom_fields")
        return self.mentions.find(
            custom if isinstance(custom, dict) else {},
            (ticket.get("subject"), ticket.get("description_text")),
        )

    def _ticket_events(self, ticket: Mapping[str, Any], *, deleted: bool) -> list[EventRecord]:
        ticket_id, updated = self._key(ticket)
        created = parse_time(ticket.get("created_at"), f"ticket {ticket_id} created_at")
        if created is None:
            raise _Bad(f"ticket {ticket_id}: no created_at")
        subject = excerpt(ticket.get("subject")) or f"Ticket #{ticket_id}"
        try:
            status = int(ticket.get("status") or 2)
        except (TypeError, ValueError):
            raise _Bad(f"ticket {ticket_id}: bad status {ticket.get('status')!r}") from None
        label = STATUS_LABELS.get(status, f"Status {status}")
        requester = ticket.get("requester_id")
        common: dict[str, Any] = {
            "person": PersonRef("contact", str(requester)) if requester else None,
            "reference": f"#{ticket_id}",
            "link": self._link(ticket_id),
        }
        payload = {k: v for k, v in ticket.items() if k not in ("description", "requester")}
        events = [
            EventRecord(
                external_id=f"ticket/{ticket_id}/opened",
                kind="ticket_opened",
                occurred_at=created,
                title=subject,
                body=excerpt(ticket.get("description_text")),
                status=label,
                deleted=deleted,
                payload=payload,
                mentions=self._mentions(ticket),
                **common,
            )
        ]
        if status != 2:
            events.append(
                EventRecord(
                    external_id=f"ticket/{ticket_id}/status",
                    kind="ticket_solved" if status in SOLVED else "ticket_status_changed",
                    category="change",
                    occurred_at=updated,
                    title=f"{label}: {subject}",
                    status=label,
                    deleted=deleted,
                    **common,
                )
            )
        elif deleted or updated > created:
            events.append(  # open (again): withdraw an earlier status event
                EventRecord(
                    external_id=f"ticket/{ticket_id}/status",
                    kind="ticket_status_changed",
                    category="change",
                    occurred_at=updated,
                    title=subject,
                    status=label,
                    deleted=True,
                    **common,
                )
            )
        return events

    def _conversations(
        self, ticket: Mapping[str, Any], events: list[EventRecord], rejections: list[Rejection]
    ) -> None:
        ticket_id, _ = self._key(ticket)
        subject = excerpt(ticket.get("subject")) or f"Ticket #{ticket_id}"
        requester = ticket.get("requester_id")
        person = PersonRef("contact", str(requester)) if requester else None
        url: str | None = self.url + f"{API}/tickets/{ticket_id}/conversations"
        params: dict[str, Any] | None = {"per_page": MAX_PER_PAGE}
        while url:
            try:
                items, url = self._get(url, params)
            except ConnectorError as exc:
                if exc.status != 404:
                    raise
                rejections.append(Rejection(f"ticket {ticket_id}", "its conversations are gone"))
                return
            params = None  # the next-page link carries them
            for item in items:
                if not isinstance(item, Mapping) or item.get("id") is None:
                    rejections.append(Rejection(f"ticket {ticket_id}", "a conversation without id"))
                    continue
                when = parse_time(item.get("created_at"), f"conversation {item['id']}")
                if when is None:
                    rejections.append(
                        Rejection(f"ticket {ticket_id}", "a conversation without time")
                    )
                    continue
                private = bool(item.get("private"))
                if private:
                    kind, title = "ticket_note", f"Internal note: {subject}"
                elif item.get("incoming"):
                    kind, title = "ticket_reply", f"Customer replied: {subject}"
                else:
                    kind, title = "ticket_reply", f"Agent replied: {subject}"
                events.append(
                    EventRecord(
                        external_id=f"ticket/{ticket_id}/conversation/{item['id']}",
                        person=person,
                        kind=kind,
                        occurred_at=when,
                        title=title,
                        body=excerpt(item.get("body_text")),
                        status="internal" if private else "public",
                        reference=f"#{ticket_id}",
                        link=self._link(ticket_id),
                        payload={k: v for k, v in item.items() if k != "body"},
                    )
                )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
