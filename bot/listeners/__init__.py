"""Bolt listeners, one module per feature; `register` wires them all onto an app."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import (
    actions,
    cover,
    edit,
    events,
    feeds,
    files,
    gap_cover,
    home,
    modal,
    oncall,
    requests,
    rotation_form,
    swap,
    unavailable,
)
from bot.listeners.replying import log_error
from bot.services import Services


def register(app: App, services: Services) -> None:
    unavailable.register(app, services)
    oncall.register(app, services)
    actions.register(app, services)
    gap_cover.register(app, services)
    cover.register(app, services)
    requests.register(app, services)
    home.register(app, services)
    modal.register(app, services)
    edit.register(app, services)
    rotation_form.register(app, services)
    swap.register(app, services)
    files.register(app, services)
    feeds.register(app, services)
    events.register(app)  # last: the fallback for events no feature listener took
    app.error(log_error)
