"""Run a chain of filters over text, and record which filter changed what.

The pipeline owns line endings: in a CRLF text filters see ``\\n`` and CRLF comes back on
every line. A text that mixes endings is treated as LF, so only the whitespace filter's
trailing-space rule touches the stray CRs (it makes the file LF).
"""
from __future__ import annotations

import re
from collections import Counter
from cleantext._struct import dataclass, field
from pathlib import PurePath


@dataclass
class Result:
    text: str
    changed_by: list[str] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)
    # filter name -> 1-based line numbers (of the text that filter saw) it changed; --explain only
    lines: dict[str, list[int]] = field(default_factory=dict)
    # share of letters and digits removed by filters that delete text (see count_alnum)
    loss: float = 0.0


MAX_ROUNDS = 4
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates (from surrogateescape, or a plugin) as U+FFFD: valid UTF-8."""
    return _SURROGATE_RE.sub("\ufffd", text)


@dataclass
class Chunk:
    """Where a piece of text stands in its document, for streams cut between paragraphs."""

    newline: str = "\n"
    first: bool = True
    last: bool = True
    continues_line: bool = False  # cut inside a line (a paragraph too long to keep whole)
    state: dict = field(default_factory=dict)  # filters' memory from piece to piece
    guard: "_LossGuard | None" = None

    @property
    def partial(self) -> bool:
        return not (self.first and self.last)


class FilterError(Exception):
    """A filter failed on one input; the batch goes on without that input."""


class Pipeline:
    """An ordered chain of named filters.

    >>> from cleantext.filters.whitespace import NormalizeWhitespace
    >>> Pipeline([NormalizeWhitespace()]).run("a  \\r\\n\\r\\n\\r\\nb").text
    'a\\r\\n\\r\\nb\\r\\n'
    """

    def __init__(self, filters: Sequence[Callable[[str], str]]) -> None:
        self.filters = list(filters)
        # A filter may run as several steps (the guard treats each on its own).
        self.steps = [step for f in self.filters for step in (f.substeps() if hasattr(f, "substeps") else [f])]
        self._by_suffix: dict[str, Pipeline] = {}

    def for_path(self, path: PurePath | None) -> "Pipeline":
        """The chain as it applies to ``path`` (filters may have per-file-type variants)."""
        key = path.suffix.lower() if path is not None else ""
        if key not in self._by_suffix:
            variants = [f.for_path(path) if hasattr(f, "for_path") else f for f in self.filters]
            same = all(a is b for a, b in zip(variants, self.filters))
            self._by_suffix[key] = self if same else Pipeline(variants)
        return self._by_suffix[key]

    def for_records(self) -> "Pipeline":
        """The chain for the text field of dataset records (no final newline is added)."""
        if "records" not in self._by_suffix:
            variants = [f.for_record() if hasattr(f, "for_record") else f for f in self.filters]
            self._by_suffix["records"] = Pipeline(variants)
        return self._by_suffix["records"]

    def __call__(self, text: str) -> str:
        return self.run(text).text

    def run(self, text: str, explain: bool = False, chunk: "Chunk | None" = None) -> Result:
        """Clean ``text``: a whole document, or one piece of a stream (``chunk``).

        A stream is cut only between paragraphs, and each filter learns from ``chunk`` whether
        its piece starts or ends the document (and may carry state from one piece to the
        next), so the pieces give exactly the output of the whole.
        """
        chunk = chunk or Chunk(newline=newline_style(text))
        if chunk.newline == "\r\n":
            text = text.replace("\r\n", "\n")
        result = Result(text)
        steps = [s.for_chunk(chunk) if hasattr(s, "for_chunk") else s for s in self.steps] if chunk.partial else self.steps
        guard = chunk.guard if chunk.guard is not None else _LossGuard()
        guard.begin()
        # Filters can feed each other (removing a zero-width space can complete "donât"), so
        # the chain runs again until a round changes nothing: a second run of the command then
        # changes nothing either. Clean text pays for one round only. In a later round, a
        # filter declared idempotent that stands at or after the last one to change the text
        # is skipped while nothing has changed yet: its input is its own last output.
        last_changed = len(steps)
        for _ in range(MAX_ROUNDS):
            round_start, changed_at = result.text, -1
            for index, step in enumerate(steps):
                if changed_at < 0 and index >= last_changed and getattr(step, "idempotent", False):
                    continue
                before = result.text
                self._step(step, result, guard, explain)
                if result.text is not before and result.text != before:
                    changed_at = index
            if result.text == round_start:
                break
            last_changed = changed_at
        result.loss = guard.loss
        if chunk.newline == "\r\n":
            result.text = result.text.replace("\n", "\r\n")
        return result

    @staticmethod
    def _step(flt, result: Result, guard: "_LossGuard", explain: bool) -> None:
        before = result.text
        try:
            if hasattr(flt, "apply_counted"):
                after, counts = flt.apply_counted(before)
            else:
                after, counts = flt(before), Counter()
        except FilterError:
            raise
        except Exception as exc:  # a plugin's bug must not end the batch
            raise FilterError(f"filter {flt.name!r} failed: {type(exc).__name__}: {exc}") from exc
        if not isinstance(after, str):
            raise FilterError(f"filter {flt.name!r} returned {type(after).__name__}, not str")
        if after == before:
            return
        guard.step(before, after, getattr(flt, "guard_exempt", False))
        if flt.name not in result.changed_by:
            result.changed_by.append(flt.name)
        result.rules.update({f"{flt.name}:{k}": v for k, v in counts.items()})
        if explain:
            result.lines.setdefault(flt.name, [])
            result.lines[flt.name] = sorted(set(result.lines[flt.name]) | set(changed_lines(before, after)))
        result.text = after


class _LossGuard:
    """Counts the letters and digits that deleting filters remove (vetted repairs excluded),
    over a whole document or over all the pieces of a stream."""

    def __init__(self) -> None:
        self.base = 0  # letters and digits before the first counted step of each text
        self.lost = 0
        self.begin()

    def begin(self) -> None:
        self.count: int | None = None
        self.counted = False

    def step(self, before: str, after: str, exempt: bool) -> None:
        if exempt:
            self.count = None  # re-decoding "Ã©" as "é" drops a letter but loses no text
            return
        count = count_alnum(before) if self.count is None else self.count
        if not self.counted:
            self.base, self.counted = self.base + count, True
        self.count = count_alnum(after)
        self.lost += max(0, count - self.count)

    @property
    def loss(self) -> float:
        return self.lost / self.base if self.base else 0.0


_ASCII_ALNUM = str.maketrans("", "", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def count_alnum(text: str) -> int:
    """How many letters and digits ``text`` holds (the safety guard's measure of content).

    >>> count_alnum("Ab 1, é!")
    4
    """
    if text.isascii():
        return len(text) - len(text.translate(_ASCII_ALNUM))
    return sum(map(str.isalnum, text))


def newline_style(text: str) -> str:
    """CRLF when every line break is CRLF; otherwise LF (a stray CR is the whitespace filter's)."""
    if "\r" in text and text.count("\n") == text.count("\r\n") > 0:
        return "\r\n"
    return "\n"


def changed_lines(before: str, after: str) -> list[int]:
    """1-based numbers of the lines of ``before`` that were changed or deleted."""
    import difflib

    a, b = before.splitlines(), after.splitlines()
    out: list[int] = []
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            out.extend(range(i1 + 1, i2 + 1))
        elif tag == "insert":
            out.append(i1 + 1 if i1 < len(a) else max(len(a), 1))
    return sorted(set(out))
