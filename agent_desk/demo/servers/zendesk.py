"""A loopback Zendesk Support API that serves the demo generator's ``tickets/`` folder.

What it follows (``shared/reference/vendor-apis.md`` §1):

- ``GET /api/v2/incremental/tickets/cursor.json``: ``start_time`` (epoch seconds; 0 is fine) on
  the first request, ``cursor`` after it (one or the other, never both). Items are ordered by
  ``generated_timestamp`` then id; the cursor is opaque (base64 of ``"{ts}.0||{id}|"``, like
  Zendesk's own). Every answer carries ``after_cursor``, an absolute ``after_url`` and
  ``end_of_stream``. Items changed in the 60 s before the fake's clock are left out, as Zendesk
  does since 2024. ``include=users`` side-loads requesters, submitters and assignees (agents
  from ``agents.jsonl``); ``exclude_deleted=true`` leaves out ``status: "deleted"`` tickets;
  ``per_page`` up to 1000.
- ``GET /api/v2/tickets/{id}/comments.json``: cursor pagination (``page[size]`` ≤ 100,
  ``page[after]``; ``meta.has_more``, ``meta.after_cursor``, ``links.next``) or offset pagination
  (``page``/``per_page``; ``next_page``, ``count``); ``sort_order=asc|desc``; 404 for a deleted or
  unknown ticket.
- Auth: ``Authorization: Basic base64("{email}/token:{token}")`` or ``Bearer {oauth token}``;
  anything else is ``401 {"error":"Couldn't authenticate you"}``.
- ``POST /oauth/tokens`` (when built with ``client_id`` and ``client_secret``): a JSON body
  ``{"grant_type": "client_credentials", "client_id", "client_secret", "scope"}`` (optional
  ``expires_in``, more than 300 and less than 172800) answers ``{"access_token", "token_type":
  "bearer", "scope", "expires_in"}`` with a fresh random token; a wrong client or secret is
  ``401 {"error": "invalid_client"}``. Issued tokens are accepted as Bearer tokens until they
  expire on the fake's monotonic clock; :meth:`ZendeskFake.expire_tokens` expires them at once.
- Rate-limit mode (:meth:`ZendeskFake.limit_export`): over the limit, the incremental endpoint
  answers ``429`` with an integer ``Retry-After`` and a ``text/plain`` body, as Zendesk does.

Memory: the JSONL files are indexed by byte offset (sorted ``array`` columns, about 40 bytes a
ticket) and each answer reads just its lines, so a million-ticket demo is served without
holding the tickets. Tickets that tests add, change or delete live in a small overlay.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import heapq
import json
import math
import re
import secrets
import threading
import time
from array import array
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from agent_desk.demo.servers.base import FakeRequest, FakeResponse, FakeVendorServer

EXPORT_PATH = re.compile(r"^/api/v2/incremental/tickets/cursor(\.json)?$")
COMMENTS_PATH = re.compile(r"^/api/v2/tickets/(\d+)/comments(\.json)?$")
MAX_PER_PAGE = 1000
MAX_COMMENT_PAGE = 100
EXCLUSION_WINDOW = 60  # seconds: Zendesk leaves out the last minute of changes
RATE_LIMIT_TEXT = "Number of allowed API requests per minute exceeded"
TOKENS_PATH = "/oauth/tokens"
MIN_TOKEN_LIFETIME, MAX_TOKEN_LIFETIME = 300, 172_800  # expires_in must lie strictly between


def encode_cursor(ts: int, ticket_id: int) -> str:
    return base64.b64encode(f"{ts}.0||{ticket_id}|".encode()).decode()


def decode_cursor(cursor: str) -> tuple[int, int]:
    """(generated_timestamp, id) of the last item before the cursor; ValueError when bad."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError("not a cursor") from None
    match = re.fullmatch(r"(-?\d+)\.0\|\|(-?\d+)\|", text)
    if not match:
        raise ValueError("not a cursor")
    return int(match.group(1)), int(match.group(2))


def _error(status: int, error: str, description: str) -> FakeResponse:
    return FakeResponse(status, {"error": error, "description": description})


