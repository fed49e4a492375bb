"""API keys: made once, stored without their secret, and only the exact text authenticates."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.access.keys import (
    ANSWER_MEMORY,
    authenticate,
    create_key,
    fingerprint,
    forget_answers,
    list_keys,
    require_api_enabled,
    require_scope,
    revoke_key,
    set_api,
)
from core.access.model import ApiKey, Scope
from core.errors import (
    ApiDisabled,
    DuplicateKeyName,
    MissingName,
    NameTooLong,
    NotAuthenticated,
    ScopeTooNarrow,
    UnacceptableText,
    UnknownApiKey,
    UnknownMember,
    UnknownWorkspace,
)
from core.people.model import Member
from core.workspaces import create_workspace
from tests.unit.conftest import NOW, WS
from tests.unit.fakes_access import FakeIdempotency, FakeKeyStore

KEY_TEXT = re.compile(r"avb_[a-z2-7]{8}_[a-z2-7]{32}")


def make(
    store: FakeKeyStore,
    name: str = "hr-sync",
    scope: Scope = Scope.READ,
    member: Member | None = None,
) -> tuple[ApiKey, str]:
    return create_key(store, workspace_id=WS, name=name, scope=scope, member=member, now=NOW)


class TestCreateKey:
    def test_the_text_is_shown_once_and_only_its_prefix_and_hash_are_kept(
        self, store: FakeKeyStore, bob: Member
    ) -> None:
        key, text = make(store, "  Bob's phone ", Scope.WRITE, bob)
        assert KEY_TEXT.fullmatch(text)
        assert text.split("_")[1] == key.prefix
        assert (key.name, key.scope, key.member_id) == ("Bob's phone", Scope.WRITE, bob.id)
        assert key.id.startswith("key_") and key.created_at == NOW
        assert store.api_keys.all(WS) == [key]
        stored = " ".join(str(v) for v in asdict(key).values())
        assert text not in stored and text.split("_")[2] not in stored

    def test_an_operator_key_has_no_member(self, store: FakeKeyStore) -> None:
        key, _ = make(store, scope=Scope.ADMIN)
        assert key.member_id is None

    def test_every_key_is_new(self, store: FakeKeyStore) -> None:
        made = [make(store, f"key {i}") for i in range(20)]
        assert len({key.prefix for key, _ in made}) == 20
        assert len({text.split("_")[2] for _, text in made}) == 20

    def test_a_live_name_in_any_case_is_refused(self, store: FakeKeyStore) -> None:
        make(store, "HR-Sync")
        with pytest.raises(DuplicateKeyName):
            make(store, "hr-sync")
        assert len(store.api_keys.all(WS)) == 1

    @pytest.mark.parametrize(
        ("name", "error"),
        [
            ("", MissingName),
            ("   ", MissingName),
            ("x" * 65, NameTooLong),
            ("hr\nsync", UnacceptableText),
            ("hr\u200bsync", UnacceptableText),
            ("hr\x00sync", UnacceptableText),
        ],
    )
    def test_a_name_must_be_1_to_64_printable_characters(
        self, store: FakeKeyStore, name: str, error: type[Exception]
    ) -> None:
        with pytest.raises(error):
            make(store, name)
        assert store.api_keys.all(WS) == []

    def test_64_characters_are_enough(self, store: FakeKeyStore) -> None:
        assert make(store, "é" * 64)[0].name == "é" * 64

    def test_a_member_of_another_workspace_is_unknown_here(
        self, store: FakeKeyStore, bob: Member
    ) -> None:
        create_workspace(store, "T0OTHER", now=NOW)
        with pytest.raises(UnknownMember):
            create_key(
                store, workspace_id="T0OTHER", name="x", scope=Scope.READ, member=bob, now=NOW
            )


class TestAuthenticate:
    def test_the_text_made_is_the_key(self, store: FakeKeyStore) -> None:
        key, text = make(store)
        assert authenticate(store, text, NOW).id == key.id

    def test_last_use_is_written_at_most_once_a_minute(self, store: FakeKeyStore) -> None:
        key, text = make(store)
        seconds = [0, 10, 59, 60, 61, 200]
        for second in seconds:
            used = authenticate(store, text, NOW + timedelta(seconds=second))
            assert used.last_used_at is not None
        written = [at for _, at in store.api_keys.touches]
        assert written == [NOW + timedelta(seconds=s) for s in (0, 60, 200)]
        assert store.api_keys.rows[key.id].last_used_at == NOW + timedelta(seconds=200)

    def test_a_revoked_key_is_refused(self, store: FakeKeyStore) -> None:
        _, text = make(store)
        revoke_key(store, WS, "HR-SYNC", NOW)
        with pytest.raises(NotAuthenticated):
            authenticate(store, text, NOW)

    def test_a_right_prefix_with_a_wrong_secret_is_refused(self, store: FakeKeyStore) -> None:
        _, text = make(store)
        other = text[:-1] + ("a" if text[-1] != "a" else "b")
        with pytest.raises(NotAuthenticated):
            authenticate(store, other, NOW)
        assert store.api_keys.touches == []

    @pytest.mark.parametrize(
        "presented", ["", "avb_", "Bearer avb_x", "avb_abcdefgh_", "avb_abcdefgh_" + "a" * 32]
    )
    def test_malformed_or_unknown_says_nothing_more(
        self, store: FakeKeyStore, presented: str
    ) -> None:
        make(store)
        with pytest.raises(NotAuthenticated) as refused:
            authenticate(store, presented, NOW)
        assert refused.value.message == NotAuthenticated().message


_STORE = FakeKeyStore()
create_workspace(_STORE, WS, now=NOW)
_KEY, _TEXT = make(_STORE)


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    """The key with one change: a character replaced, dropped or added, cut short, or
    its case or spacing changed."""
    at = draw(st.integers(0, len(_TEXT) - 1))
    char = draw(st.characters(codec="utf-8"))
    return draw(
        st.sampled_from(
            [
                _TEXT[:at] + char + _TEXT[at + 1 :],
                _TEXT[:at] + _TEXT[at + 1 :],
                _TEXT[:at] + char + _TEXT[at:],
                _TEXT[:at],
                _TEXT + char,
                _TEXT.upper(),
                f" {_TEXT}",
                f"{_TEXT}\n",
            ]
        )
    )


class TestOnlyTheExactTextAuthenticates:
    @given(presented=st.one_of(st.text(), near_misses()))
    @settings(max_examples=300, deadline=None)
    def test_any_text_but_the_key_is_refused(self, presented: str) -> None:
        assume(presented != _TEXT)
        with pytest.raises(NotAuthenticated):
            authenticate(_STORE, presented, NOW)

    @given(scope=st.sampled_from(Scope), name=st.text("abcXYZ-_ .é", min_size=1, max_size=64))
    @settings(max_examples=50, deadline=None)
    def test_every_key_made_has_the_format_and_authenticates(self, scope: Scope, name: str) -> None:
        assume(name.strip())
        store = FakeKeyStore()
        create_workspace(store, WS, now=NOW)
        key, text = make(store, name, scope)
        assert KEY_TEXT.fullmatch(text)
        assert authenticate(store, text, NOW).id == key.id


class TestListAndRevoke:
    def test_lists_live_keys_by_name(self, store: FakeKeyStore) -> None:
        b, _ = make(store, "b")
        a, _ = make(store, "A")
        make(store, "gone")
        revoke_key(store, WS, "gone", NOW)
        assert [k.id for k in list_keys(store, WS)] == [a.id, b.id]

    def test_revoking_frees_the_name(self, store: FakeKeyStore) -> None:
        first, _ = make(store)
        revoked = revoke_key(store, WS, "hr-sync", NOW)
        assert (revoked.id, revoked.revoked_at) == (first.id, NOW)
        second, text = make(store)
        assert authenticate(store, text, NOW).id == second.id != first.id

    def test_an_unknown_name_is_unknown(self, store: FakeKeyStore) -> None:
        with pytest.raises(UnknownApiKey, match="nope"):
            revoke_key(store, WS, "nope", NOW)


class TestApiSwitch:
    def test_off_until_enabled(self, store: FakeKeyStore) -> None:
        with pytest.raises(ApiDisabled):
            require_api_enabled(store, WS)
        assert set_api(store, WS, True).api_enabled
        assert require_api_enabled(store, WS).api_enabled
        assert not set_api(store, WS, False).api_enabled
        with pytest.raises(ApiDisabled):
            require_api_enabled(store, WS)

    def test_an_unknown_workspace(self, store: FakeKeyStore) -> None:
        with pytest.raises(UnknownWorkspace):
            set_api(store, "T404", True)
        with pytest.raises(ApiDisabled):
            require_api_enabled(store, "T404")


class TestScopes:
    @pytest.mark.parametrize("held", list(Scope))
    @pytest.mark.parametrize("needed", list(Scope))
    def test_each_scope_covers_the_ones_before_it(
        self, store: FakeKeyStore, held: Scope, needed: Scope
    ) -> None:
        key, _ = make(store, scope=held)
        order = list(Scope)
        if order.index(held) >= order.index(needed):
            require_scope(key, needed)
        else:
            with pytest.raises(ScopeTooNarrow, match=needed.value):
                require_scope(key, needed)

    def test_the_ladder_is_read_write_import_admin(self) -> None:
        assert [s.value for s in Scope] == ["read", "write", "import", "admin"]


class TestFingerprint:
    def test_the_same_request_has_the_same_fingerprint(self) -> None:
        one = fingerprint("POST", "/user/x/unavailability", "a=1", b'{"x": 1}')
        assert one == fingerprint("post", "/user/x/unavailability", "a=1", b'{"x": 1}')
        assert re.fullmatch(r"[0-9a-f]{64}", one)

    @pytest.mark.parametrize(
        "other",
        [
            ("PUT", "/p", "q=1", b"body"),
            ("POST", "/p2", "q=1", b"body"),
            ("POST", "/p", "q=2", b"body"),
            ("POST", "/p", "q=1", b"body2"),
            ("POST", "/pq=1", "", b"body"),
            ("POST", "/p", "", b"q=1body"),
        ],
    )
    def test_any_difference_is_another_request(self, other: tuple[str, str, str, bytes]) -> None:
        assert fingerprint("POST", "/p", "q=1", b"body") != fingerprint(*other)


class TestForgettingAnswers:
    def test_answers_older_than_a_day_are_forgotten_and_newer_ones_kept(self) -> None:
        answers = FakeIdempotency()
        now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
        answers.begin("k", "old", "f", now - ANSWER_MEMORY - timedelta(seconds=1))
        answers.begin("k", "new", "f", now - ANSWER_MEMORY + timedelta(seconds=1))
        assert forget_answers(answers, now) == 1
        assert set(answers.rows) == {("k", "new")}
