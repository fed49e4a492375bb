"""Your time off hits your shift, Find cover and cover requests, through the real path: signed
commands and clicks, and what each person sees in the Slack stand-in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot import ids
from bot.main import Runtime
from core.alerts.model import RequestStatus
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import ANN, BOB, CAROL, SignedClient, click_in_channel_message, text_of
from tests.bot.cover_team import (
    DAN,
    buttons,
    channel_posts,
    click_in_view,
    make_team,
    updates,
)
from tests.bot.slack_standin import TEAM_ID, Failure, SlackStandIn
from tests.bot.test_modal import state, submit

FRI, MON = datetime(2026, 3, 5, 23, 0, tzinfo=UTC), datetime(2026, 3, 8, 23, 0, tzinfo=UTC)


standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team


def ask_for_cover(slack: SignedClient, standin: SlackStandIn) -> dict[str, Any]:
    """Bob takes Friday to Sunday off and clicks Find cover; the request in C1."""
    reply = slack.ask("add fri for 3 days", user=BOB)
    asked = slack.click(ids.FIND_COVER_ACTION, buttons(reply)[ids.FIND_COVER_ACTION], user=BOB)
    assert "Asked for cover of *primary*" in text_of(asked)
    [request] = channel_posts(standin, "C1")
    return request


def request_id(request: dict[str, Any]) -> str:
    return buttons(request)[ids.TAKE_REQUEST_ACTION]


def take(slack: SignedClient, request: dict[str, Any], user: str) -> dict[str, Any]:
    """I'll cover on the channel message, then Confirm on the question; the answer."""
    question = click_in_channel_message(
        slack,
        ids.TAKE_REQUEST_ACTION,
        request_id(request),
        channel="C1",
        ts="1.0",
        user=user,
    )
    value = buttons(question).get(ids.CONFIRM_REQUEST_ACTION)
    if value is None:
        return question  # refused before asking
    return slack.click(ids.CONFIRM_REQUEST_ACTION, value, user=user)


