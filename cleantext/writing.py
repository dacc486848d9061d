"""Writing: the only module that changes anything on disk (with ``temps``, which sweeps away
the temporary files of dead writers). Atomic in-place replacement and output files under
--output-dir, with Ctrl-C and SIGTERM held where an interruption could leave a temporary file
or half a file behind.
"""
from __future__ import annotations

import os
import signal
import stat
from typing import NamedTuple

from cleantext.errors import InputError
from cleantext.temps import TMP_SUFFIX, remove_stale_temps, temp_prefix

__all__ = ["TMP_SUFFIX", "AtomicWriter", "Read", "in_place", "remove_live_temps", "write_output"]

class Read(NamedTuple):
    """What an input was when it was read, and the descriptor it was read through: checked
    again right before the cleaned text replaces it."""

    size: int
    mtime_ns: int | None
    dev: int
    ino: int
    fd: int | None

    def check(self, now: os.stat_result | None, display: str) -> None:
        """InputError unless the name still holds the very file read, unchanged (asked of the
        descriptor too: a writer appending to the file since is seen there)."""
        same_file = now is not None and stat.S_ISREG(now.st_mode) and (now.st_dev, now.st_ino) == (self.dev, self.ino)
        held = os.fstat(self.fd) if self.fd is not None and same_file else now
        if not same_file or held is None or (held.st_size, held.st_mtime_ns) != (self.size, self.mtime_ns):
            raise InputError(f"{display}: changed on disk while it was being cleaned; not overwritten")


def open_folder(path: str) -> int:
    """A descriptor of the folder ``path``: the names written in it are looked up relative to
    it, so a folder renamed or swapped for a symlink meanwhile changes nothing."""
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)


def lstat(folder: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None


_SIGNALS = {signal.SIGINT, signal.SIGTERM}
LIVE_TEMPS: set[tuple[int, str]] = set()  # (folder, name) of temporary files not yet renamed or removed
_UMASK: list[int] = []


def _umask() -> int:
    if not _UMASK:
        _UMASK.append(os.umask(0))
        os.umask(_UMASK[0])
    return _UMASK[0]


class AtomicWriter:
    """Replaces the file ``name`` of the open ``folder`` all at once: a temporary file beside it,
    then a rename, both relative to the folder's descriptor (no name is looked up twice).

    The file's permission bits (and owner, where allowed) are kept. With ``expect``, a file
    that changed or was replaced since it was read is not overwritten (checked right before
    the rename). Ctrl-C or SIGTERM cannot leave the temporary file behind: they are held while
    it is created and while it is renamed. The caller keeps ``folder`` open until commit or
    discard, and closes it.
    """

    def __init__(self, folder: int, name: str, display: str, expect: Read | None = None, durable: bool = True) -> None:
        self.folder, self.name, self.display, self.expect, self.durable = folder, name, display, expect, durable
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            remove_stale_temps(folder)
            self.tmp, fd = _create_temp(folder, name)
            self.fh = os.fdopen(fd, "wb")
            LIVE_TEMPS.add((folder, self.tmp))  # removed by remove_live_temps() if Ctrl-C lands in between
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
            fd = self.fh.fileno()
            st = lstat(self.folder, self.name)
            if st is not None and stat.S_ISREG(st.st_mode):
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
                try:
                    os.fchown(fd, st.st_uid, st.st_gid)
                except OSError:
                    pass
            else:
                os.fchmod(fd, 0o666 & ~_umask())
            if self.durable:  # an in-place write replaces the only copy: on disk before the rename
                os.fsync(fd)
            self.fh.close()
            if self.expect is not None:
                self.expect.check(lstat(self.folder, self.name), self.display)
            os.replace(self.tmp, self.name, src_dir_fd=self.folder, dst_dir_fd=self.folder)
            LIVE_TEMPS.discard((self.folder, self.tmp))
        except BaseException:
            self.discard()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
        if self.expect is not None:
            self._carry_late_writes(self.expect)

    def _carry_late_writes(self, expect: Read) -> None:
        """Bytes another process appended to the old file between the last check and the
        rename went to the file just replaced: they are added, as written, to the new one."""
        if expect.fd is None or (grown := os.fstat(expect.fd).st_size) <= expect.size:
            return
        fd = os.open(self.name, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.folder)
        with os.fdopen(fd, "wb") as out:
            for offset in range(expect.size, grown, 1 << 20):
                out.write(os.pread(expect.fd, min(1 << 20, grown - offset), offset))
        raise InputError(f"{self.display}: written to while it was replaced: the {grown - expect.size} bytes "
                         "written meanwhile were added at its end as they were (not cleaned)")

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp, dir_fd=self.folder)
        except OSError:
            pass
        LIVE_TEMPS.discard((self.folder, self.tmp))


