"""Unit tests of core.schedules."""
