"""Writing: the only module that changes anything on disk. Atomic in-place replacement and
output files under --output-dir, with Ctrl-C and SIGTERM held where an interruption could
leave a temporary file or half a file behind.
"""
from __future__ import annotations

import os
import re
import signal
import stat
from pathlib import Path

from cleantext.errors import InputError

TMP_SUFFIX = ".cleantext-tmp"
# ".NAME.PID.XXXXXXXX.cleantext-tmp": the writer's process id, so that a later run can tell a
# temporary file whose writer was killed (SIGKILL, a crash) from one still being written.
_TEMP_RE = re.compile(r"^\..*\.(\d+)\.[a-z0-9_]{8}" + re.escape(TMP_SUFFIX) + "$", re.DOTALL)
_SWEPT: set[str] = set()


def _temp_prefix(name: str) -> str:
    """``.NAME.PID.`` with NAME cut so that the whole temporary name fits in 255 bytes."""
    short = os.fsencode(name)[:160].decode("utf-8", "ignore") if len(os.fsencode(name)) > 160 else name
    return f".{short}.{os.getpid()}."


def remove_stale_temps(folder: str) -> None:
    """Remove our temporary files in ``folder`` whose writing process is gone (once per folder
    and process): another run's file in progress has a live process and stays."""
    if folder in _SWEPT:
        return
    _SWEPT.add(folder)
    try:
        names = [e.name for e in os.scandir(folder) if e.name.endswith(TMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        m = _TEMP_RE.match(name)
        if m is None or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
            continue
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


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

    def __init__(self, path: str | Path, expect: tuple[int, int | None] | None = None, durable: bool = True) -> None:
        self.path, self.expect, self.durable = path, expect, durable
        self.target = Path(os.path.realpath(path))
        import tempfile

        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            remove_stale_temps(str(self.target.parent))
            fd, self.tmp = tempfile.mkstemp(dir=self.target.parent, prefix=_temp_prefix(self.target.name), suffix=TMP_SUFFIX)
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


def _write_new(dest: str, data: bytes) -> None:
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
