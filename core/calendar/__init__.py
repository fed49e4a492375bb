"""Calendar feeds (docs/calendar.md): secret links, and the events of the personal, rotation
and team feeds with the versions (SEQUENCE) calendar clients track them by."""
