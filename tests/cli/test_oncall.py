"""`availbot oncall`, `cover` and `overrides` through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Availbot

FILE = """
[[rotation]]
name = "primary"
timezone = "Europe/Berlin"
shift = "1w"
handoff = "mon 09:00"
start = 2030-01-07
members = ["alice@example.com", "bob@example.com", "carol@example.com"]
"""


@pytest.fixture
def rota(team: Availbot, tmp_path: Path) -> Availbot:
    """Alice from Mon 7 Jan 2030, Bob from 14 Jan (off 15–16 Jan), Carol from 21 Jan."""
    path = tmp_path / "schedules.toml"
    path.write_text(FILE)
    team.ok("schedules", "apply", str(path))
    team.ok("add", "bob@example.com", "2030-01-15", "to", "2030-01-16")
    return team


class TestOncall:
    def test_segments_show_the_gap_with_ranked_suggestions(self, rota: Availbot) -> None:
        shown = rota.ok("oncall", "primary", "--from", "2030-01-14", "--to", "2030-01-20", "--json")
        result = shown.json
        assert (result["rotation"], result["timezone"]) == ("primary", "Europe/Berlin")
        segments = result["segments"]
        assert [s["member"]["email"][0] for s in segments] == ["a", "b", "b", "b"]
        gap = segments[2]
        assert (gap["from"], gap["to"], gap["gap"]) == (
            "2030-01-14T23:00:00Z",
            "2030-01-16T23:00:00Z",
            True,
        )
        assert gap["unavailable"][0]["kind"] == "hard_unavailable"
        assert [s["email"] for s in gap["suggestions"]] == [
            "carol@example.com",
            "alice@example.com",
        ]
        everything = rota.ok("oncall", "--from", "2030-01-14", "--to", "2030-01-20", "--json")
        assert everything.json == {"rotations": [result]}
        text = rota.ok("oncall", "primary", "--from", "2030-01-14", "--to", "2030-01-20").out
        assert "GAP" in text and "cover: Carol C, Alice Admin" in text

    def test_an_unknown_rotation_is_refused_naming_the_known_ones(self, rota: Availbot) -> None:
        result = rota("oncall", "nope", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "UnknownRotation"
        assert "primary" in result.json["error"]["message"]


class TestCover:
    def test_a_member_covers_the_gap_and_the_gap_closes(self, rota: Availbot) -> None:
        taken = rota.ok(
            "cover",
            "primary",
            "2030-01-15",
            "to",
            "2030-01-16",
            "--as",
            "carol@example.com",
            "--json",
        ).json
        assert taken["id"].startswith("ovr_")
        assert (taken["rotation"], taken["member"]["email"]) == ("primary", "carol@example.com")
        assert (taken["from"], taken["to"]) == ("2030-01-14T23:00:00Z", "2030-01-16T23:00:00Z")
        shown = rota.ok("oncall", "primary", "--from", "2030-01-15", "--to", "2030-01-16", "--json")
        assert [s["gap"] for s in shown.json["segments"]] == [False]
        assert shown.json["segments"][0]["override"] is True
        listed = rota.ok("overrides", "primary", "--json").json
        assert [o["id"] for o in listed["items"]] == [taken["id"]]
        rota.ok("overrides", "remove", taken["id"])
        assert rota.ok("overrides", "--json").json["count"] == 0

    def test_refusals_say_why_and_store_nothing(self, rota: Availbot) -> None:
        rota.ok("cover", "primary", "2030-01-15", "--member", "carol@example.com")
        cases = [
            (
                ("cover", "primary", "2030-01-15", "--member", "alice@example.com"),
                "OverlappingOverride",
            ),
            (
                (
                    "cover",
                    "primary",
                    "2030-01-17",
                    "--member",
                    "carol@example.com",
                    "--as",
                    "bob@example.com",
                ),
                "NotPermitted",
            ),
            (("cover", "primary", "2030-01-16", "--as", "bob@example.com"), "TakerUnavailable"),
            (("cover", "primary", "2030-01-17", "--member", "zed@example.com"), "UnknownMember"),
            (("cover", "nope", "2030-01-17", "--member", "carol@example.com"), "UnknownRotation"),
        ]
        for args, code in cases:
            result = rota(*args, "--json")
            assert (result.status, result.json["error"]["code"]) == (1, code), args
        assert rota.ok("overrides", "--json").json["count"] == 1
        operator = rota("cover", "primary", "2030-01-17")
        assert operator.status == 2 and "--member" in operator.err
