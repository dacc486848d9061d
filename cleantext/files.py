"""Everything that touches the disk: finding inputs, reading and decoding, atomic writes.

Nothing here knows about filters; the rest of cleantext works on strings.
"""
from __future__ import annotations

import codecs
import os
import signal
import stat
from cleantext._struct import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_INCLUDE = ["*.txt", "*.text", "*.md", "*.markdown", "*.rst", "*.adoc", "*.org", "*.jsonl", "*.jsonl.gz", "*.parquet"]
DEFAULT_EXCLUDE = [
    ".git", ".hg", ".svn", ".bzr", "_darcs", ".venv", "venv", ".tox", ".nox", "node_modules",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis",
]
TMP_SUFFIX = ".cleantext-tmp"


class InputError(Exception):
    """An input that cannot be processed; the message names the file and says why."""


@dataclass(frozen=True)
class Source:
    """One input: a file (``path``) or stdin (``path`` None); ``rel`` is its name under --output-dir
    ('/'-separated, relative).

    Plain strings: a folder of a million files makes a million of these before any cleaning
    starts, and two pathlib objects per file cost that walk more than everything else in it."""

    path: str | None
    rel: str
    display: str
    explicit: bool = True
    passthrough: bool = False  # stdin named as an excluded file (--force-exclude): echo it as is
    remote: bool = False  # a filesystem URL (display), read by the Ray engine's workers

    @property
    def is_stdin(self) -> bool:
        return self.path is None and not self.remote


@dataclass
class Decoded:
    text: str
    bom: bool
    encoding: str
    size: int
    mtime_ns: int | None


# ---------------------------------------------------------------- discovery


_MATCHERS: dict[tuple[str, ...], tuple] = {}


def _matcher(patterns: list[str]) -> tuple:
    """(name regex, path regex) for glob patterns, compiled once."""
    key = tuple(patterns)
    if key not in _MATCHERS:
        import fnmatch
        import re

        names = [fnmatch.translate(p.rstrip("/")) for p in patterns if "/" not in p.rstrip("/")]
        paths = [fnmatch.translate(p.rstrip("/").lstrip("/")) for p in patterns if "/" in p.rstrip("/")]
        # a path pattern also matches everything below what it matches (a folder)
        paths = [f"(?:{p[4:-3]})(?:/.*)?\\Z" if p.startswith("(?s:") else p for p in paths]
        _MATCHERS[key] = (
            re.compile("|".join(names)) if names else None,
            re.compile("(?s:" + "|".join(paths) + ")") if paths else None,
        )
    return _MATCHERS[key]


def _matches(rel: PurePosixPath, patterns: list[str]) -> bool:
    """A pattern without '/' matches a name at any depth; with '/' it matches the relative path
    (or a folder above it)."""
    if not patterns:
        return False
    names, paths = _matcher(patterns)
    return any(_hit(names, part) for part in rel.parts) or _hit(paths, rel.as_posix())


def _hit(pattern, text: str) -> bool:
    """Whether a compiled matcher (None: no patterns of that kind) matches ``text``."""
    return pattern is not None and pattern.match(text) is not None


@dataclass
class Selection:
    include: list[str]
    exclude: list[str]
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
            excluded = bool(stdin_filename) and sel.force_exclude and _matches(PurePosixPath(stdin_filename), sel.exclude)
            rel = Path(name).name if stdin_filename else "stdin.txt"
            sources.append(Source(None, rel, name, passthrough=excluded))
            continue
        path = Path(arg)
        if not os.path.lexists(path) and any(c in arg for c in "*?["):
            import glob

            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                notes.append(f"{arg}: no file matches this pattern")
            for m in matches:
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
    if sel.force_exclude and _matches(PurePosixPath(path.as_posix()), sel.exclude):
        return
    if not explicit and not _matches(PurePosixPath(path.name), sel.include):
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
    included_name, included_path = _matcher(sel.include)
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
            # _matches(rel, sel.exclude), knowing that the folders above passed it on the way down
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
            # _matches(PurePosixPath(name), sel.include)
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


# ---------------------------------------------------------------- reading


