"""The tree drawn in core/errors.py's docstring is the real class hierarchy, so it cannot drift."""

from __future__ import annotations

import inspect
import re
from types import ModuleType

import pytest

import core.errors
from core.errors import (
    AdminOnly,
    AvailbotError,
    NotPermitted,
    OwnRecordsOnly,
    UnknownRotation,
)

_BRANCH = re.compile(r"^(?P<indent>[ │]*)[├└]── (?P<name>\w+)")
_ROOT = re.compile(r"^(?P<name>\w+)\s")


def drawn_tree(doc: str, root: str) -> dict[str, str | None]:
    """Each class drawn under `root` (in a `├──`/`└──` drawing), mapped to its drawn parent."""
    lines = [line.strip("\n") for line in doc.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(root + " "))
    margin = len(lines[start]) - len(lines[start].lstrip())
    parents: dict[str, str | None] = {root: None}
    path = [root]
    for line in lines[start + 1 :]:
        found = _BRANCH.match(line[margin:])
        if found is None:
            break
        depth = len(found["indent"]) // 4 + 1
        path = [*path[:depth], found["name"]]
        parents[found["name"]] = path[depth - 1]
    return parents


def real_tree(module: ModuleType, root: type[Exception]) -> dict[str, str | None]:
    """Each class `module` defines that derives from `root`, mapped to its parent."""
    parents: dict[str, str | None] = {root.__name__: None}
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if issubclass(cls, root) and cls is not root and cls.__module__ == module.__name__:
            [base] = cls.__bases__
            parents[cls.__name__] = base.__name__
    return parents


class TestDrawnTree:
    def test_the_docstring_draws_every_error_class_under_its_real_parent(self) -> None:
        assert core.errors.__doc__ is not None
        drawn = drawn_tree(core.errors.__doc__, "AvailbotError")
        assert drawn == real_tree(core.errors, AvailbotError)

    def test_the_reader_reads_nesting_from_the_drawing(self) -> None:
        doc = """
            Root          base
            ├── A         one
            │   └── B     under A
            └── C
                └── D
        """
        assert drawn_tree(doc, "Root") == {
            "Root": None,
            "A": "Root",
            "B": "A",
            "C": "Root",
            "D": "C",
        }


class TestCodes:
    def test_code_is_the_class_name(self) -> None:
        assert UnknownRotation("nope").code == "UnknownRotation"

    @pytest.mark.parametrize(
        "error",
        [AdminOnly("bob", "add types"), OwnRecordsOnly("bob", "add a record", "c@example.com")],
    )
    def test_every_permission_refusal_keeps_the_one_code(self, error: NotPermitted) -> None:
        """Scripts check `NotPermitted` (docs/cli.md); the class names the rule."""
        assert error.code == "NotPermitted"


class TestMessagesCarryNoAdapterAdvice:
    def test_no_message_names_a_command_of_one_adapter(self) -> None:
        """`availbot …`, `/unavailable …`, `--flag` are each adapter's hints, not core's."""
        assert core.errors.__doc__ is not None
        source = inspect.getsource(core.errors).replace(core.errors.__doc__, "")
        assert re.findall(r"`availbot |`/unavailable|`/oncall| --[a-z]", source) == []
