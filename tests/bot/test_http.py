"""availbot's HTTP adapter over real HTTP: what it refuses (and how), what it logs, and that
Slack's bodies reach the listeners exactly as sent."""

from __future__ import annotations

import logging
import time

import pytest
from slack_bolt import BoltRequest

from bot.main import Runtime


class TestRefusedRequestsAreNotLogged:
    SECRET_WORDS = "sick-leave-for-chemotherapy"

    def test_bolts_own_check_does_not_log_the_body_either(
        self, runtime: Runtime, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Bolt checks the signature again behind the adapter; should that check ever refuse
        (the five minutes running out in between), it must not log the body either."""
        body = f"text={self.SECRET_WORDS}"
        request = BoltRequest(
            body=body,
            headers={
                "content-type": "application/x-www-form-urlencoded",
                "x-slack-request-timestamp": str(int(time.time()) - 3600),
                "x-slack-signature": "v0=" + "0" * 64,
            },
        )
        with caplog.at_level(logging.DEBUG, logger="slack_bolt.RequestVerification"):
            response = runtime.app.dispatch(request)
        assert response.status == 401
        assert caplog.records
        assert all("chemotherapy" not in r.getMessage() for r in caplog.records)
