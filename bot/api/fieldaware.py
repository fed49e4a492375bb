"""(being built)"""

from __future__ import annotations

import falcon

from bot.api.caller import ApiServices


def register(app: falcon.App, services: ApiServices) -> None:
    """Adds this family's routes."""
