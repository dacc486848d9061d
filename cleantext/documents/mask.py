"""A document with its protected parts replaced by placeholders no filter changes.

A placeholder is a run of ASCII letters (``QQZ`` + a nonce + ``Z`` + the part's number in
letters + ``Q``), so filters read it as a word: ftfy can still re-decode the line around it,
the lossy repairs see a word where code stood, and white space next to it is what the author
wrote. Newlines inside a protected part stay outside the placeholders, so every filter sees
the document's lines where they are.
"""
from __future__ import annotations

import re
import string

from cleantext.errors import InputError


class Mask:
    """``text`` with the character ranges ``spans`` (sorted, not overlapping; an empty range
    is a protected empty line) replaced by placeholders: :attr:`masked`; :meth:`restore` puts
    the parts back into a cleaned version of it."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.pieces: list[str] = []
        self.masked = text
        if not spans:
            return
        self.prefix = _free_prefix(text)
        out, pos = [], 0
        for start, end in spans:
            out.append(text[pos:start])
            if start == end:
                out.append(self._token(""))
            else:
                parts = text[start:end].split("\n")
                out.append("\n".join(self._token(p) if p else "" for p in parts))
            pos = end
        out.append(text[pos:])
        self.masked = "".join(out)

    @property
    def empty(self) -> bool:
        return not self.pieces

    def _token(self, piece: str) -> str:
        self.pieces.append(piece)
        return self.prefix + _letters(len(self.pieces) - 1) + "Q"

    def restore(self, cleaned: str, name: str) -> str:
        """``cleaned`` with the protected parts back; InputError if a filter removed, moved
        or repeated one of them (the document is then left as it was)."""
        if not self.pieces:
            return cleaned
        out, pos, expected = [], 0, 0
        for m in re.finditer(re.escape(self.prefix) + "([a-z]+)Q", cleaned):
            index = _number(m.group(1))
            if index != expected:
                line = cleaned.count("\n", 0, m.start()) + 1
                raise InputError(f"{name}: line {line}: cleaning would move or repeat a protected part; left unchanged")
            out.append(cleaned[pos : m.start()])
            out.append(self.pieces[index])
            pos, expected = m.end(), expected + 1
        if expected != len(self.pieces):
            raise InputError(f"{name}: cleaning would remove a protected part (code, a table, markup); left unchanged")
        out.append(cleaned[pos:])
        return "".join(out)


def line_spans(text: str, lines: set[int]) -> list[tuple[int, int]]:
    """The character ranges of the 0-based ``lines`` of ``text`` (without their newlines)."""
    spans, start = [], 0
    for number, line in enumerate(text.split("\n")):
        if number in lines:
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, with overlapping ranges joined (an empty range inside another goes)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1] or out and start == out[-1][1] and start == end:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _free_prefix(text: str) -> str:
    for nonce in ["", *string.ascii_uppercase]:
        prefix = f"QQZ{nonce}Z"
        if prefix not in text:
            return prefix
    raise InputError("the text holds every placeholder cleantext could use; left unchanged")


def _letters(n: int) -> str:
    """``n`` in base 26, written with a-z.

    >>> _letters(0), _letters(25), _letters(26), _number(_letters(12345))
    ('a', 'z', 'ba', 12345)
    """
    out = ""
    while True:
        out = chr(97 + n % 26) + out
        n //= 26
        if not n:
            return out


def _number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 97
    return n
