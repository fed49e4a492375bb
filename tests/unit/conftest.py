"""Fixtures for core's unit tests: a fake store holding one workspace and a few members."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.model import OPERATOR, Actor, Member
from core.people.members import NewMember, add_member
from core.people.workspaces import create_workspace
from tests.fakes import FakeStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WS = "T0LOCAL"


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    create_workspace(store, WS, now=NOW)
    return store


def _member(store: FakeStore, email: str, name: str, admin: bool = False) -> Member:
    return add_member(store, OPERATOR, WS, NewMember(email, name, "Europe/Madrid", admin=admin))


@pytest.fixture
def alice(store: FakeStore) -> Member:
    return _member(store, "alice@example.com", "Alice Admin", admin=True)


@pytest.fixture
def bob(store: FakeStore) -> Member:
    return _member(store, "bob@example.com", "Bob Builder")


@pytest.fixture
def carol(store: FakeStore) -> Member:
    return _member(store, "carol@example.com", "Carol Coder")


@pytest.fixture
def as_bob(bob: Member) -> Actor:
    return Actor(bob)
