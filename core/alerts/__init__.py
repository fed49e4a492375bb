"""Telling people when coverage breaks: alerts, cover requests, shift reminders, hand-offs."""
