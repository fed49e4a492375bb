"""Unit tests of core.access."""
