"""The cache of files known clean, as black keeps one: a re-run does not read them again.

One JSON file per cleantext version and effective configuration (the chain, every filter
option, the encoding, the guard's limits, the filters' own versions), in the user cache folder
(``$CLEANTEXT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleantext``, else ``~/.cache/cleantext``).
An entry is a file's absolute path -> (size, modification time, content hash), recorded when a
run found that very content clean. A file whose size and time match is skipped unread; one
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

ENV = "CLEANTEXT_CACHE_DIR"

Stamp = tuple[int, int, str]  # size, mtime_ns, content digest
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
        self.new: dict[str, Stamp] = {}

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

    def is_clean(self, path: str) -> str | None:
        """How ``path`` is known to hold content this configuration found clean: "cached"
        (size and time match: not read) or "same content" (read, hash matches); else None."""
        key = os.path.abspath(path)
        entry = self.entries.get(key)
        if not isinstance(entry, list) or len(entry) != 3:
            return None
        try:
            st = os.stat(key)
            if st.st_size != entry[0]:
                return None
            if st.st_mtime_ns == entry[1]:
                return "cached"
            with open(key, "rb") as f:  # touched, perhaps unchanged (a checkout, a copy)
                same = digest(f.read()) == entry[2]
        except (OSError, ValueError, TypeError):
            return None
        if not same:
            return None
        self.new[key] = (st.st_size, st.st_mtime_ns, entry[2])
        return "same content"

    def add(self, path: str, stamp: Stamp) -> None:
        """Record ``stamp`` for ``path``, unless its time is too recent to tell a later edit of
        the same size from it (file times tick coarsely: git calls such entries racy)."""
        import time

        if time.time_ns() - stamp[1] > RACY_NS:
            self.new[os.path.abspath(path)] = stamp

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
            current.update({k: list(v) for k, v in self.new.items()})
            fd, tmp = tempfile.mkstemp(prefix=".clean-", suffix=".tmp", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"entries": current}, f)
            os.replace(tmp, self.path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
