"""Unit tests of core.digest."""
