"""The ``html`` filter (opt-in): HTML residue to plain text, with the standard library's parser.

Tags go; block tags and ``<br>`` become line breaks; comments, scripts, styles and ad slots
go with their content; entities are decoded. A text with no markup is returned unchanged,
and a ``<`` in prose ("a < b") is text, as it is to a browser.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from cleantext.filters import Filter

# Markup worth parsing: a tag, an end tag, a comment, or an entity.
_MARKUP_RE = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|/[A-Za-z][A-Za-z0-9-]*\s*>|!--)"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
BLOCK = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody thead tfoot tr ul "
    "caption center".split()
)
PARAGRAPH = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol figure section article header footer".split())
DROP = frozenset("script style noscript template iframe object embed svg math head title select button".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_H_RUN_RE = re.compile(r"[ \t\r\f\v]+")
_BLANKS_RE = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


class _TextExtractor(HTMLParser):
    """Collects text and line breaks as items (kind, value, source line), and the source
    lines that hold markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, Any, int]] = []
        self.markup_lines: set[int] = set()
        self.dropping: list[str] = []  # open elements whose content goes
        self.pre = 0

    def _mark(self, text: str = "") -> None:
        line = self.getpos()[0]
        self.markup_lines.update(range(line, line + text.count("\n") + 1))

    def _break(self, lines: int) -> None:
        self.items.append(("break", lines, self.getpos()[0]))

    def handle_starttag(self, tag, attrs):
        self._mark(self.get_starttag_text() or "")
        if self.dropping or tag in DROP or (tag == "ins" and "adsbygoogle" in (dict(attrs).get("class") or "")):
            if tag not in VOID:
                self.dropping.append(tag)
            return
        if tag == "br":
            self.items.append(("text", "\n", self.getpos()[0]))
        elif tag == "li":
            self._break(1)
            self.items.append(("text", "- ", self.getpos()[0]))
        elif tag in ("td", "th"):
            self.items.append(("text", " ", self.getpos()[0]))
        elif tag in BLOCK:
            self._break(2 if tag in PARAGRAPH else 1)
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self._mark()
        if self.dropping:
            if tag in self.dropping:
                while self.dropping and self.dropping.pop() != tag:
                    pass
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in BLOCK:
            self._break(2 if tag in PARAGRAPH else 1)

    def handle_data(self, data):
        if not self.dropping:
            self.items.append(("pre" if self.pre else "text", data, self.getpos()[0]))

    def handle_comment(self, data):
        self._mark(data)

    def handle_decl(self, decl):
        self._mark(decl)

    def handle_pi(self, data):
        self._mark(data)

    def unknown_decl(self, data):
        self._mark(data)

    def text(self) -> str:
        chunks = self._chunks()
        lines: list[list] = [["", None, False]]
        for text, src, pre in chunks:
            for k, part in enumerate(text.split("\n")):
                if k:
                    lines.append(["", None, False])
                if part and lines[-1][1] is None:
                    lines[-1][1] = src + k
                lines[-1][0] += part
                lines[-1][2] |= pre
        out = []
        for text, src, pre in lines:
            # A line that held markup is laid out as a browser would: white space collapsed.
            if src is not None and src in self.markup_lines and not pre:
                text = _H_RUN_RE.sub(" ", text).strip(" ")
            out.append(text)
        return "\n".join(out)

    def _chunks(self) -> list[tuple[str, int, bool]]:
        """Text with breaks resolved: white space between blocks is layout, breaks merge."""
        items = self.items
        keep: list[tuple[str, Any, int]] = []
        for i, (kind, value, src) in enumerate(items):
            if kind == "text" and value and not value.strip():
                prev_break = not keep or keep[-1][0] == "break"
                next_break = i + 1 == len(items) or items[i + 1][0] == "break"
                if (prev_break or next_break) and (src in self.markup_lines or src + value.count("\n") in self.markup_lines):
                    continue
            keep.append((kind, value, src))
        chunks: list[tuple[str, int, bool]] = []
        pending, pending_src = 0, 0
        for kind, value, src in keep:
            if kind == "break":
                pending, pending_src = max(pending, value), src
                continue
            if pending and chunks:
                done = "".join(c[0] for c in chunks[-3:])
                have = len(done) - len(done.rstrip("\n"))
                if pending > have:
                    chunks.append(("\n" * (pending - have), pending_src, False))
            pending = 0
            chunks.append((value, src, kind == "pre"))
        if pending and chunks:
            chunks.append(("\n", pending_src, False))
        return chunks


class StripHtml(Filter):
    """Turn HTML residue into plain text: tags, comments, scripts and ad slots go; entities are decoded.

    >>> StripHtml()("<p>One &amp; two</p><script>x()</script><p>Three<br>four</p>")
    'One & two\\n\\nThree\\nfour\\n'
    >>> StripHtml()("if a < b and c > d, no tags here")
    'if a < b and c > d, no tags here'
    """

    rule = "html"
    guard_exempt = True  # markup is not text: the letters of tags are not a loss
    streams = False  # an element, a comment or a run of blank lines may span a stream's cut

    def __call__(self, text: str) -> str:
        if "<" not in text and "&" not in text or not _MARKUP_RE.search(text):
            return text
        parser = _TextExtractor()
        parser.feed(text)
        parser.close()
        raw = parser.text()
        # A line that held only tags leaves nothing; runs of such lines are one paragraph break.
        out = _BLANKS_RE.sub("\n\n", raw).strip("\n")
        return out + "\n" if out and (text.endswith("\n") or raw.endswith("\n")) else out
