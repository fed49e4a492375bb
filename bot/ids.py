"""Every Slack identifier the app answers to: commands, action ids, callback ids, block ids."""

from __future__ import annotations

UNAVAILABLE_COMMAND = "/unavailable"
ONCALL_COMMAND = "/oncall"
COMMANDS = (UNAVAILABLE_COMMAND, ONCALL_COMMAND)

UNDO_ACTION = "availbot.undo"
REMOVE_ACTION = "availbot.remove"
COVER_ACTION = "availbot.cover_gap"  # the digest's I'll-cover button
ACTIONS = (UNDO_ACTION, REMOVE_ACTION, COVER_ACTION)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

# Events the manifest subscribes to; each has a listener (an unhandled one gets 404 and is
# redelivered). Upload handling and the Home tab arrive with later issues.
EVENTS = ("app_home_opened", "message", "file_shared")
