"""Purchase histories for the demo generator: what a person bought, when, and what happened next.

One history drives both the shop orders and the ERP invoices, so the systems agree where they
should. Baskets follow real associations from the catalog: a device comes with some of its
accessories, consumables, an extended warranty or a service plan; consumables are re-bought at
their replenishment interval (a coffee machine, then capsules every month or so); later orders
add accessories or upgrade an owned device. Each purchase then gets a life cycle (paid,
shipped, cancelled, refunded) relative to the run's ``now``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from agent_desk.demo.formats import DAY, Clock
from agent_desk.demo.people import Address, Person
from agent_desk.demo.pools import Catalog, Product, Table

ORDER_COUNTS = Table([(1, 38), (2, 24), (3, 15), (4, 10), (5, 7), (6, 6)])
HOUR = 3600


@dataclass(slots=True)
class Line:
    product: Product
    qty: int

    @property
    def total(self) -> int:
        return self.product.price * self.qty


@dataclass(slots=True)
class Purchase:
    ts: int
    lines: list[Line]
    channel: str = "shop"  # shop | erp (in store, phone, B2B)
    invoiced: bool = False  # an ERP invoice exists
    address: Address | None = None  # ship-to at the time
    email: str = ""  # contact e-mail at the time
    cancelled_ts: int = 0
    paid_ts: int = 0  # 0: not (yet) paid
    ship_ts: int = 0  # 0: not shipped
    partial: bool = False  # only part of the order shipped yet
    refund_ts: int = 0
    refund_lines: list[Line] = field(default_factory=list)
    method: str = ""
    order_name: str = ""  # filled by the shop writer
    courier: str = ""  # filled by the shop writer
    tracking: str = ""  # filled by the shop writer
    invoice_no: str = ""  # filled by the ERP writer
    invoice_amount: str = ""  # filled by the ERP writer, e.g. "1.234,56 PLN"

    @property
    def total(self) -> int:
        return sum(line.product.price * line.qty for line in self.lines)

    @property
    def refund_total(self) -> int:
        return sum(line.product.price * line.qty for line in self.refund_lines)


def _at_daytime(rng: random.Random, ts: int) -> int:
    """Move an instant to a plausible shopping hour (06:00-23:00 UTC) of its day."""
    return ts - ts % DAY + 6 * HOUR + int(rng.random() * (17 * HOUR))


def _basket(device: Product, rng: random.Random, first: bool) -> list[Line]:
    rnd = rng.random
    lines = [Line(device, 1)]
    for acc in device.accessories:
        if rnd() < 0.35:
            lines.append(Line(acc, 1))
    for con in device.consumables:
        if rnd() < (0.6 if first else 0.45):
            lines.append(Line(con, 1 if rnd() < 0.6 else 2))
    for war in device.warranties:
        if rnd() < 0.25:
            lines.append(Line(war, 1))
    for plan in device.plans:
        if rnd() < 0.15:
            lines.append(Line(plan, 1))
    return lines


def plan_purchases(p: Person, catalog: Catalog, rng: random.Random, clock: Clock) -> list[Purchase]:
    """The person's purchases in time order (all before ``clock.now``)."""
    rnd = rng.random
    now = clock.now
    n = ORDER_COUNTS.pick(rnd())
    t = clock.start + int(clock.span * (1 - rnd() ** 1.5))
    t = _at_daytime(rng, min(t, now - 2 * HOUR))
    if t >= now:
        t -= DAY
    owned: list[Product] = []
    refills: list[tuple[int, Product]] = []
    purchases: list[Purchase] = []

    def schedule(ts: int, lines: list[Line]) -> None:
        for line in lines:
            prod = line.product
            if prod.kind == "device":
                owned.append(prod)
                if prod.consumables and not any(c in prod.consumables for _, c in refills):
                    bought = [ln for ln in lines if ln.product in prod.consumables]
                    con = bought[0].product if bought else prod.consumables[0]
                    qty = bought[0].qty if bought else 0
                    due = ts + int(con.replenish_days * max(qty, 1) * (0.8 + 0.5 * rnd())) * DAY
                    refills.append((due, con))

    device = catalog.devices.pick(rnd())
    lines = _basket(device, rng, True)
    purchases.append(Purchase(t, lines))
    schedule(t, lines)
    for _ in range(n - 1):
        if refills and rnd() < 0.7:
            refills.sort(key=lambda item: item[0])
            due, con = refills.pop(0)
            t = _at_daytime(rng, max(t + DAY, due + (int(rng.random() * 20) - 5) * DAY))
            if t >= now:
                break
            qty = 1 if rnd() < 0.6 else (2 if rnd() < 0.75 else 3)
            lines = [Line(con, qty)]
            owner = catalog.by_sku[con.accessory_of]
            for other in owner.consumables:
                if other is not con and rnd() < 0.25:
                    lines.append(Line(other, 1))
            nxt = t + int(con.replenish_days * qty * (0.8 + 0.5 * rnd())) * DAY
            if rnd() < 0.85:  # some stop buying: churn
                refills.append((nxt, con))
        else:
            t = _at_daytime(rng, t + int((10 + rng.expovariate(1 / 120)) * DAY))
            if t >= now:
                break
            r = rnd()
            base = owned[int(rng.random() * (len(owned)))] if owned else None
            if base is not None and r < 0.35 and base.accessories:
                lines = [Line(base.accessories[int(rng.random() * (len(base.accessories)))], 1)]
            elif base is not None and r < 0.5 and base.upgrades:
                up = base.upgrades[int(rng.random() * (len(base.upgrades)))]
                lines = _basket(up, rng, False) if up.kind == "device" else [Line(up, 1)]
            else:
                lines = _basket(catalog.devices.pick(rnd()), rng, False)
        purchases.append(Purchase(t, lines))
        schedule(t, lines)
    if p.in_shop and rnd() < 0.04:  # something in the last three days: the desk looks fresh
        t = now - ((20 * 60) + int(rng.random() * ((72 * HOUR) - (20 * 60))))
        if t > purchases[-1].ts:
            if refills:
                lines = [Line(refills[0][1], 1)]
            else:
                lines = _basket(catalog.devices.pick(rnd()), rng, False)
            purchases.append(Purchase(t, lines))
    return purchases


