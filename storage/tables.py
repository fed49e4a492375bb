"""Peewee models of the stored rows (private to storage); the schema itself is in migrations.

Every table carries `workspace_id`. Instants are epoch seconds in UTC (BIGINT): peewee's
DateTimeField compares offset text on SQLite and PostgreSQL hands back naive values.
The models are declared unbound; `bind_tables(db)` makes subclasses bound to one database,
so several stores (SQLite and PostgreSQL, say) can be open in one process at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, cast

import peewee


class _Row(peewee.Model):
    class Meta:
        legacy_table_names = False


class WorkspaceRow(_Row):
    id = peewee.TextField(primary_key=True)
    timezone = peewee.TextField(null=True)
    created_at = peewee.BigIntegerField()
    api_enabled = peewee.BooleanField(default=False)  # the HTTP API's switch

    class Meta:
        table_name = "workspace"


class MemberRow(_Row):
    id = peewee.TextField(primary_key=True)
    workspace_id = peewee.TextField()
    email = peewee.TextField()
    email_key = peewee.TextField()  # casefolded email, unique per workspace
    name = peewee.TextField()
    tz = peewee.TextField(null=True)
    slack_user_id = peewee.TextField(null=True)  # unique per workspace when set
    admin = peewee.BooleanField(default=False)
    active = peewee.BooleanField(default=True)
    external_id = peewee.TextField(null=True)  # the HR system's id; unique per workspace when set

    class Meta:
        table_name = "member"


class TypeRow(_Row):
    id = peewee.TextField(primary_key=True)
    workspace_id = peewee.TextField()
    name = peewee.TextField()
    name_key = peewee.TextField()  # casefolded name, unique per workspace
    kind = peewee.TextField()
    description = peewee.TextField(default="")
    paid = peewee.BooleanField(default=False)
    private = peewee.BooleanField(default=False)
    archived = peewee.BooleanField(default=False)

    class Meta:
        table_name = "unavailability_type"


class UnavailabilityRow(_Row):
    id = peewee.TextField(primary_key=True)
    workspace_id = peewee.TextField()
    member_id = peewee.TextField()
    type_id = peewee.TextField()
    start_ts = peewee.BigIntegerField()
    end_ts = peewee.BigIntegerField()
    all_day = peewee.BooleanField(default=False)
    name = peewee.TextField(null=True)
    source = peewee.TextField()
    created_by = peewee.TextField(null=True)
    created_at = peewee.BigIntegerField()
    updated_at = peewee.BigIntegerField()
    changed_by = peewee.TextField(null=True)
    changed_via = peewee.TextField(null=True)

    class Meta:
        table_name = "unavailability"


M = TypeVar("M", bound=peewee.Model)


@dataclass(frozen=True)
class Tables:
    """The models bound to one database."""

    workspace: type[WorkspaceRow]
    member: type[MemberRow]
    type_: type[TypeRow]
    unavailability: type[UnavailabilityRow]


def bind_tables(db: peewee.Database) -> Tables:
    return Tables(
        workspace=_bound(WorkspaceRow, db),
        member=_bound(MemberRow, db),
        type_=_bound(TypeRow, db),
        unavailability=_bound(UnavailabilityRow, db),
    )


def _bound(model: type[M], db: peewee.Database) -> type[M]:
    meta = type("Meta", (), {"database": db, "table_name": model._meta.table_name})
    return cast(type[M], type(model.__name__, (model,), {"Meta": meta}))


# --- on-call rotations (docs/rotations.md) ---------------------------------------------------


class RotationRow(_Row):
    id = peewee.TextField(primary_key=True)
    workspace_id = peewee.TextField()
    name = peewee.TextField()
    name_key = peewee.TextField()  # casefolded name, unique per workspace
    created_at = peewee.BigIntegerField()

    class Meta:
        table_name = "rotation"


class RotationVersionRow(_Row):
    rotation_id = peewee.TextField()
    seq = peewee.IntegerField()  # 0, 1, … in the order the versions rule
    workspace_id = peewee.TextField()
    effective_from = peewee.BigIntegerField(null=True)  # NULL: from the first shift
    timezone = peewee.TextField()
    shift = peewee.TextField()  # "1w", "12h"
    handoff = peewee.TextField()  # "mon 09:00", "09:00"
    start_date = peewee.TextField()  # YYYY-MM-DD
    member_ids = peewee.TextField()  # JSON array of member ids, in hand-off order
    created_at = peewee.BigIntegerField()

    class Meta:
        table_name = "rotation_version"
        primary_key = peewee.CompositeKey("rotation_id", "seq")


class OverrideRow(_Row):
    id = peewee.TextField(primary_key=True)
    workspace_id = peewee.TextField()
    rotation_id = peewee.TextField()
    member_id = peewee.TextField()
    start_ts = peewee.BigIntegerField()
    end_ts = peewee.BigIntegerField()
    created_by = peewee.TextField(null=True)
    created_at = peewee.BigIntegerField()

    class Meta:
        table_name = "rotation_override"


@dataclass(frozen=True)
class RotationTables:
    """The rotation models bound to one database."""

    rotation: type[RotationRow]
    version: type[RotationVersionRow]
    override: type[OverrideRow]
    workspace: type[WorkspaceRow]


def bind_rotation_tables(db: peewee.Database) -> RotationTables:
    return RotationTables(
        rotation=_bound(RotationRow, db),
        version=_bound(RotationVersionRow, db),
        override=_bound(OverrideRow, db),
        workspace=_bound(WorkspaceRow, db),
    )
