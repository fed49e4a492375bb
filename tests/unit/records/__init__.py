"""Unit tests of core.records."""
