"""The text rule of docs/records.md#what-availbot-accepts, on SQLite and PostgreSQL alike:
any text is either stored and read back exactly as the rule keeps it, or refused with
UnacceptableText (or another named rule: empty, too long), never a database error."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import DuplicateTypeName, MissingName, NameTooLong, UnacceptableText
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR
from core.records.catalogue import add_type, rename_type
from core.records.model import RecordView
from core.records.unavailability import (
    add_unavailability,
    get_unavailability,
    remove_unavailability,
)
from core.text import name_problem, note_problem
from core.time.spans import Span
from storage.repositories import SqlStore

from .factories import NOW, WS, at, member, utype, workspace

# Every code point, lone surrogates and NUL included; short, so examples stay quick.
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=24)
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@EXAMPLES
@given(text=ANY_TEXT)
def test_a_note_is_stored_as_written_or_refused(store: SqlStore, text: str) -> None:
    workspace_and_type(store)
    neva = store.members.by_email(WS, "neva@example.com") or member(store)
    span = Span(at(10), at(10) + timedelta(hours=1))

    def add() -> RecordView:
        return add_unavailability(
            store, OPERATOR, workspace_id=WS, member_id=neva.id, span=span, name=text, now=NOW
        )

    problem = note_problem(text)
    if problem is not None:
        with pytest.raises(UnacceptableText) as refused:
            add()
        assert (refused.value.position, refused.value.why) == problem
        assert store.unavailability.in_window(WS, at(1), at(31)) == []
        return
    view = add()
    stored = get_unavailability(store, workspace_id=WS, record_id=view.record.id)
    assert stored.record.name == (text or None)
    remove_unavailability(store, OPERATOR, workspace_id=WS, record_id=view.record.id)


_names = itertools.count()


@EXAMPLES
@given(text=ANY_TEXT)
def test_a_type_name_is_stored_as_written_or_refused(store: SqlStore, text: str) -> None:
    workspace_and_type(store)
    try:
        added = add_type(store, OPERATOR, WS, text)
    except UnacceptableText:
        assert name_problem(text.strip()) is not None
        return
    except MissingName:
        assert not text.split()
        return
    except DuplicateTypeName:  # the workspace's own type, in another case ("TIME OFF")
        assert store.types.by_name(WS, " ".join(text.split())) is not None
        return
    assert name_problem(text.strip()) is None
    stored = store.types.get(WS, added.id)
    assert stored is not None and stored.name == " ".join(text.split())
    assert store.types.by_name(WS, stored.name) == stored
    rename_type(store, OPERATOR, WS, stored.name, f"done {next(_names)}")  # frees the name


@EXAMPLES
@given(text=ANY_TEXT)
def test_a_member_name_is_stored_as_written_or_refused(store: SqlStore, text: str) -> None:
    workspace_and_type(store)
    email = f"m{next(_names)}@example.com"
    try:
        added = add_member(store, OPERATOR, WS, NewMember(email, text))
    except UnacceptableText:
        assert name_problem(text.strip()) is not None
        return
    except MissingName:
        assert not text.strip()
        return
    assert name_problem(text.strip()) is None
    stored = store.members.get(WS, added.id)
    assert stored is not None and stored.name == text.strip()


def workspace_and_type(store: SqlStore) -> None:
    if store.workspaces.get(WS) is None:
        workspace(store)
        utype(store)


def test_limits_are_named_rules_too(store: SqlStore) -> None:
    workspace_and_type(store)
    with pytest.raises(NameTooLong):
        add_type(store, OPERATOR, WS, "x" * 101)
