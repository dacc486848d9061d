"""A pool of forked workers for the main process's in-order work: the pieces of one streamed
input (:mod:`cleantext.pieces`), the records of one dataset (:mod:`cleantext.fields`).

Each worker leaves Ctrl-C to the parent, which decides when to stop, and finds what it was set
up with in :data:`SETUP`: inherited through the fork, not pickled.
"""
from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

SETUP: dict[str, Any] = {}


def forked_pool(jobs: int, **setup: Any) -> ProcessPoolExecutor:
    """``jobs`` forked workers, each with ``setup`` in SETUP."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init, initargs=(setup,))


def _init(setup: dict[str, Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    SETUP.update(setup)