SHOP_METHODS = Table([("CARD", 45), ("PAYPAL", 35), ("KLARNA", 12), ("BANK_TRANSFER", 8)])
ERP_METHODS = Table([("BANK_TRANSFER", 40), ("DIRECT_DEBIT", 25), ("CARD", 20), ("CASH", 15)])


def assign_channels(p: Person, purchases: list[Purchase], rng: random.Random) -> None:
    """Decide per purchase whether it went through the shop or the ERP (and was invoiced)."""
    rnd = rng.random
    for pu in purchases:
        if p.in_shop and (not p.in_erp or rnd() < 0.85):
            pu.channel = "shop"
            pu.invoiced = p.in_erp and rnd() < 0.6
            pu.method = SHOP_METHODS.pick(rnd())
        else:
            pu.channel = "erp"
            pu.invoiced = True
            pu.method = ERP_METHODS.pick(rnd())
        moved = p.new_addr is not None and pu.ts >= p.move_ts
        pu.address = p.new_addr if moved else p.addr
        changed = p.old_email is not None and pu.ts < p.email_change_ts
        pu.email = p.old_email if changed and p.old_email else p.email


def life_cycle(pu: Purchase, rng: random.Random, now: int) -> None:
    """Payment, shipping, cancellation and refunds, as far as they happened before ``now``."""
    rnd = rng.random
    ts = pu.ts
    age = now - ts
    if rnd() < 0.03 and age > HOUR:
        pu.cancelled_ts = min(ts + (600 + int(rng.random() * ((2 * DAY) - 600))), now - 60)
        if rnd() < 0.7:
            pu.paid_ts = ts + (30 + int(rng.random() * (600 - 30)))
        if pu.paid_ts and pu.paid_ts < pu.cancelled_ts:
            pu.refund_ts = pu.cancelled_ts + (60 + int(rng.random() * ((6 * HOUR) - 60)))
            if pu.refund_ts >= now:
                pu.refund_ts = now - 30
            pu.refund_lines = list(pu.lines)
        return
    if pu.method == "BANK_TRANSFER" or pu.channel == "erp":
        pay = ts + (HOUR + int(rng.random() * ((12 * DAY) - HOUR)))
        if rnd() < 0.03:
            pay = 0  # never paid: overdue
    else:
        pay = ts + (20 + int(rng.random() * (900 - 20)))
        if age < DAY and rnd() < 0.25:
            pay = 0  # still pending
    pu.paid_ts = pay if 0 < pay < now else 0
    ship = ts + ((6 * HOUR) + int(rng.random() * ((3 * DAY) - (6 * HOUR))))
    if ship < now and (
        pu.paid_ts or pu.method in ("KLARNA", "BANK_TRANSFER") or pu.channel == "erp"
    ):
        pu.ship_ts = ship
        many = len(pu.lines) > 1
        pu.partial = many and age < 6 * DAY and rnd() < 0.3
        r = rnd()
        if r < 0.09 and pu.paid_ts:
            refund = ship + ((3 * DAY) + int(rng.random() * ((30 * DAY) - (3 * DAY))))
            if refund < now:
                pu.refund_ts = refund
                if r < 0.04 or not (many or pu.lines[0].qty > 1):
                    pu.refund_lines = list(pu.lines)
                elif many:
                    pu.refund_lines = [pu.lines[int(rng.random() * (len(pu.lines)))]]
                else:
                    pu.refund_lines = [Line(pu.lines[0].product, 1)]
