"""What reaches the terminal: unified diffs (optionally coloured) and messages on stderr."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from cleantext.mode import Mode

if TYPE_CHECKING:
    from cleantext.report import Outcome

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff that ``patch -p1`` and ``git apply`` accept (a/ and b/ prefixes).

    >>> print(unified_diff("a \\n", "a\\n", "x.txt"), end="")
    --- a/x.txt
    +++ b/x.txt
    @@ -1 +1 @@
    -a 
    +a
    """
    diff = DiffWriter(name)
    diff.feed(before, after)
    return diff.finish()


def _range(start: int, length: int) -> str:
    """A hunk range as difflib writes it (``start`` counts from 0)."""
    if length == 1:
        return str(start + 1)
    return f"{start + (1 if length else 0)},{length}"


class DiffWriter:
    """A unified diff built piece by piece (a large file is cleaned in pieces cut between
    lines): hunks are grouped across the pieces, so each has its full context, as difflib's
    would on the whole text."""

    def __init__(self, name: str, context: int = 3) -> None:
        name = name[2:] if name.startswith("./") else name.lstrip("/")
        self.header = f"--- a/{name}\n+++ b/{name}\n"
        self.n = context
        self.out: list[str] = []
        self.a = self.b = 0  # lines consumed on each side
        self.recent: list[str] = []  # the last equal lines (leading context for a new hunk)
        self.hunk: list[str] | None = None
        self.start = (0, 0)
        self.tail: list[str] = []  # equal lines after the open hunk's last change

    def feed(self, before: str, after: str) -> None:
        import difflib

        a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
        if a == b:
            self._equal(a)
            return
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                self._equal(a[i1:i2])
            else:
                self._change(a[i1:i2], b[j1:j2])

    def _equal(self, lines: list[str]) -> None:
        self.a += len(lines)
        self.b += len(lines)
        if self.hunk is None:
            self.recent = (self.recent + lines[-self.n :])[-self.n :]
            return
        if len(self.tail) + len(lines) <= 2 * self.n:
            self.tail.extend(lines)
            return
        run = self.tail + lines[: 2 * self.n + 1]
        self._close(run[: self.n])
        self.recent = (self.tail + lines)[-self.n :] if len(lines) < self.n else lines[-self.n :]
        self.tail = []

    def _change(self, old: list[str], new: list[str]) -> None:
        if self.hunk is None:
            self.hunk = [" " + line for line in self.recent]
            self.start = (self.a - len(self.recent), self.b - len(self.recent))
        else:
            self.hunk.extend(" " + line for line in self.tail)
        self.tail, self.recent = [], []
        self.hunk.extend("-" + line for line in old)
        self.hunk.extend("+" + line for line in new)
        self.a += len(old)
        self.b += len(new)

    def _close(self, context: list[str]) -> None:
        lines = (self.hunk or []) + [" " + line for line in context]
        na = sum(1 for line in lines if line[0] != "+")
        nb = sum(1 for line in lines if line[0] != "-")
        self.out.append(f"@@ -{_range(self.start[0], na)} +{_range(self.start[1], nb)} @@\n")
        for line in lines:
            self.out.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE)
        self.hunk = None

    def finish(self) -> str:
        """The diff ("" when nothing changed)."""
        if self.hunk is not None:
            self._close(self.tail[: self.n])
        return self.header + "".join(self.out) if self.out else ""


def color_diff(diff: str) -> str:
    """ANSI colours for a terminal: headers bold, hunks cyan, removals red, additions green."""
    import click

    out = []
    for line in diff.splitlines(keepends=True):
        if line.startswith(("+++", "---")):
            out.append(click.style(line, bold=True, reset=True))
        elif line.startswith("@@"):
            out.append(click.style(line, fg="cyan"))
        elif line.startswith("+"):
            out.append(click.style(line, fg="green"))
        elif line.startswith("-"):
            out.append(click.style(line, fg="red"))
        else:
            out.append(line)
    return "".join(out)


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
        self, mode: Mode, total: int, quiet: bool, verbose: bool, explain: bool, color: bool, progress: Progress | None = None
    ) -> None:
        self.mode, self.quiet, self.verbose, self.explain = mode, quiet, verbose, explain
        self.color = color and mode.diff
        # a progress bar only where a person watches: stderr a terminal, a batch, not in a pipe
        wanted = sys.stderr.isatty() and not quiet and total > 1 and mode is not Mode.STDOUT and not os.environ.get("CI")
        self.progress = progress or (Progress(total) if wanted else None)

    def outcome(self, o: Outcome) -> None:
        from cleantext.report import Status

        if self.progress is not None:
            self.progress.advance(o.size)
        if o.diff:
            self._clear()
            write_data(color_diff(o.diff) if self.color else o.diff)
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
            return f"unchanged {o.name}" if self.verbose and o.status is Status.UNCHANGED else None
        if self.mode is Mode.CHECK or (self.verbose and self.mode.check):
            return f"would clean {o.name}"
        if self.verbose or self.mode is Mode.IN_PLACE:
            return f"cleaned {o.name}"
        return None

    def _clear(self) -> None:
        if self.progress is not None:
            self.progress.close()  # the bar gives way to a line of output; it comes back

    def _say(self, text: str) -> None:
        self._clear()
        message(text)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress.close()


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
