"""Plain text, AsciiDoc and Org: fenced blocks (```, ~~~; in AsciiDoc also ----, ....
and |=== tables; in Org #+BEGIN_ … #+END_) are protected whole, when they are closed; in an
indented block (two or more lines in a row, each indented by four spaces or a tab: code, an
aligned table) the indentation and every run of spaces stay as written (the words are still
repaired). A single indented line is a paragraph, as scraped articles indent them. A line ``cleantext: off`` (after any comment marker: ``#``, ``//``, ``<!--``, ``..``)
protects everything up to a line ``cleantext: on``."""
from __future__ import annotations

import re

from cleantext.documents.mask import Mask, line_spans, merge

# What can start a protected block, by format: found with substring searches first.
_MARKS = {".txt": ("```", "~~~", "cleantext:"), ".adoc": ("```", "~~~", "----", "....", "|===", "cleantext:"),
          ".org": ("```", "~~~", "#+BEGIN_", "#+begin_", "cleantext:")}
_FENCE_RE = re.compile(r"^[ \t]*(```+|~~~+)[ \t]*[^`\s]*[ \t]*$")
_ADOC_FENCE_RE = re.compile(r"^(-{4,}|\.{4,}|\|===)[ \t]*$")
_ORG_BEGIN_RE = re.compile(r"^[ \t]*#\+BEGIN_(\w+)", re.IGNORECASE)
_OFF_RE = re.compile(r"^[ \t]*\S{0,4}[ \t]*cleantext:[ \t]*(off|on)\b", re.IGNORECASE)
_INNER_RUN_RE = re.compile(r"[ \t]{2,}|\t")
# two indented lines in a row; it starts with a literal newline, which the search finds fast
_TWO_INDENTED_RE = re.compile(r"\n(?:\t| {4})[ \t]*\S[^\n]*\n(?:\t| {4})[ \t]*\S")


def mask_plain(text: str, suffix: str = ".txt") -> Mask:
    blocks = False
    for mark in _MARKS.get(suffix, _MARKS[".adoc" if suffix == ".asciidoc" else ".txt"]):
        if mark in text:
            blocks = True
            break
    if not blocks and not _two_indented(text):  # the common case: nothing to protect
        return Mask(text, [])
    lines = text.split("\n")
    protected = _block_lines(lines, suffix) if blocks else set()
    spans = line_spans(text, protected) if protected else []
    start = 0
    for number, line in enumerate(lines):
        if number not in protected and _in_indented_block(lines, number):
            body = line.rstrip(" \t")  # trailing white space is not layout
            spans += [(start + m.start(), start + m.end()) for m in _INNER_RUN_RE.finditer(body)]
        start += len(line) + 1
    return Mask(text, merge(spans))


def _two_indented(text: str) -> bool:
    """Whether two lines in a row are indented (and not blank)."""
    if text.startswith(("\t", "    ")) and (end := text.find("\n")) >= 0:
        after = text.find("\n", end + 1)
        if _indented(text[:end]) and _indented(text[end + 1 : after if after >= 0 else len(text)]):
            return True
    return _TWO_INDENTED_RE.search(text) is not None


def _indented(line: str) -> bool:
    return line.startswith(("    ", "\t")) and not line.isspace()


def _in_indented_block(lines: list[str], n: int) -> bool:
    """Whether line ``n`` is indented and so is the line before or after it."""
    return _indented(lines[n]) and ((n > 0 and _indented(lines[n - 1])) or (n + 1 < len(lines) and _indented(lines[n + 1])))


def _block_lines(lines: list[str], suffix: str) -> set[int]:
    """The lines of closed blocks and of off/on stretches. What closes a block is known for
    every line before the scan (``_closers``), so an unclosed opener costs nothing: linear."""
    out: set[int] = set()
    closers = [_closer_key(line) for line in lines]
    last: dict[tuple, int] = {}  # for each closer key, the last line that has it
    longest_after: dict[str, list[int]] = {c: [0] * (len(lines) + 1) for c in "`~"}
    for k in range(len(lines) - 1, -1, -1):
        key = closers[k]
        if key is not None:
            last.setdefault(key, k)
        for c, best in longest_after.items():
            best[k] = max(best[k + 1], key[1] if key is not None and key[0] == c else 0)
    i, n = 0, len(lines)
    while i < n:
        want = _opens(lines[i], suffix)
        if want is not None and (
            last.get(want, -1) > i if want[0] not in "`~" else longest_after[want[0]][i + 1] >= want[1]
        ):
            k = i + 1
            while not _satisfies(closers[k], want):
                k += 1
            out.update(range(i, k + 1))
            i = k + 1
        elif want is not None and want[0] == "on":  # off without on: to the end
            out.update(range(i, n))
            break
        else:
            i += 1
    return out


def _closer_key(line: str) -> tuple | None:
    """What ``line`` can close: (fence character, its length), ("adoc", delimiter), ("org",
    block name), ("on",)."""
    if m := re.match(r"^[ \t]*(`{3,}|~{3,})[ \t]*$", line):
        return (m.group(1)[0], len(m.group(1)))
    if m := _ADOC_FENCE_RE.match(line):
        return ("adoc", m.group(1))
    if m := re.match(r"^[ \t]*#\+END_(\w+)", line, re.IGNORECASE):
        return ("org", m.group(1).lower())
    if (m := _OFF_RE.match(line)) and m.group(1).lower() == "on":
        return ("on",)
    return None


def _opens(line: str, suffix: str) -> tuple | None:
    """What must close the block that ``line`` opens (as _closer_key names it), if it opens one."""
    if (m := _OFF_RE.match(line)) and m.group(1).lower() == "off":
        return ("on",)
    if m := _FENCE_RE.match(line):
        return (m.group(1)[0], len(m.group(1)))
    if suffix in (".adoc", ".asciidoc") and (m := _ADOC_FENCE_RE.match(line)):
        return ("adoc", m.group(1))
    if suffix == ".org" and (m := _ORG_BEGIN_RE.match(line)):
        return ("org", m.group(1).lower())
    return None


def _satisfies(key: tuple | None, want: tuple) -> bool:
    if key is None or key[0] != want[0]:
        return False
    return key[1] >= want[1] if want[0] in "`~" else key == want
