"""Calendar links in words, for the Slack builders and the command line alike."""

from __future__ import annotations

from datetime import datetime

from bot.ids import CALENDAR_PATH
from bot.words.jsonshapes import Json, instant
from core.calendar.model import CalendarLink, FeedKind, IssuedLink

HOLDS = {
    FeedKind.PERSONAL: "on-call shifts and time off",
    FeedKind.ROTATION: "every shift and each coverage gap",
    FeedKind.TEAM: "who is out, private types as Away",
}
GOOGLE = "Google Calendar: *Other calendars* → *+* → *From URL*, paste the link."
OUTLOOK = "Outlook: *Add calendar* → *Subscribe from web*, paste the link."
SECRET_LINK = "Anyone with a link sees what its feed holds: share it only with those who may."


def feed_url(base: str, token: str) -> str:
    """The address a calendar subscribes to: AVAILBOT_PUBLIC_URL and the feed's path."""
    return base + CALENDAR_PATH.replace("{token}", token)


def subject_words(issued: IssuedLink) -> str:
    """`bob@example.com`, `rotation primary` or `team`."""
    if issued.link.kind is FeedKind.ROTATION:
        return f"rotation {issued.label}"
    return issued.label


def fetched_words(link: CalendarLink) -> str:
    if link.last_fetched_at is None:
        return "never fetched yet"
    return f"last fetched {link.last_fetched_at:%Y-%m-%d %H:%M} UTC"


def link_json(issued: IssuedLink, base: str) -> Json:
    link = issued.link
    return {
        "feed": link.kind.value,
        "subject": issued.label,
        "url": feed_url(base, issued.token),
        "created_at": instant(link.created_at),
        "last_fetched_at": _at(link.last_fetched_at),
    }


def _at(moment: datetime | None) -> str | None:
    return None if moment is None else instant(moment)
