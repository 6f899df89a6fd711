"""A loopback Freshdesk helpdesk (API v2) over the demo's ticket data.

The demo generator writes Zendesk-shaped tickets (``tickets/users.jsonl``, ``tickets.jsonl``,
``comments.jsonl``); this fake serves the same people and tickets in the Freshdesk v2 shapes,
so the Freshdesk connector runs on the people of ``truth.csv``: a Zendesk end-user is a
Freshdesk contact (same id), a ticket keeps its id, and every comment after the first (which is
the ticket's description in both systems) is a conversation.

What it follows from the documented contract (vendor-apis.md §2):

- **Auth**: HTTP Basic with the API key as user name and any password (``key:X``); anything
  else is 401 ``invalid_credentials``. Real Freshdesk answers only on HTTPS at
  ``{domain}.freshdesk.com``; this fake speaks http on 127.0.0.1.
- **Tickets** ``GET /api/v2/tickets``: ``updated_since`` (inclusive, UTC), ``order_by``
  (``created_at`` default, ``updated_at``, ``status``, ``due_by``), ``order_type`` (``desc``
  default), ``filter`` (``deleted`` and ``spam`` show those only; without it they are left out),
  ``requester_id``, ``email``, ``include=requester``. **Without ``updated_since`` only tickets
  created in the last 30 days** (before :attr:`now`) are listed. ``page`` (from 1) and
  ``per_page`` (1..100, default 30; more is 400); **past page 300 the answer is 400**.
- **Conversations** ``GET /api/v2/tickets/{id}/conversations``: paged the same way, no date
  filter; 404 for an unknown or deleted ticket.
- **Contacts** ``GET /api/v2/contacts``: ``_updated_since`` (``updated_since`` accepted too),
  ``email``, ``phone``, ``mobile``, ``state``; listed by id (the API promises no order).
- Bodies are JSON arrays; a ``Link: <…>; rel="next"`` header (absolute) only when another page
  exists; ``X-RateLimit-Total``/``-Remaining``/``-Used-CurrentRequest`` on every answer;
  :meth:`set_rate_limit` switches a mode that answers 429 with ``Retry-After``.

Tickets and contacts are indexed as ``(updated_at epoch, id, byte offset)`` and read from their
files per page. Tests change the helpdesk with :meth:`touch_ticket` (a ticket updated now
moves to the end of ``order_by=updated_at``) and :meth:`delete_ticket`.
"""

from __future__ import annotations

import base64
import bisect
import json
import math
import os
import re
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from agent_desk.demo.servers.base import FakeRequest, FakeResponse, FakeVendorServer

API = "/api/v2"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30
PAGE_CAP = 300
DEFAULT_WINDOW = timedelta(days=30)
STATUS = {"new": 2, "open": 2, "pending": 3, "hold": 3, "solved": 4, "closed": 5}
PRIORITY = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
SOURCE = {"email": 1, "web": 2, "api": 2, "phone": 3, "chat": 7}
FIELD_ORDER = 360_011_112_221
FIELD_REASON = 360_011_112_222
_ID = re.compile(rb'"id":(\d+)')
_TICKET_ID = re.compile(rb'"ticket_id":(\d+)')
_UPDATED = re.compile(rb'"updated_at":"([^"]+)"')
_CREATED = re.compile(rb'"created_at":"([^"]+)"')

Entry = tuple[int, int, int, int]  # (updated epoch seconds, id, byte offset or -1, created)


