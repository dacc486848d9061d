"""The ``whitespace`` filter: trailing spaces, Unicode spaces, zero-width characters, blank lines.

Most clean text needs none of this, so each step first asks a cheap question (a substring
test, ``str.isascii``) and only then runs its regular expression.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from cleantext.filters import Filter

# Spaces a reader cannot tell from U+0020: NBSP, the typographic spaces U+2000-U+200A, the
# narrow NBSP, the medium mathematical space and the ideographic space.
UNICODE_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible characters that carry no meaning in running text: zero-width space, word joiner,
# a BOM that is not at the start, soft hyphen. ZWJ (U+200D) and ZWNJ (U+200C) are NOT here:
# they shape emoji sequences, Persian and Indic scripts.
ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad"


# The no-break spaces that typography puts where a line must not break; they stay there:
# before ":;!?" and "»" and after "«" (French), between digits (digit groups: "10\u00a0000"),
# after a one-letter word (Czech and Polish "v\u00a0Praze"). Elsewhere they become spaces.
NO_BREAK = "\u00a0\u202f"
_NBSP_RE = re.compile(f"[{NO_BREAK}]")
_BEFORE_PUNCTUATION = frozenset(":;!?\u00bb\u203a")


def _nbsp_or_space(match: re.Match) -> str:
    r"""The no-break space at ``match`` if typography needs it there, else a space.

    >>> _NBSP_RE.sub(_nbsp_or_space, "Quoi\u00a0? \u00ab\u00a0Oui\u00a0\u00bb, 10\u00a0000 v\u00a0Praze, a\u00a0v\u00a0Brn\u011b")
    'Quoi\xa0? «\xa0Oui\xa0», 10\xa0000 v\xa0Praze, a\xa0v\xa0Brně'
    >>> _NBSP_RE.sub(_nbsp_or_space, "caf\u00e9\u00a0au lait\u00a0 now\u00a0")
    'café au lait  now '
    """
    text, i = match.string, match.start()
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    if after in _BEFORE_PUNCTUATION or (before.isdigit() and after.isdigit()):
        return match.group()
    if not after or after.isspace():
        return " "
    if before and before in "\u00ab\u2039":
        return match.group()
    one_letter = before.isalpha() and (i < 2 or not text[i - 2].isalnum())
    return match.group() if one_letter else " "


_H = f" \t\f\v{UNICODE_SPACES}"  # horizontal white space: never \r or \n
# The pipeline has already turned CRLF into LF, so a CR left at the end of a line is a stray
# (from a file mixing line endings) and goes with the trailing spaces; a CR inside a line stays.
_TRAILING_RE = re.compile(f"[{_H}\r]+$", re.MULTILINE)
_TRAIL = _H + "\r"
# A space run that follows a visible character and precedes one becomes one space;
# indentation, and runs next to tabs or Unicode spaces, are left alone.
_NOT_VISIBLE = frozenset(_H + "\n")


def _collapse_runs(text: str) -> str:
    """Collapse runs of 2+ spaces between visible characters (found with str.find: runs are
    rare and a regular expression would visit every space)."""
    out, pos, n = [], 0, len(text)
    i = text.find("  ")
    while i >= 0:
        j = i + 2
        while j < n and text[j] == " ":
            j += 1
        if i > 0 and j < n and text[i - 1] not in _NOT_VISIBLE and text[j] not in _NOT_VISIBLE:
            out.append(text[pos:i])
            out.append(" ")
            pos = j
        i = text.find("  ", j)
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


_BLANK_RUN_RE = re.compile(f"\n(?:[{_H}\r]*\n){{2,}}")
_LEADING_BLANKS_RE = re.compile(f"\\A(?:[{_H}\r]*\n)+")

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})


def _strip_trailing_keep_md_breaks(match: re.Match) -> str:
    # A Markdown hard line break: two or more trailing spaces after visible text, with more
    # text on the next line (before a blank line or at the end they mean nothing).
    run, start, end = match.group(), match.start(), match.end()
    text = match.string
    if not run.startswith("  ") or start == 0 or text[start - 1] == "\n":
        return ""
    next_end = text.find("\n", end + 1)
    next_line = text[end + 1 : next_end if next_end >= 0 else len(text)]
    return "  " if next_line.strip() else ""


class NormalizeWhitespace(Filter):
    """Strip trailing spaces, normalise Unicode spaces, drop zero-width characters and extra blank lines.

    >>> NormalizeWhitespace()("a  \\n\\n\\n\\nb")
    'a\\n\\nb\\n'
    >>> NormalizeWhitespace()("caf\\u00e9\\u00a0 au\\u200blait  now ")
    'café aulait now\\n'
    >>> NormalizeWhitespace(markdown=True)("line one  \\nline two")
    'line one  \\nline two\\n'
    >>> NormalizeWhitespace()("")
    ''
    """

    idempotent = True  # tests/test_properties.py::test_each_filter_alone_is_idempotent
    guard_exempt = True  # it removes white space and invisible characters only, never a letter

    def __init__(
        self,
        *,
        trailing: bool = True,
        unicode_spaces: bool = True,
        zero_width: bool = True,
        collapse_spaces: bool = True,
        blank_lines: bool = True,
        trim_blank_edges: bool = True,
        final_newline: bool = True,
        markdown: bool = False,
    ) -> None:
        self.trailing = trailing
        self.unicode_spaces = unicode_spaces
        self.zero_width = zero_width
        self.collapse_spaces = collapse_spaces
        self.blank_lines = blank_lines
        self.trim_blank_edges = trim_blank_edges
        self.final_newline = final_newline
        self.markdown = markdown
        # Where this text stands in a stream cut between paragraphs (see Pipeline.run).
        self._at_start, self._at_end, self._continues_line = True, True, False

    OPTIONS = ("trailing", "unicode_spaces", "zero_width", "collapse_spaces", "blank_lines",
               "trim_blank_edges", "final_newline", "markdown")

    def options(self) -> dict:
        return {k: getattr(self, k) for k in self.OPTIONS}

    def for_path(self, path: PurePath | None) -> NormalizeWhitespace:
        is_md = path is not None and path.suffix.lower() in MARKDOWN_SUFFIXES
        if is_md == self.markdown:
            return self
        return NormalizeWhitespace(**{**self.options(), "markdown": is_md})

    def for_record(self) -> NormalizeWhitespace:
        """The variant for a dataset record's text field: no final newline is added."""
        return NormalizeWhitespace(**{**self.options(), "final_newline": False})

    def _replace_junk(self, text: str) -> str:
        """Zero-width characters go, then Unicode spaces become " " but for the no-break spaces
        typography needs (as switched on; the no-break spaces last, so that their neighbours
        are final): one fast substring search per character, and a replace for those that occur."""
        if self.zero_width:
            for ch in ZERO_WIDTH:
                if ch in text:
                    text = text.replace(ch, "")
        if self.unicode_spaces:
            for ch in UNICODE_SPACES:
                if ch in text and ch not in NO_BREAK:
                    text = text.replace(ch, " ")
            if "\u00a0" in text or "\u202f" in text:
                text = _NBSP_RE.sub(_nbsp_or_space, text)
        return text

    def for_chunk(self, chunk) -> NormalizeWhitespace:
        """A variant for one piece of a stream: the document's edges are trimmed only at its
        real start and end, and a piece cut inside a line continues that line's space run."""
        variant = NormalizeWhitespace(**self.options())
        variant._at_start, variant._at_end, variant._continues_line = chunk.first, chunk.last, chunk.continues_line
        variant._state = chunk.state
        return variant

    def __call__(self, text: str) -> str:
        return self._clean(text, None)

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        """The cleaned text, and each rule that changed it (once per text): ``trailing``,
        ``unicode-space`` (also zero-width characters), ``collapse``, ``blank-lines``, ``edges``."""
        fired: Counter = Counter()
        return self._clean(text, fired), fired

    def _clean(self, text: str, fired: Counter | None) -> str:
        def note(rule: str, before: str, after: str) -> str:
            if fired is not None and after != before:
                fired[rule] = 1
            return after

        if self._continues_line and self.collapse_spaces:
            text = note("collapse", text, self._continue_space_run(text))
        ascii_only = text.isascii()
        if not ascii_only and (self.unicode_spaces or self.zero_width):
            text = note("unicode-space", text, self._replace_junk(text))
        if ascii_only or self.unicode_spaces:
            ends_in_space, blank_run = _line_end_flags(text)
        else:  # Unicode spaces may end a line: let the regular expressions look
            ends_in_space, blank_run = True, None
        if self.trailing and ends_in_space:
            if self.markdown:
                stripped = _TRAILING_RE.sub(_strip_trailing_keep_md_breaks, text)
            else:  # what _TRAILING_RE.sub("", text) does, several times faster
                stripped = "\n".join([ln.rstrip(_TRAIL) if ln[-1:] in _TRAIL else ln for ln in text.split("\n")])
            text = note("trailing", text, stripped)
            blank_run = None
        if self.collapse_spaces and "  " in text:
            text = note("collapse", text, _collapse_runs(text))
        if self.blank_lines:
            if blank_run is None or not self.trailing:  # blank lines may hold spaces: look again
                blank_run = "\n\n\n" in text if self.trailing else _BLANK_RUN_RE.search(text) is not None
            if blank_run:
                text = note("blank-lines", text, _BLANK_RUN_RE.sub("\n\n", text))
        return note("edges", text, self._edges(text))

    def _edges(self, text: str) -> str:
        """Blank lines at the document's start and end, and its final newline."""
        if self.trim_blank_edges and self._at_start:
            text = _LEADING_BLANKS_RE.sub("", text)
        elif self.blank_lines and not self._at_start and not self._continues_line:
            # a stream's piece starts after a blank line of the previous piece: blank lines
            # here (an ad line removed, say) join that run, which is already one blank line
            text = _LEADING_BLANKS_RE.sub("", text)
        if self.trim_blank_edges and self._at_end:
            if text and text[-1] in _H + "\r\n":
                # the blank lines at the end go; white space before the last newline stays
                # for the trailing rule; only the tail is looked at
                body = text.rstrip(_H + "\r\n")
                tail = text[len(body) :]
                cut = tail.find("\n")
                if not body:
                    text = ""
                elif cut >= 0:
                    text = body + tail[:cut] + ("\n" if self.final_newline else "")
        if self.final_newline and self._at_end and text and not text.endswith("\n"):
            text += "\n"
        return text

    _state: dict = {}

    def _continue_space_run(self, text: str) -> str:
        """A piece cut inside a line: a space run that began in an earlier piece (which ended
        on a visible character) becomes one space here, before the next visible character."""
        stripped = text.lstrip(" \t")
        if not stripped:
            self._state["whitespace-owed-space"] = True  # the run goes on into the next piece
            return ""
        owed = self._state.pop("whitespace-owed-space", False) or len(stripped) < len(text)
        return " " + stripped if owed and stripped[0] != "\n" else stripped


def _line_end_flags(text: str) -> tuple[bool, bool]:
    """(some line ends in white space, some run of blank lines is two or more) — exact for
    text whose only spaces are ASCII, at the cost of one ``find`` per line (faster than a
    substring search for a two-character needle)."""
    ends_in_space = blank_run = False
    prev, run = -2, 0
    i = text.find("\n")
    while i >= 0:
        if i and text[i - 1] in " \t\r\f\v":
            ends_in_space = True
        run = run + 1 if i == prev + 1 else 0
        if run >= 2:
            blank_run = True
        if ends_in_space and blank_run:
            break
        prev = i
        i = text.find("\n", i + 1)
    return ends_in_space or text[-1:] in (" ", "\t", "\r", "\f", "\v"), blank_run
