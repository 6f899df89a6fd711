"""Read a promise typed during a call ("refund by Friday") as a commitment kind and due time.

Pure and regex-based, so it can run on every keystroke. The agent confirms the result, so the
rules are kept few and predictable rather than clever. All calendar reasoning is done in the
agent's local wall time, then converted to UTC: a time in a spring-forward gap moves forward
by the gap, an ambiguous time in the autumn takes its first occurrence (zoneinfo ``fold=0``).
Order numbers ("#1004", "order 1004") and amounts ("€25", "25 euros") are blanked out first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from agent_desk.i18n import translate
from agent_desk.store.work import COMMITMENT_KINDS

_F = re.IGNORECASE | re.ASCII
_PEOPLE = r"(?:you|him|her|them|the customer|the client)"
_KINDS = (
    (
        "call_back",
        rf"call(?:[- ]?back| {_PEOPLE}(?: back)?)?|ring (?:{_PEOPLE} )?back"
        rf"|phone(?: {_PEOPLE})?(?: back)?|return (?:the |their )?call",
    ),
    ("refund", r"refund(?:s|ed)?|money back|reimburse(?:d|ment)?"),
    ("replacement", r"replace(?:s|d|ment)?|new one|exchange(?:d)?"),
    ("credit", r"credit(?: note|ed|s)?|vouchers?|goodwill"),
    ("visit", r"visits?|engineers?|technicians?|on[- ]?site|appointments?"),
    (
        "status_update",
        rf"(?:status )?update[sd]?|status|keep (?:{_PEOPLE} )?posted"
        rf"|let (?:{_PEOPLE} )?know|follow[- ]?up(?: with news)?",
    ),
)
_KIND_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _KINDS) + r")\b", _F)
# the labels of :data:`agent_desk.services.commitments.KIND_LABELS` (context "CommitmentKind")
_LABELS = {kind: kind.replace("_", " ").capitalize() for kind in COMMITMENT_KINDS}

_NOISE_RE = re.compile(
    r"#\s*\w*\d[\w-]*"
    r"|\b(?:order|ord|ref|reference|invoice|inv|ticket|case|account|acct|tracking|parcel|item)\b"
    r"\.?\s*(?:no\b\.?|nr\b\.?|number|num\b)?\s*[:#]?\s*[a-z]*\d[\w-]*"
    r"|(?:[€$£¥]|\b(?:eur|usd|gbp|chf)\b)\s*\d[\d,.]*"
    r"|\d[\d,.]*\s*(?:[€$£%]|(?:eur|euros?|usd|gbp|chf|dollars?|pounds?|quid|cents?|pence)\b)",
    _F,
)
_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBERS = {"a": 1, "an": 1, "eleven": 11, "twelve": 12} | {w: i for i, w in enumerate(_WORDS, 1)}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
_MONTH += r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAYS = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
_DAYS += r"|sat(?:urday)?|sun(?:day)?"
_DAY_NAME = rf"(?P<day>{_DAYS})\b\.?"
_ON_DAY = rf"(?:\b(?:on\s+)?(?:{_DAYS})\b\.?,?\s+(?:the\s+)?)?"  # "Fri 27 Nov": the date decides
_YEAR = r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
_PARTS = {"noon": 12, "midday": 12, "morning": 10, "afternoon": 15, "evening": 18}

_CLOCK_RE = re.compile(
    r"(?<![\w.:/#])(?:(?P<at>\bat|@)\s*)?(?P<h>\d{1,2})(?:(?P<sep>[:.h])(?P<m>\d{2}))?"
    r"(?:\s*(?P<ap>[ap])\.?m\b\.?|(?P<hs>h)\b)?(?![\w:/]|[.,]\d)",
    _F,
)
_PART_RE = re.compile(
    r"(?<!good )\b(?:(?P<part>noon|midday|morning|afternoon|evening)"
    r"|end of (?:the )?(?:business )?day|(?:close|end) of business|eod|cob|eob)\b",
    _F,
)


@dataclass(frozen=True)
class ParsedPromise:
    """What the agent typed, read as a commitment; shown for confirmation before saving."""

    kind: str
    due_at: datetime | None
    description: str
    kind_phrase: str | None
    when_phrase: str | None

    def summary(self, tz: tzinfo) -> str:
        """One line for the dialog, e.g. "Refund, due Fri 27 Nov 17:00" (in ``tz``)."""
        label = translate("CommitmentKind", _LABELS.get(self.kind, self.kind))
        if self.due_at is None:
            return translate("ParsedPromise", "{kind}, no due time understood").format(kind=label)
        due = self.due_at.astimezone(tz)
        day = _WEEKDAYS[due.weekday()].capitalize()
        when = f"{day} {due.day} {_MONTHS[due.month - 1].capitalize()} {due:%H:%M}"
        return translate("ParsedPromise", "{kind}, due {when}").format(kind=label, when=when)


@dataclass(frozen=True)
class _Ctx:
    now: datetime  # aware
    local: datetime  # naive wall time of ``now`` in the agent's zone
    day_end: time
    day_first: bool

    @property
    def today(self) -> date:
        return self.local.date()

    def at(self, day: date, clock: time | None) -> datetime:
        return datetime.combine(day, self.day_end if clock is None else clock)


_Due = Callable[[time | None], datetime]


@dataclass(frozen=True)
class _Hit:
    """A date phrase at ``start:end``; ``due`` gives naive local time, or aware when exact."""

    start: int
    end: int
    due: _Due
    takes_clock: bool = True


_Reader = Callable[[re.Match[str], _Ctx], _Due | None]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar(ctx: _Ctx, year: str | None, month: int, day: int) -> _Due | None:
    """An explicit date; without a year, the first such date from today on (1 Nov -> next year)."""
    if year is not None:
        found = _safe_date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    else:
        options = (_safe_date(ctx.today.year + i, month, day) for i in range(5))
        found = next((d for d in options if d is not None and d >= ctx.today), None)
    return None if found is None else (lambda clock: ctx.at(found, clock))


def _numeric(m: re.Match[str], ctx: _Ctx) -> _Due | None:
    a, b = int(m["a"]), int(m["b"])
    return _calendar(ctx, m["y"], *((b, a) if ctx.day_first else (a, b)))


def _named(m: re.Match[str], ctx: _Ctx) -> _Due | None:
    return _calendar(ctx, m["y"], _MONTHS.index(m["mon"][:3].lower()) + 1, int(m["d"]))


def _relative(m: re.Match[str], ctx: _Ctx) -> _Due | None:
    count = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
    unit = m["unit"][0].lower()
    if unit in "mh":
        minutes = count if unit == "m" else count * 60
        exact = ctx.now.astimezone(UTC) + timedelta(minutes=minutes)  # elapsed, not wall time
        return lambda clock: exact
    day = ctx.today
    if unit == "d" and m["work"]:
        while count > 0:
            day += timedelta(days=1)
            count -= day.weekday() < 5
    else:
        day += timedelta(days=count * (7 if unit == "w" else 1))
    return lambda clock: ctx.at(day, clock)


def _day_word(m: re.Match[str], ctx: _Ctx) -> _Due | None:
    word = m[0].lower()
    if word == "tonight":  # 20:00 unless a time is given; "tonight at 8" is 20:00 too
        return lambda clock: datetime.combine(
            ctx.today, time(20) if clock is None else clock.replace(hour=clock.hour % 12 + 12)
        )
    offset = 2 if word.startswith("day") else 0 if word == "today" else 1
    return lambda clock: ctx.at(ctx.today + timedelta(days=offset), clock)


def _weekday(m: re.Match[str], ctx: _Ctx) -> _Due | None:
    mode = "next" if m["nw1"] or m["nw2"] else (m["mode"] or "").lower()
    target = _WEEKDAYS.index(m["day"][:3].lower())
    if mode == "next":  # that day of next week (weeks start on Monday)
        day = ctx.today + timedelta(days=7 - ctx.today.weekday() + target)
        return lambda clock: ctx.at(day, clock)
    ahead = (target - ctx.today.weekday()) % 7

    def due(clock: time | None) -> datetime:
        if ahead:
            return ctx.at(ctx.today + timedelta(days=ahead), clock)
        today = ctx.at(ctx.today, clock)  # today is that day: "by" or still ahead keeps today
        keep = mode in ("by", "until", "till", "before") or today > ctx.local
        return today if keep else ctx.at(ctx.today + timedelta(days=7), clock)

    return due


def _week(m: re.Match[str], ctx: _Ctx) -> _Due | None:
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    if not m["end"]:  # "next week": its Monday
        return lambda clock: ctx.at(monday + timedelta(days=7), clock)
    friday = monday + timedelta(days=11 if m["next"] else 4)

    def due(clock: time | None) -> datetime:
        this = ctx.at(friday, clock)
        return this if m["next"] or this > ctx.local else ctx.at(friday + timedelta(days=7), clock)

    return due


def _month_end(m: re.Match[str], ctx: _Ctx) -> _Due | None:
    def last_day(day: date) -> date:
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)

    def due(clock: time | None) -> datetime:
        this = ctx.at(last_day(ctx.today), clock)
        return (
            this if this > ctx.local else ctx.at(last_day(this.date() + timedelta(days=1)), clock)
        )

    return due


_DATES: tuple[tuple[re.Pattern[str], _Reader], ...] = (
    (re.compile(rf"{_ON_DAY}\b(?P<y>\d{{4}})-(?P<b>\d{{1,2}})-(?P<a>\d{{1,2}})(?!\d)", _F),
     lambda m, ctx: _calendar(ctx, m["y"], int(m["b"]), int(m["a"]))),
    (re.compile(rf"{_ON_DAY}(?<![\w/.])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d\d))?"
                r"(?![\w/])", _F), _numeric),
    (re.compile(rf"{_ON_DAY}(?<![\w.])(?<!\bat )(?P<a>\d{{1,2}})\.(?P<b>\d{{1,2}})\."
                r"(?:(?P<y>\d{4}|\d\d)\b|(?!\d))", _F), _numeric),
    (re.compile(rf"{_ON_DAY}\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}{_YEAR}", _F),
     _named),
    (re.compile(rf"{_ON_DAY}\b{_MONTH}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b{_YEAR}", _F), _named),
    (re.compile(r"\b(?:in|within)\s+(?P<n>\d{1,3}|an|a|one|two|three|four|five|six|seven"
                r"|eight|nine|ten|eleven|twelve)\s*(?P<work>(?:working|business)\s+)?"
                r"(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?)\b", _F), _relative),
    (re.compile(r"\b(?:day after tomorrow|tomorrow|tmrw|tmr|today|tonight)\b", _F), _day_word),
    (re.compile(r"\b(?:(?P<mode>by|on|this|next|until|till|before)\s+|(?P<nw1>next week,?\s+"
                rf"(?:on\s+)?))?{_DAY_NAME}(?P<nw2>\s+(?:of\s+)?next\s+week\b)?", _F), _weekday),
    (re.compile(r"\b(?:(?P<end>end of (?:the |this )?(?P<next>next )?week|eow)|next week)\b", _F),
     _week),
    (re.compile(r"\b(?:end of (?:the |this )?month|eom)\b", _F), _month_end),
)  # fmt: skip


def _find_date(work: str, ctx: _Ctx) -> _Hit | None:
    """The leftmost (then longest) date phrase that names a real date."""
    best: _Hit | None = None
    for pattern, reader in _DATES:
        for m in pattern.finditer(work):
            due = reader(m, ctx)
            if due is None:
                continue
            exact = reader is _relative and m["unit"][0] in "mhMH"  # minutes/hours: no clock
            hit = _Hit(m.start(), m.end(), due, takes_clock=not exact)
            if best is None or (hit.start, -hit.end) < (best.start, -best.end):
                best = hit
            break
    return best


_GAP_RE = re.compile(r"[\s,]*(?:(?:at|by|on|around|@)\b[\s,]*)?", _F)


def _adjacent(work: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether two phrases are separated only by spaces, commas or an "at"/"on"/"by"."""
    a, b = sorted((first, second))
    return b[0] >= a[1] and _GAP_RE.fullmatch(work, a[1], b[0]) is not None


