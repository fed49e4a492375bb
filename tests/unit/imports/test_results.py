"""Importing a file in one call (core/imports/results.py): preview, save when asked and clean."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from core.imports.model import ImportStatus
from core.imports.results import (
    Imported,
    import_file,
    save_import,
    stored_import,
    unmatched_rows,
)
from core.imports.view import StoredRows
from core.people.model import OPERATOR, Member
from tests.fakes import FakeStore
from tests.unit.conftest import NOW, WS

MADRID = ZoneInfo("Europe/Madrid")


def run(store: FakeStore, text: str, *, commit: bool = False) -> Imported:
    return import_file(
        store,
        OPERATOR,
        workspace_id=WS,
        data=text.encode(),
        file_name="hr.csv",
        default_zone="Europe/Madrid",
        now=NOW,
        commit=commit,
    )


@pytest.fixture
def people(bob: Member, carol: Member) -> tuple[Member, Member]:
    return bob, carol


class TestImportFile:
    def test_a_preview_saves_no_record(self, store: FakeStore, people: object) -> None:
        result = run(store, "email,start\nbob@example.com,2026-12-24\n")
        assert result.view.record.status is ImportStatus.PREVIEWED
        assert len(result.view.items) == 1
        assert store.unavailability.in_window(WS, NOW, datetime(2027, 1, 1, tzinfo=UTC)) == []

    def test_commit_saves_a_clean_preview_and_shows_what_it_created(
        self, store: FakeStore, people: object
    ) -> None:
        result = run(store, "email,start\nbob@example.com,2026-12-24\n", commit=True)
        assert result.view.record.status is ImportStatus.COMMITTED
        [item] = result.view.items
        assert store.unavailability.get(WS, item.record_id) is not None

    def test_a_commit_in_one_step_reads_back_neither_its_rows_nor_its_people(
        self, store: FakeStore, people: object, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The preview just made holds them: 100,000 rows for 5,000 people are not read twice."""

        def unread(*args: object, **kwargs: object) -> None:
            raise AssertionError("read again")

        for name in ("member_ids", "rows", "rows_after", "row_counts"):
            monkeypatch.setattr(store.imports, name, unread)
        monkeypatch.setattr(store.members, "many", unread)
        result = run(store, "email,start\nbob@example.com,2026-12-24\n", commit=True)
        [item] = result.view.items
        assert result.view.members[item.member_id].email == "bob@example.com"
        assert store.unavailability.get(WS, item.record_id) is not None

    def test_commit_of_a_failed_preview_saves_nothing(
        self, store: FakeStore, people: object
    ) -> None:
        result = run(store, "email,start\nbob@example.com,nov 8\n", commit=True)
        assert result.view.record.status is ImportStatus.FAILED
        assert result.view.items == []

    def test_the_same_file_saved_twice_creates_nothing_the_second_time(
        self, store: FakeStore, people: object
    ) -> None:
        text = "email,start\nbob@example.com,2026-12-24\n"
        run(store, text, commit=True)
        again = run(store, text, commit=True)
        assert (again.view.record.created, again.view.record.duplicates) == (0, 1)
        assert again.view.items == []

    def test_saving_by_id_twice_says_already_saved(self, store: FakeStore, people: object) -> None:
        preview = run(store, "email,start\nbob@example.com,2026-12-24\n")
        first = save_import(
            store, OPERATOR, workspace_id=WS, import_id=preview.view.record.id, now=NOW
        )
        second = save_import(
            store, OPERATOR, workspace_id=WS, import_id=preview.view.record.id, now=NOW
        )
        assert (first.already_saved, len(first.view.items)) == (False, 1)
        assert (second.already_saved, second.view.items) == (True, [])

    def test_unmatched_emails_list_their_rows(self, store: FakeStore, people: object) -> None:
        text = "email,start,end\nbob@example.com,2026-12-24,\nGhost@Example.com,2026-12-24,\n"
        result = run(store, text)
        assert result.view.record.verdict.invalid == ("ghost@example.com",)
        [row] = result.unmatched
        assert (row.line, row.email) == (3, "Ghost@Example.com")

    def test_a_clean_preview_lists_no_unmatched_rows(
        self, store: FakeStore, people: object
    ) -> None:
        assert run(store, "email,start\nbob@example.com,2026-12-24\n").unmatched == []


