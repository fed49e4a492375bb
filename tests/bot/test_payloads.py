"""Command text as Slack sends it: escaping, mentions, links, types and notes."""

from __future__ import annotations

import pytest

from bot.payloads import (
    clean_text,
    leading_person,
    slash_command,
    split_on_word,
    split_type,
    trailing_person,
)

TYPES = ["Time off", "Sick", "Training", "Prefer not on call", "Volunteer for on-call"]


class TestCleanText:
    @pytest.mark.parametrize(
        ("sent", "typed"),
        [
            ("add <@U123|ann> fri", "add <@U123> fri"),
            ("add <@W9> fri", "add <@W9> fri"),
            ("add fri R&amp;D &lt;3 &gt;", "add fri R&D <3 >"),
            ("add <mailto:a@b.com|a@b.com> fri", "add a@b.com fri"),
            ("in <#C1|general>", "in #general"),
            ("see <https://x.example|the wiki>", "see the wiki"),
            (
                "feeds add HR <https://hr.example/feeds/ics?id=1&amp;key=s3cr3t>",
                "feeds add HR https://hr.example/feeds/ics?id=1&key=s3cr3t",
            ),
            (
                "feeds add HR <http://hr.example/w.ics|hr.example/w.ics>",
                "feeds add HR http://hr.example/w.ics",
            ),
            ("feeds add HR <webcal://hr.example/w.ics>", "feeds add HR webcal://hr.example/w.ics"),
            ("  lots   of\tspace ", "lots of space"),
            ("&amp;lt;", "&lt;"),
        ],
    )
    def test_reads_what_was_typed(self, sent: str, typed: str) -> None:
        assert clean_text(sent) == typed

    def test_a_slash_command_body(self) -> None:
        command = slash_command({"team_id": "T1", "user_id": "U1", "text": "list <@U2|b>"})
        assert (command.team_id, command.user_id, command.text) == ("T1", "U1", "list <@U2>")


class TestPeople:
    def test_leading_and_trailing_mentions_and_emails(self) -> None:
        assert leading_person("<@U1> fri") == ("U1", "fri")
        assert leading_person("bob@example.com fri") == ("bob@example.com", "fri")
        assert leading_person("fri <@U1>") == (None, "fri <@U1>")
        assert trailing_person("primary sat <@U2>") == ("U2", "primary sat")
        assert trailing_person("primary sat") == (None, "primary sat")


class TestSplitType:
    @pytest.mark.parametrize(
        ("after", "type_name", "note"),
        [
            ("", None, ""),
            ("Training Kubecon", "Training", "Kubecon"),
            ("time off skiing", "Time off", "skiing"),
            ("prefer", "Prefer not on call", ""),
            ("vol happy to", "Volunteer for on-call", "happy to"),
            ("t", None, "t"),  # Time off or Training: not unique
            ("conference in Paris", None, "conference in Paris"),
        ],
    )
    def test_longest_name_or_unique_prefix_then_the_note(
        self, after: str, type_name: str | None, note: str
    ) -> None:
        assert split_type(after, TYPES) == (type_name, note)


def test_split_on_word_offers_every_cut() -> None:
    assert split_on_word("Time to go to Leave", "to") == [
        ("Time", "go to Leave"),
        ("Time to go", "Leave"),
    ]
    assert split_on_word("to x", "to") == []
