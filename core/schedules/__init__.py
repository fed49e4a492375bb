"""The schedules file (TOML): its sections (rotations, calendars, day types, assignments,
patterns, shift cycles) read and checked entry by entry, then applied all or nothing."""
