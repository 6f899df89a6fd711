"""The legacy ERP flat-file export of the demo data (``erp/*.csv``).

cp1252, ``;``-separated, CRLF, one header row, ``dd.mm.yyyy`` dates, decimal commas with ``.``
thousands separators, negative amounts (credit notes, reversals, refunds) with a trailing minus.
Names are stored as an old system would: transliterated where cp1252 has no letter, sometimes
upper case, swapped or mistyped; addresses are often out of date (the ERP still has the address
from before a move) and e-mails are often the old one or missing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from agent_desk.demo.formats import DAY, Clock, erp_amount
from agent_desk.demo.people import Person, erp_name, phone_text
from agent_desk.demo.purchases import Purchase
from agent_desk.demo.sinks import Files, RowSink

CUSTOMER_COLUMNS = [
    "CUST_NO",
    "SALUTATION",
    "FIRST_NAME",
    "LAST_NAME",
    "COMPANY",
    "STREET",
    "POSTCODE",
    "CITY",
    "COUNTRY",
    "PHONE",
    "EMAIL",
    "BIRTH_DATE",
    "CREATED",
    "CHANGED",
    "CREDIT_LIMIT",
]
INVOICE_COLUMNS = [
    "INVOICE_NO",
    "CUST_NO",
    "INVOICE_DATE",
    "DUE_DATE",
    "NET",
    "VAT",
    "GROSS",
    "CURRENCY",
    "STATUS",
]
PAYMENT_COLUMNS = ["PAYMENT_NO", "CUST_NO", "INVOICE_NO", "PAYMENT_DATE", "AMOUNT", "METHOD"]
CONTRACT_COLUMNS = ["CONTRACT_NO", "CUST_NO", "SKU", "START_DATE", "END_DATE", "STATUS"]

FILES = ("erp/customers.csv", "erp/invoices.csv", "erp/payments.csv", "erp/contracts.csv")
CONTRACT_KINDS = ("warranty", "service_plan")
_PRIVATE_LIMITS = ("0,00", "0,00", "0,00", "500,00", "1.000,00", "2.500,00")
_BUSINESS_LIMITS = ("5.000,00", "10.000,00", "25.000,00", "50.000,00")


@dataclass(slots=True)
class Contract:
    number: str
    sku: str
    name: str
    start_day: int
    end_day: int
    status: str


@dataclass(slots=True)
class ErpResult:
    cust_no: str = ""
    cust_nos: list[str] = field(default_factory=list)
    invoices: list[Purchase] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)


def _has_contract(pu: Purchase) -> bool:
    return any(line.product.kind in CONTRACT_KINDS for line in pu.lines)


class ErpWriter:
    def __init__(self, files: Files, rng: random.Random, clock: Clock) -> None:
        def sink(rel: str, columns: list[str]) -> RowSink:
            return files.csv(rel, columns, encoding="cp1252", delimiter=";", newline="\r\n")

        self.customers = sink(FILES[0], CUSTOMER_COLUMNS)
        self.invoices = sink(FILES[1], INVOICE_COLUMNS)
        self.payments = sink(FILES[2], PAYMENT_COLUMNS)
        self.contracts = sink(FILES[3], CONTRACT_COLUMNS)
        self.rng = rng
        self.clock = clock
        self._cust = 100_000
        self._inv = 0
        self._pay = 0
        self._con = 0

    def _next_cust(self) -> str:
        self._cust += 1 + int(self.rng.random() * 5)
        return str(self._cust)

    def _customer_row(self, p: Person, cust_no: str, created: int, duplicate: bool) -> None:
        rng = self.rng
        rnd = rng.random
        clock = self.clock
        c = p.country
        first, last = erp_name(p, rng)
        company = ""
        addr = p.addr
        if p.new_addr is not None and (duplicate or rnd() < 0.3) and p.move_ts < clock.now:
            addr = p.new_addr  # the ERP got the change of address
        if p.company is not None:
            company = p.company.name.cp
            if rnd() < 0.6:
                addr = p.company.address
        # the row cannot have been changed before the change it shows
        changed_floor = created // DAY
        if addr is p.new_addr:
            changed_floor = max(changed_floor, p.move_ts // DAY)
        # phone
        r = rnd()
        if p.company is not None and r < 0.7:
            phone = phone_text(p.company.phone, c.styles_erp, rng)
        elif r < 0.12:
            phone = ""
        else:
            number = (
                p.landline if p.landline is not None and rnd() < 0.6 else (p.old_mobile or p.mobile)
            )
            if duplicate:
                number = p.mobile
            phone = phone_text(number, c.styles_erp, rng)
        # e-mail
        r = rnd()
        if p.shared_email is not None and r < 0.8:
            email = p.shared_email
        elif p.company is not None and r < 0.6:
            email = f"{p.first.token}.{p.last.token}@{p.company.domain}"
        elif r < 0.18:
            email = ""
        elif p.old_email is not None and not duplicate:
            email = p.old_email
        else:
            email = p.email
        if p.old_email is not None and email == p.email:  # the newer e-mail
            changed_floor = max(changed_floor, p.email_change_ts // DAY)
        if email and rnd() < 0.08:
            email = email.upper() if rnd() < 0.3 else email[:1].upper() + email[1:]
        birth = ""
        if p.kind in ("father", "son") or rnd() < 0.5:
            birth = clock.birth_dmy(p.birth_day)
        created_day = created // DAY
        changed_day = changed_floor + int(rnd() ** 2 * (clock.now_day - changed_floor))
        limit = (
            _BUSINESS_LIMITS[int(rng.random() * 4)]
            if p.company is not None
            else _PRIVATE_LIMITS[int(rng.random() * 6)]
        )
        salutation = "" if rnd() < 0.1 else c.salutation[p.gender]
        if p.company is not None and rnd() < 0.3:
            salutation = "Firma" if c.code == "DE" else ""
        self.customers.row(
            (
                cust_no,
                salutation,
                first,
                last,
                company,
                addr.line1_erp,
                addr.zip,
                addr.city.name.cp,
                c.code,
                phone,
                email,
                birth,
                clock.dmy(created_day),
                clock.dmy(changed_day),
                limit,
            )
        )

    def write(self, p: Person, purchases: list[Purchase]) -> ErpResult:
        """Write the person's ERP customer record(s), invoices, payments and contracts."""
        rng = self.rng
        rnd = rng.random
        clock = self.clock
        res = ErpResult()
        mine = [pu for pu in purchases if pu.invoiced]
        # the customer exists before its first invoice and its first contract (contracts
        # come from every purchase, invoiced or not); purchases are in time order
        first = next((pu for pu in purchases if pu.invoiced or _has_contract(pu)), None)
        first_ts = first.ts if first is not None else clock.start + int(rnd() * clock.span)
        created = max(clock.start, first_ts - int(rng.random() * (60 * DAY)))
        res.cust_no = self._next_cust()
        res.cust_nos.append(res.cust_no)
        self._customer_row(p, res.cust_no, created, False)
        dup_ts = 0
        if rnd() < 0.015:  # the same person entered twice, later
            dup_ts = created + int(rnd() * (clock.now - created))
            res.cust_nos.append(self._next_cust())
            self._customer_row(p, res.cust_nos[1], dup_ts, True)
        for pu in mine:
            cust_no = res.cust_nos[1] if dup_ts and pu.ts >= dup_ts else res.cust_no
            self._invoice(p, pu, cust_no)
            res.invoices.append(pu)
        for pu in purchases:
            for line in pu.lines:
                if line.product.kind in CONTRACT_KINDS:
                    res.contracts.append(
                        self._contract(
                            pu,
                            line.product.sku,
                            line.product.name,
                            line.product.kind,
                            line.product.term_days,
                            res.cust_no,
                        )
                    )
        return res

    def _invoice(self, p: Person, pu: Purchase, cust_no: str) -> None:
        rng = self.rng
        clock = self.clock
        c = p.country
        if pu.channel == "shop":
            currency, fx = "EUR", 1000
        else:
            currency, fx = c.erp_currency, c.fx_milli
        gross = (pu.total * fx + 500) // 1000
        net = (gross * 100 * 2 + (100 + c.vat)) // (2 * (100 + c.vat))
        day = pu.ts // DAY
        due = day + (30 if p.company is not None else 14)
        if pu.cancelled_ts:
            status = "cancelled"
        elif pu.paid_ts:
            status = "paid"
        else:
            status = "open" if due >= clock.now_day else "overdue"
        self._inv += 1
        number = f"{clock.ymd(day)[:4]}{self._inv:07d}"
        pu.invoice_no = number
        pu.invoice_amount = f"{erp_amount(gross)} {currency}"
        self.invoices.row(
            (
                number,
                cust_no,
                clock.dmy(day),
                clock.dmy(due),
                erp_amount(net),
                erp_amount(gross - net),
                erp_amount(gross),
                currency,
                status,
            )
        )
        pay_rows: list[tuple[int, int, str]] = []  # day, amount, invoice number
        if pu.paid_ts:
            pay_day = pu.paid_ts // DAY
            if rng.random() < 0.03 and gross > 2000:  # paid in two instalments
                half = gross // 2
                second = min(pay_day + 5 + int(rng.random() * 25), clock.now_day - 1)
                pay_rows.append((pay_day, half, number))
                pay_rows.append((second, gross - half, number))
            else:
                pay_rows.append((pay_day, gross, number))
        if pu.refund_ts:
            refund = (pu.refund_total * fx + 500) // 1000
            rday = pu.refund_ts // DAY
            if not pu.cancelled_ts:  # credit note
                rnet = (refund * 100 * 2 + (100 + c.vat)) // (2 * (100 + c.vat))
                self._inv += 1
                credit_no = f"{clock.ymd(rday)[:4]}{self._inv:07d}"
                self.invoices.row(
                    (
                        credit_no,
                        cust_no,
                        clock.dmy(rday),
                        clock.dmy(rday),
                        erp_amount(-rnet),
                        erp_amount(-(refund - rnet)),
                        erp_amount(-refund),
                        currency,
                        "paid",
                    )
                )
                pay_rows.append((rday, -refund, credit_no))
            else:  # reversal of the payment
                pay_rows.append((rday, -refund, number))
        for pay_day, amount, invoice in pay_rows:
            self._pay += 1
            self.payments.row(
                (
                    f"{400_000_000 + self._pay}",
                    cust_no,
                    invoice,
                    clock.dmy(pay_day),
                    erp_amount(amount),
                    pu.method,
                )
            )

    def _contract(
        self, pu: Purchase, sku: str, name: str, kind: str, term: int, cust_no: str
    ) -> Contract:
        rng = self.rng
        clock = self.clock
        start = pu.ts // DAY
        end = start + term
        now_day = clock.now_day
        if pu.cancelled_ts or (
            pu.refund_ts and any(ln.product.sku == sku for ln in pu.refund_lines)
        ):
            end = max(start + 1, min((pu.refund_ts or pu.cancelled_ts) // DAY, now_day - 1))
            status = "cancelled"
        elif kind == "service_plan":
            status = "active"
            while end < now_day:
                if rng.random() < 0.7:
                    end += term  # auto-renewed
                else:
                    status = "expired"
                    break
            if status == "active" and rng.random() < 0.08:
                status = "cancelled"  # notice given, runs out at END_DATE
        else:
            status = "active" if end >= now_day else "expired"
        self._con += 1
        number = f"CT{self._con:07d}"
        self.contracts.row((number, cust_no, sku, clock.dmy(start), clock.dmy(end), status))
        return Contract(number, sku, name, start, end, status)
