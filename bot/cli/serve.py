"""`availbot serve`: run the Slack app (HTTP on waitress, or Socket Mode) and its scheduler."""

from __future__ import annotations

import argparse
from datetime import datetime

from bot.cli.context import Output
from bot.cli.parser import Group, command
from bot.config import Settings, checked_host
from storage.repositories import open_store


def serve_command(args: argparse.Namespace, settings: Settings, now: datetime) -> Output:
    """Refuses missing Slack settings before touching the database; migrates, then serves."""
    settings.require_slack(socket=args.socket)
    from bot.main import serve  # Slack's libraries load only for the commands that use them

    port = args.port if args.port is not None else settings.port
    host = settings.host if args.host is None else checked_host(args.host, "--host")
    with open_store(args.db or settings.database_url) as store:
        serve(settings, store, socket=args.socket, host=host, port=port)
    return Output({"ok": True}, "availbot stopped.")


def register(commands: Group) -> None:
    run = command(commands, "serve", "run the Slack app and its scheduler")
    run.set_defaults(runner=serve_command)
    run.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    run.add_argument(
        "--host",
        help="address to listen on (default: $HOST, else 0.0.0.0; 127.0.0.1 behind a proxy)",
    )
    run.add_argument("--port", type=int, help="HTTP port (default: $PORT, else 3000)")
