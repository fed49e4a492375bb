"""Unit tests of core.time."""
