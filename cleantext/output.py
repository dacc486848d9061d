"""What reaches the terminal: data on stdout, messages and the progress bar on stderr."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from cleantext.diff import color_diff
from cleantext.mode import Mode

if TYPE_CHECKING:
    from cleantext.report import Outcome

def message(text: str) -> None:
    """One line of talk on stderr (never stdout: stdout is data)."""
    sys.stderr.write(text.rstrip("\n") + "\n")
    sys.stderr.flush()


def write_data(data: str | bytes) -> None:
    """Data to stdout, byte-exact."""
    out = sys.stdout.buffer
    out.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape"))
    out.flush()


class Progress:
    """A one-line progress bar on stderr for a terminal: files done, MB/s, time left.

    It appears only after ``delay`` seconds (a quick batch shows nothing) and is erased when
    the batch ends, so only the summary stays.
    """

    def __init__(self, total: int, delay: float = 0.5, stream: TextIO | None = None, clock: Callable[[], float] | None = None) -> None:
        import time

        self.total, self.delay = total, delay
        self.stream = stream or sys.stderr
        self.clock = clock or time.monotonic
        self.start = self.last = self.clock()
        self.done = self.bytes = 0
        self.first: float | None = None  # when the first file was done: start-up is not the rate
        self.shown = False

    def advance(self, size: int) -> None:
        self.done += 1
        self.bytes += size
        now = self.clock()
        if self.first is None:
            self.first = now
        if now - self.start < self.delay or (now - self.last < 0.1 and self.done < self.total):
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        # the pace since the first file: the wait for the first (workers starting, a Ray cluster
        # coming up) says nothing about the files left
        rate = (self.done - 1) / (now - self.first) if now > self.first else 0
        left = (self.total - self.done) / rate if rate else None
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files  "
                f"{self.bytes / 1e6 / elapsed:.1f} MB/s  "
                + (f"{int(left // 60)}:{int(left % 60):02d} left" if left is not None else "--:-- left"))
        self.stream.write(line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


class Printer:
    """Writes what each outcome says as it arrives: the diff to stdout, talk to stderr."""

    def __init__(
        self, mode: Mode, total: int, quiet: bool, verbose: bool, explain: bool, color: bool, progress: Progress | None = None,
        fmt: str = "text",
    ) -> None:
        self.mode, self.quiet, self.verbose, self.explain = mode, quiet, verbose, explain
        self.color = color and mode.diff
        # a progress bar only where a person watches: stderr a terminal, a batch, not in a pipe
        wanted = sys.stderr.isatty() and not quiet and total > 1 and mode is not Mode.STDOUT and not os.environ.get("CI")
        self.progress = progress or (Progress(total) if wanted else None)
        self.format = fmt  # --output-format: findings to stdout as they come (json: at the end)
        self.collected: list[dict] = []

    def outcome(self, o: Outcome) -> None:
        from cleantext.report import Status

        if self.progress is not None:
            self.progress.advance(o.size)
        if o.diff:
            self._clear()
            write_data(color_diff(o.diff) if self.color else o.diff)
        if o.findings:
            self._findings(o.findings)
        if o.status is Status.FAILED:
            self._say(f"cleantext: error: {o.message}")
            return
        for problem in o.problems:
            self._say(f"cleantext: error: {problem}")
        if o.note and not self.quiet:
            self._say(f"cleantext: {o.note}")
        if self.explain and o.lines:
            for name, lines in o.lines.items():
                self._say(f"{o.name}: {name} changed line{'s' if len(lines) > 1 else ''} {ranges(lines)}")
        verdict = self._verdict(o)
        if verdict:
            self._say(verdict)

    def _verdict(self, o: Outcome) -> str | None:
        from cleantext.report import Status

        if self.quiet or o.status is not Status.CHANGED:
            if not self.verbose or o.status is not Status.UNCHANGED:
                return None
            return f"unchanged {o.name}" + (f" ({o.message}: known clean)" if o.message else "")
        if self.mode is Mode.CHECK or (self.verbose and self.mode.check):
            return f"would clean {o.name}"
        return f"cleaned {o.name}" if self.verbose else None  # the summary counts them

    def _clear(self) -> None:
        if self.progress is not None:
            self.progress.close()  # the bar gives way to a line of output; it comes back

    def _say(self, text: str) -> None:
        self._clear()
        message(text)

    def _findings(self, found: list[dict]) -> None:
        from cleantext import findings

        if self.format == "json":
            self.collected += found
            return
        self._clear()
        show = findings.github if self.format == "github" else findings.jsonl
        write_data("".join(show(f) + "\n" for f in found))

    def finish(self, complete: bool = True) -> None:
        if self.progress is not None:
            self.progress.close()
        if self.format == "json" and complete:
            import json

            write_data(json.dumps(self.collected, indent=2, ensure_ascii=False) + "\n")
            self.collected = []


def ranges(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7].

    >>> ranges([1, 2, 3, 7])
    '1-3, 7'
    """
    out: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)
