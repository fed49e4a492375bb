"""The README's command-line block against the real argparse tree: every subcommand is
listed there, and every command listed there parses (sqlite-utils keeps its docs honest
the same way)."""

from __future__ import annotations

import argparse
import re
import shlex

import pytest

from bot.cli.commands import registrars
from bot.cli.parser import build_parser
from tests.docs.conftest import README, fenced_blocks

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_COMMENT = re.compile(r"\s+#\s.*$")


def command_block() -> str:
    """The one fenced block of the README whose every line is an `availbot …` command."""
    found = [
        body
        for body in fenced_blocks(README.read_text(encoding="utf-8"))
        if body.strip()
        and all(line.startswith("availbot ") for line in body.splitlines() if line.strip())
    ]
    assert len(found) == 1, f"expected one block of `availbot` commands in README.md, found {found}"
    return found[0]


def documented_commands() -> list[str]:
    """Each command of the block: comments dropped, `a · b` on one line split in two."""
    commands: list[str] = []
    for line in command_block().splitlines():
        line = _COMMENT.sub("", line).strip()
        commands += [c.strip() for c in line.split(" · ") if c.strip()]
    return commands


def argv_variants(command: str) -> list[list[str]]:
    """The arguments a documented command stands for: without its optional `[…]` parts, and
    with all of them (the first of `a | b` alternatives, the first of `start|id` choices)."""

    def first_choice(found: re.Match[str]) -> str:
        return found.group(1).split(" | ")[0]

    bare = _OPTIONAL.sub("", command)
    full = _OPTIONAL.sub(first_choice, command)
    variants: list[list[str]] = []
    for text in (bare, full):
        words = [w.split("|")[0] if "|" in w else w for w in shlex.split(text)]
        assert words[0] == "availbot", command
        variants.append(words[1:])
    return variants


def parse(parser: argparse.ArgumentParser, argv: list[str], command: str) -> argparse.Namespace:
    try:
        return parser.parse_args(argv)
    except SystemExit:
        pytest.fail(f"the README's `{command}` does not parse as {argv}")


def command_path(args: argparse.Namespace) -> str:
    """`members list`, `add`: the subcommand, and the action of a command group."""
    action: str | None = getattr(args, "action", None)
    return f"{args.command} {action}" if action else str(args.command)


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            choices: dict[str, argparse.ArgumentParser] = action.choices
            return choices
    return {}


def parser_paths() -> set[str]:
    """Every runnable subcommand of the real parser, groups expanded (`types add`)."""
    paths: set[str] = set()
    for name, sub in subparsers(build_parser(registrars())).items():
        actions = subparsers(sub)
        paths |= {f"{name} {a}" for a in actions} if actions else {name}
    return paths


class TestReadmeCommandBlock:
    def test_finds_the_block_and_its_commands(self) -> None:
        commands = documented_commands()
        assert len(commands) >= 20
        assert "availbot db upgrade" in commands

    def test_every_documented_command_parses_with_and_without_its_options(self) -> None:
        parser = build_parser(registrars())
        for command in documented_commands():
            for argv in argv_variants(command):
                parse(parser, argv, command)

    def test_every_subcommand_of_the_parser_is_documented(self) -> None:
        parser = build_parser(registrars())
        documented = {
            command_path(parse(parser, argv, command))
            for command in documented_commands()
            for argv in argv_variants(command)
        }
        missing = sorted(parser_paths() - documented)
        assert not missing, f"subcommands missing from the README's command block: {missing}"

    def test_the_parser_knows_the_groups_it_is_checked_against(self) -> None:
        """The check above must see nested commands, or it would pass vacuously."""
        paths = parser_paths()
        assert {"members add", "types rename", "schedules apply", "db upgrade", "add"} <= paths

    def test_an_undocumented_or_misspelt_command_would_be_caught(self) -> None:
        parser = build_parser(registrars())
        with pytest.raises(SystemExit):
            parser.parse_args(["schedule", "apply", "x.toml"])
        assert argv_variants("availbot list [EMAIL] [--sort start|id]") == [
            ["list"],
            ["list", "EMAIL", "--sort", "start"],
        ]
