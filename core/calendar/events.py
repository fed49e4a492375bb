"""The events of each feed (docs/calendar.md#what-each-feed-holds): final on-call shifts,
coverage gaps and time off, each under a uid that stays the same while it changes.

Uids: the feed's kind (`personal-`, `rotation-`, `team-`: one shift or record is a
different event in each kind of feed, and a client holding two feeds must not take one for
the other), then `shift-<rotation>-<hand-off>` for what is left of a shift to its own
member (`-1`, `-2`… for more pieces when an override cuts it in two), `override-<id>` for a
cover, `gap-<stint>-<cause>` for a gap in a stint (the record that opened it, or
`inactive`), `record-<id>` for time off; all end in `@availbot`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from core.calendar.model import CalendarEvent, FeedKind
from core.people.model import Member
from core.records.model import Kind, Unavailability, UnavailabilityType
from core.records.unavailability import AWAY
from core.rotations.coverage import leaves_gap
from core.rotations.model import Override, Rotation
from core.rotations.shifts import shift_end_after, shift_start_at, shifts
from core.time.spans import subtract

UID_DOMAIN = "@availbot"
GAP_MARK = "⚠"


@dataclass(frozen=True)
class Stint:
    """`member_id` on call for the rotation in [start, end): a shift's piece, or a cover."""

    key: str
    rotation: Rotation
    member_id: str
    start: datetime
    end: datetime
    cover: bool