def _epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def _z(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _html(text: str | None) -> str:
    escaped = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<div>{escaped}</div>"


def fd_contact(user: Mapping[str, Any]) -> dict[str, Any]:
    """A Zendesk end-user (the demo's shape) as a Freshdesk contact."""
    locale = str(user.get("locale") or "en")
    return {
        "id": int(user["id"]),
        "name": user.get("name") or "",
        "email": user.get("email"),
        "phone": user.get("phone"),
        "mobile": None,
        "active": bool(user.get("verified", True)),
        "address": None,
        "company_id": None,
        "description": None,
        "job_title": None,
        "language": locale.split("-")[0],
        "time_zone": user.get("time_zone"),
        "twitter_id": None,
        "facebook_id": None,
        "unique_external_id": user.get("external_id"),
        "other_emails": [],
        "custom_fields": {},
        "created_at": user.get("created_at"),
        "updated_at": user.get("updated_at"),
    }


def fd_ticket(ticket: Mapping[str, Any]) -> dict[str, Any]:
    """A Zendesk ticket (the demo's shape) as a Freshdesk ticket."""
    fields = {f.get("id"): f.get("value") for f in ticket.get("custom_fields") or []}
    created = datetime.fromisoformat(str(ticket["created_at"]))
    channel = (ticket.get("via") or {}).get("channel")
    return {
        "id": int(ticket["id"]),
        "subject": ticket.get("subject") or "",
        "type": str(ticket.get("type") or "question").capitalize(),
        "status": STATUS.get(str(ticket.get("status")), 2),
        "priority": PRIORITY.get(str(ticket.get("priority")), 1),
        "source": SOURCE.get(str(channel), 2),
        "spam": False,
        "deleted": False,
        "requester_id": ticket.get("requester_id"),
        "responder_id": ticket.get("assignee_id"),
        "company_id": None,
        "group_id": None,
        "email_config_id": None,
        "product_id": None,
        "fr_escalated": False,
        "is_escalated": False,
        "cc_emails": [],
        "fwd_emails": [],
        "reply_cc_emails": [],
        "to_emails": None,
        "description": _html(ticket.get("description")),
        "description_text": ticket.get("description") or "",
        "custom_fields": {
            "cf_order_number": fields.get(FIELD_ORDER),
            "cf_contact_reason": fields.get(FIELD_REASON),
        },
        "tags": list(ticket.get("tags") or []),
        "attachments": [],
        "created_at": ticket.get("created_at"),
        "updated_at": ticket.get("updated_at"),
        "due_by": _z((created + timedelta(days=3)).timestamp()),
        "fr_due_by": _z((created + timedelta(days=1)).timestamp()),
    }


def fd_conversation(
    comment: Mapping[str, Any], ticket_id: int, requester_id: Any
) -> dict[str, Any]:
    """A Zendesk comment as a Freshdesk conversation (a reply, or a private note)."""
    public = bool(comment.get("public", True))
    text = comment.get("plain_body") or comment.get("body") or ""
    return {
        "id": int(comment["id"]),
        "ticket_id": ticket_id,
        "body": _html(text),
        "body_text": text,
        "incoming": comment.get("author_id") == requester_id,
        "private": not public,
        "user_id": comment.get("author_id"),
        "support_email": None,
        "source": 0 if public else 2,  # 0 reply, 2 note
        "category": 3 if comment.get("author_id") == requester_id else 2,
        "from_email": None,
        "to_emails": [],
        "cc_emails": [],
        "bcc_emails": None,
        "attachments": [],
        "source_additional_info": None,
        "created_at": comment.get("created_at"),
        "updated_at": comment.get("created_at"),
    }


def _validation(field: str, message: str) -> FakeResponse:
    return FakeResponse(
        400,
        {
            "description": "Validation failed",
            "errors": [{"field": field, "message": message, "code": "invalid_value"}],
        },
    )


class _BadParam(Exception):
    def __init__(self, response: FakeResponse) -> None:
        super().__init__(response.body)
        self.response = response


class _Table:
    """One JSON-lines file indexed by (updated_at, id), with in-memory overrides for tests."""

    def __init__(self, path: Path, keep: re.Pattern[bytes] | None = None) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDONLY)
        self.docs: dict[int, dict[str, Any]] = {}
        entries: list[Entry] = []
        offset = 0
        with open(path, "rb") as fh:
            for line in fh:
                start, offset = offset, offset + len(line)
                if not line.strip() or (keep is not None and not keep.search(line)):
                    continue
                found_id, updated = _ID.search(line), _UPDATED.search(line)
                created = _CREATED.search(line)
                if found_id is None or updated is None or created is None:
                    raise ValueError(f"{path}: no id, created_at or updated_at at byte {start}")
                entries.append(
                    (
                        _epoch(updated.group(1).decode()),
                        int(found_id.group(1)),
                        start,
                        _epoch(created.group(1).decode()),
                    )
                )
        entries.sort()
        self.entries = entries
        self.by_id = {e[1]: e for e in entries}

    def line(self, start: int) -> dict[str, Any]:
        chunks: list[bytes] = []
        while True:
            chunk = os.pread(self.fd, 65536, start)
            end = chunk.find(b"\n")
            if not chunk or end >= 0:
                chunks.append(chunk[:end] if end >= 0 else chunk)
                break
            chunks.append(chunk)
            start += len(chunk)
        loaded: dict[str, Any] = json.loads(b"".join(chunks))
        return loaded

    def replace(self, entry: Entry, doc: dict[str, Any], updated: int) -> Entry:
        self.entries.remove(entry)
        new = (updated, entry[1], -1, entry[3])
        bisect.insort(self.entries, new)
        self.by_id[entry[1]] = new
        self.docs[entry[1]] = doc
        return new

    def close(self) -> None:
        os.close(self.fd)


