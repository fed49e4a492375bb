"""availbot's domain: members, unavailability, rotations and time, free of Slack and SQL."""
