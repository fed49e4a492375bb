"""create_app: the Bolt app with every listener registered, talking to Slack through one client."""

from __future__ import annotations

from concurrent.futures import Executor

from slack_bolt import App

from bot.listeners import register
from bot.services import Services


def create_app(services: Services, executor: Executor, *, verify_signatures: bool = True) -> App:
    """A Bolt app for the bot token (checked with auth.test) and, in HTTP mode, the signing
    secret. Listeners acknowledge at once and finish lazily on `executor`, answering through
    response_url (bot.listeners.replying); Socket Mode is authenticated by the app token."""
    app = App(
        client=services.client,
        signing_secret=services.settings.slack_signing_secret or "",
        request_verification_enabled=verify_signatures,
        process_before_response=True,  # the ack only; the work is lazy
        listener_executor=executor,
    )
    register(app, services)
    return app
