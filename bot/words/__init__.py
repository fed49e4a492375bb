"""Phrasing shared by the Block Kit builders and the command line: digests and effective days
in words, and the JSON shapes both surfaces print."""
