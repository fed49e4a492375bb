"""create_app: the Bolt app with every listener registered, talking to Slack through one client."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import RequestVerification

from bot.listeners import register
from bot.services import Services
from core.ports import AppStore


class AvailbotApp(App):
    """Bolt's app, each request a unit of work: it starts on a live connection (bot.units)
    and, since Slack waits only 3 seconds for what the request's own thread answers (the
    acknowledgement, a modal saved inside it), waits only briefly for a busy database."""

    def __init__(self, store: AppStore, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._store = store

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        self._store.renew()
        with self._store.hurried():
            return super().dispatch(req)


def create_app(services: Services, executor: Executor, *, verify_signatures: bool = True) -> App:
    """A Bolt app for the bot token (checked with auth.test) and, in HTTP mode, the signing
    secret. Listeners acknowledge at once and finish lazily on `executor`, answering through
    response_url (bot.listeners.replying); Socket Mode is authenticated by the app token."""
    app = AvailbotApp(
        services.store,
        client=services.client,
        signing_secret=services.settings.slack_signing_secret or "",
        request_verification_enabled=verify_signatures,
        process_before_response=True,  # the ack only; the work is lazy
        listener_executor=executor,
    )
    register(app, services)
    _withhold_refused_bodies()
    return app


class _WithoutBody(logging.Filter):
    """Bolt logs a request whose signature it refuses with the request's whole body, people's
    words included. availbot's HTTP adapter refuses such requests before Bolt sees them
    (bot/http.py); should Bolt's second check ever refuse one, log that, not what it said."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Invalid request signature"):
            record.msg, record.args = "refused a request: invalid signature (Bolt's check)", ()
        return True


def _withhold_refused_bodies() -> None:
    bolt = logging.getLogger(f"slack_bolt.{RequestVerification.__name__}")
    if not any(isinstance(f, _WithoutBody) for f in bolt.filters):
        bolt.addFilter(_WithoutBody())
