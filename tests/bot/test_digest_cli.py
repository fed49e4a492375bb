"""`availbot digest --post`: the command line posts the rendered digest through the Web API."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot.slack_standin import BOT_TOKEN, SlackStandIn
from tests.cli.conftest import Availbot


class TestDigestPost:
    def test_post_sends_the_digest_with_blocks_and_metadata(
        self, standin: SlackStandIn, tmp_path: Path
    ) -> None:
        availbot = Availbot(tmp_path)
        assert availbot("demo").status == 0
        slack = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": standin.url}
        done = availbot(
            "--db",
            "sqlite:///availbot-demo.db",
            "digest",
            "--channel",
            "C0ONCALL",
            "--post",
            "--json",
            env=slack,
        )
        assert done.status == 0, done.err
        [posted] = standin.calls_to("chat.postMessage")
        assert posted.params["channel"] == "C0ONCALL"
        assert posted.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
        assert "coverage gap" in posted.params["text"]
        assert posted.params["metadata"]["event_type"] == "availbot_digest"
        assert any(b["type"] == "header" for b in posted.params["blocks"])

    def test_a_member_who_is_no_admin_may_not_post_as_in_slack(
        self, standin: SlackStandIn, tmp_path: Path
    ) -> None:
        availbot = Availbot(tmp_path)
        assert availbot("demo").status == 0
        slack = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": standin.url}
        db = ("--db", "sqlite:///availbot-demo.db")
        post = ("digest", "--channel", "C0ONCALL", "--post", "--json")
        done = availbot(*db, "--as", "ben@example.com", *post, env=slack)
        assert done.status == 1, done.out
        error = json.loads(done.out)["error"]
        assert error["code"] == "NotPermitted"
        assert "Only admins may post the digest on demand" in error["message"]
        assert standin.calls_to("chat.postMessage") == []
        admin = availbot(*db, "--as", "ana@example.com", *post, env=slack)
        assert admin.status == 0, admin.err
        assert len(standin.calls_to("chat.postMessage")) == 1
