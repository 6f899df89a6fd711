"""Shopify orders of the demo data (``shop/orders.jsonl``): one REST Admin API order per line.

Each line has the shape of the shopify.dev Order resource, trimmed to the fields the app uses:
ids, ``name``/``order_number``, contact e-mail and phone, timestamps with the shop's UTC offset,
money as strings, financial and fulfillment status, cancellation, the ``customer`` (``null`` for
guest checkout; some fields ``null`` as if protected customer data were redacted), billing and
shipping addresses (a moved person ships to the new address), line items, fulfillments with
tracking, refunds, ``note_attributes`` carrying the ERP customer number on some orders, tags.

Lines are assembled from pre-rendered JSON fragments (every string goes through the C
``json`` string encoder), which is several times faster than ``json.dumps`` of a dict; the
tests parse every line back with :mod:`json`.
"""

from __future__ import annotations

import random
from json.encoder import encode_basestring as quote

from agent_desk.demo.formats import Clock, api_amount
from agent_desk.demo.people import Address, Person, email_variant, phone_text, shop_name
from agent_desk.demo.purchases import Purchase
from agent_desk.demo.sinks import Files, JsonlSink

FILE = "shop/orders.jsonl"
_CANCEL_REASONS = ('"customer"', '"customer"', '"inventory"', '"fraud"', '"declined"', '"other"')
_REFUND_NOTES = (
    '"Returned within 30 days"',
    '"Damaged in transit"',
    '"Customer changed mind"',
    '"Wrong item delivered"',
    '"Order cancelled"',
    "null",
)


def qn(text: str | None) -> str:
    """A JSON string, or ``null``."""
    return "null" if text is None else quote(text)


def _tracking(company: str, rng: random.Random) -> str:
    rnd = rng.random
    if company == "UPS":
        return f"1Z{rng.getrandbits(64):016X}"
    if company in ("DHL", "Hermes", "DPD", "GLS"):
        return str(10**13 + int(rnd() * 9 * 10**13))
    if company in ("Royal Mail", "Colissimo", "Correos", "PostNL", "Poste Italiane"):
        serial = 10**8 + int(rnd() * 9 * 10**8)
        return f"{'RLCPQ'[int(rnd() * 5)]}{'ABCDEFGH'[int(rnd() * 8)]}{serial}{company[:2].upper()}"
    return str(10**11 + int(rnd() * 9 * 10**11))


def address_json(addr: Address, first: str | None, last: str | None, phone: str | None) -> str:
    tail = addr.jtail
    if not tail:
        state = addr.city.state
        tail = (
            f'"company":null,"address1":{quote(addr.line1)},"address2":{qn(addr.line2)},'
            f'"city":{quote(addr.city.name.real)},"zip":{quote(addr.zip)},'
            f'"province_code":{qn(state)},"country_code":"{addr.country.code}"'
        )
        addr.jtail = tail
    return f'{{"first_name":{qn(first)},"last_name":{qn(last)},{tail},"phone":{qn(phone)}}}'


