"""Work the bot does on its own clock: the APScheduler adapter, the one-minute digest tick and
the digest's way out to Slack, and the directory sync."""
