"""Zone names: exactly the IANA names the bundled tzdata package lists, loaded from it."""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import UnknownTimeZone
from core.time.spans import zone

# tzdata's own list; `Factory` is its placeholder for "local time unknown" (shown as -00),
# not a place, and is refused (docs/time.md).
TZDATA = frozenset(resources.files("tzdata").joinpath("zones").read_text("utf-8").split())
ACCEPTED = TZDATA - {"Factory"}
# Files a host's /usr/share/zoneinfo holds that are not zone names ZoneInfo should take.
HOST_FILES = [
    "localtime",
    "posixrules",
    "Factory",
    "right/Europe/Madrid",
    "right/UTC",
    "posix/Europe/Madrid",
    "posix/UTC",
    "zone.tab",
    "zone1970.tab",
    "tzdata.zi",
    "leapseconds",
    "leap-seconds.list",
    "iso3166.tab",
]
WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize("name", HOST_FILES)
def test_host_files_that_are_not_iana_zones_are_refused(name: str) -> None:
    with pytest.raises(UnknownTimeZone):
        zone(name)


@pytest.mark.parametrize(
    "name", ["Europe/Madrid", "UTC", "US/Pacific", "PST8PDT", "EST", "Etc/GMT+5", "Europe/Kiev"]
)
def test_iana_names_and_their_aliases_are_accepted(name: str) -> None:
    assert zone(name).key == name


def test_every_name_tzdata_lists_loads() -> None:
    assert all(zone(name).key == name for name in ACCEPTED)


names = st.one_of(
    st.sampled_from(sorted(TZDATA)),
    st.sampled_from(HOST_FILES),
    st.sampled_from(sorted(TZDATA)).map(str.lower),
    st.sampled_from(sorted(TZDATA)).map(lambda n: f"posix/{n}"),
    st.sampled_from(sorted(TZDATA)).map(lambda n: f"{n}/"),
    st.text(max_size=30),
)


@given(names)
def test_a_name_is_a_zone_exactly_when_tzdata_lists_it(name: str) -> None:
    if name in ACCEPTED:
        assert zone(name).key == name
    else:
        with pytest.raises(UnknownTimeZone):
            zone(name)


def test_one_zone_object_per_name_that_survives_copies_and_pickles() -> None:
    madrid = zone("Europe/Madrid")
    moment = WINTER.astimezone(madrid)
    assert zone("Europe/Madrid") is madrid
    assert copy.deepcopy(moment) == moment
    assert pickle.loads(pickle.dumps(moment)).tzinfo is madrid


def test_rules_come_from_the_tzdata_package_not_the_host(tmp_path: Path) -> None:
    """A host zoneinfo directory whose Europe/Madrid is really Tokyo changes nothing."""
    tokyo = resources.files("tzdata.zoneinfo").joinpath("Asia", "Tokyo").read_bytes()
    (tmp_path / "Europe").mkdir()
    (tmp_path / "Europe" / "Madrid").write_bytes(tokyo)
    (tmp_path / "localtime").write_bytes(tokyo)
    script = (
        "from datetime import datetime, UTC\n"
        "from core.errors import UnknownTimeZone\n"
        "from core.time.spans import zone\n"
        "print(datetime(2026, 1, 15, 12, tzinfo=UTC).astimezone(zone('Europe/Madrid')).hour)\n"
        "try:\n    zone('localtime')\nexcept UnknownTimeZone:\n    print('refused')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONTZPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split() == ["13", "refused"]
