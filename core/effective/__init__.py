"""Effective availability: a member's available hours per local day from calendars,
closures, special hours, day types, assignments, patterns and shift cycles, and the
queries for one member or a team."""