class TestYourTimeOffHitsYourShift:
    def test_the_reply_to_add_says_it_opens_a_gap_with_find_cover(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        reply = slack.ask("add fri for 3 days", user=BOB)
        shown = text_of(reply)
        assert "You are on call for *primary* Fri 6 Mar 00:00 – Mon 9 Mar 00:00" in shown
        assert "this opens a gap" in shown
        assert ids.FIND_COVER_ACTION in buttons(reply)
        assert "opens a gap" in reply["text"]  # the notification says it too

    def test_time_off_outside_any_shift_says_nothing_of_gaps(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        reply = slack.ask("add fri for 3 days", user=CAROL)  # Carol's turn is next week
        assert "opens a gap" not in text_of(reply)
        assert ids.FIND_COVER_ACTION not in buttons(reply)

    def test_an_admin_adding_for_bob_is_told_bob_is_on_call(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        reply = slack.ask(f"add <@{BOB}> fri", user=ANN)
        assert "Bob is on call for *primary*" in text_of(reply)

    def test_the_modal_confirmation_says_so_and_find_cover_answers_in_the_modal(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        answer = submit(slack, state("2026-03-06", "2026-03-08"), user=BOB)
        view = answer["view"]
        assert "this opens a gap" in text_of(view)
        click_in_view(
            slack,
            ids.FIND_COVER_ACTION,
            buttons(view)[ids.FIND_COVER_ACTION],
            view_id="V9",
            user=BOB,
        )
        call = standin.wait_for_call("views.update")
        assert call.params["view_id"] == "V9"
        assert "Asked for cover of *primary*" in text_of(call.params["view"])
        assert len(channel_posts(standin, "C1")) == 1


class TestCoverRequests:
    def test_find_cover_posts_in_the_rotations_channel_mentioning_who_could(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        request = ask_for_cover(slack, standin)
        assert (
            f"<@{BOB}> asks for cover of *primary* Fri 6 Mar 00:00 – Mon 9 Mar 00:00"
            in (request["text"])
        )
        for who in (ANN, CAROL, DAN):
            assert f"<@{who}>" in request["text"]
        assert set(buttons(request)) == {ids.TAKE_REQUEST_ACTION, ids.WITHDRAW_REQUEST_ACTION}

    def test_the_first_to_confirm_gets_the_override_and_everyone_is_told(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        request = ask_for_cover(slack, standin)
        thanks = take(slack, request, user=CAROL)
        assert "Thanks! You are on call for *primary*" in text_of(thanks)
        assert ids.UNDO_REQUEST_ACTION in buttons(thanks)
        [override] = team.overrides.in_window(TEAM_ID, None, None)
        carol = team.members.by_slack_id(TEAM_ID, CAROL)
        assert carol is not None
        assert (override.member_id, override.start, override.end) == (carol.id, FRI, MON)
        [redrawn] = updates(standin)
        assert f"<@{CAROL}> covers <@{BOB}>'s *primary*" in redrawn["text"]
        [dm] = channel_posts(standin, f"D{BOB}")
        assert f"<@{CAROL}> covers your *primary*" in dm["text"]

    def test_a_second_taker_is_told_who_covers_it(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        request = ask_for_cover(slack, standin)
        take(slack, request, user=CAROL)
        late = take(slack, request, user=DAN)
        assert "closed: Carol covers it" in text_of(late)
        assert len(team.overrides.in_window(TEAM_ID, None, None)) == 1

    def test_someone_out_then_is_refused_with_the_reason(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        slack.ask("add sat", user=DAN)
        request = ask_for_cover(slack, standin)
        refused = take(slack, request, user=DAN)
        assert "Dan cannot be on call then" in text_of(refused)
        assert team.overrides.in_window(TEAM_ID, None, None) == []

    def test_the_requester_withdraws_and_later_takers_are_refused(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        request = ask_for_cover(slack, standin)
        click_in_channel_message(
            slack,
            ids.WITHDRAW_REQUEST_ACTION,
            request_id(request),
            channel="C1",
            ts="1.0",
            user=DAN,
        )
        stored = team.cover_requests.get(TEAM_ID, request_id(request))
        assert stored is not None and stored.status is RequestStatus.OPEN  # not Dan's to withdraw
        click_in_channel_message(
            slack,
            ids.WITHDRAW_REQUEST_ACTION,
            request_id(request),
            channel="C1",
            ts="1.0",
            user=BOB,
        )
        assert "Withdrawn" in updates(standin)[-1]["text"]
        refused = take(slack, request, user=CAROL)
        assert "closed: it was withdrawn" in text_of(refused)

    def test_undo_on_the_channel_message_opens_the_request_again(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        request = ask_for_cover(slack, standin)
        take(slack, request, user=DAN)
        refused = click_in_channel_message(
            slack, ids.UNDO_REQUEST_ACTION, request_id(request), channel="C1", ts="1.0", user=BOB
        )
        assert "members remove only their own" in text_of(refused)
        undone = click_in_channel_message(
            slack, ids.UNDO_REQUEST_ACTION, request_id(request), channel="C1", ts="1.0", user=DAN
        )
        assert "Undone: Dan no longer covers primary" in text_of(undone)
        assert team.overrides.in_window(TEAM_ID, None, None) == []
        assert ids.TAKE_REQUEST_ACTION in buttons(updates(standin)[-1])
        assert "was undone" in channel_posts(standin, f"D{BOB}")[-1]["text"]

    def test_cover_me_asks_for_the_one_rotation_i_am_on_call_for(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        reply = slack.ask("cover me wed", user=BOB, command="/oncall")
        assert "Asked for cover of *primary* Wed 4 Mar" in text_of(reply)
        assert "asks for cover" in channel_posts(standin, "C1")[0]["text"]
        again = slack.ask("cover me wed primary", user=BOB, command="/oncall")
        assert "already being asked for" in text_of(again)

    def test_cover_me_when_not_on_call_says_so(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        reply = slack.ask("cover me wed", user=CAROL, command="/oncall")
        assert "Carol is not on call in any rotation" in text_of(reply)
        assert channel_posts(standin, "C1") == []

    def test_a_channel_without_the_bot_removes_the_request(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        standin.fail_next("chat.postMessage", Failure(error="not_in_channel"))
        reply = slack.ask("cover me wed", user=BOB, command="/oncall")
        assert "/invite @availbot" in text_of(reply)
        again = slack.ask("cover me wed", user=BOB, command="/oncall")
        assert "Asked for cover" in text_of(again)


class TestNowhereToAsk:
    def test_without_a_digest_channel_the_requester_is_told(
        self, runtime: Runtime, store: SqlStore, slack: SignedClient
    ) -> None:
        make_team(store, channel=None)
        reply = slack.ask("cover me wed", user=BOB, command="/oncall")
        assert "No channel gets the digest for primary" in text_of(reply)
        assert "rotations=primary" in text_of(reply)


class TestOverridesInOncall:
    def test_oncall_rotation_lists_overrides_with_remove_for_their_member_and_admins(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        slack.ask("cover primary thu 09:00 for 24h", user=DAN, command="/oncall")
        mine = slack.ask("primary", user=DAN, command="/oncall")
        assert "*Overrides ahead* (1)" in text_of(mine)
        assert "Dan covers Thu 5 Mar 09:00" in text_of(mine)
        value = buttons(mine)[ids.REMOVE_OVERRIDE_ACTION]
        theirs = slack.ask("primary", user=BOB, command="/oncall")
        assert ids.REMOVE_OVERRIDE_ACTION not in buttons(theirs)  # not Bob's, and he is no admin
        refused = slack.click(ids.REMOVE_OVERRIDE_ACTION, value, user=BOB)
        assert "members remove only their own" in text_of(refused)
        removed = slack.click(ids.REMOVE_OVERRIDE_ACTION, value, user=ANN)  # an admin
        assert "Removed: Dan no longer covers primary" in text_of(removed)
        assert team.overrides.in_window(TEAM_ID, None, None) == []


class TestMentionsOff:
    def test_a_channel_with_mentions_off_reads_names_only(
        self, slack: SignedClient, standin: SlackStandIn, team: SqlStore
    ) -> None:
        [subscription] = team.digests.subscriptions(TEAM_ID)
        team.digests.save(replace(subscription, mentions=False))
        request = ask_for_cover(slack, standin)
        assert "Bob asks for cover of *primary*" in request["text"]
        assert "Could cover: Carol, Dan, Ann Admin" in request["text"]
        assert "<@" not in request["text"]
