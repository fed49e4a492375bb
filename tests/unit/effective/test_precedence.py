"""The day each source defines, against the rule read day by day (docs/effective.md): the
most specific source with anything for a day decides it, with all it has for that day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from core.effective.days import effective_days
from core.effective.model import (
    AvailabilityPattern,
    Calendar,
    DayAssignment,
    DayType,
    Definitions,
    Hours,
    LocalInterval,
    ShiftPattern,
    Source,
)
from core.people.model import OPERATOR
from core.time.calendars import holiday_dates
from core.time.spans import merge, zone

ME = "mem_me"
FIRST = date(2026, 12, 10)  # the window crosses a year: holidays of both
DAYS = st.dates(FIRST - timedelta(days=5), FIRST + timedelta(days=40))
HOURS = st.sampled_from(
    [(), (LocalInterval.parse("09:00-13:00"),), (LocalInterval.parse("22:00-06:00"),)]
)
RULES = st.sampled_from(["FREQ=WEEKLY;BYDAY=MO,FR", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY"])
WHO = st.sampled_from([ME, "mem_other"])


@st.composite
def definitions(draw: st.DrawFn) -> Definitions:
    day_types = {"Off": DayType("Off", ()), "Am": DayType("Am", draw(HOURS))}
    assignments = draw(
        st.lists(st.builds(DayAssignment, WHO, st.sampled_from(["Off", "Am"]), st.tuples(DAYS)))
    )
    calendars = draw(
        st.lists(
            st.builds(
                Calendar,
                st.just("c"),
                st.tuples(WHO),
                st.sampled_from([None, "ES"]),
                st.just(None),
                st.lists(DAYS, max_size=3).map(tuple),
                st.dictionaries(DAYS, HOURS, max_size=3),
            ),
            max_size=2,
        )
    )
    shifts = draw(
        st.lists(
            st.builds(ShiftPattern, WHO, st.lists(HOURS | st.none(), min_size=1).map(tuple), DAYS),
            max_size=2,
        )
    )
    patterns = draw(st.lists(st.builds(AvailabilityPattern, WHO, RULES, HOURS, DAYS), max_size=2))
    return Definitions(
        day_types, tuple(assignments), tuple(calendars), tuple(shifts), tuple(patterns)
    )


def by_the_day(defs: Definitions, day: date) -> tuple[Source, list[Hours]] | None:
    """The rule as written: each source in turn, asked about this day alone."""
    assigned = [
        defs.day_types[a.day_type].intervals
        for a in defs.assignments
        if a.member_id == ME and day in a.dates
    ]
    calendar: list[Hours] = []
    for c in (c for c in defs.calendars if ME in c.members):
        holiday = c.country is not None and day in holiday_dates(c.country, None, day.year)
        if holiday or day in c.closed:
            calendar.append(())
        elif day in c.hours:
            calendar.append(c.hours[day])
    shift = [
        s.cycle[(day - s.start).days % len(s.cycle)] or ()
        for s in defs.shifts
        if s.member_id == ME and day >= s.start
    ]
    found = (
        (Source.DAY_TYPE, assigned),
        (Source.CALENDAR, calendar),
        (Source.SHIFT_PATTERN, shift),
        (Source.AVAILABILITY_PATTERN, patterns_on(defs, day)),
    )
    return next(((source, hours) for source, hours in found if hours), None)


def patterns_on(defs: Definitions, day: date) -> list[Hours]:
    """Every occurrence from the pattern's own start, as the RRULE reads (no shortcut)."""
    hits = []
    for p in (p for p in defs.patterns if p.member_id == ME):
        rule = rrulestr(p.rrule, dtstart=datetime.combine(p.start, time()))
        if rule.between(datetime.combine(day, time()), datetime.combine(day, time.max), inc=True):
            hits.append(p.intervals)
    return hits


TZ = zone("Europe/Madrid")


@settings(max_examples=150, deadline=None)
@given(definitions(), st.integers(0, 30))
def test_each_day_is_decided_by_its_most_specific_source(defs: Definitions, length: int) -> None:
    last = FIRST + timedelta(days=length)
    found = effective_days(ME, FIRST, last, defs, tz=TZ, records=(), duties=(), viewer=OPERATOR)
    expected: dict[date, tuple[Source, list[Hours]]] = {}
    for n in range(length + 1):
        decided = by_the_day(defs, FIRST + timedelta(days=n))
        if decided is not None:
            expected[FIRST + timedelta(days=n)] = decided
    assert {d.day: d.source for d in found} == {
        day: source for day, (source, _) in expected.items()
    }
    for day in found:
        hours = expected[day.day][1]
        assert day.intervals == tuple(merge(h.on(day.day, TZ) for group in hours for h in group))
        assert day.free == (not day.intervals)
