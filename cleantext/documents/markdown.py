"""Markdown, parsed with markdown-it-py (CommonMark, with GFM tables and front matter).

Prose is the text of paragraphs and headings. Everything else is protected: fenced and
indented code, HTML blocks, tables, front matter, link reference definitions, thematic
breaks, the container markers and indentation before a line's prose (``- ``, ``> ``, ``1.  ``),
a heading's ``#`` marks, and inside prose the code spans, inline HTML, autolinks, link and
image destinations, entities and backslash escapes. ``<!-- cleantext: off -->`` …
``<!-- cleantext: on -->`` protects everything between them.
"""
from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache
from typing import Any

from cleantext.documents.mask import Mask, merge

_LEAF_BLOCKS = {"fence", "code_block", "html_block", "front_matter", "hr", "table_open"}
_OFF_RE = re.compile(r"^[ \t]*<!--[ \t]*cleantext:[ \t]*(off|on)[ \t]*-->[ \t]*$", re.MULTILINE | re.IGNORECASE)
# Inside prose: a code span (a backtick run, closed by the next run of the same length), an
# autolink or inline HTML (anything in angle brackets that starts like a tag), a link's
# destination and title, an entity, a backslash escape.
_INLINE_RE = re.compile(
    r"(?P<ticks>`+)"
    r"|<[A-Za-z/!?][^<>\n]*(?:\n[^<>\n]*){0,8}>"
    r"|\]\((?:[^()\n]|\([^()\n]*\))*\)"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|\\[!-/:-@\[-`{-~]"
)


@cache
def parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


@lru_cache(maxsize=2)
def _tokens(text: str) -> list:
    """The parse of ``text``: the masking and the structure check both need the original's."""
    return parser().parse(text)


def mask_markdown(text: str) -> Mask:
    lines, starts = _split_lines(text)
    protected: set[int] = set(_off_lines(text, starts))
    prose: list[tuple[int, int, str]] = []  # (first line, last line + 1, content) of each inline
    in_table = 0
    ad_lines: set[int] = set()
    for token in _tokens(text):
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "html_block" and all(_ad_code(line) for line in lines[first:last] if line.strip()):
            ad_lines.update(range(first, last))  # an HTML block of ad code only: the ads filter's to remove
            continue
        if token.type in _LEAF_BLOCKS:
            protected.update(range(first, last))
        elif token.type == "inline" and not in_table:
            prose.append((first, last, token.content))
    spans: list[tuple[int, int]] = []
    prose_lines: set[int] = set()
    for first, last, content in prose:
        if protected.intersection(range(first, last)):
            continue
        first, last = _trimmed(lines, first, last, content)
        located = _locate(lines, first, last, content)
        if located is None:  # a line markdown-it rewrote (a tab in its indentation): keep it whole
            continue
        prose_lines.update(range(first, last))
        for number, (begin, end) in zip(range(first, last), located, strict=True):
            spans += _outside(starts[number], lines[number], begin, end)
        spans += _inline_spans(text, [(starts[n] + b, starts[n] + e) for n, (b, e) in zip(range(first, last), located, strict=True)])
    others = {n for n, line in enumerate(lines) if line.strip() and n not in prose_lines and n not in ad_lines}
    spans += [(starts[n], starts[n] + len(lines[n])) for n in sorted(protected | others) if n < len(lines)]
    return Mask(text, merge(spans))


_LINE_END_RE = re.compile("\r\n|\r|\n")


def _split_lines(text: str) -> tuple[list[str], list[int]]:
    r"""The lines of ``text`` as CommonMark counts them (a line ends at LF, CR or CRLF: the
    pipeline makes CRLF files LF, but a file mixing them keeps its CRs) and where each starts.

    >>> _split_lines("a\r\nb\rc\nd")
    (['a', 'b', 'c', 'd'], [0, 3, 5, 7])
    """
    lines, starts, pos = [], [0], 0
    for m in _LINE_END_RE.finditer(text):
        lines.append(text[pos : m.start()])
        pos = m.end()
        starts.append(pos)
    lines.append(text[pos:])
    return lines, starts


def _off_lines(text: str, starts: list[int]) -> list[int]:
    """The lines from a ``cleantext: off`` comment to the next ``on`` (or the end), both included."""
    count = len(starts)
    out: list[int] = []
    off_at = None
    for m in _OFF_RE.finditer(text):
        line = bisect.bisect_right(starts, m.start()) - 1
        if m.group(1).lower() == "off" and off_at is None:
            off_at = line
        elif m.group(1).lower() == "on" and off_at is not None:
            out += range(off_at, line + 1)
            off_at = None
    if off_at is not None:
        out += range(off_at, count)
    return out


# What markdown-it's trim() takes off a paragraph's content (JavaScript's white space).
_JS_SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _trimmed(lines: list[str], first: int, last: int, content: str) -> tuple[int, int]:
    """The lines of an inline token that hold its content: markdown-it trims the content, so a
    first or last line of white space only (a no-break space, say) is in the token's map but
    not in its content."""
    count = content.count("\n") + 1
    while last - first > count and not lines[first].strip(_JS_SPACE):
        first += 1
    while last - first > count and not lines[last - 1].strip(_JS_SPACE):
        last -= 1
    return first, last


def _locate(lines: list[str], first: int, last: int, content: str) -> list[tuple[int, int]] | None:
    """Where each line of an inline token's ``content`` stands in its source line, as
    (start, end) columns; None when a line cannot be found exactly."""
    parts = content.split("\n")
    if len(parts) != last - first:
        return None
    out = []
    for source, part in zip(lines[first:last], parts, strict=True):
        stripped = part.rstrip(" \t")
        if not stripped:
            return None
        body = source.rstrip(" \t")
        if body.endswith(stripped):
            out.append((len(body) - len(stripped), len(source)))
        elif stripped in source:  # a heading with closing #s
            start = source.index(stripped)
            out.append((start, start + len(stripped)))
        else:
            return None
    return out


def _outside(line_start: int, line: str, begin: int, end: int) -> list[tuple[int, int]]:
    """The protected ranges of a prose line around its content (``begin``:``end``): the
    markers before it, but for one space that stays in sight, and a heading's closing marks."""
    spans = []
    cut = begin - 1 if begin and line[begin - 1] in " \t" else begin
    if cut > 0:
        spans.append((line_start, line_start + cut))
    tail = line[end:].rstrip(" \t")
    if tail:
        spans.append((line_start + end, line_start + end + len(tail)))
    return spans


def _inline_spans(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The protected constructs in a paragraph's prose (``ranges``: its lines' content in
    ``text``), found in the paragraph as one string so that a code span may cross lines."""
    joined = "\n".join(text[a:b] for a, b in ranges)
    offsets: list[int] = []  # the position in ``text`` of each character of ``joined``
    for a, b in ranges:
        offsets.extend(range(a, b + 1))
    runs: dict[int, list[tuple[int, int]]] = {}  # backtick runs by length, in order
    for run in re.finditer("`+", joined):
        runs.setdefault(run.end() - run.start(), []).append((run.start(), run.end()))
    spans, pos = [], 0
    while (m := _INLINE_RE.search(joined, pos)) is not None:
        end = m.end()
        if m.group("ticks"):  # a code span closes at the next run of the same length
            same = runs.get(end - m.start(), [])
            k = bisect.bisect_right(same, (m.start(), end))
            end = same[k][1] if k < len(same) else end  # none: the backticks are literal text
        spans.append((m.start(), end))
        pos = end
    return [(offsets[a], offsets[b - 1] + 1) for a, b in spans]


def structure_change(before: str, after: str) -> str | None:
    """Where ``after`` parses to another structure than ``before`` ("line 12: ..."), or None.
    Paragraphs that cleaning emptied (an ad line) may go."""
    a, b = _signature(before), _signature(after)
    shape_a, shape_b = [item[:2] for item in a], [item[:2] for item in b]
    if shape_a == shape_b:
        return None
    import difflib

    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, shape_a, shape_b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete" and all(_removable(kind, inner) for kind, inner in shape_a[i1:i2]):
            continue
        where = a[min(i1, len(a) - 1)][2] if a else 0
        return f"line {where + 1}: the Markdown structure would change"
    return None


def _ad_code(line: str) -> bool:
    from cleantext.filters.ads import is_ad_script

    return is_ad_script(line)


def _removable(kind: str, inner: tuple) -> bool:
    """A block cleaning may remove: a paragraph of plain text (an ad line), an HTML block of ad code."""
    if kind.startswith("paragraph"):
        return not inner
    return kind == "html_block" and all(_ad_code(line) for line in inner[3].split("\n") if line.strip())


def _signature(text: str) -> list[tuple[str, tuple, int]]:
    """(block kind, what must stay equal inside it, first line) for each block."""
    out: list[tuple[str, tuple, int]] = []
    tokens = _tokens(text)
    for i, token in enumerate(tokens):
        line = token.map[0] if token.map else 0
        if token.type == "inline":
            continue
        if token.type == "paragraph_open":
            inner = _inline_signature(tokens[i + 1]) if i + 1 < len(tokens) else ()
            out.append(("paragraph-tight" if token.hidden else "paragraph", inner, line))
        elif token.type != "paragraph_close":
            keep = token.content if token.type in ("fence", "code_block", "html_block", "front_matter") else ""
            extra = _inline_signature(tokens[i + 1]) if token.type == "heading_open" else ()
            out.append((token.type, (token.tag, token.markup, token.info, keep, extra), line))
    return out


def _inline_signature(token: Any) -> tuple:
    items = []
    for child in token.children or []:
        if child.type in ("text", "softbreak"):
            continue
        attrs = tuple(sorted((k, str(v)) for k, v in (child.attrs or {}).items() if k != "alt"))
        items.append((child.type, child.markup, child.content if child.type != "image" else "", attrs))
    return tuple(items)
