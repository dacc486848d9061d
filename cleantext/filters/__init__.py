"""The built-in filters, and the small protocol every filter follows.

A filter is a callable ``str -> str`` with no side effects. It sees text with ``\\n`` line
endings only (the pipeline converts CRLF and back), and it must be idempotent: cleaning
cleaned text changes nothing.

Filters that take options are classes: the keyword-only arguments of ``__init__`` are the
options a user sets in ``[tool.cleantext.<name>]``; each default's type is the type the
configuration must give. Optional hooks:

``for_path(path) -> Filter``
    a variant for one kind of file (whitespace keeps Markdown hard breaks in ``.md``).
``apply_counted(text) -> (str, Counter)``
    the cleaned text and how many times each named rule fired, for ``--stats``.
``substeps() -> list``
    the filter as several pipeline steps (ads: its vetted rules, then the user's patterns).
``idempotent = True``
    the filter alone is idempotent (a property test checks the built-ins), so the pipeline
    may skip re-running it on its own output.
``guard_exempt = True``
    the filter's changes are vetted repairs, not counted by the safety guard that refuses to
    write a file that lost too many of its letters (default False: counted).
"""
from __future__ import annotations

from collections import Counter
from pathlib import PurePath


class Filter:
    """Base class for filters with options. Subclasses set ``name`` and ``__call__``."""

    name: str = ""
    guard_exempt: bool = False
    idempotent: bool = False

    def __call__(self, text: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def for_path(self, path: PurePath | None) -> "Filter":
        return self

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        out = self(text)
        return out, Counter({self.name: 1} if out != text else {})

    def __repr__(self) -> str:
        return f"<filter {self.name}>"
