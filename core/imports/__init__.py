"""CSV imports of time off: reading an HR export, the preview of what it would create, the
checks among its rows and against stored records, the one-time commit, how an import
reads to people, and which Slack uploads count as imports."""
