"""Events the manifest subscribes to, answered so Slack does not redeliver them.

Uploads (`message` with files, `file_shared`) and the Home tab (`app_home_opened`) get their
real listeners with the CSV-upload and App Home issues; until then they are received and
left alone.
"""

from __future__ import annotations

from slack_bolt import App

from bot.ids import EVENTS


def register(app: App) -> None:
    for name in EVENTS:
        app.event(name)(_received)


def _received() -> None:
    """Nothing to do yet (Bolt acknowledges events itself)."""
