"""`availbot demo`: see the product without Slack, in a fresh file in the current folder."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from bot.cli.context import Output
from bot.cli.parser import Group, command
from bot.config import Settings
from bot.demo import DEMO_FILE, run_demo


def demo(args: argparse.Namespace, settings: Settings, now: datetime) -> Output:
    path, text = run_demo(Path.cwd(), now)
    return Output({"ok": True, "file": str(path), "text": text}, text)


def register(commands: Group) -> None:
    runs = command(commands, "demo", f"a demo team in ./{DEMO_FILE} and today's digest")
    runs.set_defaults(runner=demo)
