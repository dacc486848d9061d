"""What a run does with each cleaned input: one :class:`Mode`, built once from the options,
and the :class:`Settings` that every worker process gets."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from cleantext.errors import UsageError


class Mode(enum.Enum):
    STDOUT = "stdout"  # the cleaned text to stdout
    IN_PLACE = "in-place"
    OUTPUT_DIR = "output-dir"
    CHECK = "check"  # write nothing; say which files would change
    DIFF = "diff"  # write nothing; print a unified diff (--diff, with or without --check)
    COLOR_DIFF = "color-diff"

    @classmethod
    def from_options(cls, in_place: bool, output_dir: str | None, diff: bool, check: bool, color: bool) -> Mode:
        """The mode the options ask for; UsageError when they contradict each other.

        >>> Mode.from_options(False, None, True, True, False)
        <Mode.DIFF: 'diff'>
        """
        if in_place and output_dir:
            raise UsageError("--in-place and --output-dir exclude each other")
        if (diff or check) and (in_place or output_dir):
            raise UsageError("--diff and --check write nothing; drop --in-place/--output-dir")
        if diff:
            return cls.COLOR_DIFF if color else cls.DIFF
        if check:
            return cls.CHECK
        return cls.IN_PLACE if in_place else cls.OUTPUT_DIR if output_dir else cls.STDOUT

    @property
    def diff(self) -> bool:
        return self in (Mode.DIFF, Mode.COLOR_DIFF)

    @property
    def check(self) -> bool:
        """Writes nothing, and a change is a finding (exit 1)."""
        return self in (Mode.CHECK, Mode.DIFF, Mode.COLOR_DIFF)


@dataclass(frozen=True)
class Settings:
    """How to clean one input, the same in every process."""

    mode: Mode
    chain: tuple[str, ...]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    output_dir: str | None = None
    encoding: str = "utf-8"
    max_loss: float = 0.2
    force: bool = False
    explain: bool = False
    output_format: str = "text"  # github, json, jsonl: say where each change is (findings)
    stdin_filename: str | None = None
    cache: bool = False  # a file found clean is stamped for the cache of files known clean
    text_field: str = "text"

    @property
    def findings(self) -> bool:
        return self.output_format != "text"
