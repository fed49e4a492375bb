"""Bad input through the real Slack path, on SQLite and PostgreSQL alike: text availbot does
not store is refused in words (never "Something went wrong"), and a rotation whose shifts
cannot be computed (stored before dates were checked) never takes down the others' views."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from core.model import new_id
from core.people.model import OPERATOR
from core.rotations.coverage import UNCOMPUTABLE
from core.rotations.model import Handoff, Rotation, RotationDefinition, RotationVersion, ShiftLength
from core.schedules.file import apply_schedules
from storage.repositories import SqlStore
from tests.bot.conftest import BOB, NOW, SignedClient, text_of
from tests.bot.slack_standin import TEAM_ID
from tests.bot.test_home import open_home
from tests.bot.test_unavailable import records
from tests.integration.conftest import ENGINES, postgres_server, postgres_url  # noqa: F401

FILE = """
[[rotation]]
name = "primary"
timezone = "Europe/Madrid"
shift = "1w"
handoff = "mon 09:00"
start = 2026-02-23
members = ["ann@example.com", "bob@example.com"]
"""


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Overrides tests/bot's SQLite-only database: every test here runs on both engines."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'availbot.db'}"
    return str(request.getfixturevalue("postgres_url"))


class TestNotes:
    @pytest.mark.parametrize(
        ("note", "why"),
        [
            ("Con\x00ference", "a control character (U+0000) at character 4"),
            ("Con\x1bference", "a control character (U+001B) at character 4"),
        ],
    )
    def test_a_note_with_a_control_character_is_refused_in_words_on_both_engines(
        self, slack: SignedClient, store: SqlStore, note: str, why: str
    ) -> None:
        words = text_of(slack.ask(f"add mar 10 {note}", user=BOB))
        assert f"The note holds {why}; remove it and try again." in words
        assert "Something went wrong" not in words
        assert records(store) == []

    def test_a_note_with_emoji_and_accents_is_stored_as_written(
        self, slack: SignedClient, store: SqlStore
    ) -> None:
        slack.ask("add mar 10 Kubecon 👩\u200d💻 à Málaga", user=BOB)
        [stored] = records(store)
        assert stored.record.name == "Kubecon 👩\u200d💻 à Málaga"


class TestTypeNames:
    def test_a_type_name_with_a_bom_is_refused(self, slack: SignedClient, store: SqlStore) -> None:
        words = text_of(slack.ask("types add \ufeffParental kind=hard", user="UANN"))
        assert "The type name holds an invisible format character (U+FEFF)" in words
        assert all("Parental" not in t.name for t in store.types.all(TEAM_ID))


def plant_uncomputable_rotation(store: SqlStore) -> None:
    """A rotation starting on 9999-12-31, as a schedules file could store before the dates
    of a file were checked: computing its first hand-off runs off the calendar."""
    ann, bob = (store.members.by_email(TEAM_ID, f"{n}@example.com") for n in ("ann", "bob"))
    assert ann is not None and bob is not None
    weekly = RotationDefinition(
        "UTC", ShiftLength(1, "w"), Handoff(time(9), 0), date(9999, 12, 31), (ann.id, bob.id)
    )
    version = RotationVersion(None, weekly, NOW)
    store.rotations.add(Rotation(new_id("rot"), TEAM_ID, "far", (version,), NOW))


class TestUncomputableRotation:
    @pytest.fixture
    def rotas(self, slack: SignedClient, store: SqlStore) -> SignedClient:
        apply_schedules(
            store, OPERATOR, workspace_id=TEAM_ID, text=FILE, fallback_zone="UTC", now=NOW
        )
        plant_uncomputable_rotation(store)
        return slack

    def test_oncall_shows_the_others_and_says_which_cannot_be_computed(
        self, rotas: SignedClient
    ) -> None:
        overview = text_of(rotas.ask("", command="/oncall"))
        assert "*Bob* until Mon 9 Mar 09:00" in overview
        assert f"*far*: :warning: {UNCOMPUTABLE}" in overview
        assert UNCOMPUTABLE in text_of(rotas.ask("far", command="/oncall"))
        assert "primary" in text_of(rotas.ask("primary next week", command="/oncall"))

    def test_who_and_the_home_still_answer(self, rotas: SignedClient) -> None:
        assert "Bob" in text_of(rotas.ask("who", user=BOB))
        home = open_home(rotas, BOB)
        assert "primary" in str(home["blocks"])

    def test_the_digest_shows_the_others(self, rotas: SignedClient) -> None:
        rotas.ask("digest at 09:00 UTC", user="UANN")
        assert "Posted today's digest here." in text_of(rotas.ask("digest now", user="UANN"))
        posted = text_of(rotas.standin.calls_to("chat.postMessage")[-1].params)
        assert "*primary*: <@UBOB>" in posted  # mentioned: the subscription has mentions on
        assert f"*far*: :warning: {UNCOMPUTABLE}" in posted
