"""`availbot digest --post`: the console script posts the rendered digest through the Web API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.bot.slack_standin import BOT_TOKEN, SlackStandIn

SCRIPT = Path(sys.executable).parent / "availbot"


def run(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class TestDigestPost:
    def test_post_sends_the_digest_with_blocks_and_metadata(
        self, standin: SlackStandIn, tmp_path: Path
    ) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
        env = {k: v for k, v in env.items() if "proxy" not in k.lower()}
        assert run(tmp_path, "demo", env=env).returncode == 0
        env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": standin.url}
        done = run(
            tmp_path,
            "--db",
            "sqlite:///availbot-demo.db",
            "digest",
            "--channel",
            "C0ONCALL",
            "--post",
            "--json",
            env=env,
        )
        assert done.returncode == 0, done.stderr
        [posted] = standin.calls_to("chat.postMessage")
        assert posted.params["channel"] == "C0ONCALL"
        assert posted.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
        assert "coverage gap" in posted.params["text"]
        assert posted.params["metadata"]["event_type"] == "availbot_digest"
        assert any(b["type"] == "header" for b in posted.params["blocks"])

    def test_a_member_who_is_no_admin_may_not_post_as_in_slack(
        self, standin: SlackStandIn, tmp_path: Path
    ) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "AVAILBOT_"))}
        env = {k: v for k, v in env.items() if "proxy" not in k.lower()}
        assert run(tmp_path, "demo", env=env).returncode == 0
        env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": standin.url}
        db = ("--db", "sqlite:///availbot-demo.db")
        post = ("digest", "--channel", "C0ONCALL", "--post", "--json")
        done = run(tmp_path, *db, "--as", "ben@example.com", *post, env=env)
        assert done.returncode == 1, done.stdout
        error = json.loads(done.stdout)["error"]
        assert error["code"] == "NotPermitted"
        assert "Only admins may post the digest on demand" in error["message"]
        assert standin.calls_to("chat.postMessage") == []
        admin = run(tmp_path, *db, "--as", "ana@example.com", *post, env=env)
        assert admin.returncode == 0, admin.stderr
        assert len(standin.calls_to("chat.postMessage")) == 1
