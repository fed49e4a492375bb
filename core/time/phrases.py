"""WHEN phrases (docs/time.md) → UTC spans and instants, and spans back into words."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from core.errors import EndNotAfterStart, UnreadableWhen
from core.time.spans import Span, day_span, local_date, local_midnight, resolve_local, zone
from core.time.words import WEEKDAYS

WHEN_EXAMPLES = ("tomorrow 9am-1pm", "mar 10 to mar 12")
POINT_EXAMPLES = ("2026-03-10", "2026-03-10T14:00+01:00")
DATE_EXAMPLES = ("2026-03-10", "mar 10")
YEAR_EXAMPLES = ("2026-03-10", "10 mar 2026")

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_DAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday"
_MONTH_WORDS = {
    word: i for i, name in enumerate(_MONTH_NAMES.split(), 1) for word in (name, name[:3])
} | {"sept": 9}
_WEEKDAY_WORDS = {
    word: i for i, name in enumerate(_DAY_NAMES.split()) for word in (name, name[:3])
} | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_SEPARATORS = {"-", "..", "to", "until", "till", "through", "thru"}
_MINUTES = {"m", "min", "mins", "minute", "minutes"}
_HOURS = {"h", "hr", "hrs", "hour", "hours"}
_DAYS = {"d", "day", "days"}
_WEEKS = {"w", "wk", "wks", "week", "weeks"}
_YEARLESS_GRACE = 30  # days a yearless date may lie in the past (sick leave recorded late)
_END_ROLLOVER = 183  # a yearless end rolls into next year only when that is this close

_WORD_LETTERS = (
    dict.fromkeys(_MONTH_WORDS, "m")
    | dict.fromkeys(_WEEKDAY_WORDS, "w")
    | dict.fromkeys(_RELATIVE_DAYS, "r")
    | dict.fromkeys(_MINUTES | _HOURS | _DAYS | _WEEKS, "u")
    | {"at": "a", "on": "a", "a": "q", "an": "q", "for": "f", "now": "o", "noon": "c"}
    | {"next": "x", "this": "t"}
)
_UTC_ZONE = zone("UTC")

# Tokens, in priority order; text is lowercased, dashes unified and spaces collapsed first.
_TOKEN = re.compile(
    r"""
    (?P<iso>\d{4}-\d{2}-\d{2}
        (?:t\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:z|[+-](?:0\d|1[0-4])(?::?\d{2})?)?)?)
    |(?P<slash>\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?)
    |(?P<clock>\d{1,2}(?::\d{2})?\ ?[ap]m(?![a-z])|\d{1,2}:\d{2}(?::\d{2})?)
    |(?P<num>\d+(?:(?:st|nd|rd|th)(?![a-z]))?)
    |(?P<word>[a-z]+)
    |(?P<sep>\.\.|-)
    |(?P<space>\ )
    """,
    re.VERBOSE | re.ASCII,
)

# The grammar, over one letter per token (see _letter): each accepted phrase matches here.
_DATE = r"(?:w?(?:m[nd]y?|[nd]my?|i|s)|r|w)"
_POINT = rf"(?:{_DATE}(?:a?c)?|ca?{_DATE}|c|I|o)"
_LENGTH = r"(?:[nq]u)+"
_WHEN = re.compile(
    rf"(?P<days>m[nd]-[nd]y?|[nd]-[nd]my?)"
    rf"|(?P<start>{_POINT})(?:-(?P<end>{_POINT}))?"
    rf"|(?P<from>{_POINT})?f(?P<length>{_LENGTH})"
    r"|(?P<week>[xt]u)"
)
_POINT_ONLY = re.compile(_POINT)
_HOURS_LEFT = re.compile(r"^\d{1,2}([:.]\d{2})?\s*(-|–|to\b)\s*\d")
_DATE_ONLY = re.compile(_DATE)


class _Tok(NamedTuple):
    letter: str
    text: str


@dataclass(frozen=True)
class _Day:
    """A day as written: a date, a month and day awaiting its year, or a weekday."""

    fixed: date | None = None
    month_day: tuple[int, int] | None = None
    weekday: int | None = None  # alone: the next such day; with a date: a check
    has_year: bool = False
    is_today: bool = False


@dataclass(frozen=True)
class _Point:
    """A start or end as written: a day (None: from context) and a wall-clock time."""

    day: _Day | None
    clock: time | None = None
    offset: tzinfo | None = None  # an explicit offset in the text
    moment: datetime | None = None  # `now`

    @property
    def date_only(self) -> bool:
        return self.clock is None and self.moment is None


@dataclass(frozen=True)
class _Context:
    text: str
    examples: tuple[str, ...]
    tz: ZoneInfo
    now: datetime  # UTC
    today: date
    date_order: str

    def refuse(self, why: str) -> UnreadableWhen:
        return UnreadableWhen(self.text, examples=self.examples, why=why)


def _context(
    text: str, tz: ZoneInfo, now: datetime, date_order: str, examples: tuple[str, ...]
) -> _Context:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    if date_order.upper() not in ("MDY", "DMY"):
        raise ValueError(f"date_order must be MDY or DMY, not {date_order!r}")
    now = now.astimezone(UTC)
    return _Context(text, examples, tz, now, now.astimezone(tz).date(), date_order.upper())


# --- the public API ------------------------------------------------------------------------


def parse_when(text: str, *, tz: ZoneInfo, now: datetime, date_order: str = "MDY") -> Span:
    """The span a WHEN phrase names, relative to `now` seen in `tz` (docs/time.md)."""
    ctx = _context(text, tz, now, date_order, WHEN_EXAMPLES)
    tokens = _tokens(ctx)
    match = _WHEN.fullmatch(_letters(tokens))
    if match is None:
        raise ctx.refuse("not a date, range or length we know")
    try:
        return _checked(_build(match, tokens, ctx), ctx)
    except (ValueError, OverflowError) as exc:
        raise ctx.refuse("no such date or time") from exc


def parse_when_prefix(
    text: str, *, tz: ZoneInfo, now: datetime, date_order: str = "MDY"
) -> tuple[Span, str]:
    """The longest leading run of words that is a WHEN phrase, as a span, and the rest."""
    ends = [m.end() for m in re.finditer(r"\S+", text)][:16]
    for end in reversed(ends):
        if _grammatical(text[:end]):
            span = parse_when(text[:end], tz=tz, now=now, date_order=date_order)
            rest = text[end:].strip()
            if _HOURS_LEFT.match(rest):  # `tomorrow 9-17`: hours we could not read, not a note
                raise UnreadableWhen(
                    text,
                    examples=("tomorrow 9:00-17:00", "tomorrow 9am-5pm"),
                    why=f"{rest.split()[0]!r} looks like hours: write them with a colon or am/pm",
                )
            return span, rest
    raise UnreadableWhen(text, examples=WHEN_EXAMPLES, why="it does not start with a date")


def parse_point(
    text: str,
    *,
    tz: ZoneInfo,
    now: datetime,
    role: Literal["start", "end"],
    date_order: str = "MDY",
    require_year: bool = False,
) -> tuple[datetime, bool]:
    """One date or datetime as a UTC instant, and whether it was a date alone.

    A date alone as an end is inclusive: its instant is the next local midnight.
    """
    ctx = _context(text, tz, now, date_order, YEAR_EXAMPLES if require_year else POINT_EXAMPLES)
    tokens = _tokens(ctx)
    if _POINT_ONLY.fullmatch(_letters(tokens)) is None:
        raise ctx.refuse("not a single date or time")
    try:
        point = _point(tokens, ctx)
        if require_year and (point.day is None or not point.day.has_year):
            raise ctx.refuse("the date must carry its year")
        day = _resolve(point.day, ctx) if point.day else ctx.today
        return _instant(point, day, ctx, role), point.date_only
    except (ValueError, OverflowError) as exc:
        raise ctx.refuse("no such date or time") from exc


def parse_date(text: str, *, tz: ZoneInfo, now: datetime, date_order: str = "MDY") -> date:
    """One local date: `2026-03-10`, `mar 10`, `3/10`, `today`, `fri`…"""
    ctx = _context(text, tz, now, date_order, DATE_EXAMPLES)
    tokens = _tokens(ctx)
    if _DATE_ONLY.fullmatch(_letters(tokens)) is None:
        raise ctx.refuse("not a single date")
    try:
        return _resolve(_day(tokens, ctx), ctx)
    except (ValueError, OverflowError) as exc:
        raise ctx.refuse("no such date") from exc


# --- reading text into tokens ---------------------------------------------------------------


def _tokens(ctx: _Context) -> list[_Tok]:
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", ctx.text.lower().replace(",", " "))
    text = " ".join(text.split())
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        if found is None:
            raise ctx.refuse(f"unexpected {text[pos]!r}")
        kind, value = found.lastgroup or "", found.group()
        if kind != "space":
            tokens.append(_Tok(_letter(kind, value), value))
        pos = found.end()
    return tokens


def _letter(kind: str, value: str) -> str:
    """One grammar letter per token; `?` is a word the grammar never uses."""
    if kind == "iso":
        return "I" if "t" in value else "i"
    if kind == "num":
        return "y" if len(value) == 4 and value.isdigit() else "n" if value.isdigit() else "d"
    if kind in ("slash", "clock"):
        return kind[0]
    if value in _SEPARATORS:
        return "-"
    return _WORD_LETTERS.get(value, "?")


def _letters(tokens: list[_Tok]) -> str:
    return "".join(t.letter for t in tokens)


def _grammatical(text: str) -> bool:
    ctx = _context(text, _UTC_ZONE, datetime(2000, 1, 1, tzinfo=UTC), "MDY", WHEN_EXAMPLES)
    try:
        return _WHEN.fullmatch(_letters(_tokens(ctx))) is not None
    except UnreadableWhen:
        return False


# --- tokens into points and days ------------------------------------------------------------


def _build(match: re.Match[str], tokens: list[_Tok], ctx: _Context) -> Span:
    def part(name: str) -> list[_Tok]:
        first, last = match.span(name)
        return tokens[first:last]

    if match["week"] is not None:
        return _week(tokens, ctx)
    if match["days"] is not None:
        return _day_range(tokens, ctx)
    if match["length"] is not None:
        start = _point(part("from"), ctx) if match["from"] is not None else None
        return _for_length(start, _length(part("length")), ctx)
    start = _point(part("start"), ctx)
    if match["end"] is None:
        return _one_day(start, ctx)
    return _between(start, _point(part("end"), ctx), ctx)


def _point(tokens: list[_Tok], ctx: _Context) -> _Point:
    clock = next((t for t in tokens if t.letter == "c"), None)
    rest = [t for t in tokens if t.letter not in "ca"]
    if rest and rest[0].letter == "I":
        moment = datetime.fromisoformat(rest[0].text.upper())
        return _Point(_Day(fixed=moment.date(), has_year=True), moment.time(), moment.tzinfo)
    if rest and rest[0].letter == "o":
        return _Point(_Day(fixed=ctx.today, is_today=True), moment=ctx.now)
    return _Point(_day(rest, ctx) if rest else None, _clock(clock.text, ctx) if clock else None)


def _clock(text: str, ctx: _Context) -> time:
    if text == "noon":
        return time(12)
    found = re.fullmatch(r"(\d+)(?::(\d+))?(?::(\d+))? ?([ap]m)?", text)
    if found is None:  # the token pattern admits nothing else
        raise ValueError(text)
    hour, minute, second = (int(g or 0) for g in found.groups()[:3])
    if found[4]:
        if not 1 <= hour <= 12:
            raise ctx.refuse(f"{text!r} is not a time")
        hour = hour % 12 + (12 if found[4] == "pm" else 0)
    return time(hour, minute, second)


def _day(tokens: list[_Tok], ctx: _Context) -> _Day:
    check = None
    if len(tokens) > 1 and tokens[0].letter == "w":
        check, tokens = _WEEKDAY_WORDS[tokens[0].text], tokens[1:]
    first = tokens[0]
    if first.letter == "w":
        return _Day(weekday=_WEEKDAY_WORDS[first.text])
    if first.letter == "r":
        shift = timedelta(days=_RELATIVE_DAYS[first.text])
        return _Day(fixed=ctx.today + shift, is_today=first.text == "today")
    if first.letter == "i":
        day = _Day(fixed=date.fromisoformat(first.text), has_year=True)
    elif first.letter == "s":
        day = _slashed(first.text, ctx)
    else:
        day = _named(tokens)
    return replace(day, weekday=check)


def _slashed(text: str, ctx: _Context) -> _Day:
    parts = text.split("/")
    first, second = int(parts[0]), int(parts[1])
    month, day = (first, second) if ctx.date_order == "MDY" else (second, first)
    if len(parts) == 2:
        return _yearless_day(month, day)
    year = int(parts[2]) + (2000 if len(parts[2]) == 2 else 0)
    return _Day(fixed=date(year, month, day), has_year=True)


def _named(tokens: list[_Tok]) -> _Day:
    """`mar 10`, `10th march 2026`: a month word, a day number and perhaps a year."""
    month = next(_MONTH_WORDS[t.text] for t in tokens if t.letter == "m")
    day = next(_day_number(t) for t in tokens if t.letter in "nd")
    year = next((int(t.text) for t in tokens if t.letter == "y"), None)
    if year is None:
        return _yearless_day(month, day)
    return _Day(fixed=date(year, month, day), has_year=True)


def _day_number(token: _Tok) -> int:
    return int(token.text.rstrip("stndrh"))


def _yearless_day(month: int, day: int) -> _Day:
    date(2000, month, day)  # a leap year: refuses only days no year has (ValueError)
    return _Day(month_day=(month, day))


# --- days and instants ----------------------------------------------------------------------


def _resolve(
    day: _Day, ctx: _Context, *, after: date | None = None, before: date | None = None
) -> date:
    """The calendar date a written day names; `after`/`before` anchor an end or a start."""
    if day.fixed is not None:
        found = day.fixed
    elif day.month_day is not None:
        found = _year_for(*day.month_day, ctx.today, after=after, before=before)
    else:
        base = after or ctx.today
        found = base + timedelta(days=(int(day.weekday or 0) - base.weekday()) % 7)
    if day.weekday is not None and found.weekday() != day.weekday:
        raise ctx.refuse(f"{found.isoformat()} is a {WEEKDAYS[found.weekday()]}")
    return found


def _year_for(
    month: int, day: int, today: date, *, after: date | None, before: date | None
) -> date:
    """A yearless date: near its anchor, else the next one not ended more than 30 days ago."""
    if after is not None or before is not None:
        return _near_anchor(month, day, after or before or today, forward=after is not None)
    years = range(today.year - 1, today.year + 9)
    found = next(
        (c for c in _candidates(month, day, years) if (today - c).days <= _YEARLESS_GRACE), None
    )
    if found is None:
        raise ValueError("no such date")
    return found


def _near_anchor(month: int, day: int, anchor: date, *, forward: bool) -> date:
    step = 1 if forward else -1
    years = range(anchor.year, anchor.year + 9 * step, step)
    on_side = (
        c for c in _candidates(month, day, years) if (c >= anchor if forward else c <= anchor)
    )
    near = next(on_side, None)
    same = next(iter(_candidates(month, day, [anchor.year])), None)
    if near is not None and abs((near - anchor).days) <= _END_ROLLOVER:
        return near
    if same is None:
        raise ValueError("no such date")
    return same  # too far to roll over: let the caller see an end before its start


def _candidates(month: int, day: int, years: Iterable[int]) -> list[date]:
    return [date(year, month, day) for year in years if day <= monthrange(year, month)[1]]


def _instant(point: _Point, day: date, ctx: _Context, role: str) -> datetime:
    if point.moment is not None:
        return point.moment
    if point.clock is None:
        return local_midnight(day + timedelta(days=1) if role == "end" else day, ctx.tz)
    if point.offset is not None:
        return datetime.combine(day, point.clock, point.offset).astimezone(UTC)
    return resolve_local(datetime.combine(day, point.clock), ctx.tz)


def _wall_add(moment: datetime, days: int, tz: ZoneInfo) -> datetime:
    """`days` later on the wall clock of `tz` (23 or 25 real hours a day across DST)."""
    if days == 0:
        return moment
    return resolve_local(moment.astimezone(tz).replace(tzinfo=None) + timedelta(days=days), tz)


# --- spans ----------------------------------------------------------------------------------


def _checked(span: Span, ctx: _Context) -> Span:
    if span.end <= span.start:
        raise EndNotAfterStart(span.start, span.end, tz=ctx.tz, text=ctx.text)
    return span


def _week(tokens: list[_Tok], ctx: _Context) -> Span:
    if tokens[1].text != "week":
        raise ctx.refuse("say `next week` or `this week`")
    weeks = 1 if tokens[0].text == "next" else 0
    monday = ctx.today - timedelta(days=ctx.today.weekday()) + timedelta(weeks=weeks)
    return day_span(monday, monday + timedelta(days=6), ctx.tz)


def _day_range(tokens: list[_Tok], ctx: _Context) -> Span:
    """`mar 10-12`, `10-12 march 2026`: days of one month."""
    first_day, last_day = (_day_number(t) for t in tokens if t.letter in "nd")
    month = next(_MONTH_WORDS[t.text] for t in tokens if t.letter == "m")
    year = next((int(t.text) for t in tokens if t.letter == "y"), None)
    if year is None:
        _yearless_day(month, first_day)
        first = _year_for(month, first_day, ctx.today, after=None, before=None)
    else:
        first = date(year, month, first_day)
    return day_span(first, date(first.year, month, last_day), ctx.tz)


def _one_day(start: _Point, ctx: _Context) -> Span:
    """A missing end: the whole local day, or 24 wall-clock hours."""
    day = _resolve(start.day, ctx) if start.day else ctx.today
    if start.date_only:
        return day_span(day, day, ctx.tz)
    moment = _instant(start, day, ctx, "start")
    return Span(moment, _wall_add(moment, 1, ctx.tz))


def _between(start: _Point, end: _Point, ctx: _Context) -> Span:
    start_day, end_day = _days(start, end, ctx)
    first = _instant(start, start_day, ctx, "start")
    if end.day is None:  # a time alone: wall-clock time in the zone, on the start's local day
        end_day = local_date(first, ctx.tz)
    last = _instant(end, end_day, ctx, "end")
    return Span(first, last, start.date_only and end.date_only)


def _days(start: _Point, end: _Point, ctx: _Context) -> tuple[date, date]:
    """The two days; a yearless end follows its start, a yearless start precedes a dated end."""
    if start.day and start.day.month_day and end.day and end.day.has_year:
        end_day = _resolve(end.day, ctx)
        return _resolve(start.day, ctx, before=end_day), end_day
    start_day = _resolve(start.day, ctx) if start.day else ctx.today
    end_day = _resolve(end.day, ctx, after=start_day) if end.day else start_day
    return start_day, end_day


def _length(tokens: list[_Tok]) -> tuple[int, timedelta]:
    """Whole days (counted on the wall clock) and a remainder in real time."""
    days, extra = 0, timedelta()
    for amount, unit in zip(tokens[::2], tokens[1::2], strict=True):
        count = 1 if amount.letter == "q" else int(amount.text)
        if unit.text in _MINUTES:
            extra += timedelta(minutes=count)
        elif unit.text in _HOURS:
            extra += timedelta(hours=count)
        else:
            days += count * (7 if unit.text in _WEEKS else 1)
    return days, extra


def _for_length(start: _Point | None, length: tuple[int, timedelta], ctx: _Context) -> Span:
    days, extra = length
    if start is None:
        return Span(ctx.now, _wall_add(ctx.now, days, ctx.tz) + extra)
    day = _resolve(start.day, ctx) if start.day else ctx.today
    if start.date_only and not extra:
        return day_span(day, day + timedelta(days=days - 1), ctx.tz)
    if start.date_only and not (start.day and start.day.is_today):
        raise ctx.refuse("a length in hours needs a start time, e.g. `fri 09:00 for 2h`")
    moment = ctx.now if start.date_only else _instant(start, day, ctx, "start")
    return Span(moment, _wall_add(moment, days, ctx.tz) + extra)
