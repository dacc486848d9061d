"""The cache of files known clean, as black keeps one: a re-run does not read them again.

It also remembers what a --check found to change in a file (which filters and rules), so a
re-run of a plain --check, which needs no diff, skips those too.

One JSON file per cleantext version and effective configuration (the chain, every filter
option, the encoding, the guard's limits, the filters' own versions), in the user cache folder
(``$CLEANTEXT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleantext``, else ``~/.cache/cleantext``).
An entry is a file's absolute path -> (size, modification time, content hash, the filters
and rules that would change it: none when clean), recorded when a run checked that content. A file whose size and time match is skipped unread; one
whose time moved (a checkout) but whose content hash matches is skipped too. A file modified
in the last two seconds is not recorded: an edit of the same size within the file system's
clock tick would keep its time.

Parallel runs (pre-commit splits files over processes) each merge their entries into the
file at the end and replace it atomically: an entry can be lost, never corrupted, and a lost
entry costs one re-check.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cleantext.mode import Mode
from cleantext.report import Outcome, Status

ENV = "CLEANTEXT_CACHE_DIR"

Stamp = tuple[int, int, str]  # size, mtime_ns, content digest
Verdict = tuple[list[str], dict[str, int]]  # the filters and rules that would change a file
RACY_NS = 2_000_000_000


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def folder() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleantext"


def fingerprint(settings: Any) -> str:
    """What decides whether a text comes out unchanged: two runs that agree on it may share
    what they found clean."""
    from cleantext import __version__
    from cleantext.registry import versions

    key = [__version__, list(settings.chain), sorted((k, repr(v)) for k, v in settings.options.items()),
           settings.encoding, settings.max_loss, settings.force, settings.text_field, versions(settings.chain)]
    return hashlib.blake2b(json.dumps(key, default=repr).encode(), digest_size=12).hexdigest()


class Cache:
    """The entries of one configuration: looked up before a batch, added to after it."""

    def __init__(self, settings: Any, warn: Any) -> None:
        self.path = folder() / f"clean-{fingerprint(settings)}.json"
        self.entries = self._load(warn)
        self.new: dict[str, list] = {}

    def _load(self, warn: Any) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_bytes())
            entries = data["entries"]
            if not isinstance(entries, dict):
                raise ValueError("entries is not an object")
            return entries
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            warn(f"cache {self.path} unreadable ({type(exc).__name__}); ignored")
            return {}

    def lookup(self, path: str) -> tuple[str, Verdict] | None:
        """What an earlier run found of ``path``'s content, and how it is known: "cached" (size
        and time match: not read) or "same content" (read: the hash matches). Never raises."""
        key = os.path.abspath(path)
        entry = self.entries.get(key)
        if not isinstance(entry, list) or len(entry) != 5:
            return None
        try:
            st = os.stat(key)
            if st.st_size != entry[0]:
                return None
            verdict = (list(entry[3]), dict(entry[4]))
            if st.st_mtime_ns == entry[1]:
                return "cached", verdict
            with open(key, "rb") as f:  # touched, perhaps unchanged (a checkout, a copy)
                if digest(f.read()) != entry[2]:
                    return None
        except (OSError, ValueError, TypeError):
            return None
        self.new[key] = [st.st_size, st.st_mtime_ns, entry[2], *verdict]
        return "same content", verdict

    def add(self, path: str, stamp: Stamp, verdict: Verdict = ([], {})) -> None:
        """Record what a run found of the content ``stamp`` describes, unless its time is too
        recent to tell a later edit of the same size from it (file times tick coarsely: git
        calls such entries racy)."""
        import time

        if time.time_ns() - stamp[1] > RACY_NS:
            self.new[os.path.abspath(path)] = [*stamp, *verdict]

    def replay(self, source: Any, settings: Any) -> Outcome | None:
        """The outcome an earlier run found for ``source``, when this run may reuse it: a clean
        file always; a file to change only for a plain --check (no diff, findings or --explain)."""
        found = self.lookup(source.path)
        if found is None:
            return None
        how, (filters, rules) = found
        plain_check = settings.mode is Mode.CHECK and not settings.findings and not settings.explain
        if filters and not plain_check:
            return None
        status = Status.CHANGED if filters else Status.UNCHANGED
        return Outcome(source.display, status, message=how, filters=filters, rules=rules)

    def learn(self, path: str, outcome: Outcome, settings: Any) -> None:
        """Remember what this run found of ``path``: that it is clean, or (when nothing was
        written) what would change it."""
        if outcome.stamp is None or outcome.note or outcome.problems or outcome.status is Status.FAILED:
            self.forget(path)
        elif outcome.status is Status.UNCHANGED:
            self.add(path, outcome.stamp)
        elif settings.mode.check:
            self.add(path, outcome.stamp, (outcome.filters, outcome.rules))
        else:
            self.forget(path)

    def forget(self, path: str) -> None:
        key = os.path.abspath(path)
        self.entries.pop(key, None)
        self.new.pop(key, None)

    def save(self) -> None:
        """Merge what this run learnt into the file, atomically; a failure only costs re-checks."""
        if not self.new:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            current = self._load(lambda _: None)  # entries other runs wrote meanwhile
            current.update(self.new)
            fd, tmp = tempfile.mkstemp(prefix=".clean-", suffix=".tmp", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"entries": current}, f)
            os.replace(tmp, self.path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
