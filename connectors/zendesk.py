"""Zendesk Support: tickets from the incremental cursor export, their comments and ratings.

Configuration (a TOML section; the secret lives in the keyring under ``credential``)::

    [sources.tickets]
    type = "zendesk"
    url = "https://acme.zendesk.com"      # or subdomain = "acme"
    auth = "oauth"                         # Bearer token (API tokens stop working 2027-04-30)
    # auth = "token"                       # legacy API token: basic "{email}/token:{token}"
    # email = "admin@acme.example"         # the admin the API token belongs to
    # auth = "client_credentials"          # an OAuth client trades its secret for tokens
    # client_id = "agent-desk"             # the OAuth client's identifier (not a secret)
    # scope = "read"                       # what the tokens may do (default "read")
    credential = "tickets"                 # keyring name of the access token, API token or
                                           # (client_credentials) the OAuth client's secret
    start_time = 0                         # first export only: epoch seconds or "2024-01-01"
    per_page = 1000                        # export page size (Zendesk's maximum)
    comments_page_size = 100               # page[size] of the comments endpoint (max 100)
    tickets_per_comment_page = 50          # comments stream: a checkpoint every N tickets
    export_requests_per_minute = 10        # Zendesk allows 10 (30 with High Volume)
    requests_per_minute = 0                # pacing of the other calls; 0: only 429 + Retry-After
    external_id_is_erp_customer_number = true

Streams, in order:

``tickets``
    ``GET /api/v2/incremental/tickets/cursor.json?include=users``: ``start_time`` on the very
    first request, then the opaque ``cursor``. The bookmark is ``{"cursor": after_cursor}`` after
    every page, **including the page that says** ``end_of_stream``: Zendesk's cursor is the start
    of the next export too, so the next run asks only for what changed since. Each page yields
    the requesters from the side-loaded users (name, e-mail, phone, ``external_id`` as the ERP
    customer number) and per ticket: ``ticket_opened`` (at ``created_at``, the subject and an
    excerpt of the description), the status event (``ticket_solved`` for solved/closed,
    ``ticket_status_changed`` for pending/hold, at ``updated_at``; withdrawn as deleted while the
    ticket is open again) and ``satisfaction_rated`` when the rating is good or bad. A ticket
    with ``status: "deleted"`` yields its events with ``deleted=True``.

``comments``
    Walks the same export with a cursor of its own (so it never depends on what the tickets
    stream saw) and reads ``/api/v2/tickets/{id}/comments.json`` with cursor pagination for
    each ticket in each page. The first comment is the ticket's description, which is already
    the body of ``ticket_opened``; later public comments become ``ticket_reply``, internal notes
    ``ticket_note`` with status ``internal``. A deleted ticket's comments are not fetched (the
    API answers 404); a 404 for a ticket deleted since the export page was read is a
    :class:`Rejection`, not a stuck stream. The bookmark is the export position plus, inside a
    page, the ids of the tickets done on it (the export is ordered by time only, so tickets
    of one second come in no promised order and no "last done" bound would be safe).

With ``auth = "client_credentials"`` the connector posts the client id and secret to
``/oauth/tokens`` (``grant_type=client_credentials``; new OAuth access tokens expire, 30 minutes
for new global clients), sends ``Authorization: Bearer`` with the token it got, renews it
:data:`RENEW_BEFORE` seconds before it expires, and once more when a request is refused with
401. There is no refresh token in this grant: renewing is asking again.

References are ``#{id}``, as Zendesk shows ticket numbers; links go to ``{url}/agent/tickets/{id}``.
The incremental endpoint allows 10 requests a minute: a sliding-window pacer keeps to
``export_requests_per_minute`` across both streams, and the shared client waits out a 429's
``Retry-After`` (Zendesk sends plain-text bodies there, which it does not need to parse).
"""

from __future__ import annotations

