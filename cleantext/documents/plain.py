"""Plain text, AsciiDoc and Org: fenced blocks (```, ~~~; in AsciiDoc also ----, ....
and |=== tables; in Org #+BEGIN_ … #+END_) are protected whole, when they are closed; in an indented
line the indentation and every run of spaces inside it stay as written (the words are still
repaired). A line ``cleantext: off`` (after any comment marker: ``#``, ``//``, ``<!--``, ``..``)
protects everything up to a line ``cleantext: on``."""
from __future__ import annotations

import re

from cleantext.documents.mask import Mask, line_spans, merge

_ANY_RE = re.compile(r"^(?: {4}|\t|```|~~~|----|\.\.\.\.|\|===|#\+BEGIN_)|cleantext:", re.MULTILINE | re.IGNORECASE)
_FENCE_RE = re.compile(r"^[ \t]*(```+|~~~+)[ \t]*[^`\s]*[ \t]*$")
_ADOC_FENCE_RE = re.compile(r"^(-{4,}|\.{4,}|\|===)[ \t]*$")
_ORG_BEGIN_RE = re.compile(r"^[ \t]*#\+BEGIN_(\w+)", re.IGNORECASE)
_OFF_RE = re.compile(r"^[ \t]*\S{0,4}[ \t]*cleantext:[ \t]*(off|on)\b", re.IGNORECASE)
_INNER_RUN_RE = re.compile(r"[ \t]{2,}|\t")


def mask_plain(text: str, suffix: str = ".txt") -> Mask:
    if _ANY_RE.search(text) is None:  # nothing to protect: the common case costs one search
        return Mask(text, [])
    lines = text.split("\n")
    protected = _block_lines(lines, suffix)
    spans = line_spans(text, protected)
    start = 0
    for number, line in enumerate(lines):
        if number not in protected and line.startswith(("    ", "\t")):
            body = line.rstrip(" \t")  # trailing white space is not layout
            spans += [(start + m.start(), start + m.end()) for m in _INNER_RUN_RE.finditer(body)]
        start += len(line) + 1
    return Mask(text, merge(spans))


def _block_lines(lines: list[str], suffix: str) -> set[int]:
    out: set[int] = set()
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        switch = _OFF_RE.match(line)
        if switch and switch.group(1).lower() == "off":
            end = next((k for k in range(i + 1, n) if (m := _OFF_RE.match(lines[k])) and m.group(1).lower() == "on"), n - 1)
            out.update(range(i, end + 1))
            i = end + 1
            continue
        closes = _closing(line, suffix)
        close_at = next((k for k in range(i + 1, n) if closes.match(lines[k])), None) if closes else None
        if close_at is not None:  # a block that is closed: an unclosed fence is just a line
            out.update(range(i, close_at + 1))
            i = close_at + 1
            continue
        i += 1
    return out


def _closing(line: str, suffix: str) -> re.Pattern | None:
    """The pattern of the line that closes a block opened by ``line``, if it opens one."""
    if m := _FENCE_RE.match(line):
        mark = m.group(1)
        return re.compile(rf"^[ \t]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
    if suffix in (".adoc", ".asciidoc") and (m := _ADOC_FENCE_RE.match(line)):
        return re.compile(rf"^{re.escape(m.group(1))}[ \t]*$")
    if suffix == ".org" and (m := _ORG_BEGIN_RE.match(line)):
        return re.compile(rf"^[ \t]*#\+END_{m.group(1)}\b", re.IGNORECASE)
    return None
