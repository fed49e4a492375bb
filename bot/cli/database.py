"""`availbot db upgrade`: apply pending schema migrations (serve and every command do it too)."""

from __future__ import annotations

import argparse
from datetime import datetime

from bot.cli.context import Output
from bot.cli.parser import Group, command, group
from bot.config import Settings
from storage.migrations import upgrade
from storage.repositories import open_store


def db_upgrade(args: argparse.Namespace, settings: Settings, now: datetime) -> Output:
    with open_store(args.db or settings.database_url, migrate=False) as store:
        applied = upgrade(store.db)
    text = "\n".join(f"applied {m}" for m in applied) or "The schema is up to date."
    return Output({"ok": True, "applied": applied}, text)


def register(commands: Group) -> None:
    db = group(command(commands, "db", "database schema"))
    command(db, "upgrade", "apply pending schema migrations").set_defaults(runner=db_upgrade)
