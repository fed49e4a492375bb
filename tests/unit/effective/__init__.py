"""Unit tests of core.effective."""
