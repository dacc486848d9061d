"""Per-file outcomes, the batch summary, and the exit code (decided in exactly one place)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Status(str, Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(slots=True)
class Outcome:
    name: str
    status: Status
    message: str = ""
    filters: list[str] = field(default_factory=list)
    rules: dict[str, int] = field(default_factory=dict)  # a plain dict: cheaper to unpickle than a Counter
    lines: dict[str, list[int]] = field(default_factory=dict)
    size: int = 0
    diff: str | None = None  # --diff
    note: str = ""  # informational (e.g. "decoded as cp1252, written as UTF-8")
    records: tuple[int, int, int] | None = None  # datasets: (seen, changed, failed) records
    problems: list[str] = field(default_factory=list)  # datasets: records kept as they were
    findings: list[dict[str, Any]] = field(default_factory=list)  # --output-format github|json|jsonl
    stamp: tuple[int, int, str] | None = None  # what was read: (size, mtime_ns, digest), for the cache

    def merge(self, result: Any, line_offset: int = 1, lines: bool = True) -> None:
        """Add what a pipeline :class:`~cleantext.pipeline.Result` says of one piece of this
        input (``line_offset``: the piece's first line in the input)."""
        for name in result.changed_by:
            if name not in self.filters:
                self.filters.append(name)
        for rule, n in result.rules.items():
            self.rules[rule] = self.rules.get(rule, 0) + n
        if lines:
            for name, numbers in result.lines.items():
                self.lines.setdefault(name, []).extend(n + line_offset - 1 for n in numbers)


@dataclass
class Report:
    check: bool = False  # --check or --diff: changes are a failure (exit 1)
    seen: int = 0
    bytes: int = 0
    counts: Counter = field(default_factory=Counter)
    filters: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    usage_error: bool = False
    records: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.seen += 1
        self.bytes += outcome.size
        self.counts[outcome.status.value] += 1
        if outcome.status is Status.CHANGED:  # Counter.update is slow on small inputs
            filters, rules = self.filters, self.rules
            for name in outcome.filters:
                filters[name] += 1
            for rule, n in outcome.rules.items():
                rules[rule] += n
        if outcome.status is Status.FAILED:
            self.problems.append(outcome.message)
        if outcome.records is not None:
            self.records.update(dict(zip(("seen", "changed", "failed"), outcome.records)))
        self.problems.extend(outcome.problems)

    def fail(self, message: str) -> None:
        """A problem with no file to count (a path that does not exist)."""
        self.counts[Status.FAILED.value] += 1
        self.problems.append(message)

    @property
    def exit_code(self) -> int:
        """0 success; 1 --check/--diff found changes; 2 usage error or an input that failed."""
        if self.usage_error or self.counts[Status.FAILED.value] or self.records["failed"]:
            return 2
        if self.check and self.counts[Status.CHANGED.value]:
            return 1
        return 0

    def summary(self, verb: str) -> str:
        c = self.counts
        parts = [f"{self.seen} file{'s' if self.seen != 1 else ''} seen", f"{c['changed']} {verb}"]
        parts += [f"{c['unchanged']} unchanged"]
        if c["failed"]:
            parts.append(f"{c['failed']} failed")
        if c["skipped"]:
            parts.append(f"{c['skipped']} skipped")
        if self.records:
            r = self.records
            parts.append(f"records: {r['seen']} seen, {r['changed']} changed, {r['failed']} kept as they were")
        return ", ".join(parts)

    def stats_lines(self) -> list[str]:
        lines = [f"  {name}: changed {n} file{'s' if n != 1 else ''}" for name, n in sorted(self.filters.items())]
        lines += [f"    {rule}: {n}" for rule, n in sorted(self.rules.items())]
        return lines

    def to_json(self, seconds: float) -> str:
        import json

        return json.dumps(
            {
                "files": {"seen": self.seen, **{s.value: self.counts[s.value] for s in Status}},
                "records": {k: self.records[k] for k in ("seen", "changed", "failed")},
                "bytes": self.bytes,
                "seconds": round(seconds, 3),
                "filters": dict(sorted(self.filters.items())),
                "rules": dict(sorted(self.rules.items())),
                "problems": self.problems,
                "exit_code": self.exit_code,
            },
            indent=2,
        )