def shift_bounds(rotation: Rotation, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """[start, end) widened to the hand-offs around it, so that no shift is cut at the
    window (a cut shift would change every day as the window moves)."""
    versions = rotation.versions
    before = shift_start_at(versions, start)
    after = shift_end_after(versions, end - timedelta(seconds=1))
    return min(before or start, start), max(after or end, end)


def stints(
    rotation: Rotation, overrides: Iterable[Override], start: datetime, end: datetime
) -> list[Stint]:
    """Who is on call for the rotation (overrides win), in stints overlapping [start, end),
    each whole; `overrides` must reach as far as shift_bounds."""
    low, high = shift_bounds(rotation, start, end)
    covers = [o for o in overrides if o.rotation_id == rotation.id]
    found = [Stint(f"override-{o.id}", rotation, o.member_id, o.start, o.end, True) for o in covers]
    for shift in shifts(rotation.versions, low, high):
        holes = [(o.start, o.end) for o in covers if o.start < shift.end and o.end > shift.start]
        pieces = subtract([(shift.start, shift.end)], holes)
        for n, (piece_start, piece_end) in enumerate(pieces):
            key = f"shift-{rotation.id}-{stamp(shift.start)}" + (f"-{n}" if n else "")
            found.append(Stint(key, rotation, shift.member_id, piece_start, piece_end, False))
    inside = [s for s in found if s.start < end and s.end > start]
    return sorted(inside, key=lambda s: (s.start, s.key))


def rotation_events(
    stints_: Sequence[Stint],
    members: Mapping[str, Member],
    types: Mapping[str, UnavailabilityType],
    records: Mapping[str, Sequence[Unavailability]],
) -> list[CalendarEvent]:
    """Each stint as `primary: Ann` and each gap in it as `⚠ primary: nobody on call`;
    private types read `Away` (anyone may be shown this feed)."""
    events: list[CalendarEvent] = []
    for stint in stints_:
        member = members[stint.member_id]
        rotation = stint.rotation
        cover = " (cover)" if stint.cover else ""
        summary = f"{rotation.name}: {member.name}{cover}"
        said = f"{member.name} is on call{cover}."
        events.append(_on_call(FeedKind.ROTATION, stint, summary, said))
        events += gap_events(stint, member, types, records.get(member.id, ()))
    return events


def personal_events(
    member: Member,
    stints_: Sequence[Stint],
    types: Mapping[str, UnavailabilityType],
    records: Iterable[Unavailability],
    zone: str,
) -> list[CalendarEvent]:
    """The member's stints as `On call: primary`, and every record of theirs named by its
    type (private ones too: the feed is theirs); time off marks them busy."""
    events = []
    for stint in (s for s in stints_ if s.member_id == member.id):
        cover = " (cover)" if stint.cover else ""
        said = f"On call: {stint.rotation.name}{cover}"
        events.append(_on_call(FeedKind.PERSONAL, stint, said, ""))
    for record in records:
        type_ = types[record.type_id]
        note = f": {record.name}" if record.name else ""
        busy = type_.kind is Kind.HARD
        events.append(_time_off(FeedKind.PERSONAL, record, f"{type_.name}{note}", zone, busy, ""))
    return events


def team_events(
    records: Iterable[Unavailability],
    members: Mapping[str, Member],
    types: Mapping[str, UnavailabilityType],
    zone_of: Mapping[str, str],
) -> list[CalendarEvent]:
    """Who is out: the hard records of active members, `Ann: Time off`; a private type reads
    `Away` and its note is left out."""
    events = []
    for record in records:
        type_, member = types[record.type_id], members.get(record.member_id)
        if type_.kind is not Kind.HARD or member is None or not member.active:
            continue
        shown = AWAY if type_.private else type_.name
        note = "" if type_.private else (record.name or "")
        zone = zone_of[member.id]
        summary = f"{member.name}: {shown}"
        events.append(_time_off(FeedKind.TEAM, record, summary, zone, True, note))
    return events


def gap_events(
    stint: Stint,
    member: Member,
    types: Mapping[str, UnavailabilityType],
    records: Sequence[Unavailability],
) -> list[CalendarEvent]:
    """The stretches of the stint where its member leaves a gap (coverage.leaves_gap)."""
    touching = [r for r in records if r.start < stint.end and r.end > stint.start]
    cuts = sorted({stint.start, stint.end} | {t for r in touching for t in (r.start, r.end)})
    gaps: list[tuple[datetime, datetime, list[Unavailability]]] = []
    for low, high in pairwise(t for t in cuts if stint.start <= t <= stint.end):
        on = [r for r in touching if r.start < high and r.end > low]
        if not leaves_gap(member, {types[r.type_id].kind for r in on}):
            continue
        hard = [r for r in on if types[r.type_id].kind is Kind.HARD]
        if gaps and gaps[-1][1] == low:
            gaps[-1] = (gaps[-1][0], high, gaps[-1][2] + [r for r in hard if r not in gaps[-1][2]])
        else:
            gaps.append((low, high, hard))
    return [_gap(stint, member, types, low, high, causes) for low, high, causes in gaps]


def _gap(
    stint: Stint,
    member: Member,
    types: Mapping[str, UnavailabilityType],
    start: datetime,
    end: datetime,
    causes: list[Unavailability],
) -> CalendarEvent:
    first = min(causes, key=lambda r: (r.start, r.id)) if causes else None
    shown = sorted({AWAY if types[r.type_id].private else types[r.type_id].name for r in causes})
    why = f"away ({', '.join(shown)})" if causes else "no longer active"
    return CalendarEvent(
        uid=uid(FeedKind.ROTATION, f"gap-{stint.key}-{first.id if first else 'inactive'}"),
        summary=f"{GAP_MARK} {stint.rotation.name}: nobody on call",
        start=start.astimezone(UTC),
        end=end.astimezone(UTC),
        zone=stint.rotation.timezone,
        description=f"{member.name} is on call but {why}.",
    )


def _on_call(feed: FeedKind, stint: Stint, summary: str, description: str) -> CalendarEvent:
    return CalendarEvent(
        uid=uid(feed, stint.key),
        summary=summary,
        start=stint.start.astimezone(UTC),
        end=stint.end.astimezone(UTC),
        zone=stint.rotation.timezone,
        description=description,
    )


def _time_off(
    feed: FeedKind,
    record: Unavailability,
    summary: str,
    zone: str,
    busy: bool,
    description: str,
) -> CalendarEvent:
    return CalendarEvent(
        uid=uid(feed, f"record-{record.id}"),
        summary=summary,
        start=record.start.astimezone(UTC),
        end=record.end.astimezone(UTC),
        zone=zone,
        all_day=record.all_day,
        busy=busy,
        description=description,
    )


def uid(feed: FeedKind, key: str) -> str:
    """The event's uid in a feed of that kind."""
    return f"{feed.value}-{key}{UID_DOMAIN}"


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
