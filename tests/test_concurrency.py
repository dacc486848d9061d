"""The worker pools give exactly what cleaning the files one by one gives, in input order."""
from __future__ import annotations

import os
import signal
import subprocess

import pytest

from bench.corpus import make_folder
from cleantext import concurrency, warm
from cleantext.files import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, Selection, discover
from cleantext.registry import DEFAULT_CHAIN
from cleantext.report import Status
from cleantext.runner import Mode, Settings, process


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
    run = concurrency.run_parallel if pool == "forked" else concurrency.run_spawned
    parallel = list(run(sources, settings, 2))
    assert parallel == serial
    for s in sources:
        assert (tmp_path / pool / s.rel).read_bytes() == (tmp_path / "serial" / s.rel).read_bytes()


@pytest.mark.parametrize("jobs", [2, 3])
def test_check_with_diffs_matches_one_by_one(folder, jobs):
    sources = _sources(folder)
    settings = Settings(Mode.CHECK, DEFAULT_CHAIN, diff=True, explain=True)
    serial = [process(s, settings) for s in sources]
    assert sum(o.diff is not None for o in serial) > 10
    assert list(concurrency.run_parallel(sources, settings, jobs)) == serial


@pytest.mark.parametrize("count,jobs", [(1, 2), (8, 2), (100, 3), (4443, 2), (100_000, 16)])
def test_batches_cover_every_file_once(count, jobs):
    items = concurrency.batches(count, jobs)
    assert [i for a, b in items for i in range(a, b)] == list(range(count))
    assert len(items) >= min(count, 4 * jobs) and max(b - a for a, b in items) <= 128


def test_the_helpers_workers_give_the_same(folder, tmp_path):
    sources = _sources(folder)
    serial = [process(s, Settings(Mode.OUTPUT_DIR, DEFAULT_CHAIN, output_dir=str(tmp_path / "serial"))) for s in sources]
    warm.start_helper(2)
    pool = concurrency._ForkedPool(sources, Settings(Mode.OUTPUT_DIR, DEFAULT_CHAIN, output_dir=str(tmp_path / "warm")), 2)
    outcomes = pool.outcomes()
    first = next(outcomes)
    assert [w.pid for w in pool.workers] == [-1, -1]  # forked by the helper
    assert [first, *outcomes] == serial
    for s in sources:
        assert (tmp_path / "warm" / s.rel).read_bytes() == (tmp_path / "serial" / s.rel).read_bytes()


@pytest.mark.parametrize("when", ["before the job", "during the run"])
def test_a_helper_that_died_costs_nothing(folder, when):
    sources = _sources(folder)
    settings = Settings(Mode.CHECK, DEFAULT_CHAIN, diff=True)
    serial = [process(s, settings) for s in sources]
    warm.start_helper(2)
    helper = warm._HELPER
    if when == "before the job":
        os.kill(helper.pid, signal.SIGKILL)
        os.waitid(os.P_PID, helper.pid, os.WEXITED | os.WNOWAIT)  # dead, not yet reaped
    pool = concurrency._ForkedPool(sources, settings, 2)
    outcomes = pool.outcomes()
    first = next(outcomes)
    if when == "during the run":
        assert [w.pid for w in pool.workers] == [-1, -1]
        os.kill(helper.pid, signal.SIGKILL)  # its workers go on: their pipes lead here
    else:
        assert len(pool.workers) == 2 and all(w.pid > 0 for w in pool.workers)  # forked here instead
    assert [first, *outcomes] == serial


def test_a_helper_no_pool_takes_is_dismissed():
    warm.start_helper(2)
    pid = warm._HELPER.pid
    warm.dismiss_helper()
    assert warm._HELPER is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left


def test_above_its_limit_the_helper_is_let_go(folder, monkeypatch):
    """Sending a long file list to the helper would cost more than its warm start saves."""
    sources = _sources(folder)
    settings = Settings(Mode.CHECK, DEFAULT_CHAIN)
    monkeypatch.setattr(warm, "MAX_FILES", len(sources) - 1)
    warm.start_helper(2)
    pid = warm._HELPER.pid
    pool = concurrency._ForkedPool(sources, settings, 2)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped
    outcomes = pool.outcomes()
    first = next(outcomes)
    assert len(pool.workers) == 2 and all(w.pid > 0 for w in pool.workers)
    assert [first, *outcomes] == [process(s, settings) for s in sources]


def test_a_pool_wanting_more_workers_than_the_helper_has_forks_the_rest(folder):
    sources = _sources(folder)
    settings = Settings(Mode.CHECK, DEFAULT_CHAIN, diff=True)
    warm.start_helper(1)
    pool = concurrency._ForkedPool(sources, settings, 3)
    outcomes = pool.outcomes()
    first = next(outcomes)
    assert sorted(w.pid > 0 for w in pool.workers) == [False, True, True]
    assert [first, *outcomes] == [process(s, settings) for s in sources]


def test_a_killed_worker_of_the_helper_is_named_with_its_signal(big_folder):
    """The helper, not this process, is the parent of its workers: it reports how they ended."""
    sources = _sources(big_folder)
    settings = Settings(Mode.CHECK, DEFAULT_CHAIN)
    warm.start_helper(2)
    helper = warm._HELPER
    pool = concurrency._ForkedPool(sources, settings, 2)
    outcomes = pool.outcomes()
    got = [next(outcomes)]
    children = subprocess.run(["pgrep", "-P", str(helper.pid)], capture_output=True, text=True).stdout.split()
    assert len(children) == 2
    os.kill(int(children[0]), signal.SIGKILL)
    got += outcomes
    serial = [process(s, settings) for s in sources]
    failed = [o for o, s in zip(got, serial) if o != s]
    assert 0 < len(failed) <= max(b - a for a, b in concurrency.batches(len(sources), 2))
    for o in failed:
        assert o.status is Status.FAILED and o.message.endswith("died (killed by signal 9)"), o.message
