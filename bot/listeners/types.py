"""`/unavailable types …`: list the catalogue; admins add, rename, archive and restore."""

from __future__ import annotations

from bot.blocks.kit import Message
from bot.blocks.replies import build_notice, build_types
from bot.payloads import first_word, split_on_word
from bot.services import Turn
from core.errors import MissingArgument, UnexpectedArgument, UnknownType
from core.model import MAX_PAGE_SIZE
from core.records.catalogue import add_type, list_types, parse_kind, rename_type, set_archived
from core.records.model import Kind

_KIND_WORDS = {"hard", "soft", "wants_pager", "hard_unavailable", "soft_unavailable", "volunteer"}
_FLAGS = {"paid", "private"}


def answer(turn: Turn, text: str) -> Message:
    word, rest = first_word(text)
    if not word or word == "list":
        page = list_types(turn.store, turn.ws, page_size=MAX_PAGE_SIZE)
        return build_types(page.items, page.count, turn.actor.is_admin)
    if word == "add":
        return _add(turn, rest)
    if word == "rename":
        return _rename(turn, rest)
    if word in ("archive", "restore"):
        if not rest:
            raise MissingArgument("which type", f"`/unavailable types {word} NAME`")
        changed = set_archived(turn.store, turn.actor, turn.ws, rest, word == "archive")
        done = "Archived" if changed.archived else "Restored"
        tail = "; its records keep it." if changed.archived else "."
        return build_notice(f"{done} the type {changed.name!r}{tail}")
    raise UnexpectedArgument(
        f"`types {word}` is not a types command",
        "`types`, `types add NAME [hard|soft|wants_pager] [paid] [private]`, "
        "`types rename OLD to NEW`, `types archive NAME` or `types restore NAME`",
    )


def _add(turn: Turn, text: str) -> Message:
    """`types add NAME [hard|soft|wants_pager] [paid] [private]`: options trail the name."""
    words = text.split()
    kind, flags = Kind.HARD, set()
    while words and words[-1].lower() in _KIND_WORDS | _FLAGS:
        last = words.pop().lower()
        if last in _FLAGS:
            flags.add(last)
        else:
            kind = parse_kind(last)
    if not words:
        raise MissingArgument("the new type's name", "`/unavailable types add Parental leave hard`")
    created = add_type(
        turn.store,
        turn.actor,
        turn.ws,
        " ".join(words),
        kind=kind,
        paid="paid" in flags,
        private="private" in flags,
    )
    return build_notice(f"Added the type {created.name!r} ({created.kind.value}).")


def _rename(turn: Turn, text: str) -> Message:
    """`types rename OLD to NEW`; with several `to`s, the cut whose OLD names a type wins."""
    cuts = split_on_word(text, "to")
    if not cuts:
        raise MissingArgument("the old and the new name", "`/unavailable types rename OLD to NEW`")
    names = {t.name.casefold() for t in turn.store.types.all(turn.ws)}
    old, new = next(((o, n) for o, n in cuts if o.casefold() in names), cuts[0])
    if old.casefold() not in names:
        raise UnknownType(old, sorted(t.name for t in turn.store.types.all(turn.ws)))
    renamed = rename_type(turn.store, turn.actor, turn.ws, old, new)
    return build_notice(f"Renamed {old!r} to {renamed.name!r}.")
