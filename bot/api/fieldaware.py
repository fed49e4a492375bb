"""(being built)"""

from __future__ import annotations

from bot.api.caller import ApiApp, ApiServices


def register(app: ApiApp, services: ApiServices) -> None:
    """Adds this family's routes."""
