"""reStructuredText: literal blocks, directives, comments, tables and inline markup are protected.

The protected lines are found by RST's own layout rules (an explicit markup block runs from
``..`` through its indented body; a literal block is the indented block after ``::``; a table
is framed by ``+---+`` or ``=== ===`` lines), and docutils then checks the result: the cleaned
document must parse to the same nodes, with the same literal text, as the original.
``.. cleantext: off`` … ``.. cleantext: on`` protects everything between them.
"""
from __future__ import annotations

import re
from typing import Any

from cleantext.documents.mask import Mask, line_spans, merge

_EXPLICIT_RE = re.compile(r"^\.\.(?:\s|$)")
_OFF_RE = re.compile(r"^\.\.\s+cleantext:\s*(off|on)\s*$", re.IGNORECASE)
_BORDER_RE = re.compile(r"^=+(?: +=+)* *$")
_INLINE_RE = re.compile(
    r"``(?:[^`]|`(?!`))+``"  # an inline literal
    r"|(?::[\w.:+-]+:)?`[^`]+`(?::[\w.:+-]+:)?_{0,2}"  # interpreted text, a role, a hyperlink
    r"|\|[^|\s](?:[^|\n]*[^|\s])?\|_{0,2}"  # a substitution reference
    r"|\[(?:#|\*|\w+|#\w+)\]_"  # a footnote or citation reference
    r"|https?://[^\s<>`]+"
)


def mask_rst(text: str) -> Mask:
    lines = text.split("\n")
    protected = _protected_lines(lines)
    spans = line_spans(text, protected)
    start = 0
    for number, line in enumerate(lines):
        if number not in protected:
            spans += [(start + m.start(), start + m.end()) for m in _INLINE_RE.finditer(line)]
        start += len(line) + 1
    return Mask(text, merge(spans))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _protected_lines(lines: list[str]) -> set[int]:
    out: set[int] = set()
    n, i, off = len(lines), 0, False
    while i < n:
        line = lines[i]
        switch = _OFF_RE.match(line)
        if switch or off:
            off = (switch.group(1).lower() == "off") if switch else off
            out.add(i)
            i += 1
            continue
        if _EXPLICIT_RE.match(line) or line.rstrip().endswith("::"):
            # a directive, comment or target with its indented body; or a literal block
            end = _block_end(lines, i, _indent(line))
            out.update(range(i if _EXPLICIT_RE.match(line) else i + 1, end))
            i = max(end, i + 1)
            continue
        stripped = line.lstrip()
        if stripped.startswith((">>>", "| ", "+-", "+=")) or stripped == "|":
            end = i
            while end < n and lines[end].strip():
                end += 1
            out.update(range(i, end))  # a doctest block, a line block, a grid table
            i = end
            continue
        if _BORDER_RE.match(line) and "=" in line:
            end = _simple_table_end(lines, i)
            out.update(range(i, end))
            i = max(end, i + 1)
            continue
        i += 1
    return out


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """The line after the block that starts at ``start``: its lines indented more than
    ``indent``, and the blank lines between them."""
    end, last = start + 1, start + 1
    while end < len(lines):
        if lines[end].strip():
            if _indent(lines[end]) <= indent:
                break
            last = end + 1
        end += 1
    return last


def _simple_table_end(lines: list[str], start: int) -> int:
    """A simple table (or a section adornment) from its first ``===`` border: through the last
    border before a blank line or the end."""
    end = start + 1
    for k in range(start + 1, len(lines)):
        if _BORDER_RE.match(lines[k]) and "=" in lines[k]:
            end = k + 1
            if k + 1 >= len(lines) or not lines[k + 1].strip():
                break
    return end


def structure_change(before: str, after: str) -> str | None:
    """Where ``after`` parses (with docutils) to other nodes or other literal text than
    ``before``, or None."""
    a, b = _nodes(before), _nodes(after)
    if a == b:
        return None
    for (kind_a, keep_a, line), (kind_b, keep_b, _) in zip(a, b, strict=False):
        if kind_a != kind_b or keep_a != keep_b:
            return f"line {line}: the reStructuredText structure would change ({kind_a} -> {kind_b})"
    return f"line {a[-1][2] if a else 1}: the reStructuredText structure would change"


_LITERAL = {"literal_block", "doctest_block", "line_block", "table", "substitution_definition", "comment", "raw", "literal"}


def _nodes(text: str) -> list[tuple[str, str, int]]:
    from docutils import nodes
    from docutils.core import publish_doctree

    settings: dict[str, Any] = {"report_level": 5, "halt_level": 5, "warning_stream": False, "file_insertion_enabled": False,
                                "raw_enabled": False, "_disable_config": True}
    tree = publish_doctree(text, settings_overrides=settings)
    out = []
    for node in tree.findall(lambda n: not isinstance(n, nodes.Text)):
        name = type(node).__name__
        keep = node.astext() if name in _LITERAL else ""
        out.append((name, keep, getattr(node, "line", None) or 0))
    return [(kind, keep, line) for kind, keep, line in out]
