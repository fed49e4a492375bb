"""Settings.from_env: the only reader of the environment (docs/configuration.md)."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from core.errors import CalendarNotConfigured, ConfigurationError
from core.time.spans import zone

DEFAULT_DATABASE_URL = "sqlite:///availbot.db"
DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_HOST = "0.0.0.0"  # every interface; 127.0.0.1 behind a reverse proxy on the same machine
SECRET_LENGTH = 32
_HOSTNAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "UTC"
    admins: tuple[str, ...] = ()
    date_order: str = "MDY"
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_API_URL
    port: int = 3000
    host: str = DEFAULT_HOST
    feeds_allow_private: bool = False
    public_url: str | None = None  # where people and calendar servers reach `serve`
    calendar_secret: str | None = None  # calendar links are derived from it (docs/calendar.md)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        settings = cls(
            database_url=get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            timezone=get("AVAILBOT_TIMEZONE") or "UTC",
            admins=tuple(a.strip() for a in (get("AVAILBOT_ADMINS") or "").split(",") if a.strip()),
            date_order=(get("AVAILBOT_DATE_ORDER") or "MDY").upper(),
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_api_url=get("SLACK_API_URL") or DEFAULT_API_URL,
            port=_port(get("PORT")),
            host=checked_host(get("HOST") or DEFAULT_HOST, "HOST"),
            feeds_allow_private=_flag(
                get("AVAILBOT_FEEDS_ALLOW_PRIVATE"), "AVAILBOT_FEEDS_ALLOW_PRIVATE"
            ),
            public_url=_public_url(get("AVAILBOT_PUBLIC_URL")),
            calendar_secret=get("AVAILBOT_CALENDAR_SECRET"),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Refuse malformed values, naming the variable and how to fix it."""
        try:
            zone(self.timezone)
        except Exception as exc:
            raise ConfigurationError(
                f"AVAILBOT_TIMEZONE={self.timezone!r} is not an IANA time zone "
                "(use e.g. Europe/Madrid or UTC)."
            ) from exc
        if self.date_order not in ("MDY", "DMY"):
            raise ConfigurationError(
                f"AVAILBOT_DATE_ORDER={self.date_order!r} must be MDY (3/10 is March 10) "
                "or DMY (3/10 is 3 October)."
            )
        api = urlparse(self.slack_api_url)
        if api.scheme not in ("http", "https") or not api.netloc:
            raise ConfigurationError(
                f"SLACK_API_URL={self.slack_api_url!r} must be an http(s) URL such as "
                f"{DEFAULT_API_URL}."
            )

        if self.calendar_secret is not None and len(self.calendar_secret) < SECRET_LENGTH:
            raise ConfigurationError(
                f"AVAILBOT_CALENDAR_SECRET must be at least {SECRET_LENGTH} characters: make "
                "one with `openssl rand -hex 32`, and keep it (changing it ends every link)."
            )

    def calendar_links(self) -> tuple[str, str]:
        """The public address and the secret that calendar links are made of, or
        CalendarNotConfigured naming the settings that are missing."""
        missing = [
            name
            for name, value in (
                ("AVAILBOT_PUBLIC_URL", self.public_url),
                ("AVAILBOT_CALENDAR_SECRET", self.calendar_secret),
            )
            if value is None
        ]
        if self.public_url is None or self.calendar_secret is None:
            raise CalendarNotConfigured(missing)
        return self.public_url, self.calendar_secret

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None

    def require_slack(self, *, socket: bool) -> None:
        """Refuse to serve without the Slack settings the mode needs, saying where to get them."""
        missing = [
            f"{name}: {where}"
            for name, value, where, mode in _SLACK_SETTINGS
            if (mode == "always" or (mode == "socket") == socket) and value(self) is None
        ]
        for name, value, prefix in _SLACK_PREFIXES:
            token = value(self)
            if token is not None and not token.startswith(prefix):
                missing.append(f"{name} must start with {prefix!r} (it is the wrong kind of token)")
        if missing:
            mode = "Socket Mode" if socket else "HTTP mode"
            raise ConfigurationError(
                f"Cannot serve in {mode}; set these environment variables:\n  "
                + "\n  ".join(missing)
                + "\nSee docs/slack-setup.md for creating the app from manifest.yml."
            )


def _port(raw: str | None) -> int:
    if raw is None:
        return 3000
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigurationError(f"PORT={raw!r} must be a TCP port number from 1 to 65535.")
    return int(raw)


def _public_url(raw: str | None) -> str | None:
    """`https://host[:port][/prefix]`, without a trailing slash."""
    if raw is None:
        return None
    parts = urlparse(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigurationError(
            f"AVAILBOT_PUBLIC_URL={raw!r} must be the http(s) address people and calendar "
            "servers reach availbot at, such as https://availbot.example.com (no query)."
        )
    return raw.rstrip("/")


def _flag(raw: str | None, name: str) -> bool:
    if raw is None or raw.lower() in ("0", "false", "no", "off"):
        return False
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    raise ConfigurationError(f"{name}={raw!r} must be 1 (on) or 0 (off).")


def checked_host(value: str, name: str) -> str:
    """An IP address or a host name to bind `serve` to; `name` says where it came from."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        if len(value) > 253 or not _HOSTNAME.fullmatch(value):
            raise ConfigurationError(
                f"{name}={value!r} must be an address to listen on: 0.0.0.0 (every interface, "
                "the default), 127.0.0.1 (this machine only, behind a reverse proxy), :: or "
                "another IP address or host name."
            ) from None
    return value


_SLACK_SETTINGS: tuple[tuple[str, Callable[[Settings], str | None], str, str], ...] = (
    (
        "SLACK_BOT_TOKEN",
        lambda s: s.slack_bot_token,
        "the Bot User OAuth Token (xoxb-…) on your app's OAuth & Permissions page, after "
        "installing the app to the workspace",
        "always",
    ),
    (
        "SLACK_SIGNING_SECRET",
        lambda s: s.slack_signing_secret,
        "the Signing Secret on your app's Basic Information page (App Credentials)",
        "http",
    ),
    (
        "SLACK_APP_TOKEN",
        lambda s: s.slack_app_token,
        "an app-level token (xapp-…) from Basic Information → App-Level Tokens, with the "
        "connections:write scope",
        "socket",
    ),
)
_SLACK_PREFIXES: tuple[tuple[str, Callable[[Settings], str | None], str], ...] = (
    ("SLACK_BOT_TOKEN", lambda s: s.slack_bot_token, "xoxb-"),
    ("SLACK_APP_TOKEN", lambda s: s.slack_app_token, "xapp-"),
)
