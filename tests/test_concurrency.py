"""The worker pools give exactly what cleaning the files one by one gives, in input order."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from bench.corpus import make_folder
from cleantext import concurrency, spawned
from cleantext.discovery import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, Selection, discover
from cleantext.mode import Mode, Settings
from cleantext.process import process
from cleantext.registry import DEFAULT_CHAIN
from cleantext.report import Status


def _folder_of(tmp_path_factory, mb: int, seed: int):
    root = tmp_path_factory.mktemp("pool")
    make_folder(str(root / "in"), mb=mb, seed=seed)
    return root


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return _folder_of(tmp_path_factory, 1, 5)


def _sources(folder):
    return discover([str(folder / "in")], Selection(DEFAULT_INCLUDE, DEFAULT_EXCLUDE), None, [])


@pytest.mark.parametrize("pool", ["forked", "spawned"])
def test_pools_match_one_by_one(folder, tmp_path, pool):
    sources = _sources(folder)
    assert len(sources) > 50
    serial = [process(s, Settings(Mode.OUTPUT_DIR, DEFAULT_CHAIN, output_dir=str(tmp_path / "serial"))) for s in sources]
    settings = Settings(Mode.OUTPUT_DIR, DEFAULT_CHAIN, output_dir=str(tmp_path / pool))
    run = concurrency.run_parallel if pool == "forked" else spawned.run_spawned
    parallel = list(run(sources, settings, 2))
    assert parallel == serial
    for s in sources:
        assert (tmp_path / pool / s.rel).read_bytes() == (tmp_path / "serial" / s.rel).read_bytes()


@pytest.mark.parametrize("jobs", [2, 3])
def test_check_with_diffs_matches_one_by_one(folder, jobs):
    sources = _sources(folder)
    settings = Settings(Mode.DIFF, DEFAULT_CHAIN, explain=True)
    serial = [process(s, settings) for s in sources]
    assert sum(o.diff is not None for o in serial) > 10
    assert list(concurrency.run_parallel(sources, settings, jobs)) == serial


@pytest.mark.parametrize("count,jobs", [(1, 2), (8, 2), (100, 3), (4443, 2), (100_000, 16)])
def test_batches_cover_every_file_once(count, jobs):
    items = concurrency.batches(count, jobs)
    assert [i for a, b in items for i in range(a, b)] == list(range(count))
    assert len(items) >= min(count, 4 * jobs) and max(b - a for a, b in items) <= 128


def test_a_killed_worker_is_named_with_its_signal_and_costs_only_its_batch(folder, tmp_path, monkeypatch):
    """SIGKILL a worker from outside while it cleans a file: the workers are forked from here,
    so they clean with a ``process`` that, for one file, says which process it is and waits.
    Only that file's batch is lost, each of its files named with the signal; the rest come
    out as one by one. (Killed at a moment of its own choosing, a worker had often done all it
    was given: the kill then cost nothing and the test could not tell.)"""
    sources = _sources(folder)
    settings = Settings(Mode.CHECK, DEFAULT_CHAIN)
    serial = [process(s, settings) for s in sources]
    stuck = sources[len(sources) // 2].rel
    ready = tmp_path / "ready"

    def waiting(source, settings):
        if source.rel == stuck:
            (tmp_path / "pid").write_text(str(os.getpid()))
            os.replace(tmp_path / "pid", ready)
            time.sleep(120)
        return process(source, settings)

    def kill_when_ready():
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(int(ready.read_text()), signal.SIGKILL)

    monkeypatch.setattr(concurrency, "process", waiting)
    killer = threading.Thread(target=kill_when_ready)
    killer.start()
    got = list(concurrency._ForkedPool(sources, settings, 2).outcomes())
    killer.join()
    failed = [s.rel for o, one, s in zip(got, serial, sources) if o != one]
    assert stuck in failed and len(failed) <= max(b - a for a, b in concurrency.batches(len(sources), 2))
    for o, s in zip(got, sources):
        if s.rel in failed:
            assert o.status is Status.FAILED and o.message.endswith("died (killed by signal 9)"), o.message
