"""Telling people when coverage breaks: the exactly-once sending ledger (outbox), coverage
alerts in channels, hand-off announcements, and (the personal half) DMs and reminders."""
