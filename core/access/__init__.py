"""Access to the HTTP API: keys with scopes, the workspace's API switch, idempotent writes."""
