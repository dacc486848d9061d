"""Where there is no fork (Windows): concurrent.futures' pool of spawned workers, each given the
list of files once; work items are the same index ranges as the forked pool's."""
from __future__ import annotations

import signal
from collections.abc import Iterator

from cleantext.concurrency import batches
from cleantext.discovery import Source
from cleantext.mode import Settings
from cleantext.process import pipeline_for, process
from cleantext.report import Outcome

_SETTINGS: Settings | None = None
_SOURCES: list[Source] = []


def _init_worker(settings: Settings, sources: list[Source]) -> None:
    global _SETTINGS, _SOURCES
    _SETTINGS, _SOURCES = settings, sources
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    pipeline_for(settings)


def _process_batch(start: int, stop: int) -> list[Outcome]:
    assert _SETTINGS is not None
    return [process(source, _SETTINGS) for source in _SOURCES[start:stop]]


def run_spawned(sources: list[Source], settings: Settings, jobs: int) -> Iterator[Outcome]:
    """The same with concurrent.futures' pool of spawned workers (each gets the file list once)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(settings, sources))
    try:
        futures = [pool.submit(_process_batch, *b) for b in batches(len(sources), jobs)]
        for fut in futures:
            yield from fut.result()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
