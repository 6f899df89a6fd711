"""Person synthesis for the demo generator: who a person is, and how each system gets them wrong.

A :class:`Person` is the ground truth (real-spelling name, birth date, address, phones, e-mail,
which systems know them). :class:`PersonFactory` creates persons one at a time from the run's
single random stream, including the confounders an identity resolver must *not* merge:

* households: two persons at one address sharing one e-mail address;
* company switchboards: employees of one company share its phone number (pools of ~5-50);
* very common names (many distinct "Maria García", "John Smith", "Anna Nowak");
* a father and son with the same name at the same address but different birth dates.

The ``*_name`` / ``email_variant`` / ``phone_text`` functions produce the per-system
variations (typos, nicknames, dropped accents, transliteration, swapped or upper-case names,
Gmail dots and +tags, case changes, phone formats).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from zlib import crc32

from agent_desk.demo.formats import DAY, Clock, PhonePlan, format_phone
from agent_desk.demo.pools import City, Country, Forms, NamePool, Pools, Table

GMAIL = ("gmail.com", "googlemail.com")
_LETTERS_GB = "ABDEFGHJLNPQRSTUWXYZ"
_LETTERS_NL = "ABCEGHJKLMNPRTVWXZ"
_ALT_DOMAINS = ("gmail.com", "outlook.com", "icloud.com", "proton.me", "example.com", "example.net")


class Seen:
    """A Bloom filter of keys (normalized e-mails, E.164 numbers) handed out so far.

    Keeps uniqueness where the real world has it (one mailbox, one phone line) in a few MB at
    a million persons; a false positive only means one more redraw. A successful ``add`` means
    the key is new (no false negatives), and every mailbox a person gets is added under its
    :func:`canonical_email`, so no two persons share a mailbox; writers only re-spell a mailbox
    (case, Gmail dots/+tags), which keeps its canonical key. That is what makes e.g. Zendesk
    e-mails unique across persons without a set of all addresses.
    """

    __slots__ = ("bits", "mask")

    def __init__(self, expected: int) -> None:
        size = 1 << max(20, (expected * 12).bit_length())
        self.bits = bytearray(size >> 3)
        self.mask = size - 1

    def add(self, key: str) -> bool:
        """Record ``key``; return ``False`` if it was (probably) recorded before."""
        data = key.encode()
        h1 = crc32(data)
        h2 = crc32(data, 0x5BD1E995) | 1
        bits = self.bits
        mask = self.mask
        new = False
        for pos in (h1 & mask, (h1 + h2) & mask, (h1 + 2 * h2 + (h2 >> 7)) & mask):
            byte = bits[pos >> 3]
            flag = 1 << (pos & 7)
            if not byte & flag:
                new = True
                bits[pos >> 3] = byte | flag
        return new


class Phone:
    __slots__ = ("country", "groups", "nsn")

    def __init__(self, country: Country, nsn: str, groups: tuple[int, ...]) -> None:
        self.country = country
        self.nsn = nsn
        self.groups = groups

    @property
    def e164(self) -> str:
        return f"+{self.country.cc}{self.nsn}"

    def text(self, style: str) -> str:
        c = self.country
        return format_phone(c.cc, c.trunk, self.nsn, self.groups, style)


@dataclass(slots=True)
class Address:
    country: Country
    line1: str  # as the person writes it
    line1_erp: str  # cp1252, sometimes abbreviated
    line2: str | None
    zip: str
    city: City
    jtail: str = ""  # JSON members shared by every order shipping here (filled lazily)


@dataclass(slots=True)
class Company:
    name: Forms
    phone: Phone
    address: Address
    domain: str


@dataclass(slots=True)
class Person:
    pid: str
    idx: int
    country: Country
    pool: NamePool
    gender: str
    first: Forms
    last: Forms
    last_short: Forms | None  # Spanish: the first surname alone
    nick: Forms | None
    birth_day: int
    addr: Address
    new_addr: Address | None
    move_ts: int
    mobile: Phone
    old_mobile: Phone | None
    landline: Phone | None
    company: Company | None
    email: str
    old_email: str | None
    email_change_ts: int
    shared_email: str | None
    in_erp: bool
    in_shop: bool
    in_zd: bool
    guest_p: float
    kind: str  # single, household, father, son
    time_zone: str
    last_idx: int


def join_forms(a: Forms, b: Forms) -> Forms:
    return Forms(
        f"{a.real} {b.real}",
        f"{a.latin} {b.latin}",
        f"{a.ascii} {b.ascii}",
        f"{a.cp} {b.cp}",
        a.token + b.token,
    )


def typo(text: str, rng: random.Random) -> str:
    """Adjacent swap, dropped letter or doubled letter (never the first letter)."""
    if len(text) < 4:
        return text
    i = 1 + int(rng.random() * ((len(text) - 1) - 1))
    k = rng.random()
    if k < 0.4 and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if k < 0.7:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def canonical_email(email: str) -> str:
    local, _, domain = email.lower().partition("@")
    if domain in GMAIL:
        return local.split("+", 1)[0].replace(".", "") + "@gmail.com"
    return local.split("+", 1)[0] + "@" + domain


def gmail_variant(email: str, rng: random.Random) -> str:
    """The same Gmail mailbox written differently: dots, a +tag or googlemail.com."""
    local, _, domain = email.partition("@")
    k = rng.random()
    if k < 0.35 and ("." in local or len(local) > 3):
        local = local.replace(".", "") if "." in local else local[:3] + "." + local[3:]
    elif k < 0.7:
        local = f"{local}+{('shop', 'orders', 'deals', 'news', 'web')[int(rng.random() * 5)]}"
    else:
        domain = "googlemail.com" if domain == "gmail.com" else "gmail.com"
    return f"{local}@{domain}"


def email_variant(email: str, rng: random.Random) -> str:
    """The same mailbox written differently: case, Gmail dots/+tags/googlemail."""
    r = rng.random()
    local, _, domain = email.partition("@")
    if domain in GMAIL and r < 0.6:
        return gmail_variant(email, rng)
    if r < 0.8:
        return f"{local[:1].upper()}{local[1:]}@{domain}"
    return f"{local}@{domain.upper()}"


def phone_text(phone: Phone, styles: Table[str], rng: random.Random) -> str:
    return phone.text(styles.pick(rng.random()))


def erp_name(p: Person, rng: random.Random) -> tuple[str, str]:
    """cp1252 names as a legacy ERP holds them: upper case, swapped fields, typos."""
    first, last = p.first.cp, p.last.cp
    r = rng.random()
    if r < 0.03:
        last = typo(last, rng)
    elif r < 0.05:
        first = typo(first, rng)
    r = rng.random()
    if r < 0.10:
        last = last.upper()
    elif r < 0.14:
        first, last = first.upper(), last.upper()
    elif r < 0.17:
        first, last = last, first
    return first, last


def shop_name(p: Person, rng: random.Random) -> tuple[str, str]:
    """Names as typed into a web shop: nicknames, accents dropped, Latin script, typos."""
    script = p.pool.script
    latin = script != "latin" and rng.random() < (0.5 if script == "greek" else 0.7)
    first = p.first.latin if latin else p.first.real
    last_f = p.last_short if p.last_short is not None and rng.random() < 0.35 else p.last
    last = last_f.latin if latin else last_f.real
    r = rng.random()
    if p.nick is not None and r < 0.08:
        first = p.nick.latin if latin else p.nick.real
    elif r < 0.20:
        first, last = p.first.ascii, last_f.ascii
    r = rng.random()
    if r < 0.025:
        last = typo(last, rng)
    elif r < 0.04:
        first = typo(first, rng)
    elif r < 0.08:
        first, last = first.lower(), last.lower()
    return first, last


def zd_name(p: Person, rng: random.Random, email: str | None) -> str:
    """A Zendesk display name: usually the full name, sometimes just what the e-mail gave."""
    r = rng.random()
    if r < 0.07 and email:
        return email.partition("@")[0]
    if r < 0.14:
        return p.first.real
    first, last = shop_name(p, rng)
    return f"{first} {last}"


class PersonFactory:
    """Creates persons one by one (pairs for households and father/son)."""

    def __init__(self, pools: Pools, rng: random.Random, clock: Clock, customers: int) -> None:
        self.pools = pools
        self.rng = rng
        self.clock = clock
        self.customers = customers
        self.seen = Seen(customers * 4)
        self._companies: dict[tuple[str, int], Company] = {}
        self._pending: list[Person] = []
        self._cur_country = pools.country_table.items[0]
        self._name_mix = {
            "DE": Table([("DE", 94), ("RU", 3), ("UA", 3)]),
            "PL": Table([("PL", 95), ("UA", 5)]),
        }
        counts: dict[str, int] = {}
        for c in pools.country_table.items:
            counts[c.code] = counts.get(c.code, 0) + 1
        self._shares = {code: n / pools.country_table.n for code, n in counts.items()}

    # --- building blocks ---------------------------------------------------------------------
    def _phone(self, country: Country, plans: tuple[PhonePlan, ...]) -> Phone:
        rng = self.rng
        for _ in range(8):
            plan = plans[int(rng.random() * (len(plans)))]
            nsn = plan.draw(rng.random)
            if self.seen.add(f"+{country.cc}{nsn}"):
                break
        return Phone(country, nsn, plan.groups)

    def _address(self, country: Country, city: City | None = None) -> Address:
        rng = self.rng
        if city is None:
            cities = country.cities
            city = cities[0] if rng.random() < 0.2 else cities[int(rng.random() * (len(cities)))]
        street = country.streets[int(rng.random() * (len(country.streets)))]
        code = country.code
        no = str(
            (100 + int(rng.random() * (9900 - 100)))
            if code == "US"
            else 1 + int(rng.random() ** 2 * 180)
        )
        line2 = None
        if rng.random() < 0.3:
            apt = 1 + int(rng.random() * (40 - 1))
            if code == "PL":
                no = f"{no}/{apt}"
            elif code == "TR":
                no = f"{no} D:{apt}"
            elif code == "ES":
                no = f"{no}, {apt % 9 + 1}º {'ABCD'[apt % 4]}"
            elif code == "NL":
                no = f"{no}-{apt % 4 + 1}"
            elif code in ("GB", "US", "FR", "IT"):
                line2 = {"GB": "Flat", "US": "Apt", "FR": "Appt", "IT": "int."}[code] + f" {apt}"
        fmt = country.street_format
        line1 = fmt.format(street=street.real, no=no)
        erp_street = street.cp
        if code == "DE" and rng.random() < 0.35:
            erp_street = erp_street.replace("straße", "str.").replace("Straße", "Str.")
        line1_erp = fmt.format(street=erp_street, no=no)
        if line2:
            line1_erp = f"{line1_erp}, {line2}"
        letters = _LETTERS_NL if code == "NL" else _LETTERS_GB
        zip_code = city.zips[int(rng.random() * len(city.zips))].draw(rng.random, letters)
        return Address(country, line1, line1_erp, line2, zip_code, city)

    def _email(self, first: Forms, last: Forms, year: int, domain: str | None = None) -> str:
        rnd = self.rng.random
        f, la = first.token or "info", last.token or "mail"
        dom = domain or self._cur_country.email_domains.pick(rnd())
        r = rnd()
        yy = f"{year % 100:02d}"
        if r < 0.30:
            local = f"{f}.{la}"
        elif r < 0.42:
            local = f"{f}{la}"
        elif r < 0.52:
            local = f"{f[0]}.{la}"
        elif r < 0.57:
            local = f"{f}_{la}"
        elif r < 0.62:
            local = f"{la}.{f}"
        elif r < 0.74:
            local = f"{f}.{la}{yy}"
        elif r < 0.84:
            local = f"{f}{la}{1 + int(rnd() * 98)}"
        elif r < 0.90:
            local = f"{f}{yy}"
        elif r < 0.95:
            local = f"{f[0]}{la}"
        else:
            local = f"{la}{100 + int(rnd() * 900)}"
        add = self.seen.add
        gmail = dom in GMAIL
        email = f"{local}@{dom}"
        key = canonical_email(email) if gmail else email
        digits = 10
        while not add(key):  # taken: do what people do and add digits
            email = f"{local}{int(rnd() * digits)}@{dom}"
            key = canonical_email(email) if gmail else email
            digits *= 10
        return email

    def new_mailbox(self, p: Person) -> str:
        """Another mailbox of ``p`` that nobody else has (a second Zendesk account)."""
        self._cur_country = p.country
        rnd = self.rng.random
        domain = _ALT_DOMAINS[int(rnd() * len(_ALT_DOMAINS))] if rnd() < 0.3 else None
        return self._email(p.first, p.last, 1970 + p.birth_day // 365, domain)

    def _domain_for(self, rng: random.Random) -> str:
        return self._cur_country.email_domains.pick(rng.random())

    def _company(self, country: Country) -> Company:
        rng = self.rng
        n = max(1, int(self.customers * self._shares[country.code] * 0.08 / 20))
        key = (country.code, int(rng.random() ** 1.4 * n))
        company = self._companies.get(key)
        if company is None:
            pool = self.pools.names[country.code]
            last = pool.last_m[int(rng.random() * (len(pool.last_m)))]
            word = country.company_words[int(rng.random() * (len(country.company_words)))]
            form = country.company_forms[int(rng.random() * (len(country.company_forms)))]
            name_real = country.company_pattern.format(
                last=last.real, word=word.real, form=form.real
            )
            name_latin = country.company_pattern.format(
                last=last.latin, word=word.latin, form=form.latin
            )
            name = (
                Forms.of(name_real)
                if pool.script != "latin"
                else Forms(
                    name_real,
                    name_latin,
                    name_latin,
                    country.company_pattern.format(last=last.cp, word=word.cp, form=form.cp),
                    last.token,
                )
            )
            addr = self._address(country)
            phone = self._phone(country, addr.city.areas)
            domain = f"{last.token}-{word.token or 'group'}.example"
            company = Company(name, phone, addr, domain)
            self._companies[key] = company
        return company

    # --- persons -----------------------------------------------------------------------------
    def next(self, idx: int) -> Person:
        if self._pending:
            return self._pending.pop(0)
        rng = self.rng
        remaining = self.customers - idx
        r = rng.random()
        if remaining >= 2 and (idx == 4 or r < 0.03):
            pair = self._household(idx)
        elif remaining >= 2 and (idx == 10 or r < 0.035):
            pair = self._father_son(idx)
        else:
            return self._person(idx)
        self._pending.append(pair[1])
        return pair[0]

    def _person(
        self,
        idx: int,
        country: Country | None = None,
        gender: str | None = None,
        pool_key: str | None = None,
        last_idx: int | None = None,
        age_years: tuple[int, int] | None = None,
    ) -> Person:
        rng = self.rng
        rnd = rng.random
        clock = self.clock
        if country is None:
            country = self.pools.country_table.pick(rnd())
        self._cur_country = country
        if pool_key is None:
            mix = self._name_mix.get(country.code)
            pool_key = mix.pick(rnd()) if mix else country.code
        pool = self.pools.names[pool_key]
        if gender is None:
            gender = "m" if rnd() < 0.5 else "f"
        firsts = pool.male if gender == "m" else pool.female
        first = firsts[int(rng.random() * (len(firsts)))]
        if last_idx is None:
            last_idx = int(rng.random() * (len(pool.last_m)))
        last = (pool.last_m if gender == "m" else pool.last_f)[last_idx]
        last_short = None
        common = pool.common_m if gender == "m" else pool.common_f
        if common and rnd() < 0.02:
            first, last = common[int(rng.random() * (len(common)))][:2]
        elif country.code == "ES" and pool_key == "ES" and rnd() < 0.75:
            last_short = last
            last = join_forms(last, pool.last_m[int(rng.random() * (len(pool.last_m)))])
        nicks = pool.nicknames.get(first.real)
        nick = nicks[int(rng.random() * (len(nicks)))] if nicks else None
        if age_years is None:
            age_days = 18 * 365 + int(rnd() ** 1.4 * 66 * 365)
        else:
            age_days = (age_years[0] * 365) + int(
                rng.random() * ((age_years[1] * 365) - (age_years[0] * 365))
            )
        birth_day = clock.now_day - age_days
        year = 1970 + birth_day // 365

        addr = self._address(country)
        mobile = self._phone(country, country.mobile)
        old_mobile = self._phone(country, country.mobile) if rnd() < 0.06 else None
        landline = (
            self._phone(country, addr.city.areas)
            if rnd() < (0.6 if age_days > 50 * 365 else 0.25)
            else None
        )
        email = self._email(first, last, year)
        old_email = None
        change_ts = 0
        if rnd() < 0.10:
            old_email = self._email(
                first, last, year, _ALT_DOMAINS[int(rng.random() * 6)] if rnd() < 0.3 else None
            )
            change_ts = clock.start + int(rnd() * clock.span)
        new_addr = None
        move_ts = 0
        if rnd() < 0.10:
            new_addr = self._address(country, addr.city if rnd() < 0.6 else None)
            move_ts = clock.start + 90 * DAY + int(rnd() * (clock.span - 95 * DAY))
        company = self._company(country) if rnd() < 0.08 else None

        in_erp = rnd() < 0.70
        in_shop = rnd() < 0.75
        in_zd = rnd() < 0.45
        if not (in_erp or in_shop or in_zd):
            if rnd() < 0.5:
                in_erp = True
            else:
                in_shop = True
        g = rnd()
        guest_p = 0.0 if g < 0.80 else (0.35 if g < 0.92 else 1.0)
        return Person(
            pid=f"P{idx + 1:06d}",
            idx=idx,
            country=country,
            pool=pool,
            gender=gender,
            first=first,
            last=last,
            last_short=last_short,
            nick=nick,
            birth_day=birth_day,
            addr=addr,
            new_addr=new_addr,
            move_ts=move_ts,
            mobile=mobile,
            old_mobile=old_mobile,
            landline=landline,
            company=company,
            email=email,
            old_email=old_email,
            email_change_ts=change_ts,
            shared_email=None,
            in_erp=in_erp,
            in_shop=in_shop,
            in_zd=in_zd,
            guest_p=guest_p,
            kind="single",
            time_zone=addr.city.time_zone,
            last_idx=last_idx,
        )

    def _household(self, idx: int) -> tuple[Person, Person]:
        rng = self.rng
        a = self._person(idx)
        age = (self.clock.now_day - a.birth_day) // 365
        b = self._person(
            idx + 1,
            country=a.country,
            gender="f" if a.gender == "m" else "m",
            pool_key=a.pool.key,
            last_idx=a.last_idx,
            age_years=(max(18, age - 8), max(20, age + 8)),
        )
        b.addr = a.addr
        b.new_addr, b.move_ts = a.new_addr, a.move_ts
        if a.landline is None:
            a.landline = self._phone(a.country, a.addr.city.areas)
        b.landline = a.landline
        fa, fb, la = a.first.token, b.first.token, a.last.token
        self._cur_country = a.country
        attempt = 0
        while True:  # until the mailbox is new: nobody else may have this address
            r = rng.random()
            if attempt > 3:
                top = 999 * 10 ** max(0, attempt - 9)
                local = f"{la}.{fa}.{fb}{(2 + int(rng.random() * (top - 2)))}"
            elif r < 0.3:
                local = f"{fa}.{fb}.{la}"
            elif r < 0.55:
                local = f"{la}.family" if a.country.code != "DE" else f"familie.{la}"
            elif r < 0.8:
                local = f"{fa}and{fb}{(1 + int(rng.random() * (99 - 1)))}"
            else:
                local = f"{la}{fa}{fb}"
            shared = f"{local}@{self._domain_for(rng)}"
            if self.seen.add(canonical_email(shared)):
                break
            attempt += 1
        a.email = shared
        b.shared_email = shared
        a.in_erp = b.in_erp = rng.random() < 0.9
        for x in (a, b):
            if not (x.in_erp or x.in_shop or x.in_zd):
                x.in_shop = True
        a.kind = b.kind = "household"
        b.time_zone = a.time_zone
        return a, b

    def _father_son(self, idx: int) -> tuple[Person, Person]:
        father = self._person(idx, gender="m", age_years=(56, 78))
        age = (self.clock.now_day - father.birth_day) // 365
        son = self._person(
            idx + 1,
            country=father.country,
            gender="m",
            pool_key=father.pool.key,
            age_years=(age - 33, age - 24),
        )
        son.first, son.last, son.last_short, son.nick = (
            father.first,
            father.last,
            father.last_short,
            father.nick,
        )
        son.email = self._email(son.first, son.last, 1970 + son.birth_day // 365)
        son.old_email = None
        son.addr = father.addr
        son.new_addr, son.move_ts = None, 0
        father.new_addr, father.move_ts = None, 0
        if father.landline is None:
            father.landline = self._phone(father.country, father.addr.city.areas)
        son.landline = father.landline
        father.in_erp = son.in_erp = True
        father.kind, son.kind = "father", "son"
        son.time_zone = father.time_zone
        return father, son