class _Lines:
    """Reads single JSON lines of one file by byte offset (a fresh handle per call: threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _raw(self) -> Iterator[tuple[int, bytes]]:
        if not self.path.exists():
            return
        with self.path.open("rb") as handle:
            offset = 0
            for line in handle:
                if line.strip():
                    yield offset, line
                offset += len(line)

    def scan(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for offset, line in self._raw():
            yield offset, json.loads(line)

    def ints(self, first: str, last: str = "") -> Iterator[tuple[int, int, int]]:
        """(offset, line[first], line[last] or 0) of every line, for the indexes.

        A regex reads the usual shape (``first`` the first key, ``last`` the last one), which
        is several times faster than parsing; any other line is parsed.
        """
        head = re.compile(rb'\{"' + first.encode() + rb'":(-?\d+)[,}]')
        tail = re.compile(rb'"' + last.encode() + rb'":(-?\d+)\}\s*$') if last else None
        for offset, line in self._raw():
            found = head.match(line)
            end = tail.search(line) if tail else None
            if found and (tail is None or end):
                yield offset, int(found[1]), int(end[1]) if end else 0
            else:
                obj = json.loads(line)
                yield offset, int(obj[first]), int(obj.get(last) or 0) if last else 0

    def read(self, offsets: list[int]) -> list[dict[str, Any]]:
        if not offsets:
            return []
        with self.path.open("rb") as handle:
            found = []
            for offset in offsets:
                handle.seek(offset)
                found.append(json.loads(handle.readline()))
            return found


class ZendeskFake(FakeVendorServer):
    """The fake; ``folder`` is the demo output or its ``tickets/`` folder.

    ``oauth_token`` is the Bearer token it accepts (default: ``token``, so one secret serves
    both auth modes in a demo). With ``client_id`` and ``client_secret`` it also grants
    expiring tokens (``token_lifetime`` seconds unless the request asks for another
    ``expires_in``) at ``POST /oauth/tokens``. ``now`` is the fake's clock (epoch seconds) for
    the 60-second exclusion window; it starts an hour after the newest ``generated_timestamp``
    so that everything is served.
    """

    def __init__(
        self,
        folder: str | Path,
        *,
        token: str,
        email: str,
        oauth_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_lifetime: int = 1800,
    ) -> None:
        super().__init__()
        root = Path(folder)
        if (root / "tickets").is_dir():
            root = root / "tickets"
        self.folder = root
        self.email = email
        self.token = token
        self.oauth_token = oauth_token or token
        self.client_id, self.client_secret = client_id, client_secret
        self.token_lifetime = token_lifetime
        self.issued: dict[str, float] = {}  # client-credentials token -> expiry (monotonic)
        self._basic = "Basic " + base64.b64encode(f"{email}/token:{token}".encode()).decode()
        self._data_lock = threading.Lock()
        self._tickets = _Lines(root / "tickets.jsonl")
        self._users = _Lines(root / "users.jsonl")
        self._comments = _Lines(root / "comments.jsonl")
        newest = self._index_tickets()
        self._index_users()
        self._index_comments()
        self.agents = {a["id"]: a for _, a in _Lines(root / "agents.jsonl").scan()}
        # the overlay: what tests add or change (id -> object), superseding the files
        self._extra: dict[int, dict[str, Any]] = {}
        self._extra_order: list[tuple[int, int]] = []  # (generated_timestamp, id), sorted
        self._extra_users: dict[int, dict[str, Any]] = {}
        self._extra_comments: dict[int, list[dict[str, Any]]] = {}
        self.now = newest + 3600
        self._limit: tuple[int, float] | None = None
        self._export_times: deque[float] = deque()

    # -- indexes ------------------------------------------------------------------------------
    def _index_tickets(self) -> int:
        rows = sorted(
            (stamp, tid, offset)
            for offset, tid, stamp in self._tickets.ints("id", "generated_timestamp")
        )
        self._t_ts = array("q", (r[0] for r in rows))
        self._t_id = array("q", (r[1] for r in rows))
        self._t_off = array("q", (r[2] for r in rows))
        by_id = sorted((r[1], r[2]) for r in rows)
        self._tid_sorted = array("q", (r[0] for r in by_id))
        self._tid_off = array("q", (r[1] for r in by_id))
        return self._t_ts[-1] if rows else int(time.time())

    def _index_users(self) -> None:
        by_id = sorted((uid, offset) for offset, uid, _ in self._users.ints("id"))
        self._u_id = array("q", (r[0] for r in by_id))
        self._u_off = array("q", (r[1] for r in by_id))

    def _index_comments(self) -> None:
        """Runs of consecutive lines of one ticket: (ticket id, first offset, line count)."""
        runs: list[list[int]] = []
        for offset, tid, _ in self._comments.ints("ticket_id"):
            if runs and runs[-1][0] == tid:
                runs[-1][2] += 1
            else:
                runs.append([tid, offset, 1])
        runs.sort(key=lambda r: r[0])  # stable: a ticket's runs stay in file order
        self._c_tid = array("q", (r[0] for r in runs))
        self._c_off = array("q", (r[1] for r in runs))
        self._c_len = array("q", (r[2] for r in runs))

    # -- data access --------------------------------------------------------------------------
    def ticket(self, ticket_id: int) -> dict[str, Any] | None:
        with self._data_lock:
            if ticket_id in self._extra:
                return dict(self._extra[ticket_id])
        i = bisect.bisect_left(self._tid_sorted, ticket_id)
        if i < len(self._tid_sorted) and self._tid_sorted[i] == ticket_id:
            return self._tickets.read([self._tid_off[i]])[0]
        return None

    def user(self, user_id: int) -> dict[str, Any] | None:
        if user_id in self._extra_users:
            return dict(self._extra_users[user_id])
        if user_id in self.agents:
            return dict(self.agents[user_id])
        i = bisect.bisect_left(self._u_id, user_id)
        if i < len(self._u_id) and self._u_id[i] == user_id:
            return self._users.read([self._u_off[i]])[0]
        return None

    def comments(self, ticket_id: int) -> list[dict[str, Any]]:
        """The ticket's comment objects, oldest first."""
        lo = bisect.bisect_left(self._c_tid, ticket_id)
        hi = bisect.bisect_right(self._c_tid, ticket_id)
        offsets = [self._c_off[i] for i in range(lo, hi)]
        found: list[dict[str, Any]] = []
        if offsets:
            with self._comments.path.open("rb") as handle:
                for i, offset in zip(range(lo, hi), offsets, strict=True):
                    handle.seek(offset)
                    for _ in range(self._c_len[i]):
                        found.append(json.loads(handle.readline())["comment"])
        found.extend(self._extra_comments.get(ticket_id, []))
        found.sort(key=lambda c: (c["created_at"], c["id"]))
        return found

    # -- changing the data (tests and the demo) -----------------------------------------------
    def put_ticket(self, ticket: dict[str, Any], *, at: int | None = None) -> dict[str, Any]:
        """Add or change a ticket; its ``generated_timestamp`` becomes ``at`` (default: now).

        A ticket stamped within the last 60 s of :attr:`now` is not exported until the clock
        moves on (:meth:`advance`), exactly like Zendesk's exclusion window.
        """
        stored = dict(ticket)
        stored["generated_timestamp"] = self.now if at is None else at
        tid = int(stored["id"])
        with self._data_lock:
            old = self._extra.get(tid)
            if old is not None:
                self._extra_order.remove((old["generated_timestamp"], tid))
            self._extra[tid] = stored
            bisect.insort(self._extra_order, (stored["generated_timestamp"], tid))
        return stored

    def update_ticket(
        self, ticket_id: int, *, at: int | None = None, **fields: Any
    ) -> dict[str, Any]:
        ticket = self.ticket(ticket_id)
        if ticket is None:
            raise KeyError(ticket_id)
        ticket.update(fields)
        return self.put_ticket(ticket, at=at)

    def delete_ticket(self, ticket_id: int, *, at: int | None = None) -> dict[str, Any]:
        """Soft-delete: the export then shows it with ``status: "deleted"``."""
        return self.update_ticket(ticket_id, at=at, status="deleted")

    def put_user(self, user: dict[str, Any]) -> None:
        self._extra_users[int(user["id"])] = dict(user)

    def add_comment(self, ticket_id: int, comment: dict[str, Any]) -> None:
        self._extra_comments.setdefault(ticket_id, []).append(dict(comment))

    def advance(self, seconds: int) -> None:
        self.now += seconds

    def limit_export(self, requests: int | None, window: float = 60.0) -> None:
        """Rate-limit mode: at most ``requests`` export calls per ``window`` s (None: off)."""
        self._limit = (requests, window) if requests else None
        self._export_times.clear()

    def expire_tokens(self) -> None:
        """Every token issued so far expires now: the next call with one of them gets 401."""
        with self._data_lock:
            self.issued = dict.fromkeys(self.issued, 0.0)

    # -- routing ------------------------------------------------------------------------------
    def _authorised(self, auth: str) -> bool:
        if auth in (self._basic, f"Bearer {self.oauth_token}"):
            return True
        if not auth.startswith("Bearer "):
            return False
        with self._data_lock:
            expiry = self.issued.get(auth.removeprefix("Bearer "))
        return expiry is not None and time.monotonic() < expiry

    def route(self, request: FakeRequest) -> FakeResponse:
        if request.path == TOKENS_PATH and request.method == "POST":
            return self._token_grant(request)
        if request.method != "GET":
            return _error(405, "MethodNotAllowed", "only GET is served")
        if not self._authorised(request.headers.get("Authorization", "")):
            return FakeResponse(401, {"error": "Couldn't authenticate you"})
        if EXPORT_PATH.match(request.path):
            limited = self._rate_limited()
            return limited or self._export(request)
        match = COMMENTS_PATH.match(request.path)
        if match:
            return self._comments_page(int(match.group(1)), request)
        return _error(404, "InvalidEndpoint", "Not found")

    def _token_grant(self, request: FakeRequest) -> FakeResponse:
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return FakeResponse(
                400, {"error": "invalid_request", "error_description": "a JSON body is required"}
            )
        if body.get("grant_type") != "client_credentials":
            return FakeResponse(
                400,
                {
                    "error": "unsupported_grant_type",
                    "error_description": "The authorization grant type is not supported.",
                },
            )
        pair = (body.get("client_id"), body.get("client_secret"))
        if not self.client_id or pair != (self.client_id, self.client_secret):
            return FakeResponse(
                401,
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed due to unknown client, "
                    "no client authentication included, or unsupported authentication method.",
                },
            )
        lifetime = body.get("expires_in", self.token_lifetime)
        if (
            isinstance(lifetime, bool)
            or not isinstance(lifetime, int)
            or not MIN_TOKEN_LIFETIME < lifetime < MAX_TOKEN_LIFETIME
        ):
            return FakeResponse(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "expires_in must be between 300 and 172800 seconds",
                },
            )
        scope = str(body.get("scope") or "read")
        token = secrets.token_hex(32)
        with self._data_lock:
            self.issued[token] = time.monotonic() + lifetime
        return FakeResponse(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "scope": scope,
                "expires_in": lifetime,
                "refresh_token": None,
                "refresh_token_expires_in": None,
            },
        )

    def _rate_limited(self) -> FakeResponse | None:
        if self._limit is None:
            return None
        count, window = self._limit
        now = time.monotonic()
        with self._data_lock:
            while self._export_times and now - self._export_times[0] >= window:
                self._export_times.popleft()
            if len(self._export_times) >= count:
                wait = window - (now - self._export_times[0])
                return FakeResponse(
                    429,
                    RATE_LIMIT_TEXT,
                    {"Retry-After": str(max(1, math.ceil(wait)))},
                    content_type="text/plain; charset=utf-8",
                )
            self._export_times.append(now)
        return None

    def _walk(self, after: tuple[int, int]) -> Iterator[tuple[int, int, int | None]]:
        """(generated_timestamp, id, file offset or None for the overlay) after ``after``."""
        n = len(self._t_ts)
        start = bisect.bisect_right(range(n), after, key=lambda k: (self._t_ts[k], self._t_id[k]))
        with self._data_lock:
            extra = list(self._extra_order[bisect.bisect_right(self._extra_order, after) :])
            overridden = set(self._extra)

        def from_files() -> Iterator[tuple[int, int, int | None]]:
            for k in range(start, n):
                if self._t_id[k] not in overridden:
                    yield self._t_ts[k], self._t_id[k], self._t_off[k]

        from_extra = ((ts, tid, None) for ts, tid in extra)
        return heapq.merge(from_files(), from_extra)

    def _export(self, request: FakeRequest) -> FakeResponse:
        query = request.query
        cursor, start_time = query.get("cursor"), query.get("start_time")
        if (cursor is None) == (start_time is None):
            return _error(400, "InvalidValue", "give either start_time or cursor")
        try:
            per_page = int(query.get("per_page", MAX_PER_PAGE))
        except ValueError:
            return _error(400, "InvalidValue", "per_page must be a number")
        if not 1 <= per_page <= MAX_PER_PAGE:
            return _error(400, "InvalidValue", f"per_page must be between 1 and {MAX_PER_PAGE}")
        cutoff = self.now - EXCLUSION_WINDOW
        if cursor is not None:
            try:
                position = decode_cursor(cursor)
            except ValueError:
                return _error(400, "InvalidCursor", "the cursor is invalid")
        else:
            try:
                start = int(start_time or "")
            except ValueError:
                return _error(400, "InvalidValue", "start_time must be epoch seconds")
            if start > cutoff:
                return _error(400, "InvalidValue", "start_time must be at least a minute ago")
            position = (start, -1)  # every item stamped at start_time or later
        include = {part.strip() for part in query.get("include", "").split(",") if part.strip()}
        exclude_deleted = query.get("exclude_deleted", "").lower() == "true"

        chosen: list[tuple[int, int, int | None]] = []
        more = False
        for item in self._walk(position):
            if item[0] > cutoff:
                break
            if len(chosen) == per_page:
                more = True
                break
            chosen.append(item)
        tickets = self._load(chosen)
        if chosen:
            position = chosen[-1][:2]
        if exclude_deleted:
            tickets = [t for t in tickets if t.get("status") != "deleted"]
        for ticket in tickets:
            ticket["url"] = f"{self.url}/api/v2/tickets/{ticket['id']}.json"
        after = encode_cursor(*position)
        params = {k: v for k, v in query.items() if k not in ("cursor", "start_time")}
        body: dict[str, Any] = {
            "tickets": tickets,
            "after_cursor": after,
            "after_url": self._export_url({**params, "cursor": after}),
            "before_cursor": cursor,
            "before_url": self._export_url({**params, "cursor": cursor}) if cursor else None,
            "end_of_stream": not more,
        }
        if "users" in include:
            body["users"] = self._side_load(tickets)
        return FakeResponse(200, body)

    def _export_url(self, params: dict[str, str]) -> str:
        return f"{self.url}/api/v2/incremental/tickets/cursor.json?{urlencode(params)}"

    def _load(self, chosen: list[tuple[int, int, int | None]]) -> list[dict[str, Any]]:
        from_files = iter(self._tickets.read([off for _, _, off in chosen if off is not None]))
        tickets = []
        for _, tid, off in chosen:
            if off is not None:
                tickets.append(next(from_files))
            else:
                with self._data_lock:
                    tickets.append(dict(self._extra[tid]))
        return tickets

    def _side_load(self, tickets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids: dict[int, None] = {}
        for ticket in tickets:
            for key in ("requester_id", "submitter_id", "assignee_id"):
                if ticket.get(key) is not None:
                    ids[int(ticket[key])] = None
        users = []
        for user_id in ids:
            user = self.user(user_id)
            if user is not None:
                user["url"] = f"{self.url}/api/v2/users/{user_id}.json"
                users.append(user)
        return users

    def _comments_page(self, ticket_id: int, request: FakeRequest) -> FakeResponse:
        ticket = self.ticket(ticket_id)
        if ticket is None or ticket.get("status") == "deleted":
            return _error(404, "RecordNotFound", "Not found")
        query = request.query
        comments = self.comments(ticket_id)
        if query.get("sort_order", "asc") == "desc":
            comments.reverse()
        base = f"{self.url}/api/v2/tickets/{ticket_id}/comments.json"
        if "page[size]" in query or "page[after]" in query:
            try:
                size = int(query.get("page[size]", MAX_COMMENT_PAGE))
            except ValueError:
                return _error(400, "InvalidPaginationParameter", "page[size] must be a number")
            if not 1 <= size <= MAX_COMMENT_PAGE:
                return _error(
                    400,
                    "InvalidPaginationParameter",
                    f"page[size] must be at most {MAX_COMMENT_PAGE}",
                )
            start = 0
            if "page[after]" in query:
                try:
                    start = int(base64.b64decode(query["page[after]"], validate=True).decode())
                except (binascii.Error, UnicodeDecodeError, ValueError):
                    return _error(400, "InvalidPaginationParameter", "page[after] is invalid")
            chunk = comments[start : start + size]
            has_more = start + size < len(comments)
            after = base64.b64encode(str(start + len(chunk)).encode()).decode() if chunk else None
            before = base64.b64encode(str(start).encode()).decode() if start else None
            keep = {k: v for k, v in query.items() if k not in ("page[after]", "page[before]")}
            return FakeResponse(
                200,
                {
                    "comments": chunk,
                    "meta": {"has_more": has_more, "after_cursor": after, "before_cursor": before},
                    "links": {
                        "next": f"{base}?{urlencode({**keep, 'page[after]': after})}"
                        if has_more and after
                        else None,
                        "prev": f"{base}?{urlencode({**keep, 'page[before]': before})}"
                        if before
                        else None,
                    },
                },
            )
        try:
            page = int(query.get("page", 1))
            per_page = int(query.get("per_page", MAX_COMMENT_PAGE))
        except ValueError:
            return _error(400, "InvalidValue", "page and per_page must be numbers")
        per_page = max(1, min(per_page, MAX_COMMENT_PAGE))
        chunk = comments[(page - 1) * per_page : page * per_page]
        last = max(1, math.ceil(len(comments) / per_page))
        return FakeResponse(
            200,
            {
                "comments": chunk,
                "count": len(comments),
                "next_page": f"{base}?page={page + 1}&per_page={per_page}" if page < last else None,
                "previous_page": f"{base}?page={page - 1}&per_page={per_page}"
                if page > 1
                else None,
            },
        )
