"""The daily digest: channel subscriptions, which digests are due at a given instant, what
a digest says, and delivering each due digest exactly once."""
