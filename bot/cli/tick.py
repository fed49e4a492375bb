"""`availbot tick [--at INSTANT]`: run every timed job once, as the scheduler would (cron)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from bot.cli.context import Output
from bot.cli.parser import Group, command
from bot.config import Settings
from core.errors import SlackNotConfigured
from storage.repositories import open_store


def instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset (`2026-03-02T10:00Z`), as argparse reads it."""
    try:
        parsed = datetime.fromisoformat(text.strip().replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an instant with its offset; e.g. 2026-03-02T10:00Z or "
            "2026-03-02T11:00+01:00"
        )
    return parsed.astimezone(UTC)


def tick_command(args: argparse.Namespace, settings: Settings, now: datetime) -> Output:
    """Every job due at the instant (default now), each claimed like the scheduler's runs."""
    if not settings.slack_configured:
        raise SlackNotConfigured("tick", "The digest, alerts and the directory post to Slack.")
    # Slack's libraries load only for the commands that use them
    from bot.jobs.digest_tick import instance_name
    from bot.jobs.tick import tick
    from bot.main import slack_services

    at = args.at or now
    with open_store(args.db or settings.database_url) as store:
        done = tick(slack_services(settings, store, lambda: at), instance_name())
    lines = [f"{job}: {_words(counts)}" for job, counts in done.items()]
    return Output({"ok": True, "at": _iso(at), "jobs": done}, "\n".join(lines))


def _words(counts: dict[str, int] | None) -> str:
    if counts is None:
        return "not due (run this slot already)"
    return ", ".join(f"{n} {what}" for what, n in counts.items()) or "nothing due"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def register(commands: Group) -> None:
    run = command(commands, "tick", "run every timed job that is due, once (for cron)")
    run.set_defaults(runner=tick_command)
    run.add_argument(
        "--at", type=instant, metavar="INSTANT", help="as if it were then (default: now)"
    )
