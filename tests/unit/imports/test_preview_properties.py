"""Whatever bytes arrive, the import answers with its own errors and never half-writes; and
however the rows are cut into batches, the plan is the same."""

from __future__ import annotations

import csv
import io
from datetime import date
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.imports.read
from core.errors import AvailbotError
from core.imports.commit import commit_import
from core.imports.model import ImportStatus
from core.imports.preview import ImportPlan, preview_import
from core.people.members import NewMember, add_member
from core.people.model import OPERATOR
from core.workspaces import create_workspace
from tests.fakes import FakeStore
from tests.unit.conftest import NOW, WS

EMAILS = ["bob@example.com", "carol@example.com", "ghost@example.com", "", "BOB@example.com"]
DATES = st.one_of(
    st.dates(min_value=date(2025, 1, 1)).map(str),
    st.sampled_from(["", "dec 24 2026", "2026-03-10T09:00", "2026-03-10T09:00Z", "tomorrow"]),
    st.text(max_size=12),
)
HEADERS = st.permutations(["email", "start", "end", "name", "type"]).map(list)


def fresh_store() -> FakeStore:
    store = FakeStore()
    create_workspace(store, WS, now=NOW)
    for email in ("bob@example.com", "carol@example.com"):
        add_member(store, OPERATOR, WS, NewMember(email, email[:3], "Europe/Madrid"))
    return store


def previewed(store: FakeStore, data: bytes) -> ImportPlan:
    return preview_import(
        store, OPERATOR, workspace_id=WS, data=data, file_name="f.csv", default_zone="UTC", now=NOW
    )


def attempt(store: FakeStore, data: bytes) -> None:
    try:
        plan = previewed(store, data)
    except AvailbotError:
        assert not store.imports.stored
        return
    assert not store.unavailability.rows
    if plan.record.status is ImportStatus.FAILED:
        assert plan.rows == []
    try:
        outcome = commit_import(store, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
    except AvailbotError:
        assert not store.unavailability.rows
        return
    assert len(store.unavailability.rows) == outcome.created == len(plan.rows)


ROWS = st.lists(
    st.tuples(
        st.sampled_from(EMAILS),
        DATES,
        DATES,
        st.text(max_size=8),
        st.sampled_from(["", "Sick", "Nope", "training"]),
    ),
    max_size=8,
)


# Rows that mostly plan: known members (any case), dates with a year, known types.
SOUND_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["bob@example.com", "carol@example.com", "BOB@example.com"]),
        st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)).map(str),
        st.sampled_from(["", "2027-01-05"]),
        st.text(max_size=8),
        st.sampled_from(["", "Sick", "training"]),
    ),
    max_size=8,
)


def written(header: list[str], delimiter: str, rows: list[tuple[str, str, str, str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    order = ["email", "start", "end", "name", "type"]
    for row in rows:
        cells = dict(zip(order, row, strict=True))
        writer.writerow([cells[h] for h in header])
    return buffer.getvalue()


def planned(data: bytes, batch: int) -> object:
    """What a preview comes to when rows are read `batch` at a time: its verdict, counts and
    rows, or the error that refused the file. Each run has a store of its own, so ids (of
    records, members, types) are new each time: rows name members by email, types by name."""
    with mock.patch.object(core.imports.read, "BATCH_ROWS", batch):
        try:
            plan = previewed(fresh_store(), data)
        except AvailbotError as exc:
            return str(exc)
    record = plan.record
    emails = {m.id: m.email for m in plan.members.values()}
    types = {t.id: t.name for t in plan.types.values()}
    rows = [
        (r.line, emails[r.member_id], types[r.type_id], r.start, r.end, r.name) for r in plan.rows
    ]
    return record.verdict, record.rows_total, record.to_create, record.skipped, rows


class TestBatches:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        HEADERS,
        st.sampled_from([",", ";"]),
        st.one_of(ROWS, SOUND_ROWS),
        st.integers(min_value=1, max_value=3),
    )
    def test_a_file_planned_in_small_batches_is_planned_as_in_one(
        self,
        header: list[str],
        delimiter: str,
        rows: list[tuple[str, str, str, str, str]],
        batch: int,
    ) -> None:
        data = written(header, delimiter, rows).encode()
        assert planned(data, batch) == planned(data, 5_000)


class TestArbitraryInput:
    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=400))
    def test_arbitrary_bytes(self, data: bytes) -> None:
        attempt(fresh_store(), data)

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        HEADERS,
        st.sampled_from([",", ";", "\t"]),
        ROWS,
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    )
    def test_well_formed_csv_files(
        self,
        header: list[str],
        delimiter: str,
        rows: list[tuple[str, str, str, str, str]],
        encoding: str,
    ) -> None:
        text = written(header, delimiter, rows)
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        attempt(fresh_store(), data)
