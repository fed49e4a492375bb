"""The command line as a person or a batch job uses it: real arguments, a real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Availbot


def record_count(availbot: Availbot) -> int:
    count: int = availbot.ok("list", "--json").json["count"]
    return count


class TestDatabase:
    def test_upgrade_applies_once_then_is_a_no_op(self, availbot: Availbot) -> None:
        first = availbot.ok("db", "upgrade", "--json").json
        second = availbot.ok("db", "upgrade").out
        assert first["applied"]
        assert "up to date" in second

    @pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://", "not a url", "postgresql://"])
    def test_malformed_database_url_is_a_usage_error_that_names_it(
        self, availbot: Availbot, url: str
    ) -> None:
        result = availbot("members", "list", env={"DATABASE_URL": url})
        assert result.status == 2
        assert "DATABASE_URL" in result.err
        assert not list(availbot.cwd.iterdir())

    def test_db_option_overrides_the_environment_before_or_after_the_command(
        self, availbot: Availbot, tmp_path: Path
    ) -> None:
        other = f"sqlite:///{tmp_path / 'other.db'}"
        availbot.ok("--db", other, "members", "add", "x@example.com", "--name", "X")
        listed = availbot.ok("members", "list", "--db", other, "--json").json
        assert [m["email"] for m in listed["items"]] == ["x@example.com"]
        assert availbot.ok("members", "list", "--json").json["count"] == 0


class TestMembers:
    def test_list_shape(self, team: Availbot) -> None:
        listed = team.ok("members", "list", "--json").json
        assert listed["count"] == 3
        assert set(listed["items"][0]) == {
            "id",
            "email",
            "name",
            "tz",
            "slack_user_id",
            "admin",
            "active",
            "external_id",
        }
        assert listed["items"][0]["id"].startswith("mem_")

    def test_duplicate_email_in_another_case_is_refused(self, team: Availbot) -> None:
        result = team("members", "add", "BOB@example.com", "--name", "Bob 2", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "DuplicateEmail"
        assert team.ok("members", "list", "--json").json["count"] == 3

    @pytest.mark.parametrize("tz", ["localtime", "posixrules", "right/Europe/Madrid", "Factory"])
    def test_a_host_file_that_is_no_iana_zone_is_refused(self, team: Availbot, tz: str) -> None:
        result = team("members", "add", "x@example.com", "--name", "X", "--tz", tz, "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "UnknownTimeZone"

    def test_an_iana_alias_is_a_zone(self, team: Availbot) -> None:
        added = team.ok("members", "add", "x@example.com", "--name", "X", "--tz", "US/Pacific")
        assert "US/Pacific" in added.out

    def test_import_adds_and_updates(self, team: Availbot, tmp_path: Path) -> None:
        csv_file = tmp_path / "people.csv"
        csv_file.write_text(
            "email,name,tz,slack_id,admin\n"
            "dan@example.com,Dan D,Asia/Tokyo,U0DAN,\n"
            "bob@example.com,Robert B,Europe/Madrid,,yes\n"
        )
        team.ok("members", "import", str(csv_file))
        members = {m["email"]: m for m in team.ok("members", "list", "--json").json["items"]}
        assert members["dan@example.com"]["slack_user_id"] == "U0DAN"
        assert members["bob@example.com"]["name"] == "Robert B"
        assert members["bob@example.com"]["admin"] is True

    def test_import_with_a_bad_row_names_the_line_and_changes_nothing(
        self, team: Availbot, tmp_path: Path
    ) -> None:
        csv_file = tmp_path / "people.csv"
        csv_file.write_text("email,name,tz\nok@example.com,Ok,UTC\nbad@example.com,Bad,Mars/X\n")
        result = team("members", "import", str(csv_file))
        assert result.status == 1
        assert "Line 3" in result.err
        assert "Mars/X" in result.err
        assert team.ok("members", "list", "--json").json["count"] == 3


class TestTypes:
    def test_lifecycle(self, team: Availbot) -> None:
        added = team.ok("types", "add", "Parental leave", "--kind", "hard", "--paid", "--json").json
        assert added["kind"] == "hard_unavailable"
        team.ok("types", "rename", "parental LEAVE", "Family leave")
        team.ok("types", "archive", "Family leave")
        active = [t["name"] for t in team.ok("types", "list", "--json").json["items"]]
        archived = [
            t["name"] for t in team.ok("types", "list", "--archived", "--json").json["items"]
        ]
        assert "Family leave" not in active
        assert archived == ["Family leave"]
        team.ok("types", "restore", "Family leave")
        assert team.ok("types", "list", "--name", "family", "--json").json["count"] == 1

    def test_unknown_kind_is_refused(self, team: Availbot) -> None:
        result = team("types", "add", "Nap", "--kind", "sleepy")
        assert result.status == 1
        assert "sleepy" in result.err

    def test_non_admin_may_not_add_types(self, team: Availbot) -> None:
        result = team("types", "add", "Nap", "--as", "bob@example.com", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "NotPermitted"
        assert team.ok("types", "list", "--name", "Nap", "--json").json["count"] == 0


class TestAdd:
    def test_adds_whole_local_days_in_the_members_zone(self, team: Availbot) -> None:
        record = team.ok(
            "add", "bob@example.com", "2026-12-24", "to", "2026-12-26", "--name", "Xmas", "--json"
        ).json
        assert record["start"] == "2026-12-23T23:00:00Z"
        assert record["end"] == "2026-12-26T23:00:00Z"
        assert record["all_day"] is True
        assert record["type"]["name"] == "Time off"
        assert record["member"]["email"] == "bob@example.com"
        assert record["source"] == "cli"
        assert record["id"].startswith("avail_")

    def test_human_reply_restates_the_span_and_zone(self, team: Availbot) -> None:
        out = team.ok("add", "bob@example.com", "2026-12-24..2026-12-26").out
        assert "Bob B" in out
        assert "Europe/Madrid" in out
        assert "24 Dec" in out
        assert "26 Dec" in out

    def test_explicit_offsets_are_respected(self, team: Availbot) -> None:
        record = team.ok(
            "add", "carol@example.com", "2026-03-10T14:00+01:00 to 2026-03-11T09:00Z", "--json"
        ).json
        assert (record["start"], record["end"]) == ("2026-03-10T13:00:00Z", "2026-03-11T09:00:00Z")
        assert record["all_day"] is False

    def test_a_bare_end_time_is_the_members_wall_clock_across_a_fall_back(
        self, team: Availbot
    ) -> None:
        """Bob is in Madrid: 03:30 on 31 Oct 2027 is CET (+01:00), after the clocks go back."""
        record = team.ok("add", "bob@example.com", "2027-10-31T01:30+02:00 to 03:30", "--json").json
        assert (record["start"], record["end"]) == ("2027-10-30T23:30:00Z", "2027-10-31T02:30:00Z")

    def test_overlap_is_refused_naming_the_record(self, team: Availbot) -> None:
        first = team.ok("add", "bob@example.com", "2026-12-24 to 2026-12-26", "--json").json
        result = team("add", "bob@example.com", "2026-12-26", "--type", "Training", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "OverlappingUnavailability"
        assert first["id"] in result.json["error"]["message"]
        assert record_count(team) == 1

    def test_touching_spans_are_allowed(self, team: Availbot) -> None:
        team.ok("add", "bob@example.com", "2026-12-24")
        team.ok("add", "bob@example.com", "2026-12-25")
        assert record_count(team) == 2

    @pytest.mark.parametrize(
        ("args", "code"),
        [
            (["ghost@example.com", "2026-12-24"], "UnknownMember"),
            (["bob@example.com", "2026-12-24", "--type", "Vacation"], "UnknownType"),
            (["bob@example.com", "the day after never"], "UnreadableWhen"),
            (["bob@example.com", "2026-12-26 to 2026-12-24"], "EndNotAfterStart"),
        ],
    )
    def test_bad_input_is_refused_with_its_code_and_changes_nothing(
        self, team: Availbot, args: list[str], code: str
    ) -> None:
        result = team("add", *args, "--json")
        assert result.status == 1
        assert result.json == {
            "ok": False,
            "error": {"code": code, "message": result.json["error"]["message"]},
        }
        assert result.json["error"]["message"]
        assert record_count(team) == 0

    def test_unreadable_when_quotes_the_text_for_people(self, team: Availbot) -> None:
        result = team("add", "bob@example.com", "the day after never")
        assert result.status == 1
        assert "the day after never" in result.err
        assert result.out == ""

    def test_archived_type_is_refused(self, team: Availbot) -> None:
        team.ok("types", "archive", "Training")
        result = team("add", "bob@example.com", "2026-12-24", "--type", "training", "--json")
        assert result.json["error"]["code"] == "ArchivedType"
        assert record_count(team) == 0

    def test_member_acts_for_themselves_not_for_others(self, team: Availbot) -> None:
        team.ok("add", "bob@example.com", "2026-12-24", "--as", "bob@example.com")
        result = team("add", "carol@example.com", "2026-12-24", "--as", "bob@example.com", "--json")
        assert result.status == 1
        assert result.json["error"]["code"] == "NotPermitted"
        assert record_count(team) == 1

    def test_configured_admins_act_for_anyone(self, team: Availbot) -> None:
        env = {"AVAILBOT_ADMINS": "U0NOPE, bob@example.com"}
        team.ok("add", "carol@example.com", "2026-12-24", "--as", "bob@example.com", env=env)
        assert record_count(team) == 1

    def test_a_record_in_the_past_is_kept_and_said_to_be_past(self, team: Availbot) -> None:
        out = team.ok("add", "bob@example.com", "2020-02-10").out
        assert "past" in out
        assert record_count(team) == 1


class TestListUpdateRemove:
    def test_list_filters_by_member_and_window(self, team: Availbot) -> None:
        team.ok("add", "bob@example.com", "2026-12-01")
        team.ok("add", "bob@example.com", "2026-12-24")
        team.ok("add", "carol@example.com", "2026-12-24")
        listed = team.ok(
            "list", "bob@example.com", "--start", "2026-12-20", "--end", "2026-12-31", "--json"
        ).json
        assert listed["count"] == 1
        assert listed["items"][0]["start"] == "2026-12-23T23:00:00Z"
        assert set(listed) == {"count", "items", "page", "pageSize", "sortedBy"}

    def test_paging_counts_across_pages(self, team: Availbot) -> None:
        for day in ("2026-12-01", "2026-12-03", "2026-12-05"):
            team.ok("add", "bob@example.com", day)
        listed = team.ok("list", "--page", "1", "--page-size", "2", "--json").json
        assert listed["count"] == 3
        assert len(listed["items"]) == 1
        assert (listed["page"], listed["pageSize"]) == (1, 2)

    def test_page_size_over_200_is_a_usage_error(self, team: Availbot) -> None:
        result = team("list", "--page-size", "201")
        assert result.status == 2
        assert "200" in result.err

    def test_update_changes_only_given_fields(self, team: Availbot) -> None:
        made = team.ok("add", "bob@example.com", "2026-12-24", "--name", "Xmas", "--json").json
        updated = team.ok("update", made["id"], "--end", "2026-12-27", "--json").json
        assert updated["start"] == made["start"]
        assert updated["end"] == "2026-12-27T23:00:00Z"
        assert updated["name"] == "Xmas"
        assert updated["all_day"] is True

    def test_update_into_an_overlap_is_refused(self, team: Availbot) -> None:
        made = team.ok("add", "bob@example.com", "2026-12-24", "--json").json
        team.ok("add", "bob@example.com", "2026-12-27")
        result = team("update", made["id"], "--end", "2026-12-28", "--json")
        assert result.json["error"]["code"] == "OverlappingUnavailability"
        listed = team.ok("list", "bob@example.com", "--json").json["items"]
        assert listed[0]["end"] == made["end"]

    def test_remove(self, team: Availbot) -> None:
        made = team.ok("add", "bob@example.com", "2026-12-24", "--json").json
        assert team.ok("remove", made["id"], "--json").json == {"ok": True, "id": made["id"]}
        assert record_count(team) == 0
        again = team("remove", made["id"], "--json")
        assert again.json["error"]["code"] == "UnknownUnavailability"

    def test_non_admin_may_not_remove_someone_elses_record(self, team: Availbot) -> None:
        made = team.ok("add", "carol@example.com", "2026-12-24", "--json").json
        result = team("remove", made["id"], "--as", "bob@example.com")
        assert result.status == 1
        assert "may not" in result.err
        assert record_count(team) == 1

    def test_private_types_read_away_to_other_members(self, team: Availbot) -> None:
        team.ok("add", "carol@example.com", "2026-12-24", "--type", "Sick")
        as_bob = team.ok("list", "--as", "bob@example.com", "--json").json["items"][0]
        as_admin = team.ok("list", "--json").json["items"][0]
        assert as_bob["type"]["name"] == "Away"
        assert as_admin["type"]["name"] == "Sick"
