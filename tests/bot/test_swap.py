"""Swapping shifts through the signed HTTP path with two people: `/oncall swap` opens the
modal, its submission asks the teammate by DM, Accept makes both overrides and tells both
people and the channel; answers after the first, time off and changed shifts are refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot import ids
from bot.listeners.home import publish_for
from bot.main import Runtime
from core.alerts.model import SwapStatus
from storage.repositories import SqlStore
from tests.bot import cover_team
from tests.bot.conftest import ANN, CAROL, SignedClient, text_of
from tests.bot.cover_team import DAN, buttons, channel_posts, click_in_view
from tests.bot.slack_standin import TEAM_ID, view_submission

standin, runtime, team = cover_team.standin, cover_team.runtime, cover_team.team


def open_modal(slack: SignedClient, user: str = CAROL) -> dict[str, Any]:
    assert slack.command("swap", user=user, command="/oncall").status == 200
    return dict(slack.standin.wait_for_call("views.open").params["view"])


def options(view: dict[str, Any], block_id: str) -> dict[str, str]:
    """A select's options: label → value."""
    [block] = [b for b in view["blocks"] if b["block_id"] == block_id]
    return {o["text"]["text"]: o["value"] for o in block["element"]["options"]}


def pick(view: dict[str, Any], block_id: str, starts: str) -> dict[str, Any]:
    [value] = [v for label, v in options(view, block_id).items() if starts in label]
    return {block_id: {block_id: {"type": "static_select", "selected_option": {"value": value}}}}


def submit(slack: SignedClient, state: dict[str, Any], user: str = CAROL) -> dict[str, Any]:
    reply = slack.interact(view_submission(ids.SWAP_MODAL, state, user))
    assert reply.status == 200 and reply.seconds < 3.0, reply.body
    answer: dict[str, Any] = json.loads(reply.body or b"{}")
    return answer


def ask_dan(slack: SignedClient) -> str:
    """Carol offers her week from Mon 9 Mar for Dan's from Mon 16 Mar; the swap's id."""
    view = open_modal(slack)
    state = {**pick(view, ids.SWAP_MINE, "primary, Mon 9 Mar"),
             **pick(view, ids.SWAP_THEIRS, "Dan: primary, Mon 16 Mar")}  # fmt: skip
    answer = submit(slack, state)
    assert answer["response_action"] == "update", answer
    assert f"Asked <@{DAN}> to take your *primary* Mon 9 Mar" in json.dumps(answer["view"])
    [dm] = channel_posts(slack.standin, f"D{DAN}")
    assert f"<@{CAROL}> asks to swap shifts" in dm["text"]
    return buttons(dm)[ids.ACCEPT_SWAP_ACTION]


