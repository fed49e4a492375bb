"""Hotpot's CSV bulk upload, `POST /api/availabilities/upload`, as Hotpot's clients send it."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.api.bodies import UPLOAD_BODY_BYTES
from bot.api.hotpot_json import BAD_HEADERS, CREATED, PREVIEWING, UNMATCHED
from core.access.model import Scope
from core.imports.commit import commit_import
from core.people.model import OPERATOR
from core.records.model import Unavailability
from storage.database import execute_sql
from tests.api.conftest import NOW, WS, Api, Reply

PATH = "/api/availabilities/upload"
BOUNDARY = "------------------------d74496d66958873e"
# Hotpot's own example, for the fixture's members (ann@ is in UTC, bob@ in Madrid)
HOTPOT_CSV = b"email,start_time,end_time\nann@example.com,2025-11-07T00:00:00,2025-11-08T00:00:00\n"
TWO_ROWS = (
    b"email,start_time,name\nann@example.com,2026-11-07,Trip\nbob@example.com,2026-11-07,Trip\n"
)
FAR = (datetime(1970, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC))


def form(
    file: bytes | None,
    fields: dict[str, str] | None = None,
    *,
    file_name: str = "hr.csv",
    boundary: str = BOUNDARY,
    disposition: str = "form-data",
) -> bytes:
    """A multipart body as curl -F builds it (text fields after the file)."""
    parts = []
    if file is not None:
        head = f'Content-Disposition: {disposition}; name="file"; filename="{file_name}"\r\n'
        parts.append(head.encode() + b"Content-Type: text/csv\r\n\r\n" + file)
    for name, value in (fields or {}).items():
        parts.append(f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'.encode())
    dash = f"--{boundary}".encode()
    return b"".join(dash + b"\r\n" + p + b"\r\n" for p in parts) + dash + b"--\r\n"


def upload(
    api: Api,
    key: str,
    file: bytes | None = HOTPOT_CSV,
    query: str = "",
    *,
    fields: dict[str, str] | None = None,
    body: bytes | None = None,
    boundary: str = BOUNDARY,
    headers: dict[str, str] | None = None,
) -> Reply:
    sent = {"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})}
    payload = form(file, fields, boundary=boundary) if body is None else body
    return api.call("POST", PATH + query, key=key, body=payload, headers=sent)


def stored(api: Api) -> list[Unavailability]:
    return api.store.unavailability.in_window(WS, *FAR)


def imports(api: Api) -> int:
    sql = "SELECT count(*) FROM csv_import WHERE workspace_id = %s"
    count: int = execute_sql(api.store.db, sql, (WS,)).fetchone()[0]
    return count


def assert_error_shape(reply: Reply, status: int) -> dict[str, Any]:
    """Every error carries Hotpot's `ok`/`message` and availbot's `error`."""
    assert reply.status == status, reply.body
    body: dict[str, Any] = reply.json
    assert body["ok"] is False
    assert isinstance(body["message"], str)
    assert set(body["error"]) == {"code", "message"}
    return body


class TestPreview:
    def test_hotpots_example_previews_in_hotpots_shape_and_saves_nothing(self, api: Api) -> None:
        reply = upload(api, api.key(Scope.IMPORT))
        assert reply.status == 200
        body = reply.json
        ann = api.members["ann@example.com"]
        assert (body["ok"], body["message"]) == (True, PREVIEWING)
        assert body["availabilities"] == [
            {
                "name": "Imported from hr.csv",
                "time_range_start": "2025-11-07T00:00:00.000Z",
                "time_range_end": "2025-11-08T00:00:00.000Z",
                "organization_user": {"id": ann.id, "username": "Ann Admin", "email": ann.email},
                "availability_type": "hard_unavailable",
                "all_day": False,
                "type": "Time off",
            }
        ]
        assert (body["committed"], body["created"], body["duplicates"]) == (False, 1, 0)
        assert body["import_id"].startswith("imp_")
        assert body["summary"].startswith("Preview: 1 record would be created")
        assert stored(api) == []

    def test_a_name_column_labels_and_a_row_without_end_is_one_day_in_the_members_zone(
        self, api: Api
    ) -> None:
        reply = upload(
            api,
            api.key(Scope.IMPORT),
            b"email,start_time,name\nbob@example.com,2026-11-07,Conference\n",
        )
        [item] = reply.json["availabilities"]
        assert (item["name"], item["all_day"]) == ("Conference", True)
        assert item["time_range_start"] == "2026-11-06T23:00:00.000Z"  # midnight in Madrid
        assert item["time_range_end"] == "2026-11-07T23:00:00.000Z"

    def test_curl_with_hotpots_documented_content_type_is_read_as_the_form_it_is(
        self, api: Api
    ) -> None:
        """curl -F -H "Content-Type: application/x-www-form-urlencoded" keeps that type, adds
        a boundary and sends the file as an `attachment` part."""
        body = form(HOTPOT_CSV, disposition="attachment")
        content_type = f"application/x-www-form-urlencoded; boundary={BOUNDARY}"
        reply = upload(
            api, api.key(Scope.IMPORT), body=body, headers={"Content-Type": content_type}
        )
        assert (reply.status, reply.json["message"]) == (200, PREVIEWING)

    @pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
    def test_hotpots_curl_line_saves(self, api: Api, tmp_path: Path) -> None:
        csv = tmp_path / "YOURFILE.csv"
        csv.write_bytes(HOTPOT_CSV)
        url = f"http://127.0.0.1:{api.server.port}{PATH}?commit=save"
        auth = f"Authorization: Bearer {api.key(Scope.IMPORT)}"
        command = ["curl", "-sS", url, "-H", auth, "-F", f"file=@{csv}"]
        out = subprocess.run(command, capture_output=True, check=True, timeout=30).stdout
        assert json.loads(out)["message"] == CREATED
        [record] = stored(api)
        assert record.name == "Imported from YOURFILE.csv"


class TestSave:
    @pytest.mark.parametrize("how", ["query", "form"])
    def test_commit_save_stores_the_records_it_answers(self, any_api: Api, how: str) -> None:
        key = any_api.key(Scope.IMPORT)
        if how == "query":
            reply = upload(any_api, key, TWO_ROWS, "?commit=save")
        else:
            reply = upload(any_api, key, TWO_ROWS, fields={"commit": "save"})
        assert reply.status == 200, reply.body
        body = reply.json
        assert (body["message"], body["committed"], body["created"]) == (CREATED, True, 2)
        ann = any_api.members["ann@example.com"]
        first = body["availabilities"][0]
        assert first["organization_user"] == {"id": ann.id, "name": "Ann Admin", "email": ann.email}
        assert first["organization_user_id"] == ann.id
        assert first["availability_type"] == "hard_unavailable"
        assert first["created_at"] == first["updated_at"] == "2026-03-02T10:00:00.000Z"
        records = {r.id: r for r in stored(any_api)}
        assert set(records) == {a["id"] for a in body["availabilities"]}
        saved = records[first["id"]]
        assert (saved.member_id, saved.name, saved.all_day) == (ann.id, "Trip", True)
        assert saved.start == datetime(2026, 11, 7, tzinfo=UTC)
        assert saved.source == f"import:{body['import_id']}"

    @pytest.mark.parametrize("query", ["", "?commit=save"])
    def test_each_rows_fields_come_in_hotpots_order_and_names_are_escaped(
        self, api: Api, query: str
    ) -> None:
        """The rows are written as JSON text (bot/api/hotpot_json.py): the same fields, in
        the same order, and any name still valid JSON."""
        name = 'Día "de campo" \\ 🏕'
        quoted = name.replace('"', '""')
        csv = f'email,start_time,name\nann@example.com,2026-11-07,"{quoted}"\n'
        reply = upload(api, api.key(Scope.IMPORT), csv.encode(), query)
        [item] = reply.json["availabilities"]
        span = ["availability_type", "name", "time_range_start", "time_range_end", "all_day"]
        if query:
            fields = ["id", "organization_user_id", *span, "type", "created_at", "updated_at"]
            user = ["id", "name", "email"]
        else:
            fields, user = [*span, "type"], ["id", "username", "email"]
        assert list(item) == [*fields, "organization_user"]
        assert list(item["organization_user"]) == user
        assert (item["name"], item["all_day"], item["type"]) == (name, True, "Time off")

    def test_the_same_file_saved_twice_creates_its_records_once(self, api: Api) -> None:
        key = api.key(Scope.IMPORT)
        upload(api, key, TWO_ROWS, "?commit=save")
        again = upload(api, key, TWO_ROWS, "?commit=save").json
        assert (again["ok"], again["created"], again["duplicates"]) == (True, 0, 2)
        assert again["availabilities"] == []
        assert len(stored(api)) == 2

    def test_a_type_column_answers_the_types_kind(self, api: Api) -> None:
        csv = b"email,start_time,type\nbob@example.com,2026-11-07,Volunteer for on-call\n"
        [item] = upload(api, api.key(Scope.IMPORT), csv, "?commit=save").json["availabilities"]
        assert (item["availability_type"], item["type"]) == ("wants_pager", "Volunteer for on-call")

    @pytest.mark.parametrize(
        ("query", "fields"), [("?commit=yes", {}), ("?commit=save", {"commit": "later"})]
    )
    def test_a_commit_that_is_not_save_is_refused(
        self, api: Api, query: str, fields: dict[str, str]
    ) -> None:
        body = assert_error_shape(
            upload(api, api.key(Scope.IMPORT), query=query, fields=fields), 400
        )
        assert body["error"]["code"] == "BadParameter"
        assert "'commit'" in body["message"]
        assert imports(api) == 0


class TestRefusedFiles:
    def test_a_header_without_its_required_columns_answers_hotpots_message(self, api: Api) -> None:
        reply = upload(api, api.key(Scope.IMPORT), b"mail,when\nann@example.com,2026-11-07\n")
        body = assert_error_shape(reply, 400)
        assert body["message"] == "Must provide a CSV with acceptable headers, check our docs!"
        assert body["error"]["code"] == "MissingColumns"
        assert "email, start_time" in body["error"]["message"]
        assert stored(api) == []

    @pytest.mark.parametrize(
        "file", [b"", b"\n\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"email,start\n\x81\x8d\x90\n"]
    )
    def test_a_file_that_is_no_csv_answers_hotpots_message(self, api: Api, file: bytes) -> None:
        body = assert_error_shape(upload(api, api.key(Scope.IMPORT), file, "?commit=save"), 400)
        assert (body["message"], body["error"]["code"]) == (BAD_HEADERS, "UnreadableFile")
        assert body["error"]["message"].startswith("Could not read the file")

    def test_unmatched_users_fail_the_whole_run_listing_their_rows(self, api: Api) -> None:
        csv = (
            b"email,start_time,end_time,name\n"
            b"ann@example.com,2024-11-27,2024-11-27,\n"
            b"random@example.com,2024-11-27T00:00:00,2024-11-28T00:00:00,\n"
        )
        body = assert_error_shape(upload(api, api.key(Scope.IMPORT), csv, "?commit=save"), 400)
        assert body["message"] == UNMATCHED
        assert body["invalid"] == ["random@example.com"]
        assert body["availabilities"] == [
            {
                "name": "Imported from hr.csv",
                "email": "random@example.com",
                "start_time": "2024-11-27T00:00:00.000Z",
                "end_time": "2024-11-28T00:00:00.000Z",
                "id": None,
                "username": None,
                "line": 3,
            }
        ]
        assert body["error"]["code"] == "UnmatchedEmails"
        assert stored(api) == []

    def test_row_errors_name_their_line_and_column(self, api: Api) -> None:
        csv = (
            b"email,start_time,end_time\n"
            b"bob@example.com,nov 8,\n"
            b"bob@example.com,2026-11-10,2026-11-09\n"
            b"ann@example.com,2026-11-10,2026-11-12\n"
            b"ann@example.com,2026-11-11,\n"
        )
        body = assert_error_shape(upload(api, api.key(Scope.IMPORT), csv, "?commit=save"), 400)
        assert body["error"]["code"] == "InvalidRows"
        assert body["message"] == "Import failed: 3 row errors. Nothing was saved."
        where = [(e["line"], e["column"]) for e in body["errors"]]
        assert where == [(2, "start_time"), (3, "end_time"), (5, "start_time")]
        assert "line 4" in body["errors"][2]["message"]
        assert stored(api) == []


class TestAccess:
    @pytest.mark.parametrize("scope", [Scope.READ, Scope.WRITE])
    def test_a_key_below_import_is_refused(self, api: Api, scope: Scope) -> None:
        body = assert_error_shape(upload(api, api.key(scope), query="?commit=save"), 403)
        assert body["error"]["code"] == "NotPermitted"
        assert imports(api) == 0

    def test_no_key_is_401(self, api: Api) -> None:
        reply = api.call(
            "POST",
            PATH,
            body=form(HOTPOT_CSV),
            headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
        assert_error_shape(reply, 401)

    @pytest.mark.parametrize(("query", "fields"), [("?source=HR", {}), ("", {"source": "HR"})])
    def test_a_sync_needs_an_admin_key(self, api: Api, query: str, fields: dict[str, str]) -> None:
        reply = upload(api, api.key(Scope.IMPORT), query=query, fields=fields)
        body = assert_error_shape(reply, 403)
        assert "'admin'" in body["message"]
        assert imports(api) == 0

    def test_a_member_bound_key_of_a_non_admin_cannot_upload(self, api: Api) -> None:
        key = api.key(Scope.IMPORT, member="bob@example.com")
        body = assert_error_shape(upload(api, key, query="?commit=save"), 403)
        assert body["error"]["code"] == "NotPermitted"
        assert (stored(api), imports(api)) == ([], 0)

    def test_a_member_bound_key_of_an_admin_can(self, api: Api) -> None:
        key = api.key(Scope.IMPORT, member="ann@example.com")
        assert upload(api, key, query="?commit=save").status == 200
        assert len(stored(api)) == 1

    def test_an_admin_keys_sync_removes_the_records_the_file_drops(self, any_api: Api) -> None:
        key = any_api.key(Scope.ADMIN)
        first = upload(
            any_api, key, TWO_ROWS, "?commit=save&source=HR&window=2026-11-01..2026-11-30"
        )
        assert first.status == 200, first.body
        assert first.json["sync"]["created"] == 2
        only_ann = b"email,start_time,name\nann@example.com,2026-11-07,Trip\n"
        second = upload(
            any_api,
            key,
            only_ann,
            fields={"commit": "save", "source": "HR", "window": "2026-11-01..2026-11-30"},
        )
        sync = second.json["sync"]
        assert (sync["removed"], sync["unchanged"], sync["created"]) == (1, 1, 0)
        [left] = stored(any_api)
        assert (left.member_id, left.source) == (any_api.members["ann@example.com"].id, "sync:HR")

    def test_a_window_without_a_source_is_refused(self, api: Api) -> None:
        body = assert_error_shape(
            upload(api, api.key(Scope.ADMIN), query="?window=2026-01-01.."), 400
        )
        assert "'window'" in body["message"]


class TestBodies:
    def test_a_body_over_the_cap_is_413(self, api: Api) -> None:
        huge = form(b"x" * UPLOAD_BODY_BYTES)
        body = assert_error_shape(upload(api, api.key(Scope.IMPORT), body=huge), 413)
        assert body["error"]["code"] == "BodyTooLarge"

    def test_a_csv_over_10_mib_is_413_even_within_the_body_cap(self, api: Api) -> None:
        csv = b"email,start_time\n" + b"x" * (10 * 1024 * 1024)
        body = assert_error_shape(upload(api, api.key(Scope.IMPORT), csv), 413)
        assert body["error"]["code"] == "ImportTooLarge"
        assert "10 MiB" in body["message"]
        assert imports(api) == 0

    @pytest.mark.parametrize("cut", [20, 120, -len(BOUNDARY) - 6])
    def test_a_truncated_form_is_400_and_nothing_is_read(self, api: Api, cut: int) -> None:
        whole = form(HOTPOT_CSV, {"commit": "save"})
        reply = upload(api, api.key(Scope.IMPORT), body=whole[:cut])
        assert assert_error_shape(reply, 400)["error"]["code"] == "MalformedBody"
        assert (stored(api), imports(api)) == ([], 0)

    def test_a_form_without_a_boundary_is_400(self, api: Api) -> None:
        headers = {"Content-Type": "multipart/form-data"}
        body = assert_error_shape(upload(api, api.key(Scope.IMPORT), headers=headers), 400)
        assert "boundary" in body["message"]

    @pytest.mark.parametrize("content_type", ["text/csv", "application/json", None])
    def test_a_body_that_is_no_form_is_415(self, api: Api, content_type: str | None) -> None:
        headers = {} if content_type is None else {"Content-Type": content_type}
        reply = api.call("POST", PATH, key=api.key(Scope.IMPORT), body=HOTPOT_CSV, headers=headers)
        assert "curl -F file=@FILE.csv" in assert_error_shape(reply, 415)["message"]

    def test_a_form_without_a_file_part_says_so(self, api: Api) -> None:
        reply = upload(api, api.key(Scope.IMPORT), None, fields={"commit": "save"})
        body = assert_error_shape(reply, 400)
        assert "no part named file" in body["message"]

    def test_two_file_parts_are_refused(self, api: Api) -> None:
        whole = form(HOTPOT_CSV)
        opening = whole[: whole.rindex(f"--{BOUNDARY}--".encode())]
        reply = upload(api, api.key(Scope.IMPORT), body=opening + whole)
        assert "two file parts" in assert_error_shape(reply, 400)["message"]

    def test_windows_1252_and_utf_16_files_are_read(self, api: Api) -> None:
        text = "email,start_time,name\nann@example.com,2026-11-07,Müller's Café\n"
        for encoded in (text.encode("cp1252"), text.encode("utf-16")):
            [item] = upload(api, api.key(Scope.IMPORT), encoded).json["availabilities"]
            assert item["name"] == "Müller's Café"

    def test_a_field_that_is_not_utf_8_is_400(self, api: Api) -> None:
        body = form(HOTPOT_CSV, {"commit": "SAVE"}).replace(b"SAVE", b"s\xffve")
        reply = upload(api, api.key(Scope.IMPORT), body=body)
        assert "not UTF-8" in assert_error_shape(reply, 400)["message"]

    def test_a_part_header_that_is_not_utf_8_is_400(self, api: Api) -> None:
        body = form(HOTPOT_CSV, file_name="hr.csv").replace(b"hr.csv", b"h\xffr.csv")
        assert_error_shape(upload(api, api.key(Scope.IMPORT), body=body), 400)

    def test_the_file_name_loses_its_folders_and_control_characters(self, api: Api) -> None:
        body = form(HOTPOT_CSV, file_name="../../etc/hr\x07.csv")
        [item] = upload(api, api.key(Scope.IMPORT), body=body).json["availabilities"]
        assert item["name"] == "Imported from hr.csv"

    def test_a_chunked_body_is_read(self, api: Api) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", api.server.port, timeout=30)
        headers = {
            "Authorization": f"Bearer {api.key(Scope.IMPORT)}",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        }
        try:
            chunks = iter([form(HOTPOT_CSV)[:50], form(HOTPOT_CSV)[50:]])
            connection.request("POST", PATH, body=chunks, headers=headers, encode_chunked=True)
            assert connection.getresponse().status == 200
        finally:
            connection.close()


class TestIdempotency:
    def test_the_same_file_and_key_replays_the_first_answer_without_a_second_import(
        self, any_api: Api
    ) -> None:
        key = any_api.key(Scope.IMPORT)
        once = {"Idempotency-Key": "hr-2026-03-02"}
        first = upload(any_api, key, TWO_ROWS, "?commit=save", headers=once)
        again = upload(
            any_api, key, TWO_ROWS, "?commit=save", headers=once, boundary="other-boundary-42"
        )
        assert (first.status, again.status) == (200, 200)
        assert again.headers.get("Idempotent-Replayed") == "true"
        assert "Idempotent-Replayed" not in first.headers
        assert again.json == first.json
        assert (len(stored(any_api)), imports(any_api)) == (2, 1)

    def test_a_large_uploads_answer_is_kept_compact_and_replayed_from_the_import(
        self, any_api: Api
    ) -> None:
        """The stored answer stays small however many rows the import has; the replay, made
        again from the stored import, is the first answer, preview or commit."""
        key = any_api.key(Scope.IMPORT)
        rows = "".join(
            f"{who}@example.com,2027-{1 + day // 28:02d}-{1 + day % 28:02d},Day {day}\n"
            for day in range(300)
            for who in ("ann", "bob")
        )
        csv = b"email,start_time,name\n" + rows.encode()
        for query, name in (("", "preview"), ("?commit=save", "commit")):
            once = {"Idempotency-Key": f"big-{name}"}
            first = upload(any_api, key, csv, query, headers=once)
            again = upload(any_api, key, csv, query, headers=once)
            assert (first.status, again.status) == (200, 200)
            assert again.headers.get("Idempotent-Replayed") == "true"
            assert again.json == first.json
            assert len(first.json["availabilities"]) == 600
            sql = "SELECT body FROM api_request WHERE idempotency_key = %s"
            kept = execute_sql(any_api.store.db, sql, (f"big-{name}",)).fetchone()[0]
            assert len(kept) < 300, kept
        assert (len(stored(any_api)), imports(any_api)) == (600, 2)

    def test_a_previews_replay_is_still_the_preview_once_it_was_saved(self, api: Api) -> None:
        key = api.key(Scope.IMPORT)
        once = {"Idempotency-Key": "look-first"}
        first = upload(api, key, TWO_ROWS, headers=once)
        commit_import(
            api.store, OPERATOR, workspace_id=WS, import_id=first.json["import_id"], now=NOW
        )
        again = upload(api, key, TWO_ROWS, headers=once)
        assert again.json == first.json
        assert again.json["committed"] is False

    def test_another_file_with_the_same_key_is_422(self, api: Api) -> None:
        key = api.key(Scope.IMPORT)
        once = {"Idempotency-Key": "hr-2026-03-02"}
        upload(api, key, TWO_ROWS, "?commit=save", headers=once)
        reply = upload(api, key, HOTPOT_CSV, "?commit=save", headers=once)
        assert assert_error_shape(reply, 422)["error"]["code"] == "IdempotencyKeyReused"
        assert (len(stored(api)), imports(api)) == (2, 1)

    def test_a_refused_upload_keeps_no_answer_so_the_key_can_be_used_again(self, api: Api) -> None:
        key = api.key(Scope.IMPORT)
        once = {"Idempotency-Key": "retry-me"}
        assert (
            upload(api, key, b"email,start\nghost@example.com,2026-11-07\n", headers=once).status
            == 400
        )
        assert upload(api, key, TWO_ROWS, "?commit=save", headers=once).status == 200
        assert len(stored(api)) == 2


CELLS = st.one_of(
    st.sampled_from(
        [
            "ann@example.com",
            "BOB@example.com",
            "ghost@x.y",
            "",
            "2026-11-07",
            "2026-11-07T09:00",
            "nov 8",
            "8 nov 2026",
            "11/8/2026",
            "2026-13-01",
            "1969-12-31",
            '"a,b"',
            "Sick",
            "x" * 201,
        ]
    ),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
)
HEADERS = st.sampled_from(
    [
        "email,start_time,end_time",
        "email,start_time,end_time,name,type",
        "email,end",
        "",
        "E-mail;From;Until",
        "Email\tStart Date\tLeave Type",
    ]
)
CSV_TEXT = st.builds(
    lambda header, rows, sep: "\n".join([header, *(sep.join(r) for r in rows)]).encode(),
    HEADERS,
    st.lists(st.lists(CELLS, max_size=5), max_size=5),
    st.sampled_from([",", ";", "\t"]),
)


class TestAnyFile:
    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(data=st.one_of(CSV_TEXT, st.binary(max_size=300)), commit=st.booleans())
    def test_any_bytes_answer_no_5xx_and_200_only_when_ok(
        self, api: Api, data: bytes, commit: bool
    ) -> None:
        reply = upload(api, api.key(Scope.IMPORT), data, "?commit=save" if commit else "")
        assert reply.status < 500, reply.body
        assert (reply.status == 200) == (reply.json["ok"] is True)
