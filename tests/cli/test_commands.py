"""The command table (bot/cli/commands.py): a run builds the parser from the module of the
command it names only, and that parser reads argv exactly as the whole tree does."""

from __future__ import annotations

import argparse

import pytest

from bot.cli.commands import COMMANDS, registrar, registrars
from bot.cli.parser import build_parser, named_command
from tests.cli.conftest import Availbot


def command_names(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


class TestTheTable:
    @pytest.mark.parametrize("module", sorted(set(COMMANDS.values())))
    def test_each_module_registers_exactly_the_commands_the_table_gives_it(
        self, module: str
    ) -> None:
        registered = command_names(build_parser([registrar(module)]))
        assert registered == [name for name, owner in COMMANDS.items() if owner == module]

    def test_the_whole_tree_has_every_command_in_the_table_order(self) -> None:
        assert command_names(build_parser(registrars())) == list(COMMANDS)


class TestNamedCommand:
    @pytest.mark.parametrize(
        ("argv", "named"),
        [
            (["import", "f.csv", "--commit"], "import"),
            (["--db", "sqlite:///x.db", "import", "f.csv"], "import"),
            (["--db=sqlite:///x.db", "--json", "import"], "import"),
            (["--js", "--d", "sqlite:///x.db", "list"], "list"),  # abbreviated, as argparse
            (["--workspace", "list", "import", "f.csv"], "import"),  # a value, not a command
            (["--as", "a@example.com", "members", "add", "b@example.com"], "members"),
            (["import", "--help"], "import"),
            (["import", "f.csv", "--db", "sqlite:///x.db"], "import"),
            (["schedule", "apply"], "schedule"),
            ([], None),
            (["--json"], None),
            (["--help"], None),
            (["-h", "import"], None),  # the top-level help, which lists every command
            (["--db"], None),  # the real parser says what is missing
            (["--", "import", "f.csv"], None),  # the real parser refuses `--` as a command
            (["--json", "--", "list"], None),
            (["import", "--", "f.csv"], "import"),  # after the command: the command's own
        ],
    )
    def test_reads_past_the_global_options(self, argv: list[str], named: str | None) -> None:
        assert named_command(argv) == named


class TestTheLeanParser:
    @pytest.mark.parametrize(
        "argv",
        [
            ["import", "f.csv", "--commit"],
            ["--db", "sqlite:///x.db", "import", "f.csv", "--json", "--quiet"],
            ["--workspace", "list", "import", "--commit-id", "imp_1", "--as", "a@example.com"],
            ["list", "--sort", "id", "--page", "2"],
            ["members", "add", "a@example.com", "--name", "A", "--json"],
            ["api-keys", "create", "ci", "--scope", "write"],
            ["db", "upgrade", "--db", "sqlite:///x.db"],
        ],
    )
    def test_parses_as_the_whole_tree_does(self, argv: list[str]) -> None:
        lean = build_parser(registrars(argv)).parse_args(argv)
        assert len(registrars(argv)) == 1
        assert vars(lean) == vars(build_parser(registrars()).parse_args(argv))


class TestWhatPeopleSee:
    def test_help_before_a_command_lists_every_command(self, availbot: Availbot) -> None:
        for argv in (["--help"], ["-h", "import"]):
            shown = availbot(*argv)
            assert shown.status == 0
            assert all(f"    {name} " in shown.out for name in COMMANDS), shown.out

    def test_a_misspelt_command_is_refused_with_every_choice(self, availbot: Availbot) -> None:
        refused = availbot("schedule", "apply", "x.toml")
        assert refused.status == 2
        assert "invalid choice: 'schedule'" in refused.err
        assert all(repr(name) in refused.err for name in COMMANDS), refused.err

    def test_a_command_help_shows_its_own_options(self, availbot: Availbot) -> None:
        shown = availbot("--db", "sqlite:///x.db", "import", "--help")
        assert shown.status == 0
        assert "usage: availbot import" in shown.out
        assert "--commit-id IMP" in shown.out
