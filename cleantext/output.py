"""What reaches the terminal: unified diffs (optionally coloured) and messages on stderr."""
from __future__ import annotations

import difflib
import sys

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
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    name = name.lstrip("/") if not name.startswith("./") else name[2:]
    lines = []
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}", lineterm="\n", n=3):
        if not line.endswith("\n"):
            line += "\n" + NO_NEWLINE
        lines.append(line)
    return "".join(lines)


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


def message(text: str, *, err: bool = True) -> None:
    """One line of talk on stderr (never stdout: stdout is data)."""
    sys.stderr.write(text.rstrip("\n") + "\n")
    sys.stderr.flush()


def write_data(data: str | bytes) -> None:
    """Data to stdout, byte-exact."""
    out = sys.stdout.buffer
    out.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape"))
    out.flush()
