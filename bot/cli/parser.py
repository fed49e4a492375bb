"""The argparse tree of `availbot`: its subcommands, and global options before or after them;
`named_command` reads which command argv names before the tree is built."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import NoReturn, TypeAlias

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


def named_command(argv: Sequence[str]) -> str | None:
    """The command argv names, read past the global options as the real parser reads them
    (`--db URL import`, `--db=URL`, `--js`); None when there is none, or when --help or an
    error comes before it, for which the whole tree must be there to be shown."""
    scout = _Scout(add_help=False)
    _globals(scout, top=True)
    scout.add_argument("-h", "--help", action="store_true")
    scout.add_argument("command", nargs="?")
    scout.add_argument("rest", nargs=argparse.REMAINDER)  # the command's own arguments
    try:
        found, _ = scout.parse_known_args(argv)
    except _ScoutError:
        return None
    named: str | None = found.command
    if found.help or (named is not None and "--" in argv[: list(argv).index(named)]):
        return None  # `--` before the command: the real parser refuses it, with every command
    return named


class _ScoutError(Exception):
    """The scout's usage error: the real parser reports it, the scout only steps aside."""


class _Scout(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ScoutError(message)


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
