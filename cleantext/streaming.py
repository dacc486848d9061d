"""Large inputs in bounded memory: cut the text between paragraphs, clean piece by piece.

A piece ends after a run of blank lines and the next starts on a visible character, so each
paragraph — the widest context any built-in filter looks at — stays whole, and the pieces
give exactly the output of cleaning the whole text. Only a paragraph longer than ``LIMIT``
characters is cut inside (at a line end, else before a space run), where a repair that
spans the cut can be missed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

TARGET = 1 << 20  # characters per piece, at least (but for the last)
LIMIT = 8 << 20  # a paragraph longer than this is cut inside
_BOUNDARY_RE = re.compile("\n[ \t\r]*\n(?=[^\\s\u200b\u2060\ufeff\u00ad])")


def split_pieces(blocks: Iterable[str], target: int = TARGET, limit: int = LIMIT) -> Iterator[tuple[str, bool, bool]]:
    """Yield (piece, continues_line, last) from decoded blocks of text.

    >>> [p for p, _, _ in split_pieces(["one\\n\\ntwo\\n\\nthree\\n"], target=4)]
    ['one\\n\\n', 'two\\n\\n', 'three\\n']
    """
    pending: tuple[str, bool] | None = None
    for piece, cont in _pieces(blocks, target, limit):
        if not piece and pending is not None:
            continue  # the text ended at a cut: the piece before it is the last
        if pending is not None:
            yield pending[0], pending[1], False
        pending = (piece, cont)
    if pending is not None:
        yield pending[0], pending[1], True
    else:
        yield "", False, True


def _pieces(blocks: Iterable[str], target: int, limit: int) -> Iterator[tuple[str, bool]]:
    buf, cont, searched = "", False, 0
    for block in blocks:
        buf += block
        while len(buf) > target:
            m = _BOUNDARY_RE.search(buf, max(target, searched) - 1)
            if m is not None and m.end() < len(buf):
                yield buf[: m.end()], cont
                buf, cont, searched = buf[m.end() :], False, 0
                continue
            searched = max(len(buf) - 8, 0)  # a boundary may still straddle the next block
            if len(buf) < limit:
                break
            cut, inside = _forced_cut(buf, limit)
            yield buf[:cut], cont
            buf, cont, searched = buf[cut:], inside, 0
    yield buf, cont


def _forced_cut(buf: str, limit: int) -> tuple[int, bool]:
    """Where to cut a paragraph longer than ``limit``: after a line, else before a space run."""
    nl = buf.rfind("\n", 0, limit)
    if nl >= 0:
        return nl + 1, False
    window = buf[max(0, limit - 65536) : limit]
    m = None
    for m in re.finditer(r"\S(?=[ \t])", window):
        pass
    if m is not None:
        return max(0, limit - 65536) + m.end(), True
    return limit, True
