"""Unit tests of core.imports."""