def decode(data: bytes, name: str, encoding: str = "utf-8") -> tuple[str, bool, str]:
    """(text, had_bom, encoding used) or InputError naming ``name``."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{name}: binary file (NUL byte at offset {nul}); skipped")
    bom = data.startswith(codecs.BOM_UTF8)
    if encoding == "auto":
        encoding = _detect(data)
    try:
        if _is_utf8(encoding):
            return data[3:].decode("utf-8") if bom else data.decode("utf-8"), bom, "utf-8"
        return data.decode(encoding), False, encoding
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if bom else 0)
        raise InputError(
            f"{name}: not valid {encoding} (byte 0x{data[offset]:02x} at offset {offset}); "
            "use --encoding NAME or --encoding auto"
        ) from None
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None


def _is_utf8(encoding: str) -> bool:
    """UTF-8 under any of its spellings (utf8, UTF-8, utf_8, utf-8-sig): the BOM is ours to keep."""
    return encoding.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig")


def _detect(data: bytes) -> str:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        raise InputError("--encoding auto needs charset-normalizer: pip install 'cleantext[detect]'") from None
    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot detect the encoding")
    return best.encoding


STREAM_THRESHOLD = 32 * 2**20  # inputs larger than this are cleaned in pieces, in bounded memory
BLOCK = 2 * 2**20


@dataclass
class Opened:
    """An input ready to decode: whole bytes (small) or a file to read in blocks (large)."""

    name: str
    size: int
    mtime_ns: int | None
    data: bytes | None = None
    path: str | None = None
    spool: bool = False  # path is our temporary copy of stdin
    newline: str = "\n"  # large inputs: CRLF when every line break is CRLF (as for small ones)

    def close(self) -> None:
        if self.spool and self.path:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def open_input(source: Source, stdin=None) -> Opened:
    """Open one input; a large one (or a long stdin, spooled to a temporary file) is left on disk."""
    name = source.display
    if source.is_stdin:
        return _open_stdin(name, stdin or _stdin_bytes())
    try:
        fd = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{name}: not a regular file; skipped")
        if st.st_size > STREAM_THRESHOLD:
            newline = _scan_newlines(fd)
            return Opened(name, st.st_size, st.st_mtime_ns, path=str(source.path), newline=newline)
        data = _read_all(fd, st.st_size)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return Opened(name, st.st_size, st.st_mtime_ns, data=data)


def _read_all(fd: int, size: int) -> bytes:
    """Everything ``fd`` holds (a file that grew since its stat too): raw reads, no buffered
    file object to build per file."""
    parts = [os.read(fd, size + 1)]
    while parts[-1]:
        parts.append(os.read(fd, max(size, 1 << 16)))
    return b"".join(parts)


def _open_stdin(name: str, stream) -> Opened:
    head = stream.read(STREAM_THRESHOLD + 1)
    if len(head) <= STREAM_THRESHOLD:
        return Opened(name, len(head), None, data=head)
    import tempfile

    fd, path = tempfile.mkstemp(prefix="cleantext-stdin-")
    newlines, size = _NewlineCount(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            block = head
            while block:
                out.write(block)
                size += len(block)
                newlines.feed(block)
                block = stream.read(BLOCK)
    except BaseException:
        os.unlink(path)
        raise
    return Opened(name, size, None, path=path, spool=True, newline=newlines.style)


def _scan_newlines(fd: int) -> str:
    newlines = _NewlineCount()
    for block in iter(lambda: os.read(fd, BLOCK), b""):
        newlines.feed(block)
    os.lseek(fd, 0, os.SEEK_SET)
    return newlines.style


class _NewlineCount:
    """Counts LF and CRLF over blocks (a CRLF may straddle two), as newline_style does on text."""

    def __init__(self) -> None:
        self.lf = self.crlf = 0
        self.prev = b""

    def feed(self, block: bytes) -> None:
        self.lf += block.count(b"\n")
        self.crlf += block.count(b"\r\n") + (self.prev == b"\r" and block[:1] == b"\n")
        self.prev = block[-1:]

    @property
    def style(self) -> str:
        return "\r\n" if self.crlf and self.crlf == self.lf else "\n"


class BlockDecoder:
    """Decodes a large input block by block; errors name the file and the byte offset."""

    def __init__(self, opened: Opened, encoding: str) -> None:
        self.opened, self.bom = opened, False
        with open(opened.path, "rb") as fh:
            sample = fh.read(BLOCK)
        self.encoding = _detect(sample) if encoding == "auto" else encoding
        if _is_utf8(self.encoding):
            self.encoding = "utf-8"
        try:
            self._decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        except LookupError:
            raise InputError(f"{opened.name}: unknown encoding {encoding!r}") from None

    def blocks(self):
        offset = 0
        with open(self.opened.path, "rb") as fh:
            while True:
                data = fh.read(BLOCK)
                final = not data
                nul = data.find(b"\0")
                if nul >= 0:
                    raise InputError(f"{self.opened.name}: binary file (NUL byte at offset {offset + nul}); skipped")
                if offset == 0 and self.encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
                    self.bom, data, offset = True, data[3:], 3
                try:
                    text = self._decoder.decode(data, final=final)
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"{self.opened.name}: not valid {self.encoding} (at offset {offset + exc.start}); "
                        "use --encoding NAME or --encoding auto"
                    ) from None
                offset += len(data)
                if text:
                    yield text
                if final:
                    return


def _stdin_bytes():
    import sys

    return sys.stdin.buffer


def encode(text: str, bom: bool) -> bytes:
    """UTF-8 bytes; a lone surrogate (only a plugin can make one) becomes U+FFFD."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        from cleantext.pipeline import without_surrogates

        data = without_surrogates(text).encode("utf-8")
    return (codecs.BOM_UTF8 if bom else b"") + data


# ---------------------------------------------------------------- writing


def unchanged_since(path: Path, size: int, mtime_ns: int | None) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_size == size and st.st_mtime_ns == mtime_ns


