"""Unit tests of core.rotations."""
