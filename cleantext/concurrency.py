"""Clean many files on several cores. Imported only when a batch is big enough to pay for workers.

Where the system can fork (Linux, macOS, the BSDs) the workers are forked children fed through
pipes: they inherit the chain, the settings and the list of files, so a work item is the index
of a range of files and a result is the pickled outcomes of that range. (concurrent.futures'
pool does the same job, but its import and its feeder threads cost the parent's CPU more than
this module; the benchmark's -j 2 rows show it.) Where there is no fork (Windows) that pool
runs with spawned workers: :mod:`cleantext.spawned`.

Results come back in input order. On Ctrl-C or SIGTERM no new batch is started, the ones in
flight finish (each write is atomic anyway), and the interruption is re-raised. A worker that
dies (killed, out of memory) costs only the batch it was cleaning: those files are reported as
failed, each by name, and a new worker takes over the rest.
"""
from __future__ import annotations

import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator

from cleantext.discovery import Source
from cleantext.errors import WorkerError
from cleantext.mode import Settings
from cleantext.process import pipeline_for, process
from cleantext.report import Outcome, Status

SIGNALS = {signal.SIGINT, signal.SIGTERM}
_HEAD = 8  # bytes of a result message's length prefix
_TASK = 4  # bytes of a task (the index of a work item); a pipe moves writes this small whole
_AHEAD = 2  # work items held by each worker: the next one is there when it finishes one
_READ = 1 << 16  # bytes per read of results: a pipe's capacity (a larger buffer costs the
#                  parent a fresh memory mapping per read)
_STOPPING = None  # a shared byte: set, workers start no new work item (made before any fork)


