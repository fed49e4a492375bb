"""The argparse tree of `availbot`: every subcommand, and global options before or after it."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import TypeAlias

from core.model import DEFAULT_PAGE_SIZE

Group: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _globals(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Global options; on subcommands they default to SUPPRESS so a value given before the
    subcommand is not overwritten by the subparser's default."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", default=default, help="database URL (default: $DATABASE_URL)")
    parser.add_argument("--workspace", default=default, help="Slack team id to act in")
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS)
    parser.add_argument(
        "--as", dest="as_email", default=default, metavar="EMAIL", help="act as this member"
    )


def paging(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--page", type=int, default=0)
    parser.add_argument("--page-size", type=int, default=DEFAULT_PAGE_SIZE)


def build_parser(registrars: Iterable[Callable[[Group], None]]) -> argparse.ArgumentParser:
    """The whole tree; each command module adds its subcommands with `register(commands)`."""
    parser = argparse.ArgumentParser(
        prog="availbot",
        description="availbot: who is on call, who is out, and where coverage has a hole.",
    )
    _globals(parser, top=True)
    commands: Group = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for register in registrars:
        register(commands)
    return parser


def command(
    parent: Group, name: str, help_text: str, handler: object = None
) -> argparse.ArgumentParser:
    """A subcommand that accepts the global options; `handler(ctx, args)` runs it."""
    sub = parent.add_parser(name, help=help_text, description=help_text)
    _globals(sub, top=False)
    if handler is not None:
        sub.set_defaults(handler=handler)
    return sub


def group(parser: argparse.ArgumentParser) -> Group:
    return parser.add_subparsers(dest="action", required=True, metavar="ACTION")
