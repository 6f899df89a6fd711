"""Zendesk data of the demo (``tickets/*.jsonl``): users, tickets and their comments.

Objects have the shape of the Zendesk incremental cursor export. Tickets are about what really
happened to the person elsewhere (an order that is late, arrived damaged, was cancelled or
refunded, an ERP invoice, a contract to cancel, a move, a device that broke), some customers
contact the desk several times within a week about the same thing, recent tickets are still
open, and some satisfaction ratings are bad. ``tickets/agents.jsonl`` holds the agents that
tickets are assigned to and comments are written by (they are not customers and not in
``truth.csv``; each was created before the oldest ticket). Zendesk e-mails are unique
case-insensitively: a person's second user gets another mailbox or spelling, never a case change.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from agent_desk.demo.erp import ErpResult
from agent_desk.demo.formats import DAY, Clock, api_amount
from agent_desk.demo.people import GMAIL, Person, email_variant, gmail_variant, phone_text, zd_name
from agent_desk.demo.pools import Pools, Table
from agent_desk.demo.purchases import Purchase
from agent_desk.demo.shop import qn, quote
from agent_desk.demo.sinks import Files, JsonlSink

FILES = (
    "tickets/agents.jsonl",
    "tickets/users.jsonl",
    "tickets/tickets.jsonl",
    "tickets/comments.jsonl",
)
SUBDOMAIN = "agentdesk-demo"
FIELD_ORDER = 360_011_112_221
FIELD_REASON = 360_011_112_222
HOUR = 3600
TICKET_COUNTS = Table([(1, 60), (2, 25), (3, 10), (4, 5)])
CHANNELS = Table([("email", 45), ("web", 25), ("phone", 15), ("chat", 10), ("api", 5)])
RATINGS = Table([("good", 30), ("bad", 8), ("offered", 25), ("unoffered", 37)])
REPEAT_OPENERS = (
    "I already wrote to you about this and nobody answered. ",
    "Second message about this! ",
    "Following up on my earlier request. ",
    "I called yesterday and was promised a call back. ",
)
BASE_WEIGHTS = {
    "where_is_order": 22,
    "damaged": 8,
    "refund": 8,
    "invoice": 10,
    "cancel_contract": 6,
    "change_address": 3,
    "complaint": 10,
    "product_question": 14,
    "warranty": 8,
}


class _Ctx(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class TicketWriter:
    def __init__(
        self,
        files: Files,
        rng: random.Random,
        clock: Clock,
        pools: Pools,
        new_mailbox: Callable[[Person], str],
    ) -> None:
        self.new_mailbox = new_mailbox  # a mailbox of the person's that nobody else has
        agents_sink = files.jsonl(FILES[0])
        self.users: JsonlSink = files.jsonl(FILES[1])
        self.tickets: JsonlSink = files.jsonl(FILES[2])
        self.comments: JsonlSink = files.jsonl(FILES[3])
        self.rng = rng
        self.clock = clock
        self.texts = pools.tickets
        self.topics: dict[str, dict[str, Any]] = self.texts["topics"]
        for spec in self.topics.values():
            spec["jtags"] = ",".join(quote(t) for t in spec["tags"])
        self.devices = [p for p in pools.catalog.products if p.kind == "device"]
        self.agents: list[tuple[int, str]] = []
        names = self.texts["agents"]
        for i, name in enumerate(names):
            agent_id = 371_000_000_000 + i * 1013
            self.agents.append((agent_id, name))
            # hired before the first ticket (no ticket is older than clock.start)
            created = clock.start - (len(names) - i) * 3 * DAY
            email = name.lower().replace(" ", ".").encode("ascii", "ignore").decode()
            agents_sink.add_raw(json.dumps({
                "id": agent_id, "name": name, "email": f"{email}@agentdesk-demo.example",
                "role": "agent", "created_at": clock.iso_utc(created),
                "updated_at": clock.iso_utc(created),
            }, ensure_ascii=False, separators=(",", ":")))  # fmt: skip
        self._user = 380_000_000_000
        self._ticket = 1000
        self._comment = 27_000_000_000

    def _text(self, choices: list[str], ctx: _Ctx) -> str:
        return choices[int(self.rng.random() * len(choices))].format_map(ctx)

    def _pick_topic(self, weights: list[tuple[str, int]], total: int) -> str:
        r = self.rng.random() * total
        for topic, w in weights:
            r -= w
            if r < 0:
                return topic
        return weights[-1][0]

    def write(
        self,
        p: Person,
        orders: list[Purchase],
        erp: ErpResult | None,
        truth: list[tuple[str, str, str]],
    ) -> None:
        rng = self.rng
        rnd = rng.random
        clock = self.clock
        now, start = clock.now, clock.start
        shipped = [o for o in orders if o.ship_ts]
        owned = [
            ln.product
            for o in orders + (erp.invoices if erp else [])
            for ln in o.lines
            if ln.product.kind == "device"
        ]
        avail: dict[str, list[Any] | None] = {
            "where_is_order": orders or None,
            "damaged": shipped or None,
            "refund": ([o for o in orders if o.refund_ts] or shipped) or None,
            "invoice": (erp.invoices or None) if erp else None,
            "cancel_contract": (erp.contracts or None) if erp else None,
            "change_address": [p.new_addr] if p.new_addr is not None else None,
            "complaint": [],
            "product_question": owned or self.devices,
            "warranty": owned or None,
        }
        n = TICKET_COUNTS.pick(rnd())
        planned: list[
            tuple[int, str, _Ctx, str, int]
        ] = []  # ts, topic, ctx, subject prefix, repeat
        fresh = rnd() < 0.06
        moved = p.new_addr is not None
        weights = [
            (t, w * (8 if t == "change_address" and moved else 1))
            for t, w in BASE_WEIGHTS.items()
            if avail.get(t) is not None
        ]
        total = sum(w for _, w in weights)
        for k in range(n):
            topic = self._pick_topic(weights, total)
            items = avail[topic]
            item: Any = items[int(rng.random() * len(items))] if items else None
            ctx = _Ctx(first=p.first.real if rnd() < 0.7 else p.first.latin)
            if topic in ("where_is_order", "damaged", "refund"):
                o = item
                if o.cancelled_ts and topic != "damaged":  # never shipped: ask about that
                    topic = "cancelled_refund" if o.refund_ts else "order_cancelled"
                ctx.update(
                    order=o.order_name,
                    order_date=clock.ymd(o.ts // DAY),
                    tracking=o.tracking or "-",
                    courier=o.courier or "the courier",
                    product=o.lines[0].product.name,
                    amount=f"{api_amount(o.refund_total or o.total)} EUR",
                )
                if topic == "where_is_order":
                    ts = o.ts + ((2 * DAY) + int(rng.random() * ((10 * DAY) - (2 * DAY))))
                elif topic == "damaged":
                    ts = o.ship_ts + (DAY + int(rng.random() * ((4 * DAY) - DAY)))
                elif topic == "refund":
                    ts = (
                        o.refund_ts - (HOUR + int(rng.random() * ((8 * DAY) - HOUR)))
                        if o.refund_ts
                        else o.ts + ((8 * DAY) + int(rng.random() * ((40 * DAY) - (8 * DAY))))
                    )
                else:  # cancelled: a few hours to days after the cancellation
                    wait = 10 * DAY if topic == "cancelled_refund" else 3 * DAY
                    ts = o.cancelled_ts + (HOUR + int(rng.random() * (wait - HOUR)))
                floor = max(o.ts, o.cancelled_ts) + HOUR
                ts = max(ts, floor)
            elif topic == "invoice":
                o = item
                ctx.update(invoice=o.invoice_no, amount=o.invoice_amount)
                ts = o.ts + ((5 * DAY) + int(rng.random() * ((45 * DAY) - (5 * DAY))))
                floor = o.ts + HOUR
            elif topic == "cancel_contract":
                ctx.update(contract=item.number, product=item.name)
                ts = item.end_day * DAY - (
                    (10 * DAY) + int(rng.random() * ((60 * DAY) - (10 * DAY)))
                )
                floor = item.start_day * DAY + HOUR
                ts = max(ts, floor)
            elif topic == "change_address":
                ctx.update(city=item.city.name.real)
                ts = p.move_ts + int(rng.random() * (10 * DAY))
                floor = p.move_ts
            else:
                if item is not None:
                    ctx.update(product=item.name)
                floor = orders[0].ts if orders else start
                ts = floor + int(rnd() * (now - floor))
            if fresh and k == 0:
                ts = now - ((15 * 60) + int(rng.random() * ((48 * HOUR) - (15 * 60))))
            if ts >= now:
                ts = now - ((10 * 60) + int(rng.random() * ((30 * HOUR) - (10 * 60))))
            if ts <= floor:
                ts = floor + (HOUR + int(rng.random() * ((3 * HOUR) - HOUR)))
            if ts >= now or ts < start:
                continue
            planned.append((ts, topic, ctx, "", 0))
            if rnd() < 0.12 and topic not in ("product_question", "change_address"):
                follow = ts
                for j in range(1 + (rnd() < 0.35)):
                    follow += (3 * HOUR) + int(rng.random() * ((3 * DAY) - (3 * HOUR)))
                    if follow >= now:
                        break
                    prefix = ("Re: ", "Still waiting: ", "Second request: ", "URGENT: ")[
                        int(rng.random() * 4)
                    ]
                    planned.append((follow, topic, ctx, prefix, j + 1))
        if not planned:
            topic = "complaint"
            planned.append(
                (
                    now - (HOUR + int(rng.random() * ((30 * DAY) - HOUR))),
                    topic,
                    _Ctx(first=p.first.real),
                    "",
                    0,
                )
            )
        planned.sort(key=lambda t: t[0])

        # the Zendesk user(s); Zendesk e-mails are unique, case-insensitively
        users = [self._user_obj(p, erp, planned[0][0], rnd() < 0.15)]
        if len(planned) > 1 and rnd() < 0.05:
            users.append(self._user_obj(p, None, planned[1][0], True, users[0]["email"].lower()))
        last_ts = [0] * len(users)
        for ts, topic, ctx, prefix, repeat in planned:
            which = 1 if len(users) > 1 and ts >= planned[1][0] and rnd() < 0.7 else 0
            updated = self._ticket_obj(users[which]["id"], ts, topic, ctx, prefix, repeat)
            last_ts[which] = max(last_ts[which], updated)
        iso = clock.iso_utc
        for u, last in zip(users, last_ts, strict=True):
            ext = u["external_id"]
            self.users.add_raw(
                f'{{"id":{u["id"]},"name":{quote(u["name"])},"email":{quote(u["email"])},'
                f'"phone":{qn(u["phone"])},"external_id":{qn(ext)},"role":"end-user",'
                f'"created_at":"{iso(u["created"])}",'
                f'"updated_at":"{iso(max(last, u["created"]))}",'
                f'"time_zone":{quote(u["time_zone"])},"locale":"{u["locale"]}",'
                f'"verified":{"true" if u["verified"] else "false"},'
                f'"active":{"true" if u["active"] else "false"}}}'
            )
            truth.append(("zendesk", "user", str(u["id"])))

    def _other_email(self, p: Person, email: str, taken: str) -> str:
        """An address for a second user of ``p`` whose ``lower()`` is not ``taken``.

        The person's old mailbox, another Gmail spelling of ``email`` or a new mailbox. Other
        persons' users cannot have any of these (see :class:`~agent_desk.demo.people.Seen`).
        """
        rng = self.rng
        old = p.old_email
        if old is not None and old.lower() != taken and rng.random() < 0.5:
            return old
        if email.partition("@")[2] in GMAIL:
            for _ in range(8):
                other = gmail_variant(email, rng)
                if other.lower() != taken:
                    return other
        return self.new_mailbox(p)

    def _user_obj(
        self, p: Person, erp: ErpResult | None, first_ts: int, varied: bool, taken: str = ""
    ) -> dict[str, Any]:
        rng = self.rng
        rnd = rng.random
        self._user += 1 + int(rnd() * 4999)
        changed = p.old_email is not None and first_ts < p.email_change_ts
        base = p.old_email if changed and p.old_email else p.email
        email = email_variant(base, rng) if varied else base
        if email.lower() == taken:  # the person's first user has this address already
            email = self._other_email(p, base, taken)
        phone = None
        r = rnd()
        if p.company is not None and r < 0.3:
            phone = phone_text(p.company.phone, p.country.styles_typed, rng)
        elif r < 0.45:
            phone = phone_text(p.mobile, p.country.styles_typed, rng)
        created = first_ts - int(rng.random() * HOUR)
        locale = p.country.locale
        if p.pool.key in ("RU", "UA") and rnd() < 0.4:
            locale = "ru" if p.pool.key == "RU" else "uk"
        return {
            "id": self._user,
            "name": zd_name(p, rng, email),
            "email": email,
            "phone": phone,
            "external_id": erp.cust_no if erp is not None and rnd() < 0.35 else None,
            "created": created,
            "time_zone": p.time_zone,
            "locale": locale,
            "verified": rnd() < 0.7,
            "active": rnd() < 0.98,
        }

    def _ticket_obj(
        self, requester: int, ts: int, topic: str, ctx: _Ctx, prefix: str, repeat: int
    ) -> int:
        rng = self.rng
        rnd = rng.random
        clock = self.clock
        now = clock.now
        spec = self.topics[topic]
        agent_id, agent_name = self.agents[int(rng.random() * (len(self.agents)))]
        ctx["agent"] = agent_name.split(" ")[0]
        self._ticket += 1
        tid = self._ticket
        age = now - ts
        r = rnd()
        if age < DAY:
            status = "new" if r < 0.4 else ("open" if r < 0.85 else "pending")
        elif age < 7 * DAY:
            status = "open" if r < 0.3 else ("pending" if r < 0.55 else "solved")
        elif age < 30 * DAY:
            status = "solved" if r < 0.6 else ("closed" if r < 0.98 else "open")
        else:
            status = "closed" if r < 0.97 else ("solved" if r < 0.99 else "pending")
        channel = CHANNELS.pick(rnd()) if not repeat else ("phone" if rnd() < 0.5 else "email")
        subject = prefix + self._text(spec["subjects"], ctx)
        body = self._text(spec["bodies"], ctx)
        if repeat:
            body = REPEAT_OPENERS[int(rng.random() * (len(REPEAT_OPENERS)))] + body
        # comments: (author, body, public)
        conv: list[tuple[int, str, bool]] = [(requester, body, True)]
        if status != "new":
            if status == "open" and rnd() < 0.5:
                pass
            else:
                conv.append((agent_id, self._text(spec["replies"], ctx), True))
            if rnd() < 0.3:
                conv.append((agent_id, self._text(spec["notes"], ctx), False))
            if status in ("solved", "closed"):
                if rnd() < 0.4:
                    conv.append((requester, self._text(spec["followups"], ctx), True))
                if rnd() < 0.6:
                    conv.append((agent_id, self._text(self.texts["closing"], ctx), True))
        conv = conv[:5]
        cts = ts
        last = ts
        iso = clock.iso_utc
        add_comment = self.comments.add_raw
        for i, (author, text, public) in enumerate(conv):
            if i:
                cts += (10 * 60) + int(rng.random() * ((26 * HOUR) - (10 * 60)))
                if cts >= now:
                    break
            self._comment += 1 + int(rng.random() * (20 - 1))
            qtext = quote(text)
            add_comment(
                f'{{"ticket_id":{tid},"comment":{{"id":{self._comment},"type":"Comment",'
                f'"author_id":{author},"body":{qtext},"plain_body":{qtext},'
                f'"public":{"true" if public else "false"},"created_at":"{iso(cts)}",'
                f'"via":{{"channel":"{channel if author == requester else "web"}"}}}}}}'
            )
            last = cts
        updated = last
        if status == "closed":
            updated = last + 4 * DAY
            if updated >= now:
                status, updated = "solved", last
        score, comment = "unoffered", None
        if status in ("solved", "closed"):
            score = RATINGS.pick(rnd())
            if repeat and rnd() < 0.4:
                score = "bad"
            if score in ("good", "bad"):
                comment = self._text(self.texts["satisfaction"][score], ctx) or None
        priority = spec["priority"][int(rng.random() * (len(spec["priority"])))]
        if repeat and priority in ("low", "normal"):
            priority = "high"
        tags = spec["jtags"] + (',"repeat_contact"' if repeat else "")
        order = ctx.get("order")
        self.tickets.add_raw(
            f'{{"id":{tid},"url":"https://{SUBDOMAIN}.zendesk.com/api/v2/tickets/{tid}.json",'
            f'"subject":{quote(subject)},"description":{quote(body)},"priority":"{priority}",'
            f'"status":"{status}","requester_id":{requester},'
            f'"submitter_id":{agent_id if channel == "phone" else requester},'
            f'"assignee_id":{"null" if status == "new" else agent_id},'
            f'"type":"{spec["type"][int(rnd() * len(spec["type"]))]}","tags":[{tags}],'
            f'"via":{{"channel":"{channel}"}},"custom_fields":[{{"id":{FIELD_ORDER},'
            f'"value":{quote(order) if order else "null"}}},{{"id":{FIELD_REASON},'
            f'"value":"{spec["reason"]}"}}],'
            f'"satisfaction_rating":{{"score":"{score}","comment":{qn(comment)}}},'
            f'"created_at":"{iso(ts)}","updated_at":"{iso(updated)}",'
            f'"generated_timestamp":{updated}}}'
        )
        return updated
