"""How each adapter words the database's refusals."""

from __future__ import annotations

from bot.cli import refusal_words as cli_words
from bot.listeners.replying import refusal_words as slack_words
from core.errors import DatabaseBusy, DatabaseUnavailable


def test_slack_says_the_database_is_unavailable_and_that_nothing_changed() -> None:
    assert slack_words(DatabaseUnavailable()) == (
        "The database is unavailable: nothing was changed. Try again in a minute."
    )
    assert slack_words(DatabaseBusy()) == (
        "The database is busy: nothing was changed. Try again in a moment."
    )


def test_the_cli_adds_where_to_look() -> None:
    assert cli_words(DatabaseUnavailable()).endswith(
        "Try again in a minute. Check that the database server named in DATABASE_URL "
        "(or --db) is running."
    )
    assert cli_words(DatabaseBusy()).endswith("Try again in a moment.")
