"""Unified diffs that ``patch -p1`` and ``git apply`` take, whole or built piece by piece.

Lines end at ``\n`` only (a form feed, a lone CR or U+2028 inside a line is part of it, as it
is for patch and git); file names are written as git writes them (C-quoted when they hold a
tab, a newline, a quote or a backslash; a tab after a name with a space, as GNU diff does).
"""
from __future__ import annotations

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(before: str, after: str, name: str, quoted: bool = True) -> str:
    """A unified diff that ``patch -p1`` and ``git apply`` accept (a/ and b/ prefixes).

    >>> print(unified_diff("a \\n", "a\\n", "x.txt"), end="")
    --- a/x.txt
    +++ b/x.txt
    @@ -1 +1 @@
    -a 
    +a
    """
    diff = DiffWriter(name, quoted=quoted)
    diff.feed(before, after)
    return diff.finish()


def lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n``, and nowhere else (unlike ``str.splitlines``).

    >>> lines("a\\fb\\r\\nc\\u2028d")
    ['a\\x0cb\\r\\n', 'c\\u2028d']
    """
    parts = text.split("\n")
    out = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


_ESCAPES = {"\t": "\\t", "\n": "\\n", '"': '\\"', "\\": "\\\\", "\r": "\\r"}


def quote(name: str) -> str:
    """A file name in a diff header, as git writes it: C-quoted when it holds a tab, a newline,
    a quote, a backslash or another control character; followed by a tab when it holds a
    space (the GNU diff convention that patch and git apply read as the end of the name).

    >>> quote("a/x.txt"), quote("a/my file.txt"), quote('a/tab\\there')
    ('a/x.txt', 'a/my file.txt\\t', '"a/tab\\\\there"')
    """
    if any(c in _ESCAPES or c < " " or c == "\x7f" for c in name):
        body = "".join(_ESCAPES.get(c, f"\\{ord(c):03o}" if c < " " or c == "\x7f" else c) for c in name)
        return f'"{body}"'
    return name + "\t" if " " in name else name


def _range(start: int, length: int) -> str:
    """A hunk range as difflib writes it (``start`` counts from 0)."""
    if length == 1:
        return str(start + 1)
    return f"{start + (1 if length else 0)},{length}"


class DiffWriter:
    """A unified diff built piece by piece (a large file is cleaned in pieces cut between
    lines): hunks are grouped across the pieces, so each has its full context, as difflib's
    would on the whole text."""

    def __init__(self, name: str, context: int = 3, quoted: bool = True) -> None:
        """``quoted``: the name as patch and git read it (off for a label that names no file)."""
        name = name[2:] if name.startswith("./") else name.lstrip("/")
        a, b = (quote("a/" + name), quote("b/" + name)) if quoted else ("a/" + name, "b/" + name)
        self.header = f"--- {a}\n+++ {b}\n"
        self.n = context
        self.out: list[str] = []
        self.a = self.b = 0  # lines consumed on each side
        self.recent: list[str] = []  # the last equal lines (leading context for a new hunk)
        self.hunk: list[str] | None = None
        self.start = (0, 0)
        self.tail: list[str] = []  # equal lines after the open hunk's last change

    def feed(self, before: str, after: str) -> None:
        import difflib

        a, b = lines(before), lines(after)
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
