"""Our temporary files: their names, and the sweep that removes those whose writer is dead
(a run killed by SIGKILL or a crash), never one that another live run is writing."""
from __future__ import annotations

import os
import re

TMP_SUFFIX = ".cleantext-tmp"
# ".NAME.PID.XXXXXXXX.cleantext-tmp": the writer's process id, so that a later run can tell a
# temporary file whose writer was killed (SIGKILL, a crash) from one still being written.
_TEMP_RE = re.compile(r"^\..*\.(\d+)\.[a-z0-9_]{8}" + re.escape(TMP_SUFFIX) + "$", re.DOTALL)
_SWEPT: set[tuple[int, int]] = set()


def temp_prefix(name: str) -> str:
    """``.NAME.PID.`` with NAME cut so that the whole temporary name fits in 255 bytes."""
    short = os.fsencode(name)[:160].decode("utf-8", "ignore") if len(os.fsencode(name)) > 160 else name
    return f".{short}.{os.getpid()}."


def remove_stale_temps(folder: int) -> None:
    """Remove our temporary files in the open ``folder`` whose writing process is gone (once per
    folder and process): another run's file in progress has a live process and stays."""
    try:
        st = os.fstat(folder)
        key = (st.st_dev, st.st_ino)
        if key in _SWEPT:
            return
        _SWEPT.add(key)
        names = [e.name for e in os.scandir(folder) if e.name.endswith(TMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        m = _TEMP_RE.match(name)
        if m is None or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
            continue
        try:
            os.unlink(name, dir_fd=folder)
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