class TestSwapShifts:
    def test_the_modal_offers_your_upcoming_shifts_and_your_teammates(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        view = open_modal(slack)
        mine = list(options(view, ids.SWAP_MINE))
        theirs = list(options(view, ids.SWAP_THEIRS))
        assert mine[0].startswith("primary, Mon 9 Mar")
        assert all(not label.startswith("primary, Mon 2 Mar") for label in mine)  # Bob's, started
        assert theirs[0].startswith("Dan: primary, Mon 16 Mar")
        assert not any(label.startswith("Carol") for label in theirs)

    def test_accept_makes_both_overrides_and_tells_both_and_the_channel(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        swap_id = ask_dan(slack)
        accepted = slack.click(ids.ACCEPT_SWAP_ACTION, swap_id, user=DAN)
        assert f"Swapped: <@{CAROL}> covers your *primary* Mon 16 Mar" in text_of(accepted)
        [told] = channel_posts(slack.standin, f"D{CAROL}")
        assert f"Swapped: <@{DAN}> covers your *primary* Mon 9 Mar" in told["text"]
        [line] = channel_posts(slack.standin, "C1")
        assert line["text"].startswith("Shift swap: Dan covers Carol's *primary* Mon 9 Mar")
        swap = team.swaps.get(TEAM_ID, swap_id)
        assert swap is not None and swap.status is SwapStatus.ACCEPTED
        made = [team.overrides.get(TEAM_ID, o) for o in swap.override_ids]
        names = {m.id: m.name for m in team.members.all(TEAM_ID)}
        assert [(names[o.member_id], o.start.isoformat()) for o in made if o] == [
            ("Dan", "2026-03-09T08:00:00+00:00"),  # Mon 9 Mar 09:00 CET
            ("Carol", "2026-03-16T08:00:00+00:00"),
        ]

    def test_a_second_answer_is_refused_with_the_first_one(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        swap_id = ask_dan(slack)
        slack.click(ids.ACCEPT_SWAP_ACTION, swap_id, user=DAN)
        again = slack.click(ids.ACCEPT_SWAP_ACTION, swap_id, user=DAN)
        assert "it was accepted already" in text_of(again)
        late = slack.click(ids.DECLINE_SWAP_ACTION, swap_id, user=DAN)
        assert "it was accepted already" in text_of(late)
        assert len(team.overrides.in_window(TEAM_ID, *_march())) == 2

    def test_decline_tells_the_requester_and_accept_after_it_is_refused(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        swap_id = ask_dan(slack)
        declined = slack.click(ids.DECLINE_SWAP_ACTION, swap_id, user=DAN)
        assert "Declined" in text_of(declined)
        [told] = channel_posts(slack.standin, f"D{CAROL}")
        assert f"<@{DAN}> declined the swap" in told["text"]
        refused = slack.click(ids.ACCEPT_SWAP_ACTION, swap_id, user=DAN)
        assert "it was declined already" in text_of(refused)
        assert team.overrides.in_window(TEAM_ID, *_march()) == []

    def test_only_the_teammate_asked_answers(self, slack: SignedClient, team: SqlStore) -> None:
        swap_id = ask_dan(slack)
        refused = slack.click(ids.ACCEPT_SWAP_ACTION, swap_id, user=ANN)
        assert "may not answer this shift swap" in text_of(refused)

    def test_a_swap_putting_someone_on_call_while_out_is_refused(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        swap_id = ask_dan(slack)
        slack.ask("add mar 17 for 2 days", user=CAROL)  # during Dan's week, which she'd take
        refused = slack.click(ids.ACCEPT_SWAP_ACTION, swap_id, user=DAN)
        assert "Carol" in text_of(refused) and "unavailable" in text_of(refused), text_of(refused)
        assert team.overrides.in_window(TEAM_ID, *_march()) == []
        swap = team.swaps.get(TEAM_ID, swap_id)
        assert swap is not None and swap.status is SwapStatus.OPEN

    def test_a_shift_changed_meanwhile_is_refused_at_accept(
        self, slack: SignedClient, team: SqlStore
    ) -> None:
        swap_id = ask_dan(slack)
        slack.ask("cover primary mar 10 10:00 for 2h", user=ANN, command="/oncall")
        refused = slack.click(ids.ACCEPT_SWAP_ACTION, swap_id, user=DAN)
        assert "changed meanwhile" in text_of(refused)

    def test_a_missing_pick_is_a_field_error(self, slack: SignedClient, team: SqlStore) -> None:
        view = open_modal(slack)
        answer = submit(slack, pick(view, ids.SWAP_MINE, "primary, Mon 9 Mar"))
        assert answer == {"response_action": "errors", "errors": {ids.SWAP_THEIRS: _any()}}


def _march() -> tuple[datetime, datetime]:
    return datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 30, tzinfo=UTC)


class _any:  # reads as a value in the assertion
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and bool(other)


class TestSwapFromHome:
    def test_the_home_has_swap_on_your_next_shift_and_it_opens_the_modal(
        self, slack: SignedClient, team: SqlStore, runtime: Runtime
    ) -> None:
        publish_for(runtime.services, TEAM_ID, CAROL)
        home = slack.standin.wait_for_call("views.publish").params["view"]
        [shift] = [
            b
            for b in home["blocks"]
            if (b.get("accessory") or {}).get("action_id") == ids.SWAP_ACTION
        ]
        assert "Mon 9 Mar" in shift["text"]["text"]
        click_in_view(slack, ids.SWAP_ACTION, "next", view_id="VHOME", user=CAROL)
        view = slack.standin.wait_for_call("views.open").params["view"]
        assert view["callback_id"] == ids.SWAP_MODAL
