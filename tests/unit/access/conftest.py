"""Fixtures for core.access: the unit tests' workspace and members in a store that keeps keys."""

from __future__ import annotations

import pytest

from core.workspaces import create_workspace
from tests.unit.conftest import NOW, WS
from tests.unit.fakes_access import FakeKeyStore


@pytest.fixture
def store() -> FakeKeyStore:
    store = FakeKeyStore()
    create_workspace(store, WS, now=NOW)
    return store
