"""The progress line of a long import: on a terminal only, after a while, wiped when done."""

from __future__ import annotations

import io
from pathlib import Path

from bot.cli.progress import SHOW_AFTER_SECONDS, TerminalProgress
from tests.cli.conftest import Availbot


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class TestTerminalProgress:
    def test_a_long_import_shows_rows_read_and_planned_then_wipes_the_line(self) -> None:
        out, clock = Terminal(), Clock()
        progress = TerminalProgress(out, "hr.csv", clock=clock)
        progress(5_000, 4_990)
        assert out.getvalue() == ""  # quick work shows nothing
        clock.now += SHOW_AFTER_SECONDS
        progress(10_000, 9_990)
        assert "hr.csv: 10,000 rows read, 9,990 planned…" in out.getvalue()
        progress.done()
        assert out.getvalue().endswith("\r\x1b[K")

    def test_quiet_or_not_a_terminal_shows_nothing(self) -> None:
        for out, quiet in ((Terminal(), True), (io.StringIO(), False)):
            clock = Clock()
            progress = TerminalProgress(out, "hr.csv", quiet=quiet, clock=clock)
            clock.now += 60
            progress(10_000, 10_000)
            progress.done()
            assert out.getvalue() == ""


class TestImportOutputStaysClean:
    def test_piped_output_has_no_progress_line(self, team: Availbot, tmp_path: Path) -> None:
        rows = "".join(f"bob@example.com,2027-01-{d:02d}\n" for d in range(1, 29))
        path = tmp_path / "hr.csv"
        path.write_text("email,start\n" + rows, encoding="utf-8")
        result = team.ok("import", str(path), "--commit", "--quiet")
        assert result.err == ""
        assert "Saved 28 records." in result.out
