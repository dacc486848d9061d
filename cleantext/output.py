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
    """A one-line progress bar on stderr for a terminal: files done, MB/s, time left; for one
    input cleaned in pieces (a big file, a long stdin), its megabytes done.

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
        self.part: tuple[int, int | None] | None = None  # (bytes done, size) of the input in pieces

    def advance(self, size: int) -> None:
        self.done += 1
        self.bytes += size
        self.part = None
        now = self.clock()
        if self.first is None:
            self.first = now
        if self.total > 1 and not (now - self.start < self.delay or (now - self.last < 0.1 and self.done < self.total)):
            self._show(now, self._files_line(now))

    def partial(self, done: int, size: int | None) -> None:
        """How far the input being cleaned in pieces has got: ``done`` of its ``size`` bytes
        (None for a pipe, whose size is known only at its end)."""
        self.part = (done, size)
        now = self.clock()
        if now - self.start >= self.delay and now - self.last >= 0.1:
            self._show(now, self._files_line(now) if self.total > 1 else self._bytes_line(now, done, size))

    def _files_line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-6)
        # the pace since the first file: the wait for the first (workers starting, a Ray cluster
        # coming up) says nothing about the files left
        first = self.first if self.first is not None else now
        rate = (self.done - 1) / (now - first) if now > first else 0
        left = (self.total - self.done) / rate if rate else None
        done = self.bytes + (self.part[0] if self.part else 0)
        return (f"[{self._bar(self.done, self.total)}] {self.done}/{self.total} files  "
                f"{done / 1e6 / elapsed:.1f} MB/s  {_time_left(left)}")

    def _bytes_line(self, now: float, done: int, size: int | None) -> str:
        rate = done / max(now - self.start, 1e-6)
        if size is None:
            return f"{done / 1e6:.0f} MB  {rate / 1e6:.1f} MB/s"
        left = (size - done) / rate if rate else None
        return f"[{self._bar(done, size)}] {done / 1e6:.0f}/{size / 1e6:.0f} MB  {rate / 1e6:.1f} MB/s  {_time_left(left)}"

    @staticmethod
    def _bar(done: int, total: int, width: int = 24) -> str:
        filled = min(width, int(width * done / max(total, 1)))
        return "#" * filled + "." * (width - filled)

    def _show(self, now: float, line: str) -> None:
        self.last = now
        self.stream.write("\r" + line + "\x1b[K")
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
        # a progress bar only where a person watches: on stderr a terminal, not under CI, and
        # not where the cleaned text goes to the same terminal (it shows for a single input
        # only while that input is cleaned in pieces)
        wanted = sys.stderr.isatty() and not quiet and not os.environ.get("CI")
        if mode is Mode.STDOUT and sys.stdout.isatty():
            wanted = False
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

    def partial(self, done: int, size: int | None) -> None:
        """The input being cleaned in pieces has got ``done`` of its ``size`` bytes."""
        if self.progress is not None:
            self.progress.partial(done, size)

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


def _time_left(seconds: float | None) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d} left" if seconds is not None else "--:-- left"


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
