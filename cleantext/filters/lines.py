"""Whole-line deletion shared by the line-based filters (ads, boilerplate)."""
from __future__ import annotations

from collections import Counter


def _is_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip(" \t")


def remove_lines(text: str, spans: list[tuple[int, int, str]], counts: Counter) -> str:
    """Delete the lines at ``spans`` ((start, end, rule) of a line without its newline).

    A deleted line takes its newline with it, and when it stood between two blank lines (or
    between the start of the text and a blank line) one of them goes too, so removing a line
    never leaves a blank gap behind. Each deletion is counted under its rule.

    >>> c = Counter()
    >>> remove_lines("a\\n\\nAD\\n\\nb\\n", [(3, 5, "x")], c), c["x"]
    ('a\\n\\nb\\n', 1)
    """
    out, pos = [], 0
    seen = set()
    for start, end, rule in sorted(spans):
        if start in seen or start < pos:
            continue
        seen.add(start)
        counts[rule] += 1
        line_end = end + 1 if text[end : end + 1] == "\n" else end
        prev_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
        blank_before = start == 0 or _is_blank(text, prev_start, start - 1) or start == pos and not out
        next_end = text.find("\n", line_end)
        next_end = len(text) if next_end < 0 else next_end
        if blank_before and line_end < len(text) and _is_blank(text, line_end, next_end):
            line_end = min(next_end + 1, len(text))
        out.append(text[pos:start])
        pos = line_end
    out.append(text[pos:])
    return "".join(out)
