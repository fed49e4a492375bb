"""CSV import rules of docs/imports.md: reading, planning (the preview), committing exactly once."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import (
    ImportCollides,
    ImportNotCommittable,
    ImportTooLarge,
    NotPermitted,
    UnreadableFile,
)
from core.imports.commit import CommitOutcome, cancel_import, commit_import
from core.imports.model import ImportStatus
from core.imports.preview import EmailLookup, ImportPlan, preview_import
from core.imports.read import MAX_ROWS, read_rows
from core.people.model import OPERATOR, Actor, Member
from core.records.catalogue import set_archived
from core.records.unavailability import add_unavailability
from core.time.spans import Span
from tests.fakes import FakeStore
from tests.unit.conftest import NOW, WS

HEADER = "email,start,end,name,type\n"


def preview(
    store: FakeStore,
    text: str | bytes,
    actor: Actor = OPERATOR,
    *,
    lookup: EmailLookup | None = None,
) -> ImportPlan:
    data = text.encode() if isinstance(text, str) else text
    return preview_import(
        store,
        actor,
        workspace_id=WS,
        data=data,
        file_name="hr.csv",
        default_zone="UTC",
        now=NOW,
        lookup=lookup,
    )


def commit(store: FakeStore, import_id: str, actor: Actor = OPERATOR) -> CommitOutcome:
    return commit_import(store, actor, workspace_id=WS, import_id=import_id, now=NOW)


@pytest.fixture
def people(bob: Member, carol: Member) -> tuple[Member, Member]:
    return bob, carol


class TestReading:
    def test_headers_match_aliases_in_any_order_and_case(self) -> None:
        header, rows = read_rows(
            "Leave_Type; To ; E-Mail;From;Note;Team\nx;2026-01-02;a@b.c;2026-01-01;n;t\n"
        )
        assert header.columns == {"type": 0, "end_time": 1, "email": 2, "start_time": 3, "name": 4}
        assert header.unknown == ("Team",)
        [row] = list(rows)
        assert (row.email, row.start, row.end, row.name, row.type) == (
            "a@b.c",
            "2026-01-01",
            "2026-01-02",
            "n",
            "x",
        )

    def test_line_numbers_are_the_first_physical_line_of_a_record(self) -> None:
        text = 'email,start,name\n\na@b.c,2026-01-01,"two\nlines"\n\nb@b.c,2026-01-02,x\n'
        _, rows = read_rows(text)
        assert [r.line for r in rows] == [3, 6]

    def test_blank_lines_before_the_header_are_skipped_and_counted(self) -> None:
        header, rows = read_rows("\n \nemail,start\na@b.c,2026-01-01\n")
        assert header.missing == ()
        assert [r.line for r in rows] == [4]

    def test_quoted_fields_keep_delimiters_and_newlines(self) -> None:
        _, rows = read_rows('email\tstart\tname\na@b.c\t2026-01-01\t"a\tb, c\nd"\n')
        assert next(iter(rows)).name == "a\tb, c\nd"

    def test_a_field_too_large_for_the_csv_reader_is_refused_in_words(
        self, store: FakeStore
    ) -> None:
        huge = 'email,start\n"' + "x" * 200_000 + '"\n'
        with pytest.raises(UnreadableFile, match="line 2"):
            preview(store, huge)
        assert not store.imports.stored

    def test_row_limit_stops_parsing(self) -> None:
        text = HEADER + "a@b.c,2026-01-01\n" * (MAX_ROWS + 1)
        _, rows = read_rows(text)
        with pytest.raises(ImportTooLarge, match="200,000"):
            list(rows)


class TestEncodings:
    @pytest.mark.parametrize(
        "encode",
        [
            lambda t: t.encode("utf-8"),
            lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
            lambda t: t.encode("utf-16"),
            lambda t: t.encode("cp1252"),
        ],
        ids=["utf-8", "utf-8-bom", "utf-16-bom", "windows-1252"],
    )
    def test_reads_every_encoding_of_spec_4(
        self, store: FakeStore, people: tuple[Member, Member], encode: Callable[[str], bytes]
    ) -> None:
        text = HEADER + "bob@example.com,2026-12-24,2026-12-26,Café in Zürich,\n"
        plan = preview(store, encode(text))
        assert plan.ok
        assert [r.name for r in plan.rows] == ["Café in Zürich"]

    def test_binary_is_refused_and_nothing_is_stored(self, store: FakeStore) -> None:
        with pytest.raises(UnreadableFile, match="binary"):
            preview(store, b"\x89PNG\r\n\x1a\n\x00\x00")
        assert not store.imports.stored

    def test_oversized_file_is_refused_before_reading(self, store: FakeStore) -> None:
        with pytest.raises(ImportTooLarge, match="10 MiB"):
            preview(store, b"x" * (10 * 1024 * 1024 + 1))
        assert not store.imports.stored


class TestPreview:
    def test_plans_records_with_defaults(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(store, "email,start\nbob@example.com,2026-12-24\n")
        [row] = plan.rows
        assert row.start == datetime(2026, 12, 23, 23, tzinfo=UTC)  # Bob is in Madrid
        assert row.end == datetime(2026, 12, 24, 23, tzinfo=UTC)
        assert row.all_day
        assert row.name == "Imported from hr.csv"
        assert plan.types[row.type_id].name == "Time off"
        assert plan.record.status is ImportStatus.PREVIEWED
        assert not store.unavailability.rows

    def test_a_datetime_start_without_end_lasts_a_wall_clock_day(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(store, "email,start\nbob@example.com,2026-10-24T09:00\n")
        [row] = plan.rows
        assert row.end - row.start == timedelta(hours=25)  # the clocks go back that night
        assert not row.all_day

    def test_missing_required_column_names_it_and_the_headers_found(self, store: FakeStore) -> None:
        plan = preview(store, "mail,start\nx@example.com,2026-01-01\n")
        [error] = plan.record.verdict.errors
        assert error.line is None
        assert "email" in error.message
        assert "mail, start" in error.message
        assert plan.record.status is ImportStatus.FAILED

    def test_every_unmatched_email_is_listed_and_the_run_fails(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(
            store,
            HEADER
            + "bob@example.com,2026-12-24,,,\nghost@example.com,2026-12-24,,,\n"
            + "other@example.com,2026-12-24,,,\nGHOST@example.com,2026-12-25,,,\n",
        )
        assert plan.record.verdict.invalid == ("ghost@example.com", "other@example.com")
        assert not plan.ok
        assert plan.rows == []

    def test_unknown_emails_are_looked_up_before_failing(
        self, store: FakeStore, bob: Member
    ) -> None:
        from core.people.members import NewMember, add_member

        def lookup(email: str) -> Member | None:
            return add_member(store, OPERATOR, WS, NewMember(email, "Late Comer"))

        plan = preview(store, HEADER + "late@example.com,2026-12-24,,,\n", lookup=lookup)
        assert plan.ok
        assert plan.members[plan.rows[0].member_id].name == "Late Comer"

    def test_rows_across_batches_keep_every_verdict_line_and_lookup_order(
        self, store: FakeStore, people: tuple[Member, Member], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Rows are planned BATCH_ROWS at a time: emails, members and cell verdicts met in
        one batch hold in the next, and each row's problem is its own."""
        import core.imports.read

        monkeypatch.setattr(core.imports.read, "BATCH_ROWS", 2)
        asked: list[str] = []

        def lookup(email: str) -> Member | None:
            asked.append(email)
            return None

        plan = preview(
            store,
            HEADER
            + "ghost@example.com,2026-12-24,,,\n"  # 2
            + ",2026-12-24,,,\n"  # 3: no email
            + "bob@example.com,someday,,,\n"  # 4
            + "\n"  # 5: blank, no row
            + "carol@example.com,someday,,,\n"  # 6: the same bad cell, another member
            + "GHOST@example.com,2026-12-25,,,\n"  # 7: asked once, whatever its case
            + "Other@example.com,2026-12-25,,,\n"  # 8
            + ',2026-12-26,,"two\nlines",\n'  # 9-10: no email
            + "bob@example.com,2026-12-24,,,\n",  # 11
            lookup=lookup,
        )
        assert asked == ["ghost@example.com", "Other@example.com"]
        assert plan.record.verdict.invalid == ("ghost@example.com", "other@example.com")
        found = [(e.line, e.column, e.message) for e in plan.record.verdict.errors]
        assert found == [
            (3, "email", "The email is empty."),
            (4, "start_time", found[1][2]),
            (6, "start_time", found[1][2]),
            (9, "email", "The email is empty."),
        ]
        assert "someday" in found[1][2]
        assert plan.record.rows_total == 8  # the blank line is no row

    @pytest.mark.parametrize(
        ("row", "column", "words"),
        [
            ("bob@example.com,someday,,,", "start_time", "someday"),
            ("bob@example.com,dec 24,,,", "start_time", "year"),
            ("bob@example.com,2026-12-24,2026-12-20,,", "end_time", "not after"),
            ("bob@example.com,2026-12-24,,,Vacation", "type", "Vacation"),
            ("bob@example.com,,,,", "start_time", "empty"),
            (f"bob@example.com,2026-12-24,,{'x' * 201},", "name", "200"),
        ],
    )
    def test_row_errors_carry_line_and_column(
        self, store: FakeStore, people: tuple[Member, Member], row: str, column: str, words: str
    ) -> None:
        plan = preview(store, HEADER + "carol@example.com,2026-12-01,,,\n" + row + "\n")
        [error] = plan.record.verdict.errors
        assert (error.line, error.column) == (3, column)
        assert words in error.message
        assert not plan.ok

    def test_archived_type_is_a_row_error(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        set_archived(store, OPERATOR, WS, "Training", True)
        plan = preview(store, HEADER + "bob@example.com,2026-12-24,,,training\n")
        assert "archived" in plan.record.verdict.errors[0].message

    def test_duplicates_of_stored_records_and_earlier_rows_are_skipped(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(store, HEADER + "bob@example.com,2026-12-24,2026-12-26,,\n")
        commit(store, plan.record.id)
        again = preview(
            store,
            HEADER
            + "bob@example.com,2026-12-24,2026-12-26,,\n"
            + "bob@example.com,2027-01-05,,,\nBob@Example.com,2027-01-05,,,\n",
        )
        assert again.ok
        assert again.record.duplicates == 2
        assert [r.line for r in again.rows] == [3]

    def test_overlap_with_a_stored_record_names_it(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        bob, _ = people
        stored = add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=bob.id,
            span=Span(datetime(2026, 12, 25, tzinfo=UTC), datetime(2026, 12, 26, tzinfo=UTC)),
            now=NOW,
        )
        plan = preview(store, HEADER + "bob@example.com,2026-12-24,2026-12-26,,\n")
        [error] = plan.record.verdict.errors
        assert error.line == 2
        assert stored.record.id in error.message

    def test_overlap_between_rows_names_the_other_line(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(
            store,
            HEADER + "bob@example.com,2026-12-24,2026-12-26,,\nbob@example.com,2026-12-26,,,Sick\n",
        )
        [error] = plan.record.verdict.errors
        assert error.line == 3
        assert "line 2" in error.message

    def test_only_admins_preview(
        self, store: FakeStore, people: tuple[Member, Member], as_bob: Actor
    ) -> None:
        with pytest.raises(NotPermitted):
            preview(store, HEADER + "bob@example.com,2026-12-24,,,\n", actor=as_bob)
        assert not store.imports.stored


class TestCommit:
    def test_commit_creates_exactly_the_preview(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(
            store, HEADER + "bob@example.com,2026-12-24,,,\ncarol@example.com,2026-12-24,,,\n"
        )
        outcome = commit(store, plan.record.id)
        assert outcome.created == 2
        assert set(store.unavailability.rows) == {r.record_id for r in plan.rows}
        assert {r.source for r in store.unavailability.rows.values()} == {
            f"import:{plan.record.id}"
        }
        kept = store.imports.get(WS, plan.record.id)
        assert kept is not None and kept.status is ImportStatus.COMMITTED

    def test_committing_twice_creates_nothing_the_second_time(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(store, HEADER + "bob@example.com,2026-12-24,,,\n")
        commit(store, plan.record.id)
        again = commit(store, plan.record.id)
        assert again.already_saved
        assert again.created == 0
        assert len(store.unavailability.rows) == 1

    def test_commit_rechecks_and_fails_whole_on_a_new_collision(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        bob, _ = people
        plan = preview(
            store, HEADER + "carol@example.com,2026-12-24,,,\nbob@example.com,2026-12-24,,,\n"
        )
        add_unavailability(
            store,
            OPERATOR,
            workspace_id=WS,
            member_id=bob.id,
            span=Span(datetime(2026, 12, 24, 12, tzinfo=UTC), datetime(2026, 12, 27, tzinfo=UTC)),
            now=NOW,
        )
        with pytest.raises(ImportCollides, match="line 3"):
            commit(store, plan.record.id)
        assert len(store.unavailability.rows) == 1
        kept = store.imports.get(WS, plan.record.id)
        assert kept is not None and kept.status is ImportStatus.PREVIEWED

    def test_a_failed_preview_cannot_be_committed(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(store, HEADER + "ghost@example.com,2026-12-24,,,\n")
        with pytest.raises(ImportNotCommittable, match="errors"):
            commit(store, plan.record.id)

    def test_cancel_then_commit_is_refused(
        self, store: FakeStore, people: tuple[Member, Member]
    ) -> None:
        plan = preview(store, HEADER + "bob@example.com,2026-12-24,,,\n")
        cancel_import(store, OPERATOR, workspace_id=WS, import_id=plan.record.id, now=NOW)
        with pytest.raises(ImportNotCommittable, match="cancelled"):
            commit(store, plan.record.id)
        assert not store.unavailability.rows

    def test_only_admins_commit(
        self, store: FakeStore, people: tuple[Member, Member], as_bob: Actor
    ) -> None:
        plan = preview(store, HEADER + "bob@example.com,2026-12-24,,,\n")
        with pytest.raises(NotPermitted):
            commit(store, plan.record.id, actor=as_bob)
        assert not store.unavailability.rows
