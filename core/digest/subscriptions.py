"""Use cases for digest subscriptions: read `at 09:00 Europe/Madrid weekdays …`, save, remove."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from core.digest.due import (
    DEFAULT_LOOKAHEAD,
    MAX_LOOKAHEAD,
    Days,
    Subscription,
    check_lookahead,
    parse_clock,
)
from core.errors import (
    LookaheadOutOfRange,
    UnknownRotation,
    UnknownTimeZone,
    UnreadableDigestSettings,
)
from core.model import new_id
from core.people.model import Actor
from core.people.permissions import require_admin
from core.ports import DigestStore, ScheduleStore
from core.time.spans import zone

EXAMPLE = "`digest at 09:00 Europe/Madrid weekdays rotations=primary lookahead=14 handoffs=on`"
_SWITCHES = {"on": True, "yes": True, "off": False, "no": False}


@dataclass(frozen=True)
class SubscriptionWords:
    """What `digest at …` says, before it is checked against the workspace."""

    at: str
    zone: str | None = None
    days: Days = Days.EVERY_DAY
    rotations: tuple[str, ...] = ()
    everyone: bool = False
    lookahead: int = DEFAULT_LOOKAHEAD
    handoffs: bool = False
    mentions: bool = True


def read_subscription(text: str) -> SubscriptionWords:
    """`at HH:MM [ZONE] [weekdays|daily] [rotations=a,b] [everyone] [lookahead=N]
    [handoffs=on|off] [mentions=on|off]`."""
    words = text.split()
    if len(words) < 2 or words[0].lower() != "at":
        raise UnreadableDigestSettings(None, EXAMPLE)
    parse_clock(words[1])
    found = SubscriptionWords(at=words[1])
    for word in words[2:]:
        found = _word(found, word)
    return found


def _word(found: SubscriptionWords, word: str) -> SubscriptionWords:
    lower = word.lower()
    if lower in ("weekdays", "daily", "everyday"):
        return replace(found, days=Days.WEEKDAYS if lower == "weekdays" else Days.EVERY_DAY)
    if lower == "everyone":
        return replace(found, everyone=True)
    if lower.startswith("rotations="):
        names = tuple(n.strip().casefold() for n in word.split("=", 1)[1].split(",") if n.strip())
        return replace(found, rotations=names)
    if lower.startswith("lookahead="):
        number = lower.split("=", 1)[1]
        if not number.isdigit():
            raise LookaheadOutOfRange(repr(number), MAX_LOOKAHEAD)
        return replace(found, lookahead=check_lookahead(int(number)))
    name, _, value = lower.partition("=")
    if name == "handoffs" and value in _SWITCHES:
        return replace(found, handoffs=_SWITCHES[value])
    if name == "mentions" and value in _SWITCHES:
        return replace(found, mentions=_SWITCHES[value])
    try:  # any zone members may have (`PST8PDT`, `US/Pacific`), by the one zone check
        return replace(found, zone=zone(word).key)
    except UnknownTimeZone:
        if "/" in word or lower == "utc":  # meant as a zone: say so
            raise
    raise UnreadableDigestSettings(word, EXAMPLE)


def subscribe(
    store: ScheduleStore,
    actor: Actor,
    *,
    workspace_id: str,
    channel: str,
    words: SubscriptionWords,
    default_zone: str,
    now: datetime,
    previous: Subscription | None = None,
) -> Subscription:
    """The channel's subscription, checked against the rotations; not saved. A channel's
    new settings keep its subscription's identity (and start), so a digest already posted
    today still counts: changing the time never brings a second digest the same day."""
    require_admin(actor, "set up the digest")
    known = {r.name.casefold(): r.name for r in store.rotations.all(workspace_id)}
    unknown = [n for n in words.rotations if n not in known]
    if unknown:
        raise UnknownRotation(unknown[0], sorted(known.values()))
    return Subscription(
        id=previous.id if previous else new_id("sub"),
        workspace_id=workspace_id,
        channel=channel,
        at=parse_clock(words.at),
        zone=words.zone or default_zone,
        days=words.days,
        rotations=words.rotations,
        everyone=words.everyone,
        lookahead=words.lookahead,
        handoffs=words.handoffs,
        mentions=words.mentions,
        created_by=previous.created_by if previous else actor.member_id,
        created_at=previous.created_at if previous else now,
    )


def save_subscription(store: DigestStore, subscription: Subscription) -> None:
    with store.transaction():
        store.digests.save(subscription)


def unsubscribe(store: DigestStore, actor: Actor, *, workspace_id: str, channel: str) -> bool:
    require_admin(actor, "turn the digest off")
    with store.transaction():
        return store.digests.remove(workspace_id, channel)