class FreshdeskFake(FakeVendorServer):
    """``FreshdeskFake(folder, api_key=...)``: ``folder`` is the demo output (holding
    ``tickets/``) or the ``tickets`` folder itself. ``now`` anchors the 30-day default window
    (default: the newest ticket update in the data)."""

    def __init__(
        self,
        folder: Path | str,
        *,
        api_key: str = "demoFreshdeskKey00000",
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        folder = Path(folder)
        tickets = folder / "tickets" if (folder / "tickets").is_dir() else folder
        self.api_key = api_key
        self._lock = threading.Lock()
        self._rate_limit_left: float = 0
        self.retry_after = "1"
        self.limit_total = 700
        self.used = 0
        try:
            self.contacts = _Table(tickets / "users.jsonl", re.compile(rb'"role":"end-user"'))
            self.tickets = _Table(tickets / "tickets.jsonl")
            self._comments = self._index_comments(tickets / "comments.jsonl")
        except BaseException:
            self.server_close()
            raise
        self.deleted: set[int] = set()
        newest = self.tickets.entries[-1][0] if self.tickets.entries else 0
        self.now = now or datetime.fromtimestamp(newest, UTC)

    def _index_comments(self, path: Path) -> dict[int, list[tuple[int, int]]]:
        """ticket id -> byte spans of its comment lines (contiguous runs merged)."""
        spans: dict[int, list[tuple[int, int]]] = {}
        offset = 0
        self._comments_fd = os.open(path, os.O_RDONLY)
        with open(path, "rb") as fh:
            for line in fh:
                start, offset = offset, offset + len(line)
                found = _TICKET_ID.search(line)
                if found is None:
                    continue
                runs = spans.setdefault(int(found.group(1)), [])
                if runs and runs[-1][1] == start:
                    runs[-1] = (runs[-1][0], offset)
                else:
                    runs.append((start, offset))
        return spans

    # -- documents ----------------------------------------------------------------------------
    def ticket(self, entry: Entry) -> dict[str, Any]:
        if entry[2] < 0:
            return json.loads(json.dumps(self.tickets.docs[entry[1]]))
        return fd_ticket(self.tickets.line(entry[2]))

    def contact(self, entry: Entry) -> dict[str, Any]:
        if entry[2] < 0:
            return json.loads(json.dumps(self.contacts.docs[entry[1]]))
        return fd_contact(self.contacts.line(entry[2]))

    def conversations(self, ticket: Mapping[str, Any]) -> list[dict[str, Any]]:
        comments: list[dict[str, Any]] = []
        for start, end in self._comments.get(int(ticket["id"]), []):
            data = os.pread(self._comments_fd, end - start, start)
            comments.extend(json.loads(line)["comment"] for line in data.splitlines() if line)
        comments.sort(key=lambda c: (c.get("created_at") or "", c["id"]))
        requester = ticket.get("requester_id")
        return [fd_conversation(c, int(ticket["id"]), requester) for c in comments[1:]]

    # -- changes, for tests -------------------------------------------------------------------
    def touch_ticket(self, ticket_id: int, when: datetime, **changes: Any) -> dict[str, Any]:
        """Update a ticket at ``when`` (aware); ``changes`` are Freshdesk fields to set."""
        with self._lock:
            entry = self.tickets.by_id[ticket_id]
            doc = self.ticket(entry)
            doc.update(changes)
            epoch = int(when.timestamp())
            doc["updated_at"] = _z(epoch)
            self.tickets.replace(entry, doc, epoch)
            if doc.get("deleted"):
                self.deleted.add(ticket_id)
            else:
                self.deleted.discard(ticket_id)
            return doc

    def delete_ticket(self, ticket_id: int, when: datetime) -> dict[str, Any]:
        """Move a ticket to the trash (``filter=deleted`` lists it; its conversations 404)."""
        return self.touch_ticket(ticket_id, when, deleted=True)

    def set_rate_limit(
        self, on: bool = True, *, retry_after: str = "1", count: int | None = None
    ) -> None:
        """Answer every request with 429 and ``Retry-After`` while on (``count``: that many)."""
        self.retry_after = retry_after
        self._rate_limit_left = (count if count is not None else math.inf) if on else 0

    def stop(self) -> None:
        super().stop()
        for table in (self.contacts, self.tickets):
            table.close()
        os.close(self._comments_fd)

    # -- routing ------------------------------------------------------------------------------
    def route(self, request: FakeRequest) -> FakeResponse:
        with self._lock:
            self.used += 1
            remaining = max(0, self.limit_total - self.used % self.limit_total)
            limited = self._rate_limit_left > 0
            if limited:
                self._rate_limit_left -= 1
        headers = {
            "X-RateLimit-Total": str(self.limit_total),
            "X-RateLimit-Remaining": str(0 if limited else remaining),
            "X-RateLimit-Used-CurrentRequest": "1",
        }
        response = self._answer(request, limited)
        response.headers = {**headers, **response.headers}
        return response

    def _answer(self, request: FakeRequest, limited: bool) -> FakeResponse:
        if limited:
            return FakeResponse(
                429,
                {"code": "access_denied", "message": "You have exceeded the limit of requests"},
                {"Retry-After": self.retry_after},
            )
        if not self._authorised(request):
            return FakeResponse(
                401,
                {
                    "code": "invalid_credentials",
                    "message": "You have to be logged in to perform this action.",
                },
            )
        if request.method != "GET":
            return FakeResponse(405, {"code": "method_not_allowed", "message": "Not allowed"})
        path = request.path.rstrip("/")
        try:
            if path == f"{API}/tickets":
                return self._list_tickets(request)
            if path == f"{API}/contacts":
                return self._list_contacts(request)
            match = re.fullmatch(rf"{API}/(tickets|contacts)/(\d+)(/conversations)?", path)
            if match:
                return self._one(request, match.group(1), int(match.group(2)), match.group(3))
        except _BadParam as exc:
            return exc.response
        return FakeResponse(404, {"code": "not_found", "message": "Not found"})

    def _authorised(self, request: FakeRequest) -> bool:
        header = request.headers.get("Authorization") or ""
        if not header.startswith("Basic "):
            return False
        try:
            user = base64.b64decode(header[6:], validate=True).decode().partition(":")[0]
        except (ValueError, UnicodeDecodeError):
            return False
        return user == self.api_key

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _int(request: FakeRequest, name: str, default: int, low: int, high: int) -> int:
        raw = request.query.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(str(raw))
        except ValueError:
            raise _BadParam(_validation(name, "It should be a Positive Number")) from None
        if not low <= value <= high:
            message = f"It should be a Number between {low} and {high}"
            raise _BadParam(_validation(name, message))
        return value

    @staticmethod
    def _since(request: FakeRequest, *names: str) -> int | None:
        for name in names:
            raw = request.query.get(name)
            if raw:
                try:
                    value = datetime.fromisoformat(raw)
                except ValueError:
                    raise _BadParam(
                        _validation(name, "It should be in the 'valid date' format")
                    ) from None
                if value.tzinfo is None:
                    value = value.replace(tzinfo=UTC)
                return int(value.timestamp())
        return None

    def _page(self, request: FakeRequest, path: str, items: list[Any], render: Any) -> FakeResponse:
        page = self._int(request, "page", 1, 1, 10**9)
        per_page = self._int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        if page > PAGE_CAP:
            raise _BadParam(_validation("page", f"You cannot access pages beyond {PAGE_CAP}"))
        chosen = items[(page - 1) * per_page : page * per_page]
        body = [render(e) for e in chosen]
        headers = {}
        if page * per_page < len(items):
            query = {**request.query, "page": page + 1}
            headers["Link"] = f'<{self.url}{path}?{urlencode(query)}>; rel="next"'
        return FakeResponse(200, body, headers)

    # -- endpoints ----------------------------------------------------------------------------
    def _list_tickets(self, request: FakeRequest) -> FakeResponse:
        wanted = request.query.get("filter")
        if wanted not in (None, "", "deleted", "spam", "new_and_my_open", "watching"):
            raise _BadParam(_validation("filter", "It should be one of these values: ..."))
        order_by = request.query.get("order_by", "created_at")
        if order_by not in ("created_at", "updated_at", "due_by", "status"):
            raise _BadParam(_validation("order_by", "It should be one of these values: ..."))
        order_type = request.query.get("order_type", "desc")
        if order_type not in ("asc", "desc"):
            raise _BadParam(_validation("order_type", "It should be one of these values: asc,desc"))
        since = self._since(request, "updated_since")
        with self._lock:
            entries = self.tickets.entries
            if since is not None:
                items = entries[bisect.bisect_left(entries, (since, -1)) :]
            else:
                floor = int((self.now - DEFAULT_WINDOW).timestamp())
                items = [e for e in entries if e[3] >= floor]
            if wanted == "deleted":
                items = [e for e in items if e[1] in self.deleted]
            elif wanted == "spam":
                items = []  # the demo has no spam
            elif self.deleted:
                items = [e for e in items if e[1] not in self.deleted]
            for name in ("requester_id", "email"):
                if request.query.get(name):
                    items = [e for e in items if self._matches(e, name, request.query[name])]
            if order_by == "created_at":
                items = sorted(items, key=lambda e: (e[3], e[1]))
            elif order_by != "updated_at":
                tickets = {e[1]: self.ticket(e) for e in items}
                key = "status" if order_by == "status" else "due_by"
                items = sorted(items, key=lambda e: (tickets[e[1]][key], e[1]))
            if order_type == "desc":
                items = items[::-1]
            include = set((request.query.get("include") or "").split(","))

            def render(entry: Entry) -> dict[str, Any]:
                doc = self.ticket(entry)
                if "requester" in include:
                    found = self.contacts.by_id.get(int(doc.get("requester_id") or 0))
                    contact = self.contact(found) if found else {}
                    doc["requester"] = {
                        k: contact.get(k) for k in ("id", "name", "email", "mobile", "phone")
                    }
                return doc

            return self._page(request, f"{API}/tickets", items, render)

    def _matches(self, entry: Entry, name: str, value: str) -> bool:
        doc = self.ticket(entry)
        if name == "requester_id":
            return str(doc.get("requester_id")) == value
        found = self.contacts.by_id.get(int(doc.get("requester_id") or 0))
        if found is None:
            return False
        return str(self.contact(found).get("email") or "").lower() == value.lower()

    def _list_contacts(self, request: FakeRequest) -> FakeResponse:
        since = self._since(request, "_updated_since", "updated_since")
        state = request.query.get("state")
        with self._lock:
            items = sorted(self.contacts.entries, key=lambda e: e[1])
            if since is not None:
                items = [e for e in items if e[0] >= since]
            if state == "deleted":
                items = []
            for name in ("email", "phone", "mobile"):
                value = request.query.get(name)
                if value:
                    items = [e for e in items if self.contact(e).get(name) == value]
            return self._page(request, f"{API}/contacts", items, self.contact)

    def _one(
        self, request: FakeRequest, kind: str, item_id: int, conversations: str | None
    ) -> FakeResponse:
        with self._lock:
            if kind == "contacts":
                found = self.contacts.by_id.get(item_id)
                if found is not None and not conversations:
                    return FakeResponse(200, self.contact(found))
                return FakeResponse(404, {"code": "not_found", "message": "Not found"})
            entry = self.tickets.by_id.get(item_id)
            if entry is None or (conversations and item_id in self.deleted):
                return FakeResponse(404, {"code": "not_found", "message": "Not found"})
            ticket = self.ticket(entry)
            if not conversations:
                return FakeResponse(200, ticket)
            items = self.conversations(ticket)
        path = f"{API}/tickets/{item_id}/conversations"
        return self._page(request, path, items, lambda c: c)
