"""Words the digest's renderings share: spans of time off, and a ready `availbot cover` line."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.counts import count
from core.digest.compose import Away, Gap
from core.digest.due import Days, Subscription
from core.time.spans import Span, zone
from core.time.words import clock_words, format_span


def when(moment: datetime, tz: ZoneInfo) -> str:
    """`Sun 31 Oct 09:00`; in an hour that happens twice, `Sun 31 Oct 02:30 CEST`."""
    return f"{moment.astimezone(tz):%a %-d %b} {clock_words(moment, tz)}"


def _member_zone(away: Away, fallback: ZoneInfo) -> ZoneInfo:
    return zone(away.member.tz) if away.member.tz else fallback


def until(away: Away, tz: ZoneInfo) -> str:
    """`until Tue 24 Nov` (the last day off) or `until Mon 23 Nov 14:00` for timed records."""
    if away.all_day:
        last = (away.end.astimezone(_member_zone(away, tz)) - timedelta(seconds=1)).date()
        return f"until {last:%a %-d %b}"
    return f"until {when(away.end, tz)}"


def span(away: Away, tz: ZoneInfo) -> str:
    """`Mon 23 Nov – Tue 24 Nov` for whole days (the member's), else times in the digest's zone."""
    if not away.all_day:
        return f"{when(away.start, tz)} – {when(away.end, tz)}"
    local = _member_zone(away, tz)
    first = away.start.astimezone(local).date()
    last = (away.end.astimezone(local) - timedelta(seconds=1)).date()
    return f"{first:%a %-d %b}" if first == last else f"{first:%a %-d %b} – {last:%a %-d %b}"


def cover_command(gap: Gap, rotation_zone: str) -> str:
    """The command line that takes this gap for its first suggested member."""
    phrase = format_span(Span(gap.start, gap.end), zone(rotation_zone))
    who = gap.suggestions[0].email if gap.suggestions else "EMAIL"
    return f'availbot cover {gap.rotation} "{phrase}" --member {who}'


def subscription_words(subscription: Subscription) -> str:
    """`at 09:00 (Europe/Madrid) on weekdays, for primary, secondary, looking 7 days ahead`."""
    days = "on weekdays" if subscription.days is Days.WEEKDAYS else "every day"
    rotations = ", ".join(subscription.rotations) or "every rotation"
    people = "everyone" if subscription.everyone else "the rotations' members"
    handoffs = ", announcing hand-offs" if subscription.handoffs else ""
    mentions = "" if subscription.mentions else ", naming people without mentions"
    return (
        f"at {subscription.at:%H:%M} ({subscription.zone}) {days}, for {rotations} "
        f"and {people}, looking {count(subscription.lookahead, 'day')} ahead{handoffs}{mentions}"
    )
