"""Slack's error words become classes at the Web API edge; the drawn tree matches them."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

import bot.slack_api
from bot.listeners.replying import refusal_words
from bot.slack_api import (
    ChannelNotFound,
    NotInChannel,
    RateLimited,
    SlackUnavailable,
    UserNotFound,
    slack_error,
)
from core.errors import ArchivedType, UnknownMember
from tests.unit.test_errors import drawn_tree, real_tree


def _refusal(error: str | None, status: int = 200) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/x",
        req_args={},
        data={"ok": False, "error": error} if error else {"ok": False},
        headers={},
        status_code=status,
    )
    return SlackApiError("refused", response)  # type: ignore[no-untyped-call]  # slack_sdk leaves __init__ unannotated


class TestSlackErrors:
    def test_the_docstring_draws_every_slack_error_class(self) -> None:
        assert bot.slack_api.__doc__ is not None
        drawn = drawn_tree(bot.slack_api.__doc__, "SlackUnavailable")
        assert drawn == real_tree(bot.slack_api, SlackUnavailable)

    @pytest.mark.parametrize(
        ("error", "kind"),
        [
            ("not_in_channel", NotInChannel),
            ("channel_not_found", ChannelNotFound),
            ("users_not_found", UserNotFound),
            ("user_not_found", UserNotFound),
            ("ratelimited", RateLimited),
            ("fatal_error", SlackUnavailable),
        ],
    )
    def test_each_slack_error_word_becomes_its_class(
        self, error: str, kind: type[SlackUnavailable]
    ) -> None:
        found = slack_error("chat.postMessage", _refusal(error))
        assert (type(found), found.error, found.method) == (kind, error, "chat.postMessage")

    def test_an_answer_without_an_error_word_is_named_by_its_status(self) -> None:
        assert type(slack_error("users.list", _refusal(None, status=429))) is RateLimited


class TestSlackHints:
    def test_an_archived_type_names_the_slash_command_that_restores_it(self) -> None:
        words = refusal_words(ArchivedType("Sick"))
        assert words.endswith("An admin restores it with `/unavailable types restore Sick`.")
        assert "availbot types" not in words

    def test_a_channel_without_the_bot_says_to_invite_it(self) -> None:
        words = refusal_words(NotInChannel("chat.postMessage", "not_in_channel"))
        assert words.endswith("Invite me with `/invite @availbot`, then try again.")

    def test_a_refusal_without_a_slack_hint_is_core_s_message(self) -> None:
        error = UnknownMember("zed@example.com")
        assert refusal_words(error) == error.message
