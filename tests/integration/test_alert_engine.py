"""The alert engine (docs/alerts.md#coverage-alerts) on SQLite and PostgreSQL: one message per
gap, edited as the gap changes, closed saying why; exactly once through Slack's failures."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.alerts.engine import KIND
from core.alerts.outbox import UNSURE_RETRY
from core.alerts.plan import AlertStatus, Closure
from core.errors import PostFailed
from core.people.model import OPERATOR, Member
from core.records.unavailability import (
    RecordChange,
    add_unavailability,
    remove_unavailability,
    update_unavailability,
)
from core.rotations.overrides import cover, remove_override
from core.schedules.file import apply_schedules
from core.time.spans import Span
from storage.database import execute_sql
from storage.repositories import SqlStore

from .alerting import NOW, WS, FakeSlack, make_team, schedule, subscription, tick

HOUR = timedelta(hours=1)
WED = datetime(2026, 3, 4, 9, 0, tzinfo=NOW.tzinfo)  # Bob's week: Mon 2 Mar 09:00 Madrid on


def out(
    store: SqlStore, who: Member, start: datetime, hours: int, type_name: str = "Time off"
) -> str:
    view = add_unavailability(
        store,
        OPERATOR,
        workspace_id=WS,
        member_id=who.id,
        span=Span(start, start + hours * HOUR),
        type_name=type_name,
        now=NOW,
    )
    return view.record.id


@pytest.fixture
def team(store: SqlStore) -> dict[str, Member]:
    return make_team(store)


class TestOneMessagePerGap:
    def test_time_off_in_a_shift_posts_one_alert_naming_why_and_who_could_cover(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["bob"], WED, 24)
        assert tick(store, slack).done == {"posted": 1}
        [message] = slack.messages.values()
        assert message.channel == "C1" and message.key.startswith(f"{KIND}:alr_")
        assert "*primary* has no cover" in message.blocks[0]["text"]["text"]
        assert "<@UBOB> is out (Time off)" in message.text
        assert "<@UANN>" in message.text and "<@UCAROL>" in message.text  # suggested covers
        assert message.open
        assert tick(store, slack, NOW + timedelta(minutes=1)).done == {}
        assert slack.posts == 1

    def test_a_gap_that_changes_shape_edits_the_same_message(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        record = out(store, team["bob"], WED, 24)
        tick(store, slack)
        update_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            record_id=record,
            change=RecordChange(end=WED + 48 * HOUR),
            now=NOW,
        )
        assert tick(store, slack).done == {"updated": 1}
        [message] = slack.messages.values()
        assert (message.edits, slack.posts) == (1, 1)
        assert "Fri 6 Mar 10:00" in message.text  # 09:00 UTC, in Madrid

    def test_time_off_removed_closes_the_message_and_its_button_goes(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        record = out(store, team["bob"], WED, 24)
        tick(store, slack)
        remove_unavailability(store, OPERATOR, workspace_id=WS, record_id=record)
        assert tick(store, slack).done == {"closed": 1}
        [message] = slack.messages.values()
        assert not message.open
        assert "No longer a gap: <@UBOB> on call then." in message.text
        assert store.alerts.live(WS) == []

    def test_an_override_closes_it_as_covered_by_whoever_took_it(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["bob"], WED, 24)
        tick(store, slack)
        cover(
            store,
            OPERATOR,
            workspace_id=WS,
            rotation_name="primary",
            span=Span(WED, WED + 24 * HOUR),
            member=team["carol"],
            now=NOW,
        )
        tick(store, slack)
        [message] = slack.messages.values()
        assert "Covered by <@UCAROL>." in message.text and not message.open

    def test_a_gap_split_in_two_keeps_its_message_for_the_first_part_and_posts_the_second(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["bob"], WED, 48)
        tick(store, slack)
        cover(
            store,
            OPERATOR,
            workspace_id=WS,
            rotation_name="primary",
            span=Span(WED + 12 * HOUR, WED + 24 * HOUR),
            member=team["carol"],
            now=NOW,
        )
        assert tick(store, slack).done == {"updated": 1, "posted": 1}
        assert len(slack.open_messages()) == 2 and slack.posts == 2

    def test_removing_the_override_reopens_the_gap_in_a_new_message(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["bob"], WED, 24)
        taken = cover(
            store,
            OPERATOR,
            workspace_id=WS,
            rotation_name="primary",
            span=Span(WED, WED + 24 * HOUR),
            member=team["carol"],
            now=NOW,
        )
        assert tick(store, slack).done == {}
        remove_override(store, OPERATOR, workspace_id=WS, override_id=taken.override.id)
        assert tick(store, slack).done == {"posted": 1}

    def test_a_rotation_change_that_puts_someone_out_on_call_opens_a_gap(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        store.digests.save(subscription(lookahead=14))
        slack = FakeSlack()
        out(store, team["dan"], datetime(2026, 3, 10, 9, 0, tzinfo=NOW.tzinfo), 24)
        assert tick(store, slack).done == {}  # Dan is on no rotation yet
        apply_schedules(
            store,
            OPERATOR,
            workspace_id=WS,
            text=schedule(("dan", "ann")),
            fallback_zone="UTC",
            now=NOW,
        )
        assert tick(store, slack).done == {"posted": 1}  # Dan's from the next hand-off, 9 Mar
        assert "<@UDAN> is out (Time off)" in slack.open_messages()[0].text

    def test_private_types_read_away_and_mentions_off_names_people(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        store.digests.save(subscription(mentions=False))
        slack = FakeSlack()
        out(store, team["bob"], WED, 24, type_name="Sick")
        tick(store, slack)
        [message] = slack.messages.values()
        assert "Bob is out (Away)" in message.text
        assert "<@" not in message.text and "Sick" not in message.text

    def test_a_gap_beyond_the_look_ahead_is_not_alerted_until_it_comes_within(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["carol"], datetime(2026, 3, 12, 9, 0, tzinfo=NOW.tzinfo), 24)
        assert tick(store, slack).done == {}  # Thu 12 Mar: past Mon 9 Mar midnight
        assert tick(store, slack, NOW + timedelta(days=3)).done == {}  # up to Thu 12 Mar 00:00
        assert tick(store, slack, NOW + timedelta(days=4)).done == {"posted": 1}

    def test_a_gap_that_passes_is_closed_as_over(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["bob"], WED, 24)
        tick(store, slack)
        assert tick(store, slack, WED + 25 * HOUR).done == {"closed": 1}
        assert store.alerts.live(WS) == []
        assert "This gap has passed." in next(iter(slack.messages.values())).text

    def test_turning_the_digest_off_closes_its_alerts(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["bob"], WED, 24)
        tick(store, slack)
        store.digests.remove(WS, "C1")
        assert tick(store, slack).done == {"closed": 1}
        assert "No longer followed here" in next(iter(slack.messages.values())).text


class TestExactlyOnce:
    def test_a_second_instance_during_the_pass_leaves_the_turn_to_the_first(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        out(store, team["bob"], WED, 24)
        store.outbox.claim(
            "alerts_turn", WS, workspace_id=WS, holder="a", now=NOW, lease=timedelta(minutes=5)
        )
        assert tick(store, FakeSlack(), holder="b").held

    def test_a_post_whose_answer_was_lost_is_found_not_posted_again(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack(fail_posts=["drop"])
        out(store, team["bob"], WED, 24)
        assert tick(store, slack).done == {"failed": 1}
        assert tick(store, slack, NOW + timedelta(seconds=30)).done == {"held": 1}
        assert tick(store, slack, NOW + UNSURE_RETRY).done == {"updated": 1}
        assert slack.posts == 1
        [alert] = store.alerts.live(WS)
        assert alert.message_ts == next(iter(slack.messages))

    def test_slack_answering_429_for_a_while_gets_one_message_after_retry_after(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        limited = PostFailed("chat.postMessage: ratelimited", certain=True, retry_after=90)
        slack = FakeSlack(fail_posts=[limited, limited])
        out(store, team["bob"], WED, 24)
        assert tick(store, slack).done == {"failed": 1}
        assert tick(store, slack, NOW + timedelta(minutes=1)).done == {"held": 1}
        assert tick(store, slack, NOW + timedelta(minutes=2)).done == {"failed": 1}
        assert tick(store, slack, NOW + timedelta(minutes=4)).done == {"posted": 1}
        assert slack.posts == 1

    def test_a_holder_that_died_mid_post_is_found_after_its_lease(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        out(store, team["bob"], WED, 24)
        tick(store, slack)
        [alert] = store.alerts.live(WS)
        execute_sql(
            store.db,  # as if the poster died after Slack took it, before recording
            "UPDATE gap_alert SET message_ts = NULL, shown = NULL",
        )
        execute_sql(
            store.db, "UPDATE outbox SET state = 'claimed', ts = NULL WHERE kind = 'gap_alert'"
        )
        assert tick(store, slack, NOW + timedelta(minutes=1)).done == {"held": 1}
        assert tick(store, slack, NOW + timedelta(minutes=10)).done == {"updated": 1}
        assert slack.posts == 1
        assert store.alerts.get(alert.id).message_ts == next(iter(slack.messages))  # type: ignore[union-attr]

    def test_a_gap_gone_before_its_post_went_through_is_never_posted(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack(fail_posts=[PostFailed("not_in_channel", certain=True)])
        record = out(store, team["bob"], WED, 24)
        tick(store, slack)
        remove_unavailability(store, OPERATOR, workspace_id=WS, record_id=record)
        assert tick(store, slack).done == {"closed": 1}
        assert slack.posts == 0
        [alert] = [store.alerts.get(a) for a in _ids(store)]
        assert alert is not None and alert.status is AlertStatus.CLOSED
        assert alert.closed_why is Closure.RESOLVED

    def test_a_failed_edit_is_made_at_the_next_tick(
        self, store: SqlStore, team: dict[str, Member]
    ) -> None:
        slack = FakeSlack()
        record = out(store, team["bob"], WED, 24)
        tick(store, slack)
        remove_unavailability(store, OPERATOR, workspace_id=WS, record_id=record)
        slack.fail_updates.append(PostFailed("chat.update: internal_error", certain=False))
        assert tick(store, slack).done == {"failed": 1}
        assert tick(store, slack).done == {"closed": 1}
        assert not next(iter(slack.messages.values())).open


def _ids(store: SqlStore) -> list[str]:
    return [row[0] for row in execute_sql(store.db, "SELECT id FROM gap_alert").fetchall()]
