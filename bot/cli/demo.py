"""`availbot demo`: see the product without Slack, in a fresh file in the current folder."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from bot.cli.context import Output
from bot.cli.parser import Group, command
from bot.config import Settings

DEMO_FILE = "availbot-demo.db"  # here, not in bot.demo, which loads only when it runs


def demo(args: argparse.Namespace, settings: Settings, now: datetime) -> Output:
    from bot.demo import run_demo  # the demo's team and schedules load only for this command

    path, text = run_demo(Path.cwd(), now)
    return Output({"ok": True, "file": str(path), "text": text}, text)


def register(commands: Group) -> None:
    runs = command(commands, "demo", f"a demo team in ./{DEMO_FILE} and today's digest")
    runs.set_defaults(runner=demo)