class TestUnmatchedRows:
    def test_times_are_read_in_the_zone_given_and_a_missing_end_is_one_day(self) -> None:
        text = "email,start,end,name\nx@y.z,2026-11-07,,Trip\nx@y.z,2026-11-07T09:00,,\n"
        first, second = unmatched_rows(text.encode(), ["x@y.z"], "hr.csv", MADRID)
        assert (first.start, first.end, first.name) == (
            datetime(2026, 11, 6, 23, 0, tzinfo=UTC),
            datetime(2026, 11, 7, 23, 0, tzinfo=UTC),
            "Trip",
        )
        assert (second.start, second.end, second.name) == (
            datetime(2026, 11, 7, 8, 0, tzinfo=UTC),
            datetime(2026, 11, 8, 8, 0, tzinfo=UTC),
            "Imported from hr.csv",
        )

    def test_cells_that_do_not_read_are_none(self) -> None:
        text = "email,start,end\nx@y.z,nov 8,someday\nx@y.z,,\n"
        rows = unmatched_rows(text.encode(), ["X@Y.Z"], "hr.csv", MADRID)
        assert [(r.start, r.end) for r in rows] == [(None, None), (None, None)]

    def test_only_the_rows_of_the_emails_given(self) -> None:
        text = "email,start\na@y.z,2026-01-01\nb@y.z,2026-01-01\n"
        assert [r.email for r in unmatched_rows(text.encode(), ["b@y.z"], "f", MADRID)] == ["b@y.z"]


class TestVerdict:
    def test_a_header_without_a_required_column_is_the_error_about_the_whole_file(
        self, store: FakeStore, people: object
    ) -> None:
        verdict = run(store, "email,end\nbob@example.com,2026-12-24\n").view.record.verdict
        assert verdict.header_missing
        assert not run(
            store, "email,start\nbob@example.com,nov 8\n"
        ).view.record.verdict.header_missing


class TestStoredRows:
    """A saved import's rows, read a page at a time as they are shown."""

    def test_every_row_comes_once_across_pages_and_the_first_ten_read_one_page(
        self, store: FakeStore, people: object, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("core.imports.view.PAGE_ROWS", 7)
        lines = "".join(
            f"{who}@example.com,2027-01-{day:02d}\n"
            for day in range(1, 26)
            for who in ("bob", "carol")
        )
        preview = run(store, "email,start\n" + lines)
        result = save_import(
            store, OPERATOR, workspace_id=WS, import_id=preview.view.record.id, now=NOW
        )
        rows = result.view.items
        assert isinstance(rows, StoredRows)
        assert (len(rows), result.view.people) == (50, 2)
        assert [r.line for r in rows] == list(range(2, 52))
        assert [r.line for r in rows[:3]] == [2, 3, 4]
        assert rows[-1].line == 51

    def test_a_commit_that_skipped_rows_shows_only_what_it_created(
        self, store: FakeStore, people: object
    ) -> None:
        text = "email,start\nbob@example.com,2027-01-04\ncarol@example.com,2027-01-04\n"
        preview = run(store, text)
        run(store, "email,start\nbob@example.com,2027-01-04\n", commit=True)  # now stored
        result = save_import(
            store, OPERATOR, workspace_id=WS, import_id=preview.view.record.id, now=NOW
        )
        assert [r.line for r in result.view.items] == [3]
        assert result.view.people == 1


class TestStoredImport:
    def test_a_commit_is_shown_again_as_it_was_answered(
        self, store: FakeStore, people: object
    ) -> None:
        first = run(store, "email,start\nbob@example.com,2027-01-04\n", commit=True)
        again = stored_import(store, WS, first.view.record.id, committed=True)
        assert list(again.view.items) == list(first.view.items)
        assert again.view.record == first.view.record

    def test_a_preview_saved_since_is_shown_as_the_preview_it_was(
        self, store: FakeStore, people: object
    ) -> None:
        first = run(store, "email,start\nbob@example.com,2027-01-04\n")
        save_import(store, OPERATOR, workspace_id=WS, import_id=first.view.record.id, now=NOW)
        again = stored_import(store, WS, first.view.record.id, committed=False)
        assert again.view.record.status is ImportStatus.PREVIEWED
        assert list(again.view.items) == list(first.view.items)
