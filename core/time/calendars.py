"""Public holidays by country and subdivision, from the `holidays` package (no downloads)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache


class UnknownHolidays(ValueError):
    """The `holidays` package knows no such country or subdivision."""


def load_holidays() -> None:
    """Load the `holidays` package now: its first lookup imports every country it knows
    (0.1–0.2 s). A long-running process calls this at start, so that the first answer that
    needs a calendar (an App Home, a digest) does not pay it; a command line does not."""
    import holidays.countries  # noqa: F401  # imported for its side effect: loaded


@lru_cache(maxsize=256)
def holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The public holidays of one year; UnknownHolidays for an unknown place."""
    import holidays  # loaded by the first calendar that needs it, not with every command line

    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as exc:
        raise UnknownHolidays(str(exc)) from None
    return frozenset(found)


def check_place(country: str, subdivision: str | None) -> None:
    """Raise UnknownHolidays naming what the package knows, for a schedules file problem."""
    try:
        holiday_dates(country, subdivision, 2026)
    except UnknownHolidays:
        import holidays

        supported = holidays.list_supported_countries()
        if country not in supported:
            raise UnknownHolidays(
                f"no public holidays are known for country {country!r} "
                "(use an ISO 3166 code such as ES, DE or US)"
            ) from None
        known = ", ".join(supported[country]) or "none"
        raise UnknownHolidays(
            f"country {country!r} has no subdivision {subdivision!r} (known: {known})"
        ) from None
