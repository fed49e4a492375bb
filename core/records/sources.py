"""Where a record came from (docs/records.md#sources): one `source` value per record.

- `slack`, `cli`, `api`: entered by hand, one record at a time;
- `import:IMP`: created by the one-off CSV import IMP (`availbot import FILE`);
- `sync:NAME`: kept by authoritative CSV syncs of the source NAME (`--source NAME`);
- `feed:NAME`: kept by syncs of the iCal feed NAME.

Records of `sync:` and `feed:` sources are *synced*: each sync of that source owns them.
Every other record counts as entered by hand; a synced row supersedes it (core/imports/sync.py).
"""

from __future__ import annotations

from core.errors import BadSourceName

SLACK = "slack"  # entered in Slack by someone: the reply told them at once
HAND_SOURCES = (SLACK, "cli", "api")
SYNCED_PREFIXES = ("sync:", "feed:")
NAME_LIMIT = 64


def import_source(import_id: str) -> str:
    return f"import:{import_id}"


def sync_source(name: str) -> str:
    """`sync:NAME` for an authoritative CSV import, the name checked."""
    return f"sync:{check_source_name(name)}"


def check_source_name(name: str) -> str:
    """A source name is 1–64 printable characters (surrounding spaces dropped)."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > NAME_LIMIT or not cleaned.isprintable():
        raise BadSourceName(name)
    return cleaned


def is_synced(source: str) -> bool:
    return source.startswith(SYNCED_PREFIXES)


def source_name(source: str) -> str | None:
    """The name a synced record came from (`BambooHR` for `sync:BambooHR`), else None."""
    if is_synced(source):
        return source.split(":", 1)[1]
    return None


def source_words(source: str) -> str | None:
    """Where a synced record came from, shown beside it in lists: `from BambooHR` for
    `sync:BambooHR`, `from feed Personio` for `feed:Personio`; None for records entered by
    hand (or by a one-off import), which say nothing extra. The name is as typed: escape it
    for Slack."""
    name = source_name(source)
    if name is None:
        return None
    return f"from feed {name}" if source.startswith("feed:") else f"from {name}"