_SIGNALS = {signal.SIGINT, signal.SIGTERM}
LIVE_TEMPS: set[str] = set()  # temporary files not yet renamed or removed
_UMASK: list[int] = []


def _umask() -> int:
    if not _UMASK:
        _UMASK.append(os.umask(0))
        os.umask(_UMASK[0])
    return _UMASK[0]


class AtomicWriter:
    """Replaces ``path``'s content all at once: a temporary file in the same folder, then rename.

    A symlink is written through (its target is replaced, the link stays); the file's
    permission bits (and owner, where allowed) are kept. With ``expect`` (size, mtime_ns), a
    file that moved since it was read is not overwritten. Ctrl-C or SIGTERM cannot leave the
    temporary file behind: they are held while it is created and while it is renamed.
    """

    def __init__(self, path: Path, expect: tuple[int, int | None] | None = None, durable: bool = True) -> None:
        self.path, self.expect, self.durable = path, expect, durable
        self.target = Path(os.path.realpath(path))
        import tempfile

        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            fd, self.tmp = tempfile.mkstemp(dir=self.target.parent, prefix="." + self.target.name + ".", suffix=TMP_SUFFIX)
            self.fh = os.fdopen(fd, "wb")
            LIVE_TEMPS.add(self.tmp)  # removed by remove_live_temps() if Ctrl-C lands in between
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def write(self, data: bytes) -> None:
        try:
            self.fh.write(data)
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            self.fh.flush()
            if self.durable:  # an in-place write replaces the only copy: on disk before the rename
                os.fsync(self.fh.fileno())
            self.fh.close()
            try:
                st = os.stat(self.target)
            except FileNotFoundError:
                st = None
            if self.expect and self.expect[1] is not None and not unchanged_since(self.target, *self.expect):
                raise InputError(f"{self.path}: changed on disk while it was being cleaned; not overwritten")
            if st is not None:
                os.chmod(self.tmp, stat.S_IMODE(st.st_mode))
                try:
                    os.chown(self.tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
            else:
                os.chmod(self.tmp, 0o666 & ~_umask())
            os.replace(self.tmp, self.target)
            LIVE_TEMPS.discard(self.tmp)
        except BaseException:
            self.discard()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass
        LIVE_TEMPS.discard(self.tmp)


def write_atomic(path: str | Path, data: bytes, expect: tuple[int, int | None] | None = None, durable: bool = True) -> None:
    """Replace ``path``'s content with ``data`` atomically (see AtomicWriter), with Ctrl-C and
    SIGTERM held throughout: the whole write is short, and then no moment is left between
    creating the temporary file and renaming it where an interruption could strand it."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        writer = AtomicWriter(path, expect, durable)
        writer.write(data)
        writer.commit()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def remove_live_temps() -> None:
    """Remove temporary files of writes an interruption cut short (streamed large files)."""
    for tmp in list(LIVE_TEMPS):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        LIVE_TEMPS.discard(tmp)


_CHECKED_DIRS: dict[str, bool] = {}


def output_path(out_root: str, rel: str) -> str:
    """``out_root/rel``, refused if it would leave ``out_root`` (``..``, a symlink).

    Plain strings: this runs once per file of a batch, and pathlib objects cost it more than
    the checks."""
    if rel.startswith("/") or ".." in rel.split("/"):
        raise InputError(f"{rel}: output path would leave the output folder")
    dest = os.path.join(out_root, rel)
    parent = os.path.abspath(os.path.dirname(dest))  # absolute: the working folder may change
    if parent not in _CHECKED_DIRS:  # each folder is made and checked once per process
        os.makedirs(parent, exist_ok=True)
        real_root = os.path.realpath(out_root)
        _CHECKED_DIRS[parent] = os.path.commonpath([real_root, os.path.realpath(parent)]) == real_root
    if not _CHECKED_DIRS[parent]:
        raise InputError(f"{dest}: output path would leave the output folder (symlink)")
    return dest


def write_output(out_root: str, rel: str, data: bytes) -> str:
    """Write ``data`` to ``out_root/rel`` unless that file already holds exactly ``data``."""
    dest = output_path(out_root, rel)
    try:
        _write_new(dest, data)  # a fresh output folder: nothing there yet, one system call
        return dest
    except FileExistsError:
        pass
    try:
        st = os.lstat(dest)
    except FileNotFoundError:  # removed meanwhile
        st = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise InputError(f"{dest}: output path is a symlink; not written")
        if st.st_size == len(data):
            with open(dest, "rb") as fh:
                if fh.read() == data:
                    return dest
        write_atomic(dest, data, durable=False)  # a copy: the input stays, so no fsync per file
        return dest
    _write_new(dest, data)
    return dest


def _write_new(dest: Path, data: bytes) -> None:
    """Create ``dest`` (it must not exist) holding ``data``: one file creation instead of a
    temporary file and a rename, which halves the cost of filling an output folder. Signals
    are held meanwhile, so an interrupted batch leaves no half-written output."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except BaseException:
            os.close(fd)
            os.unlink(dest)
            raise
        os.close(fd)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