class ShopWriter:
    def __init__(self, files: Files, rng: random.Random, clock: Clock) -> None:
        self.orders: JsonlSink = files.jsonl(FILE)
        self.rng = rng
        self.clock = clock
        self._order = 0
        self._customer = 6_812_000_000_000
        self._line = 14_200_000_000_000
        self._misc = 5_300_000_000_000

    def _customer_json(
        self,
        p: Person,
        cid: int,
        first: str,
        last: str,
        email: str,
        phone: str | None,
        redacted: bool,
    ) -> str:
        now = self.clock.now
        cur = p.new_addr if p.new_addr is not None and p.move_ts < now else p.addr
        fields: dict[str, str | None] = {"email": email, "phone": phone, "last_name": last}
        address = address_json(cur, first, last, phone)
        if redacted:  # protected customer data: some fields withheld
            for key in ("email", "phone", "last_name", "default_address")[
                : 1 + int(self.rng.random() * 4)
            ]:
                if key == "default_address":
                    address = "null"
                else:
                    fields[key] = None
        return (
            f'{{"id":{cid},"email":{qn(fields["email"])},"first_name":{quote(first)},'
            f'"last_name":{qn(fields["last_name"])},"phone":{qn(fields["phone"])},'
            f'"default_address":{address}}}'
        )

    def write(
        self, p: Person, purchases: list[Purchase], cust_no: str, truth: list[tuple[str, str, str]]
    ) -> list[Purchase]:
        """Write the person's shop orders; return them (with ``order_name`` set)."""
        mine = [pu for pu in purchases if pu.channel == "shop"]
        if not mine:
            return mine
        rng = self.rng
        rnd = rng.random
        iso = self.clock.iso_shop
        add = self.orders.add_raw
        c = p.country
        styles = c.styles_typed
        acc_first, acc_last = shop_name(p, rng)
        acc_email = p.email if rnd() < 0.85 else email_variant(p.email, rng)
        acc_phone = p.mobile.e164 if rnd() < 0.35 else None
        customer_json = ""
        redacted = rnd() < 0.05
        note = (
            f'{{"name":"erp_customer_no","value":"{cust_no}"}}' if cust_no and rnd() < 0.5 else ""
        )
        b2b = p.company is not None
        for pu in mine:
            guest = p.guest_p > 0 and rnd() < p.guest_p
            if guest:
                first, last = shop_name(p, rng)
                email = p.shared_email or pu.email
                if rnd() < 0.2:
                    email = email_variant(email, rng)
                customer = "null"
            else:
                first, last = acc_first, acc_last
                email = acc_email if pu.email == p.email else pu.email
                if not customer_json:
                    self._customer += 1 + int(rnd() * 400)
                    cid = self._customer
                    truth.append(("shopify", "customer", str(cid)))
                    customer_json = self._customer_json(
                        p, cid, acc_first, acc_last, acc_email, acc_phone, redacted
                    )
                customer = customer_json
            self._order += 1
            number = 1000 + self._order
            order_id = 5_480_000_000_000 + self._order * 97 + int(rnd() * 90)
            name = f"#{number}"
            pu.order_name = name
            if guest:
                truth.append(("shopify", "order", str(order_id)))
            phone = phone_text(p.mobile, styles, rng) if rnd() < 0.5 else None
            ship_addr = pu.address or p.addr
            bill_addr = ship_addr
            if p.new_addr is not None and ship_addr is p.new_addr and rnd() < 0.25:
                bill_addr = p.addr
            ts = pu.ts
            items = []
            ids: dict[int, int] = {}
            subtotal = 0
            line_id = self._line
            for line in pu.lines:
                line_id += 1 + int(rnd() * 49)
                prod = line.product
                ids[id(line)] = line_id
                subtotal += prod.price * line.qty
                items.append(f'{{"id":{line_id}{prod.json_head}{line.qty}{prod.json_tail}')
            self._line = line_id
            vat = ship_addr.country.vat
            tax = subtotal - (subtotal * 100 + (100 + vat) // 2) // (100 + vat)
            updated = max(ts, pu.paid_ts, pu.ship_ts, pu.refund_ts, pu.cancelled_ts)
            if pu.refund_ts:
                full = len(pu.refund_lines) == len(pu.lines) and pu.refund_total == subtotal
                financial = "refunded" if full else "partially_refunded"
            elif pu.paid_ts:
                financial = "paid"
            else:
                financial = "voided" if pu.cancelled_ts else "pending"
            fulfillment = ""
            status = "null"
            if pu.ship_ts:
                status = '"partial"' if pu.partial else '"fulfilled"'
                courier = c.couriers[int(rnd() * len(c.couriers))]
                self._misc += 1 + int(rnd() * 29)
                pu.courier = courier
                pu.tracking = _tracking(courier, rng)
                fulfillment = (
                    f'{{"id":{self._misc},"created_at":"{iso(pu.ship_ts)}",'
                    f'"status":"success","tracking_number":"{pu.tracking}",'
                    f'"tracking_company":{quote(courier)}}}'
                )
            refund = ""
            if pu.refund_ts:
                self._misc += 1 + int(rnd() * 29)
                refund_id = self._misc
                rli = []
                for line in pu.refund_lines:
                    self._misc += 1
                    rli.append(
                        f'{{"id":{self._misc},"line_item_id":'
                        f'{ids.get(id(line), self._line)},"quantity":{line.qty},'
                        f'"subtotal":"{api_amount(line.product.price * line.qty)}"}}'
                    )
                refund = (
                    f'{{"id":{refund_id},"created_at":"{iso(pu.refund_ts)}",'
                    f'"note":{_REFUND_NOTES[int(rnd() * 6)]},'
                    f'"refund_line_items":[{",".join(rli)}],"transactions":'
                    f'[{{"amount":"{api_amount(pu.refund_total)}","kind":"refund"}}]}}'
                )
            tags = []
            if b2b:
                tags.append("B2B")
            if pu.refund_ts:
                tags.append("returned")
            if rnd() < 0.05:
                tags.append("newsletter")
            ship_phone = phone if rnd() < 0.6 else None
            ship_json = address_json(ship_addr, first, last, ship_phone)
            bill_json = (
                ship_json
                if bill_addr is ship_addr
                else address_json(bill_addr, first, last, ship_phone)
            )
            created = iso(ts)
            total = api_amount(subtotal)
            cancelled = pu.cancelled_ts
            add(
                f'{{"id":{order_id},"name":"{name}","order_number":{number},'
                f'"email":{quote(email)},"phone":{qn(phone) if rnd() < 0.3 else "null"},'
                f'"created_at":"{created}","updated_at":"{iso(updated)}",'
                f'"processed_at":"{created}","currency":"EUR","total_price":"{total}",'
                f'"subtotal_price":"{total}","total_tax":"{api_amount(tax)}",'
                f'"financial_status":"{financial}","fulfillment_status":{status},'
                f'"cancelled_at":{f"{chr(34)}{iso(cancelled)}{chr(34)}" if cancelled else "null"},'
                f'"cancel_reason":{_CANCEL_REASONS[int(rnd() * 6)] if cancelled else "null"},'
                f'"customer":{customer},'
                f'"billing_address":{bill_json},"shipping_address":{ship_json},'
                f'"line_items":[{",".join(items)}],"fulfillments":[{fulfillment}],'
                f'"refunds":[{refund}],'
                f'"note_attributes":[{note if note and not guest and rnd() < 0.8 else ""}],'
                f'"tags":"{", ".join(tags)}"}}'
            )
        return mine
