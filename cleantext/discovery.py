"""Finding the inputs: files, folders walked in sorted order, globs, stdin; includes, excludes, .gitignore.

Nothing here reads a file's content; :mod:`cleantext.textio` does.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cleantext.options import DEFAULT_EXCLUDE, DEFAULT_INCLUDE

__all__ = ["DEFAULT_EXCLUDE", "DEFAULT_INCLUDE", "Selection", "Source", "discover"]


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file (``path``) or stdin (``path`` None); ``rel`` is its name under --output-dir
    ('/'-separated, relative).

    Plain strings: a folder of a million files makes a million of these before any cleaning
    starts, and pathlib objects would cost that walk more than everything else in it."""

    path: str | None
    rel: str
    display: str
    explicit: bool = True
    passthrough: bool = False  # stdin named as an excluded file (--force-exclude): echo it as is
    remote: bool = False  # a filesystem URL (display), read by the Ray engine's workers

    @property
    def is_stdin(self) -> bool:
        return self.path is None and not self.remote


_MATCHERS: dict[tuple[str, ...], tuple] = {}


def _matcher(patterns: tuple[str, ...] | list[str], fold: bool = False) -> tuple:
    """(name regex, path regex) for glob patterns, compiled once; ``fold``: ignoring case
    (the include patterns: ``*.md`` takes ``README.MD``)."""
    key = (*patterns, fold)
    if key not in _MATCHERS:
        import fnmatch
        import re

        names = [fnmatch.translate(p.rstrip("/")) for p in patterns if "/" not in p.rstrip("/")]
        paths = [fnmatch.translate(p.rstrip("/").lstrip("/")) for p in patterns if "/" in p.rstrip("/")]
        # a path pattern also matches everything below what it matches (a folder)
        paths = [f"(?:{p[4:-3]})(?:/.*)?\\Z" if p.startswith("(?s:") else p for p in paths]
        flags = re.IGNORECASE if fold else 0
        _MATCHERS[key] = (
            re.compile("|".join(names), flags) if names else None,
            re.compile("(?s:" + "|".join(paths) + ")", flags) if paths else None,
        )
    return _MATCHERS[key]


def matches(rel: PurePosixPath, patterns: tuple[str, ...] | list[str], fold: bool = False) -> bool:
    """A pattern without '/' matches a name at any depth; with '/' it matches the relative path
    (or a folder above it)."""
    if not patterns:
        return False
    names, paths = _matcher(patterns, fold)
    return any(_hit(names, part) for part in rel.parts) or _hit(paths, rel.as_posix())


def _hit(pattern, text: str) -> bool:
    """Whether a compiled matcher (None: no patterns of that kind) matches ``text``."""
    return pattern is not None and pattern.match(text) is not None




@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    force_exclude: bool = False
    respect_gitignore: bool = True
    skip_under: Path | None = None  # the --output-dir: never read our own output


def discover(paths: list[str], sel: Selection, stdin_filename: str | None, notes: list[str]) -> list[Source]:
    """The inputs named by ``paths`` in a stable order; folders are walked, globs expanded.

    Problems (a path that does not exist) are raised as InputError per path through ``notes``:
    the returned list holds what can be tried, ``notes`` one message per path that cannot.
    """
    sources: list[Source] = []
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            name = stdin_filename or "-"
            excluded = bool(stdin_filename and sel.force_exclude and matches(PurePosixPath(stdin_filename), sel.exclude))
            rel = Path(name).name if stdin_filename else "stdin.txt"
            sources.append(Source(None, rel, name, passthrough=excluded))
            continue
        path = Path(arg)
        if not os.path.lexists(path) and any(c in arg for c in "*?["):
            import glob

            found = sorted(glob.glob(arg, recursive=True))
            if not found:
                notes.append(f"{arg}: no file matches this pattern")
            for m in found:
                _add(Path(m), sel, sources, seen, notes, explicit=False)
            continue
        _add(path, sel, sources, seen, notes, explicit=True)
    return sources


def _add(path: Path, sel: Selection, sources: list, seen: set, notes: list, explicit: bool) -> None:
    if not os.path.lexists(path):
        notes.append(f"{path}: no such file or folder")
        return
    if path.is_dir():
        _walk(path, sel, sources, seen, notes)
        return
    if sel.force_exclude and matches(PurePosixPath(path.as_posix()), sel.exclude):
        return
    if not explicit and not matches(PurePosixPath(path.name), sel.include, fold=True):
        return
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        sources.append(Source(str(path), path.name, str(path), explicit=True))


def _walk(root: Path, sel: Selection, sources: list, seen: set, notes: list) -> None:
    # Names and relative paths stay strings until a file is kept: the walk runs before any
    # cleaning starts, and pathlib objects per entry cost it three times as much.
    found: list[tuple[tuple[str, ...], str, str]] = []  # (sort key, relative path, full path)
    skip = os.path.realpath(sel.skip_under) if sel.skip_under else None
    real_root = os.path.realpath(root)
    included_name, included_path = _matcher(sel.include, fold=True)
    excluded_name, excluded_path = _matcher(sel.exclude)
    stack = [(str(root), "")]
    while stack:
        folder, base = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            notes.append(f"{folder}: cannot read folder: {exc.strerror}")
            continue
        subdirs = []
        for entry in entries:
            name = entry.name
            rel = f"{base}/{name}" if base else name
            # matches(rel, sel.exclude), knowing that the folders above passed it on the way down
            out = _hit(excluded_name, name) or _hit(excluded_path, rel)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not out and not (skip and os.path.realpath(entry.path) == skip):
                        subdirs.append((entry.path, rel))
                    continue
                # symlinks, FIFOs, sockets and devices are not walked into
                if not entry.is_file(follow_symlinks=False):
                    continue
            except OSError as exc:
                notes.append(f"{entry.path}: cannot read: {exc.strerror}")
                continue
            # matches(PurePosixPath(name), sel.include)
            if not out and (_hit(included_name, name) or _hit(included_path, name)):
                found.append((tuple(rel.split("/")), rel, entry.path))
        stack.extend(reversed(subdirs))
    found.sort()
    if sel.respect_gitignore and found:
        ignored = _git_ignored(root, [rel for _, rel, _ in found])
        found = [item for item in found if item[1] not in ignored]
    prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
    for _, rel, full in found:
        key = prefix + rel.replace("/", os.sep)  # os.path.join(real_root, *parts), at a third of the cost
        if key not in seen:
            seen.add(key)
            sources.append(Source(full, rel, full, explicit=False))


def _git_ignored(root: Path, rels: list[str]) -> set[str]:
    """Of the paths relative to ``root``, those git ignores (none when git is missing or
    ``root`` is not in a repository)."""
    if not _maybe_in_repository(root):
        return set()  # asking git would cost a process start for nothing
    import subprocess

    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "check-ignore", "--stdin", "-z", "--no-index"],
            input=b"".join(os.fsencode(rel) + b"\0" for rel in rels),
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):
        return set()
    return {os.fsdecode(p) for p in proc.stdout.split(b"\0") if p}


def _maybe_in_repository(root: Path) -> bool:
    """False when no folder from ``root`` up holds a ``.git`` and git's environment does not
    name a repository elsewhere: then git ignores nothing here."""
    if any(os.environ.get(v) for v in ("GIT_DIR", "GIT_WORK_TREE")):
        return True
    folder = os.path.realpath(root)
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent

