"""Other tools' schedule exports (Opsgenie, PagerDuty) read into availbot rotations."""
