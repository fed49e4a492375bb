"""Hand-written in-memory fakes of the rotation and override ports, and a ScheduleStore."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from core.errors import Conflict
from core.model import new_id
from core.rotations.model import (
    Handoff,
    Override,
    Rotation,
    RotationDefinition,
    RotationVersion,
    ShiftLength,
)
from tests.fakes import FakeStore
from tests.unit.fakes_availability import FakeAvailability

if TYPE_CHECKING:
    from core.ports import (
        AvailabilityStore,
        OverrideRepository,
        RotationRepository,
        ScheduleStore,
    )


class FakeRotations:
    def __init__(self, overrides: FakeOverrides) -> None:
        self.rows: dict[str, Rotation] = {}
        self._overrides = overrides
        self.locks = 0

    def all(self, workspace_id: str) -> list[Rotation]:
        found = (r for r in self.rows.values() if r.workspace_id == workspace_id)
        return sorted(found, key=lambda r: r.name.casefold())

    def by_name(self, workspace_id: str, name: str) -> Rotation | None:
        return next(
            (r for r in self.all(workspace_id) if r.name.casefold() == name.casefold()), None
        )

    def get(self, workspace_id: str, rotation_id: str) -> Rotation | None:
        found = self.rows.get(rotation_id)
        return found if found and found.workspace_id == workspace_id else None

    def add(self, rotation: Rotation) -> None:
        if self.by_name(rotation.workspace_id, rotation.name):
            raise Conflict(f"A rotation named {rotation.name!r} already exists.")
        self.rows[rotation.id] = rotation

    def update(self, rotation: Rotation) -> None:
        self.rows[rotation.id] = rotation

    def remove(self, workspace_id: str, rotation_id: str) -> None:
        if self.get(workspace_id, rotation_id):
            del self.rows[rotation_id]
            for override in list(self._overrides.rows.values()):
                if override.rotation_id == rotation_id:
                    del self._overrides.rows[override.id]

    def lock(self, workspace_id: str) -> None:
        self.locks += 1


class FakeOverrides:
    def __init__(self) -> None:
        self.rows: dict[str, Override] = {}

    def get(self, workspace_id: str, override_id: str) -> Override | None:
        found = self.rows.get(override_id)
        return found if found and found.workspace_id == workspace_id else None

    def add(self, override: Override) -> None:
        self.rows[override.id] = override

    def remove(self, workspace_id: str, override_id: str) -> None:
        if self.get(workspace_id, override_id):
            del self.rows[override_id]

    def in_window(
        self,
        workspace_id: str,
        start: datetime | None,
        end: datetime | None,
        rotation_id: str | None = None,
    ) -> list[Override]:
        return sorted(
            (
                o
                for o in self.rows.values()
                if o.workspace_id == workspace_id
                and (rotation_id is None or o.rotation_id == rotation_id)
                and (end is None or o.start < end)
                and (start is None or o.end > start)
            ),
            key=lambda o: (o.start, o.id),
        )


class FakeScheduleStore(FakeStore):
    """FakeStore plus rotations, overrides and the sources of available hours, all restored
    when a transaction fails."""

    def __init__(self) -> None:
        super().__init__()
        self.overrides = FakeOverrides()
        self.rotations = FakeRotations(self.overrides)
        self.availability = FakeAvailability()

    @contextmanager
    def transaction(self, lock_members: Sequence[str] = ()) -> Iterator[None]:
        saved = (
            copy.copy(self.rotations.rows),
            copy.copy(self.overrides.rows),
            copy.copy(self.availability.rows),
        )
        try:
            with super().transaction(lock_members):
                yield
        except BaseException:
            self.rotations.rows, self.overrides.rows, self.availability.rows = saved
            raise


if TYPE_CHECKING:
    # mypy checks here that each fake implements the port it stands in for.
    _rotations: RotationRepository = FakeRotations(FakeOverrides())
    _overrides: OverrideRepository = FakeOverrides()
    _schedule_store: ScheduleStore = FakeScheduleStore()
    _availability_store: AvailabilityStore = FakeScheduleStore()


def definition(
    members: Sequence[str],
    *,
    shift: str = "1w",
    handoff: str = "mon 09:00",
    start: date = date(2026, 1, 5),
    timezone: str = "Europe/Berlin",
) -> RotationDefinition:
    return RotationDefinition(
        timezone, ShiftLength.parse(shift), Handoff.parse(handoff), start, tuple(members)
    )


def rotation(
    store: FakeScheduleStore | None,
    defined: RotationDefinition,
    *,
    name: str = "primary",
    workspace_id: str = "T0LOCAL",
    created: datetime = datetime(2026, 1, 1, tzinfo=UTC),
) -> Rotation:
    """A rotation with one version, stored when a store is given."""
    made = Rotation(
        new_id("rot"), workspace_id, name, (RotationVersion(None, defined, created),), created
    )
    if store is not None:
        store.rotations.add(made)
    return made
