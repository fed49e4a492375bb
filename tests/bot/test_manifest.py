"""manifest.yml is a valid app manifest and declares exactly what the app uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.ids import COMMANDS, EVENTS
from bot.main import Runtime

ROOT = Path(__file__).resolve().parents[2]
# Slack's manifest JSON Schema (draft-07, from its public manifest-schema repository), kept
# beside the test so the suite runs anywhere.
SCHEMA = Path(__file__).with_name("manifest.schema.1.0.0.json")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "manifest.yml").read_text())
    return loaded


def test_is_valid_against_slacks_schema(manifest: dict[str, Any]) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"the manifest schema is not at {SCHEMA}")
    jsonschema.validate(manifest, json.loads(SCHEMA.read_text()))


def test_commands_are_the_ones_the_app_registers(
    manifest: dict[str, Any], runtime: Runtime
) -> None:
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    registered = _registered_commands(runtime)
    assert declared == set(COMMANDS) == registered
    assert all(c["should_escape"] for c in manifest["features"]["slash_commands"])


def _registered_commands(runtime: Runtime) -> set[str]:
    """Commands the Bolt app answers: ask its listeners with a command-shaped request."""
    found = set()
    for command in ("/unavailable", "/oncall", "/digest", "/nothing"):
        request = BoltRequest(body=f"command={command}&team_id=T&user_id=U", mode="socket_mode")
        response = BoltResponse(status=200)
        if any(listener.matches(req=request, resp=response) for listener in runtime.app._listeners):
            found.add(command)
    return found


def test_declares_every_scope_event_and_surface(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "commands",
        "chat:write",
        "files:read",
        "channels:history",
        "groups:history",
        "im:history",
        "im:write",  # conversations.open: DMs (docs/alerts.md)
        "users:read",
        "users:read.email",
        "reactions:write",
    }
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {
        "app_home_opened",
        "message.channels",
        "message.groups",
        "message.im",
        "file_shared",
    }
    assert {e.split(".")[0] for e in events} == set(EVENTS)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
