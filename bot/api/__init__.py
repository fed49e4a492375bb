"""The HTTP API (docs/api.md): Falcon resources, one per path, beside the Slack endpoint."""
