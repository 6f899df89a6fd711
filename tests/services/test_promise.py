"""The promise parser: kind words, due times in the agent's zone (DST included), noise ignored."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from agent_desk.services.promise import ParsedPromise, parse_promise
from agent_desk.store.work import COMMITMENT_KINDS

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 11, 0, tzinfo=LONDON)  # a Wednesday; London is on UTC+0 then


def parse(
    text: str, now: datetime = NOW, *, day_end: time = time(17, 0), day_first: bool = True
) -> ParsedPromise:
    return parse_promise(text, now, LONDON, day_end=day_end, day_first=day_first)


def local(due: datetime | None) -> str | None:
    """The due time as London wall time, the way the expectations below are written."""
    return None if due is None else due.astimezone(LONDON).strftime("%a %Y-%m-%d %H:%M")


# text, kind, due (London wall time) or None, when_phrase
CASES = [
    # kinds, first one in the text wins
    ("call back tomorrow 10:00", "call_back", "Thu 2026-11-26 10:00", "tomorrow 10:00"),
    ("Callback", "call_back", None, None),
    ("ring them back", "call_back", None, None),
    ("call the customer", "call_back", None, None),
    ("phone on Friday", "call_back", "Fri 2026-11-27 17:00", "on Friday"),
    ("refund by Friday", "refund", "Fri 2026-11-27 17:00", "by Friday"),
    ("get his money back", "refund", None, None),
    ("reimburse postage", "refund", None, None),
    ("send a replacement", "replacement", None, None),
    ("new one", "replacement", None, None),
    ("EXCHANGE the kettle", "replacement", None, None),
    ("credit note", "credit", None, None),
    ("goodwill voucher", "credit", None, None),
    ("engineer visit", "visit", None, None),
    ("technician on site", "visit", None, None),
    ("book an appointment", "visit", None, None),
    ("status update", "status_update", None, None),
    ("keep the customer posted", "status_update", None, None),
    ("let her know", "status_update", None, None),
    ("follow up with news", "status_update", None, None),
    ("refund, then call back", "refund", None, None),
    ("call back about the refund", "call_back", None, None),
    ("recall prefunded creditor", "other", None, None),  # whole words only
    ("look into it", "other", None, None),
    # relative days
    ("today", "other", "Wed 2026-11-25 17:00", "today"),
    ("today 09:00", "other", "Wed 2026-11-25 09:00", "today 09:00"),  # past: kept, dialog warns
    ("tonight", "other", "Wed 2026-11-25 20:00", "tonight"),
    ("tonight at 9pm", "other", "Wed 2026-11-25 21:00", "tonight at 9pm"),
    ("tomorrow", "other", "Thu 2026-11-26 17:00", "tomorrow"),
    ("day after tomorrow", "other", "Fri 2026-11-27 17:00", "day after tomorrow"),
    # weekdays
    ("Friday", "other", "Fri 2026-11-27 17:00", "Friday"),
    ("on fri", "other", "Fri 2026-11-27 17:00", "on fri"),
    ("this Friday", "other", "Fri 2026-11-27 17:00", "this Friday"),
    ("next Friday", "other", "Fri 2026-12-04 17:00", "next Friday"),
    ("Friday next week", "other", "Fri 2026-12-04 17:00", "Friday next week"),
    ("Monday", "other", "Mon 2026-11-30 17:00", "Monday"),
    ("Wednesday", "other", "Wed 2026-11-25 17:00", "Wednesday"),  # today, 17:00 still ahead
    ("Wed 09:00", "other", "Wed 2026-12-02 09:00", "Wed 09:00"),  # today's 09:00 has gone
    ("by Tues", "other", "Tue 2026-12-01 17:00", "by Tues"),
    ("Thursday morning", "other", "Thu 2026-11-26 10:00", "Thursday morning"),
    # offsets: minutes and hours are exact, days and weeks end at day_end
    ("in 20 minutes", "other", "Wed 2026-11-25 11:20", "in 20 minutes"),
    ("within 2 hours", "other", "Wed 2026-11-25 13:00", "within 2 hours"),
    ("within 24h", "other", "Thu 2026-11-26 11:00", "within 24h"),
    ("in an hour", "other", "Wed 2026-11-25 12:00", "in an hour"),
    ("in three days", "other", "Sat 2026-11-28 17:00", "in three days"),
    ("within 5 working days", "other", "Wed 2026-12-02 17:00", "within 5 working days"),
    ("in 2 weeks at 9am", "other", "Wed 2026-12-09 09:00", "in 2 weeks at 9am"),
    ("within twelve days", "other", "Mon 2026-12-07 17:00", "within twelve days"),
    # ends of day, week, month
    ("end of day", "other", "Wed 2026-11-25 17:00", "end of day"),
    ("EOD", "other", "Wed 2026-11-25 17:00", "EOD"),
    ("cob tomorrow", "other", "Thu 2026-11-26 17:00", "cob tomorrow"),
    ("end of week", "other", "Fri 2026-11-27 17:00", "end of week"),
    ("EOW", "other", "Fri 2026-11-27 17:00", "EOW"),
    ("end of next week", "other", "Fri 2026-12-04 17:00", "end of next week"),
    ("next week", "other", "Mon 2026-11-30 17:00", "next week"),
    ("end of the month", "other", "Mon 2026-11-30 17:00", "end of the month"),
    # explicit dates (day first by default)
    ("2026-12-01", "other", "Tue 2026-12-01 17:00", "2026-12-01"),
    ("1 Dec", "other", "Tue 2026-12-01 17:00", "1 Dec"),
    ("Dec 1", "other", "Tue 2026-12-01 17:00", "Dec 1"),
    ("1st December", "other", "Tue 2026-12-01 17:00", "1st December"),
    ("December 1st 2026", "other", "Tue 2026-12-01 17:00", "December 1st 2026"),
    ("December 1st 2027 at 10", "other", "Wed 2027-12-01 10:00", "December 1st 2027 at 10"),
    ("1/12", "other", "Tue 2026-12-01 17:00", "1/12"),
    ("1.12.", "other", "Tue 2026-12-01 17:00", "1.12."),
    ("1.12.2026 10.30", "other", "Tue 2026-12-01 10:30", "1.12.2026 10.30"),
    ("Fri 27 Nov 14:00", "other", "Fri 2026-11-27 14:00", "Fri 27 Nov 14:00"),
    ("1/11", "other", "Mon 2027-11-01 17:00", "1/11"),  # already past: next year
    ("2.11.", "other", "Tue 2027-11-02 17:00", "2.11."),
    ("1 Nov", "other", "Mon 2027-11-01 17:00", "1 Nov"),
    ("25/11", "other", "Wed 2026-11-25 17:00", "25/11"),  # today is not past
    ("29/2", "other", "Tue 2028-02-29 17:00", "29/2"),  # the next 29 February
    ("2025-01-10", "other", "Fri 2025-01-10 17:00", "2025-01-10"),  # explicit year: kept
    # times
    ("10:00", "other", "Thu 2026-11-26 10:00", "10:00"),  # a time alone, gone: tomorrow
    ("14:30", "other", "Wed 2026-11-25 14:30", "14:30"),  # a time alone, ahead: today
    ("3 pm", "other", "Wed 2026-11-25 15:00", "3 pm"),
    ("3:30pm", "other", "Wed 2026-11-25 15:30", "3:30pm"),
    ("10am tomorrow", "other", "Thu 2026-11-26 10:00", "10am tomorrow"),
    ("10 a.m. Friday", "other", "Fri 2026-11-27 10:00", "10 a.m. Friday"),
    ("12pm", "other", "Wed 2026-11-25 12:00", "12pm"),
    ("12am", "other", "Thu 2026-11-26 00:00", "12am"),
    ("15h", "other", "Wed 2026-11-25 15:00", "15h"),
    ("16h30", "other", "Wed 2026-11-25 16:30", "16h30"),
    ("at 10", "other", "Thu 2026-11-26 10:00", "at 10"),
    ("at 3", "other", "Wed 2026-11-25 15:00", "at 3"),  # a bare 1-7 is in the afternoon
    ("at 12.15", "other", "Wed 2026-11-25 12:15", "at 12.15"),
    ("tomorrow 10.30", "other", "Thu 2026-11-26 10:30", "tomorrow 10.30"),
    ("noon", "other", "Wed 2026-11-25 12:00", "noon"),
    ("midday tomorrow", "other", "Thu 2026-11-26 12:00", "midday tomorrow"),
    ("morning", "other", "Thu 2026-11-26 10:00", "morning"),
    ("Friday afternoon", "other", "Fri 2026-11-27 15:00", "Friday afternoon"),
    ("evening", "other", "Wed 2026-11-25 18:00", "evening"),
    ("tomorrow, after the engineer, at 4pm", "visit", "Thu 2026-11-26 16:00", "tomorrow at 4pm"),
    # order numbers and amounts are not dates or times
    ("refund 25 euros by Friday", "refund", "Fri 2026-11-27 17:00", "by Friday"),
    ("Refund €25.00 for order #1004 by fri", "refund", "Fri 2026-11-27 17:00", "by fri"),
    ("replacement for order 1004", "replacement", None, None),
    ("order no. 12 credit tomorrow", "credit", "Thu 2026-11-26 17:00", "tomorrow"),
    ("ticket 12/11 update", "status_update", None, None),
    ("credit 25.00", "credit", None, None),
    ("refund 12.50", "refund", None, None),  # a bare decimal is an amount, not 12:50
    ("£10 voucher at 3pm", "credit", "Wed 2026-11-25 15:00", "at 3pm"),
    ("refund 50% on 2 items", "refund", None, None),
    ("call back 10", "call_back", None, None),  # a bare number is not a time
    # garbled
    ("", "other", None, None),
    ("   ", "other", None, None),
    ("?!#@ 99:99 32/13 at 25 2026-02-30 13pm", "other", None, None),
    ("good morning", "other", None, None),
]


@pytest.mark.parametrize(("text", "kind", "due", "when"), CASES, ids=[c[0] for c in CASES])
def test_phrases(text: str, kind: str, due: str | None, when: str | None) -> None:
    parsed = parse(text)
    assert (parsed.kind, local(parsed.due_at), parsed.when_phrase) == (kind, due, when)
    if parsed.due_at is not None:
        assert parsed.due_at.tzinfo is UTC


def test_kind_phrase_and_description() -> None:
    parsed = parse("  call   back\tthe customer tomorrow 10:00 ")
    assert parsed.kind_phrase == "call back"
    assert parsed.description == "Call back the customer tomorrow 10:00"
    assert parse("Refund").kind_phrase == "Refund"
    assert parse("nothing to see").kind_phrase is None


@pytest.mark.parametrize(
    ("clock", "text", "due"),
    [
        (time(11), "by Friday", "Fri 2026-11-27 17:00"),
        (time(18), "by Friday", "Fri 2026-11-27 17:00"),  # "by" on the day is today, even late
        (time(11), "by Friday 09:00", "Fri 2026-11-27 09:00"),
        (time(11), "Friday", "Fri 2026-11-27 17:00"),  # today, still ahead
        (time(18), "Friday", "Fri 2026-12-04 17:00"),  # today's has gone: next week's
        (time(11), "Friday 09:00", "Fri 2026-12-04 09:00"),
        (time(11), "next Friday", "Fri 2026-12-04 17:00"),
        (time(11), "end of week", "Fri 2026-11-27 17:00"),
        (time(18), "EOW", "Fri 2026-12-04 17:00"),
    ],
)
def test_friday_on_a_friday(clock: time, text: str, due: str) -> None:
    friday = datetime.combine(datetime(2026, 11, 27).date(), clock, tzinfo=LONDON)
    assert local(parse(text, friday).due_at) == due


def test_weekend_and_month_end_roll_forward() -> None:
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=LONDON)
    assert local(parse("end of week", saturday).due_at) == "Fri 2026-12-04 17:00"
    assert local(parse("next Monday", saturday).due_at) == "Mon 2026-11-30 17:00"
    late = datetime(2026, 11, 30, 18, 0, tzinfo=LONDON)
    assert local(parse("end of month", late).due_at) == "Thu 2026-12-31 17:00"
    new_year = datetime(2026, 12, 31, 9, 0, tzinfo=LONDON)
    assert local(parse("5/1", new_year).due_at) == "Tue 2027-01-05 17:00"
    assert local(parse("in 2 days", new_year).due_at) == "Sat 2027-01-02 17:00"


def test_options_day_end_and_month_first() -> None:
    assert local(parse("by Friday", day_end=time(18, 30)).due_at) == "Fri 2026-11-27 18:30"
    assert local(parse("EOD", day_end=time(16)).due_at) == "Wed 2026-11-25 16:00"
    assert local(parse("12/1", day_first=False).due_at) == "Tue 2026-12-01 17:00"
    assert local(parse("12/1").due_at) == "Tue 2027-01-12 17:00"


def test_autumn_clock_change_in_london() -> None:
    saturday = datetime(2026, 10, 24, 12, 0, tzinfo=LONDON)  # BST; clocks go back on Sunday
    # Sunday 10:00 is on GMT again: 10:00 UTC (09:00 UTC would be Saturday's offset reused).
    parsed = parse("call back tomorrow 10:00", saturday)
    assert parsed.due_at == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)
    assert parse("Friday 10:00", saturday).due_at == datetime(2026, 10, 30, 10, 0, tzinfo=UTC)
    assert parse("today 15:00", saturday).due_at == datetime(2026, 10, 24, 14, 0, tzinfo=UTC)
    # 01:30 happens twice on Sunday: the first one (still BST) is taken.
    assert parse("25/10 01:30", saturday).due_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    # Hours are elapsed time: 00:30 BST + 2 h is 01:30 GMT, not 02:30 on the wall clock.
    night = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    assert parse("in 2 hours", night).due_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_spring_clock_change_in_london() -> None:
    saturday = datetime(2026, 3, 28, 12, 0, tzinfo=LONDON)  # GMT; clocks go forward on Sunday
    assert parse("tomorrow 10:00", saturday).due_at == datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    # 01:30 does not exist on Sunday: it moves forward by the gap, to 02:30 BST.
    gap = parse("29/3 01:30", saturday).due_at
    assert gap == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert local(gap) == "Sun 2026-03-29 02:30"


def test_other_zone_and_now_given_in_utc() -> None:
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # still Tuesday evening in New York
    parsed = parse_promise("refund tomorrow 10am", now, NEW_YORK)
    assert parsed.due_at == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert parsed.summary(NEW_YORK) == "Refund, due Wed 25 Nov 10:00"


def test_summary() -> None:
    assert parse("refund by Friday").summary(LONDON) == "Refund, due Fri 27 Nov 17:00"
    assert parse("call back").summary(LONDON) == "Call back, no due time understood"
    assert parse("keep posted 1/12").summary(LONDON) == "Status update, due Tue 1 Dec 17:00"
    assert parse("whatever at 9am").summary(NEW_YORK) == "Other, due Thu 26 Nov 04:00"


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_promise("refund by Friday", datetime(2026, 11, 25, 11, 0), LONDON)


VOCABULARY = (
    "refund call back by on next this Friday fri 1/12 1.12. 31/2 2026-02-29 9999-12-31 "
    "Dec 1st 29 February at 3 10:00 10.30 pm am h 15h in within 999 weeks hours working "
    "days tomorrow tonight EOD EOW end of month week #1004 order €25 25.00 , . : / - "
    "noon morning 0 00 24 99 twelve an a the"
)


def test_never_raises_on_arbitrary_text() -> None:
    """Random text, and random sentences of the parser's own words, in awkward zones."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    words = st.sampled_from(VOCABULARY.split())
    texts = st.one_of(st.text(max_size=200), st.lists(words, max_size=14).map(" ".join))
    moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1))
    zones = st.sampled_from([LONDON, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), UTC])

    @hypothesis.settings(max_examples=400, deadline=None, database=None)
    @hypothesis.given(texts, moments, zones, st.booleans())
    def check(text: str, moment: datetime, tz: ZoneInfo, day_first: bool) -> None:
        parsed = parse_promise(text, moment.replace(tzinfo=tz), tz, day_first=day_first)
        assert parsed.kind in COMMITMENT_KINDS
        assert parsed.due_at is None or parsed.due_at.tzinfo is UTC
        typed = " ".join(text.split())
        for phrase in (parsed.kind_phrase, *(parsed.when_phrase or "").split()):
            assert phrase is None or phrase in typed
        assert parsed.summary(tz)

    check()