import ipaddress
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from connectors.base import (
    AuthenticationError,
    Bookmark,
    Cancelled,
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
from connectors.http import HttpClient, parse_json
from connectors.mentions import MentionFinder
from connectors.values import excerpt as shared_excerpt

EXPORT_PATH = "/api/v2/incremental/tickets/cursor.json"
COMMENTS_PATH = "/api/v2/tickets/{id}/comments.json"
TOKEN_PATH = "/oauth/tokens"
AUTH_MODES = ("oauth", "token", "client_credentials")
RENEW_BEFORE = 300.0  # seconds before a client-credentials token expires
DEFAULT_TOKEN_LIFETIME = 1800.0  # when the token answer has no expires_in
STREAMS = ("tickets", "comments")
SOLVED = frozenset({"solved", "closed"})
WAITING = {"pending": "Pending", "hold": "On hold"}
SCORED = frozenset({"good", "bad"})
EXCERPT = 200

# event kinds this connector yields
TICKET_OPENED = "ticket_opened"
TICKET_REPLY = "ticket_reply"
TICKET_NOTE = "ticket_note"
TICKET_STATUS = "ticket_status_changed"
TICKET_SOLVED = "ticket_solved"
SATISFACTION = "satisfaction_rated"


class _BadTicket(ValueError):
    pass


def excerpt(text: object, limit: int = EXCERPT) -> str | None:
    return shared_excerpt(text, limit)


def parse_time(value: object) -> datetime | None:
    """``2026-11-06T13:51:05Z`` -> aware UTC datetime; None for empty; ValueError when bad."""
    if value in (None, ""):
        return None
    when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


class Pacer:
    """At most ``per_minute`` calls in any 60 s (a sliding window); 0 or less: no pacing."""

    def __init__(
        self,
        per_minute: int,
        wait: Callable[[float], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute
        self._wait = wait
        self._clock = clock
        self._calls: deque[float] = deque()
        self.waited: list[float] = []

    def acquire(self) -> None:
        if self.per_minute <= 0:
            return
        while True:
            now = self._clock()
            while self._calls and now - self._calls[0] >= 60.0:
                self._calls.popleft()
            if len(self._calls) < self.per_minute:
                self._calls.append(now)
                return
            delay = 60.0 - (now - self._calls[0])
            self.waited.append(delay)
            self._wait(delay)


def _number(
    name: str, config: Mapping[str, Any], key: str, default: float, low: float, high: float
) -> float:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigurationError(name, f"'{key}' must be a number from {low:g} to {high:g}")
    return float(value)


def _whole(
    name: str, config: Mapping[str, Any], key: str, default: int, low: int, high: int
) -> int:
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigurationError(name, f"'{key}' must be a whole number from {low} to {high}")
    return value


def _base_url(name: str, config: Mapping[str, Any]) -> str:
    url = str(config.get("url") or "").strip()
    if not url and config.get("subdomain"):
        url = f"https://{config['subdomain']}.zendesk.com"
    if not url:
        raise ConfigurationError(name, "'url' is not set (e.g. url = \"https://acme.zendesk.com\")")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError(name, f"'url' must be an https:// address, not {url!r}")
    if parts.scheme == "http":
        try:
            loopback = ipaddress.ip_address(parts.hostname).is_loopback
        except ValueError:
            loopback = parts.hostname == "localhost"
        if not loopback:  # the token would cross the network in clear text
            raise ConfigurationError(name, f"'url' must use https:// ({url!r})")
    return f"{parts.scheme}://{parts.netloc}"


def _start_time(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise ConfigurationError(name, "'start_time' must be epoch seconds or a date")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, datetime | date):
        seconds = int(_as_utc(value).timestamp())
    else:
        text = str(value).strip()
        try:
            seconds = int(text) if text.isdigit() else int(_as_utc(parse_time(text)).timestamp())
        except (TypeError, ValueError):
            raise ConfigurationError(
                name, f"'start_time' must be epoch seconds or a date like 2024-01-31, not {text!r}"
            ) from None
    if seconds < 0:
        raise ConfigurationError(name, "'start_time' cannot be before 1970")
    return seconds


def _as_utc(value: datetime | date | None) -> datetime:
    if value is None:
        raise ValueError("no time")
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class ZendeskConnector:
    type_name: ClassVar[str] = "zendesk"

    def __init__(
        self,
        name: str,
        config: Mapping[str, Any],
        context: ConnectorContext,
        *,
        wait: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``wait`` and ``clock`` replace real waiting in tests (default: cancellable sleep)."""
        self.name = name
        self.context = context
        self.base = _base_url(name, config)
        self.auth = str(config.get("auth", "oauth"))
        if self.auth not in AUTH_MODES:
            raise ConfigurationError(
                name, '\'auth\' must be "oauth", "token" or "client_credentials"'
            )
        self.email = str(config.get("email") or "").strip()
        if self.auth == "token" and "@" not in self.email:
            raise ConfigurationError(
                name, "auth = \"token\" needs 'email' (the admin the API token belongs to)"
            )
        self.client_id = str(config.get("client_id") or "").strip()
        if self.auth == "client_credentials" and not self.client_id:
            raise ConfigurationError(
                name,
                "auth = \"client_credentials\" needs 'client_id' (the OAuth client's identifier; "
                "its secret goes in the keyring under 'credential')",
            )
        self.scope = str(config.get("scope") or "read").strip()
        self.credential = str(config.get("credential") or name)
        self.start_time = _start_time(name, config.get("start_time", 0))
        self.per_page = _whole(name, config, "per_page", 1000, 1, 1000)
        self.comments_page_size = _whole(name, config, "comments_page_size", 100, 1, 100)
        self.tickets_per_comment_page = _whole(
            name, config, "tickets_per_comment_page", 50, 1, 100_000
        )
        self.erp_from_external_id = bool(config.get("external_id_is_erp_customer_number", True))
        self.mentions = MentionFinder(name, config)
        timeout = _number(name, config, "timeout", 30.0, 0.1, 600.0)
        per_minute = _whole(name, config, "export_requests_per_minute", 10, 1, 100_000)
        others = _whole(name, config, "requests_per_minute", 0, 0, 100_000)
        self._wait = wait or self._cancellable_wait
        self.export_pacer = Pacer(per_minute, self._wait, clock)
        self.pacer = Pacer(others, self._wait, clock)
        self._timeout = (min(5.0, timeout), timeout)
        self._http: HttpClient | None = None
        self._clock = clock
        self._token: str | None = None  # client_credentials: the current access token
        self._renew_at = 0.0  # ... and when (on ``clock``) to ask for the next one

    # -- plumbing -----------------------------------------------------------------------------
    def _cancellable_wait(self, seconds: float) -> None:
        if self.context.cancel.wait(seconds):
            raise Cancelled(f"{self.name}: cancelled")

    @property
    def http(self) -> HttpClient:
        """The client, built on first use (the secret is read only when needed)."""
        if self._http is None:
            # client_credentials: the token is sent per request (it changes), see _get_with_token
            secret = (
                self.context.require_secret(self.name, self.credential)
                if self.auth != "client_credentials"
                else ""
            )
            self._http = HttpClient(
                self.name,
                auth=(f"{self.email}/token", secret) if self.auth == "token" else None,
                headers={"Authorization": f"Bearer {secret}"} if self.auth == "oauth" else None,
                timeout=self._timeout,
                cancel=self.context.cancel,
                logger=self.context.logger,
                wait=self._wait,
            )
        return self._http

    def _access_token(self) -> str:
        """The client-credentials token, asked for when there is none or it is about to expire."""
        if self._token is None or self._clock() >= self._renew_at:
            self._fetch_token()
        assert self._token is not None
        return self._token

    def _fetch_token(self) -> None:
        url = self.base + TOKEN_PATH
        self._token = None
        secret = self.context.require_secret(self.name, self.credential)
        request = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": secret,
            "scope": self.scope,
        }
        try:
            response = self.http.request("POST", url, json=request)
        except AuthenticationError as exc:  # 401 invalid_client (or 403)
            raise AuthenticationError(
                self.name,
                f"the OAuth client id {self.client_id!r} or secret was refused at {url} "
                f"(HTTP {exc.status}): check 'client_id' and the secret stored with "
                f"`agent-desk credentials set {self.credential}`",
                status=exc.status,
            ) from None
        body = parse_json(self.name, response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token or not isinstance(token, str):
            raise AuthenticationError(self.name, f"{url} answered without an access_token")
        lifetime = body.get("expires_in")
        if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or lifetime <= 0:
            lifetime = DEFAULT_TOKEN_LIFETIME
        self._token = token
        # a short-lived token is renewed halfway rather than on every request
        self._renew_at = self._clock() + max(lifetime - RENEW_BEFORE, lifetime / 2)
        self.context.logger.info(
            "%s: obtained an OAuth access token valid for %.0f s", self.name, lifetime
        )

    def _get(self, path: str, params: Mapping[str, Any], pacer: Pacer) -> dict[str, Any]:
        if self.auth != "client_credentials":
            pacer.acquire()
            body = self.http.get_json(self.base + path, params)
        else:
            body = self._get_with_token(path, params, pacer)
        if not isinstance(body, dict):
            raise ConnectorError(self.name, f"unexpected answer from {self.base}{path}")
        return body

    def _get_with_token(self, path: str, params: Mapping[str, Any], pacer: Pacer) -> Any:
        """GET with the client-credentials token; a token refused with 401 is renewed once."""
        for attempt in (0, 1):
            pacer.acquire()  # before the token (a long wait must not age it); a refused
            headers = {"Authorization": f"Bearer {self._access_token()}"}  # call counts too
            try:
                return self.http.get_json(self.base + path, params, headers=headers)
            except AuthenticationError as exc:
                if attempt or exc.status != 401:
                    raise
                self.context.logger.info("%s: token refused, asking for a new one", self.name)
                self._token = None
        raise AssertionError("unreachable")

    def streams(self) -> list[str]:
        return list(STREAMS)

    def pages(self, stream: str, bookmark: Bookmark | None) -> Iterator[Page]:
        if stream == "tickets":
            return self._ticket_pages(bookmark)
        if stream == "comments":
            return self._comment_pages(bookmark)
        raise ConfigurationError(self.name, f"no stream {stream!r} (streams: {', '.join(STREAMS)})")

    # -- the incremental export ---------------------------------------------------------------
    def _export(
        self, bookmark: Bookmark | None, *, users: bool = True
    ) -> Iterator[tuple[Bookmark, Bookmark, dict[str, Any]]]:
        """(position asked for, position after it, answer) for each export page.

        A position is ``{"cursor": ...}`` or, before the first answer, ``{"start_time": ...}``.
        ``users`` side-loads the requesters (the comments stream does not need them).
        """
        params: dict[str, Any] = {"per_page": self.per_page}
        if users:
            params["include"] = "users"
        if bookmark and bookmark.get("cursor"):
            position: Bookmark = {"cursor": bookmark["cursor"]}
        elif bookmark and "start_time" in bookmark:
            position = {"start_time": int(bookmark["start_time"])}
        else:
            position = {"start_time": self.start_time}
        while not self.context.cancel.is_set():
            body = self._get(EXPORT_PATH, {**position, **params}, self.export_pacer)
            if not isinstance(body.get("tickets"), list):
                raise ConnectorError(
                    self.name, f"the export answer from {self.base}{EXPORT_PATH} has no tickets"
                )
            after = body.get("after_cursor")
            following: Bookmark = {"cursor": after} if after else dict(position)
            yield position, following, body
            if body.get("end_of_stream") or following == position:
                return  # the end, or a server that does not move on: never loop
            position = following

    def _ticket_pages(self, bookmark: Bookmark | None) -> Iterator[Page]:
        for _, following, body in self._export(bookmark):
            yield self._ticket_page(body, following)

    def _ticket_page(self, body: dict[str, Any], following: Bookmark) -> Page:
        users = {u["id"]: u for u in body.get("users") or [] if isinstance(u, dict) and "id" in u}
        persons: dict[Any, PersonRecord] = {}
        events: list[EventRecord] = []
        rejections: list[Rejection] = []
        for ticket in body["tickets"]:
            try:
                events.extend(self._ticket_events(ticket))
            except _BadTicket as exc:
                where = ticket.get("id", "?") if isinstance(ticket, dict) else "?"
                rejections.append(Rejection(f"ticket {where}", str(exc)))
                continue
            requester = ticket.get("requester_id")
            if requester in users and requester not in persons:
                persons[requester] = self._person(users[requester])
        return Page(
            "tickets",
            following,
            tuple(persons.values()),
            tuple(events),
            rejections=tuple(rejections),
        )

    # -- mapping ------------------------------------------------------------------------------
    def _link(self, ticket_id: int) -> str:
        return f"{self.base}/agent/tickets/{ticket_id}"

    def _person(self, user: Mapping[str, Any]) -> PersonRecord:
        external = user.get("external_id")
        try:
            updated = parse_time(user.get("updated_at"))
        except ValueError:
            updated = None
        return PersonRecord(
            entity="user",
            external_id=str(user["id"]),
            display_name=(str(user.get("name") or "").strip() or None),
            email=(str(user.get("email") or "").strip() or None),
            phone=(str(user.get("phone") or "").strip() or None),
            erp_customer_number=str(external) if external and self.erp_from_external_id else None,
            link=f"{self.base}/agent/users/{user['id']}",
            updated_at=updated,
            payload=dict(user),
        )

    @staticmethod
    def _ticket_id_subject(ticket: object) -> tuple[int, str]:
        if not isinstance(ticket, dict):
            raise _BadTicket("not a ticket object")
        try:
            ticket_id = int(ticket["id"])
        except (KeyError, TypeError, ValueError):
            raise _BadTicket("no ticket id") from None
        subject = ticket.get("subject") or ticket.get("raw_subject")
        return ticket_id, excerpt(subject) or f"Ticket #{ticket_id}"

    def _ticket_head(self, ticket: Any) -> tuple[int, datetime, datetime, str]:
        """(id, created, updated, subject) of a ticket, or _BadTicket saying what is wrong."""
        ticket_id, subject = self._ticket_id_subject(ticket)
        try:
            created = parse_time(ticket.get("created_at"))
            updated = parse_time(ticket.get("updated_at")) or created
        except ValueError as exc:
            raise _BadTicket(f"bad time: {exc}") from None
        if created is None or updated is None:
            raise _BadTicket("no created_at")
        return ticket_id, created, updated, subject

    def _mentions(self, ticket: Mapping[str, Any]) -> tuple[str, ...]:
        """The order in the configured custom field, invoice numbers in the text (see
        :mod:`connectors.mentions`)."""
        if not self.mentions.active:
            return ()
        custom: dict[str, Any] = {}
        fields = ticket.get("custom_fields")
        if isinstance(fields, list):
            for f in fields:
                if isinstance(f, dict) and f.get("id") is not None:
                    custom[str(f["id"])] = f.get("value")
        return self.mentions.find(custom, (ticket.get("subject"), ticket.get("description")))

    @staticmethod
    def _requester(ticket: Mapping[str, Any]) -> PersonRef | None:
        requester = ticket.get("requester_id")
        return PersonRef("user", str(requester)) if requester else None

    def _ticket_events(self, ticket: Any) -> list[EventRecord]:
        ticket_id, created, updated, subject = self._ticket_head(ticket)
        status = str(ticket.get("status") or "")
        deleted = status == "deleted"
        common: dict[str, Any] = {
            "person": self._requester(ticket),
            "reference": f"#{ticket_id}",
            "link": self._link(ticket_id),
        }
        events = [
            EventRecord(
                external_id=f"ticket/{ticket_id}/opened",
                kind=TICKET_OPENED,
                occurred_at=created,
                title=subject,
                body=excerpt(ticket.get("description")),
                status=status or None,
                deleted=deleted,
                payload=dict(ticket),
                mentions=self._mentions(ticket),
                **common,
            )
        ]
        # the status event shows the latest state other than open; it is withdrawn (deleted)
        # while the ticket is open again, and with the ticket
        if status in SOLVED or status in WAITING:
            label = WAITING.get(status) or status.capitalize()
            events.append(
                EventRecord(
                    external_id=f"ticket/{ticket_id}/status",
                    kind=TICKET_SOLVED if status in SOLVED else TICKET_STATUS,
                    category="change",
                    occurred_at=updated,
                    title=f"{label}: {subject}",
                    status=status,
                    **common,
                )
            )
        elif deleted or updated > created:
            events.append(
                EventRecord(
                    external_id=f"ticket/{ticket_id}/status",
                    kind=TICKET_STATUS,
                    category="change",
                    occurred_at=updated,
                    title=subject,
                    status=status or None,
                    deleted=True,
                    **common,
                )
            )
        rating = ticket.get("satisfaction_rating")
        score = rating.get("score") if isinstance(rating, dict) else None
        if isinstance(rating, dict) and score in SCORED:
            events.append(
                EventRecord(
                    external_id=f"ticket/{ticket_id}/satisfaction",
                    kind=SATISFACTION,
                    occurred_at=updated,
                    title=f"Rated {score}: {subject}",
                    body=excerpt(rating.get("comment")),
                    status=str(score),
                    deleted=deleted,
                    payload=dict(rating),
                    **common,
                )
            )
        return events

    # -- comments -----------------------------------------------------------------------------
    def _comment_pages(self, bookmark: Bookmark | None) -> Iterator[Page]:
        # Inside an export page the checkpoint lists the ids of the tickets already done: the
        # export is ordered by time only, so no (time, id) bound can say what came before.
        done = {int(i) for i in bookmark.get("done") or ()} if bookmark else set()
        for position, following, body in self._export(bookmark, users=False):
            events: list[EventRecord] = []
            rejections: list[Rejection] = []
            tickets = body["tickets"]
            finished: list[int] = sorted(done)
            for number, ticket in enumerate(tickets, start=1):
                try:
                    ticket_id, subject = self._ticket_id_subject(ticket)
                except _BadTicket:
                    continue  # the tickets stream reports it
                if ticket_id in done:
                    continue  # done before the last checkpoint
                if ticket.get("status") != "deleted":
                    self._comment_events(ticket, ticket_id, subject, events, rejections)
                finished.append(ticket_id)
                if number % self.tickets_per_comment_page == 0 and number < len(tickets):
                    if self.context.cancel.is_set():
                        return
                    yield Page(
                        "comments",
                        {**position, "done": list(finished)},
                        events=tuple(events),
                        rejections=tuple(rejections),
                    )
                    events, rejections = [], []
            done = set()
            yield Page("comments", following, events=tuple(events), rejections=tuple(rejections))

    def _comments(self, ticket_id: int) -> list[dict[str, Any]]:
        """All comments of a ticket, oldest first, following ``meta.after_cursor``."""
        path = COMMENTS_PATH.format(id=ticket_id)
        params: dict[str, Any] = {"page[size]": self.comments_page_size}
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        while True:
            body = self._get(path, params, self.pacer)
            found.extend(c for c in body.get("comments") or [] if isinstance(c, dict))
            meta = body.get("meta") or {}
            after = meta.get("after_cursor")
            if not meta.get("has_more") or not after or after in seen:
                return found
            seen.add(after)
            params = {"page[size]": self.comments_page_size, "page[after]": after}

    def _comment_events(
        self,
        ticket: Mapping[str, Any],
        ticket_id: int,
        subject: str,
        events: list[EventRecord],
        rejections: list[Rejection],
    ) -> None:
        try:
            comments = self._comments(ticket_id)
        except ConnectorError as exc:
            if exc.status != 404:
                raise
            rejections.append(
                Rejection(f"ticket {ticket_id}", "its comments are gone (deleted since the export)")
            )
            return
        requester = ticket.get("requester_id")
        person = self._requester(ticket)
        for comment in comments[1:]:  # the first is the description: ticket_opened's body
            try:
                comment_id = int(comment["id"])
                when = parse_time(comment.get("created_at"))
                if when is None:
                    raise ValueError("no created_at")
            except (KeyError, TypeError, ValueError) as exc:
                rejections.append(Rejection(f"ticket {ticket_id} comment", f"unreadable: {exc}"))
                continue
            public = bool(comment.get("public", True))
            if not public:
                kind, title = TICKET_NOTE, f"Internal note: {subject}"
            elif requester is not None and comment.get("author_id") == requester:
                kind, title = TICKET_REPLY, f"Customer replied: {subject}"
            else:
                kind, title = TICKET_REPLY, f"Agent replied: {subject}"
            events.append(
                EventRecord(
                    external_id=f"ticket/{ticket_id}/comment/{comment_id}",
                    person=person,
                    kind=kind,
                    occurred_at=when,
                    title=title,
                    body=excerpt(comment.get("plain_body") or comment.get("body")),
                    status="public" if public else "internal",
                    reference=f"#{ticket_id}",
                    link=self._link(ticket_id),
                    payload={k: v for k, v in comment.items() if k != "html_body"},
                )
            )

    # -- sources test -------------------------------------------------------------------------
    def check(self) -> CheckResult:
        """One export page (auth, admin rights, side-loads) and one ticket's comments."""
        _, following, body = next(self._export(None))
        page = self._ticket_page(body, following)
        tickets = body["tickets"]
        counts = {
            "tickets": len(tickets),
            "users": len(page.persons),
            "events": len(page.events),
            "comments": 0,
        }
        live = [t for t in tickets if isinstance(t, dict) and t.get("status") != "deleted"]
        if live and "id" in live[0]:
            counts["comments"] = len(self._comments(int(live[0]["id"])))
        how = {
            "oauth": "OAuth token",
            "token": f"API token of {self.email}",
            "client_credentials": f"OAuth client {self.client_id!r} (client credentials)",
        }[self.auth]
        more = "" if body.get("end_of_stream") else " (more follow)"
        return CheckResult(
            True,
            f"authenticated at {self.base} with the {how}; first export page: "
            f"{len(tickets):,} tickets{more}",
            counts,
        )
