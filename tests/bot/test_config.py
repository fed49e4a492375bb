"""Settings come from the environment once, and malformed values are refused by name."""

from __future__ import annotations

import pytest

from bot.config import Settings
from core.errors import ConfigurationError


class TestSettings:
    def test_defaults(self) -> None:
        settings = Settings.from_env({})
        assert settings.database_url == "sqlite:///availbot.db"
        assert settings.timezone == "UTC"
        assert settings.date_order == "MDY"
        assert settings.port == 3000
        assert settings.slack_api_url == "https://slack.com/api/"
        assert not settings.slack_configured

    def test_reads_every_variable(self) -> None:
        settings = Settings.from_env(
            {
                "DATABASE_URL": "postgresql://db/x",
                "AVAILBOT_TIMEZONE": "Europe/Madrid",
                "AVAILBOT_ADMINS": "U1, a@example.com ,",
                "AVAILBOT_DATE_ORDER": "dmy",
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_API_URL": "http://127.0.0.1:9/api/",
                "PORT": "8080",
            }
        )
        assert settings.admins == ("U1", "a@example.com")
        assert settings.date_order == "DMY"
        assert settings.port == 8080
        assert settings.slack_configured

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("AVAILBOT_TIMEZONE", "Mars/Base"),
            ("AVAILBOT_DATE_ORDER", "YMD"),
            ("PORT", "http"),
            ("PORT", "70000"),
            ("SLACK_API_URL", "slack.com/api"),
        ],
    )
    def test_malformed_values_are_refused_by_name(self, name: str, value: str) -> None:
        with pytest.raises(ConfigurationError, match=name):
            Settings.from_env({name: value})
