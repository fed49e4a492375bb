"""A rotation saved from a form, on SQLite and PostgreSQL: the file's rules, one entry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.cli.schedules_file import to_toml
from core.errors import InvalidRotation, NotPermitted
from core.people.model import OPERATOR, Actor, Member
from core.rotations.shifts import shifts
from core.schedules.file import apply_schedules, show_schedules
from core.schedules.rotation_form import RotationForm, SavedRotation, save_rotation
from storage.repositories import SqlStore

from .factories import NOW, WS, member, workspace


@pytest.fixture
def people(store: SqlStore) -> list[Member]:
    workspace(store)
    return [member(store, f"{n}@example.com", name=n.title()) for n in ("ann", "ben", "chen")]


def form(people: list[Member], **changed: object) -> RotationForm:
    fields: dict[str, object] = {
        "name": "primary", "timezone": "Europe/Madrid", "shift": "1w", "handoff": "mon 09:00",
        "start": date(2026, 2, 23), "member_ids": tuple(p.id for p in people),
    }  # fmt: skip
    fields.update(changed)
    return RotationForm(**fields)  # type: ignore[arg-type]


def save(store: SqlStore, given: RotationForm, replacing: str | None = None) -> SavedRotation:
    return save_rotation(
        store, OPERATOR, workspace_id=WS, form=given, replacing=replacing,
        fallback_zone="UTC", now=NOW,
    )  # fmt: skip


class TestSaveRotation:
    def test_an_edit_rules_from_the_next_handoff_and_the_file_reads_it_back(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        ann, _ben, chen = people
        save(store, form(people))
        before = store.rotations.by_name(WS, "primary")
        assert before is not None
        saved = save(store, form(people, member_ids=(ann.id, chen.id)), replacing="primary")
        after = store.rotations.by_name(WS, "primary")
        assert after is not None and len(after.versions) == 2
        window = NOW - timedelta(days=20), NOW
        assert shifts(after.versions, *window) == shifts(before.versions, *window)
        assert saved.effective_from == after.versions[-1].effective_from
        text = to_toml(show_schedules(store, WS))
        changes = apply_schedules(
            store, OPERATOR, workspace_id=WS, text=text, fallback_zone="UTC", now=NOW
        )
        assert (changes.added, changes.changed, changes.removed) == ((), (), ())

    def test_problems_come_back_by_field_and_nothing_is_stored(
        self, store: SqlStore, people: list[Member]
    ) -> None:
        with pytest.raises(InvalidRotation) as raised:
            save(store, form(people, shift="0w", timezone="Nowhere/Land", member_ids=()))
        assert set(raised.value.fields) == {"shift", "timezone", "members"}
        assert store.rotations.all(WS) == []

    def test_only_admins(self, store: SqlStore, people: list[Member]) -> None:
        with pytest.raises(NotPermitted):
            save_rotation(
                store, Actor(people[1]), workspace_id=WS, form=form(people), replacing=None,
                fallback_zone="UTC", now=NOW,
            )  # fmt: skip
