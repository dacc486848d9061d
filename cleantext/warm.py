"""A warm helper for the worker pool, forked at start-up; and the process plumbing they share.

A worker's first files cost it ~40 ms more than the rest: importing ftfy, compiling the
chain's patterns. When the arguments name a folder run, cli.main forks this helper before it
even imports click (start_helper): the helper warms up on another core while the command
line is parsed, the configuration read and the folders walked. The pool (concurrency.py)
then sends it, once, what forked workers would inherit (the settings, the work items, the
file list), and the helper forks the workers: they start warm, and the warm-up is done once
instead of once per worker. Their pipes are made before the helper is forked, so they
connect the workers to the command's own process; the helper only reaps them and reports
how each one ended. A helper no pool takes is killed at exit.

This module is imported before click: it imports nothing but os and signal at its top.
"""
from __future__ import annotations

import os
import signal

SIGNALS = {signal.SIGINT, signal.SIGTERM}
HEAD = 8  # bytes of a message's length prefix
MAX_FILES = 20_000  # files: sending the helper their list costs ~0.7 us each (pickled here,
#                     unpickled there, both before any worker starts), 14 ms at this size; the
#                     warm start saves ~20-25 ms. Above it the pool forks its own workers.
_WARM_TEXT = "It\u00e2s  a [ad_1] \u00e2Test\u00e2 caf\u00c3\u00a9\u00a0ol\u00e9.\n\n\n\nAdvertisement\n"

_HELPER: Helper | None = None  # forked by start_helper(), not yet taken by a pool
_STOPPING = None  # a shared byte: set, workers start no new work item (made before any fork)


def start_helper(slots: int) -> None:
    """Fork the warm helper, with pipes for up to ``slots`` workers."""
    global _HELPER
    import atexit

    try:
        _HELPER = Helper(slots)
    except OSError:
        return  # too many processes or files, say: the pool forks its own workers, or says why not
    atexit.register(dismiss_helper)


def take_helper() -> Helper | None:
    """The helper, for a pool to use; None if there is none (or it was taken)."""
    global _HELPER
    helper, _HELPER = _HELPER, None
    return helper


def dismiss_helper() -> None:
    """Kill the helper if no pool took it: it holds nothing but a warm start."""
    helper = take_helper()
    if helper is not None:
        helper.dismiss()


class Helper:
    def __init__(self, slots: int) -> None:
        made: list[int] = []
        try:
            self.slots = []  # (task_r, task_w, result_r, result_w) per worker it may fork
            for _ in range(slots):
                task, result = os.pipe(), os.pipe()
                made += [*task, *result]
                self.slots.append((*task, *result))
            job_r, self.job = os.pipe()
            made += [job_r, self.job]
            self.status, status_w = os.pipe()
            made += [self.status, status_w]
            ours = [self.job, self.status] + [fd for s in self.slots for fd in (s[1], s[2])]
            self.pid = spawn(lambda: self._serve(job_r, status_w), close=ours)
        except OSError:
            for fd in made:
                os.close(fd)
            raise
        os.close(job_r)
        os.close(status_w)
        for _, _, _, result_w in self.slots:
            os.close(result_w)  # the worker's end: its results end when it does
        self.ended: dict[int, int] = {}  # slot -> wait status, as the helper reported them

    def fork_workers(self, count: int, job: tuple) -> list[tuple[int, int, int, int]]:
        """Have the helper fork ``count`` workers (at most one per slot) for ``job`` (settings,
        work items, columns(files)); their pipes' ends here, (slot, task_w, task_r, result_r)
        each; none if the helper is gone."""
        import pickle

        count = min(count, len(self.slots))
        try:  # nobody else reads this pipe: if the helper died, this fails instead of waiting
            send(self.job, pickle.dumps((count, *job), pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:
            count = 0
        finally:
            os.close(self.job)
            self.job = -1
        ends = [(slot, task_w, task_r, result_r) for slot, (task_r, task_w, result_r, _) in enumerate(self.slots[:count])]
        for task_r, task_w, result_r, _ in self.slots[count:]:
            for fd in (task_r, task_w, result_r):
                os.close(fd)
        self.slots = []
        return ends

    def ended_how(self, slot: int) -> int | None:
        """The wait status of the worker in ``slot``, which has exited; None if the helper died
        before it could say."""
        while slot not in self.ended:
            record = read_exact(self.status, 8)
            if len(record) < 8:
                return None
            self.ended[int.from_bytes(record[:4], "little")] = int.from_bytes(record[4:], "little", signed=True)
        return self.ended[slot]

    def finish(self) -> None:
        """Wait for the helper, which exits when the last of its workers has."""
        os.waitpid(self.pid, 0)
        os.close(self.status)

    def dismiss(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        for fd in [self.job, self.status] + [fd for s in self.slots for fd in s[:3]]:
            if fd >= 0:
                os.close(fd)
        self.slots, self.job = [], -1

    # ------------------------------------------------------------ in the helper process

    def _serve(self, job_r: int, status_w: int) -> None:
        import pickle

        from cleantext.concurrency import batches_of, serve
        from cleantext.registry import DEFAULT_CHAIN
        from cleantext.runner import Mode, Settings, pipeline_for

        try:
            pipeline_for(Settings(Mode.CHECK, DEFAULT_CHAIN))(_WARM_TEXT)
        except Exception:
            pass  # whatever failed fails again in the workers, with the real chain, and is reported
        head = read_exact(job_r, HEAD)
        if len(head) < HEAD:
            os._exit(0)  # no pool came
        count, settings, items, columns = pickle.loads(read_exact(job_r, int.from_bytes(head, "little")))
        os.close(job_r)
        batch = batches_of(items, columns)
        children: dict[int, int] = {}
        for slot, (task_r, _, _, result_w) in enumerate(self.slots):
            if slot < count:
                later = [fd for s in self.slots[slot + 1 :] for fd in (s[0], s[3])]
                work = lambda r=task_r, w=result_w: serve(r, w, settings, batch)  # noqa: E731
                children[spawn(work, close=[status_w, *later])] = slot
            os.close(task_r)
            os.close(result_w)
        while children:
            pid, status = os.wait()
            if pid in children:
                os.write(status_w, children.pop(pid).to_bytes(4, "little") + status.to_bytes(4, "little", signed=True))
        os._exit(0)


# ---------------------------------------------------------------- shared with the pool


def stopping():
    """The byte the pool sets to tell every worker to start no new work item."""
    global _STOPPING
    if _STOPPING is None:
        import mmap

        _STOPPING = mmap.mmap(-1, 1)
    return _STOPPING


def spawn(run, close: list[int]) -> int:
    """Fork a process that closes ``close`` and calls ``run()``; its pid."""
    stopping()  # made before the fork: shared with the child
    # The child starts with Ctrl-C and SIGTERM blocked, and ignores them before unblocking:
    # a Ctrl-C sent to the whole process group cannot cut one of its writes.
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        pid = os.fork()
        if pid == 0:
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
                for fd in close:  # pipes that must close when their other holders close them
                    os.close(fd)
                run()
            finally:
                os._exit(1)
        return pid
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def send(fd: int, payload: bytes) -> None:
    """``payload`` with its length before it."""
    view = memoryview(len(payload).to_bytes(HEAD, "little") + payload)
    while view:
        view = view[os.write(fd, view) :]


def read_exact(fd: int, size: int) -> bytes:
    """``size`` bytes from ``fd``, or fewer if it ends first."""
    parts, got = [], 0
    while got < size:
        chunk = os.read(fd, min(size - got, 1 << 20))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)
