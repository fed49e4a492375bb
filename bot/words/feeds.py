"""Feeds in words, for the Slack builders and the command line alike."""

from __future__ import annotations

from core.counts import count
from core.imports.sync import SyncPlan


def more_changes(plan: SyncPlan) -> str:
    """What a sync would do besides creating records: ' and change 2, remove 1', or ''."""
    parts = [
        f"change {len(plan.changed)}" if plan.changed else "",
        f"remove {len(plan.removed)}" if plan.removed else "",
        f"supersede {count(len(plan.superseded), 'record')} entered by hand"
        if plan.superseded
        else "",
    ]
    said = ", ".join(p for p in parts if p)
    return f" and {said}" if said else ""
