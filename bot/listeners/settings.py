"""`/unavailable settings`: each person's shift reminders (time, or off), in command words."""

from __future__ import annotations

from bot.blocks.kit import Message
from bot.blocks.reminders import build_settings
from bot.services import Turn
from core.alerts.reminders import member_setting, read_settings


def answer(turn: Turn, text: str) -> Message:
    """Alone: the settings. `reminders at 17:30`, `reminders off`, `reminders on`: change
    them (`reminders` may be left out). Always the member's own."""
    setting = member_setting(turn.store, turn.me)
    changed = bool(text.strip())
    if changed:
        setting = read_settings(text, setting)
        turn.store.reminders.save_setting(turn.ws, setting, turn.now)
    return build_settings(setting, turn.zone_of(turn.me).key, changed=changed)
