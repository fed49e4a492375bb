"""The fallback for subscribed events no feature listener took, so Slack never redelivers them.

Bolt runs the first listener that matches; the Home tab (bot.listeners.home) and uploads
(bot.listeners.files) register before this module, which answers whatever is left.
"""

from __future__ import annotations

from slack_bolt import App

from bot.ids import EVENTS


def register(app: App) -> None:
    for name in EVENTS:
        app.event(name)(_received)


def _received() -> None:
    """Nothing to do (Bolt acknowledges events itself)."""
