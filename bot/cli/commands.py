"""Which module of bot/cli registers each command, so that a run imports only the one it names
(and through it only the core and storage modules that command uses)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from bot.cli.parser import Group, named_command

Registrar = Callable[[Group], None]
"""A command module's `register(commands)`: adds its subcommands to the tree."""

# In the order `availbot --help` lists them. A test checks each module registers exactly
# the commands given here.
COMMANDS: dict[str, str] = {
    "db": "database",
    "demo": "demo",
    "digest": "digest",
    "members": "directory",
    "types": "directory",
    "add": "records",
    "list": "records",
    "update": "records",
    "remove": "records",
    "import": "imports",
    "feeds": "feeds",
    "schedules": "schedules",
    "effective": "effective",
    "oncall": "oncall",
    "cover": "oncall",
    "overrides": "oncall",
    "api-keys": "access",
    "api": "access",
    "calendar": "calendar",
    "serve": "serve",
    "tick": "tick",
}


def registrars(argv: Sequence[str] | None = None) -> list[Registrar]:
    """What the parser needs for argv: the module of the command it names, or every module
    (argv None, no command, --help before it, a misspelt one: argparse then lists them all)."""
    named = None if argv is None else named_command(argv)
    if named is not None and named in COMMANDS:
        return [registrar(COMMANDS[named])]
    return [registrar(module) for module in dict.fromkeys(COMMANDS.values())]


def registrar(module: str) -> Registrar:
    """The `register` of bot/cli/`module`.py, imported now."""
    register: Registrar = importlib.import_module(f"bot.cli.{module}").register
    return register
