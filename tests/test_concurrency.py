"""The worker pools give exactly what cleaning the files one by one gives, in input order."""
from __future__ import annotations

import os
import signal

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


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory):  # big enough that a worker killed after the first item had more to do
    return _folder_of(tmp_path_factory, 10, 6)


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


def test_a_killed_worker_is_named_with_its_signal_and_costs_only_its_batch(big_folder):
    """SIGKILL a worker mid-run. A kill that lands between two work items costs nothing (on a
    loaded machine, the worker may have done all it was given), so the run is tried up to
    five times for one that cost a batch."""
    sources = _sources(big_folder)
    settings = Settings(Mode.CHECK, DEFAULT_CHAIN)
    costs: list[int] = []
    serial: list = []
    for _ in range(5):  # before cleaning anything here: forked workers would inherit warm caches
        pool = concurrency._ForkedPool(sources, settings, 2)
        outcomes = pool.outcomes()
        got = [next(outcomes)]
        assert len(pool.workers) == 2
        os.kill(pool.workers[0].pid, signal.SIGKILL)
        got += outcomes
        serial = serial or [process(s, settings) for s in sources]
        failed = [o for o, s in zip(got, serial) if o != s]
        assert len(failed) <= max(b - a for a, b in concurrency.batches(len(sources), 2))
        for o in failed:
            assert o.status is Status.FAILED and o.message.endswith("died (killed by signal 9)"), o.message
        costs.append(len(failed))
        if failed:
            break
    assert max(costs) > 0, costs
