"""The built-in filters, and the protocol every filter follows: the :class:`Filter` class.

A filter turns text into text with no side effects. It sees text with ``\\n`` line endings
only (the pipeline converts CRLF and back), and it must be idempotent: cleaning cleaned text
changes nothing. Filters with options are classes whose keyword-only ``__init__`` arguments
are the options a user sets in ``[tool.cleantext.<name>]``; each default's type is the type
the configuration must give.

A plugin may be any callable ``str -> str``, or an object that has some of the methods and
attributes below: the registry wraps it once in a :class:`Filter` (:func:`as_filter`), so the
pipeline only ever sees this class. A filter's name is the one it is registered under: the
pipeline holds it, so a filter needs no name of its own.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

#: The key of a stream's ``Chunk.state`` that names the other keys whose values, as the pieces
#: before left them, the output of this piece depends on (see :func:`depends_on`). A stream
#: cleaned on several cores sends a piece off with the state known then; when one of those
#: values turns out to have been different, the piece is cleaned again, in order.
WANTED = "wanted"


def depends_on(state: dict, key: str) -> None:
    """Note in a stream's ``state`` that this piece's output depends on ``state[key]``."""
    state.setdefault(WANTED, set()).add(key)


class Filter:
    """Base class of every filter; override ``__call__`` and whichever hooks you need."""

    #: The filter alone is idempotent (tests/test_properties.py checks the built-ins), so
    #: the pipeline may skip re-running it on its own output.
    idempotent: bool = False
    #: The changes are vetted repairs, not counted by the safety guard that refuses to write
    #: a file that lost too many of its letters (--max-loss).
    guard_exempt: bool = False
    #: Piece by piece (given ``for_chunk``), the filter gives what it gives on the whole text,
    #: so an input too large to hold may be cleaned in pieces. A filter that reads the whole
    #: document (html: a script or a comment may run over any cut) sets this to False, and
    #: such an input is then refused, not cleaned differently.
    streams: bool = True
    #: The rule that ``apply_counted`` counts for each text it changes, when it counts none
    #: of its own (None: no rule).
    rule: str | None = None

    def __call__(self, text: str) -> str:
        raise NotImplementedError

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        """The cleaned text and how many times each named rule fired, for ``--stats``."""
        out = self(text)
        return out, Counter({self.rule: 1} if self.rule and out != text else {})

    def for_path(self, path: PurePath | None) -> Filter:
        """The variant for one kind of file (whitespace keeps Markdown hard breaks in ``.md``)."""
        return self

    def for_record(self) -> Filter:
        """The variant for the text field of a dataset record (no final newline is added)."""
        return self

    def for_chunk(self, chunk: Any) -> Filter:
        """The variant for one piece of a streamed input (a :class:`~cleantext.pipeline.Chunk`:
        whether it starts or ends the document, and a dict to carry state to the next piece)."""
        return self

    def steps(self) -> list[Filter]:
        """The filter as pipeline steps of its own, each guarded on its own (ads: the vetted
        rules, then the user's patterns)."""
        return [self]


class Wrapped(Filter):
    """A plugin that is not a :class:`Filter`: a function, or an object with some of the hooks."""

    def __init__(self, func: Callable[[str], str]) -> None:
        self.func = func
        self.__doc__ = func.__doc__
        self.idempotent = bool(getattr(func, "idempotent", False))
        self.guard_exempt = bool(getattr(func, "guard_exempt", False))
        self.streams = bool(getattr(func, "streams", True))
        self._counted = getattr(func, "apply_counted", None)
        self._for_path = getattr(func, "for_path", None)

    def __call__(self, text: str) -> str:
        return self.func(text)

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        if self._counted is None:
            return self.func(text), Counter()
        out, counts = self._counted(text)
        return out, Counter(counts)

    def for_path(self, path: PurePath | None) -> Filter:
        return self if self._for_path is None else as_filter(self._for_path(path))


def as_filter(obj: Callable[[str], str]) -> Filter:
    """``obj`` as a :class:`Filter` (itself, when it is one)."""
    return obj if isinstance(obj, Filter) else Wrapped(obj)
