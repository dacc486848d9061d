"""Whole-line deletion shared by the line-based filters (ads, boilerplate)."""
from __future__ import annotations

import re
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
    out: list[str] = []
    pos = 0
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


def find_rule_lines(text: str, rules: tuple, first_chars: str, start: int = 0) -> list[tuple[int, int, str]]:
    """Spans of the lines that a whole-line rule matches, the first rule winning.

    ``rules`` are (name, body, re flags) triples: a rule matches a line that is ``body`` with
    blanks around it, and may take the lines after its first too. ``first_chars`` are the
    characters a matching line can start with (after blanks). The rules run as one
    alternation that starts with a newline, so the regular expression engine skips from line
    to line by itself (compiled once per process, at the first call).
    tests/test_speed_paths.py checks this against a MULTILINE scan with the same rules. A
    ``start`` above 0 is the newline that ends a line known not to match.
    """
    head, rest, names = _combined(rules, first_chars)
    spans: list[tuple[int, int, str]] = []
    pos = start
    m = head.match(text) if start == 0 else None
    if m is not None:
        spans.append((0, m.end(), names[m.lastgroup or ""]))
        pos = m.end()
    for m in rest.finditer(text, pos):
        spans.append((m.start() + 1, m.end(), names[m.lastgroup or ""]))
    return spans


_COMBINED: dict = {}
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))


# What the rules take for a blank: a space or tab, and what the whitespace filter turns into
# one or removes (no-break and typographic spaces, zero-width characters; a stray CR at a
# line's end). A line such as "Story continues below\u00a0advertisement\r" is then an ad label
# in the first run already, not only after whitespace ran (which cost every text with one a
# second round of the whole chain).
BLANK = "[ \\t\\u00a0\\u2000-\\u200b\\u202f\\u205f\\u2060\\u3000\\ufeff]"


def _combined(rules, first_chars: str) -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """The rules as one pattern for the first line and one for the lines after a newline."""
    key = (rules, first_chars)
    if key not in _COMBINED:
        alternatives, names = [], {}
        for i, (name, body, flags) in enumerate(rules):
            letters = "".join(c for flag, c in _FLAG_LETTERS if flags & flag)
            body = body.replace("[ \\t]", BLANK)
            line = rf"{BLANK}*(?:{body})(?:{BLANK}|\r)*(?=\n|\Z)"
            names[f"r{i}"] = name
            alternatives.append(f"(?P<r{i}>(?{letters}:{line}))" if letters else f"(?P<r{i}>{line})")
        chars = "".join(re.escape(c) for c in sorted(set(first_chars)))
        body = f"(?={BLANK}*[{chars}])(?:{'|'.join(alternatives)})"
        _COMBINED[key] = (re.compile(body), re.compile("\n" + body), names)
    return _COMBINED[key]
