"""The command line: parse → core → print, with refusals turned into words in one place
(`refusal_words`: core's message and the CLI's hint). The parser holds only the command
argv names (bot/cli/commands.py), so a run imports that command's modules and no other's."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.cli.commands import registrars
from bot.cli.context import Context, Output, Runner
from bot.cli.parser import build_parser
from bot.config import Settings
from bot.words.jsonshapes import error_json
from bot.words.jsonstream import write_json
from core.errors import (
    ApiDisabled,
    ArchivedType,
    AvailbotError,
    DatabaseBusy,
    DatabaseUnavailable,
    DuplicateExternalId,
    DuplicateKeyName,
    GapAlreadyCovered,
    MissingName,
    OverlappingOverride,
    ScopeTooNarrow,
    SeveralWorkspaces,
    TakerMissing,
    UnknownApiKey,
    UnknownCalendarLink,
    UnknownMember,
    UnknownOverride,
    UnknownRotation,
    UnknownUnavailability,
    UnknownWorkspace,
    UsageError,
)
from core.people.members import find_member
from core.people.model import OPERATOR, Actor
from core.people.permissions import with_configured_admins
from core.workspaces import resolve_workspace
from storage.repositories import SqlStore, open_store


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Entry point of the `availbot` console script; returns the exit status. `env` stands in
    for os.environ, so tests run the command line in process."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser(registrars(argv)).parse_args(argv)
    except SystemExit as exc:  # argparse's usage errors (2) and --help (0), as a status
        return int(exc.code or 0)
    try:
        settings = Settings.from_env(env)
        output = run(args, settings, now=datetime.now(UTC).replace(microsecond=0))
    except UsageError as exc:
        print(f"availbot: {refusal_words(exc)}", file=sys.stderr)
        return 2
    except AvailbotError as exc:
        if args.json:
            print(json.dumps(error_json(exc.code, refusal_words(exc)), indent=2))
        else:
            print(f"availbot: {refusal_words(exc)}", file=sys.stderr)
        return 1
    if args.json:
        write_json(output.json, sys.stdout)
    else:
        print(output.words())
    return output.status


# What to type next, for the refusals whose fix is a command: core says what and why, the
# CLI says which of its commands (the Slack app has its own, in bot/listeners/replying.py).
_HINTS: dict[type[AvailbotError], Callable[[Any], str]] = {
    UnknownWorkspace: lambda e: "Leave out --workspace to use the only one.",
    SeveralWorkspaces: lambda e: "Pick one with --workspace.",
    UnknownMember: lambda e: "New members are added with `availbot members add EMAIL --name NAME`.",
    UnknownUnavailability: lambda e: "List records with `availbot list` to find the id.",
    UnknownRotation: lambda e: "Rotations come from `availbot schedules apply FILE.toml`.",
    UnknownOverride: lambda e: "List overrides with `availbot overrides` to find the id.",
    ArchivedType: lambda e: f"Restore it with `availbot types restore {e.name!r}`.",
    OverlappingOverride: lambda e: f"Remove it with `availbot overrides remove {e.override_id}`.",
    MissingName: lambda e: "Give it with --name." if e.email else "",
    TakerMissing: lambda e: "Give --member EMAIL (or act --as a member).",
    GapAlreadyCovered: lambda e: (
        "" if e.over else f"`availbot oncall {e.rotation!r}` shows who is on call now."
    ),
    UnknownApiKey: lambda e: "`availbot api-keys list` shows them.",
    UnknownCalendarLink: lambda e: "`availbot calendar links` makes the links there are.",
    DuplicateKeyName: lambda e: f"`availbot api-keys revoke {e.name!r}` revokes it.",
    ScopeTooNarrow: lambda e: f"Make one with `availbot api-keys create NAME --scope {e.needed}`.",
    ApiDisabled: lambda e: "Enable it with `availbot api enable`.",
    DuplicateExternalId: lambda e: "`availbot members list` shows each member's external id.",
    DatabaseUnavailable: lambda e: (
        ""
        if isinstance(e, DatabaseBusy)
        else "Check that the database server named in DATABASE_URL (or --db) is running."
    ),
}


def refusal_words(error: AvailbotError) -> str:
    """The refusal as the CLI says it: core's message, then the CLI's own hint if any."""
    hint = next((h(error) for kind, h in _HINTS.items() if isinstance(error, kind)), "")
    return f"{error.message} {hint}" if hint else error.message


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
