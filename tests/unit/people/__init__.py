"""Unit tests of core.people."""
