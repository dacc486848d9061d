"""Run a chain of filters over text, and record which filter changed what.

The pipeline owns line endings: in a CRLF text filters see ``\\n`` and CRLF comes back on
every line. A text that mixes endings is treated as LF, so only the whitespace filter's
trailing-space rule touches the stray CRs (it makes the file LF).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from cleantext.errors import FilterError
from cleantext.filters import Filter


@dataclass(slots=True)
class Result:
    text: str
    changed_by: list[str] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)
    # filter name -> 1-based line numbers of the input that it changed; --explain only
    lines: dict[str, list[int]] = field(default_factory=dict)
    # share of the content removed by filters that delete text (see LossGuard)
    loss: float = 0.0
    # --explain: for each line of ``text``, the 1-based line of the input it came from
    origin: list[int] | None = None
    # --explain: each step that changed the text: (filter, the rules it counted, the input's lines)
    steps: list[tuple[str, tuple[str, ...], list[int]]] = field(default_factory=list)


MAX_ROUNDS = 4


@dataclass
class Chunk:
    """Where a piece of text stands in its document, for streams cut between paragraphs."""

    newline: str = "\n"
    first: bool = True
    last: bool = True
    continues_line: bool = False  # cut inside a line (a paragraph too long to keep whole)
    state: dict = field(default_factory=dict)  # filters' memory from piece to piece
    guard: LossGuard | None = None

    @property
    def partial(self) -> bool:
        return not (self.first and self.last)


class Pipeline:
    """An ordered chain of filters, each with the name it was registered under.

    >>> from cleantext.filters.whitespace import NormalizeWhitespace
    >>> Pipeline([("whitespace", NormalizeWhitespace())]).run("a  \\r\\n\\r\\n\\r\\nb").text
    'a\\r\\n\\r\\nb\\r\\n'
    """

    def __init__(self, filters: Sequence[tuple[str, Filter]]) -> None:
        self.filters = list(filters)
        # A filter may run as several steps (the guard treats each on its own).
        self.steps = [(name, step) for name, f in self.filters for step in f.steps()]
        self._variants: dict[str, Pipeline] = {}

    def _variant(self, key: str, make: Callable[[Filter], Filter]) -> Pipeline:
        if key not in self._variants:
            variants = [(name, make(f)) for name, f in self.filters]
            same = all(a is b for (_, a), (_, b) in zip(variants, self.filters))
            self._variants[key] = self if same else Pipeline(variants)
        return self._variants[key]

    def for_path(self, path: PurePath | None) -> Pipeline:
        """The chain as it applies to ``path`` (filters may have per-file-type variants)."""
        key = path.suffix.lower() if path is not None else ""
        return self._variant(key, lambda f: f.for_path(path))

    def for_records(self) -> Pipeline:
        """The chain for the text field of dataset records (no final newline is added)."""
        return self._variant("records", lambda f: f.for_record())

    def __call__(self, text: str) -> str:
        return self.run(text).text

    def run(self, text: str, explain: bool = False, chunk: Chunk | None = None) -> Result:
        """Clean ``text``: a whole document, or one piece of a stream (``chunk``).

        A stream is cut only between paragraphs, and each filter learns from ``chunk`` whether
        its piece starts or ends the document (and may carry state from one piece to the
        next), so the pieces give exactly the output of the whole.
        """
        chunk = chunk or Chunk(newline=newline_style(text))
        if chunk.newline == "\r\n":
            text = text.replace("\r\n", "\n")
        result = Result(text)
        steps = [(name, s.for_chunk(chunk)) for name, s in self.steps] if chunk.partial else self.steps
        guard = chunk.guard if chunk.guard is not None else LossGuard()
        guard.begin()
        # Filters can feed each other (removing a zero-width space can complete "donât"), so
        # the chain runs again until a round changes nothing: a second run of the command then
        # changes nothing either. Clean text pays for one round only. In a later round, a
        # filter declared idempotent that stands at or after the last one to change the text
        # is skipped while nothing has changed yet: its input is its own last output.
        last_changed = len(steps)
        for _ in range(MAX_ROUNDS):
            round_start, changed_at = result.text, -1
            for index, (name, step) in enumerate(steps):
                if changed_at < 0 and index >= last_changed and step.idempotent:
                    continue
                before = result.text
                self._step(name, step, result, guard, explain)
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
    def _step(name: str, flt: Filter, result: Result, guard: LossGuard, explain: bool) -> None:
        before = result.text
        try:
            after, counts = flt.apply_counted(before)
        except FilterError:
            raise
        except Exception as exc:  # a plugin's bug must not end the batch
            raise FilterError(f"filter {name!r} failed: {type(exc).__name__}: {exc}") from exc
        if not isinstance(after, str):
            raise FilterError(f"filter {name!r} returned {type(after).__name__}, not str")
        if after == before:
            return
        guard.step(before, after, flt.guard_exempt)
        if name not in result.changed_by:
            result.changed_by.append(name)
        result.rules.update({f"{name}:{k}": v for k, v in counts.items()})
        if explain:
            if result.origin is None:
                result.origin = list(range(1, before.count("\n") + 2))
            changed, result.origin = changed_lines(before, after, result.origin)
            result.lines[name] = sorted(set(result.lines.get(name, [])) | set(changed))
            result.steps.append((name, tuple(f"{name}:{k}" for k, _ in counts.most_common()), changed))
        result.text = after


class LossGuard:
    """Counts the letters and digits, and the visible characters, that deleting filters remove
    (vetted repairs excluded), over a whole document or over all the pieces of a stream. The
    loss is the larger share: a file of emoji or an ASCII-art table has content too."""

    def __init__(self) -> None:
        self.base = (0, 0)  # (letters and digits, visible characters) before the first counted step
        self.lost = (0, 0)
        self.begin()

    def begin(self) -> None:
        self.count: tuple[int, int] | None = None
        self.counted = False

    def step(self, before: str, after: str, exempt: bool) -> None:
        if exempt:
            self.count = None  # re-decoding "Ã©" as "é" drops a letter but loses no text
            return
        count = count_content(before) if self.count is None else self.count
        if not self.counted:
            self.base, self.counted = (self.base[0] + count[0], self.base[1] + count[1]), True
        self.count = count_content(after)
        self.lost = tuple(lost + max(0, c - a) for lost, c, a in zip(self.lost, count, self.count, strict=True))  # type: ignore[assignment]

    def add(self, base: tuple[int, int], lost: tuple[int, int]) -> None:
        """Count another guard's (base, lost), as if it had counted here (a worker's piece)."""
        self.base = (self.base[0] + base[0], self.base[1] + base[1])
        self.lost = (self.lost[0] + lost[0], self.lost[1] + lost[1])

    @property
    def loss(self) -> float:
        return max(lost / base if base else 0.0 for lost, base in zip(self.lost, self.base, strict=True))


_ASCII_ALNUM = str.maketrans("", "", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def count_content(text: str) -> tuple[int, int]:
    """(letters and digits, visible characters) of ``text``: the safety guard's measures.

    >>> count_content("Ab 1, é! ★")
    (4, 7)
    """
    if text.isascii():
        return count_alnum(text), len(text.translate(_ASCII_SPACE))
    return count_alnum(text), sum(not c.isspace() for c in text)


_ASCII_SPACE = str.maketrans("", "", " \t\n\r\f\v")


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


def changed_lines(before: str, after: str, origin: list[int]) -> tuple[list[int], list[int]]:
    """The input's line numbers of the lines of ``before`` that were changed or deleted, and
    ``origin`` (the input's line number of each line of ``before``) carried over to ``after``.

    >>> changed_lines("a\\nb\\nc", "a\\nc!", [1, 4, 5])
    ([4, 5], [1, 4])
    """
    import difflib

    a, b = before.split("\n"), after.split("\n")
    out: list[int] = []
    carried: list[int] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            carried += origin[i1:i2]
            continue
        if tag in ("replace", "delete"):
            out += origin[i1:i2]
        else:  # lines inserted: counted at the line they stand before
            out.append(origin[min(i1, len(origin) - 1)])
        source = origin[i1:i2] or [origin[min(i1, len(origin) - 1)]]
        carried += [source[min(k, len(source) - 1)] for k in range(j2 - j1)]
    return sorted(set(out)), carried