def batches(count: int, jobs: int, size: int = 128) -> list[tuple[int, int]]:
    """Work items, as index ranges, of up to ``size`` files (each costs the pool a round trip),
    at least four per worker."""
    size = max(1, min(size, count // (jobs * 4) or 1))
    return [(i, min(i + size, count)) for i in range(0, count, size)]


def run_parallel(sources: list[Source], settings: Settings, jobs: int) -> Iterator[Outcome]:
    """The outcomes of ``sources`` in order, cleaned by ``jobs`` forked workers (no fork, as
    on Windows: :func:`cleantext.spawned.run_spawned`)."""
    return _ForkedPool(sources, settings, jobs).outcomes()


STOP_WAIT = 10.0  # seconds an interrupted batch waits for its workers' current files


def _reaped(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


def _drain(fd: int) -> None:
    try:
        while os.read(fd, _READ):
            pass
    except BlockingIOError:
        pass


def stopping():
    """The byte the pool sets to tell every worker to start no new work item."""
    global _STOPPING
    if _STOPPING is None:
        import mmap

        _STOPPING = mmap.mmap(-1, 1)
    return _STOPPING


def spawn(run: Callable[[], None], close: list[int]) -> int:
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
    view = memoryview(len(payload).to_bytes(_HEAD, "little") + payload)
    while view:
        view = view[os.write(fd, view) :]


# ---------------------------------------------------------------- the pool


class _Worker:
    __slots__ = ("pid", "tasks", "taken", "results", "held", "buffer", "served")

    def __init__(self, pid: int, tasks: int, taken: int, results: int) -> None:
        self.pid = pid
        self.tasks, self.taken = tasks, taken  # both ends of its task pipe (see _lost)
        self.results = results
        self.held: deque[int] = deque()  # items sent, oldest first: the first is in its hands
        self.buffer = bytearray()
        self.served = False  # has sent a result


class _ForkedPool:
    def __init__(self, sources: list[Source], settings: Settings, jobs: int) -> None:
        import selectors

        self.sources, self.settings = sources, settings
        self.items = batches(len(sources), jobs)
        self.todo = deque(range(len(self.items)))
        self.workers: list[_Worker] = []
        self.selector = selectors.DefaultSelector()
        self.stopping = stopping()
        self.stopping[0] = 0
        self.jobs = min(jobs, len(self.items))

    def outcomes(self) -> Iterator[Outcome]:
        done: dict[int, list[Outcome]] = {}
        try:
            while len(self.workers) < self.jobs:
                self._start()
            for index in range(len(self.items)):
                while index not in done:
                    if not self.workers:  # cannot happen; but never wait on nobody
                        raise WorkerError(f"no worker left for work item {index}")
                    for key, _ in self.selector.select():
                        self._receive(key.data, done)
                yield from done.pop(index)
        finally:
            self._stop()

    # ------------------------------------------------------------ the parent's side

    def _start(self) -> None:
        """Fork a worker and enlist it, with Ctrl-C held: a worker forked but not yet enlisted
        would not be waited for."""
        old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        try:
            self._fork_and_enlist()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def _fork_and_enlist(self) -> None:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        others = [fd for w in self.workers for fd in (w.tasks, w.taken, w.results) if fd >= 0]
        try:
            pid = spawn(lambda: self._child(task_r, result_w), close=[task_w, result_r, *others])
        except OSError:  # too many processes, say: said as an error, nothing left open
            for fd in (task_r, task_w, result_r, result_w):
                os.close(fd)
            raise
        os.close(result_w)
        self._enlist(_Worker(pid, task_w, task_r, result_r))

    def _enlist(self, worker: _Worker) -> None:
        self.workers.append(worker)
        self.selector.register(worker.results, 1, worker)  # 1: EVENT_READ
        for _ in range(_AHEAD):
            self._feed(worker)

    def _feed(self, worker: _Worker) -> None:
        if self.todo:
            index = self.todo.popleft()
            os.write(worker.tasks, index.to_bytes(_TASK, "little"))
            worker.held.append(index)

    def _receive(self, worker: _Worker, done: dict[int, list[Outcome]]) -> None:
        chunk = os.read(worker.results, _READ)
        if not chunk:
            self._lost(worker, done)
            return
        buf = worker.buffer
        buf += chunk
        while len(buf) >= _HEAD:
            end = _HEAD + int.from_bytes(buf[:_HEAD], "little")
            if len(buf) < end:
                break
            blob = bytes(buf[_HEAD:end])
            del buf[:end]
            index = int.from_bytes(blob[:_TASK], "little", signed=True)
            if index < 0:  # the worker failed outside any one file, and has exited
                raise WorkerError(blob[_TASK:].decode("utf-8", "replace"))
            worker.held.remove(index)
            worker.served = True
            self._feed(worker)  # before unpickling: the worker should not wait for us
            done[index] = pickle.loads(blob[_TASK:])

    def _take_back(self, worker: _Worker) -> list[int]:
        """The tasks sent to ``worker`` that it did not start, taken from its pipe (it has
        exited: while it runs, the pipe's one file description is shared with it)."""
        os.set_blocking(worker.taken, False)
        data = b""
        try:
            while chunk := os.read(worker.taken, 4096):
                data += chunk
        except BlockingIOError:
            pass
        back = [int.from_bytes(data[i : i + _TASK], "little") for i in range(0, len(data), _TASK)]
        for index in back:
            worker.held.remove(index)
        return back

    def _lost(self, worker: _Worker, done: dict[int, list[Outcome]]) -> None:
        """``worker`` died without a word: fail the batch it was cleaning, give the rest to a
        new worker."""
        status = os.waitpid(worker.pid, 0)[1]
        worker.pid = 0
        if os.WIFSIGNALED(status):
            how = f"killed by signal {os.WTERMSIG(status)}"
        else:
            how = f"exit status {os.waitstatus_to_exitcode(status)}"
        self.todo.extendleft(reversed(self._take_back(worker)))
        self._close(worker)
        if not worker.held and not worker.served:  # a new one would die the same way
            raise WorkerError(f"a worker process died before it cleaned any file ({how})")
        for index in worker.held:  # the one it was cleaning
            start, stop = self.items[index]
            done[index] = [
                Outcome(s.display, Status.FAILED, f"{s.display}: may not be cleaned: the worker process cleaning it died ({how})")
                for s in self.sources[start:stop]
            ]
        if self.todo:
            self._start()

    def _close(self, worker: _Worker) -> None:
        self.selector.unregister(worker.results)
        self.workers.remove(worker)
        for fd in (worker.tasks, worker.taken, worker.results):
            os.close(fd)

    def _stop(self) -> None:
        """No new work; let each worker finish the item in its hands and exit. A second Ctrl-C
        or SIGTERM waits until then (no worker outlives the command), up to STOP_WAIT seconds:
        a worker still busy after that is killed."""
        old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        try:
            self.stopping[0] = 1
            for worker in self.workers:
                os.close(worker.tasks)
                worker.tasks = -1
            deadline = time.monotonic() + STOP_WAIT
            for worker in list(self.workers):
                os.set_blocking(worker.results, False)
                while worker.pid > 0 and not _reaped(worker.pid):
                    _drain(worker.results)  # results nobody will read: only so the worker is never stuck writing
                    if time.monotonic() > deadline:
                        os.kill(worker.pid, signal.SIGKILL)
                    time.sleep(0.005)
                self.selector.unregister(worker.results)
                self.workers.remove(worker)
                os.close(worker.taken)
                os.close(worker.results)
            self.selector.close()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    def _child(self, task_r: int, result_w: int) -> None:
        self.selector.close()

        def batch(index: int) -> list[Source]:
            start, stop = self.items[index]
            return self.sources[start:stop]

        serve(task_r, result_w, self.settings, batch)


# ---------------------------------------------------------------- in the worker processes


def serve(task_r: int, result_w: int, settings: Settings, batch: Callable[[int], list[Source]]) -> None:
    """A worker's life: clean the files of each work item read, send back their outcomes."""
    stop = stopping()
    try:
        pipeline_for(settings)
        while (task := os.read(task_r, _TASK)) and not stop[0]:
            index = int.from_bytes(task, "little")
            outcomes = [process(source, settings) for source in batch(index)]
            send(result_w, index.to_bytes(_TASK, "little") + pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:  # a bug: say what it was, then exit
        message = f"a worker process failed: {type(exc).__name__}: {exc}"
        if os.environ.get("CLEANTEXT_DEBUG"):
            import traceback

            message += "\n" + traceback.format_exc()
        try:
            send(result_w, (-1).to_bytes(_TASK, "little", signed=True) + message.encode())
        except OSError:
            pass
        os._exit(1)
    os._exit(0)