def _find_clock(work: str, date_hit: _Hit | None, day_end: time) -> tuple[int, int, time] | None:
    """The leftmost time of day; a bare number only counts after "at" or with am/pm/h."""
    found: tuple[int, int, time] | None = None
    for m in _CLOCK_RE.finditer(work):
        hour, minute, sep = int(m["h"]), int(m["m"] or 0), m["sep"]
        if m["ap"]:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m["ap"].lower() == "p" else 0)
        elif sep == "." and not m["at"]:  # "10.30" is a time only next to a date: else an amount
            if date_hit is None or not _adjacent(work, m.span(), (date_hit.start, date_hit.end)):
                continue
        elif not (sep or m["hs"] or m["at"]):
            continue
        elif m["at"] and sep is None and 1 <= hour <= 7:
            hour += 12  # "at 3" during business hours means 15:00
        if hour <= 23 and minute <= 59:
            found = (m.start(), m.end(), time(hour, minute))
            break
    part = _PART_RE.search(work)
    if part and (found is None or part.start() < found[0]):
        name = (part["part"] or "").lower()
        return part.start(), part.end(), time(_PARTS[name]) if name else day_end
    return found


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` replaced by spaces (so offsets stay valid)."""
    return text[:start] + " " * (end - start) + text[end:]


def _phrase(typed: str, spans: list[tuple[int, int]]) -> str | None:
    """The words that gave the due time: one stretch when adjacent, else joined by a space."""
    if len(spans) == 2 and _adjacent(typed, spans[0], spans[1]):
        return typed[min(s for s, _ in spans) : max(e for _, e in spans)]
    return " ".join(typed[s:e] for s, e in sorted(spans)) or None


def _due(work: str, ctx: _Ctx) -> tuple[datetime | None, list[tuple[int, int]]]:
    """The due time as naive local wall time (aware when exact) and the spans that gave it."""
    hit = _find_date(work, ctx)
    if hit is not None and not hit.takes_clock:
        return hit.due(None), [(hit.start, hit.end)]
    clock = _find_clock(_blank(work, hit.start, hit.end) if hit else work, hit, ctx.day_end)
    spans = [(hit.start, hit.end)] if hit else []
    spans += [clock[:2]] if clock else []
    if hit is not None:
        return hit.due(clock[2] if clock else None), spans
    if clock is not None:  # a time alone: today if still ahead, else tomorrow
        local = datetime.combine(ctx.today, clock[2])
        return local + timedelta(days=0 if local > ctx.local else 1), spans
    return None, []


def parse_promise(
    text: str,
    now: datetime,
    tz: tzinfo,
    *,
    day_end: time = time(17, 0),
    day_first: bool = True,
) -> ParsedPromise:
    """Read ``text`` as a commitment kind and a due time (aware, UTC) relative to ``now``.

    Never raises on the text: what it does not understand gives kind "other" / no due time.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_promise needs an aware 'now' (a datetime with a time zone)")
    typed = " ".join(text.split())
    kind_match = _KIND_RE.search(typed)
    ctx = _Ctx(now, now.astimezone(tz).replace(tzinfo=None), day_end, day_first)
    work = _NOISE_RE.sub(lambda m: " " * len(m[0]), typed)  # order numbers, amounts
    try:
        local, spans = _due(work, ctx)
        if local is not None and local.tzinfo is None:
            local = local.replace(tzinfo=tz)  # fold=0: a gap moves forward, an overlap is first
        due_at = None if local is None else local.astimezone(UTC)
    except (ValueError, OverflowError):  # a date beyond the calendar: no due time
        due_at, spans = None, []
    return ParsedPromise(
        kind=(kind_match.lastgroup or "other") if kind_match else "other",
        due_at=due_at,
        description=typed[:1].upper() + typed[1:],
        kind_phrase=kind_match[0] if kind_match else None,
        when_phrase=_phrase(typed, spans),
    )