def _create_temp(folder: int, name: str) -> tuple[str, int]:
    """A new temporary file beside ``name`` (never an existing name, never through a link)."""
    import secrets

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        tmp = f"{temp_prefix(name)}{secrets.token_hex(4)}{TMP_SUFFIX}"
        try:
            return tmp, os.open(tmp, flags, 0o600, dir_fd=folder)
        except FileExistsError:
            continue


def target_folder(path: str) -> tuple[int, str]:
    """The open folder of the file ``path`` names (a symlink's target: the link stays) and the
    file's name in it. The caller closes the descriptor."""
    target = os.path.realpath(path)
    return open_folder(os.path.dirname(target)), os.path.basename(target)


def in_place(path: str, data: bytes, expect: Read) -> None:
    """Replace the file ``path`` names with ``data``, atomically, unless it changed since it
    was read (``expect``)."""
    folder, name = target_folder(path)
    try:
        _write_whole(folder, name, path, data, expect, durable=True)
    finally:
        os.close(folder)


def _write_whole(folder: int, name: str, display: str, data: bytes, expect: Read | None, durable: bool) -> None:
    """One AtomicWriter from start to end, with Ctrl-C and SIGTERM held throughout: the whole
    write is short, and no moment is left where an interruption could strand the temporary file."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        writer = AtomicWriter(folder, name, display, expect, durable)
        writer.write(data)
        writer.commit()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def remove_live_temps() -> None:
    """Remove temporary files of writes an interruption cut short (streamed large files)."""
    for folder, tmp in list(LIVE_TEMPS):
        try:
            os.unlink(tmp, dir_fd=folder)
        except OSError:
            pass
        LIVE_TEMPS.discard((folder, tmp))


_MADE_ROOTS: set[str] = set()


def output_folder(out_root: str, rel: str) -> tuple[int, str]:
    """The open folder of ``out_root/rel`` and the file's name in it. Each folder on the way is
    opened relative to the one before without following links (and made when missing), so a
    symlink in the output tree, there before or put there mid-run, is refused, never followed.
    The caller closes the descriptor."""
    parts = rel.split("/")
    if rel.startswith("/") or ".." in parts:
        raise InputError(f"{rel}: output path would leave the output folder")
    key = os.path.abspath(out_root)  # the working folder may change (a library's caller)
    if key not in _MADE_ROOTS:
        os.makedirs(out_root, exist_ok=True)
        _MADE_ROOTS.add(key)
    folder = open_folder(out_root)
    for part in parts[:-1]:
        if part in ("", "."):
            continue
        try:
            inner = _subfolder(folder, part, out_root, rel)
        finally:
            os.close(folder)
        folder = inner
    return folder, parts[-1]


def _subfolder(folder: int, part: str, out_root: str, rel: str) -> int:
    """The subfolder ``part`` of ``folder`` (made if missing), opened without following a link."""
    import errno

    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        try:
            inner = os.open(part, flags, dir_fd=folder)
        except FileNotFoundError:
            try:
                os.mkdir(part, 0o777, dir_fd=folder)
            except FileExistsError:
                pass
            inner = os.open(part, flags, dir_fd=folder)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise InputError(f"{os.path.join(out_root, rel)}: output path would leave the output folder (symlink)") from None
        raise
    return inner


def write_output(out_root: str, rel: str, data: bytes) -> None:
    """Write ``data`` to ``out_root/rel`` unless that file already holds exactly ``data``."""
    folder, name = output_folder(out_root, rel)
    dest = os.path.join(out_root, rel)
    try:
        try:
            _write_new(folder, name, data)  # a fresh output folder: nothing there yet, one system call
            return
        except FileExistsError:
            pass
        st = existing_output(folder, name, dest)
        if st is not None and st.st_size == len(data):
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
            with os.fdopen(fd, "rb") as fh:
                if fh.read() == data:
                    return
        _write_whole(folder, name, dest, data, None, durable=False)  # a copy: the input stays, so no fsync
    finally:
        os.close(folder)


def existing_output(folder: int, name: str, dest: str) -> os.stat_result | None:
    """What stands at an output's name already (None: nothing); InputError for a symlink or
    anything but a file: an output is never written through a link."""
    st = lstat(folder, name)
    if st is not None and not stat.S_ISREG(st.st_mode):
        what = "a symlink" if stat.S_ISLNK(st.st_mode) else "not a file"
        raise InputError(f"{dest}: output path is {what}; not written")
    return st


def _write_new(folder: int, name: str, data: bytes) -> None:
    """Create ``name`` (it must not exist) holding ``data``: one file creation instead of a
    temporary file and a rename, which halves the cost of filling an output folder. Signals
    are held meanwhile, so an interrupted batch leaves no half-written output."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=folder)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except BaseException:
            os.close(fd)
            os.unlink(name, dir_fd=folder)
            raise
        os.close(fd)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
