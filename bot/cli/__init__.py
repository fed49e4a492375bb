"""The command line: parse → core → print, with refusals turned into words in one place."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from bot.cli import (
    database,
    demo,
    digest,
    directory,
    effective,
    imports,
    oncall,
    records,
    schedules,
    serve,
)
from bot.cli.context import Context, Output, Runner
from bot.cli.parser import build_parser
from bot.config import Settings
from bot.words.jsonshapes import error_json
from core.errors import AvailbotError, UsageError
from core.people.members import find_member
from core.people.model import OPERATOR, Actor
from core.people.permissions import with_configured_admins
from core.workspaces import resolve_workspace
from storage.repositories import SqlStore, open_store

REGISTRARS = (
    database.register,
    demo.register,
    digest.register,
    directory.register,
    records.register,
    imports.register,
    schedules.register,
    effective.register,
    oncall.register,
    serve.register,
)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Entry point of the `availbot` console script; returns the exit status. `env` stands in
    for os.environ, so tests run the command line in process."""
    try:
        args = build_parser(REGISTRARS).parse_args(argv)
    except SystemExit as exc:  # argparse's usage errors (2) and --help (0), as a status
        return int(exc.code or 0)
    try:
        settings = Settings.from_env(env)
        output = run(args, settings, now=datetime.now(UTC).replace(microsecond=0))
    except UsageError as exc:
        print(f"availbot: {exc.message}", file=sys.stderr)
        return 2
    except AvailbotError as exc:
        if args.json:
            print(json.dumps(error_json(exc.code, exc.message), indent=2))
        else:
            print(f"availbot: {exc.message}", file=sys.stderr)
        return 1
    print(json.dumps(output.json, indent=2) if args.json else output.text)
    return output.status


def run(args: argparse.Namespace, settings: Settings, *, now: datetime) -> Output:
    """Most commands act in a workspace of the store; a few (`runner`) manage their own."""
    runner: Runner | None = getattr(args, "runner", None)
    if runner is not None:
        return runner(args, settings, now)
    with open_store(args.db or settings.database_url) as store:
        handler: Callable[[Context, argparse.Namespace], Output] = args.handler
        return handler(_context(store, args, settings, now), args)


def _context(
    store: SqlStore, args: argparse.Namespace, settings: Settings, now: datetime
) -> Context:
    workspace = resolve_workspace(store, args.workspace, now=now)
    actor = OPERATOR
    if args.as_email:
        member = find_member(store, workspace.id, args.as_email)
        actor = Actor(with_configured_admins(member, settings.admins))
    return Context(store, settings, workspace, actor, now)
