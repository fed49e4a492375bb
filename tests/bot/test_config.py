"""Settings come from the environment once, and malformed values are refused by name."""

from __future__ import annotations

import pytest

from bot.config import Settings
from core.errors import CalendarNotConfigured, ConfigurationError


class TestSettings:
    def test_defaults(self) -> None:
        settings = Settings.from_env({})
        assert settings.database_url == "sqlite:///availbot.db"
        assert settings.timezone == "UTC"
        assert settings.date_order == "MDY"
        assert settings.port == 3000
        assert settings.host == "0.0.0.0"
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
                "HOST": "127.0.0.1",
            }
        )
        assert settings.admins == ("U1", "a@example.com")
        assert settings.date_order == "DMY"
        assert settings.port == 8080
        assert settings.host == "127.0.0.1"
        assert settings.slack_configured

    @pytest.mark.parametrize("value", ["PST8PDT", "US/Pacific", "Europe/Madrid"])
    def test_any_iana_zone_or_alias_is_a_timezone(self, value: str) -> None:
        assert Settings.from_env({"AVAILBOT_TIMEZONE": value}).timezone == value

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("AVAILBOT_TIMEZONE", "Mars/Base"),
            ("AVAILBOT_TIMEZONE", "localtime"),
            ("AVAILBOT_TIMEZONE", "right/Europe/Madrid"),
            ("AVAILBOT_DATE_ORDER", "YMD"),
            ("PORT", "http"),
            ("PORT", "70000"),
            ("SLACK_API_URL", "slack.com/api"),
            ("HOST", "http://127.0.0.1"),
            ("HOST", "127.0.0.1:3000"),
            ("HOST", "my host"),
            ("HOST", "-bad-.example"),
            ("AVAILBOT_PUBLIC_URL", "availbot.example.com"),
            ("AVAILBOT_PUBLIC_URL", "https://availbot.example.com/?x=1"),
            ("AVAILBOT_CALENDAR_SECRET", "too short"),
        ],
    )
    def test_malformed_values_are_refused_by_name(self, name: str, value: str) -> None:
        with pytest.raises(ConfigurationError, match=name):
            Settings.from_env({name: value})

    def test_calendar_links_need_the_public_address_and_the_secret(self) -> None:
        with pytest.raises(CalendarNotConfigured, match="AVAILBOT_CALENDAR_SECRET"):
            Settings.from_env({"AVAILBOT_PUBLIC_URL": "https://a.example.com"}).calendar_links()
        settings = Settings.from_env(
            {
                "AVAILBOT_PUBLIC_URL": "https://a.example.com/bot/",
                "AVAILBOT_CALENDAR_SECRET": "s" * 32,
            }
        )
        assert settings.calendar_links() == ("https://a.example.com/bot", "s" * 32)

    @pytest.mark.parametrize("host", ["::", "::1", "10.1.2.3", "localhost", "availbot.internal"])
    def test_host_takes_addresses_and_names(self, host: str) -> None:
        assert Settings.from_env({"HOST": host}).host == host


class TestRequireSlack:
    def test_http_mode_names_the_token_and_the_secret_and_where_to_get_them(self) -> None:
        with pytest.raises(ConfigurationError) as caught:
            Settings.from_env({}).require_slack(socket=False)
        message = caught.value.message
        assert "SLACK_BOT_TOKEN" in message
        assert "OAuth & Permissions" in message
        assert "SLACK_SIGNING_SECRET" in message
        assert "Basic Information" in message
        assert "SLACK_APP_TOKEN" not in message

    def test_socket_mode_needs_the_app_token_not_the_signing_secret(self) -> None:
        settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"})
        with pytest.raises(ConfigurationError) as caught:
            settings.require_slack(socket=True)
        assert "SLACK_APP_TOKEN" in caught.value.message
        assert "connections:write" in caught.value.message
        assert "SLACK_SIGNING_SECRET" not in caught.value.message

    def test_a_token_of_the_wrong_kind_is_refused(self) -> None:
        settings = Settings.from_env({"SLACK_BOT_TOKEN": "xapp-1", "SLACK_APP_TOKEN": "xapp-2"})
        with pytest.raises(ConfigurationError, match="SLACK_BOT_TOKEN must start with 'xoxb-'"):
            settings.require_slack(socket=True)

    @pytest.mark.parametrize("socket", [False, True])
    def test_complete_settings_pass(self, socket: bool) -> None:
        Settings.from_env(
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1"}
        ).require_slack(socket=socket)
